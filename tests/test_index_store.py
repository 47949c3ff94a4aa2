"""The persisted index is reused only when built from the same input, and rebuilt from cached tokens."""

from __future__ import annotations

import logging
from pathlib import Path

import numpy as np
import pytest

from bot.config import RetrievalConfig
from bot.search import index_store
from bot.search.index import BM25Index
from bot.search.index_store import load_or_build
from bot.text.terms import Tokenizer

SEED = Path(__file__).resolve().parent.parent / "seeds" / "000_09621e14e5a96519.txt"
PARAMS = RetrievalConfig()


class Counting:
    """A tokenizer that records which texts it was asked to tokenise."""

    def __init__(self, tokenizer: Tokenizer, code_key: str | None = None) -> None:
        self.tokenizer = tokenizer
        self.lexicon = tokenizer.lexicon
        self.code_key = code_key or tokenizer.code_key
        self.seen: list[str] = []

    def terms(self, text: str) -> list[str]:
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


def _reference(docs: list[list[str]], tokenizer: Tokenizer, params: RetrievalConfig = PARAMS) -> BM25Index:
    return BM25Index([[t for text in doc for t in tokenizer.terms(text)] for doc in docs], params)


def _same(a: BM25Index, b: BM25Index, tokenizer: Tokenizer) -> None:
    for question in ("市委书记安伟出席会议", "疫情防控 防汛", "人大常委会", "郑州地铁", "不存在"):
        query = tokenizer.terms(question)
        np.testing.assert_array_equal(a.scores(query), b.scores(query))
        assert a.top(query, 5) == b.top(query, 5)


def test_second_start_loads_without_tokenising(
    tmp_path: Path, docs: list[list[str]], tokenizer: Tokenizer
) -> None:
    first = Counting(tokenizer)
    built = load_or_build(docs, first, PARAMS, tmp_path)
    assert len(first.seen) == len(docs) + 1  # each distinct text once: the shared headline once
    again = Counting(tokenizer)
    loaded = load_or_build(docs, again, PARAMS, tmp_path)
    assert again.seen == []
    assert isinstance(loaded.segments[0].docs.base, np.memmap)  # read from the file, not copied
    _same(loaded, _reference(docs, tokenizer), tokenizer)
    _same(built, loaded, tokenizer)


def test_a_new_page_tokenises_only_its_own_texts(
    tmp_path: Path, docs: list[list[str]], tokenizer: Tokenizer
) -> None:
    load_or_build(docs, tokenizer, PARAMS, tmp_path)
    grown = [*docs, ["另一篇报道", "郑州地铁新线路今日开通运营。"], ["另一篇报道", "市民乘车更加方便。"]]
    counting = Counting(tokenizer)
    index = load_or_build(grown, counting, PARAMS, tmp_path)
    assert sorted(counting.seen) == sorted(
        ["另一篇报道", "郑州地铁新线路今日开通运营。", "市民乘车更加方便。"]
    )
    assert index.size == len(grown)
    _same(index, _reference(grown, tokenizer), tokenizer)


def test_a_grown_lexicon_retokenises_only_texts_naming_its_new_words(
    tmp_path: Path, docs: list[list[str]]
) -> None:
    before = Tokenizer(["经济运行"])
    load_or_build(docs, before, PARAMS, tmp_path)
    page = [["地铁新闻", "郑州地铁十二号线今日开通，地铁集团负责人出席。"]]
    after = Tokenizer(["经济运行", "地铁集团", "十二号线", "防汛工作会议"])
    counting = Counting(after)
    index = load_or_build(docs + page, counting, PARAMS, tmp_path)
    naming = [t for doc in docs for t in dict.fromkeys(doc) if "防汛工作会议" in t]
    assert naming and set(counting.seen) == {*naming, *page[0]}
    # Exactly what a tokenizer taught the new lexicon from the start gives for every text.
    _same(index, _reference(docs + page, after), after)


def test_changed_tokenizer_or_parameters_rebuild(
    tmp_path: Path, docs: list[list[str]], tokenizer: Tokenizer, caplog: pytest.LogCaptureFixture
) -> None:
    load_or_build(docs, tokenizer, PARAMS, tmp_path)
    counting = Counting(tokenizer, code_key="another tokenizer version")
    with caplog.at_level(logging.INFO, logger="bot.search.index_store"):
        load_or_build(docs, counting, PARAMS, tmp_path)
    assert len(counting.seen) == len(docs) + 1
    assert "rebuilding the search index" in caplog.text
    plus = RetrievalConfig(algorithm="plus")
    _same(load_or_build(docs, tokenizer, plus, tmp_path), _reference(docs, tokenizer, plus), tokenizer)


def test_damaged_index_is_rebuilt_with_a_log_line(
    tmp_path: Path, docs: list[list[str]], tokenizer: Tokenizer, caplog: pytest.LogCaptureFixture
) -> None:
    load_or_build(docs, tokenizer, PARAMS, tmp_path)
    path = tmp_path / "index" / "s0_docs.npy"
    data = bytearray(path.read_bytes())
    data[-3] ^= 0x55
    path.write_bytes(bytes(data))
    with caplog.at_level(logging.WARNING, logger="bot.search.index_store"):
        index = load_or_build(docs, tokenizer, PARAMS, tmp_path)
    assert "checksum mismatch" in caplog.text
    _same(index, _reference(docs, tokenizer), tokenizer)
    (tmp_path / "index" / "manifest.json").write_text("{not json", encoding="utf-8")
    _same(load_or_build(docs, tokenizer, PARAMS, tmp_path), index, tokenizer)


def test_parallel_tokenising_gives_the_same_index(
    monkeypatch: pytest.MonkeyPatch, docs: list[list[str]], tokenizer: Tokenizer
) -> None:
    monkeypatch.setattr(index_store, "PARALLEL_MIN_CHARS", 0)
    monkeypatch.setattr(index_store, "BATCH_TEXTS", 3)
    parallel = index_store.build(docs, tokenizer, PARAMS, workers=2)
    _same(parallel, _reference(docs, tokenizer), tokenizer)
    assert parallel.segments[0].terms == _reference(docs, tokenizer).segments[0].terms


def test_a_text_the_tokenizer_fails_on_is_logged_and_indexed_without_terms(
    tokenizer: Tokenizer, caplog: pytest.LogCaptureFixture
) -> None:
    class Fragile(Counting):
        def terms(self, text: str) -> list[str]:
            if "坏" in text:
                raise ValueError("cannot cut")
            return super().terms(text)

    docs = [["郑州经济运行"], ["坏段落"], ["防汛工作"]]
    with caplog.at_level(logging.ERROR, logger="bot.search.index_store"):
        index = index_store.build(docs, Fragile(tokenizer), PARAMS)
    assert "could not tokenise" in caplog.text
    assert index.size == 3
    assert [doc for doc, _ in index.top(tokenizer.terms("防汛"), 1)] == [2]


def test_empty_corpus(tmp_path: Path, tokenizer: Tokenizer) -> None:
    index = load_or_build([], tokenizer, PARAMS, tmp_path)
    assert index.size == 0
    assert load_or_build([], tokenizer, PARAMS, tmp_path).top(["郑州"], 3) == []
