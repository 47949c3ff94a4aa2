"""The fast BM25 index must give rank-bm25's scores and rankings, and persist them faithfully."""

from __future__ import annotations

import random
import re
from pathlib import Path

import jieba
import numpy as np
import pytest
from rank_bm25 import BM25Okapi, BM25Plus

from bot.config import RetrievalConfig
from bot.search import index, postings, topk
from bot.search.index import BM25Index
from bot.storage.fileset import FileSetError

SEED = Path(__file__).resolve().parent.parent / "seeds" / "000_09621e14e5a96519.txt"
PARAMS = [
    RetrievalConfig(algorithm="okapi"),
    RetrievalConfig(algorithm="plus"),
    RetrievalConfig(algorithm="okapi", k1=0.9, b=0.4, epsilon=0.1),
    RetrievalConfig(algorithm="plus", k1=2.0, b=1.0, delta=0.5),
]


def _seed_docs() -> list[list[str]]:
    paragraphs = [p.strip() for p in SEED.read_text(encoding="utf-8").split("\n") if p.strip()]
    sentences = [s for p in paragraphs for s in re.split(r"(?<=[。；！？])", p) if s]
    return [[t for t in jieba.lcut(s) if t.strip()] for s in paragraphs + sentences]


def _synthetic_docs(rng: random.Random, count: int) -> list[list[str]]:
    """Zipf-like token lists: some terms in most documents (negative Okapi idf), repeats, empty docs."""
    vocabulary = [f"w{i}" for i in range(2000)]
    weights = [1 / (i + 1) for i in range(len(vocabulary))]
    docs = []
    for _ in range(count):
        length = rng.choice([0, 1, 3, 8, 20, 50])
        docs.append(rng.choices(vocabulary, weights, k=length) + (["常见"] if rng.random() < 0.8 else []))
    return docs


@pytest.fixture(scope="module")
def corpus() -> list[list[str]]:
    return _seed_docs() + _synthetic_docs(random.Random(6), 3000)


@pytest.fixture(scope="module")
def queries(corpus: list[list[str]]) -> list[list[str]]:
    rng = random.Random(7)
    picked = [rng.sample(doc, min(len(doc), rng.randint(1, 6))) for doc in rng.sample(corpus, 60) if doc]
    return picked + [
        [],  # empty query
        ["不存在的词"],  # absent from the vocabulary
        ["郑州", "郑州", "经济"],  # duplicates count each time
        ["常见", "w0", "w0", "没有", "w1999"],
        ["安伟", "出席", "会议", "讲话"],
    ]


def _reference(docs: list[list[str]], params: RetrievalConfig) -> BM25Okapi | BM25Plus:
    if params.algorithm == "plus":
        return BM25Plus(docs, k1=params.k1, b=params.b, delta=params.delta)
    return BM25Okapi(docs, k1=params.k1, b=params.b, epsilon=params.epsilon)


def _assert_parity(index: BM25Index, reference: BM25Okapi | BM25Plus, queries: list[list[str]]) -> None:
    for query in queries:
        expected = np.asarray(reference.get_scores(query))
        got = index.scores(query)
        np.testing.assert_allclose(got, expected, rtol=1e-6, atol=1e-12, err_msg=str(query))
        for k in (1, 5, 20, len(expected) + 3):
            ranking = np.argsort(-expected, kind="stable")[:k].tolist()
            top = index.top(query, k)
            assert [doc for doc, _ in top] == ranking, (query, k)
            np.testing.assert_allclose([s for _, s in top], expected[ranking], rtol=1e-6, atol=1e-12)


@pytest.mark.parametrize("params", PARAMS, ids=lambda p: f"{p.algorithm}-k1={p.k1}-b={p.b}")
def test_scores_and_rankings_match_rank_bm25(
    corpus: list[list[str]], queries: list[list[str]], params: RetrievalConfig
) -> None:
    if params.b == 1:  # rank-bm25 divides 0 by 0 for empty documents when b = 1 (see below)
        corpus = [doc for doc in corpus if doc]
    _assert_parity(BM25Index(corpus, params), _reference(corpus, params), queries)


