"""Subscriptions: ``/subscribe`` (optionally ``/subscribe 07:30``), ``/unsubscribe``, and the digests.

A chat subscribed without a time gets the newest day's digest when a new day arrives (a new ingest
swapped in, or found at start-up); with a time, daily at that time in ``telegram.time_zone`` (nothing
that day when no newer day has come since its last digest). Either way a chat gets one day's digest once: each (chat, day) is claimed in the state store before sending, so
replicas sharing Redis send it exactly once between them. Flood control (30 messages a second, 20 a
minute per group, waiting out 429 ``retry_after``) is python-telegram-bot's rate limiter's; a chat that
blocked the bot (403) is unsubscribed, and one Telegram calls "chat not found" only when ``getChat``
says so too; a digest answered with a server error (nothing delivered) is sent again. A digest waits its turn in the chat's queue and is not sent once the chat unsubscribed.
With the state store down, a new day's digests are owed and sent when it is back.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import re
import time
import unicodedata
from collections.abc import Callable
from zoneinfo import ZoneInfo

from telegram import Bot, InlineKeyboardMarkup, Update
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden, NetworkError, TelegramError

from bot.config import Settings
from bot.doors.telegram.format import keyboard, render_messages
from bot.doors.telegram.queue import ChatQueue
from bot.doors.telegram.sending import describe, nothing_delivered
from bot.engine import Engine
from bot.state.store import StateStore, StoreUnavailable, Subscription

log = logging.getLogger(__name__)

TIME = re.compile(r"^(?P<hour>[01]?[0-9]|2[0-3]):(?P<minute>[0-5][0-9])$", re.ASCII)
SENDING_AT_ONCE = 16
"""Digests in flight at once (the rate limiter paces them; this bounds the tasks waiting on it)."""


def digest_day(engine: Engine) -> str:
    """The key of the day a digest is about: the newest page date, or 'undated'."""
    day = engine.newest_day
    return day.isoformat() if day else "undated"


class Digests:
    """The subscription commands and the sending of digests to subscribers."""

    def __init__(
        self, settings: Settings, store: StateStore, engine: Callable[[], Engine], queue: ChatQueue
    ) -> None:
        self.config = settings.telegram
        self.texts = settings.telegram.texts
        self.zone = ZoneInfo(settings.telegram.time_zone)
        self.store = store
        self.engine = engine
        self.queue = queue
        self._sending = asyncio.Semaphore(SENDING_AT_ONCE)
        self.owed = False
        """Whether a new day's digests are still to be sent: the day is settling, or the state store was
        down; tried at every check of the clock until they are."""
        self.swapped_at = 0.0
        self.loading: Callable[[], bool] = lambda: False
        """Whether a new corpus is being loaded (digests owed wait for it)."""

    # --- the commands ----------------------------------------------------------------------------

    async def subscribe(self, chat_id: int, args: str) -> str:
        """What ``/subscribe args`` in ``chat_id`` changes, said in one line. Full-width digits and colons
        (０７：３０) are read as their ASCII forms."""
        args = unicodedata.normalize("NFKC", args).strip()
        match = TIME.match(args) if args else None
        if args and match is None:
            return self.texts.subscribe_bad_time
        at = f"{int(match['hour']):02d}:{match['minute']}" if match else None
        wanted = Subscription(chat_id, at)
        try:
            current = await asyncio.to_thread(self.store.subscription, chat_id)
            if current == wanted:
                return self.texts.subscription_unchanged.format(current=self.describe(wanted))
            await asyncio.to_thread(self._subscribe, wanted)
        except StoreUnavailable:
            return self.texts.subscription_unavailable
        return self.describe(wanted)

    def _subscribe(self, subscription: Subscription) -> None:
        # From now on: 'when a new day arrives' skips the day already here; a time already past today
        # waits for tomorrow.
        now = dt.datetime.now(self.zone)
        if subscription.at is None:
            self.store.claim(f"digest:{subscription.chat_id}:{digest_day(self.engine())}")
        elif now.strftime("%H:%M") >= subscription.at:
            self.store.claim(self._due_key(subscription, now.date()), 2 * 86_400)
        self.store.subscribe(subscription)

    def describe(self, subscription: Subscription) -> str:
        if subscription.at is None:
            return self.texts.subscribed_new_day
        return self.texts.subscribed_at.format(time=subscription.at, zone=self.config.time_zone)

    async def unsubscribe(self, chat_id: int) -> str:
        try:
            removed = await asyncio.to_thread(self.store.unsubscribe, chat_id)
        except StoreUnavailable:
            return self.texts.subscription_unavailable
        return self.texts.unsubscribed if removed else self.texts.not_subscribed

    @staticmethod
    def arguments(update: Update) -> str:
        message = update.effective_message
        text = message.text if message is not None and message.text else ""
        return text.split(maxsplit=1)[1] if len(text.split(maxsplit=1)) > 1 else ""

    # --- sending ------------------------------------------------------------------------------------

    def swapped(self) -> None:
        """A corpus was loaded: its newest day's digests are owed, sent once the corpus has not changed
        for ``telegram.digest_settle_seconds`` (a day written in pieces reaches subscribers whole)."""
        self.owed, self.swapped_at = True, time.monotonic()

    def changing(self) -> None:
        """The corpus is changing (a change seen, a load begun): digests owed wait for it to settle."""
        self.swapped_at = time.monotonic()

    async def new_day(self, bot: Bot) -> int:
        """Send the newest day's digest to every chat subscribed without a time that has not had it; with
        the state store down, it is owed and sent once the store is back (each chat's claim keeps it once)."""
        engine = self.engine()
        self.owed = False
        try:
            subscriptions = await asyncio.to_thread(self.store.subscriptions)
            sent = await asyncio.gather(
                *(self.deliver(bot, s.chat_id, engine) for s in subscriptions if s.at is None)
            )
        except StoreUnavailable:
            self.owed = True
            log.warning("the new day's digests wait for the state store")
            return 0
        return sum(sent)

    async def run_clock(self, bot: Bot) -> None:
        """Until cancelled: send the digest to chats whose chosen time has come today, and a new day's
        digests still owed."""
        while True:
            try:
                settled = time.monotonic() - self.swapped_at >= self.config.digest_settle_seconds
                if self.owed and settled and not self.loading():
                    await self.new_day(bot)
                await self.due(bot)
            except StoreUnavailable:
                pass  # said once by the store; tried again at the next check
            except Exception:
                log.exception("sending timed digests failed; trying again at the next check")
            await asyncio.sleep(self.config.digest_check_seconds)

    async def due(self, bot: Bot) -> int:
        now = dt.datetime.now(self.zone)
        engine = self.engine()
        subscriptions = await asyncio.to_thread(self.store.subscriptions)
        due = [s for s in subscriptions if s.at is not None and now.strftime("%H:%M") >= s.at]
        taken = await asyncio.gather(
            *(asyncio.to_thread(self.store.claim, self._due_key(s, now.date()), 2 * 86_400) for s in due)
        )
        sent = await asyncio.gather(
            *(self.deliver(bot, s.chat_id, engine) for s, mine in zip(due, taken, strict=True) if mine)
        )
        return sum(sent)

    @staticmethod
    async def _chat_exists(bot: Bot, chat_id: int) -> bool:
        """The second check before a "chat not found" unsubscribes: whether ``getChat`` still finds it
        (anything but a clear "not found" counts as found: a chat is never dropped on a doubt)."""
        try:
            await bot.get_chat(chat_id)
        except BadRequest as exc:
            return "chat not found" not in exc.message.lower()
        except Exception:  # noqa: BLE001 (network trouble, an answer not understood: a doubt)
            return True
        return True

    async def _send(
        self, bot: Bot, chat_id: int, html_text: str, buttons: InlineKeyboardMarkup | None
    ) -> None:
        """One message of a digest, sent again (``telegram.send_retries`` times) only after an error that
        proves nothing was delivered (a 5xx answer, no connection): the day's claim is already taken, so
        giving up here would lose the chat's digest."""
        delay = 0.5
        for attempt in range(self.config.send_retries + 1):
            try:
                await bot.send_message(chat_id, html_text, parse_mode=ParseMode.HTML, reply_markup=buttons)
                return
            except BadRequest:
                raise
            except NetworkError as exc:
                if attempt == self.config.send_retries or not nothing_delivered(exc):
                    raise
                log.warning("digest to chat %s failed (%s); retrying in %.1fs", chat_id, describe(exc), delay)
                await asyncio.sleep(delay)
                delay *= 2

    @staticmethod
    def _due_key(subscription: Subscription, day: dt.date) -> str:
        return f"due:{subscription.chat_id}:{day.isoformat()}:{subscription.at}"

    async def deliver(self, bot: Bot, chat_id: int, engine: Engine) -> bool:
        """Send the engine's digest to one chat unless it (or another replica) already did."""
        key = f"digest:{chat_id}:{digest_day(engine)}"
        if not await asyncio.to_thread(self.store.claim, key):
            return False
        async with self._sending, self.queue.join(chat_id):
            # In the chat's queue: an /unsubscribe answered before this point stops the digest.
            if await asyncio.to_thread(self.store.subscription, chat_id) is None:
                return False
            reply = await asyncio.to_thread(engine.digest)
            messages = render_messages(reply.blocks)
            try:
                for i, html_text in enumerate(messages):
                    buttons = keyboard(reply) if i == len(messages) - 1 else None  # next page, one article
                    await self._send(bot, chat_id, html_text, buttons)
            except (Forbidden, BadRequest) as exc:
                if isinstance(exc, BadRequest) and "chat not found" not in exc.message.lower():
                    log.warning("digest to chat %s refused: %s", chat_id, exc)
                    return False
                if isinstance(exc, BadRequest) and await self._chat_exists(bot, chat_id):
                    log.warning("digest to chat %s refused (%s), but the chat exists: kept", chat_id, exc)
                    return False
                log.info("chat %s cannot be written to (%s): unsubscribed", chat_id, exc)
                await asyncio.to_thread(self.store.unsubscribe, chat_id)
                return False
            except TelegramError as exc:
                log.warning("digest of %s to chat %s not sent: %s", key, chat_id, exc)
                return False
        log.info("digest of %s sent to chat %s", key.rsplit(":", 1)[1], chat_id)
        return True
