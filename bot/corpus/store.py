"""The corpus store: the corpus's articles and chunks saved next to the index, so that a restart with an
unchanged corpus neither validates every article file nor chunks it again, and paragraph texts stay off
the heap (in memory-mapped arrays).

``<cache>/corpus/`` is a file set (``bot/storage/fileset.py``) holding:

- every paragraph's text (UTF-8, end to end) with byte offsets, and its source span;
- every chunk's lead and text (UTF-8, end to end) with byte offsets, its article and its paragraph;
- the article records without their paragraphs, the corpus's problems and the digest of the documents
  the index is keyed by (``chunks.docs_digest``), as one JSON array;
- every article's analysed text (``bot.corpus.analyses``), so that no question analyses an article.

It is keyed by what can be checked without reading the articles: the name, size and modification time
of every ``*.json`` file of the corpus folder, the folder itself, the chunking settings, the article
model's schema (and pydantic's version), the text rules (``analyses.RULES``) and the format versions of
the store (``STORE_VERSION``) and of the chunks (``chunks.CHUNKS_VERSION``). Any change rebuilds the store from ``load_corpus``, as a start
without a store would read the corpus, so it is never stale; no source file is hashed, so an edit that
changes none of these (a comment) keeps it.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import logging
import os
from collections.abc import Iterator
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np
import pydantic

from bot.config import RetrievalConfig
from bot.corpus.analyses import RULES, Analyses, analysis_arrays
from bot.corpus.article_text import ArticleText, TextCache
from bot.corpus.chunks import (
    CHUNKS_VERSION,
    Chunk,
    Indexed,
    article_context,
    chunk_article,
    chunk_document,
    docs_digest,
)
from bot.corpus.models import (
    STORED_FIELDS,
    Article,
    Corpus,
    CorpusProblem,
    Paragraph,
    SourceSpan,
    StoredArticle,
    load_corpus,
)
from bot.corpus.packed import Texts, decode, packed
from bot.storage.fileset import FileSetError, log_rebuild, read_fileset, write_fileset

log = logging.getLogger(__name__)

STORE_VERSION = 4
"""Bump when the saved arrays or their meaning change, or what ``load_corpus`` keeps (2: a duplicate
article id is refused; 3: the articles' analyses are kept; 4: who took its photos, and each caption's):
older stores are then rebuilt."""

FOLDER = "corpus"
"""The store's folder under the cache folder."""

_BLOCK = 4096
"""Chunks read at a time when iterating over them all."""

FIELDS = STORED_FIELDS
"""The fields of an article record kept in memory: all but its paragraphs (and its analysed text)."""


FileStat = tuple[str, int, int]
"""A corpus file's name, size and modification time (ns)."""


def corpus_files(corpus_dir: Path) -> list[FileStat]:
    """Every ``*.json`` file of the corpus folder with its size and modification time, by name."""
    files: list[FileStat] = []
    if corpus_dir.is_dir():
        with os.scandir(corpus_dir) as entries:
            for entry in entries:
                if entry.name.endswith(".json"):
                    try:
                        info = entry.stat()
                        files.append((entry.name, info.st_size, info.st_mtime_ns))
                    except OSError:
                        files.append((entry.name, -1, -1))
    return sorted(files)


def store_key(corpus_dir: Path, config: RetrievalConfig, files: list[FileStat] | None = None) -> str:
    """What the store is built from, found without reading any article: the corpus files' names, sizes
    and modification times (``files``, listed now unless given), the chunking settings, the article
    schema and the format versions."""
    files = corpus_files(corpus_dir) if files is None else files
    head = {
        "version": STORE_VERSION,
        "folder": [str(corpus_dir.resolve()), corpus_dir.is_dir()],
        "chunking": [
            config.chunk_min_chars,
            config.chunk_max_chars,
            config.chunk_overlap_sentences,
            config.headline_repeat,
        ],
        "chunks": CHUNKS_VERSION,
        "rules": RULES,
        "schema": Article.model_json_schema(),
        "pydantic": pydantic.VERSION,
        "files": [list(f) for f in files],
    }
    return hashlib.sha256(json.dumps(head, sort_keys=True).encode()).hexdigest()


