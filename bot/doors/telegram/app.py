"""The Telegram door: python-telegram-bot 22 in front of the same engine as the console.

A thin layer: it decides whether a message is meant for the bot, asks the engine (off the event loop,
one message of a chat at a time), and sends the engine's reply as escaped HTML. Limits (per-user rate,
allowed chats, admins), flood control, errors, polling or webhook and graceful shutdown live here too.
"""

from __future__ import annotations

import asyncio
import logging
import os
import re
import time
import weakref
from collections import OrderedDict, deque
from collections.abc import AsyncIterator, Callable, Coroutine
from contextlib import asynccontextmanager, suppress
from typing import Any

from telegram import (
    BotCommand,
    Chat,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    LinkPreviewOptions,
    Message,
    MessageEntity,
    ReplyParameters,
    Update,
)
from telegram.constants import ChatAction, ParseMode
from telegram.error import BadRequest, Forbidden, InvalidToken, NetworkError, TelegramError
from telegram.ext import (
    AIORateLimiter,
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from bot.config import ConfigError, Settings, telegram_token
from bot.doors.telegram.format import render_messages
from bot.engine import Block, ChatState, Engine, Reply

log = logging.getLogger(__name__)

ENGINE_COMMANDS = ("start", "help", "summary", "who", "articles")
"""Commands the engine answers; /reload is the bot's own."""

MAX_CHATS_REMEMBERED = 10_000
"""Chat states kept (least recently used dropped first), so memory stays bounded."""

TYPING_EVERY = 4.5
"""Seconds between typing indicators (Telegram shows one for about five seconds)."""

SOURCE_DATA = re.compile(r"^src\|(?P<article>[^|]+)\|(?P<paragraph>\d+)$")


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


FORGET_USERS_ABOVE = 10_000


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


class NewsBot:
    """The handlers, the current engine and the per-chat state of one running bot."""

    def __init__(self, settings: Settings, engine: Engine) -> None:
        self.settings = settings
        self.config = settings.telegram
        self.engine = engine
        self.rate_limit = UserRateLimit(self.config.rate_limit_per_minute)
        self._states: OrderedDict[int, ChatState] = OrderedDict()
        self._locks: weakref.WeakValueDictionary[int, asyncio.Lock] = weakref.WeakValueDictionary()
        self._reload_lock = asyncio.Lock()

    def register(self, app: Application) -> None:  # type: ignore[type-arg]
        """Attach every handler to the application."""
        new = filters.UpdateType.MESSAGE
        app.add_handler(CommandHandler(list(ENGINE_COMMANDS), self.on_command, filters=new))
        app.add_handler(CommandHandler("reload", self.on_reload, filters=new))
        app.add_handler(MessageHandler(new & filters.TEXT & ~filters.COMMAND, self.on_text))
        app.add_handler(MessageHandler(new & filters.COMMAND, self.on_other_command))
        app.add_handler(MessageHandler(new & filters.ChatType.PRIVATE & ~filters.TEXT, self.on_not_text))
        app.add_handler(CallbackQueryHandler(self.on_source_button, pattern=SOURCE_DATA.pattern))
        app.add_error_handler(self.on_error)

    async def post_init(self, app: Application) -> None:  # type: ignore[type-arg]
        """Register the command menu once the bot knows who it is."""
        commands = [BotCommand(name, text) for name, text in self.config.commands.items()]
        try:
            await app.bot.set_my_commands(commands)
        except TelegramError as exc:
            log.warning("could not register the command menu: %s", exc)
        log.info("bot @%s ready (%s mode)", app.bot.username, self.config.mode)

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
        if message is None or user is None or not self.allowed(message.chat_id):
            return
        texts = self.config.texts
        if user.id not in self.config.admin_ids:
            await self.send(context, message, [Block(style="text", text=texts.reload_denied)])
            return
        async with self._reload_lock:
            try:
                engine = await asyncio.to_thread(Engine.load, self.settings)
            except Exception:
                log.exception("reload failed; keeping the current engine")
                await self.send(context, message, [Block(style="text", text=texts.reload_failed)])
                return
            self.engine = engine
        log.info("reloaded: %d article(s)", len(engine.corpus.articles))
        text = texts.reloaded.format(articles=len(engine.corpus.articles))
        await self.send(context, message, [Block(style="text", text=text)])

    async def on_source_button(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """The inline button under an answer: the full source paragraph."""
        query = update.callback_query
        match = SOURCE_DATA.match(query.data or "") if query else None
        if query is None or match is None:
            return
        article = self.engine.articles.get(match["article"])
        index = int(match["paragraph"])
        if article is None or index >= len(article.paragraphs):
            await query.answer(self.config.texts.source_gone)
            return
        await query.answer()
        message = query.message
        if isinstance(message, Message):
            blocks = [
                Block(style="heading", text=article.headline),
                Block(style="text", text=article.paragraphs[index].text),
            ]
            await self.send(context, message, blocks)

    async def on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Log the failure (compactly for network trouble while fetching updates) and tell the user."""
        error = context.error
        if update is None and isinstance(error, TelegramError):
            log.warning("fetching updates failed: %s: %s (retrying)", type(error).__name__, error)
            return
        update_id = update.update_id if isinstance(update, Update) else None
        log.error("update %s failed", update_id, exc_info=error)
        if isinstance(update, Update) and update.effective_chat is not None:
            with suppress(TelegramError):
                await context.bot.send_message(update.effective_chat.id, self.config.texts.error)

    # --- the work ------------------------------------------------------------------------------

    def allowed(self, chat_id: int) -> bool:
        """Whether this chat may use the bot (an empty allow-list allows every chat)."""
        return not self.config.allowed_chats or chat_id in self.config.allowed_chats

    async def serve(self, update: Update, context: ContextTypes.DEFAULT_TYPE, text: str) -> None:
        """Answer one message: limits first, then the engine off the loop, in order within the chat."""
        message, user = update.effective_message, update.effective_user
        if message is None or not self.allowed(message.chat_id):
            return
        # Nothing above awaits, so messages reach the chat's lock in the order they arrived.
        verdict = self.rate_limit.check(user.id) if user is not None else "ok"
        if verdict != "ok":
            if verdict == "tell":
                await self.send(context, message, [Block(style="text", text=self.config.texts.rate_limited)])
            return
        async with self._lock(message.chat_id):
            engine = self.engine  # a /reload meanwhile does not change the engine of this answer
            async with self.typing(context, message):
                reply = await asyncio.to_thread(engine.reply, text, self._state(message.chat_id))
            await self.send(context, message, reply.blocks, self.source_keyboard(reply))

    def source_keyboard(self, reply: Reply) -> InlineKeyboardMarkup | None:
        """A button that shows the top source paragraph, when enabled and the reply has a source."""
        if not (self.config.source_button and reply.found and reply.sources):
            return None
        source = reply.sources[0]
        data = f"src|{source.article_id}|{source.paragraph}"
        if len(data.encode()) > 64 or not SOURCE_DATA.match(data):
            return None
        button = InlineKeyboardButton(self.config.texts.source_button, callback_data=data)
        return InlineKeyboardMarkup([[button]])

    async def send(
        self,
        context: ContextTypes.DEFAULT_TYPE,
        to: Message,
        blocks: list[Block],
        keyboard: InlineKeyboardMarkup | None = None,
    ) -> None:
        """Send blocks as HTML messages; in groups the first quotes the question, the last has the button."""
        messages = render_messages(blocks) or render_messages(
            [Block(style="text", text=self.config.texts.no_content)]
        )
        quote = to.chat.type != Chat.PRIVATE
        for i, html_text in enumerate(messages):
            reply_to = (
                ReplyParameters(to.message_id, allow_sending_without_reply=True) if quote and i == 0 else None
            )
            markup = keyboard if i == len(messages) - 1 else None
            await self._send_one(context, to, html_text, reply_to, markup)

    async def _send_one(
        self,
        context: ContextTypes.DEFAULT_TYPE,
        to: Message,
        html_text: str,
        reply_to: ReplyParameters | None,
        markup: InlineKeyboardMarkup | None,
    ) -> None:
        """One sendMessage, retried after network errors and HTTP 5xx (flood control is the rate limiter's)."""
        delay = 0.5
        for attempt in range(self.config.send_retries + 1):
            try:
                await context.bot.send_message(
                    to.chat_id,
                    html_text,
                    parse_mode=ParseMode.HTML,
                    reply_parameters=reply_to,
                    reply_markup=markup,
                    message_thread_id=to.message_thread_id if to.is_topic_message else None,
                    link_preview_options=LinkPreviewOptions(is_disabled=True),
                )
                return
            except Forbidden as exc:
                log.info("chat %s cannot be written to: %s", to.chat_id, exc)
                return
            except BadRequest:
                raise
            except NetworkError as exc:
                if attempt == self.config.send_retries:
                    raise
                log.warning("sending to chat %s failed (%s); retrying in %.1fs", to.chat_id, exc, delay)
                await asyncio.sleep(delay)
                delay *= 2

    @asynccontextmanager
    async def typing(self, context: ContextTypes.DEFAULT_TYPE, message: Message) -> AsyncIterator[None]:
        """Show 'typing…' in the chat now, and again every few seconds until the block ends."""
        thread = message.message_thread_id if message.is_topic_message else None

        async def show() -> None:
            with suppress(TelegramError):
                await context.bot.send_chat_action(
                    message.chat_id, ChatAction.TYPING, message_thread_id=thread
                )

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

    def _lock(self, chat_id: int) -> asyncio.Lock:
        lock = self._locks.get(chat_id)
        if lock is None:
            lock = asyncio.Lock()
            self._locks[chat_id] = lock
        return lock

    def _state(self, chat_id: int) -> ChatState:
        state = self._states.pop(chat_id, None) or ChatState()
        self._states[chat_id] = state
        while len(self._states) > MAX_CHATS_REMEMBERED:
            self._states.popitem(last=False)
        return state


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


def build_application(settings: Settings, token: str, bot: NewsBot) -> Application:  # type: ignore[type-arg]
    """The python-telegram-bot application: base URLs, flood control, concurrency and handlers."""
    config = settings.telegram
    app = (
        Application.builder()
        .token(token)
        .base_url(os.environ.get("TELEGRAM_API_BASE_URL") or config.base_url)
        .base_file_url(os.environ.get("TELEGRAM_API_BASE_FILE_URL") or config.base_file_url)
        .rate_limiter(FloodControl(max_retries=config.flood_retries))
        .concurrent_updates(config.concurrent_updates)
        .post_init(bot.post_init)
        .build()
    )
    bot.register(app)
    return app


def run_telegram(settings: Settings) -> int:
    """Run the bot until SIGINT or SIGTERM, finishing the replies in flight; 0 on a clean stop."""
    token = telegram_token(settings)
    if token is None:
        raise ConfigError("telegram: no token (set TELEGRAM_BOT_TOKEN or telegram.token_file)")
    for handler in logging.getLogger().handlers:
        handler.addFilter(RedactToken(token))
    for noisy in ("httpx", "httpcore"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    config = settings.telegram
    webhook = config.webhook
    secret = os.environ.get("TELEGRAM_WEBHOOK_SECRET") or webhook.secret_token
    if config.mode == "webhook" and not webhook.url:
        raise ConfigError("telegram.webhook.url: required in webhook mode")
    engine = Engine.load(settings)
    log.info("corpus: %d article(s), %d problem(s)", len(engine.corpus.articles), len(engine.corpus.problems))
    app = build_application(settings, token, NewsBot(settings, engine))
    updates = [Update.MESSAGE, Update.CALLBACK_QUERY]
    try:
        if config.mode == "webhook":
            app.run_webhook(
                listen=webhook.listen,
                port=webhook.port,
                url_path=webhook.path,
                webhook_url=webhook.url,
                secret_token=secret,
                allowed_updates=updates,
                bootstrap_retries=config.startup_retries,
            )
        else:
            app.run_polling(allowed_updates=updates, bootstrap_retries=config.startup_retries)
    except InvalidToken:
        # python-telegram-bot's message quotes the token: say it in our own words instead.
        raise ConfigError("telegram: the Bot API rejected the token") from None
    log.info("stopped")
    return 0