def test_empty_document_with_b_1_scores_as_no_occurrence() -> None:
    """Where rank-bm25 computes 0/0 (NaN) we count the term as absent: 0 (Okapi) or idf × delta (Plus)."""
    docs = [["a"], [], ["b"]]
    okapi = BM25Index(docs, RetrievalConfig(b=1.0))
    plus = BM25Index(docs, RetrievalConfig(algorithm="plus", b=1.0))
    with np.errstate(invalid="ignore"):
        assert np.isnan(BM25Okapi(docs, b=1.0).get_scores(["a"])[1])
    assert okapi.scores(["a"])[1] == 0.0
    assert plus.scores(["a"])[1] == pytest.approx(plus.scores(["a"])[2])


@pytest.mark.parametrize("lookup_cost", [0, 10**9], ids=["look-ups", "dense"])
def test_both_ways_of_scoring_candidates_rank_alike(
    monkeypatch: pytest.MonkeyPatch, corpus: list[list[str]], queries: list[list[str]], lookup_cost: int
) -> None:
    """Candidates scored by look-ups or every document scored densely: the same scores and rankings."""
    monkeypatch.setattr(topk, "LOOKUP_COST", lookup_cost)
    _assert_parity(BM25Index(corpus, PARAMS[0]), _reference(corpus, PARAMS[0]), queries)


@pytest.mark.parametrize("params", PARAMS[:2], ids=lambda p: p.algorithm)
def test_segments_score_as_one_corpus_and_merge_into_one(
    monkeypatch: pytest.MonkeyPatch,
    corpus: list[list[str]],
    queries: list[list[str]],
    params: RetrievalConfig,
) -> None:
    """A corpus given as a big segment and two added ones (new terms, new (tf, length) pairs, a shifted
    average length and idfs) scores exactly as rank-bm25 over the whole; merged (in small blocks) too."""
    whole = corpus + [["新词", "新词", "w1", "新"], ["新"]]  # terms only the last segment has
    cut = [0, len(corpus) - 400, len(corpus) - 7, len(whole)]
    parts = [whole[a:b] for a, b in zip(cut[:-1], cut[1:], strict=True)]
    grown = BM25Index(parts[0], params)
    for part in parts[1:]:
        grown = grown.add(*index.token_ids(part))
    assert len(grown.segments) == 3 and grown.size == len(whole)
    reference = _reference(whole, params)
    queries = queries + [["新词"], ["新", "w1", "新词", "常见"]]
    _assert_parity(grown, reference, queries)
    monkeypatch.setattr(postings, "_BLOCK", 97)
    merged = grown.merged()
    assert len(merged.segments) == 1
    _assert_parity(merged, reference, queries)


def test_the_sample_exercises_the_okapi_epsilon_floor(corpus: list[list[str]]) -> None:
    reference = BM25Okapi(corpus)
    assert sum(1 for doc in corpus if "常见" in doc) > len(corpus) / 2
    assert reference.idf["常见"] == pytest.approx(0.25 * reference.average_idf)


def test_document_frequency() -> None:
    index = BM25Index([["a", "b", "a"], ["b"], []], RetrievalConfig())
    assert [index.document_frequency(t) for t in ("a", "b", "zzz")] == [1, 2, 0]


def test_bm25plus_scores_documents_without_the_term() -> None:
    docs = [["a", "b"], ["b"], ["c"]]
    index = BM25Index(docs, RetrievalConfig(algorithm="plus"))
    expected = BM25Plus(docs).get_scores(["a"])
    assert expected[2] > 0
    np.testing.assert_allclose(index.scores(["a"]), expected, rtol=1e-12)
    assert index.top(["a"], 3) == [
        (0, pytest.approx(expected[0])),
        (1, pytest.approx(expected[1])),
        (2, pytest.approx(expected[2])),
    ]


