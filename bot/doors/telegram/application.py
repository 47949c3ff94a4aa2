"""The application: python-telegram-bot built with our defaults and limits, run by polling or webhook."""

from __future__ import annotations

import logging
import os

from telegram import BotCommand, LinkPreviewOptions, Update
from telegram.constants import ParseMode
from telegram.error import InvalidToken, TelegramError
from telegram.ext import Application, Defaults

from bot.config import ConfigError, Settings, telegram_token
from bot.doors.telegram.handlers import NewsBot
from bot.doors.telegram.limits import FloodControl, RedactToken
from bot.engine import Engine, corpus_signature, open_store

log = logging.getLogger(__name__)

DEFAULTS = Defaults(parse_mode=ParseMode.HTML, link_preview_options=LinkPreviewOptions(is_disabled=True))
"""Every message the bot sends is HTML (escaped by format.py) and shows no link previews."""


def build_application(settings: Settings, token: str, bot: NewsBot) -> Application:  # type: ignore[type-arg]
    """The python-telegram-bot application: base URLs, defaults, flood control, concurrency and handlers."""
    config = settings.telegram

    async def post_init(app: Application) -> None:  # type: ignore[type-arg]
        """Register the command menu once the bot knows who it is."""
        commands = [BotCommand(name, text) for name, text in config.commands.items()]
        try:
            await app.bot.set_my_commands(commands)
        except TelegramError as exc:
            log.warning("could not register the command menu: %s", exc)
        await bot.start_background(app)
        log.info("bot @%s ready (%s mode)", app.bot.username, config.mode)

    app = (
        Application.builder()
        .token(token)
        .base_url(os.environ.get("TELEGRAM_API_BASE_URL") or config.base_url)
        .base_file_url(os.environ.get("TELEGRAM_API_BASE_FILE_URL") or config.base_file_url)
        .defaults(DEFAULTS)
        .rate_limiter(FloodControl(config.flood_retries))
        .concurrent_updates(config.concurrent_updates)
        .post_init(post_init)
        .post_stop(bot.stop_background)
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
    store = open_store(settings)
    seen = corpus_signature(settings.paths.corpus)  # before loading: a change meanwhile is noticed
    engine = Engine.load(settings)
    log.info("corpus: %d article(s), %d problem(s)", len(engine.corpus.articles), len(engine.corpus.problems))
    app = build_application(settings, token, NewsBot(settings, engine, store, seen))
    updates = [Update.MESSAGE, Update.CALLBACK_QUERY, Update.INLINE_QUERY]
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
