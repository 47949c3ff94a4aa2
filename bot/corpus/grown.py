"""A day's files added to the served corpus, taken in without reading the rest of it again.

An ingest adds a day's page as new article files and leaves the other files untouched. When the corpus
folder still holds every file the served corpus was read from, unchanged (name, size, modification
time: what keys the corpus store), and new files whose names all sort after those (so that a full load
would put their articles last, in the same order), only the new files are read and chunked (``grow``).
Anything else (a file changed or removed, a new file among the old ones, a file that is not a valid
article or repeats an article's id) is not a day added: ``grow`` returns None and the corpus is loaded
anew. ``GrownCorpus.save`` then writes the corpus store that a full load would have written.
"""

from __future__ import annotations

import copy
import hashlib
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import NamedTuple

import numpy as np
from pydantic import ValidationError

from bot.config import RetrievalConfig
from bot.corpus.chunks import Chunk, Indexed, article_context, chunk_corpus, chunk_document, docs_digest
from bot.corpus.models import AnyArticle, Article, page_order
from bot.corpus.store import (
    ChunkTable,
    FileStat,
    StoredCorpus,
    corpus_files,
    grown_arrays,
    store_key,
    write_store,
)


class Chained(Indexed[Chunk]):
    """Two sequences of chunks, one after the other."""

    def __init__(self, first: Sequence[Chunk], second: Sequence[Chunk]) -> None:
        self.first, self.second = first, second

    def __len__(self) -> int:
        return len(self.first) + len(self.second)

    def __iter__(self) -> Iterator[Chunk]:
        yield from self.first
        yield from self.second

    def _item(self, i: int) -> Chunk:
        return self.first[i] if i < len(self.first) else self.second[i - len(self.first)]


def chunk_articles(chunks: Sequence[Chunk]) -> tuple[list[str], np.ndarray]:
    """Every chunk's article as (the articles' ids, each chunk's number into them): read from the store's
    arrays where the chunks are stored, without decoding a chunk (a million of them take seconds)."""
    if isinstance(chunks, ChunkTable):
        return chunks.articles()
    if isinstance(chunks, Chained):
        (one, first), (two, second) = chunk_articles(chunks.first), chunk_articles(chunks.second)
        return one + two, np.concatenate([first, second + len(one)]).astype(np.int64)
    number: dict[str, int] = {}
    numbers = np.fromiter(
        (number.setdefault(c.article_id, len(number)) for c in chunks), np.int64, len(chunks)
    )
    return list(number), numbers


class GrownCorpus:
    """The stored corpus with the articles added since it was read, ``before`` its own (a newer day)
    or ``after`` them, served like one corpus."""

    def __init__(
        self,
        stored: StoredCorpus,
        before: list[Article],
        after: list[Article],
        files: list[FileStat],
        config: RetrievalConfig,
    ) -> None:
        self.stored, self.before, self.after, self.files = stored, before, after, files
        self.articles: list[AnyArticle] = [*before, *stored.articles, *after]
        self.problems = stored.problems
        first, last = chunk_corpus(before, config), chunk_corpus(after, config)
        self.chunks: Sequence[Chunk] = Chained(first, Chained(stored.chunks, last))
        contexts = {a.id: article_context(a) for a in (*before, *after)}
        digests = [
            docs_digest([chunk_document(c, contexts[c.article_id], config.headline_repeat) for c in chunks])
            for chunks in (first, last)
        ]
        self.docs_digest = hashlib.sha256(
            "+".join(digests[:1] + [stored.docs_digest] + digests[1:]).encode()
        ).hexdigest()
        """The documents' digest the index is keyed by: the new articles' before, the stored corpus's,
        the new articles' after."""
        self.paragraph_count = stored.paragraph_count + sum(len(a.paragraphs) for a in (*before, *after))
        self.saved = False
        """Whether its store and index were saved since (``as_saved``): a start would find them."""

    def as_saved(self) -> GrownCorpus:
        """The same corpus, its store and index saved (served on as it is: nothing is read again)."""
        saved = copy.copy(self)
        saved.saved = True
        return saved

    def save(self, corpus_dir: Path, config: RetrievalConfig, cache_dir: Path) -> None:
        """Write the corpus store of the whole grown corpus, as of the files it was grown from (what a
        full load of them stores); ``OSError`` when that fails."""
        arrays = grown_arrays(self.stored, self.before, self.after, config, self.docs_digest)
        write_store(arrays, cache_dir, store_key(corpus_dir, config, self.files))


class Day(NamedTuple):
    """What ``grow`` found: the grown corpus, the day's articles, and whether they come first."""

    corpus: GrownCorpus
    articles: list[Article]
    first: bool


def grow(corpus: StoredCorpus | GrownCorpus, corpus_dir: Path, config: RetrievalConfig) -> Day | None:
    """The corpus with the day's files added since it was read; None when the folder changed in any
    other way (see the module's docstring) or holds nothing new."""
    files = corpus_files(corpus_dir)
    before = set(corpus.files)
    new = [f for f in files if f not in before]
    if not new or not before or not before <= set(files):
        return None
    ids = {a.id for a in corpus.articles}
    articles = []
    for name, _, _ in new:
        try:
            article = Article.model_validate_json((corpus_dir / name).read_bytes())
        except (OSError, ValidationError):
            return None  # the full load says what is wrong with it
        if article.id in ids:
            return None
        ids.add(article.id)
        articles.append(article)
    articles.sort(key=page_order)  # stable: files in name order, as a full load reads them
    keys = [page_order(a) for a in corpus.articles]
    if not keys:
        return None
    lowest, highest = page_order(articles[0]), page_order(articles[-1])
    stored, first, last = (
        (corpus.stored, corpus.before, corpus.after) if isinstance(corpus, GrownCorpus) else (corpus, [], [])
    )
    if highest < min(keys):
        return Day(GrownCorpus(stored, [*articles, *first], last, files, config), articles, True)
    names_after = new[0][0] > max(before)[0]
    if lowest > max(keys) or (lowest == max(keys) and names_after):
        return Day(GrownCorpus(stored, first, [*last, *articles], files, config), articles, False)
    return None
