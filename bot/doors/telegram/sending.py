"""Sending a reply: the engine's blocks rendered to HTML messages, sent in order, with 'typing…' meanwhile.

Parse mode and link previews come from the application's ``Defaults`` (see ``application.py``).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress

import httpx
from telegram import Bot, Chat, InlineKeyboardMarkup, Message, ReplyParameters
from telegram.constants import ChatAction
from telegram.error import BadRequest, Forbidden, NetworkError, TelegramError, TimedOut

from bot.doors.telegram.format import render_messages
from bot.engine import Block

log = logging.getLogger(__name__)

TYPING_EVERY = 4.5
"""Seconds between typing indicators (Telegram shows one for about five seconds)."""


class Sender:
    """Sends blocks to a chat as HTML messages, retrying what the network lost."""

    def __init__(self, retries: int, no_content: str) -> None:
        self.retries = retries
        self.no_content = no_content

    async def send(
        self, bot: Bot, to: Message, blocks: list[Block], keyboard: InlineKeyboardMarkup | None = None
    ) -> None:
        """Send blocks as HTML messages; in groups the first quotes the question, the last has the button."""
        messages = render_messages(blocks) or render_messages([Block(style="text", text=self.no_content)])
        quote = to.chat.type != Chat.PRIVATE
        for i, html_text in enumerate(messages):
            reply_to = (
                ReplyParameters(to.message_id, allow_sending_without_reply=True) if quote and i == 0 else None
            )
            markup = keyboard if i == len(messages) - 1 else None
            await self._send_one(bot, to, html_text, reply_to, markup)

    async def edit(
        self, bot: Bot, message: Message, blocks: list[Block], keyboard: InlineKeyboardMarkup | None
    ) -> None:
        """Show blocks in place of an earlier message of the bot (a button's answer); a reply too long
        for one message continues in new messages, the buttons under the last. A message that can no
        longer be edited (too old, deleted) gets the reply as a new message instead."""
        messages = render_messages(blocks) or render_messages([Block(style="text", text=self.no_content)])
        first = keyboard if len(messages) == 1 else None
        try:
            await bot.edit_message_text(messages[0], message.chat_id, message.message_id, reply_markup=first)
        except BadRequest as exc:
            if "not modified" in exc.message.lower():  # the same page pressed again: nothing to do
                return
            log.info(
                "message %s in chat %s not edited (%s): sent anew", message.message_id, message.chat_id, exc
            )
            await self.send(bot, message, blocks, keyboard)
            return
        for i, html_text in enumerate(messages[1:], 2):
            await self._send_one(bot, message, html_text, None, keyboard if i == len(messages) else None)

    async def _send_one(
        self,
        bot: Bot,
        to: Message,
        html_text: str,
        reply_to: ReplyParameters | None,
        markup: InlineKeyboardMarkup | None,
    ) -> None:
        """One sendMessage, sent once: repeated only after an error that proves nothing was delivered.

        Flood control (429) is the rate limiter's. A timeout or a connection lost after the request went
        out may hide a delivered message, so it is logged and not repeated: a duplicate is worse.
        """
        delay = 0.5
        for attempt in range(self.retries + 1):
            try:
                await bot.send_message(
                    to.chat_id,
                    html_text,
                    reply_parameters=reply_to,
                    reply_markup=markup,
                    message_thread_id=to.message_thread_id if to.is_topic_message else None,
                )
                return
            except Forbidden as exc:
                log.info("chat %s cannot be written to: %s", to.chat_id, exc)
                return
            except BadRequest:
                raise
            except NetworkError as exc:
                if not nothing_delivered(exc):
                    log.warning(
                        "sending to chat %s: %s; it may have been delivered, so it is not repeated",
                        to.chat_id,
                        describe(exc),
                    )
                    return
                if attempt == self.retries:
                    raise
                log.warning(
                    "sending to chat %s failed (%s); retrying in %.1fs", to.chat_id, describe(exc), delay
                )
                await asyncio.sleep(delay)
                delay *= 2


NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)
"""Transport errors raised before the request left: no connection, or none free in the pool."""


def nothing_delivered(exc: NetworkError) -> bool:
    """Whether the error proves Telegram did not take the message: the request never left (no
    connection), or Telegram answered with an HTTP error (5xx) instead of the message."""
    cause = exc.__cause__
    if isinstance(cause, NOT_SENT):
        return True
    # python-telegram-bot raises NetworkError itself for an HTTP error answer (no transport cause).
    return not isinstance(exc, TimedOut) and (cause is None or isinstance(cause, TelegramError))


def describe(exc: TelegramError) -> str:
    """The error and, for transport errors, what lies under it (``TimedOut: ReadTimeout``)."""
    cause = exc.__cause__
    under = f" ({type(cause).__name__})" if cause is not None and not isinstance(cause, TelegramError) else ""
    return f"{type(exc).__name__}: {exc}{under}"


@asynccontextmanager
async def typing(bot: Bot, message: Message) -> AsyncIterator[None]:
    """Show 'typing…' in the chat now, and again every few seconds until the block ends."""
    thread = message.message_thread_id if message.is_topic_message else None

    async def show() -> None:
        with suppress(TelegramError):
            await bot.send_chat_action(message.chat_id, ChatAction.TYPING, message_thread_id=thread)

    async def keep_showing() -> None:
        while True:
            await asyncio.sleep(TYPING_EVERY)
            await show()

    await show()
    task = asyncio.create_task(keep_showing())
    try:
        yield
    finally:
        task.cancel()
        with suppress(asyncio.CancelledError):
            await task
