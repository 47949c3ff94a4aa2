"""The bench's side-by-side phase: newsbot's ``BM25Index.top`` and bm25s's ``retrieve`` (numba backend),
over the same token ids, question by question in turn, in one process and one thread.

bm25s (``pip install '.[bench]'``) gets every chunk's token counts as newsbot's index holds them (so the
same token ids) and its "robertson" variant: rank-bm25's Okapi formula without the constant factor
k1 + 1 and with idf 0, not rank-bm25's epsilon floor, for terms in more than half the chunks. Its score
matrix is worked out here from the index's postings with bm25s's own expressions and dtypes, vectorised
(``bm25s_matrix``; its builder loops over documents in Python: a quarter of an hour at a million
paragraphs); ``tests/test_bench.py`` checks it equals what ``BM25.build_index_from_ids`` builds.
Agreement: bm25s's k documents, scored by newsbot (rank-bm25's scores), have the same scores as
newsbot's own k best (equal up to ties, to float32's precision); counted apart for the questions with
a term under the epsilon floor, where the two formulas differ.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

import numpy as np

from bot.config import Settings

if TYPE_CHECKING:
    from bot.corpus.store import StoredCorpus
    from bot.search.postings import Segment
    from bot.search.retrieval import Retriever
    from bot.text.terms import Tokenizer

REPEATS = 5
"""Each question is timed this many times per engine, the engines in turn (each first every other time);
its latency is the least of them: what the question costs when the shared machine lets it run, alike for
both engines (one run's p99 is mostly other jobs' noise on two cores)."""

AGREE_RTOL = 1e-5
"""Scores this close count as a tie (bm25s sums in float32)."""


def percentiles(seconds: list[float]) -> dict[str, float]:
    """p50/p95/p99 in milliseconds, and how many were timed."""
    if not seconds:
        return {}
    ms = np.asarray(seconds) * 1000
    return {f"p{p}": round(float(np.percentile(ms, p)), 3) for p in (50, 95, 99)} | {"n": len(seconds)}


def open_retriever(settings: Settings) -> tuple[StoredCorpus, Tokenizer, Retriever]:
    """The stored corpus, its tokenizer and the retriever over its persisted index, as the bot opens them."""
    from bot.corpus.store import open_corpus
    from bot.search.retrieval import Retriever
    from bot.text.lexicon import read_lexicon
    from bot.text.terms import Tokenizer

    config = settings.retrieval
    corpus = open_corpus(settings.paths.corpus, config, settings.paths.cache)
    tokenizer = Tokenizer(read_lexicon(settings.paths.corpus), cache_dir=settings.paths.cache)
    retriever = Retriever(
        corpus.articles,
        tokenizer,
        config,
        settings.paths.cache,
        chunks=corpus.chunks,
        digest=corpus.docs_digest,
    )
    return corpus, tokenizer, retriever


def bm25s_matrix(segment: Segment, k1: float, b: float) -> dict[str, Any]:
    """bm25s's "robertson" score matrix (``BM25.scores``) of an index segment's documents, one column per
    term in the segment's numbering, from the token counts the segment holds (the chunks' token ids):
    bm25s's own expressions and dtypes, vectorised."""
    size = segment.size
    lengths = np.asarray(segment.lengths, np.int64)
    df = np.diff(segment.indptr)
    # bm25s: idf = log(max(1, (N - df + 0.5) / (df + 0.5))) in Python floats, kept as float32.
    idf = np.log(np.maximum(1.0, (size - df + 0.5) / (df + 0.5))).astype(np.float32)
    avgdl = lengths.mean()
    docs = np.asarray(segment.docs)
    tf = np.asarray(segment.pair_tf, np.float32)[np.asarray(segment.codes)]
    # Its tf part, tf / (k1 × ((1 − b) + b × length / avgdl) + tf), in float64, times the float32 idf.
    tfc = tf / (k1 * ((1 - b) + b * lengths[docs] / avgdl) + tf)
    del tf
    data = (np.repeat(idf, df) * tfc).astype(np.float32)
    return {
        "data": data,
        "indices": docs.astype(np.int32),
        "indptr": np.asarray(segment.indptr, np.int64),
        "num_docs": size,
    }


def phase_engines(settings: Settings, questions: list[str]) -> dict[str, Any]:
    """newsbot and bm25s on the same questions, interleaved; latency percentiles and agreement."""
    try:
        import bm25s
    except ImportError:
        return {"missing": "bm25s is not installed (pip install '.[bench]')"}
    config = settings.retrieval
    _, tokenizer, retriever = open_retriever(settings)
    index = retriever.index
    segment = index.merged().segments[0]
    started = time.perf_counter()
    engine = bm25s.BM25(method="robertson", k1=config.k1, b=config.b, backend="numba")
    engine.scores = bm25s_matrix(segment, config.k1, config.b)
    engine.nonoccurrence_array = None
    engine.unique_token_ids_set = set(range(len(segment.terms)))
    build_s = time.perf_counter() - started
    number = segment.lookup
    k = config.top_k
    ours: list[float] = []
    theirs: list[float] = []
    ours_first: list[float] = []
    theirs_first: list[float] = []
    agree = floor_agree = floor_questions = asked = 0
    half = index.size / 2
    for question in questions:
        terms = tokenizer.terms(question)
        known = [number[t] for t in terms if t in number]
        if not known:
            continue
        if not asked:  # bm25s compiles its kernels on the first call
            engine.retrieve([known], k=k, show_progress=False, n_threads=1)
        mine: list[float] = []
        yours: list[float] = []
        for r in range(REPEATS):  # in turn, each engine first every other time
            for ours_now in (True, False) if r % 2 == 0 else (False, True):
                t0 = time.perf_counter()
                if ours_now:
                    top = index.top(terms, k)
                else:
                    found, _ = engine.retrieve([known], k=k, show_progress=False, n_threads=1)
                (mine if ours_now else yours).append(time.perf_counter() - t0)
        ours.append(min(mine))
        theirs.append(min(yours))
        ours_first.append(mine[0])
        theirs_first.append(yours[0])
        asked += 1
        scores = index.scores(terms)
        same = np.allclose(np.sort(scores[found[0]])[::-1], [s for _, s in top], rtol=AGREE_RTOL, atol=1e-12)
        if any(index.document_frequency(t) > half for t in terms):
            floor_questions += 1
            floor_agree += same
        else:
            agree += same
    newsbot, other = percentiles(ours), percentiles(theirs)
    return {
        "bm25s_version": bm25s.__version__,
        "bm25s_build_s": round(build_s, 3),
        "newsbot_ms": newsbot,
        "bm25s_ms": other,
        "ratio_p50": round(newsbot["p50"] / other["p50"], 2) if other else None,
        "ratio_p99": round(newsbot["p99"] / other["p99"], 2) if other else None,
        "repeats": REPEATS,
        "newsbot_first_ms": percentiles(ours_first),
        "bm25s_first_ms": percentiles(theirs_first),
        "questions": asked,
        "agree": agree,
        "floor_questions": floor_questions,
        "floor_agree": floor_agree,
    }
