"""What keeps the bot safe and within Telegram's rules: token redaction and flood control.

The per-user limit is counted by the state store (``bot.state``), so replicas can share it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Coroutine
from typing import Any

from telegram.ext import AIORateLimiter


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
