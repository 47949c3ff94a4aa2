"""The webhook's HTTP server: takes updates only from Telegram (the secret header), logs what it refuses.

Telegram sends the secret given to ``setWebhook`` in ``X-Telegram-Bot-Api-Secret-Token`` with every
update; any request without it is answered 403 and logged, so a stranger who finds the URL cannot
inject updates.
"""

from __future__ import annotations

import hmac
import json
import logging
import re
import secrets

import tornado.httpserver
import tornado.web
from telegram import Update
from telegram.ext import Application

from bot.config import ConfigError

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
VALID_SECRET = re.compile(r"[A-Za-z0-9_-]{1,256}")
"""What Telegram accepts as a secret token."""

MAX_BODY = 1 << 20
"""An update is a few KB; a larger request body is refused before it is read."""


def webhook_secret(configured: str | None) -> str:
    """The secret for this run: the configured one if valid, else a new random one (and a log line)."""
    if configured is None:
        secret = secrets.token_urlsafe(32)
        log.warning(
            "webhook: no secret token configured (TELEGRAM_WEBHOOK_SECRET or telegram.webhook.secret_token); "
            "using a random one for this run"
        )
        return secret
    if not VALID_SECRET.fullmatch(configured):
        raise ConfigError(
            "telegram.webhook.secret_token (or TELEGRAM_WEBHOOK_SECRET): "
            "Telegram allows 1-256 characters of A-Z a-z 0-9 _ -"
        )
    return configured


class UpdateReceiver(tornado.web.RequestHandler):
    """POST /path: one update from Telegram, put on the application's queue."""

    def initialize(self, app: Application, secret: str) -> None:  # type: ignore[type-arg, override]
        self.app = app
        self.secret = secret

    async def post(self) -> None:
        given = self.request.headers.get(SECRET_HEADER, "")
        if not hmac.compare_digest(given.encode(), self.secret.encode()):
            reason = "a wrong secret token" if given else "no secret token"
            log.warning("webhook: refused a request from %s with %s (403)", self._peer(), reason)
            self.send_error(403)
            return
        try:
            data = json.loads(self.request.body)
            if not isinstance(data, dict):
                raise ValueError(f"the body is a JSON {type(data).__name__}, not an object")
            number = data.get("update_id")
            if not isinstance(number, int) or isinstance(number, bool):
                raise ValueError("update_id is not an integer")
            update = Update.de_json(data, self.app.bot)
        except (ValueError, TypeError, KeyError, AttributeError) as exc:
            log.warning("webhook: refused a request that is not an update (400): %s", exc)
            self.send_error(400)
            return
        await self.app.update_queue.put(update)
        self.set_status(200)

    def _peer(self) -> str:
        forwarded = self.request.headers.get("X-Forwarded-For")
        return (
            f"{self.request.remote_ip} (forwarded for {forwarded})"
            if forwarded
            else str(self.request.remote_ip)
        )


def webhook_server(app: Application, path: str, secret: str) -> tornado.httpserver.HTTPServer:  # type: ignore[type-arg]
    """The HTTP server for ``/path`` (not yet listening); tornado's own request log is off."""
    routes = [(rf"/{re.escape(path.strip('/'))}/?", UpdateReceiver, {"app": app, "secret": secret})]
    web_app = tornado.web.Application(routes, log_function=lambda handler: None)
    return tornado.httpserver.HTTPServer(web_app, max_body_size=MAX_BODY)
