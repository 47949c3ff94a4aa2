"""``newsbot web``: the editors' site served by uvicorn until SIGINT or SIGTERM."""

from __future__ import annotations

import logging

import uvicorn

from bot.config import ConfigError, Settings, web_token
from bot.doors.web.app import build_app
from bot.state.open import open_question_log

log = logging.getLogger(__name__)


def run_web(settings: Settings, listen: str | None = None, port: int | None = None) -> int:
    """Serve the site on ``web.listen``:``web.port`` (or the given ones); refuses to start without a token."""
    token = web_token(settings)
    if token is None:
        raise ConfigError("web: no token (set NEWSBOT_WEB_TOKEN or web.token; at least 16 characters)")
    if len(token) < 16:
        raise ConfigError("NEWSBOT_WEB_TOKEN: at least 16 characters")
    question_log = open_question_log(settings)
    if question_log is None:
        raise ConfigError("log.enabled: false: there is no question log to show")
    host, port = listen or settings.web.listen, port or settings.web.port
    app = build_app(settings, question_log, token)
    log.info("the editors' page on http://%s:%d/ (token required)", host, port)
    try:
        uvicorn.run(app, host=host, port=port, log_level="warning", server_header=False)
    finally:
        question_log.close()
    return 0
