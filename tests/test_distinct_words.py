"""A question's rare word decides which article answers (tests/qa_distinct.yaml over tests/data/distinct/)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from qa_scorer import score

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_an_article_without_the_questions_rare_word_does_not_answer(tmp_path: Path) -> None:
    """珠宝 is not answered by 家电类商品, 门票 nor 赞助商 by the race report, 受伤 not by 死亡、失踪;
    the figures asked with the article's own words (or with 成绩, a word any reader uses) still are."""
    ingest = [
        sys.executable,
        "-m",
        "bot",
        "ingest",
        str(ROOT / "tests/data/distinct"),
        "--out",
        str(tmp_path),
    ]
    subprocess.run(ingest, check=True, capture_output=True, cwd=ROOT, timeout=120)
    result = score(ROOT / "tests" / "qa_distinct.yaml", tmp_path)
    assert not result.failures, "\n".join(result.failures)
    assert result.passed > 0
