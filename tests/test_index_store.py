"""The persisted index is reused only when built from the same input, and rebuilt from cached tokens."""

from __future__ import annotations

import logging
from pathlib import Path

import numpy as np
import pytest

from bot import index_store
from bot.config import RetrievalConfig
from bot.index import BM25Index
from bot.index_store import load_or_build
from bot.text import Tokenizer

SEED = Path(__file__).resolve().parent.parent / "seeds" / "000_09621e14e5a96519.txt"
PARAMS = RetrievalConfig()


class CountingTerms:
    """A tokenizer that records which texts it was asked to tokenise."""

    def __init__(self, tokenizer: Tokenizer) -> None:
        self.tokenizer = tokenizer
        self.seen: list[str] = []

    def __call__(self, text: str) -> list[str]:
        self.seen.append(text)
        return self.tokenizer.terms(text)


@pytest.fixture(scope="module")
def tokenizer() -> Tokenizer:
    return Tokenizer()


@pytest.fixture(scope="module")
def docs() -> list[list[str]]:
    paragraphs = [p.strip() for p in SEED.read_text(encoding="utf-8").splitlines() if p.strip()]
    headline = paragraphs[0]
    return [[headline, p] for p in paragraphs[1:]]


def _reference(docs: list[list[str]], tokenizer: Tokenizer) -> BM25Index:
    return BM25Index([[t for text in doc for t in tokenizer.terms(text)] for doc in docs], PARAMS)


def _same(a: BM25Index, b: BM25Index, tokenizer: Tokenizer) -> None:
    for question in ("市委书记安伟出席会议", "疫情防控 防汛", "人大常委会", "不存在"):
        query = tokenizer.terms(question)
        np.testing.assert_array_equal(a.scores(query), b.scores(query))
        assert a.top(query, 5) == b.top(query, 5)


def test_second_start_loads_without_tokenising(
    tmp_path: Path, docs: list[list[str]], tokenizer: Tokenizer
) -> None:
    first = CountingTerms(tokenizer)
    built = load_or_build(docs, first, tokenizer.key, PARAMS, tmp_path)
    assert len(first.seen) == len(docs) + 1  # each distinct text once: the shared headline once
    again = CountingTerms(tokenizer)
    loaded = load_or_build(docs, again, tokenizer.key, PARAMS, tmp_path)
    assert again.seen == []
    assert isinstance(loaded._contrib, np.memmap)
    _same(loaded, _reference(docs, tokenizer), tokenizer)
    _same(built, loaded, tokenizer)


def test_a_new_page_tokenises_only_its_own_texts(
    tmp_path: Path, docs: list[list[str]], tokenizer: Tokenizer
) -> None:
    load_or_build(docs, tokenizer.terms, tokenizer.key, PARAMS, tmp_path)
    grown = [*docs, ["另一篇报道", "郑州地铁新线路今日开通运营。"], ["另一篇报道", "市民乘车更加方便。"]]
    counting = CountingTerms(tokenizer)
    index = load_or_build(grown, counting, tokenizer.key, PARAMS, tmp_path)
    assert sorted(counting.seen) == sorted(
        ["另一篇报道", "郑州地铁新线路今日开通运营。", "市民乘车更加方便。"]
    )
    assert index.size == len(grown)
    _same(index, _reference(grown, tokenizer), tokenizer)


def test_changed_tokenizer_or_parameters_rebuild(
    tmp_path: Path, docs: list[list[str]], tokenizer: Tokenizer, caplog: pytest.LogCaptureFixture
) -> None:
    load_or_build(docs, tokenizer.terms, tokenizer.key, PARAMS, tmp_path)
    counting = CountingTerms(tokenizer)
    with caplog.at_level(logging.INFO, logger="bot.index_store"):
        load_or_build(docs, counting, "another tokenizer", PARAMS, tmp_path)
    assert len(counting.seen) == len(docs) + 1
    assert "rebuilding the search index" in caplog.text
    plus = RetrievalConfig(algorithm="plus")
    index = load_or_build(docs, tokenizer.terms, tokenizer.key, plus, tmp_path)
    query = tokenizer.terms("经济运行")
    assert index.top(query, 3) == BM25Index(
        [[t for x in d for t in tokenizer.terms(x)] for d in docs], plus
    ).top(query, 3)


def test_damaged_index_is_rebuilt_with_a_log_line(
    tmp_path: Path, docs: list[list[str]], tokenizer: Tokenizer, caplog: pytest.LogCaptureFixture
) -> None:
    load_or_build(docs, tokenizer.terms, tokenizer.key, PARAMS, tmp_path)
    path = tmp_path / "index" / "contrib.npy"
    data = bytearray(path.read_bytes())
    data[-3] ^= 0x55
    path.write_bytes(bytes(data))
    with caplog.at_level(logging.WARNING, logger="bot.index_store"):
        index = load_or_build(docs, tokenizer.terms, tokenizer.key, PARAMS, tmp_path)
    assert "checksum mismatch" in caplog.text
    _same(index, _reference(docs, tokenizer), tokenizer)
    (tmp_path / "index" / "manifest.json").write_text("{not json", encoding="utf-8")
    _same(load_or_build(docs, tokenizer.terms, tokenizer.key, PARAMS, tmp_path), index, tokenizer)


def test_parallel_tokenising_gives_the_same_index(
    monkeypatch: pytest.MonkeyPatch, docs: list[list[str]], tokenizer: Tokenizer
) -> None:
    monkeypatch.setattr(index_store, "PARALLEL_MIN_CHARS", 0)
    monkeypatch.setattr(index_store, "BATCH_TEXTS", 3)
    parallel = index_store.build(docs, tokenizer.terms, tokenizer.key, PARAMS, workers=2)
    _same(parallel, _reference(docs, tokenizer), tokenizer)
    assert parallel.terms == _reference(docs, tokenizer).terms


def test_empty_corpus(tmp_path: Path, tokenizer: Tokenizer) -> None:
    index = load_or_build([], tokenizer.terms, tokenizer.key, PARAMS, tmp_path)
    assert index.size == 0
    assert load_or_build([], tokenizer.terms, tokenizer.key, PARAMS, tmp_path).top(["郑州"], 3) == []
