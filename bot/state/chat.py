"""What the bot remembers of one chat between messages."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class ChatState:
    """What the engine remembers of one chat between messages: the article it was last about and the
    person that answer named first (what 这次会议 and 他 in a follow-up refer to)."""

    last_article_id: str | None = None
    last_person: str | None = None

    def remember(self, article_id: str, person: str | None) -> None:
        """Remember the article just answered from; the person only when the answer named one, else
        the person stays the one named before when the article is the same."""
        if person is not None or article_id != self.last_article_id:
            self.last_person = person
        self.last_article_id = article_id