class ChunkTable(Indexed[Chunk]):
    """The corpus's chunks, each decoded from the store's arrays when asked for."""

    def __init__(self, arrays: dict[str, np.ndarray], article_ids: list[str]) -> None:
        self._texts = Texts(arrays["chunk_bytes"])
        self._offsets = arrays["chunk_offsets"]
        self._article = arrays["chunk_article"]
        self._paragraph = arrays["chunk_paragraph"]
        self._ids = article_ids

    def __len__(self) -> int:
        return len(self._article)

    def __iter__(self) -> Iterator[Chunk]:
        """Every chunk in order, read a block at a time (building an index reads them all)."""
        for first in range(0, len(self), _BLOCK):
            last = min(first + _BLOCK, len(self))
            offsets = self._offsets[2 * first : 2 * last + 1].tolist()
            data = self._texts.read(offsets[0], offsets[-1])
            pieces = [decode(data[a - offsets[0] : b - offsets[0]]) for a, b in itertools.pairwise(offsets)]
            articles = self._article[first:last].tolist()
            paragraphs = self._paragraph[first:last].tolist()
            for i, (article, paragraph) in enumerate(zip(articles, paragraphs, strict=True)):
                yield Chunk(self._ids[article], paragraph, pieces[2 * i + 1], pieces[2 * i])

    def articles(self) -> tuple[list[str], np.ndarray]:
        """Every chunk's article as (the articles' ids, each chunk's number into them), no chunk decoded."""
        return self._ids, np.asarray(self._article)

    def _item(self, i: int) -> Chunk:
        start, middle, end = (int(x) for x in self._offsets[2 * i : 2 * i + 3])
        data = self._texts.read(start, end)
        lead, text = decode(data[: middle - start]), decode(data[middle - start :])
        return Chunk(self._ids[int(self._article[i])], int(self._paragraph[i]), text, lead)


class StoredCorpus:
    """The corpus as the store serves it: article records in memory, texts in (mapped) arrays."""

    def __init__(self, arrays: dict[str, np.ndarray], files: list[FileStat] | None = None) -> None:
        """``files``: the corpus files the store was keyed by (``corpus_files``)."""
        records = _records(arrays)
        self._arrays = arrays
        self.files = files or []
        self._paragraph_texts = Texts(arrays["paragraph_bytes"])
        self._files: list[str] = records["files"]
        self.docs_digest: str = records["docs_digest"]
        """``chunks.docs_digest`` of the chunks' documents, which keys the index."""
        self.problems = [CorpusProblem(file=file, reason=reason) for file, reason in records["problems"]]
        self._analyses = Analyses(arrays)
        self._analysed = TextCache()
        self.articles = [
            StoredArticle(row, partial(self.paragraphs, n), partial(self.analysed, n))
            for n, row in enumerate(records["articles"])
        ]
        self.chunks = ChunkTable(arrays, [a.id for a in self.articles])

    @property
    def paragraph_count(self) -> int:
        return len(self._arrays["paragraph_offsets"]) - 1

    def paragraphs(self, number: int, start: int = 0, stop: int | None = None) -> list[Paragraph]:
        """The paragraphs ``start`` to ``stop`` (None: the last) of the article with this number (its
        place in ``articles``)."""
        arrays = self._arrays
        first, last = (int(x) for x in arrays["article_paragraphs"][number : number + 2])
        first, last = min(first + start, last), last if stop is None else max(first, min(first + stop, last))
        offsets = arrays["paragraph_offsets"][first : last + 1].tolist()
        spans = arrays["paragraph_spans"][first:last].tolist()
        data = self._paragraph_texts.read(offsets[0], offsets[-1])
        return [
            Paragraph.model_construct(
                text=decode(data[offsets[i] - offsets[0] : offsets[i + 1] - offsets[0]]),
                source=SourceSpan.model_construct(file=self._files[file], line_start=start, line_end=end),
            )
            for i, (file, start, end) in enumerate(spans)
        ]

    def analysed(self, number: int) -> ArticleText:
        """The analysed text of the article with this number, as the store was built with it (read on
        first use and kept among the most recently used, ``TextCache``)."""
        return self._analysed.get(number, lambda: self._analyses.get(number))


