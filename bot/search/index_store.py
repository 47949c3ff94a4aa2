"""The persisted index: loaded from the cache when it matches the documents, else built and saved.

A document is a sequence of texts whose terms it counts (e.g. its article's headline and its own
passage). The saved index is keyed by a fingerprint of every document's texts, the tokenizer (its
code key and its lexicon) and the BM25 parameters, so a changed corpus, tokenizer or parameter never
serves a stale index: the file set is rebuilt, with a log line saying why.

Building tokenises each distinct text once, spread over all cores for big corpora (worker processes
forked from this one share its already initialised jieba), with a progress bar on a terminal (log lines otherwise). The terms of every
text are kept in a token cache keyed by the text's digest, under the tokenizer's code key. A text's
terms depend only on the text and on the lexicon words it contains, so when the lexicon changes only
the texts containing an added or removed word are tokenised again. Adding a day's page therefore
tokenises that page (and the few old texts that name its new words); the score matrix is then
rebuilt from the cached token ids, because BM25's idf and average length are corpus-wide and every
stored score changes with them.
"""

from __future__ import annotations

import hashlib
import json
import logging
import multiprocessing
import os
import re
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Protocol

import numpy as np

from bot.config import RetrievalConfig
from bot.corpus.chunks import CHUNKS_VERSION, docs_digest
from bot.search.index import FORMAT_VERSION, BM25Index, pack_terms, params_key, unpack_terms
from bot.storage.fileset import FileSetError, log_rebuild, read_fileset, write_fileset
from bot.storage.progress import Progress

log = logging.getLogger(__name__)

TOKENS_VERSION = 2
"""Bump when the token cache's arrays or their meaning change."""
PARALLEL_MIN_CHARS = 200_000
"""Below this many characters to tokenise, one process is quicker than starting workers."""
DAY_PARALLEL_MIN_CHARS = 40_000
"""The same for a day's page taken in by a serving process (``Retriever.add``): its forked workers start
with jieba loaded and the day's words taught, so both cores pay from a smaller page."""
PROGRESS_MIN_CHARS = 300_000
"""Show progress (a bar on a terminal, else log lines) from about this much work (a second or more)."""
BATCH_TEXTS = 256

Terms = Callable[[str], list[str]]


class TermSource(Protocol):
    """A tokenizer as the index needs it (``bot.text.terms.Tokenizer`` is one)."""

    lexicon: list[str]
    """Words taught to the tokenizer; a text's terms depend only on those it contains."""
    code_key: str
    """Names everything else that decides the terms (code, dictionary)."""

    def terms(self, text: str) -> list[str]: ...


def fingerprint(digest: str, tokenizer: TermSource, params: RetrievalConfig) -> str:
    """What the index is built from: the documents (their ``docs_digest``, made by ``chunk_document``
    in the format ``CHUNKS_VERSION`` names), the tokenizer (its terms key and lexicon), the BM25
    parameters and the index's own format version. No source file is hashed: a comment changes nothing."""
    head = {
        "format": FORMAT_VERSION,
        "chunks": CHUNKS_VERSION,
        "tokenizer": tokenizer.code_key,
        "lexicon": hashlib.sha256("\n".join(tokenizer.lexicon).encode()).hexdigest(),
        "params": params_key(params),
        "docs": digest,
    }
    return hashlib.sha256(json.dumps(head, sort_keys=True).encode()).hexdigest()


def load_or_build(
    docs: Sequence[Sequence[str]],
    tokenizer: TermSource,
    params: RetrievalConfig,
    cache_dir: Path | None,
    workers: int | None = None,
    digest: str | None = None,
) -> BM25Index:
    """The index of ``docs``: loaded from ``cache_dir`` when it was built from the same input, else
    built (reusing cached tokens) and saved there. ``digest`` is ``docs_digest(docs)`` when known."""
    if cache_dir is None:
        return build(docs, tokenizer, params, None, workers)
    key = fingerprint(digest or docs_digest(docs), tokenizer, params)
    folder = cache_dir / "index"
    try:
        return BM25Index.load(folder, key, params)
    except FileSetError as exc:
        log_rebuild(log, "search index", folder, exc)
    index = build(docs, tokenizer, params, cache_dir / "tokens", workers)
    try:
        index.save(folder, key)
        return BM25Index.load(folder, key, params)  # served from the mapped files, off the heap
    except OSError as exc:
        log.warning("could not save the search index in %s: %s", folder, exc)
    except FileSetError as exc:
        log.warning("could not read back the search index saved in %s: %s", folder, exc)
    return index


def build(
    docs: Sequence[Sequence[str]],
    tokenizer: TermSource,
    params: RetrievalConfig,
    token_cache: Path | None = None,
    workers: int | None = None,
) -> BM25Index:
    """Tokenise (reusing ``token_cache`` when given, and refreshing it) and build the index."""
    vocabulary, ids, offsets = doc_tokens(docs, tokenizer, token_cache, workers)
    started = time.perf_counter()
    index = BM25Index.from_token_ids(vocabulary, ids, offsets, params)
    log.debug("score matrix of %d documents built in %.2f s", len(docs), time.perf_counter() - started)
    return index


