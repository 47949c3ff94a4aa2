"""The application: python-telegram-bot built with our defaults and limits, started, run and stopped.

Start-up contacts the Bot API (retrying network trouble, each attempt logged with its cause); a
failure is one line and a non-zero exit. SIGTERM or SIGINT stops taking updates, gives the replies under
way ``telegram.shutdown_grace`` seconds, drops (and counts) the rest, and exits 0.
"""

from __future__ import annotations

import asyncio
import logging
import os
import signal
from collections.abc import Awaitable, Callable
from contextlib import suppress
from typing import TypeVar
from urllib.parse import urlsplit

from telegram import BotCommand, LinkPreviewOptions, Update
from telegram.constants import ParseMode
from telegram.error import BadRequest, InvalidToken, NetworkError, RetryAfter, TelegramError
from telegram.ext import Application, Defaults

from bot.config import (
    ConfigError,
    Settings,
    TelegramConfig,
    check_corpus,
    check_writable,
    telegram_token,
)
from bot.doors.telegram.handlers import NewsBot
from bot.doors.telegram.limits import FloodControl, RedactToken
from bot.doors.telegram.sending import describe
from bot.doors.telegram.webhook import webhook_secret, webhook_server
from bot.engine import Engine
from bot.state.open import open_store
from bot.state.store import StoreUnavailable
from bot.storage.watch import corpus_signature

log = logging.getLogger(__name__)

DEFAULTS = Defaults(parse_mode=ParseMode.HTML, link_preview_options=LinkPreviewOptions(is_disabled=True))
"""Every message the bot sends is HTML (escaped by format.py) and shows no link previews."""

UPDATES = [Update.MESSAGE, Update.CALLBACK_QUERY, Update.INLINE_QUERY]
"""The update kinds the bot asks Telegram for."""

MAX_RETRY_DELAY = 30.0

T = TypeVar("T")


class StartupError(Exception):
    """Start-up failed for a reason outside the configuration (the Bot API unreachable)."""


def build_application(settings: Settings, token: str, bot: NewsBot) -> Application:  # type: ignore[type-arg]
    """The python-telegram-bot application: base URLs, defaults, flood control, concurrency and handlers."""
    config = settings.telegram
    base_url, file_url = api_urls(config)
    app = (
        Application.builder()
        .token(token)
        .base_url(base_url)
        .base_file_url(file_url)
        .defaults(DEFAULTS)
        .rate_limiter(FloodControl(config.flood_retries))
        .concurrent_updates(config.concurrent_updates)
        .build()
    )
    bot.register(app)
    return app


def api_urls(config: TelegramConfig) -> tuple[str, str]:
    """The Bot API's base URL and base file URL (the environment's, else the config's), checked."""
    return (
        api_url("TELEGRAM_API_BASE_URL", "telegram.base_url", config.base_url),
        api_url("TELEGRAM_API_BASE_FILE_URL", "telegram.base_file_url", config.base_file_url),
    )


def api_url(variable: str, key: str, configured: str) -> str:
    """The Bot API base URL from the environment, else the config; a ConfigError naming where it came
    from when it is no http(s) URL with a host (retrying a malformed URL cannot help)."""
    value = os.environ.get(variable) or configured
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname or any(c.isspace() for c in value):
        source = variable if os.environ.get(variable) else key
        raise ConfigError(f"{source}: not an http(s) URL with a host: {value!r}")
    try:
        parts.port  # noqa: B018 (raises ValueError for a port that is no number or out of range)
    except ValueError as exc:
        raise ConfigError(f"{variable if os.environ.get(variable) else key}: {exc}: {value!r}") from None
    return value


