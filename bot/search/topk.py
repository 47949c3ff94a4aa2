"""The k best documents for a query, with rank-bm25's scores and ranking, in one compiled call.

rank-bm25 adds every query term's contribution (``idf × tf part``) to every document, term by term in
query order. The same sum, in the same order, decides here; the kernel (``_kernel.c``, one call per
query, the GIL released) works it out only for the documents that can still make the k best:

1. Few postings (under an eighth of the documents), or one term: every term is added into a reused
   buffer in query order (the exact scores), noting each document the first time it is met, and the k
   best of those are kept in a heap.
2. Otherwise a block of ``BLOCK`` documents at a time (each term's part of the block found by
   galloping), so the block's scores stay in cache, with MaxScore over whole terms. A lower bound
   ``theta`` on the k-th best score starts as the k-th best exact score of the documents where the
   strongest terms (largest possible contribution) weigh most, and rises with every block. Terms whose
   possible contributions together stay below ``theta`` ("weak") cannot lift a document into the k best
   on their own, so a pruned block adds only the other ("essential") terms' contributions (partial sums,
   at most the exact scores: the k-th best of them raises ``theta``); the documents that could still
   reach ``theta`` with every weak term at its bound are scored exactly, each term looked up by galloping
   through its postings, summed in query order, and the exact scores found raise ``theta`` again.
3. A block where pruning would not pay (its essential postings, plus look-ups at the rate the last
   pruned block needed at ``LOOKUP_COST`` postings each, not well under all its postings; or, once its
   partial sums are in, too many documents left to look up) is scored whole: every term added in query
   order (the exact scores), the block's k best taken while it is in cache. After a block that had to
   give up, the next ones keep one weak term fewer.

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

LOOKUP_COST = 8.0
"""About how many postings' worth of time one look-up of one term for one candidate costs (measured on
the recombined bench corpus at 115,520 chunks: 3 looked up far too often, 8 and 16 alike)."""

BLOCK = 32768
"""Documents scored at a time when most are met (a multiple of 64): the block's 256 KB of scores stay in
cache while its postings are added and its k best taken."""

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
    the kernel."""

    def get(self, size: int) -> tuple[np.ndarray, np.ndarray]:
        if getattr(self, "size", None) != size:
            self.size = size
            self.arrays = np.zeros(size), np.zeros((size + 63) // 64, np.uint64)
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
    buffer, bits = scratch.get(size)
    found: list[tuple[int, float]] = _kernel.top(
        segments, idf, terms, order, k, buffer, bits, LOOKUP_COST, BLOCK
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
