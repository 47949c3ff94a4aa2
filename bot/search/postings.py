"""A segment of the index: the term-major postings of a run of consecutive documents.

Each posting holds its document (int32, ascending within a term) and a code for its pair (term frequency,
document length). A corpus has only some thousands of such pairs, so a posting's BM25 term-frequency part,
``f × (k1 + 1) / (f + k1 × (1 − b + b × length / avgdl))``, is one lookup in a table of the pairs, worked
out at query time for the corpus's current average length: no stored number depends on corpus-wide
statistics, so a new segment beside this one (a new day's page) changes nothing stored here.

Terms are numbered in order of first appearance in the segment (the order in which rank-bm25 sums its
idfs). ``maxpart`` is each term's best tf part at the average length ``avgdl`` the segment was built
with; it bounds the term's contribution at another average length too (``bound_scale``).
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from bot.config import RetrievalConfig
from bot.search.term_table import Terms, TermTable

_BLOCK = 1 << 22
"""Postings copied at a time while merging (bounds the temporaries' memory)."""
_PAIR_GRID = 1 << 24
"""Up to this many (frequency, length) cells, pairs are numbered through a dense grid, not a sort."""


def tf_parts(tf: np.ndarray, length: np.ndarray, avgdl: float, params: RetrievalConfig) -> np.ndarray:
    """rank-bm25's term-frequency part, with its expressions in its order (so the same bits)."""
    k1, b = params.k1, params.b
    if avgdl <= 0:  # no document has a term: there is no posting to score
        return np.zeros(len(tf))
    with np.errstate(invalid="ignore", divide="ignore"):
        return tf * (k1 + 1) / (tf + k1 * (1 - b + b * length / avgdl))


def bound_scale(built_avgdl: float, avgdl: float) -> float:
    """How much a tf part worked out at ``built_avgdl`` may grow at ``avgdl`` (at most their ratio)."""
    return max(1.0, avgdl / built_avgdl) if built_avgdl > 0 else 1.0


@dataclass(frozen=True)
class Segment:
    """Postings of ``len(lengths)`` documents (see the module's docstring)."""

    terms: Sequence[str]
    """A list, or a saved segment's ``Terms`` (read from its mapped ``TermTable``)."""
    indptr: np.ndarray
    """int64, one more than terms: where each term's postings start."""
    docs: np.ndarray
    codes: np.ndarray
    pair_tf: np.ndarray
    pair_len: np.ndarray
    lengths: np.ndarray
    """Every document's number of terms."""
    maxpart: np.ndarray
    avgdl: float

    @functools.cached_property
    def lookup(self) -> Mapping[str, int]:
        """Each term's number in this segment: a saved segment's ``TermTable``, else a dict (made on
        first use, then kept)."""
        if isinstance(self.terms, Terms):
            return self.terms.table
        return {term: i for i, term in enumerate(self.terms)}

    def term_table(self) -> TermTable:
        """The terms as a ``TermTable`` (to save)."""
        return self.terms.table if isinstance(self.terms, Terms) else TermTable.of(self.terms)

    @property
    def size(self) -> int:
        return len(self.lengths)

    @property
    def total_length(self) -> int:
        return int(self.lengths.sum(dtype=np.int64))

    def df(self) -> np.ndarray:
        return np.diff(self.indptr)

    def parts(self, avgdl: float, params: RetrievalConfig) -> np.ndarray:
        """The tf part of each pair code at the average length ``avgdl``."""
        return tf_parts(self.pair_tf, self.pair_len, avgdl, params)

    def arrays(self) -> dict[str, np.ndarray]:
        """The arrays to save (terms packed by the caller)."""
        return {
            "indptr": self.indptr,
            "docs": self.docs,
            "codes": self.codes,
            "pair_tf": self.pair_tf,
            "pair_len": self.pair_len,
            "lengths": self.lengths,
            "maxpart": self.maxpart,
        }

    @classmethod
    def from_arrays(cls, terms: Sequence[str], arrays: dict[str, np.ndarray], avgdl: float) -> Segment:
        a = {
            name: np.asarray(array) for name, array in arrays.items()
        }  # plain views: slicing a memmap is slow
        return cls(
            terms,
            a["indptr"],
            a["docs"],
            a["codes"],
            a["pair_tf"],
            a["pair_len"],
            a["lengths"],
            a["maxpart"],
            avgdl,
        )


def build_segment(terms: list[str], ids: np.ndarray, offsets: np.ndarray, params: RetrievalConfig) -> Segment:
    """The segment of documents given as term ids end to end (``ids``, numbering ``terms``) and the
    offsets where each document starts. Terms no document uses are dropped."""
    import scipy.sparse as sp  # a tenth of a second to import: not at a start that loads the index

    size = len(offsets) - 1
    lengths = np.diff(offsets).astype(np.int32)
    ids = np.asarray(ids)
    if size == 0 or len(ids) == 0:
        return _empty(lengths)
    # Renumber the terms in order of first appearance, dropping unused ones.
    first = np.full(len(terms), len(ids), dtype=np.int64)
    np.minimum.at(first, ids, np.arange(len(ids), dtype=np.int64))
    order = np.argsort(first, kind="stable")[: int(np.count_nonzero(first < len(ids)))]
    renumber = np.empty(len(terms), dtype=np.int32)
    renumber[order] = np.arange(len(order), dtype=np.int32)
    vocabulary = len(order)
    counts = sp.csr_matrix(
        (np.ones(len(ids), dtype=np.int32), renumber[ids], offsets),
        shape=(size, vocabulary),
        dtype=np.int32,
    )
    counts.sum_duplicates()
    postings = counts.tocsc()
    del counts
    postings.sort_indices()
    docs = postings.indices.astype(np.int32, copy=False)
    pair_tf, pair_len, codes = _pair_codes(postings.data, lengths[docs])
    avgdl = int(offsets[-1] - offsets[0]) / size
    indptr = postings.indptr.astype(np.int64)
    maxpart = _max_parts(indptr, codes, tf_parts(pair_tf, pair_len, avgdl, params))
    return Segment(
        [terms[i] for i in order.tolist()], indptr, docs, codes, pair_tf, pair_len, lengths, maxpart, avgdl
    )


def _empty(lengths: np.ndarray) -> Segment:
    none = np.zeros(0, np.int32)
    return Segment(
        [], np.zeros(1, np.int64), none, none.astype(np.uint16), none, none, lengths, np.zeros(0), 0.0
    )


def _pair_codes(tf: np.ndarray, length: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The distinct (tf, length) pairs, ordered, and each posting's code into them."""
    width = int(length.max()) + 1 if len(length) else 1
    cells = (int(tf.max()) + 1 if len(tf) else 1) * width
    if cells <= _PAIR_GRID:
        cell = tf.astype(np.int64) * width + length
        present = np.zeros(cells, dtype=bool)
        present[cell] = True
        distinct = np.flatnonzero(present)
        number = np.zeros(cells, dtype=np.int64)
        number[distinct] = np.arange(len(distinct))
        codes = number[cell]
    else:
        distinct, codes = np.unique(tf.astype(np.int64) * width + length, return_inverse=True)
    kind = np.uint16 if len(distinct) <= 1 << 16 else np.int32
    return (distinct // width).astype(np.int32), (distinct % width).astype(np.int32), codes.astype(kind)


def _max_parts(indptr: np.ndarray, codes: np.ndarray, parts: np.ndarray) -> np.ndarray:
    """Each term's largest tf part (0 for a term without postings)."""
    best = np.zeros(len(indptr) - 1)
    df = np.diff(indptr)
    used = np.flatnonzero(df)
    if len(used):
        best[used] = np.maximum.reduceat(parts[codes], indptr[:-1][used])
    return best


def merge(segments: list[Segment], params: RetrievalConfig) -> Segment:
    """One segment holding the documents of ``segments`` in order (what a background merge builds)."""
    term_id: dict[str, int] = {}
    local_ids = [
        np.fromiter((term_id.setdefault(t, len(term_id)) for t in s.terms), np.int64, len(s.terms))
        for s in segments
    ]
    terms = list(term_id)
    # (tf, length) pairs of every segment, numbered anew.
    pairs = np.unique(np.concatenate([s.pair_tf.astype(np.int64) << 32 | s.pair_len for s in segments]))
    recode = [np.searchsorted(pairs, s.pair_tf.astype(np.int64) << 32 | s.pair_len) for s in segments]
    df = np.zeros(len(terms), np.int64)
    for s, ids in zip(segments, local_ids, strict=True):
        df[ids] += s.df()
    indptr = np.concatenate([[0], np.cumsum(df)]).astype(np.int64)
    docs = np.empty(int(indptr[-1]), np.int32)
    kind = np.uint16 if len(pairs) <= 1 << 16 else np.int32
    codes = np.empty(len(docs), kind)
    filled = indptr[:-1].copy()  # where each term's next postings go
    base = 0
    for s, ids, new_codes in zip(segments, local_ids, recode, strict=True):
        counts = s.df()
        lo = 0
        while lo < len(ids):  # in blocks of about _BLOCK postings: bounded temporaries
            hi = min(
                len(ids), max(lo + 1, int(np.searchsorted(s.indptr, s.indptr[lo] + _BLOCK, "right")) - 1)
            )
            a, b = int(s.indptr[lo]), int(s.indptr[hi])
            if a < b:
                shift = np.repeat(filled[ids[lo:hi]] - s.indptr[lo:hi], counts[lo:hi])
                where = shift + np.arange(a, b)
                docs[where] = s.docs[a:b] + base
                codes[where] = new_codes[s.codes[a:b]]
            lo = hi
        filled[ids] += counts
        base += s.size
    lengths = np.concatenate([s.lengths for s in segments]).astype(np.int32)
    size = len(lengths)
    avgdl = int(lengths.sum(dtype=np.int64)) / size if size else 0.0
    pair_tf, pair_len = (pairs >> 32).astype(np.int32), (pairs & 0xFFFFFFFF).astype(np.int32)
    maxpart = _max_parts(indptr, codes, tf_parts(pair_tf, pair_len, avgdl, params))
    return Segment(terms, indptr, docs, codes, pair_tf, pair_len, lengths, maxpart, avgdl)
