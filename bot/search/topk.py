"""The k best documents for a query, with rank-bm25's scores and ranking, touching few postings.

rank-bm25 adds every query term's contribution to every document, term by term in query order. The same
sum, in the same order, decides here; it is only worked out for the documents that can still make the k
best (MaxScore pruning over whole terms):

1. A lower bound ``theta`` on the k-th best score: the exact scores of the few documents where the query's
   most telling term (largest possible contribution) weighs most.
2. Terms whose possible contributions together stay below ``theta`` cannot lift a document into the k best
   on their own: only the documents holding one of the other ("essential") terms are candidates. The
   essential terms' contributions are added up for them, and those that could not reach ``theta`` even
   with every other term at its bound are dropped.
3. The remaining candidates are scored exactly (every term looked up, summed in query order) and ranked,
   ties by document order. When there are too many of them for look-ups to pay, every term is added into
   a dense buffer in query order instead (the plain way, which gives the same bits).

Bounds and partial sums only choose candidates, with a margin far above float rounding; every returned
score is the exact one. Pruning needs every contribution to be positive (idf > 0): otherwise, and for
BM25Plus, the caller scores densely.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.sparse import _sparsetools

MARGIN = 1e-9
"""Relative slack on bounds: partial sums in another order differ from the exact sum by ~1e-16."""
SAMPLE = 1024
"""Postings of the strongest term whose contributions give a first lower bound on the k-th best score."""
LOOKUP_COST = 24
"""About how many postings' worth of time one binary-search look-up of one term costs."""


@dataclass(frozen=True)
class Run:
    """One term's postings in one segment: documents ``base + docs``, tf parts ``table[codes]``."""

    docs: np.ndarray
    codes: np.ndarray
    table: np.ndarray
    base: int


@dataclass(frozen=True)
class Term:
    """A distinct query term: its idf, the most it adds to any document, and its postings."""

    idf: float
    bound: float
    runs: tuple[Run, ...]
    postings: int
    """How many postings the term has in all segments."""

    def documents(self) -> np.ndarray:
        """Every posting's document (global number)."""
        docs = [run.docs + run.base if run.base else run.docs for run in self.runs]
        return docs[0] if len(docs) == 1 else np.concatenate(docs)

    def parts(self) -> np.ndarray:
        """Every posting's tf part, as ``documents``."""
        parts = [run.table.take(run.codes) for run in self.runs]
        return parts[0] if len(parts) == 1 else np.concatenate(parts)

    def values(self, first: int | None = None) -> np.ndarray:
        """The contribution ``idf × tf part`` (rank-bm25's product) of every posting, or of the ``first``."""
        if first is not None:
            run = next((run for run in self.runs if len(run.codes)), None)
            return np.zeros(0) if run is None else run.table.take(run.codes[:first]) * self.idf
        return self.parts() * self.idf

    def scatter(self, buffer: np.ndarray, times: int = 1) -> None:
        """Add the term's contributions (``times`` over, for bounds only) into a buffer of every document."""
        for run in self.runs:
            if 4 * len(run.docs) < len(run.table):  # a short run: its own values, not the whole table's
                values = run.table.take(run.codes) * self.idf
                buffer[run.base + run.docs] += values * times if times > 1 else values
            elif len(run.docs):
                weights = run.table * self.idf
                _scatter(buffer[run.base :], run.docs, run.codes, weights * times if times > 1 else weights)

    def lookup(self, docs: np.ndarray) -> np.ndarray:
        """The term's contribution to each of ``docs`` (ascending global numbers), 0 where absent."""
        found = np.zeros(len(docs))
        for run in self.runs:
            if not len(run.docs):
                continue
            lo, hi = np.searchsorted(docs, [run.base, run.base + int(run.docs[-1]) + 1])
            if lo == hi:
                continue
            local = (docs[lo:hi] - run.base).astype(run.docs.dtype)
            at = np.minimum(np.searchsorted(run.docs, local), len(run.docs) - 1)
            hit = run.docs[at] == local
            found[lo:hi][hit] = run.table.take(run.codes[at[hit]]) * self.idf
        return found


_ONES = np.ones(0)


def _scatter(buffer: np.ndarray, docs: np.ndarray, codes: np.ndarray, weights: np.ndarray) -> None:
    """``buffer[docs[i]] += weights[codes[i]]`` for every i, in order, in compiled code: scipy's COO
    matrix-vector product (y[row] += 1.0 × x[col]; times 1.0 is exact), 3-6× numpy's ``+=``/``add.at``."""
    global _ONES
    if len(_ONES) < len(docs):
        _ONES = np.ones(max(len(docs), 2 * len(_ONES)))
    _sparsetools.coo_matvec(len(docs), docs, codes, _ONES[: len(docs)], weights, buffer)


def exact(query: list[Term], docs: np.ndarray) -> np.ndarray:
    """The scores of ``docs`` (ascending), summed term by term in query order as rank-bm25 sums them."""
    found: dict[int, np.ndarray] = {}
    scores = np.zeros(len(docs))
    for term in query:
        values = found.get(id(term))
        if values is None:
            values = found[id(term)] = term.lookup(docs)
        scores = scores + values
    return scores


def dense(query: list[Term], buffer: np.ndarray) -> None:
    """Every document's score into ``buffer`` (zeros), term by term in query order."""
    for term in query:
        term.scatter(buffer)


