"""Writes the question log from a thread of its own: a reply never waits on the store, and a store that
is slow or down costs entries (counted, warned once per outage), never answers."""

from __future__ import annotations

import datetime as dt
import logging
import queue
import threading
import time
from collections.abc import Callable
from functools import partial
from zoneinfo import ZoneInfo

from bot.state.keys import keyed
from bot.state.question_log import LogEntry, QuestionLog

log = logging.getLogger(__name__)

QUEUE_SIZE = 10_000
"""Entries waiting to be written at most; more are dropped (and counted) rather than held in memory."""
BATCH = 500
FORGET_EVERY = 3600.0
"""Seconds between deletions of entries past ``log.retention_days`` (also done at start)."""


class LogWriter:
    """Queues entries and writes them in batches; each entry's reader hash is made here, from the chat id
    (which never leaves this process's memory) under the day's salt."""

    def __init__(self, store: QuestionLog, zone: ZoneInfo, retention_days: float, max_entries: int) -> None:
        self.store = store
        self.zone = zone
        self.retention_seconds = retention_days * 86_400
        self.max_entries = max_entries
        self.dropped = 0
        self._queue: queue.Queue[tuple[LogEntry, int] | None] = queue.Queue(QUEUE_SIZE)
        self._salts: dict[str, bytes] = {}
        self._failing = False
        self._thread = threading.Thread(target=self._run, name="question-log", daemon=True)
        self._thread.start()

    def put(self, entry: LogEntry, chat_id: int) -> None:
        """Queue one entry (never blocks); ``chat_id`` only makes the day's reader hash."""
        try:
            self._queue.put_nowait((entry, chat_id))
        except queue.Full:
            self.dropped += 1
            if self.dropped == 1 or self.dropped % 1000 == 0:
                log.warning("question log: the store is behind; %d entries dropped so far", self.dropped)

    def close(self, timeout: float = 10.0) -> None:
        """Write what is queued (within ``timeout``) and stop the thread."""
        self._queue.put(None)
        self._thread.join(timeout)

    def _run(self) -> None:
        forgotten = 0.0
        while True:
            if time.time() - forgotten > FORGET_EVERY:
                forgotten = time.time()
                self._guarded(self._forget)
            try:
                first = self._queue.get(timeout=60)
            except queue.Empty:
                continue
            batch = [first]
            while len(batch) < BATCH and not self._queue.empty():
                batch.append(self._queue.get_nowait())
            entries = [item for item in batch if item is not None]
            if entries:
                self._guarded(partial(self._write, entries))
            if None in batch:
                return

    def _write(self, entries: list[tuple[LogEntry, int]]) -> None:
        self.store.add([self._with_reader(entry, chat_id) for entry, chat_id in entries])

    def _with_reader(self, entry: LogEntry, chat_id: int) -> LogEntry:
        day = dt.datetime.fromtimestamp(entry.at, self.zone).date().isoformat()
        salt = self._salts.get(day)
        if salt is None:
            self._salts = {day: self.store.salt(day)}  # yesterday's salt is forgotten here too
            salt = self._salts[day]
        entry.reader = keyed(salt, chat_id)[:16]
        return entry

    def _forget(self) -> None:
        gone = self.store.forget(time.time() - self.retention_seconds, self.max_entries)
        if gone:
            log.info("question log: %d entries past log.retention_days or log.max_entries deleted", gone)

    def _guarded(self, work: Callable[[], object]) -> None:
        """Run a store call; a failure is one warning per outage, the entries are lost."""
        try:
            work()
        except Exception as exc:
            if not self._failing:
                log.warning(
                    "question log: cannot write to the state store (%s); entries are lost meanwhile", exc
                )
            self._failing = True
        else:
            if self._failing:
                log.info("question log: writing again")
            self._failing = False
