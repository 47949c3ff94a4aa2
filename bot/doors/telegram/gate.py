"""The gate every update passes first: the allow-list, the rate limit of button presses, and the end of
the shutdown grace.

An update without a chat (an inline query) counts as the user's private chat. A message counts against
the rate limit once it is known to be meant for the bot (``NewsBot.serve``), an inline query in
``inline``; a button press counts here.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

from telegram import CallbackQuery, Update
from telegram.error import TelegramError
from telegram.ext import ApplicationHandlerStop, ContextTypes

from bot.config import TelegramConfig
from bot.state.store import Verdict

log = logging.getLogger(__name__)


class Gate:
    """Stops what the bot must not handle; counts what was dropped at shutdown."""

    def __init__(self, config: TelegramConfig, rate: Callable[[int], Awaitable[Verdict]]) -> None:
        """``rate``: counts one update of a user against the per-user limit."""
        self.config = config
        self.rate = rate
        self._under_way: dict[asyncio.Task[object], int] = {}
        self.closing = False
        self.dropped = 0

    def allowed(self, chat_id: int) -> bool:
        """Whether this chat may use the bot (an empty allow-list allows every chat)."""
        return not self.config.allowed_chats or chat_id in self.config.allowed_chats

    async def check(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Before any handler: stop updates from chats off the allow-list, button presses over the rate
        limit, and everything arriving after the shutdown grace."""
        chat, user = update.effective_chat, update.effective_user
        chat_id = chat.id if chat is not None else user.id if user is not None else None
        if self.closing:
            self.dropped += 1
            raise ApplicationHandlerStop
        if chat_id is not None and not self.allowed(chat_id):
            log.info(
                "update %s from chat %s ignored: not in telegram.allowed_chats", update.update_id, chat_id
            )
            raise ApplicationHandlerStop
        if update.callback_query is not None and user is not None:
            verdict = await self.rate(user.id)
            if verdict != "ok":
                await self.refuse(update.callback_query, user.id, verdict)
                raise ApplicationHandlerStop
        if chat_id is not None:
            self.track(chat_id)

    def track(self, chat_id: int) -> None:
        """Count the running task as an update under way (cancelled and counted if still running when the
        shutdown grace is over): the gate's, and an answer's own task (it runs apart from the update)."""
        task = asyncio.current_task()
        if task is not None and task not in self._under_way:
            self._under_way[task] = chat_id
            task.add_done_callback(self._under_way.pop)

    async def refuse(self, query: CallbackQuery, user_id: int, verdict: str) -> None:
        """Over the rate limit: the first refused press gets the notice; the rest cost no call."""
        if verdict == "tell":
            try:
                await query.answer(self.config.texts.rate_limited)
            except TelegramError as exc:
                log.warning("could not tell user %s about the rate limit: %s", user_id, exc)

    def drop_backlog(self, grace: float) -> None:
        """The shutdown grace is over: stop the updates under way and refuse the ones still queued."""
        self.closing = True
        chats = sorted(set(self._under_way.values()))
        for task in list(self._under_way):
            task.cancel()
        self.dropped += len(self._under_way)
        log.warning(
            "shutdown: the %.0f s grace is over; dropped %d update(s) under way in chat(s) %s",
            grace,
            len(self._under_way),
            ", ".join(map(str, chats[:20])) + (" …" if len(chats) > 20 else ""),
        )
