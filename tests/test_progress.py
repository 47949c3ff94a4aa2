"""Progress: a bar on a terminal, four log lines (and no carriage returns) in a log or a pipe."""

from __future__ import annotations

import io
import logging
import sys

import pytest

from bot.storage.progress import Progress

log = logging.getLogger("test.progress")


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_without_a_terminal_a_few_log_lines_and_no_bar(
    capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, "test.progress")
    with Progress(10_000, "tokenising", "char", log) as progress:
        for _ in range(1000):
            progress.update(10)
    assert capsys.readouterr().err == ""
    lines = [r.getMessage() for r in caplog.records]
    assert lines == [f"tokenising: {p}% ({p * 100:,} of 10,000 char)" for p in (25, 50, 75, 100)]


def test_on_a_terminal_a_bar(monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    caplog.set_level(logging.INFO, "test.progress")
    with Progress(10_000, "tokenising", "char", log) as progress:
        progress.update(10_000)
    assert "tokenising" in terminal.getvalue() and "\r" in terminal.getvalue()
    assert caplog.records == []


def test_small_work_shows_nothing(
    capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, "test.progress")
    with Progress(10, "tokenising", "char", log, min_total=1000) as progress:
        progress.update(10)
    assert capsys.readouterr().err == "" and caplog.records == []
