"""The question log as the editors' pages see it: held in memory with its sums kept up to date.

The entries are read once at start, then each request takes in only those newer than the last seen
and the current vote counts. The sums the pages show (per day, the unanswered questions grouped, the
articles per day of news) change by each entry taken in or dropped, so a page costs what it shows,
not the size of the log, whichever backend holds it.
"""

from __future__ import annotations

import threading
import time
from collections import Counter, defaultdict
from zoneinfo import ZoneInfo

from bot.state.log_summary import ArticleCount, Day, DayOf, Group, group_key
from bot.state.question_log import LogEntry, QuestionLog

LATE_SECONDS = 300
"""Entries may reach the store up to this long after they were asked (queues, replicas' clocks)."""


class LogView:
    """The entries of the log, oldest first, with their vote counts and running sums."""

    def __init__(self, log: QuestionLog, zone: ZoneInfo, retention_days: float, max_entries: int) -> None:
        self.log = log
        self.day_of = DayOf(zone)
        self.retention_seconds = retention_days * 86_400
        self.max_entries = max_entries
        self.entries: list[LogEntry] = []
        self.days: dict[str, Day] = {}
        self.groups: dict[str, Group] = {}
        self.articles: defaultdict[str, dict[str, ArticleCount]] = defaultdict(dict)
        self.asked: defaultdict[str, list[LogEntry]] = defaultdict(list)
        """The entries citing each article, oldest first."""
        self._readers: defaultdict[str, Counter[str]] = defaultdict(Counter)
        self._ids: set[str] = set()
        self._voted: dict[str, LogEntry] = {}
        self.lock = threading.RLock()
        """Held by a page while it reads the sums, so a refresh does not change them meanwhile."""

    def refresh(self) -> None:
        """Take in what was logged since the last refresh and the current votes; drop expired entries."""
        with self.lock:
            since = self.entries[-1].at - LATE_SECONDS if self.entries else 0.0
            new = [e for e in self.log.entries(since) if e.id not in self._ids]
            votes = self.log.votes()
            for entry in new:
                entry.up = entry.down = 0  # counted below, with the others' votes
                self._take(entry, 1)
            if new:
                late = bool(self.entries) and new[0].at < self.entries[-1].at
                self.entries.extend(new)
                if late:
                    self.entries.sort(key=lambda e: e.at)
            self._drop_old()
            self._apply_votes(votes)

    def _take(self, entry: LogEntry, sign: int) -> None:
        """Add an entry to the sums (``sign`` 1) or take it out of them (-1)."""
        name = self.day_of(entry.at)
        day = self.days.get(name) or self.days.setdefault(name, Day(name))
        day.questions += sign
        day.answered += sign * entry.found
        day.in_groups += sign * (entry.chat == "group")
        day.up += sign * entry.up
        day.down += sign * entry.down
        readers = self._readers[name]
        readers[entry.reader] += sign
        if readers[entry.reader] <= 0:
            del readers[entry.reader]
        day.readers = len(readers) - ("" in readers)
        if sign > 0:
            self._ids.add(entry.id)
        else:
            self._ids.discard(entry.id)
        for article in entry.articles:
            if sign > 0:
                self.asked[article].append(entry)
            else:
                self.asked[article].remove(entry)
                if not self.asked[article]:
                    del self.asked[article]
        if not entry.found:
            self._count_unanswered(entry, sign)
        elif entry.articles and entry.day:
            counts = self.articles[entry.day]
            count = counts.get(entry.articles[0]) or counts.setdefault(
                entry.articles[0], ArticleCount(entry.articles[0])
            )
            count.count += sign
            count.questions[entry.question] += sign
            if count.count <= 0:
                del counts[entry.articles[0]]

    def _count_unanswered(self, entry: LogEntry, sign: int) -> None:
        key = group_key(entry)
        group = self.groups.get(key) or self.groups.setdefault(key, Group(key))
        group.count += sign
        group.texts[entry.question] += sign
        group.days[entry.day] += sign
        if sign > 0:
            group.last = max(group.last, entry.at)
        if group.count <= 0:
            del self.groups[key]
        else:
            for counter in (group.texts, group.days):
                for item in [k for k, n in counter.items() if n <= 0]:
                    del counter[item]

    def _drop_old(self) -> None:
        cutoff = time.time() - self.retention_seconds
        over = len(self.entries) - self.max_entries
        first = 0
        while first < len(self.entries) and (first < over or self.entries[first].at < cutoff):
            first += 1
        for entry in self.entries[:first]:
            self._take(entry, -1)
            self._voted.pop(entry.id, None)
        del self.entries[:first]
        for name in [n for n, d in self.days.items() if d.questions <= 0]:
            del self.days[name], self._readers[name]

    def _apply_votes(self, votes: dict[str, tuple[int, int]]) -> None:
        gone = [i for i in self._voted if i not in votes]
        missing = {i for i in votes if i not in self._voted and i in self._ids}
        if missing:
            self._voted.update((e.id, e) for e in self.entries if e.id in missing)
        for entry_id in gone:
            self._set_votes(self._voted.pop(entry_id), 0, 0)
        for entry_id, entry in self._voted.items():
            self._set_votes(entry, *votes[entry_id])

    def _set_votes(self, entry: LogEntry, up: int, down: int) -> None:
        if (entry.up, entry.down) != (up, down):
            day = self.days[self.day_of(entry.at)]
            day.up += up - entry.up
            day.down += down - entry.down
            entry.up, entry.down = up, down

    # --- what the pages show -------------------------------------------------------------------

    def by_day(self) -> list[Day]:
        return sorted(self.days.values(), key=lambda d: d.day)

    def unanswered(self) -> list[Group]:
        """The unanswered questions grouped, most asked first."""
        return sorted(self.groups.values(), key=lambda g: (-g.count, -g.last))

    def most_asked(self, news_day: str) -> list[ArticleCount]:
        return sorted(self.articles.get(news_day, {}).values(), key=lambda c: -c.count)

    def marked_wrong(self) -> list[LogEntry]:
        """The answers readers marked 👎, newest first."""
        return sorted((e for e in self._voted.values() if e.down), key=lambda e: -e.at)

    def news_days(self) -> list[str]:
        """The days of news answers were about, newest first."""
        return sorted((d for d, counts in self.articles.items() if counts), reverse=True)
