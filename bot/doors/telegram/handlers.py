"""The handlers: which updates are meant for the bot, who may use it, and the engine's answer to each.

Every update, whatever its kind, first passes the gate: the allow-list (``allowed_chats``; an update
without a chat, such as an inline query, counts as the user's private chat), and for a button press the
per-user rate limit (a message counts once it is known to be meant for the bot, an inline query in
``inline``). A message reaches the engine one at a time per chat, in arrival order (``queue``, rate
limit first), as a task of its own (no update slot held); the engine runs off the event loop. The state
store is this bot's own, attached once ``getMe`` has named the bot (``attach``).
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Callable
from contextlib import suppress
from functools import partial
from typing import TypeVar

from telegram import (
    Chat,
    Message,
    MessageEntity,
    Update,
)
from telegram.error import TelegramError
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    InlineQueryHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot.config import Settings
from bot.doors.telegram.feedback import FEEDBACK_DATA, Feedback, chat_kind
from bot.doors.telegram.format import keyboard
from bot.doors.telegram.gate import Gate
from bot.doors.telegram.inline import InlineAnswers
from bot.doors.telegram.live import CorpusWatcher
from bot.doors.telegram.queue import ChatQueue
from bot.doors.telegram.sending import Sender, typing
from bot.doors.telegram.sources import SOURCE_DATA, show_source, source_keyboard
from bot.doors.telegram.subscriptions import Digests
from bot.doors.telegram.swap import EngineSwap
from bot.engine import Block, Engine
from bot.state.chat import ChatState
from bot.state.store import StateStore, StoreUnavailable, Verdict
from bot.storage.watch import Signature

log = logging.getLogger(__name__)

T = TypeVar("T")

ENGINE_COMMANDS = ("start", "help", "summary", "who", "articles")
"""Commands the engine answers; /reload is the bot's own."""

GATE = -1
"""The handler group that runs before every other: the gate."""


