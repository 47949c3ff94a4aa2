"""What keeps the bot safe and within Telegram's rules: token redaction, the per-user limit, flood control."""

from __future__ import annotations

import logging
import time
from collections import deque
from collections.abc import Callable, Coroutine
from typing import Any

from telegram.ext import AIORateLimiter

FORGET_USERS_ABOVE = 10_000
"""Users remembered by the per-user limit before those quiet for a minute are forgotten."""


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


class FloodControl(AIORateLimiter):
    """python-telegram-bot's AIORateLimiter, except that typing indicators do not spend the message budget.

    Its group limit (20 a minute) would otherwise be shared between answers and 'typing…' and halve the
    answers a busy group can get.
    """

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | dict[str, Any] | list[dict[str, Any]]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> bool | dict[str, Any] | list[dict[str, Any]]:
        if endpoint == "sendChatAction":
            return await callback(*args, **kwargs)
        return await super().process_request(callback, args, kwargs, endpoint, data, rate_limit_args)


class UserRateLimit:
    """At most ``per_minute`` messages per user in any 60 seconds; tells the user once per window."""

    def __init__(self, per_minute: int) -> None:
        self.per_minute = per_minute
        self._seen: dict[int, deque[float]] = {}
        self._told: dict[int, float] = {}

    def check(self, user_id: int, now: float | None = None) -> str:
        """``"ok"``, ``"tell"`` (refuse and say why) or ``"quiet"`` (refuse silently, already told)."""
        now = time.monotonic() if now is None else now
        if len(self._seen) > FORGET_USERS_ABOVE:  # forget users quiet for a minute: memory stays bounded
            self._seen = {u: times for u, times in self._seen.items() if times and times[-1] > now - 60}
            self._told = {u: told for u, told in self._told.items() if told > now - 60}
        seen = self._seen.setdefault(user_id, deque())
        while seen and seen[0] <= now - 60:
            seen.popleft()
        if len(seen) < self.per_minute:
            seen.append(now)
            self._told.pop(user_id, None)
            return "ok"
        if self._told.get(user_id, -1e9) > now - 60:
            return "quiet"
        self._told[user_id] = now
        return "tell"
