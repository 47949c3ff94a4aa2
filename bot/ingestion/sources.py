"""Which files a run reads, and the name each is recorded under (its source, which article ids carry).

Under the seeds folder a file is named by its path from there (``seeds/2024/p1.txt``), whichever folder
above it or the file itself is given, so re-ingesting it never makes a second copy under another id.
Elsewhere it is named by its path from the folder given, with that folder's name (a file given by
name: its folder's name and its own). Hidden files and folders, and sidecars, are not pages.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

from bot.corpus.models import CorpusProblem
from bot.storage.atomic import write_text_atomic


def display_name(text: str) -> str:
    """A file name as it can be printed and stored: undecodable bytes shown as U+FFFD."""
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def page_files(
    paths: list[Path], sidecar_suffix: str, problems: list[CorpusProblem], seeds: Path | None = None
) -> tuple[list[tuple[Path, str]], bool]:
    """Every page file under the given files and folders with its source name, in name order, and
    whether the run must fail: an unreadable folder given by name, or a name that does not exist. An
    unreadable sub-folder is only a problem, added to ``problems``."""
    found: dict[Path, tuple[Path, str]] = {}  # keyed by the resolved path: each file once
    fatal = False
    for root in paths:
        if root.is_dir():
            top = display_name(root.resolve().name)
            unread: list[Path] = []
            for path in _walk(root, top, problems, unread):
                relative = display_name(path.relative_to(root).as_posix())
                if not path.name.endswith(sidecar_suffix):
                    found.setdefault(path.resolve(), (path, _seeds_name(path, seeds) or f"{top}/{relative}"))
            fatal = fatal or root in unread
        elif root.exists():
            name = _seeds_name(root, seeds) or display_name(f"{root.resolve().parent.name}/{root.name}")
            found.setdefault(root.resolve(), (root, name))
        else:
            name = display_name(f"{root.absolute().parent.name}/{root.name}")
            problems.append(CorpusProblem(file=name, reason="no such file or folder"))
            fatal = True
    return sorted(found.values(), key=lambda item: item[1]), fatal


def _seeds_name(path: Path, seeds: Path | None) -> str | None:
    """The path from the seeds folder's parent (``seeds/2024/p1.txt``) of a file in the seeds folder."""
    if seeds is None:
        return None
    try:
        home = seeds.resolve()
        return display_name(f"{home.name}/{path.resolve().relative_to(home).as_posix()}")
    except (ValueError, OSError):
        return None


def _walk(root: Path, top: str, problems: list[CorpusProblem], unread: list[Path]) -> Iterator[Path]:
    """Files under ``root`` (hidden ones skipped), each unreadable folder reported and listed."""

    def failed(error: OSError) -> None:
        where = Path(error.filename) if error.filename else root
        name = top if where == root else f"{top}/{display_name(where.relative_to(root).as_posix())}"
        reason = f"folder not read ({error.strerror or error}); its files were not ingested"
        problems.append(CorpusProblem(file=name, reason=reason))
        unread.append(where)

    for folder, subfolders, names in os.walk(root, onerror=failed):
        subfolders[:] = sorted(d for d in subfolders if not d.startswith("."))
        for name in sorted(names):
            if not name.startswith("."):
                yield Path(folder) / name


RECORD_FILE = ".ingest-sources"
"""In the corpus folder: every source name the corpus holds and the file it was read from."""


class SourceRecord:
    """Which file each source name of a corpus was read from, so that two files never share a name:
    a name already taken by another file (``ingest X/2024/03``, then ``ingest X/2023/03``: both
    ``03/p1.txt``) is lengthened by the folders above it (``2023/03/p1.txt``) until it is free. A file
    that was moved (its old path is gone) or copied (same bytes) keeps its name, and so does every name of
    a corpus written before names were recorded: each is taken to be the file ingested now."""

    def __init__(self, out_dir: Path) -> None:
        self.path = out_dir / RECORD_FILE
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            data = {}
        self.files: dict[str, str] = data if isinstance(data, dict) else {}

    def assign(self, files: list[tuple[Path, str]]) -> list[tuple[Path, str]]:
        """The files with names no other file of the corpus has, recorded (in name order)."""
        named = []
        for path, name in files:
            where = str(path.resolve())
            parts = Path(where).parts
            depth = name.count("/") + 1
            while not _same_file(self.files.get(name, where), where) and depth < len(parts) - 1:
                depth += 1
                name = display_name("/".join(parts[-depth:]))
            self.files[name] = where
            named.append((path, name))
        return sorted(named, key=lambda item: item[1])

    def save(self) -> None:
        if self.path.parent.is_dir():
            write_text_atomic(self.path, json.dumps(self.files, sort_keys=True))  # \u escapes: any name


def _same_file(recorded: str, where: str) -> bool:
    """Whether a name recorded for the file at ``recorded`` may be used by the file at ``where``: the same
    path, a path that is gone (the file was moved), or a file with the same bytes (a copy)."""
    if recorded == where:
        return True
    try:
        return Path(recorded).read_bytes() == Path(where).read_bytes()
    except FileNotFoundError:
        return True
    except OSError:
        return False
