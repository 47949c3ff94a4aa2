"""Jumps between pages: an article cut by ``（下转第三版）`` and its text continued under ``（上接第一版）``
on another page of the same day.

A ``下转`` mark belongs to the article above it, an ``上接`` mark to the article below it. Once every
page of a run is parsed, a continuation is linked to the one article of the same day (and folder) on the
page it names that jumps to the continuation's page: it takes that article's headline (its own first
sentence is no headline), and its reporters and date where it has none, so an answer from it is cited
as the reader saw it. A continuation whose article is not found keeps what it has.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable

from bot.corpus.models import Article
from bot.ingestion.lines import Line
from bot.text.numerals import number_of

JUMP = re.compile(r"[（(](?P<way>下转|上接|转|接)第?\s*(?P<page>[0-9一二三四五六七八九十]{1,3})\s*版[）)]")


def jumps_of(starts: list[int], marks: Iterable[Line]) -> list[tuple[int | None, int | None]]:
    """For articles starting at the given line numbers (in page order): the page each is continued from
    and the page it is continued on, as its jump marks name them (each mark found by bisection: a page of
    many short articles and marks costs the marks, not marks times articles)."""
    jumps: list[list[int | None]] = [[None, None] for _ in starts]
    order = sorted(range(len(starts)), key=starts.__getitem__)
    ordered = [starts[n] for n in order]
    for mark in marks:
        found = JUMP.fullmatch(mark.text)
        page = number_of(found["page"]) if found else None
        if found is None or page is None:
            continue
        if found["way"] in ("上接", "接"):
            after = bisect_left(ordered, mark.number)  # the first article starting at or below the mark
            if after < len(order):
                jumps[order[after]][0] = page
        else:
            above = bisect_right(ordered, mark.number) - 1  # the last article starting at or above it
            if above >= 0:
                jumps[order[above]][1] = page
    return [(first, last) for first, last in jumps]


def _folder(article: Article) -> str:
    return article.pages[0].rpartition("/")[0] if article.pages else ""


def link_continuations(articles: list[Article]) -> list[Article]:
    """The articles with each continuation linked to the article it continues (see the module docstring)."""
    jumping: dict[tuple[object, str, int, int], list[Article]] = {}
    for article in articles:
        if article.jump_to is not None:
            for number in article.page_numbers:
                key = (article.page_date, _folder(article), number, article.jump_to)
                jumping.setdefault(key, []).append(article)
    linked: list[Article] = []
    for article in articles:
        candidates = [
            found
            for number in article.page_numbers
            for found in jumping.get(
                (article.page_date, _folder(article), article.jump_from or -1, number), []
            )
        ]
        if article.jump_from is None or len({c.id for c in candidates}) != 1:
            linked.append(article.model_copy(update={"continues": None}) if article.continues else article)
            continue
        source = candidates[0]
        linked.append(
            article.model_copy(
                update={
                    "continues": source.id,
                    "headline": source.headline,
                    "reporters": article.reporters or source.reporters,
                    "dateline": article.dateline or source.dateline,
                    "date": article.date or source.date,
                }
            )
        )
    return linked
