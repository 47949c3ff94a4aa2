"""The k best documents for a query, with rank-bm25's scores and ranking, in one compiled call.

rank-bm25 adds every query term's contribution (``idf × tf part``) to every document, term by term in
query order. The same sum, in the same order, decides here; the kernel (``_kernel.c``, one call per
query, the GIL released) works it out only for the documents that can still make the k best:

1. Few postings (under an eighth of the documents), or one term: every term is added into a reused
   buffer in query order (the exact scores), noting each document the first time it is met, and the k
   best of those are kept in a heap.
2. Otherwise MaxScore over whole terms. A lower bound ``theta`` on the k-th best score: the k-th best
   contribution of the query's most telling term (largest possible contribution). Terms whose possible
   contributions together stay below ``theta`` cannot lift a document into the k best on their own:
   only the documents of the other ("essential") terms are candidates. Their contributions are added
   into the buffer (partial sums, at most the exact scores: the k-th best of them raises ``theta``), and
   the candidates that could not reach ``theta`` even with every other term at its bound are dropped.
   The rest are scored exactly, in ascending order, each term looked up by galloping through its
   postings, summed in query order.
3. When pruning cannot pay (the essential terms hold over a quarter of the postings, or too many
   candidates are left for look-ups), every term is added into the buffer in query order, as in 1; when
   the postings outnumber half the documents, a block of 32,768 documents at a time (the block's part of
   each term's postings, found by galloping), the k best of each block taken while it is in cache.

Bounds and partial sums only choose candidates, with a margin far above float rounding; every returned
score is the exact one, ties by document order; fewer than k documents with a term are followed by the
first others with score 0, as in rank-bm25's ranking. Pruning needs every contribution positive (idf >
0): otherwise every document is scored and ranked, block by block. BM25Plus is scored by the caller.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence

import numpy as np

from bot.search.postings import Segment

try:
    from bot.search import _kernel
except ImportError as exc:  # a checkout whose extension was never built, or built before a change
    raise ImportError(
        "the query kernel is not built: run `pip install -e .` (it needs a C compiler)"
    ) from exc

LOOKUP_COST = 3.0
"""About how many postings' worth of time one look-up of one term for one candidate costs."""

KernelSegment = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, float, int, int]


def kernel_segments(
    segments: Sequence[Segment], tables: Sequence[np.ndarray], scales: Sequence[float]
) -> tuple[KernelSegment, ...]:
    """What the kernel reads of each segment: its arrays, the tf part of each (tf, length) code at the
    corpus's average length, how much its bounds may grow, where its documents start, and how many."""
    found = []
    base = 0
    for segment, table, scale in zip(segments, tables, scales, strict=True):
        found.append(
            (segment.indptr, segment.docs, segment.codes, table, segment.maxpart, scale, base, segment.size)
        )
        base += segment.size
    return tuple(found)


class Scratch(threading.local):
    """Per thread: a buffer of zeros (one per document) and a bit per document (met), both left zero by
    the kernel, and room for a list of documents."""

    def get(self, size: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        if getattr(self, "size", None) != size:
            self.size = size
            self.arrays = np.zeros(size), np.zeros(size, np.int32), np.zeros((size + 63) // 64, np.uint64)
        return self.arrays


def top(
    segments: tuple[KernelSegment, ...],
    idf: np.ndarray,
    terms: list[int],
    order: list[int],
    k: int,
    size: int,
    scratch: Scratch,
) -> list[tuple[int, float]]:
    """The k best of ``size`` documents, (document, score) pairs, best first. ``terms`` holds each distinct
    query term's global number then its number in each segment (-1 where absent); ``order`` which term
    each query word is."""
    buffer, candidates, bits = scratch.get(size)
    found: list[tuple[int, float]] = _kernel.top(
        segments, idf, terms, order, k, buffer, candidates, bits, LOOKUP_COST
    )
    return found


def dense(
    segments: tuple[KernelSegment, ...], idf: np.ndarray, terms: list[int], order: list[int], size: int
) -> np.ndarray:
    """Every document's score, summed term by term in query order."""
    scores = np.zeros(size)
    _kernel.dense(segments, idf, terms, order, scores)
    return scores


def best(docs: np.ndarray, scores: np.ndarray, k: int) -> list[tuple[int, float]]:
    """The k best of ``docs`` (ascending) by score, ties by document number."""
    if len(docs) > 2 * k:
        kth = np.partition(scores, len(scores) - k)[len(scores) - k]
        keep = scores >= kth
        docs, scores = docs[keep], scores[keep]
    order = np.lexsort((docs, -scores))[:k]
    return [(int(d), float(s)) for d, s in zip(docs[order], scores[order], strict=True)]