def store_arrays(
    corpus: Corpus, config: RetrievalConfig, previous: Analyses | None = None
) -> dict[str, np.ndarray]:
    """The store's arrays for a loaded corpus, the analyses of ``previous`` (an older store's) reused
    for the articles it holds unchanged."""
    files: dict[str, int] = {}
    paragraph_texts: list[str] = []
    spans: list[tuple[int, int, int]] = []
    starts = [0]
    chunk_texts: list[str] = []
    article_of_chunk: list[int] = []
    chunk_paragraph: list[int] = []
    rows = []
    docs = []
    for number, article in enumerate(corpus.articles):
        for paragraph in article.paragraphs:
            source = paragraph.source
            paragraph_texts.append(paragraph.text)
            spans.append((files.setdefault(source.file, len(files)), source.line_start, source.line_end))
        starts.append(len(paragraph_texts))
        context = article_context(article)
        for chunk in chunk_article(article, config):
            chunk_texts += [chunk.lead, chunk.text]
            article_of_chunk.append(number)
            chunk_paragraph.append(chunk.paragraph)
            docs.append(chunk_document(chunk, context, config.headline_repeat))
        data = article.model_dump(mode="json", exclude={"paragraphs"})
        rows.append([data[name] for name in FIELDS])
    records = {
        "articles": rows,
        "problems": [[p.file, p.reason] for p in corpus.problems],
        "files": list(files),
        "docs_digest": docs_digest(docs),
    }
    paragraph_bytes, paragraph_offsets = packed(paragraph_texts)
    chunk_bytes, chunk_offsets = packed(chunk_texts)
    return {
        "rules": np.frombuffer(json.dumps(RULES).encode(), np.uint8),
        "records": _packed_records(records),
        "paragraph_bytes": paragraph_bytes,
        "paragraph_offsets": paragraph_offsets,
        "paragraph_spans": np.asarray(spans, np.int64).reshape(-1, 3),
        "article_paragraphs": np.asarray(starts, np.int64),
        "chunk_bytes": chunk_bytes,
        "chunk_offsets": chunk_offsets,
        "chunk_article": np.asarray(article_of_chunk, np.int32),
        "chunk_paragraph": np.asarray(chunk_paragraph, np.int32),
    } | analysis_arrays(corpus.articles, previous)


def _previous(folder: Path | None) -> Analyses | None:
    """The analyses of the store in ``folder`` built from other files by the same rules, if any."""
    if folder is None:
        return None
    try:
        arrays = read_fileset(folder, STORE_VERSION, None).arrays
        return Analyses(arrays) if json.loads(arrays["rules"].tobytes()) == RULES else None
    except (FileSetError, KeyError, ValueError, TypeError):
        return None


def _records(arrays: dict[str, np.ndarray]) -> dict[str, Any]:
    records: dict[str, Any] = json.loads(arrays["records"].tobytes().decode("utf-8", "surrogatepass"))
    return records


def grown_arrays(
    corpus: StoredCorpus,
    before: list[Article],
    after: list[Article],
    config: RetrievalConfig,
    digest: str,
) -> dict[str, np.ndarray]:
    """The store's arrays for ``corpus`` with the articles ``before`` its own and ``after`` them (what a
    full load of the grown corpus would store, but for ``digest``, the documents' digest the index is
    keyed by)."""
    arrays = corpus._arrays
    if before:
        arrays = _joined(store_arrays(Corpus(articles=before), config), arrays)
    if after:
        arrays = _joined(arrays, store_arrays(Corpus(articles=after), config))
    return arrays | {"records": _packed_records(_records(arrays) | {"docs_digest": digest})}


def _packed_records(records: dict[str, Any]) -> np.ndarray:
    return np.frombuffer(json.dumps(records, ensure_ascii=False).encode("utf-8", "surrogatepass"), np.uint8)


