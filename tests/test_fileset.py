"""File sets are switched atomically: a write killed with SIGKILL leaves the old set, readers never find
none, and a damaged or ill-typed manifest is a reason to rebuild, never a crash."""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import numpy as np
import pytest

from bot.storage.fileset import FileSetError, read_fileset, remove_fileset, write_fileset

ROOT = Path(__file__).resolve().parent.parent


def test_a_write_killed_with_sigkill_leaves_the_old_set_intact(tmp_path: Path) -> None:
    folder = tmp_path / "index"
    write_fileset(folder, 1, "old", {"a": np.arange(10), "b": np.ones(3)}, {"n": 1})
    writer = textwrap.dedent(
        f"""
        import time
        from pathlib import Path
        import numpy as np
        from bot.storage import fileset
        real = fileset._sha256
        def slow(path):
            if path.name == "b.npy":  # the second array is written: stop here until killed
                print("half written", flush=True)
                time.sleep(60)
            return real(path)
        fileset._sha256 = slow
        fileset.write_fileset(Path({str(folder)!r}), 1, "new", {{"a": np.zeros(10), "b": np.zeros(3)}}, {{}})
        """
    )
    process = subprocess.Popen([sys.executable, "-c", writer], stdout=subprocess.PIPE, text=True, cwd=ROOT)
    assert process.stdout is not None and process.stdout.readline().strip() == "half written"
    process.send_signal(signal.SIGKILL)
    assert process.wait(timeout=10) == -signal.SIGKILL
    old = read_fileset(folder, 1, "old")
    assert old.arrays["a"].tolist() == list(range(10)) and old.meta == {"n": 1}
    # The next write replaces the set and clears what the killed one left behind.
    write_fileset(folder, 1, "new", {"a": np.zeros(2)}, {})
    assert read_fileset(folder, 1, "new").arrays["a"].tolist() == [0, 0]
    assert len([p for p in tmp_path.iterdir() if p.name.startswith(".index.")]) <= 2


def test_readers_always_find_a_whole_set_while_it_is_rewritten(tmp_path: Path) -> None:
    folder = tmp_path / "index"
    write_fileset(folder, 1, "k", {"a": np.full(50_000, 0)}, {"n": 0})
    stop = threading.Event()
    failures: list[str] = []

    def read() -> None:
        while not stop.is_set():
            try:
                found = read_fileset(folder, 1, "k", mmap=False)
                if len(set(found.arrays["a"].tolist())) != 1 or found.arrays["a"][0] != found.meta["n"]:
                    failures.append("mixed set")
            except FileSetError as exc:
                failures.append(str(exc))

    reader = threading.Thread(target=read)
    reader.start()
    try:
        for n in range(1, 30):
            write_fileset(folder, 1, "k", {"a": np.full(50_000, n)}, {"n": n})
    finally:
        stop.set()
        reader.join()
    assert failures == []


def test_a_set_written_by_an_older_version_as_a_real_folder_is_replaced(tmp_path: Path) -> None:
    folder = tmp_path / "index"
    folder.mkdir()
    (folder / "manifest.json").write_text("{}", encoding="utf-8")
    write_fileset(folder, 1, "k", {"a": np.arange(3)}, {})
    assert folder.is_symlink() and read_fileset(folder, 1, "k").arrays["a"].tolist() == [0, 1, 2]
    remove_fileset(folder)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "manifest",
    [
        [],
        {"files": []},
        {"version": 1, "key": "k", "files": {"a": "not a record"}},
        {"version": 1, "key": "k", "files": {"a": {"bytes": "12", "sha256": 5}}},
        {"version": 1, "key": "k", "files": {"../../etc/passwd": {"bytes": 1, "sha256": "x"}}},
        {"version": 1, "key": "k", "files": {}, "meta": "not a mapping"},
    ],
)
def test_a_manifest_value_of_the_wrong_type_is_a_reason_to_rebuild(tmp_path: Path, manifest: object) -> None:
    folder = tmp_path / "index"
    write_fileset(folder, 1, "k", {"a": np.arange(3)}, {})
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(FileSetError):
        read_fileset(folder, 1, "k")


def test_a_cache_path_that_is_a_file_is_a_reason_to_rebuild(tmp_path: Path) -> None:
    (tmp_path / "index").write_text("not a folder", encoding="utf-8")
    with pytest.raises(FileSetError):
        read_fileset(tmp_path / "index", 1, "k")


def test_a_file_written_since_it_was_hashed_is_hashed_again(tmp_path: Path) -> None:
    folder = tmp_path / "index"
    write_fileset(folder, 1, "k", {"a": np.arange(1000)}, {})
    path = folder.resolve() / "a.npy"
    # Copied elsewhere (new modification times): hashed, and whole.
    copy = tmp_path / "copy"
    shutil.copytree(folder.resolve(), copy, copy_function=shutil.copy)
    assert np.array_equal(read_fileset(copy, 1, "k").arrays["a"], np.arange(1000))
    # Rewritten in place with other bytes of the same size: hashed, and found damaged.
    data = bytearray(path.read_bytes())
    data[-8:] = bytes(8)
    path.write_bytes(bytes(data))
    with pytest.raises(FileSetError, match="checksum mismatch"):
        read_fileset(folder, 1, "k")
