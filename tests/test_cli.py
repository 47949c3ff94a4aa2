"""The command line as a new user meets it: `newsbot` with no token, `newsbot chat` on a terminal, `ask`."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest

# Each test runs the real program as a subprocess (a start-up each): end to end.
pytestmark = [pytest.mark.slow, pytest.mark.e2e]

ROOT = Path(__file__).resolve().parent.parent


def env_without_token() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k != "TELEGRAM_BOT_TOKEN"}


def newsbot(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """Run the real command line, as `newsbot ARGS`, with no Telegram token in the environment."""
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env_without_token(),
        timeout=120,
    )


def test_newsbot_without_token_is_a_console_chat_over_the_bundled_news() -> None:
    result = newsbot(stdin="郑州市委书记是谁？\n/who\n/quit\n")
    assert result.returncode == 0, result.stderr
    assert "TELEGRAM_BOT_TOKEN" in result.stderr and "console chat" in result.stderr
    assert "您好" in result.stdout  # the greeting
    assert "省委常委、市委书记安伟出席会议并讲话" in result.stdout
    assert "《全市一季度经济运行分析暨疫情防控防汛工作会议召开》" in result.stdout


def read_until(fd: int, wanted: str, timeout: float) -> str:
    """Read a terminal's output until it shows `wanted` (or time runs out)."""
    seen = b""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and wanted.encode() not in seen:
        ready, _, _ = select.select([fd], [], [], 0.2)
        if ready:
            try:
                seen += os.read(fd, 65536)
            except OSError:
                break
    return seen.decode("utf-8", "replace")


def test_chat_on_a_terminal_answers_and_ends_on_ctrl_d(tmp_path: Path) -> None:
    env = env_without_token() | {"TERM": "xterm", "HOME": str(tmp_path), "PROMPT_TOOLKIT_NO_CPR": "1"}
    pid, fd = pty.fork()
    if pid == 0:  # the child: the real console chat on a pseudo-terminal
        os.chdir(ROOT)
        os.execve(sys.executable, [sys.executable, "-m", "bot", "chat"], env)
    try:
        assert "/quit" in read_until(fd, "\x1b[?25h", 60)  # the greeting, then the prompt's cursor
        os.write(fd, "政协第五次会议开几天\r".encode())
        shown = read_until(fd, "赵文静", 30)
        assert "4月26日至28日举行" in shown
        read_until(fd, "\x1b[?25h", 30)  # the next prompt is up
        os.write(fd, b"\x04")  # Ctrl-D ends the chat
        assert exit_code(pid, timeout=30) == 0
    finally:
        os.close(fd)


def exit_code(pid: int, timeout: float) -> int | None:
    """The child's exit code, or None (after killing it) when it has not ended in time."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return os.waitstatus_to_exitcode(status)
        time.sleep(0.1)
    os.kill(pid, 9)
    os.waitpid(pid, 0)
    return None


def test_ask_prints_the_reply() -> None:
    result = newsbot("ask", "何雄要求稳住哪些消费？")
    assert result.returncode == 0
    assert "稳住住房消费、汽车消费" in result.stdout


def test_unknown_command_says_what_to_do() -> None:
    result = newsbot("ask", "/frobnicate")
    assert "不认识的命令 /frobnicate" in result.stdout
    assert "/help" in result.stdout


def test_config_and_corpus_options_work_before_or_after_the_command(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("retrieval:\n  k1: -1\n", encoding="utf-8")
    for args in (["--config", str(bad), "ask", "x"], ["ask", "x", "--config", str(bad)]):
        result = newsbot(*args)
        assert result.returncode == 2
        assert "retrieval.k1" in result.stderr
    empty = tmp_path / "empty-corpus"
    empty.mkdir()
    for args in (["--corpus", str(empty), "ask", "安伟"], ["ask", "安伟", "--corpus", str(empty)]):
        assert "没有找到" in newsbot(*args).stdout
