"""Inline mode: ``@bot 问题`` typed in any chat offers the answer as a result to send there.

The result's title is the short answer, its description the source; choosing it sends the answer and
its source as one message. The asker's rate limit is the same as for messages, and every query counts,
an empty one too: the first refused one is told why, later ones in that minute get no answer. Telegram only sends
inline queries to a bot whose inline mode is switched on with BotFather's ``/setinline``.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

from telegram import (
    InlineQueryResultArticle,
    InlineQueryResultsButton,
    InputTextMessageContent,
    Update,
)
from telegram.constants import ParseMode
from telegram.ext import ContextTypes

from bot.config import Settings
from bot.doors.telegram.format import render_messages
from bot.engine import Engine, Reply
from bot.state.question_log import Chat
from bot.state.store import StateStore

log = logging.getLogger(__name__)

Record = Callable[[Engine, str, Reply, int, Chat], object]

TITLE_CHARS = 120
"""Longer short answers are cut (with …) in the title; the message carries the whole of it."""
CACHE_SECONDS = 30
"""How long Telegram may reuse an inline answer for the same text (the news changes daily)."""


def shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


class InlineAnswers:
    """Answers inline queries from the current engine."""

    def __init__(
        self, settings: Settings, store: StateStore, engine: Callable[[], Engine], record: Record
    ) -> None:
        """``record``: logs the question and its reply (called off the event loop)."""
        self.config = settings.telegram
        self.max_chars = settings.retrieval.max_question_chars
        self.store = store
        self.engine = engine
        self.record = record

    async def on_inline_query(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.inline_query
        if query is None:
            return
        question = query.query.strip()
        verdict = await asyncio.to_thread(
            self.store.rate, query.from_user.id, self.config.rate_limit_per_minute
        )
        if verdict == "tell":  # an empty query counts too; once told, a reader's queries cost no call
            button = InlineQueryResultsButton(self.config.texts.rate_limited, start_parameter="limit")
            await query.answer([], cache_time=0, is_personal=True, button=button)
        if verdict != "ok":
            return
        if not question:
            await query.answer([], cache_time=CACHE_SECONDS)
            return
        engine = self.engine()
        reply = await asyncio.to_thread(engine.answer, question[: self.max_chars])
        user = query.from_user.id
        await asyncio.to_thread(self.record, engine, question[: self.max_chars], reply, user, "inline")
        result = self.result(reply)
        if result is None:
            button = InlineQueryResultsButton(self.config.texts.inline_not_found, start_parameter="ask")
            await query.answer([], cache_time=CACHE_SECONDS, button=button)
            return
        await query.answer([result], cache_time=CACHE_SECONDS)

    @staticmethod
    def result(reply: Reply) -> InlineQueryResultArticle | None:
        """The answer as one inline result; None when the news holds no answer."""
        answers = [b.text for b in reply.blocks if b.style == "answer"]
        if not reply.found or not answers:
            return None
        sources = [b.text for b in reply.blocks if b.style == "source"]
        message = render_messages(reply.blocks)[0]
        ident = reply.sources[0].article_id if reply.sources else "answer"
        return InlineQueryResultArticle(
            id=f"{ident}|{reply.sources[0].paragraph if reply.sources else 0}"[:64],
            title=shorten(answers[0], TITLE_CHARS),
            description=shorten(sources[0], TITLE_CHARS) if sources else None,
            input_message_content=InputTextMessageContent(message, parse_mode=ParseMode.HTML),
        )
