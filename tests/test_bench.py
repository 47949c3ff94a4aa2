"""``newsbot bench`` at tiny sizes: the generated corpus, the phases, the table and the JSON."""

from __future__ import annotations

import importlib.util
import json
import re
from collections import Counter
from pathlib import Path

import jieba
import numpy as np
import pytest

from bot.bench import BenchOptions, Recombiner, make_corpus, run_bench
from bot.bench.driver import _recorded_build
from bot.bench.engines import REPEATS
from bot.bench.news import NewsWriter
from bot.bench.writer import bench_articles
from bot.config import RetrievalConfig, load_settings
from bot.corpus.models import load_corpus
from bot.search.index import BM25Index

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def source() -> list:
    articles = load_corpus(ROOT / "corpus").articles
    assert articles, "the bundled corpus is needed"
    return articles


def test_recombined_paragraphs_vary_names_numbers_and_dates(source: list) -> None:
    recombiner = Recombiner(source, seed=1)
    real = {p.name for a in source for p in a.people}
    assert "安伟" in real
    varied = recombiner.vary("4月24日，安伟出席会议，完成投资1234亿元。")
    assert "安伟" not in varied
    assert re.fullmatch(r"(\d{1,2})月(\d{1,2})日，\w{2,3}出席会议，完成投资\d{4}亿元。", varied)
    month, day = (int(x) for x in re.match(r"(\d+)月(\d+)日", varied).groups())  # type: ignore[union-attr]
    assert 1 <= month <= 12 and 1 <= day <= 28
    sentences = set(recombiner.sentences)
    articles = list(bench_articles(recombiner, 45, "t"))
    assert [len(a.paragraphs) for a in articles] == [20, 20, 5]
    assert len({a.id for a in articles}) == 3
    assert all(p.text for a in articles for p in a.paragraphs)
    assert len(sentences) > 20
    assert len(recombiner.questions(5)) == 5


