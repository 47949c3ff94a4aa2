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
    """消费支出 is not answered by 可支配收入, 计时赛 not by 公路赛, 受伤 not by 死亡、失踪, while 成绩
    (a word any reader uses) still finds the time, and the figures asked with the article's words."""
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