def doc_tokens(
    docs: Sequence[Sequence[str]],
    tokenizer: TermSource,
    token_cache: Path | None = None,
    workers: int | None = None,
    parallel_from: int | None = None,
) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Every document's terms as (vocabulary, ids end to end, offsets), each distinct text tokenised once
    (on every core from ``parallel_from`` characters, ``PARALLEL_MIN_CHARS`` when None)."""
    row_of: dict[str, int] = {}
    part_rows = np.fromiter(
        (row_of.setdefault(text, len(row_of)) for doc in docs for text in doc), dtype=np.int64
    )
    parts_per_doc = np.fromiter((len(doc) for doc in docs), dtype=np.int64, count=len(docs))
    vocabulary, text_ids, text_offsets = tokenize_texts(
        list(row_of), tokenizer, token_cache, workers, parallel_from
    )
    lengths = np.diff(text_offsets)[part_rows]
    ids = _gather(text_ids, text_offsets[:-1][part_rows], lengths)
    doc_of_part = np.repeat(np.arange(len(docs)), parts_per_doc)
    doc_lengths = np.bincount(doc_of_part, weights=lengths, minlength=len(docs)).astype(np.int64)
    offsets = np.concatenate([[0], np.cumsum(doc_lengths)]).astype(np.int64)
    vocabulary, ids = _compact(vocabulary, ids)
    return vocabulary, ids, offsets


def tokenize_texts(
    texts: list[str],
    tokenizer: TermSource,
    token_cache: Path | None,
    workers: int | None = None,
    parallel_from: int | None = None,
) -> tuple[list[str], np.ndarray, np.ndarray]:
    """The terms of each text as (vocabulary, ids end to end, offsets), reusing and refreshing the cache."""
    digests = [hashlib.blake2b(t.encode("utf-8", "surrogatepass"), digest_size=16).digest() for t in texts]
    vocabulary: list[str] = []
    cached_ids = np.zeros(0, np.int32)
    cached_offsets = np.zeros(1, np.int64)
    cached_row: dict[bytes, int] = {}
    changed: set[str] = set()
    if token_cache is not None:
        try:
            cache = read_fileset(token_cache, TOKENS_VERSION, tokenizer.code_key)
            vocabulary = unpack_terms(cache.arrays["term_bytes"], cache.arrays["term_offsets"])
            cached_ids, cached_offsets = cache.arrays["ids"], cache.arrays["offsets"]
            keys = np.asarray(cache.arrays["digests"]).tobytes()
            cached_row = {keys[i * 16 : i * 16 + 16]: i for i in range(len(cached_offsets) - 1)}
            lexicon = unpack_terms(cache.arrays["lexicon_bytes"], cache.arrays["lexicon_offsets"])
            changed = set(lexicon) ^ set(tokenizer.lexicon)
        except (FileSetError, KeyError) as exc:
            if token_cache.exists():
                log.info("token cache not reused: %s", exc)
    rows = np.fromiter((cached_row.get(d, -1) for d in digests), dtype=np.int64, count=len(texts))
    if changed:
        # Texts naming a word the lexicon gained or lost may be cut differently now.
        naming = re.compile("|".join(map(re.escape, sorted(changed, key=len, reverse=True))))
        for i in np.flatnonzero(rows >= 0):
            if naming.search(texts[i]):
                rows[i] = -1
    missing = np.flatnonzero(rows < 0)
    term_id = {term: i for i, term in enumerate(vocabulary)}
    new_ids, new_lengths = _tokenize_missing(
        [texts[i] for i in missing], tokenizer.terms, term_id, workers, parallel_from
    )
    vocabulary = list(term_id)
    # Every text's ids come from the cache or from the new tokens: one pool, one gather.
    pool = np.concatenate([np.asarray(cached_ids, dtype=np.int32), new_ids])
    starts = np.empty(len(texts), np.int64)
    lengths = np.empty(len(texts), np.int64)
    hit = rows >= 0
    starts[hit] = np.asarray(cached_offsets)[rows[hit]]
    lengths[hit] = np.asarray(cached_offsets)[rows[hit] + 1] - starts[hit]
    starts[missing] = len(cached_ids) + np.cumsum(new_lengths) - new_lengths
    lengths[missing] = new_lengths
    ids = _gather(pool, starts, lengths)
    offsets = np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64)
    log.info("tokenised %d text(s), %d reused from the token cache", len(missing), len(texts) - len(missing))
    if token_cache is not None and (len(missing) or len(cached_row) != len(texts) or changed):
        vocabulary, ids = _compact(vocabulary, ids)
        blob, term_offsets = pack_terms(vocabulary)
        lexicon_blob, lexicon_offsets = pack_terms(tokenizer.lexicon)
        arrays = {
            "digests": np.frombuffer(b"".join(digests), dtype=np.uint8),
            "ids": ids,
            "offsets": offsets,
            "term_bytes": blob,
            "term_offsets": term_offsets,
            "lexicon_bytes": lexicon_blob,
            "lexicon_offsets": lexicon_offsets,
        }
        try:
            write_fileset(token_cache, TOKENS_VERSION, tokenizer.code_key, arrays, {"texts": len(texts)})
        except OSError as exc:
            log.warning("could not save the token cache in %s: %s", token_cache, exc)
    return vocabulary, ids, offsets


_worker_terms: Terms | None = None


def _init_worker(terms: Terms) -> None:
    global _worker_terms
    _worker_terms = terms


def _tokenize_batch(texts: list[str]) -> tuple[list[str], np.ndarray, np.ndarray]:
    """A batch's terms numbered locally: (local vocabulary, ids end to end, terms per text)."""
    assert _worker_terms is not None
    local: dict[str, int] = {}
    ids: list[int] = []
    lengths = []
    for text in texts:
        try:
            found = _worker_terms(text)
        except Exception:  # one text the tokenizer cannot handle must not stop the whole index
            log.exception("could not tokenise a text (indexed without terms): %.40r", text)
            found = []
        ids.extend(local.setdefault(term, len(local)) for term in found)
        lengths.append(len(found))
    return list(local), np.asarray(ids, dtype=np.int32), np.asarray(lengths, dtype=np.int64)


