"""Issue 19, fault 9: ingest costs what a page holds, for the shapes that were quadratic.

The cost is counted, not timed: the Python steps (trace events) one page takes, at two sizes. Twice the
lines may cost about twice the steps; a cost growing with lines times lines fails at any machine speed.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from types import FrameType
from typing import Any

import pytest

from bot.config import IngestConfig
from bot.ingestion.ingest import parse_file


def alternating(n: int) -> str:
    """Short dispatches each cut by a jump mark: 本报讯 …。 and （下转第三版） alternating."""
    return "\n".join(f"本报讯 第{i}项工作进展顺利，各方积极配合推进。\n（下转第三版）" for i in range(n))


def repeated_notice(n: int) -> str:
    """One short article, then the same notice line printed over and over."""
    return "本报讯 市里召开会议，部署全年工作。\n" + "\n".join(["欢迎读者来信来电反映情况。"] * n)


def steps(tmp_path: Path, text: str) -> int:
    """The trace events (calls, lines, returns) of parsing one page of ``text``."""
    page = tmp_path / "p1.txt"
    page.write_text(text, encoding="utf-8")
    parse_file(page, "pages/p1.txt", IngestConfig())  # caches and lazy tables loaded first
    count = 0

    def trace(frame: FrameType, event: str, arg: Any) -> Callable[..., Any]:
        nonlocal count
        count += 1
        return trace

    sys.settrace(trace)
    try:
        result = parse_file(page, "pages/p1.txt", IngestConfig())
    finally:
        sys.settrace(None)
    assert result.articles
    return count


@pytest.mark.parametrize("shape", [alternating, repeated_notice])
def test_twice_the_lines_cost_about_twice(tmp_path: Path, shape: Callable[[int], str]) -> None:
    small, large = steps(tmp_path, shape(500)), steps(tmp_path, shape(1000))
    assert large / small < 2.2, (small, large)
