"""Opens the configured state backend and the question log beside it."""

from __future__ import annotations

from bot.config import Settings
from bot.state.keys import state_key
from bot.state.question_log import QuestionLog
from bot.state.store import StateStore


def open_store(settings: Settings, bot_id: int) -> StateStore:
    """The state of the bot ``bot_id`` (from ``getMe``) in the backend named by ``state.backend``: SQLite
    under ``paths.state`` (default) or Redis at ``state.url``."""
    config = settings.state
    if config.backend == "redis":
        from bot.state.redis_store import RedisStore

        return RedisStore(config.url, config.prefix, config.chat_days, state_key(settings), bot_id)
    from bot.state.sqlite_store import SqliteStore

    return SqliteStore(settings.paths.state, config.chat_days, state_key(settings), bot_id)


def open_question_log(settings: Settings) -> QuestionLog | None:
    """The question log in the configured backend; None when ``log.enabled`` is false."""
    if not settings.log.enabled:
        return None
    config = settings.state
    if config.backend == "redis":
        from bot.state.question_log_redis import RedisQuestionLog

        return RedisQuestionLog(config.url, config.prefix, settings.log.retention_days)
    from bot.state.question_log_sqlite import SqliteQuestionLog

    return SqliteQuestionLog(settings.paths.state)