def _tokenize_missing(
    texts: list[str], terms: Terms, term_id: dict[str, int], workers: int | None, parallel_from: int | None
) -> tuple[np.ndarray, np.ndarray]:
    """Tokenise ``texts`` (in parallel from ``parallel_from`` characters), numbering new terms in ``term_id``."""
    chars = sum(map(len, texts))
    workers = workers or os.cpu_count() or 1
    if (
        workers < 2
        or chars < (PARALLEL_MIN_CHARS if parallel_from is None else parallel_from)
        or "fork" not in multiprocessing.get_all_start_methods()
    ):
        workers = 1
    # A few batches per worker at least, so that a small page is shared out evenly.
    size = max(1, min(BATCH_TEXTS, -(-len(texts) // (4 * workers))))
    batches = [texts[i : i + size] for i in range(0, len(texts), size)]
    progress = Progress(chars, "tokenising", "char", log, min_total=PROGRESS_MIN_CHARS)
    all_ids: list[np.ndarray] = []
    all_lengths: list[np.ndarray] = []
    with progress:
        for batch, (local, ids, lengths) in zip(batches, _run_batches(batches, terms, workers), strict=True):
            lookup = np.fromiter(
                (term_id.setdefault(t, len(term_id)) for t in local), dtype=np.int32, count=len(local)
            )
            all_ids.append(lookup[ids] if len(ids) else ids)
            all_lengths.append(lengths)
            progress.update(sum(map(len, batch)))
    if not all_ids:
        return np.zeros(0, np.int32), np.zeros(0, np.int64)
    return np.concatenate(all_ids), np.concatenate(all_lengths)


def _run_batches(
    batches: list[list[str]], terms: Terms, workers: int
) -> Iterator[tuple[list[str], np.ndarray, np.ndarray]]:
    if workers < 2:
        _init_worker(terms)
        yield from map(_tokenize_batch, batches)
        return
    # Forked workers inherit the tokenizer with its dictionary already loaded: no per-worker start-up.
    with multiprocessing.get_context("fork").Pool(workers, _init_worker, (terms,)) as pool:
        yield from pool.imap(_tokenize_batch, batches)


def _gather(flat: np.ndarray, starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """``flat[s : s + n]`` for each start s and length n, end to end."""
    total = int(lengths.sum())
    if total == 0:
        return np.zeros(0, dtype=flat.dtype)
    out_starts = np.cumsum(lengths) - lengths
    kind = np.int32 if max(total, len(flat)) < 2**31 else np.int64  # int32: half the memory traffic
    positions = np.repeat((starts - out_starts).astype(kind), lengths)
    positions += np.arange(total, dtype=kind)
    return np.asarray(flat[positions])


def _compact(vocabulary: list[str], ids: np.ndarray) -> tuple[list[str], np.ndarray]:
    """Drop terms no id refers to, renumbering the rest in order."""
    used = np.bincount(ids, minlength=len(vocabulary)) > 0 if len(ids) else np.zeros(len(vocabulary), bool)
    if used.all():
        return vocabulary, ids.astype(np.int32, copy=False)
    renumber = (np.cumsum(used) - 1).astype(np.int32)
    return [t for t, keep in zip(vocabulary, used, strict=True) if keep], renumber[ids]
