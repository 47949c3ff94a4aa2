"""An article's text analysed once: what answering reads of a whole article, worked out when the corpus
loads (or when its store is built, ``bot.corpus.analyses``) and then shared by retrieval and the composer.

A question then costs the few candidate sentences it reads, never the article's length: how many of
the article's sentences hold a word (``ArticleText.share``) is one search of its normalised sentences,
remembered per word; nothing re-splits or re-normalises the article.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from bot.corpus.chunks import article_context
from bot.text.numerals import arabic
from bot.text.terms import normalise, split_sentences

if TYPE_CHECKING:
    from bot.corpus.models import AnyArticle, Person

SHARES_KEPT = 1024
"""Words whose share an article remembers (forgotten all at once beyond that)."""
SHARE_SAMPLE = 2000
"""Sentences ``share`` counts in at most: every sentence of an article up to this many, evenly spaced
ones of a longer article, so that no question costs a long article's length."""
BOX_OPENING = re.compile(r"^[【\[（(]?(?:编者按|编者的话|核心阅读|导读|摘要)[】\]）)]?[:：]?")
"""A box opening an article (编者按：…, 核心阅读): it names the subject in its sentences, not only in its first."""
BOX_SENTENCES = 3
CACHE_CHARS = 40_000_000
"""Characters of analysed text a stored corpus keeps (about 80-160 MB), the most recently used first."""


def people_of(article: AnyArticle) -> list[Person]:
    """The people the article is about: everyone it names but its reporters."""
    return [p for p in article.people if p.role != "reporter"]


@dataclass(frozen=True, eq=False)
class ArticleText:
    """One article's text as answering reads it, normalised (``normalise``) once."""

    headline: str
    context: str
    """The words that count toward every chunk (``article_context``: headline, subtitles, kicker, byline)."""
    opening: str
    """The first sentence: news names its subject there once (火普村小学里…), then says 学校; the first
    sentences of a box that opens the article (编者按：…本报记者专访了某企业创始人)."""
    whole: str
    """Everything the article says (paper, column, series, context, dates, paragraphs) with its numerals
    in Arabic form (``arabic``): what a question's deciding constraints are checked against."""
    people: tuple[str, ...]
    """The names of the people it is about (``people_of``)."""
    speakers: tuple[str, ...]
    """The bodies that spoke (作交流发言)."""
    sentences: str
    """Every sentence of its paragraphs, one a line."""
    count: int
    """How many sentences."""
    sample: str
    """The sentences ``share`` counts in, one a line: all of them, or ``SHARE_SAMPLE`` evenly spaced."""
    sampled: int
    """How many sentences the sample holds."""
    _shares: dict[str, float] = field(default_factory=dict, repr=False)

    @classmethod
    def of(cls, article: AnyArticle) -> ArticleText:
        """Analyse the article (a stored article's paragraphs are read from the store once)."""
        paragraphs = [p.text for p in article.paragraphs]
        sentences = [normalise(s) for text in paragraphs for s in split_sentences(text)]
        first = next((text for text in paragraphs if text.strip()), "")
        context = normalise(article_context(article))
        dates = [f"{d.year}年{d.month}月{d.day}日" for d in (article.date, article.page_date) if d]
        said = [article.publication, article.column, article.series, context, article.dateline, *dates]
        lines = "\n".join(sentences)
        sample = (
            sentences[:: -(-len(sentences) // SHARE_SAMPLE)] if len(sentences) > SHARE_SAMPLE else sentences
        )
        return cls(
            headline=normalise(article.headline),
            context=context,
            opening=_opening(first),
            whole=arabic(normalise(" ".join([*(s or "" for s in said), *paragraphs]))),
            people=tuple(normalise(p.name) for p in people_of(article)),
            speakers=tuple(normalise(s) for s in article.speakers),
            sentences=lines,
            count=len(sentences),
            sample=lines if sample is sentences else "\n".join(sample),
            sampled=len(sample),
        )

    def share(self, word: str) -> float:
        """The share of the article's sentences (of its sample, ``SHARE_SAMPLE``) that hold the word (0 for
        an article without any)."""
        found = self._shares.get(word)
        if found is None:
            held = len(re.findall(re.escape(word) + "[^\n]*", self.sample)) if word else self.sampled
            if len(self._shares) >= SHARES_KEPT:
                self._shares.clear()
            found = self._shares[word] = held / (self.sampled or 1)
        return found

    @property
    def size(self) -> int:
        """Characters held, roughly what it costs in memory (two to four bytes each)."""
        return (
            len(self.sentences)
            + len(self.whole)
            + (len(self.sample) if self.sample is not self.sentences else 0)
        )


class TextCache:
    """The ``ArticleText`` of articles whose texts are kept off the heap (a stored corpus): read from the
    store on first use, the most recently used kept up to ``CACHE_CHARS`` characters. Safe across
    threads."""

    def __init__(self, budget: int = CACHE_CHARS) -> None:
        self.budget = budget
        self._kept: OrderedDict[int, ArticleText] = OrderedDict()
        self._chars = 0
        self._lock = threading.Lock()

    def get(self, number: int, make: Callable[[], ArticleText]) -> ArticleText:
        """The analysed text of article ``number``, made by ``make`` unless kept."""
        with self._lock:
            found = self._kept.get(number)
            if found is not None:
                self._kept.move_to_end(number)
                return found
        made = make()  # outside the lock: another thread's question need not wait for a long article
        with self._lock:
            if number not in self._kept:
                self._kept[number] = made
                self._chars += made.size
            while self._chars > self.budget and len(self._kept) > 1:
                _, dropped = self._kept.popitem(last=False)
                self._chars -= dropped.size
            return self._kept.get(number, made)


def _opening(first: str) -> str:
    """The article's opening sentence, or the first sentences of the box that opens it, normalised."""
    if not first:
        return ""
    sentences = split_sentences(first)
    return normalise("".join(sentences[:BOX_SENTENCES] if BOX_OPENING.match(first) else sentences[:1]))
