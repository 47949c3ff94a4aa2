"""The question log in SQLite: tables of their own in the state file (``paths.state``/state.sqlite3)."""

from __future__ import annotations

import secrets
import sqlite3
import threading
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

from bot.state.question_log import SALT_SECONDS, Choice, LogEntry, QuestionLog

SCHEMA = """
CREATE TABLE IF NOT EXISTS questions (id TEXT PRIMARY KEY, at REAL NOT NULL, data TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS questions_at ON questions (at);
CREATE TABLE IF NOT EXISTS question_votes (
    entry TEXT NOT NULL, voter TEXT NOT NULL, choice TEXT NOT NULL, at REAL NOT NULL,
    PRIMARY KEY (entry, voter));
CREATE TABLE IF NOT EXISTS day_salts (day TEXT PRIMARY KEY, salt BLOB NOT NULL, made REAL NOT NULL);
"""


class SqliteQuestionLog(QuestionLog):
    """The log beside the rest of the state, in one file; each change is one transaction."""

    def __init__(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.path = folder / "state.sqlite3"
        self._lock = threading.Lock()
        self._db = sqlite3.connect(self.path, timeout=30, check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        # a log: a power cut may cost the last entries, never the file (WAL); no sync per question
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.executescript(SCHEMA)

    def add(self, entries: Iterable[LogEntry]) -> None:
        rows = [(e.id, e.at, e.to_json()) for e in entries]
        with self._lock, self._db:
            self._db.executemany("INSERT OR IGNORE INTO questions (id, at, data) VALUES (?, ?, ?)", rows)

    def vote(self, entry_id: str, voter: str, choice: Choice) -> bool:
        with self._lock, self._db:
            taken = self._db.execute(
                "INSERT OR IGNORE INTO question_votes VALUES (?, ?, ?, ?)",
                (entry_id, voter, choice, time.time()),
            )
            return taken.rowcount == 1

    def entries(self, since: float = 0.0) -> Iterator[LogEntry]:
        votes = self.votes()
        with self._lock:
            rows = self._db.execute(
                "SELECT id, data FROM questions WHERE at >= ? ORDER BY at", (since,)
            ).fetchall()
        return (LogEntry.from_json(i, data, *votes.get(i, (0, 0))) for i, data in rows)

    def votes(self) -> dict[str, tuple[int, int]]:
        with self._lock:
            rows = self._db.execute(
                "SELECT entry, SUM(choice = 'up'), SUM(choice = 'down') FROM question_votes GROUP BY entry"
            ).fetchall()
        return {i: (up, down) for i, up, down in rows}

    def entry(self, entry_id: str) -> LogEntry | None:
        with self._lock:
            row = self._db.execute("SELECT data FROM questions WHERE id = ?", (entry_id,)).fetchone()
            up, down = self._db.execute(
                "SELECT COALESCE(SUM(choice = 'up'), 0), COALESCE(SUM(choice = 'down'), 0) "
                "FROM question_votes WHERE entry = ?",
                (entry_id,),
            ).fetchone()
        return LogEntry.from_json(entry_id, row[0], up, down) if row else None

    def forget(self, before: float, keep: int) -> int:
        with self._lock, self._db:
            old = self._db.execute(
                "SELECT id FROM questions WHERE at < ? "
                "UNION SELECT id FROM (SELECT id FROM questions ORDER BY at DESC LIMIT -1 OFFSET ?)",
                (before, keep),
            ).fetchall()
            self._db.executemany("DELETE FROM questions WHERE id = ?", old)
            self._db.executemany("DELETE FROM question_votes WHERE entry = ?", old)
            # a vote whose entry was never written (dropped) goes after a day
            self._db.execute(
                "DELETE FROM question_votes WHERE at < ? AND entry NOT IN (SELECT id FROM questions)",
                (time.time() - 86_400,),
            )
            self._db.execute("DELETE FROM day_salts WHERE made < ?", (time.time() - SALT_SECONDS,))
        return len(old)

    def salt(self, day: str) -> bytes:
        with self._lock, self._db:
            self._db.execute("BEGIN IMMEDIATE")
            self._db.execute("DELETE FROM day_salts WHERE made < ?", (time.time() - SALT_SECONDS,))
            self._db.execute(
                "INSERT OR IGNORE INTO day_salts VALUES (?, ?, ?)",
                (day, secrets.token_bytes(16), time.time()),
            )
            row = self._db.execute("SELECT salt FROM day_salts WHERE day = ?", (day,)).fetchone()
        return bytes(row[0])

    def close(self) -> None:
        with self._lock:
            self._db.close()
