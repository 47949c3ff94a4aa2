"""A saved segment's terms are found through sorted hashes exactly as a dict finds them, two terms sharing
a hash are told apart by their bytes, and a damaged or older term table is rebuilt, never trusted."""

from __future__ import annotations

import logging
import random
from pathlib import Path

import numpy as np
import pytest

from bot.config import RetrievalConfig
from bot.corpus.packed import packed
from bot.search import index_store, term_table
from bot.search.index import BM25Index
from bot.search.index_store import load_or_build
from bot.search.term_table import Terms, TermTable, fnv1a, fnv1a_all, numbers_in
from bot.storage.fileset import read_manifest

PARAMS = RetrievalConfig()


def _terms(n: int, seed: int = 7) -> list[str]:
    """Distinct made-up terms: Chinese words and bigrams, Latin and digits, one very long, a lone surrogate."""
    rng = random.Random(seed)
    chars = "会议强调发展经济郑州市委书记人民政府项目建设abcxyz0123456789·"
    made = {"".join(rng.choice(chars) for _ in range(rng.randint(1, 6))) for _ in range(n)}
    return sorted(made | {"x" * 500, "\ud800半", "GDP", "二〇二四"})


def test_every_term_is_found_with_its_number_and_nothing_else_is() -> None:
    terms = _terms(3000)
    table = TermTable.of(terms)
    assert len(table) == len(terms)
    assert all(table[t] == i for i, t in enumerate(terms))
    assert list(table) == terms and list(Terms(table)) == terms
    assert Terms(table)[17] == terms[17] and Terms(table)[-1] == terms[-1]
    for absent in ("不在表里", "", "gdp ", terms[5] + "会"):
        assert absent not in table and table.get(absent, -1) == -1
    asked = [*terms[::7], "不在表里", terms[3]]
    assert numbers_in(table, asked).tolist() == [terms.index(t) if t in terms else -1 for t in asked]
    assert numbers_in(dict(zip(terms, range(len(terms)), strict=True)), asked).tolist() == (
        numbers_in(table, asked).tolist()
    )


def test_the_vectorised_hash_is_the_scalar_one() -> None:
    terms = _terms(500, seed=3)
    blob, offsets = packed(terms)
    assert fnv1a_all(blob, offsets).tolist() == [fnv1a(t.encode("utf-8", "surrogatepass")) for t in terms]
    assert fnv1a(b"") == 0xCBF29CE484222325 and fnv1a(b"a") == 0xAF63DC4C8601EC8C  # FNV-1a's own values


def test_terms_sharing_a_hash_are_told_apart_by_their_bytes() -> None:
    """Two different terms filed under one hash (as a collision would file them): each is found as
    itself, and a third term with that hash is not found."""
    terms = ["甲乙", "丙丁", "戊己"]
    blob, offsets = packed(terms)
    shared = fnv1a("甲乙".encode())
    # Sorted by hash, stably: 丙丁 (number 1) is filed before 甲乙 (number 0) under the shared hash.
    entries = sorted([(shared, 1), (shared, 0), (fnv1a("戊己".encode()), 2)], key=lambda e: e[0])
    table = TermTable(
        {
            "term_bytes": blob,
            "term_offsets": offsets,
            "term_hashes": np.asarray([h for h, _ in entries], np.uint64),
            "term_order": np.asarray([n for _, n in entries], np.int32),
        }
    )
    assert table["甲乙"] == 0  # filed second under its hash: the first candidate's bytes are 丙丁
    assert table["戊己"] == 2
    assert "丙丁" not in table  # its own hash is not in the table
    assert numbers_in(table, ["甲乙", "丙丁", "戊己"]).tolist() == [0, -1, 2]


