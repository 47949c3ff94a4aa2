"""The question log and readers' feedback in Telegram: every question logged (who asked, never), 👍/👎
under every answer, and ``/stats`` for admins.

A button's data carries the entry id and a keyed hash of the entry and the chat, so a press counts only
in the chat the answer was sent to; the reader's vote is kept under a keyed hash of the entry and the
user, so it counts once per reader per answer. The allow-list and the rate limit are the gate's, as for
every update.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import re
from typing import cast
from zoneinfo import ZoneInfo

from telegram import Chat as TelegramChat
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from bot.config import Settings
from bot.doors.logged import log_entry
from bot.engine import Engine, Reply
from bot.state.keys import keyed, state_key
from bot.state.log_summary import by_day, unanswered
from bot.state.log_writer import LogWriter
from bot.state.open import open_question_log
from bot.state.question_log import Chat, Choice, LogEntry
from bot.state.store import StoreUnavailable

log = logging.getLogger(__name__)

FEEDBACK_DATA = re.compile(r"^fb\|(?P<choice>up|down)\|(?P<entry>[0-9a-f]{16})\|(?P<sig>[0-9a-f]{16})$")
STATS_TOP = 5


def chat_kind(chat: TelegramChat) -> Chat:
    return "private" if chat.type == TelegramChat.PRIVATE else "group"


class Feedback:
    """Logs questions off the event loop and counts readers' 👍/👎; answers ``/stats``."""

    def __init__(self, settings: Settings) -> None:
        self.config = settings.telegram
        self.texts = settings.telegram.texts
        self.zone = ZoneInfo(settings.telegram.time_zone)
        self.key = state_key(settings)
        self.log = open_question_log(settings)
        self.writer = (
            LogWriter(self.log, self.zone, settings.log.retention_days, settings.log.max_entries)
            if self.log is not None
            else None
        )

    def record(self, engine: Engine, text: str, reply: Reply, chat_id: int, chat: Chat) -> LogEntry | None:
        """Log one question and its reply (called off the event loop); the entry, None when not logged."""
        if self.writer is None:
            return None
        try:  # the log never costs a reader the answer
            entry = log_entry(engine, text, reply, chat)
        except Exception:
            log.exception("question log: the question could not be read for the log; not logged")
            return None
        if entry is not None:
            self.writer.put(entry, chat_id)
        return entry

    def keyboard(
        self, markup: InlineKeyboardMarkup | None, entry: LogEntry | None, chat_id: int
    ) -> InlineKeyboardMarkup | None:
        """``markup`` with a row of 👍 👎 added under an answer (not a digest, not a not-found reply)."""
        if entry is None or not entry.found or entry.kind == "/summary":
            return markup
        sign = self._sign(entry.id, chat_id)
        row = [
            InlineKeyboardButton(self.texts.feedback_up, callback_data=f"fb|up|{entry.id}|{sign}"),
            InlineKeyboardButton(self.texts.feedback_down, callback_data=f"fb|down|{entry.id}|{sign}"),
        ]
        rows = [list(r) for r in markup.inline_keyboard] if markup else []
        return InlineKeyboardMarkup([*rows, row])

    def _sign(self, entry_id: str, chat_id: int) -> str:
        return keyed(self.key, "feedback", entry_id, chat_id)[:16]

    async def on_press(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A 👍 or 👎: counted once per reader, thanked, and the two buttons replaced by the choice."""
        query = update.callback_query
        match = FEEDBACK_DATA.match(query.data or "") if query else None
        if query is None or match is None:
            return
        message = query.message
        if (
            self.log is None
            or not isinstance(message, Message)
            or match["sig"] != self._sign(match["entry"], message.chat_id)
        ):
            await query.answer(self.texts.feedback_gone)
            return
        choice = cast(Choice, match["choice"])
        voter = keyed(self.key, "voter", match["entry"], query.from_user.id)
        try:
            counted = await asyncio.to_thread(self.log.vote, match["entry"], voter, choice)
        except Exception as exc:  # a state store that is down: the reader is told, nothing else breaks
            log.warning("question log: a vote could not be stored: %s", exc)
            await query.answer(self.texts.store_unavailable[:200])
            return
        await query.answer(self.texts.feedback_thanks)
        if counted:
            await self._show_choice(message, query.data or "", choice)

    async def _show_choice(self, message: Message, data: str, choice: Choice) -> None:
        """The row of the two buttons becomes one button showing the choice (pressing it again counts
        nothing new)."""
        label = self.texts.feedback_up if choice == "up" else self.texts.feedback_down
        rows = []
        for row in message.reply_markup.inline_keyboard if message.reply_markup else ():
            if any(
                FEEDBACK_DATA.match(b.callback_data or "") for b in row if isinstance(b.callback_data, str)
            ):
                rows.append([InlineKeyboardButton(label, callback_data=data)])
            else:
                rows.append(list(row))
        try:
            await message.edit_reply_markup(InlineKeyboardMarkup(rows))
        except TelegramError as exc:
            log.info("feedback buttons of message %s not replaced: %s", message.message_id, exc)

    def stats(self) -> str:
        """Today's and yesterday's questions, the share answered, the top unanswered (off the loop)."""
        if self.log is None:
            return self.texts.stats_none
        now = dt.datetime.now(self.zone)
        yesterday = (now - dt.timedelta(days=1)).date()
        start = dt.datetime.combine(yesterday, dt.time(), self.zone).timestamp()
        try:
            entries = list(self.log.entries(start))
        except StoreUnavailable as exc:
            log.warning("/stats: %s", exc)
            return self.texts.store_unavailable
        days = {d.day: d for d in by_day(entries, self.zone)}
        today, before = days.get(now.date().isoformat()), days.get(yesterday.isoformat())
        top = unanswered(entries)[:STATS_TOP]
        lines = [f"{i}. {g.question}（{g.count}）" for i, g in enumerate(top, 1)]
        return self.texts.stats.format(
            today=today.questions if today else 0,
            today_share=f"{today.share:.0%}" if today else "—",
            yesterday=before.questions if before else 0,
            yesterday_share=f"{before.share:.0%}" if before else "—",
            unanswered="\n".join(lines) or self.texts.stats_none,
        )

    def close(self) -> None:
        """Write what is queued and close the log."""
        if self.writer is not None:
            self.writer.close()
        if self.log is not None:
            self.log.close()