def best(docs: np.ndarray, scores: np.ndarray, k: int) -> list[tuple[int, float]]:
    """The k best of ``docs`` (ascending) by score, ties by document number."""
    if len(docs) > 2 * k:
        kth = np.partition(scores, len(scores) - k)[len(scores) - k]
        keep = scores >= kth
        docs, scores = docs[keep], scores[keep]
    order = np.lexsort((docs, -scores))[:k]
    return [(int(d), float(s)) for d, s in zip(docs[order], scores[order], strict=True)]


def top(query: list[Term], size: int, k: int, buffer: np.ndarray) -> list[tuple[int, float]]:
    """The k best of ``size`` documents for the query's terms (in query order, repeats included);
    ``buffer`` is zeros of ``size`` and is left so. Every term's idf must be positive."""
    distinct = list({id(term): term for term in query}.values())
    times = [sum(t is term for t in query) for term in distinct]
    bounds = np.array([term.bound * n for term, n in zip(distinct, times, strict=True)])
    strongest = distinct[int(np.argmax(bounds))]
    order = np.argsort(bounds, kind="stable")
    added = np.cumsum(bounds[order]) * (1 + MARGIN)
    postings = sum(term.postings for term in distinct)
    if postings * 8 < size:  # few postings: score their documents only, with no pass over all documents
        dense(query, buffer)
        docs = _distinct(np.concatenate([term.documents() for term in distinct]))
        scores = buffer[docs]
        buffer[docs] = 0.0
        return _padded(docs, scores, size, k)
    if not _may_prune(distinct, order, added, float(bounds.max()), postings):
        return _dense_top(query, strongest, size, k, buffer)
    # A first lower bound on the k-th best score: the k-th best contribution of the strongest term to
    # its first documents alone.
    theta = _kth(strongest.values(SAMPLE), k)
    # Terms (weakest first) whose bounds add up to less than theta: no candidate comes from them alone.
    weak = int(np.count_nonzero(added < theta * (1 - MARGIN)))
    essential = [(distinct[i], times[i]) for i in order[weak:].tolist()]
    if not _may_prune(distinct, order, added, theta, postings):
        return _dense_top(query, strongest, size, k, buffer)
    for term, n in essential:
        term.scatter(buffer, n)
    # Sums of the essential terms, each at most the document's score: the strongest term's documents
    # give a better bound.
    strong = strongest.documents()
    theta = max(theta, _kth(buffer[strong], k))
    floor = theta * (1 - MARGIN) - (float(added[weak - 1]) if weak else 0.0)
    candidates = _candidates([term for term, _ in essential], size, floor, buffer)
    if len(candidates) * len(distinct) * LOOKUP_COST > postings:
        return _dense_top(query, strongest, size, k, buffer)
    return _padded(candidates, exact(query, candidates), size, k)


def _padded(docs: np.ndarray, scores: np.ndarray, size: int, k: int) -> list[tuple[int, float]]:
    """The k best of ``docs``; when fewer than k documents hold a query term, the first others follow
    with score 0, in document order, as in rank-bm25's ranking."""
    if len(docs) < k:
        others = np.setdiff1d(np.arange(min(size, k + len(docs))), docs)[: k - len(docs)]
        docs = np.concatenate([docs, others])
        scores = np.concatenate([scores, np.zeros(len(others))])
    return best(docs, scores, k)


def _may_prune(
    distinct: list[Term], order: np.ndarray, added: np.ndarray, theta: float, postings: int
) -> bool:
    """Whether, with ``theta`` as the bound, the essential terms hold at most a quarter of the postings
    (else scoring every document is quicker than scoring the candidates from look-ups)."""
    weak = int(np.count_nonzero(added < theta * (1 - MARGIN)))
    return 4 * sum(distinct[i].postings for i in order[weak:].tolist()) <= postings


def _kth(values: np.ndarray, k: int) -> float:
    """The k-th largest value (0 when there are fewer than k)."""
    if len(values) < k:
        return 0.0
    return float(np.partition(values, len(values) - k)[len(values) - k])


def _candidates(essential: list[Term], size: int, floor: float, buffer: np.ndarray) -> np.ndarray:
    """The documents whose sum in ``buffer`` (the essential terms' contributions) reaches ``floor``;
    the buffer is zeroed again."""
    postings = sum(term.postings for term in essential)
    if postings * 8 < size:  # few postings: look at their documents only
        docs = np.concatenate([term.documents() for term in essential])
        sums = buffer[docs]
        buffer[docs] = 0.0
        return _distinct(docs[sums >= floor] if floor > 0 else docs)
    found = np.flatnonzero(buffer >= floor) if floor > 0 else np.flatnonzero(buffer)
    buffer.fill(0.0)
    return found


def _distinct(docs: np.ndarray) -> np.ndarray:
    """The distinct documents, ascending (a sort: quicker than ``np.unique``'s hashing here)."""
    docs = np.sort(docs).astype(np.int64)
    return docs[np.concatenate([[True], docs[1:] != docs[:-1]])] if len(docs) else docs


def _dense_top(
    query: list[Term], strongest: Term, size: int, k: int, buffer: np.ndarray
) -> list[tuple[int, float]]:
    """Every document scored into the (zero) buffer in query order; the k best, found among those
    reaching the k-th best score of the strongest term's documents."""
    dense(query, buffer)
    theta = _kth(buffer[strongest.documents()], k)
    docs = np.flatnonzero(buffer >= theta) if theta > 0 else np.flatnonzero(buffer)
    scores = buffer[docs]
    buffer.fill(0.0)
    return _padded(docs, scores, size, k)