def test_a_table_whose_terms_nearly_all_share_a_hash_gives_what_a_dict_gives(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A hash that collides for most terms (the byte length modulo 3): every term built into the table,
    looked up one by one or many at once, gets the number a dict gives, and an absent one none."""
    monkeypatch.setattr(term_table, "fnv1a", lambda data: len(data) % 3)
    monkeypatch.setattr(
        term_table,
        "fnv1a_all",
        lambda blob, offsets: (np.diff(np.asarray(offsets, np.int64)) % 3).astype(np.uint64),
    )
    terms = _terms(400, seed=11)
    table = TermTable.of(terms)
    as_dict = {t: i for i, t in enumerate(terms)}
    asked = [*terms, "不在表里", "", "x" * 499, terms[0] + terms[1]]
    assert [table.get(t, -1) for t in asked] == [as_dict.get(t, -1) for t in asked]
    assert numbers_in(table, asked).tolist() == numbers_in(as_dict, asked).tolist()
    assert len(set(table._hashes.tolist())) == 3  # the collisions were real


@pytest.fixture()
def docs() -> list[list[str]]:
    return [[f"标题{i % 7}", " ".join(_terms(30, seed=i)[:12])] for i in range(60)]


class Plain:
    """A tokenizer cutting at spaces (terms made up by the test)."""

    lexicon: list[str] = []
    code_key = "plain"

    def terms(self, text: str) -> list[str]:
        return text.split()


def _same(a: BM25Index, b: BM25Index, docs: list[list[str]]) -> None:
    for doc in docs[::9]:
        query = Plain().terms(doc[1])[:4] + ["不在索引里"]
        assert a.top(query, 5) == b.top(query, 5)
        np.testing.assert_array_equal(a.scores(query), b.scores(query))
        assert [a.document_frequency(t) for t in query] == [b.document_frequency(t) for t in query]


def test_a_loaded_index_finds_its_terms_in_the_mapped_table(tmp_path: Path, docs: list[list[str]]) -> None:
    built = load_or_build(docs, Plain(), PARAMS, None)
    load_or_build(docs, Plain(), PARAMS, tmp_path)
    loaded = load_or_build(docs, Plain(), PARAMS, tmp_path)
    (segment,) = loaded.segments
    assert isinstance(segment.lookup, TermTable) and isinstance(segment.terms, Terms)
    _same(loaded, built, docs)
    # A day added beside the loaded segment numbers its terms through the table: the same scores as a
    # segment added to the index built in memory.
    day = [["新的一天", "会议 强调 郑州 新词"]]
    grown = loaded.add(*index_store.doc_tokens(day, Plain()))
    _same(grown, built.add(*index_store.doc_tokens(day, Plain())), docs + day)
    assert grown.document_frequency("新词") == 1


@pytest.mark.parametrize("name", ["s0_term_hashes", "s0_term_order", "s0_term_offsets", "s0_term_bytes"])
def test_a_damaged_term_table_is_rebuilt_with_a_warning(
    tmp_path: Path, docs: list[list[str]], name: str, caplog: pytest.LogCaptureFixture
) -> None:
    built = load_or_build(docs, Plain(), PARAMS, tmp_path)
    path = tmp_path / "index" / f"{name}.npy"
    data = bytearray(path.read_bytes())
    data[-1] ^= 0x55  # same size, a later modification time: hashed again, found damaged
    path.write_bytes(bytes(data))
    with caplog.at_level(logging.WARNING, logger="bot.search.index_store"):
        index = load_or_build(docs, Plain(), PARAMS, tmp_path)
    assert "checksum mismatch" in caplog.text
    _same(index, built, docs)


def test_an_index_saved_before_term_tables_is_rebuilt(
    tmp_path: Path, docs: list[list[str]], monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    built = load_or_build(docs, Plain(), PARAMS, tmp_path)
    manifest = read_manifest(tmp_path / "index")
    assert {"s0_term_hashes", "s0_term_order"} <= set(manifest["files"])
    monkeypatch.setattr("bot.search.index.FORMAT_VERSION", manifest["version"] + 1)
    with caplog.at_level(logging.INFO, logger="bot.search.index_store"):
        index = load_or_build(docs, Plain(), PARAMS, tmp_path)
    assert "format version" in caplog.text
    _same(index, built, docs)