def _joined(first: dict[str, np.ndarray], second: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """One store's arrays holding the articles of ``first`` then those of ``second``."""
    one, two = _records(first), _records(second)
    number = {name: i for i, name in enumerate(one["files"])}
    renumber = np.asarray([number.setdefault(f, len(number)) for f in two["files"]] or [0], np.int64)
    spans = np.array(second["paragraph_spans"])
    spans[:, 0] = renumber[spans[:, 0]]
    records = {
        "articles": one["articles"] + two["articles"],
        "files": list(number),
        "problems": one["problems"] + two["problems"],
    }

    def joined(name: str, shift: int = 0) -> np.ndarray:
        return np.concatenate([first[name], np.asarray(second[name]) + shift])

    def offsets(name: str) -> np.ndarray:
        return np.concatenate([first[name], second[name][1:] + first[name][-1]])

    return {
        "rules": first["rules"],
        "records": _packed_records(records),
        "analysis_bytes": joined("analysis_bytes"),
        "analysis_offsets": offsets("analysis_offsets"),
        "analysis_counts": np.concatenate([first["analysis_counts"], second["analysis_counts"]]),
        "analysis_digests": np.concatenate([first["analysis_digests"], second["analysis_digests"]]),
        "paragraph_bytes": joined("paragraph_bytes"),
        "paragraph_offsets": offsets("paragraph_offsets"),
        "paragraph_spans": np.concatenate([first["paragraph_spans"], spans]),
        "article_paragraphs": offsets("article_paragraphs"),
        "chunk_bytes": joined("chunk_bytes"),
        "chunk_offsets": offsets("chunk_offsets"),
        "chunk_article": joined("chunk_article", len(one["articles"])),
        "chunk_paragraph": joined("chunk_paragraph"),
    }


def save_store(
    arrays: dict[str, np.ndarray], cache_dir: Path, key: str, files: list[FileStat]
) -> StoredCorpus:
    """Write the store's arrays under ``key`` and read them back (mapped); ``OSError`` or
    ``FileSetError`` when that fails."""
    write_store(arrays, cache_dir, key)
    return read_store(cache_dir, key, files)


def write_store(arrays: dict[str, np.ndarray], cache_dir: Path, key: str) -> None:
    """Write the store's arrays under ``key``; ``OSError`` when that fails."""
    meta = {"articles": len(arrays["article_paragraphs"]) - 1}
    write_fileset(cache_dir / FOLDER, STORE_VERSION, key, arrays, meta)


def read_store(cache_dir: Path, key: str, files: list[FileStat]) -> StoredCorpus:
    """The store saved in ``cache_dir`` under ``key`` (``files``: the corpus files it was keyed by);
    ``FileSetError`` when there is none, or it is damaged."""
    return StoredCorpus(read_fileset(cache_dir / FOLDER, STORE_VERSION, key).arrays, files)


def open_corpus(corpus_dir: Path, config: RetrievalConfig, cache_dir: Path | None) -> StoredCorpus:
    """The corpus of ``corpus_dir``: from the store in ``cache_dir`` when it was built from the same
    files, settings and code, else loaded, chunked and saved there (served from memory if saving fails)."""
    corpus_dir = corpus_dir.resolve()  # a link switched to a new version meanwhile is read next time
    files = corpus_files(corpus_dir)  # before reading: a file changed meanwhile rebuilds next time
    key = store_key(corpus_dir, config, files)
    folder = cache_dir / FOLDER if cache_dir is not None else None
    if folder is not None:
        try:
            return StoredCorpus(read_fileset(folder, STORE_VERSION, key).arrays, files)
        except FileSetError as exc:
            log_rebuild(log, "corpus store", folder, exc)
        except (KeyError, ValueError, TypeError) as exc:
            log.warning("rebuilding the corpus store: unreadable records in %s: %r", folder, exc)
    arrays = store_arrays(load_corpus(corpus_dir), config, _previous(folder))
    if cache_dir is None:
        return StoredCorpus(arrays, files)
    try:
        return save_store(arrays, cache_dir, key, files)
    except (OSError, FileSetError) as exc:
        log.warning("could not save the corpus store in %s: %s", folder, exc)
        return StoredCorpus(arrays, files)
