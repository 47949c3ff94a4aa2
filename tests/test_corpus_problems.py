"""Every corpus problem is named at start, with its file and reason; a duplicate article id is refused."""

from __future__ import annotations

import logging
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bot.config import Settings
from bot.corpus.models import load_corpus
from bot.engine import Engine

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """The bundled corpus plus one file of each broken kind and a second file with a known id."""
    folder = tmp_path / "corpus"
    shutil.copytree(ROOT / "corpus", folder)
    first = sorted(folder.glob("*.json"))[0]
    (folder / "zz-duplicate.json").write_bytes(first.read_bytes())
    (folder / "zz-empty.json").write_bytes(b"")
    (folder / "zz-not-json.json").write_text('{"id": "x", ', encoding="utf-8")
    (folder / "zz-wrong-type.json").write_text(
        '{"id": "x", "page": "p", "headline": 5, "paragraphs": []}', encoding="utf-8"
    )
    (folder / "zz-missing.json").write_text('{"id": "y", "page": "p"}', encoding="utf-8")
    return folder


def test_each_problem_names_its_file_and_reason_and_the_duplicate_both_files(corpus: Path) -> None:
    loaded = load_corpus(corpus)
    reasons = {Path(p.file).name: p.reason for p in loaded.problems}
    first = sorted(corpus.glob("*.json"))[0]
    assert set(reasons) == {
        "zz-duplicate.json",
        "zz-empty.json",
        "zz-not-json.json",
        "zz-wrong-type.json",
        "zz-missing.json",
    }
    assert (
        str(first) in reasons["zz-duplicate.json"] and "duplicate article id" in reasons["zz-duplicate.json"]
    )
    assert reasons["zz-empty.json"].startswith("empty file")
    assert "JSON" in reasons["zz-not-json.json"]
    assert reasons["zz-wrong-type.json"].startswith("headline: ")
    assert "headline" in reasons["zz-missing.json"] or "paragraphs" in reasons["zz-missing.json"]
    ids = [a.id for a in loaded.articles]
    assert len(ids) == len(set(ids)) == len(load_corpus(ROOT / "corpus").articles)


@pytest.mark.slow
def test_the_engine_names_every_problem_in_the_log_at_start(
    corpus: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    settings = Settings()
    settings.paths.corpus, settings.paths.cache = corpus, tmp_path / "cache"
    caplog.set_level(logging.WARNING, "bot.engine")
    for _ in range(2):  # built, then from the corpus store: named both times
        caplog.clear()
        engine = Engine.load(settings)
        named = [r.getMessage() for r in caplog.records if "corpus problem" in r.getMessage()]
        assert len(named) == 5 and all(str(corpus) in line for line in named)
    assert engine.reply("郑州市委书记是谁？").found


@pytest.mark.slow
def test_ask_names_the_problems_on_the_console(corpus: Path, tmp_path: Path) -> None:
    config = tmp_path / "config.yaml"
    config.write_text(f"paths:\n  corpus: {corpus}\n  cache: {tmp_path / 'cache'}\n", encoding="utf-8")
    cmd = [sys.executable, "-m", "bot", "ask", "--config", str(config), "郑州市委书记是谁？"]
    done = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert done.returncode == 0 and "安伟" in done.stdout
    for name in (
        "zz-duplicate.json",
        "zz-empty.json",
        "zz-not-json.json",
        "zz-wrong-type.json",
        "zz-missing.json",
    ):
        assert name in done.stderr
