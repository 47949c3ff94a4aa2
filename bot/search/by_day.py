"""Passages and page dates: keep what falls within the periods a question names, and among several days
that hold an answer, the newest.

An article without a date is never excluded by a date: it is ranked after the dated ones, and answers
only when no dated passage of the period does.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import NamedTuple, Protocol, TypeVar

import numpy as np

from bot.corpus.chunks import Chunk
from bot.search.dates import TimeQuery

DayOf = Callable[[str], "dt.date | None"]
"""An article's page date by its id (None when undated)."""

DAY_TIE = 0.15
"""Passages whose coverage is within this of the best one's answer equally well: the newest day wins."""


class Days(NamedTuple):
    """Page dates (and event dates) of every chunk as day ordinals, 0 when unknown."""

    page: np.ndarray
    event: np.ndarray

    def within(self, when: TimeQuery) -> np.ndarray:
        """Which chunks' article was printed, or whose event happened, within one of the periods; for a
        period reported on (一季度, 2020年), printed during it or later."""
        inside = np.zeros(len(self.page), dtype=bool)
        for period in when.ranges:
            low, high = period.start.toordinal(), period.end.toordinal()
            if not period.of_issues:
                high = np.iinfo(self.page.dtype).max
            inside |= (self.page >= low) & (self.page <= high)
            inside |= (self.event >= low) & (self.event <= high)
        return inside

    @property
    def undated(self) -> np.ndarray:
        return self.page == 0


def ordinal(day: dt.date | None) -> int:
    return day.toordinal() if day else 0


def best_of(scores: np.ndarray, candidates: np.ndarray, k: int) -> list[int]:
    """The ``k`` best candidates by score (ties by chunk order), best first."""
    if len(candidates) > k:
        candidates = candidates[np.argpartition(-scores[candidates], k - 1)[:k]]
    return [int(i) for i in candidates[np.lexsort((candidates, -scores[candidates]))]]


def rank_in_period(
    scores: np.ndarray, days: Days, when: TimeQuery, k: int, named: np.ndarray | None = None
) -> list[tuple[int, float]]:
    """Up to ``k`` best chunks within the periods or ``named`` (whose article's text writes the date
    asked about), then up to ``k`` best undated ones (by score alone, as ``BM25Index.top`` ranks: Okapi
    scores may be negative where a term is in most chunks)."""
    inside = days.within(when) if named is None else days.within(when) | named
    dated = best_of(scores, np.flatnonzero(inside), k)
    undated = best_of(scores, np.flatnonzero(days.undated & ~inside), k)
    return [(i, float(scores[i])) for i in dated + undated]


class Passage(Protocol):
    """A retrieved passage (``retrieval.Hit``): its chunk and how much of the question it covers."""

    @property
    def chunk(self) -> Chunk: ...

    @property
    def coverage(self) -> float: ...


P = TypeVar("P", bound=Passage)


def dated_first(hits: Sequence[P], day_of: DayOf, min_coverage: float) -> list[P]:
    """The dated passages when one of them answers, else the undated ones (for a question that named a
    period: the retriever kept only passages within it, and undated ones)."""
    dated = [h for h in hits if day_of(h.chunk.article_id) is not None]
    if any(h.coverage >= min_coverage for h in dated):
        return dated
    return [h for h in hits if day_of(h.chunk.article_id) is None]


def newest_day(
    hits: Sequence[P], day_of: DayOf, min_coverage: float
) -> tuple[list[P], dt.date | None, list[dt.date]]:
    """When passages of several page dates answer about equally well, the newest day's passages, that
    day and the other days, newest first; else the hits unchanged, None and no days."""
    best = max((h.coverage for h in hits), default=0.0)
    floor = max(min_coverage, best - DAY_TIE)
    days = {d for h in hits if h.coverage >= floor and (d := day_of(h.chunk.article_id)) is not None}
    if len(days) < 2:
        return list(hits), None, []
    newest = max(days)
    kept = [h for h in hits if day_of(h.chunk.article_id) == newest]
    return kept, newest, sorted(days - {newest}, reverse=True)
