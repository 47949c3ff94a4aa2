"""``newsbot bench`` at tiny sizes: the generated corpus, the phases, the table and the JSON."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from bot.bench import BenchOptions, Recombiner, make_corpus, run_bench
from bot.config import load_settings
from bot.corpus.models import load_corpus

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
    articles = list(recombiner.articles(45, "t"))
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


@pytest.mark.slow
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
    )
    assert run_bench(settings, options) == 0
    report = json.loads(out.read_text(encoding="utf-8"))
    small, large = report["sizes"]
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
    assert report["bundled_cold_start_s"] > 0 and small["cold_start_s"] > 0
    printed = capsys.readouterr().out
    assert "scaled from 200" in printed and "(b) retrieval" in printed
    ingest = report["ingest"]
    assert (ingest["files"], ingest["articles"], ingest["unchanged"]["cached_files"]) == (30, 30, 30)
    assert ingest["ingest"]["mchars_per_s"] > 0 and ingest["plain"]["files_per_s"] > 0
    assert "newsbot ingest, empty corpus" in printed and "plain read-and-split" in printed
    # Replies went on while a new day loaded beside the serving engine; the day's files were removed.
    assert small["swap"]["load_s"] > 0 and small["swap"]["during_ms"]["n"] >= 1
    assert not list((tmp_path / "work" / "corpus-200").glob("swapday-*.json"))
    long = report["long_article"]
    assert long["sentences"] == 300 and long["later_ms"]["n"] == 29 and long["first_question_s"] > 0
    assert "reply while that day loads" in printed and "one article of 300 sentences" in printed
