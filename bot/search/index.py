"""BM25 scoring of token lists: rank-bm25's scores, served from an eager sparse score matrix.

rank-bm25 defines the scores (``BM25Okapi`` with its epsilon floor for negative idf, or ``BM25Plus``),
but its ``get_scores`` loops over every document for every query term. Here the score contribution
of every (term, document) pair is computed once, with rank-bm25's own formula, into a term-major sparse
matrix, so a query costs the postings of its terms: a sum of a few rows. BM25Plus also gives every
document ``idf × delta`` for each query term it knows, so its rows hold ``idf × (delta + tf part)`` and
a per-term constant ``idf × delta`` goes to the documents without the term. Sums run term by term in
query order, as rank-bm25's do, so even exact float ties fall the same way.
``tests/test_index_parity.py`` holds this class to rank-bm25's ``get_scores`` and ranking.

Like rank-bm25, a query term counts as often as it occurs in the query, and unknown terms add nothing.
Where rank-bm25 divides 0 by 0 (an empty document when b = 1) the term counts as absent, not NaN.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np
import scipy.sparse as sp

from bot.config import RetrievalConfig
from bot.storage.fileset import FileSetError, StaleFileSet, read_fileset, write_fileset

FORMAT_VERSION = 1
"""Bump when the saved arrays, their meaning or how a score is worked out change (the index is keyed by
it with the BM25 parameters, the tokenizer and the documents): older file sets are then rebuilt."""

_BLOCK = 1 << 22
"""Postings scored at a time while building."""

_BOUND_SAMPLE = 4096
"""How many postings of the rarest query term to score for a first lower bound on the k-th score."""


def params_key(params: RetrievalConfig) -> dict[str, float | str]:
    """The BM25 parameters the matrix depends on (the rest of RetrievalConfig does not change it)."""
    return {
        "algorithm": params.algorithm,
        "k1": params.k1,
        "b": params.b,
        "delta": params.delta,
        "epsilon": params.epsilon,
    }


def token_ids(docs: Iterable[Sequence[str]]) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Number the terms of ``docs`` in order of first appearance.

    Returns the terms, every document's term ids end to end, and the offsets where each document's
    ids start (one more offset than documents).
    """
    ids: dict[str, int] = {}
    flat: list[int] = []
    offsets = [0]
    for doc in docs:
        flat.extend(ids.setdefault(term, len(ids)) for term in doc)
        offsets.append(len(flat))
    return list(ids), np.asarray(flat, dtype=np.int32), np.asarray(offsets, dtype=np.int64)


