"""Retrieval: rank the corpus's chunks for a question and judge whether they hold an answer.

BM25 ranks; a passage only counts as an answer when it holds most of the question's content words,
weighted by how rare each word is (a question about the weather shares only common words with city
news, so its best passage is not an answer, whatever its raw score).
"""

from __future__ import annotations

import copy
import functools
import math
import re
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import NamedTuple

import numpy as np

from bot.config import RetrievalConfig
from bot.corpus.article_text import ArticleText
from bot.corpus.chunks import Chunk, Indexed, article_context, chunk_corpus, chunk_document
from bot.corpus.grown import Chained, chunk_articles
from bot.corpus.models import AnyArticle
from bot.search.by_day import Days, best_of, ordinal, rank_in_period
from bot.search.constraints import missing
from bot.search.index import BM25Index
from bot.search.index_store import DAY_PARALLEL_MIN_CHARS, doc_tokens, load_or_build
from bot.search.kinds import FACT_KINDS
from bot.search.question import Question
from bot.text.numerals import arabic
from bot.text.terms import CJK, Tokenizer, normalise

PLACE_SUFFIX = re.compile(r"(?<=..)(?:地区|省|市|县)$")
RARE_SHARE = 0.01
"""A word in at most this share of the passages (at least one) is rare: it names what the question is
about (欧盟, 造价, 半程), so an article without it does not answer."""
COMMON_WORD = 5e-5
"""A word met more often than this in Chinese at large (成绩, 开始, 对手) is how any reader may say a thing:
its absence from an article does not tell that the article is about something else."""
COMMON_IN_CHINESE = 1e-5
"""A word met more often than this in Chinese at large may be the reader's wording (``telling_share``)."""
SAID_OTHERWISE = 0.5
"""The share of its weight a common word (``COMMON_IN_CHINESE``) has in a passage's coverage."""
GLUE = frozenset("有是在的了所才被把将为和与")
"""Particles jieba may glue to the word before them in a question (石门村有 → 石门/村有)."""
ASKING = re.compile(r"^(?:几|多少|什么|哪|怎|如何|为何|为什么)")


class Hit(NamedTuple):
    chunk: Chunk
    score: float
    coverage: float
    """Rarity-weighted share of the question's content words found in the passage (0 to 1)."""
    unmet: tuple[str, ...] = ()
    """The question's deciding constraints, names and places that the passage's article lacks."""


def presence(word: str, text: str) -> float:
    """1 when the text contains the word, else the share of the word's character pairs it contains."""
    if word in text:
        return 1.0
    if not CJK.search(word):
        return 0.0
    pairs = [word[i : i + 2] for i in range(len(word) - 1)]
    return sum(p in text for p in pairs) / len(pairs) if pairs else 0.0


class ChunkDocuments(Indexed[list[str]]):
    """Each chunk's document (``chunk_document``), made when asked for: an index loaded from the cache
    never needs them."""

    def __init__(
        self, chunks: Sequence[Chunk], articles: dict[str, AnyArticle], headline_repeat: int
    ) -> None:
        self.chunks, self.articles, self.repeat = chunks, articles, headline_repeat

    @functools.cached_property
    def contexts(self) -> dict[str, str]:
        return {article_id: article_context(a) for article_id, a in self.articles.items()}

    def __len__(self) -> int:
        return len(self.chunks)

    def __iter__(self) -> Iterator[list[str]]:
        for chunk in self.chunks:
            yield chunk_document(chunk, self.contexts[chunk.article_id], self.repeat)

    def _item(self, i: int) -> list[str]:
        chunk = self.chunks[i]
        return chunk_document(chunk, self.contexts[chunk.article_id], self.repeat)


def days_of(chunks: Sequence[Chunk], articles: dict[str, AnyArticle]) -> Days:
    """The page and event dates of every chunk (as ``Days``), read from the chunks' articles."""
    ids, numbers = chunk_articles(chunks)
    found = [articles[i] for i in ids]
    page = np.array([ordinal(a.page_date) for a in found], np.int64)
    event = np.array([ordinal(a.date) for a in found], np.int64)
    return Days(page[numbers], event[numbers])


