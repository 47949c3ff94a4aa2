"""Writing a run's articles, one record per body: an article printed on several pages (the same body)
is stored once, under its first printing, with every page of its copies."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from pathlib import Path

from bot.corpus.models import Article, write_corpus
from bot.ingestion.jumps import link_continuations


def _body_key(article: Article) -> str:
    text = "".join(p.text for p in article.paragraphs)
    return hashlib.sha256(re.sub(r"\s+", "", text).encode()).hexdigest()


class CorpusWriter:
    """Writes articles as their files are parsed (so writing overlaps parsing), one record per body: an
    article printed on several pages keeps the copy of its first printing (the earliest page date, then
    the lowest page, then file order -- so the stored id never depends on which files were parsed this
    time) and lists every page, the first printing's first and the page numbers in order."""

    def __init__(self, out_dir: Path, rank: dict[str, int]) -> None:
        self.out_dir = out_dir
        self.rank = rank  # file → its place in file order
        self.kept: dict[str, Article] = {}  # body key → the stored copy
        self.copies: dict[str, list[Article]] = {}  # body key → every copy, in arrival order
        self.written: list[Path] = []
        self.pending: set[str] = set()  # ids of winners not written yet (cached ones, written at the end)

    def add(self, articles: list[Article], write_now: bool = True) -> None:
        """Take a file's articles; a parsed one is written at once unless an earlier copy is known."""
        for article in articles:
            key = _body_key(article)
            self.copies.setdefault(key, []).append(article)
            first = self.kept.get(key)
            if first is None or self._printing(article) < self._printing(first):
                self.kept[key] = article
                if write_now:
                    self.written += write_corpus([article], self.out_dir)
                else:
                    self.pending.add(article.id)

    def _place(self, article: Article) -> tuple[int, int]:
        return self.rank.get(article.pages[0], len(self.rank)), article.order

    def _printing(self, article: Article) -> tuple[object, ...]:
        """Which copy of an article was printed first: earliest page date, lowest page, then file order."""
        date, number = article.page_date, article.page_number
        return (date is None, date or dt.date.min, number is None, number or 0, *self._place(article))

    def finish(self) -> tuple[list[Article], int]:
        """The stored articles in file order, with every page of their copies; merged copies rewritten.
        The furniture a merged copy carried for its file is kept on the stored article, named by file."""
        renamed: dict[str, str] = {}
        final: list[Article] = []
        for key, first in self.kept.items():
            copies = sorted(self.copies[key], key=self._printing)
            renamed.update((c.id, first.id) for c in copies if c.id != first.id)
            pages = list(dict.fromkeys(p for c in copies for p in c.pages))
            numbers = sorted({n for c in copies for n in c.page_numbers})
            furniture = first.furniture + [
                f"{c.pages[0]} {line}" for c in copies if c.id != first.id for line in c.furniture
            ]
            update = {"pages": pages, "page_numbers": numbers, "furniture": furniture}
            final.append(first.model_copy(update=update))
        final = link_continuations(
            [
                a.model_copy(update={"follows": renamed[a.follows]}) if a.follows in renamed else a
                for a in final
            ]
        )
        changed = [
            a for a, b in zip(final, self.kept.values(), strict=True) if a != b or b.id in self.pending
        ]
        self.written += [p for p in write_corpus(changed, self.out_dir) if p not in self.written]
        final.sort(key=self._place)
        duplicates = sum(len(c) for c in self.copies.values()) - len(final)
        return final, duplicates
