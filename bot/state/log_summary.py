"""The question log summed up: per day, the unanswered questions grouped, the articles most asked about.

Pure functions over entries, shared by the editors' page and ``/stats``.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from bot.state.question_log import LogEntry


@dataclass
class Day:
    """One day's line of the overview."""

    day: str
    questions: int = 0
    answered: int = 0
    in_groups: int = 0
    """Questions asked in groups (the rest: private chats, inline mode, the console)."""
    readers: int = 0
    up: int = 0
    down: int = 0

    @property
    def share(self) -> float:
        """The share of questions answered."""
        return self.answered / self.questions if self.questions else 0.0


@dataclass
class Group:
    """Questions that ask the same thing in other words, and the days of news they were about."""

    key: str
    count: int = 0
    texts: Counter[str] = field(default_factory=Counter)
    days: Counter[str] = field(default_factory=Counter)
    last: float = 0.0

    @property
    def question(self) -> str:
        """The wording asked most often (the first asked among equals)."""
        return self.texts.most_common(1)[0][0]

    @property
    def others(self) -> list[str]:
        """Up to five other wordings, most asked first."""
        return [text for text, _ in self.texts.most_common()[1:6]]

    @property
    def news_days(self) -> list[str]:
        """The days of news asked about, most asked first ("" for none)."""
        return [day for day, _ in self.days.most_common()]


@dataclass
class ArticleCount:
    """An article and the questions answered from it."""

    article_id: str
    count: int = 0
    questions: Counter[str] = field(default_factory=Counter)


def local_day(at: float, zone: ZoneInfo) -> str:
    return dt.datetime.fromtimestamp(at, zone).date().isoformat()


class DayOf:
    """The local day of a time, quick for times in order: only a time outside the last day found is
    converted (a year of questions meets a few hundred days)."""

    def __init__(self, zone: ZoneInfo) -> None:
        self.zone = zone
        self.start = self.end = 0.0
        self.name = ""

    def __call__(self, at: float) -> str:
        if not self.start <= at < self.end:
            day = dt.datetime.fromtimestamp(at, self.zone).date()
            self.start = dt.datetime.combine(day, dt.time(), self.zone).timestamp()
            self.end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), self.zone).timestamp()
            self.name = day.isoformat()
        return self.name


def group_key(entry: LogEntry) -> str:
    """Paraphrases share a key: the same content words, or else the same normalised text."""
    return entry.topic or entry.norm or entry.question


def by_day(entries: Iterable[LogEntry], zone: ZoneInfo) -> list[Day]:
    """One line per day asked on (in ``zone``), in the entries' order."""
    days: dict[str, Day] = {}
    readers: defaultdict[str, set[str]] = defaultdict(set)
    day_of = DayOf(zone)
    for entry in entries:
        name = day_of(entry.at)
        day = days.get(name) or days.setdefault(name, Day(name))
        day.questions += 1
        day.answered += entry.found
        day.in_groups += entry.chat == "group"
        day.up += entry.up
        day.down += entry.down
        readers[name].add(entry.reader)
    for name, day in days.items():
        day.readers = len(readers[name] - {""})
    return list(days.values())


def unanswered(entries: Iterable[LogEntry], news_day: str | None = None) -> list[Group]:
    """The questions the news could not answer (about ``news_day`` only, when given), grouped when they
    ask the same thing, most asked first."""
    groups: dict[str, Group] = {}
    for entry in entries:
        if entry.found or (news_day is not None and entry.day != news_day):
            continue
        key = group_key(entry)
        group = groups.get(key) or groups.setdefault(key, Group(key))
        group.count += 1
        group.texts[entry.question] += 1
        group.days[entry.day] += 1
        group.last = max(group.last, entry.at)
    return sorted(groups.values(), key=lambda g: (-g.count, -g.last))


def most_asked_articles(entries: Iterable[LogEntry], news_day: str) -> list[ArticleCount]:
    """The articles answers about one day of news cited first, most asked first."""
    counts: dict[str, ArticleCount] = {}
    for entry in entries:
        if entry.day != news_day or not entry.articles or not entry.found:
            continue
        article = entry.articles[0]
        count = counts.get(article) or counts.setdefault(article, ArticleCount(article))
        count.count += 1
        count.questions[entry.question] += 1
    return sorted(counts.values(), key=lambda c: -c.count)