def test_ties_keep_document_order() -> None:
    docs = [["x"], ["y", "z"], ["y", "z"], ["x"], ["y", "z"], ["v"], ["w"], ["u"]]
    index = BM25Index(docs, RetrievalConfig())
    assert [doc for doc, _ in index.top(["y"], 2)] == [1, 2]
    assert [doc for doc, _ in index.top(["z", "y"], 4)] == [1, 2, 4, 0]
    assert [doc for doc, _ in index.top(["nothing"], 3)] == [0, 1, 2]


def test_empty_corpus_and_empty_documents() -> None:
    empty = BM25Index([], RetrievalConfig())
    assert empty.scores(["a"]).shape == (0,)
    assert empty.top(["a"], 5) == []
    blank = BM25Index([[], []], RetrievalConfig(algorithm="plus"))
    assert blank.scores(["a"]).tolist() == [0.0, 0.0]
    assert blank.top([], 5) == [(0, 0.0), (1, 0.0)]


@pytest.mark.parametrize("algorithm", ["okapi", "plus"])
def test_saved_index_loads_memory_mapped_with_the_same_scores(
    tmp_path: Path, corpus: list[list[str]], queries: list[list[str]], algorithm: str
) -> None:
    params = RetrievalConfig(algorithm=algorithm)  # type: ignore[arg-type]
    BM25Index(corpus, params).save(tmp_path / "index", key="k1")
    loaded = BM25Index.load(tmp_path / "index", "k1", params)
    assert isinstance(loaded.segments[0].docs.base, np.memmap)  # read from the file, not copied
    _assert_parity(loaded, _reference(corpus, params), queries)


def test_stale_or_damaged_index_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "index"
    BM25Index([["a", "b"], ["b"]], RetrievalConfig()).save(folder, key="corpus-1")
    with pytest.raises(FileSetError, match="other input"):
        BM25Index.load(folder, "corpus-2", RetrievalConfig())
    with pytest.raises(FileSetError, match="other BM25 parameters"):
        BM25Index.load(folder, "corpus-1", RetrievalConfig(k1=1.2))
    data = bytearray((folder / "s0_docs.npy").read_bytes())
    data[-1] ^= 0xFF
    (folder / "s0_docs.npy").write_bytes(bytes(data))
    with pytest.raises(FileSetError, match="checksum"):
        BM25Index.load(folder, "corpus-1", RetrievalConfig())


@pytest.mark.parametrize(
    ("lookup_cost", "block"),
    [(0, topk.BLOCK), (3, topk.BLOCK), (10**9, topk.BLOCK), (0, 128), (3, 128), (10**9, 192)],
    ids=["look-ups", "default", "dense", "look-ups-blocks", "default-blocks", "dense-blocks"],
)
def test_top_has_rank_bm25s_bits_and_tie_order(
    monkeypatch: pytest.MonkeyPatch, corpus: list[list[str]], lookup_cost: int, block: int
) -> None:
    """The compiled top-k, every way of scoring, over segments and with near-duplicate documents (ties
    near the top): the same floats as rank-bm25, bit for bit, and its tie order. Small blocks make a
    query run over many of them, some pruned and some scored whole, across segment boundaries."""
    monkeypatch.setattr(topk, "LOOKUP_COST", lookup_cost)
    monkeypatch.setattr(topk, "BLOCK", block)
    rng = random.Random(11)
    whole = corpus + [list(doc) for doc in rng.sample(corpus, 600)]
    reference = BM25Okapi(whole)
    grown = BM25Index(whole[:2000], RetrievalConfig())
    for a, b in ((2000, 3500), (3500, len(whole))):
        grown = grown.add(*index.token_ids(whole[a:b]))
    for _ in range(80):
        source = rng.choice(whole) or ["常见"]
        query = rng.sample(source, min(4, len(source))) + rng.choices(
            ["常见", "w0", "w1", "w7"], k=rng.randint(0, 3)
        )
        expected = np.asarray(reference.get_scores(query))
        for k in (1, 5, 30):
            ranking = np.argsort(-expected, kind="stable")[:k].tolist()
            top = grown.top(query, k)
            assert [doc for doc, _ in top] == ranking, (query, k)
            assert [s for _, s in top] == expected[ranking].tolist(), (query, k)
