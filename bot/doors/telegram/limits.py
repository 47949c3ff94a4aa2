"""What keeps the bot safe and within Telegram's rules: token redaction and flood control.

The per-user limit is counted by the state store (``bot.state``), so replicas can share it.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import time
import warnings
from collections import OrderedDict
from collections.abc import Callable, Coroutine
from contextlib import AbstractAsyncContextManager, nullcontext
from typing import Any

from aiolimiter import AsyncLimiter
from telegram.error import RetryAfter
from telegram.ext import BaseRateLimiter
from telegram.warnings import PTBDeprecationWarning

log = logging.getLogger(__name__)

MAX_GROUPS_TRACKED = 10_000
"""Groups whose per-minute budget is kept (least recently used dropped first)."""


class RedactToken(logging.Filter):
    """Replaces the bot token wherever it would reach a log line, tracebacks included."""

    def __init__(self, token: str) -> None:
        super().__init__()
        self.token = token

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if self.token in message:
            record.msg, record.args = message.replace(self.token, "<token>"), None
        if record.exc_info:
            record.exc_text = (
                logging.Formatter().formatException(record.exc_info).replace(self.token, "<token>")
            )
            record.exc_info = None
        return True


class FloodControl(BaseRateLimiter[int]):
    """Telegram's flood limits, kept per chat: one chat's flood wait never delays another chat.

    Messages stay within about 30 a second overall and 20 a minute in one group. When Telegram answers
    429 with ``retry_after`` anyway, only the chat it concerns waits that long before its next message;
    the request is then tried again (at most ``max_retries`` times). Typing indicators spend no budget.
    """

    def __init__(self, max_retries: int, overall_per_second: int = 30, group_per_minute: int = 20) -> None:
        self.max_retries = max_retries
        self._overall = AsyncLimiter(overall_per_second, 1)
        self._group_per_minute = group_per_minute
        self._groups: OrderedDict[int, AsyncLimiter] = OrderedDict()
        self._wait_until: dict[int, float] = {}

    async def initialize(self) -> None:
        """Nothing to open."""

    async def shutdown(self) -> None:
        """Nothing to close."""

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | dict[str, Any] | list[dict[str, Any]]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> bool | dict[str, Any] | list[dict[str, Any]]:
        try:
            chat_id = int(data.get("chat_id"))  # type: ignore[arg-type]
        except (TypeError, ValueError):
            return await callback(*args, **kwargs)  # not a message to one chat (getUpdates, getMe, …)
        if endpoint == "sendChatAction":
            return await callback(*args, **kwargs)
        retries = self.max_retries if rate_limit_args is None else rate_limit_args
        for attempt in range(retries + 1):
            await self._wait_out(chat_id)
            try:
                async with self._group(chat_id), self._overall:
                    return await callback(*args, **kwargs)
            except RetryAfter as exc:
                seconds = retry_after_seconds(exc)
                if attempt == retries:
                    log.warning("flood control: chat %s still refused after %d retries", chat_id, retries)
                    raise
                log.info(
                    "flood control: chat %s waits %.0f s (Telegram's 429); other chats go on",
                    chat_id,
                    seconds,
                )
                until = time.monotonic() + seconds + 0.1
                self._wait_until[chat_id] = max(self._wait_until.get(chat_id, 0.0), until)
        raise AssertionError("unreachable")  # the last attempt returned or raised

    async def _wait_out(self, chat_id: int) -> None:
        """Sleep until this chat's flood wait (if any) is over."""
        while (left := self._wait_until.get(chat_id, 0.0) - time.monotonic()) > 0:
            await asyncio.sleep(left)
        self._wait_until.pop(chat_id, None)

    def _group(self, chat_id: int) -> AsyncLimiter | AbstractAsyncContextManager[None]:
        """The per-minute budget of a group (negative ids); private chats have none."""
        if chat_id >= 0:
            return nullcontext()
        limiter = self._groups.pop(chat_id, None) or AsyncLimiter(self._group_per_minute, 60)
        self._groups[chat_id] = limiter
        while len(self._groups) > MAX_GROUPS_TRACKED:
            self._groups.popitem(last=False)
        return limiter


def retry_after_seconds(exc: RetryAfter) -> float:
    """Telegram's ``retry_after`` in seconds, whichever type python-telegram-bot gives it."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        value = exc.retry_after
    return value.total_seconds() if isinstance(value, dt.timedelta) else float(value)
