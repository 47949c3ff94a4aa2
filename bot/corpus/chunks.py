"""Paragraph chunks: the passages BM25 ranks.

A chunk is a paragraph; a long one is cut at sentence ends into overlapping windows, and a very short
one joins the paragraph after it (or before it, at the end of an article) -- on a line of its own when
it ends no sentence (a subhead), so it is never glued into the next sentence.
"""

from __future__ import annotations

import hashlib
import re
from abc import abstractmethod
from collections.abc import Iterable, Sequence
from typing import NamedTuple, TypeVar, overload

from bot.config import RetrievalConfig
from bot.corpus.models import AnyArticle
from bot.text.terms import split_sentences

CHUNKS_VERSION = 2
"""Bump when a change to this module changes the chunks or their documents (``chunk_article``,
``chunk_document``, ``article_context``): the corpus store and the index are keyed by it, with the
chunking settings, so they are rebuilt; an edit that changes no chunk keeps them."""


PUNCTUATED_END = re.compile(r"[。！？!?…；;：:，,、][”’\"'）)」』]*$")
"""A paragraph ending so runs into the next without a break; one ending in a word is a subhead."""


T = TypeVar("T")


class Indexed(Sequence[T]):
    """A sequence whose items are made when asked for: ``_item`` makes one, given an index in range;
    negative indices, slices and ``IndexError`` are handled here once."""

    @abstractmethod
    def __len__(self) -> int: ...

    @abstractmethod
    def _item(self, i: int) -> T:
        """Item ``i``, with ``0 <= i < len(self)``."""

    @overload
    def __getitem__(self, i: int) -> T: ...

    @overload
    def __getitem__(self, i: slice) -> list[T]: ...

    def __getitem__(self, i: int | slice) -> T | list[T]:
        if isinstance(i, slice):
            return [self._item(j) for j in range(*i.indices(len(self)))]
        if not -len(self) <= i < len(self):
            raise IndexError(i)
        return self._item(i % len(self))


class Chunk(NamedTuple):
    article_id: str
    paragraph: int
    """Index of the (first) paragraph the chunk comes from."""
    text: str
    lead: str = ""
    """The first sentence of the paragraph when the chunk starts later in it: who is speaking."""


def article_context(article: AnyArticle) -> str:
    """The words that count toward every chunk of an article: how readers name the event."""
    parts = [article.headline, *article.subtitles, article.kicker or "", article.byline or ""]
    return " ".join(p for p in parts if p)


def _windows(sentences: list[str], max_chars: int, overlap: int) -> Iterable[str]:
    """Consecutive sentences packed up to max_chars, each window repeating the last `overlap` ones."""
    start = 0
    while start < len(sentences):
        end, size = start, 0
        while end < len(sentences) and (end == start or size + len(sentences[end]) <= max_chars):
            size += len(sentences[end])
            end += 1
        yield "".join(sentences[start:end])
        if end >= len(sentences):
            return
        start = max(end - overlap, start + 1)


def _joined(first: str, second: str) -> str:
    """Two paragraphs in one chunk; a line break after one that ends no sentence (a subhead)."""
    return first + ("" if PUNCTUATED_END.search(first) else "\n") + second


def chunk_article(article: AnyArticle, config: RetrievalConfig) -> list[Chunk]:
    """The article's chunks in reading order."""
    groups: list[tuple[int, str]] = []
    pending: tuple[int, str] | None = None
    for index, paragraph in enumerate(article.paragraphs):
        start, text = (
            (pending[0], _joined(pending[1], paragraph.text)) if pending else (index, paragraph.text)
        )
        pending = None
        if len(text) < config.chunk_min_chars and index + 1 < len(article.paragraphs):
            pending = (start, text)
            continue
        groups.append((start, text))
    if len(groups) > 1 and len(groups[-1][1]) < config.chunk_min_chars:
        last_start, last_text = groups.pop()
        start, text = groups.pop()
        groups.append((start, _joined(text, last_text)))
    chunks = []
    for start, text in groups:
        sentences = split_sentences(text) if len(text) > config.chunk_max_chars else [text]
        for window in _windows(sentences, config.chunk_max_chars, config.chunk_overlap_sentences):
            lead = "" if text.startswith(window) else sentences[0]
            chunks.append(Chunk(article.id, start, window, lead))
    return chunks


def chunk_document(chunk: Chunk, context: str, headline_repeat: int) -> list[str]:
    """The texts whose terms a chunk counts: its article's context ``headline_repeat`` times, then its own."""
    return [context] * headline_repeat + [chunk.lead + chunk.text]


def chunk_corpus(articles: Iterable[AnyArticle], config: RetrievalConfig) -> list[Chunk]:
    """Every chunk of every article, article by article."""
    return [chunk for article in articles for chunk in chunk_article(article, config)]


def docs_digest(docs: Sequence[Sequence[str]]) -> str:
    """A digest of every document's texts, in order (the corpus store keeps it, so a restart need not
    hash a big corpus again)."""
    digest = hashlib.sha256(f"{len(docs)}\n".encode())
    for start in range(0, len(docs), 4096):  # in blocks: one joined copy of a big corpus is gigabytes
        block = docs[start : start + 4096]
        digest.update("".join("\x1f".join(doc) + "\x1e" for doc in block).encode("utf-8", "surrogatepass"))
    return digest.hexdigest()
