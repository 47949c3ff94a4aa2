"""What the question log keeps of one question and its reply, whichever door it came through."""

from __future__ import annotations

import time

from bot.engine import Engine, Reply
from bot.state.question_log import TEXT_CHARS, Chat, LogEntry, mask, new_entry_id


def log_entry(engine: Engine, text: str, reply: Reply, chat: Chat) -> LogEntry | None:
    """The entry for a question (personal data masked), None for what is no question (/start, /help).

    Reads the question once more for its kind and keys (run it off the event loop)."""
    question = mask(text.strip())[:TEXT_CHARS]
    asked = engine.asked(question, reply)
    if asked is None:
        return None
    return LogEntry(
        id=new_entry_id(),
        at=time.time(),
        question=question,
        kind=asked.kind,
        found=reply.found,
        day=asked.day,
        articles=list(dict.fromkeys(s.article_id for s in reply.sources)),
        first_line=mask(reply.text.strip().split("\n", 1)[0])[:TEXT_CHARS],
        chat=chat,
        topic=asked.topic,
        norm=asked.norm,
    )
