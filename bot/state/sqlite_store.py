"""The default backend: one SQLite file per bot under ``paths.state`` (``bot7000001.sqlite3``, named by
the bot's id from ``getMe``); every change is one transaction. The file records its bot: opened by
another bot (a copied or renamed file) it refuses to start. The subscriptions, claims and chat states of
``state.sqlite3`` (where every bot of a folder kept them before) move to the first bot that starts.

Several processes on one machine may share the file (claims stay exactly-once), but rate limits are
counted per process: use the Redis backend for replicas.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
import time
from pathlib import Path

from bot.config import ConfigError
from bot.state.chat import ChatState
from bot.state.keys import keyed
from bot.state.ratelimit import UserRateLimit
from bot.state.store import (
    CLAIM_SECONDS,
    StateStore,
    Subscription,
    Verdict,
    chat_state_from_json,
    chat_state_json,
)

# Chats' follow-up state is kept under a keyed hash of the chat (``keys.keyed``), never its id; the table
# of earlier versions, keyed by chat id, is dropped.
SCHEMA = """
DROP TABLE IF EXISTS chats;
CREATE TABLE IF NOT EXISTS chat_states (chat TEXT PRIMARY KEY, state TEXT NOT NULL, updated REAL NOT NULL);
CREATE TABLE IF NOT EXISTS subscriptions (chat_id INTEGER PRIMARY KEY, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS claims (key TEXT PRIMARY KEY, expires REAL NOT NULL);
CREATE TABLE IF NOT EXISTS owner (only INTEGER PRIMARY KEY CHECK (only = 1), bot_id INTEGER NOT NULL);
"""
LEGACY = "state.sqlite3"
"""The one file every bot of a folder shared before state was kept per bot."""


FORGET_EVERY = 3600
"""Seconds between deletions of expired chat states while running (also done at every start)."""


log = logging.getLogger(__name__)


MOVED = ("subscriptions", "claims", "chat_states")
"""What a bot takes over from the shared file of old (which keeps the rest, such as the question log)."""


def _take_over(db: sqlite3.Connection, legacy: Path) -> int:
    """Move the subscriptions, claims and chat states of the shared file of old into this bot's new file,
    in one transaction (a second bot finds them gone); how many rows moved."""
    db.execute("ATTACH DATABASE ? AS old", (str(legacy),))
    try:
        tables = {name for (name,) in db.execute("SELECT name FROM old.sqlite_master WHERE type = 'table'")}
        moved = 0
        db.execute("BEGIN IMMEDIATE")
        try:
            for table in (t for t in MOVED if t in tables):
                moved += db.execute(f"INSERT OR IGNORE INTO main.{table} SELECT * FROM old.{table}").rowcount
                db.execute(f"DELETE FROM old.{table}")
            db.execute("COMMIT")
        except sqlite3.Error:
            db.execute("ROLLBACK")
            raise
    finally:
        db.execute("DETACH DATABASE old")
    return moved


class SqliteStore(StateStore):
    """State in ``<folder>/bot<id>.sqlite3`` (WAL journal, so a crash loses at most the change being made)."""

    def __init__(self, folder: Path, chat_days: float, key: bytes, bot_id: int) -> None:
        self.path = folder / f"bot{bot_id}.sqlite3"
        self.chat_seconds = chat_days * 86_400
        self.key = key
        self._lock = threading.Lock()
        self._rate_lock = threading.Lock()
        try:  # a folder the bot cannot write is one line at start, not a traceback on every message
            folder.mkdir(parents=True, exist_ok=True)
            new = not self.path.exists()
            self._db = sqlite3.connect(self.path, timeout=30, check_same_thread=False, isolation_level=None)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.executescript(SCHEMA)
            if new and (folder / LEGACY).is_file() and (moved := _take_over(self._db, folder / LEGACY)):
                log.warning(
                    "state: %d row(s) of %s (kept before state was per bot) are now bot %s's",
                    moved,
                    folder / LEGACY,
                    bot_id,
                )
            self._db.execute("INSERT OR IGNORE INTO owner VALUES (1, ?)", (bot_id,))
            (owner,) = self._db.execute("SELECT bot_id FROM owner").fetchone()
        except (OSError, sqlite3.Error) as exc:
            raise ConfigError(f"paths.state: {folder}: cannot keep the state there ({exc})") from None
        if owner != bot_id:
            self._db.close()
            raise ConfigError(
                f"paths.state: {self.path} is the state of bot {owner}, not of this bot ({bot_id}); "
                "give each bot its own file"
            )
        self._rates: dict[int, UserRateLimit] = {}
        self._forgotten = time.time()
        self._forget_old()

    def _forget_old(self) -> None:
        now = time.time()
        with self._lock, self._db:
            self._db.execute("DELETE FROM chat_states WHERE updated < ?", (now - self.chat_seconds,))
            self._db.execute("DELETE FROM claims WHERE expires < ?", (now,))

    def chat(self, chat_id: int) -> ChatState:
        with self._lock:
            row = self._db.execute(
                "SELECT state FROM chat_states WHERE chat = ? AND updated >= ?",
                (keyed(self.key, "chat", chat_id), time.time() - self.chat_seconds),
            ).fetchone()
        return chat_state_from_json(row[0] if row else None)

    def save_chat(self, chat_id: int, state: ChatState) -> None:
        now = time.time()
        with self._lock, self._db:
            self._db.execute(
                "INSERT OR REPLACE INTO chat_states VALUES (?, ?, ?)",
                (keyed(self.key, "chat", chat_id), chat_state_json(state), now),
            )
            if now - self._forgotten > FORGET_EVERY:
                self._forgotten = now
                self._db.execute("DELETE FROM chat_states WHERE updated < ?", (now - self.chat_seconds,))

    def rate(self, user_id: int, per_minute: int) -> Verdict:
        with self._rate_lock:  # not the database's lock: counting never waits for a write
            limit = self._rates.setdefault(per_minute, UserRateLimit(per_minute))
            return limit.check(user_id)

    def subscribe(self, subscription: Subscription) -> None:
        with self._lock, self._db:
            self._db.execute(
                "INSERT OR REPLACE INTO subscriptions VALUES (?, ?)",
                (subscription.chat_id, subscription.to_json()),
            )

    def unsubscribe(self, chat_id: int) -> bool:
        with self._lock, self._db:
            return self._db.execute("DELETE FROM subscriptions WHERE chat_id = ?", (chat_id,)).rowcount > 0

    def subscription(self, chat_id: int) -> Subscription | None:
        with self._lock:
            row = self._db.execute("SELECT data FROM subscriptions WHERE chat_id = ?", (chat_id,)).fetchone()
        return Subscription.from_json(row[0]) if row else None

    def subscriptions(self) -> list[Subscription]:
        with self._lock:
            rows = self._db.execute("SELECT data FROM subscriptions ORDER BY chat_id").fetchall()
        return [Subscription.from_json(data) for (data,) in rows]

    def claim(self, key: str, seconds: float = CLAIM_SECONDS) -> bool:
        now = time.time()
        with self._lock, self._db:
            self._db.execute("BEGIN IMMEDIATE")
            self._db.execute("DELETE FROM claims WHERE key = ? AND expires < ?", (key, now))
            taken = self._db.execute("INSERT OR IGNORE INTO claims VALUES (?, ?)", (key, now + seconds))
            return taken.rowcount == 1

    def close(self) -> None:
        with self._lock:
            self._db.close()
