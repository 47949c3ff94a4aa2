"""What the bot remembers of one chat between messages."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class ChatState:
    """What the engine remembers of one chat between messages: the article it was last about."""

    last_article_id: str | None = None
