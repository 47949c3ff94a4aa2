"""BM25 scoring of token lists with rank-bm25's scores and rankings, from segments of postings.

rank-bm25 defines the scores (``BM25Okapi`` with its epsilon floor for negative idf, or ``BM25Plus``),
but its ``get_scores`` loops over every document for every query term. Here the documents are held in
segments (``postings.Segment``: term-major postings, each with a code for its (tf, length) pair), and a
query is scored from the postings of its terms with rank-bm25's own expressions, in its order (term by
term in query order, so even exact float ties fall the same way). Corpus-wide statistics (the number of
documents, every term's document frequency and so its idf, the epsilon floor, the average length) are
worked out over all segments together when the index is put together: a new day's page is a small
segment beside the big one, searchable at once with exact scores, and ``merged`` folds them into one.
``topk`` finds the k best without scoring every document. ``tests/test_index_parity.py`` holds this
class to rank-bm25's ``get_scores`` and ranking.

Like rank-bm25, a query term counts as often as it occurs in the query, and unknown terms add nothing.
Where rank-bm25 divides 0 by 0 (an empty document when b = 1) the term counts as absent, not NaN.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np

from bot.config import RetrievalConfig
from bot.search import topk
from bot.search.postings import Segment, bound_scale, build_segment, merge
from bot.search.term_table import Terms, TermTable, numbers_in
from bot.storage.fileset import FileSetError, StaleFileSet, read_fileset, write_fileset

FORMAT_VERSION = 3
"""Bump when the saved arrays, their meaning or how a score is worked out change (the index is keyed by
it with the BM25 parameters, the tokenizer and the documents): older file sets are then rebuilt.
2: segments of postings with (tf, length) codes instead of one matrix of contributions; 3: each
segment's terms as a ``TermTable`` (byte offsets, sorted hashes), looked up without a dict."""


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
        self._set([build_segment(terms, ids, offsets, params)], params)

    @classmethod
    def from_token_ids(
        cls, terms: list[str], ids: np.ndarray, offsets: np.ndarray, params: RetrievalConfig
    ) -> BM25Index:
        """Build from numbered tokens (see ``token_ids``)."""
        return cls.from_segments([build_segment(terms, ids, offsets, params)], params)

    @classmethod
    def from_segments(cls, segments: list[Segment], params: RetrievalConfig) -> BM25Index:
        index = cls.__new__(cls)
        index._set(segments, params)
        return index

    def add(self, terms: list[str], ids: np.ndarray, offsets: np.ndarray, first: bool = False) -> BM25Index:
        """This index with more documents after its own (numbered tokens, see ``token_ids``), or before
        them when ``first``, as a new small segment: the big segments are shared, not copied, and every
        score is exact at once."""
        segment = build_segment(terms, ids, offsets, self.params)
        segments = [segment, *self.segments] if first else [*self.segments, segment]
        return self.from_segments(segments, self.params)

    def merged(self) -> BM25Index:
        """The same index in one segment (the same scores; fewer places to look each term up)."""
        if len(self.segments) == 1:
            return self
        return self.from_segments([merge(self.segments, self.params)], self.params)

    def _set(self, segments: list[Segment], params: RetrievalConfig) -> None:
        self.params = params
        self.segments = segments
        self.size = sum(s.size for s in segments)
        self._bases = np.concatenate([[0], np.cumsum([s.size for s in segments])]).astype(np.int64)
        total = sum(s.total_length for s in segments)
        self.avgdl = total / self.size if self.size else 0.0
        # Global term ids in order of first appearance in the whole corpus (the order in which rank-bm25
        # sums its idfs): each segment's terms in its order, those met in an earlier segment keeping
        # their number. Only the smaller segment of each pair is gone through term by term.
        self._globals: list[np.ndarray] = []
        for n, segment in enumerate(segments):
            numbers = np.full(len(segment.terms), -1, np.int64)
            for earlier, known in zip(segments[:n], self._globals, strict=True):
                if len(earlier.terms) <= len(segment.terms):
                    mine, theirs = numbers_in(segment.lookup, earlier.terms), np.arange(len(earlier.terms))
                else:
                    mine, theirs = np.arange(len(segment.terms)), numbers_in(earlier.lookup, segment.terms)
                both = (mine >= 0) & (theirs >= 0)
                numbers[mine[both]] = known[theirs[both]]
            new = numbers < 0
            start = max((int(g.max()) + 1 for g in self._globals if len(g)), default=0)
            numbers[new] = start + np.arange(int(np.count_nonzero(new)))
            self._globals.append(numbers)
        self.vocabulary = max((int(g.max()) + 1 for g in self._globals if len(g)), default=0)
        df = np.zeros(self.vocabulary, np.int64)
        for segment, numbers in zip(segments, self._globals, strict=True):
            df[numbers] += segment.df()  # a segment numbers each term once
        self._df = df
        self._idf = _idf(df, self.size, params)
        self._tables = [s.parts(self.avgdl, params) for s in segments]
        scales = [bound_scale(s.avgdl, self.avgdl) for s in segments]
        self._kernel = topk.kernel_segments(segments, self._tables, scales)
        self._scratch = topk.Scratch()

    def _global(self, term: str) -> int | None:
        for segment, numbers in zip(self.segments, self._globals, strict=True):
            local = segment.lookup.get(term)
            if local is not None:
                return int(numbers[local])
        return None

    def document_frequency(self, term: str) -> int:
        """How many documents contain the term (used by retrieval to weigh a question's words)."""
        i = self._global(term)
        return 0 if i is None else int(self._df[i])

    # ----- queries

    def _query(self, query: Sequence[str]) -> tuple[list[int], list[int]]:
        """The query's distinct known terms, each as its global number then its number in each segment
        (-1 where absent), end to end; and for each known query word, in order, which of them it is."""
        seen: dict[str, int] = {}
        terms: list[int] = []
        order: list[int] = []
        for word in query:
            i = seen.get(word)
            if i is None:
                local = [segment.lookup.get(word, -1) for segment in self.segments]
                n = next((n for n, number in enumerate(local) if number >= 0), None)
                if n is None:
                    continue
                i = seen[word] = len(seen)
                terms += (int(self._globals[n][local[n]]), *local)
            order.append(i)
        return terms, order

    def scores(self, query: list[str]) -> np.ndarray:
        """The score of every document, in document order."""
        terms, order = self._query(query)
        if self.params.algorithm != "plus":
            return topk.dense(self._kernel, self._idf, terms, order, self.size)
        # Plus: every document gets idf × delta from each term, its own value where it has the term.
        scores = np.zeros(self.size)
        delta, width = self.params.delta, len(self.segments) + 1
        for i in order:
            g, *local = terms[i * width : (i + 1) * width]
            idf = float(self._idf[g])
            runs = [
                (int(base) + segment.docs[a:b], table[segment.codes[a:b]])
                for segment, n, table, base in zip(
                    self.segments, local, self._tables, self._bases, strict=False
                )
                if n >= 0
                for a, b in [(int(segment.indptr[n]), int(segment.indptr[n + 1]))]
            ]
            docs = np.concatenate([d for d, _ in runs])
            parts = np.concatenate([p for _, p in runs])
            before = scores[docs]
            scores += idf * delta
            scores[docs] = before + idf * (delta + parts)
        return scores

    def top(self, query: list[str], k: int) -> list[tuple[int, float]]:
        """The k best (document, score) pairs, best first, ties by document order."""
        k = min(k, self.size)
        if k <= 0:
            return []
        terms, order = self._query(query)
        if not order:
            return [(i, 0.0) for i in range(k)]
        if self.params.algorithm == "plus":
            scores = self.scores(query)
            kth = np.partition(scores, self.size - k)[self.size - k]
            docs = np.flatnonzero(scores >= kth)
            return topk.best(docs, scores[docs], k)
        return topk.top(self._kernel, self._idf, terms, order, k, self.size, self._scratch)

    # ----- persistence

    def save(self, folder: Path, key: str) -> None:
        """Save as a checksummed file set in ``folder``, labelled with ``key`` (what it was built from)."""
        arrays: dict[str, np.ndarray] = {}
        for n, segment in enumerate(self.segments):
            parts = segment.arrays() | segment.term_table().arrays()
            arrays |= {f"s{n}_{name}": array for name, array in parts.items()}
        meta = {
            "size": self.size,
            "params": params_key(self.params),
            "avgdl": [s.avgdl for s in self.segments],
        }
        write_fileset(folder, FORMAT_VERSION, key, arrays, meta)

    @classmethod
    def load(cls, folder: Path, key: str, params: RetrievalConfig) -> BM25Index:
        """Load a saved index (arrays memory-mapped); ``FileSetError`` if it is missing, stale or damaged."""
        fileset = read_fileset(folder, FORMAT_VERSION, key)
        if fileset.meta.get("params") != params_key(params):
            raise StaleFileSet(f"{folder}: saved with other BM25 parameters")
        a = fileset.arrays
        try:
            segments = []
            for n, avgdl in enumerate(fileset.meta["avgdl"]):
                mine = {name[len(f"s{n}_") :]: v for name, v in a.items() if name.startswith(f"s{n}_")}
                segments.append(Segment.from_arrays(Terms(TermTable(mine)), mine, float(avgdl)))
            if not segments or sum(s.size for s in segments) != int(fileset.meta["size"]):
                raise ValueError("segments do not add up to the saved size")
        except (KeyError, ValueError, TypeError) as exc:
            raise FileSetError(f"{folder}: incomplete index ({exc!r})") from exc
        return cls.from_segments(segments, params)


def _idf(df: np.ndarray, size: int, params: RetrievalConfig) -> np.ndarray:
    """rank-bm25's idf per term, bit for bit, from document frequencies (terms in order of first appearance).

    Okapi's floor is ``epsilon`` times the mean idf, which rank-bm25 sums term by term in order of
    first appearance in the corpus; the same order gives the same bits, so float ties fall alike.
    """
    if len(df) == 0:
        return np.zeros(0)
    # Worked out once per distinct frequency (math.log's bits), found through a table (no sort).
    table = np.zeros(int(df.max()) + 1)
    present = np.zeros(len(table), bool)
    present[df] = True
    distinct = np.flatnonzero(present).tolist()
    if params.algorithm == "plus":
        table[distinct] = [math.log((size + 1) / n) for n in distinct]
        return table[df]
    table[distinct] = [math.log(size - n + 0.5) - math.log(n + 0.5) for n in distinct]
    idf = table[df]
    running = np.cumsum(idf)  # cumsum adds strictly in order
    floor = params.epsilon * (float(running[-1]) / len(idf))
    return np.where(idf < 0, floor, idf)