def pack_terms(terms: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Terms as arrays for a file set: their UTF-8 text end to end and the character offsets."""
    text = "".join(terms)
    ends = np.cumsum([len(t) for t in terms], dtype=np.int64)
    return np.frombuffer(text.encode("utf-8", "surrogatepass"), dtype=np.uint8), np.concatenate(
        [[0], ends]
    ).astype(np.int64)


def unpack_terms(blob: np.ndarray, offsets: np.ndarray) -> list[str]:
    """The terms packed by ``pack_terms``."""
    text = bytes(blob).decode("utf-8", "surrogatepass")
    bounds = offsets.tolist()
    return [text[a:b] for a, b in zip(bounds[:-1], bounds[1:], strict=True)]


class BM25Index:
    """Scores a tokenized query against a fixed list of tokenized documents, as rank-bm25 would."""

    def __init__(self, docs: list[list[str]], params: RetrievalConfig) -> None:
        terms, ids, offsets = token_ids(docs)
        self._set(terms, *_score_matrix(terms, ids, offsets, params))
        self.params = params

    @classmethod
    def from_token_ids(
        cls, terms: list[str], ids: np.ndarray, offsets: np.ndarray, params: RetrievalConfig
    ) -> BM25Index:
        """Build from numbered tokens (see ``token_ids``); every term must occur in some document."""
        index = cls.__new__(cls)
        index._set(terms, *_score_matrix(terms, ids, offsets, params))
        index.params = params
        return index

    def _set(
        self,
        terms: list[str],
        size: int,
        indptr: np.ndarray,
        docs: np.ndarray,
        contrib: np.ndarray,
        const: np.ndarray,
    ) -> None:
        self.size = size
        self.terms = terms
        self._term_id = {term: i for i, term in enumerate(terms)}
        self._indptr = indptr
        self._docs = docs
        self._contrib = contrib
        self._const = const
        self._const_total = float(np.abs(const).sum())

    def document_frequency(self, term: str) -> int:
        """How many documents contain the term (used by retrieval to weigh a question's words)."""
        i = self._term_id.get(term)
        return 0 if i is None else int(self._indptr[i + 1] - self._indptr[i])

    # ----- queries

    def _rows(self, query: Sequence[str]) -> list[tuple[int, int, int]]:
        """(term, first posting, end of postings) for each known query term, in query order."""
        rows = []
        for term in query:
            i = self._term_id.get(term)
            if i is not None:
                rows.append((i, int(self._indptr[i]), int(self._indptr[i + 1])))
        return rows

    def _scores(self, rows: list[tuple[int, int, int]]) -> np.ndarray:
        """Every document's score, summed term by term in query order as rank-bm25 sums it."""
        if not rows:
            return np.zeros(self.size)
        if self._const_total == 0:
            # Okapi: documents without a term get nothing from it; one bincount adds the rows in order.
            docs = np.concatenate([self._docs[a:b] for _, a, b in rows], dtype=np.intp)
            values = np.concatenate([self._contrib[a:b] for _, a, b in rows])
            return np.bincount(docs, weights=values, minlength=self.size)
        # Plus: every document gets idf × delta from each term, its own row value where it has the term.
        scores = np.zeros(self.size)
        for i, a, b in rows:
            docs = self._docs[a:b]
            before = scores[docs]
            scores += self._const[i]
            scores[docs] = before + self._contrib[a:b]
        return scores

    def scores(self, query: list[str]) -> np.ndarray:
        """The score of every document, in document order."""
        return self._scores(self._rows(query))

    def top(self, query: list[str], k: int) -> list[tuple[int, float]]:
        """The k best (document, score) pairs, best first, ties by document order."""
        k = min(k, self.size)
        if k <= 0:
            return []
        rows = self._rows(query)
        scores = self._scores(rows)
        # Any k documents' k-th best score is a lower bound for the true k-th best: take the rarest
        # term's first postings (likely good matches) plus the first k documents.
        sample = np.arange(k)
        if rows:
            _, start, end = min(rows, key=lambda row: row[2] - row[1])
            sample = np.union1d(sample, self._docs[start : min(end, start + _BOUND_SAMPLE)])
        bound = np.partition(scores[sample], len(sample) - k)[len(sample) - k]
        above = np.flatnonzero(scores > bound)
        if len(above) >= k:
            chosen = _best(scores, above, k)
        else:
            equal = np.flatnonzero(scores == bound)[: k - len(above)]
            chosen = _best(scores, np.concatenate([above, equal]), k)
        return [(int(i), float(scores[i])) for i in chosen]

    # ----- persistence

    def save(self, folder: Path, key: str) -> None:
        """Save as a checksummed file set in ``folder``, labelled with ``key`` (what it was built from)."""
        blob, term_offsets = pack_terms(self.terms)
        arrays = {
            "indptr": self._indptr,
            "docs": self._docs,
            "contrib": self._contrib,
            "const": self._const,
            "term_bytes": blob,
            "term_offsets": term_offsets,
        }
        write_fileset(
            folder, FORMAT_VERSION, key, arrays, {"size": self.size, "params": params_key(self.params)}
        )

    @classmethod
    def load(cls, folder: Path, key: str, params: RetrievalConfig) -> BM25Index:
        """Load a saved index (arrays memory-mapped); ``FileSetError`` if it is missing, stale or damaged."""
        fileset = read_fileset(folder, FORMAT_VERSION, key)
        if fileset.meta.get("params") != params_key(params):
            raise StaleFileSet(f"{folder}: saved with other BM25 parameters")
        a = fileset.arrays
        index = cls.__new__(cls)
        try:
            terms = unpack_terms(a["term_bytes"], a["term_offsets"])
            index._set(terms, int(fileset.meta["size"]), a["indptr"], a["docs"], a["contrib"], a["const"])
        except (KeyError, ValueError, TypeError) as exc:
            raise FileSetError(f"{folder}: incomplete index ({exc!r})") from exc
        index.params = params
        return index


def _best(scores: np.ndarray, candidates: np.ndarray, k: int) -> np.ndarray:
    """The k best of ``candidates`` (ascending document numbers) by score, ties by document order."""
    values = scores[candidates]
    if len(candidates) > k:
        kth = np.partition(values, len(values) - k)[len(values) - k]
        above = values > kth
        equal = np.flatnonzero(values == kth)[: k - int(above.sum())]
        keep = np.flatnonzero(above)
        keep = np.sort(np.concatenate([keep, equal]))
        candidates, values = candidates[keep], values[keep]
    return candidates[np.lexsort((candidates, -values))][:k]


def _score_matrix(
    terms: list[str], ids: np.ndarray, offsets: np.ndarray, params: RetrievalConfig
) -> tuple[int, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Every (term, document) score contribution, term-major, with rank-bm25's arithmetic.

    Returns the number of documents, the row pointers (one row per term), the documents and the
    contributions of each row, and each term's per-query constant (idf × delta for BM25Plus, else 0).
    """
    size = len(offsets) - 1
    vocabulary = len(terms)
    if size == 0 or vocabulary == 0:
        empty = np.zeros(0)
        return (
            size,
            np.zeros(vocabulary + 1, dtype=np.int64),
            np.zeros(0, np.int32),
            empty,
            np.zeros(vocabulary),
        )
    counts = sp.csr_matrix(
        (np.ones(len(ids), dtype=np.int32), ids, offsets), shape=(size, vocabulary), dtype=np.int32
    )
    counts.sum_duplicates()
    postings = counts.tocsc()
    del counts
    postings.sort_indices()
    indptr = postings.indptr.astype(np.int64)
    docs = postings.indices.astype(np.int32, copy=False)
    freq = postings.data
    df = np.diff(indptr)
    if np.any(df == 0):
        raise ValueError("every term must occur in some document")
    idf = _idf(df, size, params, ids)
    doc_lengths = np.diff(offsets)
    avgdl = int(offsets[-1] - offsets[0]) / size
    k1, b, delta = params.k1, params.b, params.delta
    contrib = np.empty(len(docs))
    term_of = np.repeat(np.arange(vocabulary, dtype=np.int32), df)
    for start in range(0, len(docs), _BLOCK):  # in blocks, to bound the temporaries' memory
        block = slice(start, start + _BLOCK)
        f, doc_len, term_idf = freq[block], doc_lengths[docs[block]], idf[term_of[block]]
        # The same expressions, in the same order, as rank_bm25's get_scores.
        if params.algorithm == "plus":
            contrib[block] = term_idf * (delta + (f * (k1 + 1)) / (k1 * (1 - b + b * doc_len / avgdl) + f))
        else:
            contrib[block] = term_idf * (f * (k1 + 1) / (f + k1 * (1 - b + b * doc_len / avgdl)))
    const = idf * delta if params.algorithm == "plus" else np.zeros(vocabulary)
    return size, indptr, docs, contrib, const


def _idf(df: np.ndarray, size: int, params: RetrievalConfig, ids: np.ndarray) -> np.ndarray:
    """rank-bm25's idf per term, bit for bit, from document frequencies.

    Okapi's floor is ``epsilon`` times the mean idf, which rank-bm25 sums term by term in order of
    first appearance in the corpus; the same order gives the same bits, so float ties fall alike.
    """
    distinct, inverse = np.unique(df, return_inverse=True)
    if params.algorithm == "plus":
        values = [math.log((size + 1) / int(n)) for n in distinct]
        return np.asarray(values)[inverse]
    values = [math.log(size - int(n) + 0.5) - math.log(int(n) + 0.5) for n in distinct]
    idf = np.asarray(values)[inverse]
    first = np.full(len(idf), len(ids), dtype=np.int64)
    np.minimum.at(first, ids, np.arange(len(ids), dtype=np.int64))
    running = np.cumsum(idf[np.argsort(first, kind="stable")])  # cumsum adds strictly in order
    floor = params.epsilon * (float(running[-1]) / len(idf))
    return np.where(idf < 0, floor, idf)
