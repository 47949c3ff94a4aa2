"""BM25 scoring of token lists, as rank-bm25 defines it.

(Interim version: serves scores straight from rank-bm25. The speed issue replaces the serving
structure while keeping this interface and rank-bm25's scores.)
"""

from __future__ import annotations

from collections import Counter

import numpy as np
from rank_bm25 import BM25Okapi, BM25Plus

from bot.config import RetrievalConfig


class BM25Index:
    """Scores a tokenized query against a fixed list of tokenized documents."""

    def __init__(self, docs: list[list[str]], params: RetrievalConfig) -> None:
        self.size = len(docs)
        self._document_frequency = Counter(term for doc in docs for term in set(doc))
        if params.algorithm == "plus":
            self._bm25: BM25Okapi | BM25Plus = BM25Plus(docs, k1=params.k1, b=params.b, delta=params.delta)
        else:
            self._bm25 = BM25Okapi(docs, k1=params.k1, b=params.b, epsilon=params.epsilon)

    def document_frequency(self, term: str) -> int:
        """How many documents contain the term."""
        return self._document_frequency[term]

    def scores(self, query: list[str]) -> np.ndarray:
        """The score of every document, in document order."""
        if not self.size:
            return np.zeros(0)
        return np.asarray(self._bm25.get_scores(query), dtype=np.float64)

    def top(self, query: list[str], k: int) -> list[tuple[int, float]]:
        """The k best (document, score) pairs, best first, ties by document order."""
        scores = self.scores(query)
        order = np.argsort(-scores, kind="stable")[:k]
        return [(int(i), float(scores[i])) for i in order]