def test_make_corpus_writes_articles_and_lexicon_once(source: list, tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    make_corpus(source, 50, folder)
    corpus = load_corpus(folder)
    assert sum(len(a.paragraphs) for a in corpus.articles) == 50
    assert (folder / "lexicon.txt").read_text(encoding="utf-8").strip()
    stamp = (folder / "bench-corpus.json").stat().st_mtime_ns
    make_corpus(source, 50, folder)
    assert (folder / "bench-corpus.json").stat().st_mtime_ns == stamp


def test_news_profile_is_the_same_at_every_size_with_zipf_words_and_answerable_questions(
    tmp_path: Path,
) -> None:
    writer = NewsWriter(seed=3)
    small = list(bench_articles(writer, 45, "n", per_article=20))
    large = list(bench_articles(writer, 200, "n", per_article=20))
    assert [len(a.paragraphs) for a in small] == [20, 20, 5]
    assert small[0].paragraphs == large[0].paragraphs and small[1].headline == large[1].headline
    words = Counter(
        w
        for a in large
        for p in a.paragraphs
        for w in jieba.lcut(p.text)
        if re.fullmatch(r"[\u4e00-\u9fff]+", w)
    )
    counts = sorted(words.values(), reverse=True)
    assert counts[0] > 20 * counts[len(counts) // 2]  # a few words are common, most are rare
    assert sum(1 for c in counts if c == 1) > len(counts) / 3
    text = "".join(re.sub(r"[\W_]+", "", p.text) for a in large[:2] for p in a.paragraphs)
    for question in writer.questions(10, 2, 20, ("{x}是什么？",)):
        assert question.endswith("是什么？") and question[: -len("是什么？")] in text


def test_bm25s_matrix_is_the_one_bm25s_builds() -> None:
    bm25s = pytest.importorskip("bm25s")
    import scipy.sparse as sp

    from bot.bench.engines import bm25s_matrix

    rng = np.random.default_rng(4)
    docs = [rng.integers(0, 40, size=n).astype(np.int32) for n in rng.integers(1, 30, size=300)]
    docs[7] = np.array([39, 39, 39], np.int32)
    ids = np.concatenate(docs)
    offsets = np.concatenate([[0], np.cumsum([len(d) for d in docs])])
    theirs = bm25s.BM25(method="robertson", k1=1.5, b=0.75).build_index_from_ids(
        unique_token_ids=list(range(40)), corpus_token_ids=[d.tolist() for d in docs], show_progress=False
    )
    index = BM25Index.from_token_ids([str(i) for i in range(40)], ids, offsets, RetrievalConfig())
    (segment,) = index.segments
    ours = bm25s_matrix(segment, 1.5, 0.75)
    assert ours["num_docs"] == theirs["num_docs"] == 300
    assert ours["data"].dtype == theirs["data"].dtype == np.float32

    def dense(m: dict) -> np.ndarray:
        return sp.csc_matrix((m["data"], m["indices"], m["indptr"]), shape=(300, 40)).toarray()

    order = [segment.lookup[str(i)] for i in range(40)]  # bm25s's column of each term, in the segment
    np.testing.assert_allclose(dense(ours)[:, order], dense(theirs), rtol=1e-6)
    assert np.count_nonzero(dense(ours)) == np.count_nonzero(dense(theirs))


@pytest.mark.slow
@pytest.mark.timeout(1800)  # every phase for two corpus profiles, each in a fresh process (17 min under load)
def test_bench_runs_end_to_end_and_extrapolates_the_baseline(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = load_settings(ROOT / "config.yaml")
    settings.paths.cache = tmp_path / "cache"
    out = tmp_path / "bench.json"
    options = BenchOptions(
        sizes=[200, 400],
        questions="8",
        out=out,
        work=tmp_path / "work",
        baseline_max=200,
        baseline_seconds=5,
        ingest_files=30,
        long_article=300,
        skip={("news", 400)},
    )
    assert run_bench(settings, options) == 0
    report = json.loads(out.read_text(encoding="utf-8"))
    assert set(report["profiles"]) == {"news", "recombined"}
    small, large = report["profiles"]["recombined"]
    assert small["build"]["paragraphs"] == 200 and large["build"]["paragraphs"] == 400
    assert large["build"]["chunks"] > small["build"]["chunks"] > 0
    assert large["build"]["index_mb"] > 0 and large["build"]["build_mchars_per_s"] > 0
    assert small["serve"]["index_loaded_from_disk"] and large["serve"]["index_loaded_from_disk"]
    assert small["serve"]["retrieval_ms"]["n"] == 8
    assert 0 < small["serve"]["retrieval_ms"]["p50"] <= small["serve"]["retrieval_ms"]["p99"]
    assert small["baseline"]["get_scores_ms"]["n"] == 8
    assert large["baseline"]["extrapolated_from"] == 200
    assert large["baseline"]["get_scores_ms"]["p50"] == pytest.approx(
        2 * small["baseline"]["get_scores_ms"]["p50"], rel=0.01
    )
    assert report["bundled_cold_start"]["s"] > 0 and small["cold_start"]["cpu_s"] > 0
    [news] = report["profiles"]["news"]  # news:400 skipped
    assert news["build"]["paragraphs"] == 200 and news["serve"]["retrieval_ms"]["n"] == 8
    for row in (small, large, news):
        engines = row["engines"]
        if importlib.util.find_spec("bm25s") is None:
            assert "bench" in engines["missing"]
            continue
        # bm25s gives the same k best, up to ties, wherever no question term is under the epsilon floor.
        assert engines["questions"] == engines["newsbot_ms"]["n"] == engines["bm25s_ms"]["n"] > 0
        assert engines["agree"] == engines["questions"] - engines["floor_questions"]
        assert engines["repeats"] == REPEATS and engines["newsbot_first_ms"]["n"] == engines["questions"]
        assert engines["newsbot_ms"]["p50"] <= engines["newsbot_first_ms"]["p50"]  # least of the runs
    printed = capsys.readouterr().out
    assert "scaled from 200" in printed and "(b) retrieval" in printed
    ingest = report["ingest"]
    assert (ingest["files"], ingest["articles"], ingest["unchanged"]["cached_files"]) == (30, 30, 30)
    assert ingest["ingest"]["mchars_per_s"] > 0 and ingest["plain"]["files_per_s"] > 0
    assert "newsbot ingest, empty corpus" in printed and "plain read-and-split" in printed
    # A day written into (a copy of) the corpus was taken in, then saved while replies went on; the size's
    # own corpus and cache are as they were.
    for row in (small, news):
        day = row["new_day"]
        assert day["to_answerable_s"] > 0 and day["settle_s"] > 0 and not day["unsettled_after"]
        assert day["during_settle_ms"]["n"] >= 1 and day["articles"] > 0
    assert not list((tmp_path / "work" / "recombined" / "corpus-200").glob("day-*.json"))
    assert not (tmp_path / "work" / "recombined" / "cache-200-new-day").exists()
    long = report["long_article"]
    assert long["sentences"] == 300 and long["later_ms"]["n"] == 29 and long["first_question_s"] > 0
    assert "written in: answerable" in printed and "one article of 300 sentences" in printed
    assert "this run" in printed
    # A second run reuses the corpus and its cache, and says when they were built.
    again = BenchOptions(
        sizes=[200],
        questions="8",
        out=out,
        work=tmp_path / "work",
        baseline_max=0,
        baseline_seconds=5,
        profiles=("recombined",),
    )
    assert run_bench(settings, again) == 0
    (row,) = json.loads(out.read_text(encoding="utf-8"))["profiles"]["recombined"]
    assert row["build"]["reused"].startswith("built ") and row["serve"]["index_loaded_from_disk"]


def test_a_built_cache_is_reused_with_or_without_a_record_of_its_build(tmp_path: Path) -> None:
    corpus, cache, record = tmp_path / "corpus-10", tmp_path / "cache-10", tmp_path / "build-10.json"
    corpus.mkdir()
    (corpus / "bench-corpus.json").write_text('{"paragraphs": 10}', encoding="utf-8")
    assert _recorded_build(record, corpus, cache) is None  # nothing built: the bench builds it
    (cache / "index").mkdir(parents=True)
    (cache / "index" / "manifest.json").write_text("{}", encoding="utf-8")
    assert _recorded_build(record, corpus, cache) == {"reused": "built earlier, not recorded"}
    build = {"paragraphs": 10, "index_build_s": 1.5}
    marker = '{"paragraphs": 10}'
    record.write_text(json.dumps({"corpus": marker, "at": "then", "build": build}), encoding="utf-8")
    assert _recorded_build(record, corpus, cache) == {**build, "reused": "built then"}