def run_telegram(settings: Settings) -> int:
    """Run the bot until SIGINT or SIGTERM: 0 on a clean stop, 1 when the Bot API or the state store
    (Redis) cannot be reached within ``telegram.startup_retries``.

    A configuration mistake (no token, a rejected token, a webhook Telegram refuses) is a ConfigError.
    """
    token = telegram_token(settings)
    if token is None:
        raise ConfigError("telegram: no token (set TELEGRAM_BOT_TOKEN or telegram.token_file)")
    for handler in logging.getLogger().handlers:
        handler.addFilter(RedactToken(token))
    for noisy in ("httpx", "httpcore"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    config = settings.telegram
    api_urls(config)  # a malformed URL is a configuration error, found before anything loads
    check_corpus(settings)
    if settings.state.backend == "sqlite":  # one line now, not a traceback once the news are loaded
        check_writable("paths.state", settings.paths.state)
    secret = None
    if config.mode == "webhook":
        if not config.webhook.url:
            raise ConfigError("telegram.webhook.url: required in webhook mode")
        secret = webhook_secret(os.environ.get("TELEGRAM_WEBHOOK_SECRET") or config.webhook.secret_token)
    try:
        seen = corpus_signature(settings.paths.corpus)  # before loading: a change meanwhile is noticed
        engine = Engine.load(settings)
        log.info(
            "corpus: %d article(s), %d problem(s)", len(engine.corpus.articles), len(engine.corpus.problems)
        )
        bot = NewsBot(settings, engine, seen)
        app = build_application(settings, token, bot)
        asyncio.run(serve(app, bot, config, secret))
    except InvalidToken:
        # python-telegram-bot's message quotes the token: say it in our own words instead.
        raise ConfigError("telegram: the Bot API rejected the token") from None
    except StartupError as exc:
        log.error("start-up failed: %s", exc)
        return 1
    if bot.gate.dropped:
        log.info("stopped; %d update(s) dropped unanswered at shutdown", bot.gate.dropped)
    else:
        log.info("stopped")
    return 0


async def serve(app: Application, bot: NewsBot, config: TelegramConfig, secret: str | None) -> None:  # type: ignore[type-arg]
    """Start, take updates until a stop signal, then stop within the grace."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    retries = config.startup_retries
    if not await retrying("connecting to the Bot API (getMe)", app.initialize, retries, stop):
        return

    async def open_state() -> None:  # the state is the bot's own: keyed by its id from getMe
        bot.attach(await asyncio.to_thread(open_store, bot.settings, app.bot.id))

    try:
        if not await retrying("opening the state store", open_state, retries, stop):
            return
        await register_commands(app, config)
        await app.start()
        server = None
        if secret is not None:
            server = webhook_server(app, config.webhook.path, secret)
            try:
                server.listen(config.webhook.port, config.webhook.listen)
            except OSError as exc:
                raise ConfigError(
                    f"telegram.webhook: cannot listen on {config.webhook.listen}:{config.webhook.port}: "
                    f"{exc.strerror or exc}"
                ) from None
            url = config.webhook.url or ""

            def set_webhook() -> Awaitable[bool]:
                return app.bot.set_webhook(url, secret_token=secret, allowed_updates=UPDATES)

            started = await retrying("setWebhook", set_webhook, retries, stop)
        else:
            updater = app.updater
            assert updater is not None  # the builder makes one

            def start_polling() -> Awaitable[asyncio.Queue[object]]:
                return updater.start_polling(allowed_updates=UPDATES, error_callback=polling_failed)

            started = await retrying("starting to poll (deleteWebhook)", start_polling, retries, stop)
        if started:
            await bot.start_background(app)
            log.info("bot @%s ready (%s mode)", app.bot.username, config.mode)
            await stop.wait()
        log.info("stopping: no new updates; %.0f s for the replies under way", config.shutdown_grace)
        if server is not None:
            server.stop()
        if app.updater is not None and app.updater.running:
            await app.updater.stop()
        await stop_within_grace(app, bot, config.shutdown_grace)
    finally:
        if app.updater is not None and app.updater.running:
            await app.updater.stop()
        if app.running:
            await app.stop()
        await bot.stop_background(app)
        await app.shutdown()


async def stop_within_grace(app: Application, bot: NewsBot, grace: float) -> None:  # type: ignore[type-arg]
    """Let the updates already taken finish for ``grace`` seconds, then drop the rest (logged)."""
    if not app.running:
        return
    stopping = asyncio.create_task(app.stop())
    done, _ = await asyncio.wait({stopping}, timeout=grace)
    if not done:
        bot.gate.drop_backlog(grace)
        await stopping


async def retrying(what: str, call: Callable[[], Awaitable[T]], retries: int, stop: asyncio.Event) -> bool:
    """Call until it succeeds (True), retrying network trouble ``retries`` times (-1: until stopped).

    Each failed attempt is logged with its cause. False when a stop signal came meanwhile; a
    StartupError when the retries are spent; a ConfigError when Telegram refuses the request itself.
    (python-telegram-bot's ``bootstrap_retries`` covers deleteWebhook/setWebhook only, not getMe, and
    does not wake on a stop signal: this one loop serves all three.)
    """
    attempt = 0
    while True:
        attempt += 1
        try:
            await call()
            return True
        except BadRequest as exc:  # a NetworkError in python-telegram-bot, but retrying cannot help
            raise ConfigError(f"telegram: {what}: Telegram refused it: {exc}") from None
        except (NetworkError, RetryAfter) as exc:
            cause = describe(exc)
        except StoreUnavailable as exc:  # Redis not up yet: waited for like the Bot API
            cause = str(exc)
        if 0 <= retries < attempt:
            raise StartupError(f"{what}: {cause} (gave up after {attempt} attempt(s))")
        delay = min(2.0 ** (attempt - 1), MAX_RETRY_DELAY)
        of = f"/{retries + 1}" if retries >= 0 else " (startup_retries: -1, retrying until stopped)"
        log.warning("start-up: %s failed, attempt %d%s: %s; next in %.0f s", what, attempt, of, cause, delay)
        with suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), delay)
        if stop.is_set():
            return False


def polling_failed(exc: TelegramError) -> None:
    """Network trouble while fetching updates: one line (python-telegram-bot retries with back-off)."""
    log.warning("fetching updates failed: %s (retrying)", describe(exc))


async def register_commands(app: Application, config: TelegramConfig) -> None:  # type: ignore[type-arg]
    """The command menu users see; a refusal is logged and the bot runs on without it."""
    commands = [BotCommand(name, text) for name, text in config.commands.items()]
    try:
        await app.bot.set_my_commands(commands)
    except TelegramError as exc:
        log.warning("could not register the command menu: %s", exc)