class Retriever:
    """BM25 over paragraph chunks, each counting its article's headline and byline words."""

    def __init__(
        self,
        articles: Sequence[AnyArticle],
        tokenizer: Tokenizer,
        config: RetrievalConfig,
        cache_dir: Path | None = None,
        chunks: Sequence[Chunk] | None = None,
        digest: str | None = None,
    ) -> None:
        """Chunk the articles (unless their ``chunks`` are given, with the ``docs_digest`` of their
        documents when known) and index them (loading the index saved in ``cache_dir`` when it matches)."""
        self.config = config
        self.tokenizer = tokenizer
        self.chunks = chunk_corpus(articles, config) if chunks is None else chunks
        self._articles = {a.id: a for a in articles}
        docs = ChunkDocuments(self.chunks, self._articles, config.headline_repeat)
        self.index = load_or_build(docs, tokenizer, config, cache_dir, digest=digest)

    def add(self, articles: Sequence[AnyArticle], tokenizer: Tokenizer, first: bool = False) -> Retriever:
        """This retriever's articles and ``articles`` (a day's page) after them, or before them when
        ``first``, searchable at once with ``tokenizer`` (this one, or one taught the day's words): the
        new chunks are a segment beside this index, with every score exact over the whole corpus;
        ``index.merged()`` folds the segment in."""
        grown = copy.copy(self)
        grown.__dict__.pop("days", None)
        grown.tokenizer = tokenizer
        chunks = chunk_corpus(articles, self.config)
        grown._articles = {**self._articles, **{a.id: a for a in articles}}
        grown.chunks = Chained(chunks, self.chunks) if first else Chained(self.chunks, chunks)
        docs = ChunkDocuments(chunks, grown._articles, self.config.headline_repeat)
        tokens = doc_tokens(docs, tokenizer, parallel_from=DAY_PARALLEL_MIN_CHARS)
        grown.index = self.index.add(*tokens, first=first)
        if "days" in self.__dict__:  # the corpus's chunk days and the day's joined: no old chunk read
            day, old = days_of(chunks, grown._articles), self.days
            one, two = (day, old) if first else (old, day)
            grown.days = Days(np.concatenate([one.page, two.page]), np.concatenate([one.event, two.event]))
        return grown

    def with_index(self, index: BM25Index, tokenizer: Tokenizer) -> Retriever:
        """This retriever (its chunks, their days) over ``index``, cut by ``tokenizer``: the same chunks
        indexed otherwise (in one segment, saved)."""
        other = copy.copy(self)
        other.index, other.tokenizer = index, tokenizer
        return other

    def warm(self) -> None:
        """Work out now what the first questions would: every chunk's days (a loaded index finds its
        terms in its mapped term table, ``bot.search.term_table``: nothing to build)."""
        self.days  # noqa: B018

    def analysed(self, article_id: str) -> ArticleText:
        """The article's text analysed once (its normalised context, opening and whole text)."""
        return self._articles[article_id].analysed

    def unmet(self, question: Question, article_id: str) -> tuple[str, ...]:
        """What the question names or decides on (places, names, numbers, dates) that the article lacks.

        A passage about another place or body does not answer (上海市委书记 is not 市委书记); 郑州日报
        speaks of 郑州, so the publication counts.
        """
        whole = self.analysed(article_id).whole
        absent = [
            name
            for name in (*question.places, *question.names)
            if not any(arabic(v) in whole for v in (name, *question.variants.get(name, ())))
            # 台湾地区 is spoken of as 台湾, 河南省 as 河南
            and not (PLACE_SUFFIX.search(name) and PLACE_SUFFIX.sub("", name) in whole)
        ]
        return (*absent, *missing(question.constraints, whole), *self.rare_absent(question, whole))

    def rare_absent(self, question: Question, whole: str) -> tuple[str, ...]:
        """For a question of one value (``FACT_KINDS``), its rare dictionary words (``RARE_SHARE``) of
        which the article's text (``whole``) holds neither the word, another name of it, nor a single
        character: the article is about something else (欧盟, 门票, 主教练). A word sharing a character
        with the article may be the reader's way of saying what it says (体重 for 重8公斤); asking words
        (几处), mis-cuts (建对) and common words (``COMMON_WORD``) say nothing of the subject."""
        if question.kind not in FACT_KINDS:
            return ()
        rare = max(1, int(RARE_SHARE * self.index.size))
        return tuple(
            word
            for word in question.words
            if len(word) > 1
            and CJK.search(word)
            and not ASKING.match(word)
            and word != question.sub.category
            and 0 < self.tokenizer.frequency(word) <= COMMON_WORD
            and self.index.document_frequency(word) <= rare
            and not any(arabic(v) in whole for v in (word, *question.variants.get(word, ())))
            and not any(ch in whole for ch in word)
        )

    def weight(self, word: str) -> float:
        """How much a word says about which passage is meant: rarer words weigh more."""
        df = self.index.document_frequency(word)
        return math.log(1 + (self.index.size + 1) / (df + 0.5))

    def telling_share(self, word: str) -> float:
        """The share of a question word's weight that counts toward a passage's coverage: ``SAID_OTHERWISE``
        for a word common in Chinese at large (特点, 职业, 形状: the reader's way of asking, which the
        news may say otherwise) or a word jieba glued to a particle (村有 in 石门村有); all of it for a
        name or a rare word, which the news must hold."""
        frequency = self.tokenizer.frequency(word)
        glued = not frequency and len(word) == 2 and word[1] in GLUE
        return SAID_OTHERWISE if frequency > COMMON_IN_CHINESE or glued else 1.0

    def coverage(self, question: Question, chunk: Chunk) -> float:
        """Rarity-weighted share of the question's words that the passage (with its article's context)
        contains, another name of a word (``question.variants``) counting as the word."""
        weights = question.weights
        total = sum(weights.values())
        if not total:
            return 0.0
        article = self.analysed(chunk.article_id)
        haystack = " ".join((article.context, article.opening, normalise(chunk.lead), normalise(chunk.text)))
        held = {w: max(presence(v, haystack) for v in (w, *question.variants.get(w, ()))) for w in weights}
        telling = {
            w: wt * (SAID_OTHERWISE if w == question.sub.category else self.telling_share(w))
            for w, wt in weights.items()
        }
        return sum(wt * held[w] for w, wt in telling.items()) / (sum(telling.values()) or 1.0)

    @functools.cached_property
    def days(self) -> Days:
        """Every chunk's page and event dates (worked out on the first question that names a time)."""
        return days_of(self.chunks, self._articles)

    def dates_named(self, question: Question, scores: np.ndarray, k: int) -> np.ndarray:
        """Which of the best ``k`` chunks by the question's words (whatever their day) belong to an article
        whose text writes a date the question names (截至6月10日, printed on 12 June): the date is then
        what the news is about, so the page date must not exclude it."""
        named = np.zeros(len(self.chunks), dtype=bool)
        if question.when.of_issues and any(r.written for r in question.when.ranges):
            for i in best_of(scores, np.arange(len(scores)), k):
                named[i] = question.when.named_in(self.analysed(self.chunks[i].article_id).whole)
        return named

    def search(
        self, question: Question, hint: str = "", k: int | None = None, dated: bool = True
    ) -> list[Hit]:
        """The best passages for the question, best first; empty when nothing in it is searchable.

        A hint (the headline a follow-up question refers to) helps rank but is not part of what the
        passage must cover. When the question names periods (``question.when``) and ``dated``, only
        passages of articles printed (or about events) within them count, then undated ones after them.
        A passage whose article lacks one of the question's deciding constraints keeps its coverage but
        lists what it lacks in ``unmet``: it is related, never the answer.
        """
        if not question.terms:
            return []
        query = list(question.terms) + self.tokenizer.terms(hint)
        k = k or self.config.top_k
        if question.when and dated:
            scores = self.index.scores(query)
            named = self.dates_named(question, scores, k)
            ranked = rank_in_period(scores, self.days, question.when, k, named)
        else:
            ranked = self.index.top(query, k)
        hits = []
        unmet: dict[str, tuple[str, ...]] = {}  # an article's text is searched once per question
        for i, score in ranked:
            chunk = self.chunks[i]
            if chunk.article_id not in unmet:
                unmet[chunk.article_id] = self.unmet(question, chunk.article_id)
            hits.append(Hit(chunk, score, self.coverage(question, chunk), unmet[chunk.article_id]))
        return hits
