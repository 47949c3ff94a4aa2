"""The question log as the editors' pages see it: held in memory, refreshed with what is new.

A page is a pass over the entries kept in memory (a year of questions is some hundred thousand), so
it costs the same whichever backend holds the log; a refresh reads only the entries newer than the
last seen, and the vote counts.
"""

from __future__ import annotations

import threading
import time

from bot.state.question_log import LogEntry, QuestionLog

LATE_SECONDS = 300
"""Entries may reach the store up to this long after they were asked (queues, replicas' clocks)."""


class LogView:
    """The entries of the log, oldest first, with their current vote counts."""

    def __init__(self, log: QuestionLog, retention_days: float, max_entries: int) -> None:
        self.log = log
        self.retention_seconds = retention_days * 86_400
        self.max_entries = max_entries
        self.entries: list[LogEntry] = []
        self._ids: set[str] = set()
        self._voted: dict[str, LogEntry] = {}
        self._lock = threading.Lock()

    def refresh(self) -> None:
        """Take in what was logged since the last refresh and the current votes; drop expired entries."""
        with self._lock:
            since = self.entries[-1].at - LATE_SECONDS if self.entries else 0.0
            new = [e for e in self.log.entries(since) if e.id not in self._ids]
            if new:
                late = bool(self.entries) and new[0].at < self.entries[-1].at
                self.entries.extend(new)
                self._ids.update(e.id for e in new)
                if late:
                    self.entries.sort(key=lambda e: e.at)
            self._drop_old()
            self._apply_votes(self.log.votes())

    def _drop_old(self) -> None:
        cutoff = time.time() - self.retention_seconds
        over = len(self.entries) - self.max_entries
        first = 0
        while first < len(self.entries) and (first < over or self.entries[first].at < cutoff):
            first += 1
        for entry in self.entries[:first]:
            self._ids.discard(entry.id)
            self._voted.pop(entry.id, None)
        del self.entries[:first]

    def _apply_votes(self, votes: dict[str, tuple[int, int]]) -> None:
        for entry_id in [i for i in self._voted if i not in votes]:
            entry = self._voted.pop(entry_id)
            entry.up = entry.down = 0
        missing = [i for i in votes if i not in self._voted and i in self._ids]
        if missing:
            wanted = set(missing)
            self._voted.update((e.id, e) for e in self.entries if e.id in wanted)
        for entry_id, entry in self._voted.items():
            entry.up, entry.down = votes[entry_id]

    def marked_wrong(self) -> list[LogEntry]:
        """The answers readers marked 👎, newest first."""
        return sorted((e for e in self._voted.values() if e.down), key=lambda e: -e.at)

    def news_days(self) -> list[str]:
        """The days of news asked about, newest first."""
        return sorted({e.day for e in self.entries if e.day}, reverse=True)