class NewsBot:
    """The handlers and the current engine of one running bot; what it remembers is in the state store."""

    def __init__(self, settings: Settings, engine: Engine, seen: Signature = ()) -> None:
        """``seen``: the corpus signature taken before ``engine`` was loaded (a change since is loaded).
        The state store is attached once the bot's id is known (``attach``)."""
        self.settings = settings
        self.config = settings.telegram
        self.swap = EngineSwap(engine)
        self.store: StateStore | None = None
        self.sender = Sender(self.config.send_retries, self.config.texts.no_content)
        self.feedback = Feedback(settings)
        self.queue = ChatQueue()
        self.seen = seen
        self.gate = Gate(self.config, self.rate)

    def attach(self, store: StateStore) -> None:
        """Use ``store`` (this bot's state) from now on: before the first update is taken."""
        self.store = store
        self.digests = Digests(self.settings, store, lambda: self.engine, self.queue)
        self.digests.loading = self.swap.loading.locked
        self.swap.on_changing, self.swap.on_swapped = self.digests.changing, self.digests.swapped
        self.inline = InlineAnswers(self.settings, store, lambda: self.engine, self.feedback.record)

    @property
    def engine(self) -> Engine:
        """The engine answering now (``EngineSwap``)."""
        return self.swap.engine

    async def rate(self, user_id: int) -> Verdict:
        """Count one message of the user against the limit: in this process at once (SQLite backend, so a
        flood is refused without queueing for a thread), or in the shared store off the event loop."""
        store, per_minute = self._store(), self.config.rate_limit_per_minute
        if not store.shared:
            return store.rate(user_id, per_minute)
        return await asyncio.to_thread(store.rate, user_id, per_minute)

    def _store(self) -> StateStore:
        assert self.store is not None, "attach() the state store before taking updates"
        return self.store

    async def on_inline_query(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await self.inline.on_inline_query(update, context)

    def register(self, app: Application) -> None:  # type: ignore[type-arg]
        """Attach every handler to the application."""
        app.add_handler(TypeHandler(Update, self.gate.check), group=GATE)
        new = filters.UpdateType.MESSAGE
        # Answers run as tasks of their own (block=False): one chat waiting its turn holds no update slot.
        app.add_handler(CommandHandler(list(ENGINE_COMMANDS), self.on_command, filters=new, block=False))
        app.add_handler(CommandHandler("reload", self.on_reload, filters=new))
        app.add_handler(CommandHandler("stats", self.on_stats, filters=new))
        app.add_handler(
            CommandHandler(["subscribe", "unsubscribe"], self.on_subscription, filters=new, block=False)
        )
        app.add_handler(InlineQueryHandler(self.on_inline_query))
        text = new & filters.TEXT & ~filters.COMMAND
        app.add_handler(MessageHandler(text, self.on_text, block=False))
        app.add_handler(MessageHandler(new & filters.COMMAND, self.on_other_command, block=False))
        not_text = new & filters.ChatType.PRIVATE & ~filters.TEXT
        app.add_handler(MessageHandler(not_text, self.on_not_text, block=False))
        app.add_handler(CallbackQueryHandler(self.on_source_button, pattern=SOURCE_DATA.pattern))
        app.add_handler(CallbackQueryHandler(self.on_button, pattern=r"^/"))
        app.add_handler(CallbackQueryHandler(self.feedback.on_press, pattern=FEEDBACK_DATA.pattern))
        app.add_error_handler(self.on_error)

    # --- handlers ------------------------------------------------------------------------------

    async def on_command(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """/start /help /summary /who /articles: the engine's answer."""
        message = update.effective_message
        if message is not None and message.text:
            await self.serve(update, context, message.text)

    async def on_text(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A question: answered in private chats, and in groups when it mentions or replies to the bot."""
        message = update.effective_message
        if message is None:
            return
        question = addressed_text(message, context.bot.username, context.bot.id)
        if question is not None:
            await self.serve(update, context, question)

    async def on_other_command(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """An unknown command meant for this bot gets the engine's 'unknown command' reply."""
        message = update.effective_message
        if message is None or not message.text:
            return
        command = message.text.split(maxsplit=1)[0]
        target = command.partition("@")[2]
        if target.lower() == context.bot.username.lower() or (
            not target and message.chat.type == Chat.PRIVATE
        ):
            await self.serve(update, context, message.text)

    async def on_not_text(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A sticker, photo or voice note in a private chat: a hint to ask in words."""
        await self.serve(update, context, "")

    async def on_reload(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """/reload (admins): re-read the corpus and swap the engine; questions meanwhile use the old one."""
        message, user = update.effective_message, update.effective_user
        if message is None or user is None or not await self.within_rate(context, message, update):
            return  # denied attempts count against the limit too
        texts = self.config.texts
        if user.id not in self.config.admin_ids:
            await self.say(context, message, texts.reload_denied)
            return
        try:
            engine = await self.swap.reload()
        except Exception:
            log.exception("reload failed; keeping the current engine")
            await self.say(context, message, texts.reload_failed)
            return
        await self.say(context, message, texts.reloaded.format(articles=len(engine.corpus.articles)))

    async def on_stats(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """/stats (admins): today's and yesterday's questions, the share answered, the top unanswered."""
        message, user = update.effective_message, update.effective_user
        if message is None or user is None or not await self.within_rate(context, message, update):
            return
        if user.id not in self.config.admin_ids:
            await self.say(context, message, self.config.texts.stats_denied)
            return
        await self.say(context, message, await asyncio.to_thread(self.feedback.stats))

    async def on_subscription(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """/subscribe [HH:MM] and /unsubscribe: change the chat's subscription and say what is set."""
        message = update.effective_message
        if message is None or not message.text or not self.gate.allowed(message.chat_id):
            return
        place = self.queue.join(message.chat_id)
        if not await self.within_rate(context, message, update):
            place.leave()
            return
        async with place:
            if message.text.split(maxsplit=1)[0].split("@")[0].lower() == "/unsubscribe":
                text = await self.digests.unsubscribe(message.chat_id)
            else:
                text = await self.digests.subscribe(message.chat_id, Digests.arguments(update))
            await self.say(context, message, text)

    async def on_source_button(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """The inline button under an answer: the full source paragraph."""
        await show_source(update, context, self.engine, self.config, self.sender)

    async def on_button(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A button under a reply (the next page of the day, one article): the engine's answer to the
        command it stands for, shown in place of the message it was under."""
        query = update.callback_query
        message = query.message if query else None
        if query is None or not isinstance(message, Message):
            return  # the allow-list and the rate limit were the gate's
        async with self.queue.join(message.chat_id):
            engine, data = self.engine, query.data or ""
            reply = await asyncio.to_thread(self._with_state, message.chat_id, partial(engine.press, data))
            if reply is None:
                await query.answer(self.config.texts.button_gone)
                return
            await query.answer()
            await self.sender.edit(context.bot, message, reply.blocks, keyboard(reply))

    async def on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Log the failure with its traceback and tell the user something went wrong (that the state
        store is unreachable, when that is what went wrong)."""
        update_id = update.update_id if isinstance(update, Update) else None
        text = self.config.texts.error
        if isinstance(context.error, StoreUnavailable):  # said once per outage by the store: no traceback
            text = self.config.texts.store_unavailable
            log.warning("update %s not handled: %s", update_id, context.error)
        else:
            log.error("update %s failed", update_id, exc_info=context.error)
        if isinstance(update, Update) and update.effective_chat is not None:
            with suppress(TelegramError):
                await context.bot.send_message(update.effective_chat.id, text)

    # --- the work ------------------------------------------------------------------------------

    async def serve(self, update: Update, context: ContextTypes.DEFAULT_TYPE, text: str) -> None:
        """Answer one message: in order within the chat, limits first, then the engine off the loop."""
        message = update.effective_message
        if message is None or not self.gate.allowed(message.chat_id):
            return
        # Nothing above awaits, so messages take their places in the order they arrived; the rate limit
        # is checked before waiting, so a flood is refused at once and waits on nobody.
        place = self.queue.join(message.chat_id)
        self.gate.track(message.chat_id)
        if not await self.within_rate(context, message, update):
            place.leave()
            return
        async with place:
            engine = self.engine  # a swap meanwhile does not change the engine of this answer
            async with typing(context.bot, message):
                reply = await asyncio.to_thread(
                    self._with_state, message.chat_id, partial(engine.reply, text)
                )
            entry = await asyncio.to_thread(
                self.feedback.record, engine, text, reply, message.chat_id, chat_kind(message.chat)
            )
            buttons = keyboard(reply) or source_keyboard(self.config, reply)
            buttons = self.feedback.keyboard(buttons, entry, message.chat_id)
            await self.sender.send(context.bot, message, reply.blocks, buttons)

    def _with_state(self, chat_id: int, work: Callable[[ChatState], T]) -> T:
        """``work`` given the chat's remembered state, which is stored again when it changed."""
        state = self._store().chat(chat_id)
        before = repr(state)
        result = work(state)
        if repr(state) != before:
            self._store().save_chat(chat_id, state)
        return result

    async def within_rate(self, context: ContextTypes.DEFAULT_TYPE, message: Message, update: Update) -> bool:
        """Whether the sender is within the per-user limit; the first refusal in a minute says why."""
        user = update.effective_user
        if user is None:
            return True
        verdict = await self.rate(user.id)
        if verdict == "tell":
            await self.say(context, message, self.config.texts.rate_limited)
        return verdict == "ok"

    # --- live updates and digests ------------------------------------------------------------------

    async def start_background(self, app: Application) -> None:  # type: ignore[type-arg]
        """At start: watch the corpus, keep the digest clock, send a day that arrived while stopped."""
        if self.config.corpus_poll_seconds > 0:
            every, corpus = self.config.corpus_poll_seconds, self.settings.paths.corpus
            watcher = CorpusWatcher(corpus, every, self.swap.reload, self.seen, self.digests.changing)
            self.swap.in_background(watcher.run())
        self.digests.swapped()
        self.swap.in_background(self.digests.run_clock(app.bot))

    async def stop_background(self, app: Application) -> None:  # type: ignore[type-arg]
        """At stop: cancel the watcher, the clock and unfinished digests."""
        await self.swap.cancel_all()
        await asyncio.to_thread(self.feedback.close)
        if self.store is not None:
            await asyncio.to_thread(self.store.close)

    async def say(self, context: ContextTypes.DEFAULT_TYPE, to: Message, text: str) -> None:
        """One line of the bot's own (not the engine's) as a reply to ``to``."""
        await self.sender.send(context.bot, to, [Block(style="text", text=text)])


def addressed_text(message: Message, username: str, bot_id: int) -> str | None:
    """The question in a message meant for the bot, without the bot's @mention; None when not meant for it.

    Private chats are always meant for the bot; in groups a message must mention the bot or reply to one
    of its messages.
    """
    text = message.text or ""
    if message.chat.type == Chat.PRIVATE:
        return text
    mentioned = False
    for entity, value in message.parse_entities([MessageEntity.MENTION, MessageEntity.TEXT_MENTION]).items():
        if entity.type == MessageEntity.MENTION and value[1:].lower() == username.lower():
            mentioned = True
            text = text.replace(value, " ")
        elif (
            entity.type == MessageEntity.TEXT_MENTION and entity.user is not None and entity.user.id == bot_id
        ):
            mentioned = True
    replied = message.reply_to_message
    to_bot = replied is not None and replied.from_user is not None and replied.from_user.id == bot_id
    if mentioned or to_bot:
        return re.sub(r"[ \t]{2,}", " ", text).strip()
    return None
