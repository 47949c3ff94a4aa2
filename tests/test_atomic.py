"""bot/storage/atomic.py: a write killed half-way, or failing, leaves the old file as it was."""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from bot.storage.atomic import atomic_open, write_bytes_atomic, write_text_atomic

ROOT = Path(__file__).resolve().parent.parent


def test_a_write_replaces_the_file_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "a.json"
    target.write_text("old", encoding="utf-8")
    write_text_atomic(target, "新的内容")
    assert target.read_text(encoding="utf-8") == "新的内容"
    write_bytes_atomic(target, b"\x00\x01")
    assert target.read_bytes() == b"\x00\x01"
    assert [p.name for p in tmp_path.iterdir()] == ["a.json"]


def test_a_write_that_fails_leaves_the_old_file_and_no_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "a.json"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(RuntimeError), atomic_open(target, "w", encoding="utf-8") as handle:
        handle.write("half")
        raise RuntimeError("disk trouble")
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["a.json"]


def test_a_write_killed_with_sigkill_leaves_the_old_file_intact(tmp_path: Path) -> None:
    target = tmp_path / "a.json"
    target.write_text('{"old": true}', encoding="utf-8")
    writer = textwrap.dedent(
        f"""
        import sys, time
        from pathlib import Path
        from bot.storage.atomic import atomic_open
        with atomic_open(Path({str(target)!r}), "wb") as handle:
            handle.write(b'{{"new": ' + b"1" * 1_000_000)
            handle.flush()
            print("half written", flush=True)
            time.sleep(60)
            handle.write(b"}}")
        """
    )
    process = subprocess.Popen([sys.executable, "-c", writer], stdout=subprocess.PIPE, text=True, cwd=ROOT)
    assert process.stdout is not None and process.stdout.readline().strip() == "half written"
    process.send_signal(signal.SIGKILL)
    assert process.wait(timeout=10) == -signal.SIGKILL
    assert target.read_text(encoding="utf-8") == '{"old": true}'


def test_only_whole_file_modes_are_accepted(tmp_path: Path) -> None:
    with pytest.raises(ValueError), atomic_open(tmp_path / "a", "a"):
        pass
