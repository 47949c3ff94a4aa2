"""Opens the configured state backend."""

from __future__ import annotations

from bot.config import Settings
from bot.state.store import StateStore


def open_store(settings: Settings, bot_id: int) -> StateStore:
    """The state of the bot ``bot_id`` (from ``getMe``) in the backend named by ``state.backend``: SQLite
    under ``paths.state`` (default) or Redis at ``state.url``."""
    config = settings.state
    if config.backend == "redis":
        from bot.state.redis_store import RedisStore

        return RedisStore(config.url, config.prefix, config.chat_days, bot_id)
    from bot.state.sqlite_store import SqliteStore

    return SqliteStore(settings.paths.state, config.chat_days, bot_id)
