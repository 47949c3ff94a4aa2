"""A folder read as a whole (the corpus) replaced at once: a new version is built beside the current one
and swapped in only when complete, so a reader sees the old folder or the new one, never half of one.

``C`` becomes a symbolic link to ``C.versions/<n>``. A build starts as a copy of the current version
made of hard links (writers replace files by rename and never write one in place, so versions share the
files they do not change), is written, then swapped in by renaming a new link over ``C``. A build that
fails or is killed leaves ``C`` on the old version; the next build removes what it left. The version
before the current one is kept (a reader that resolved ``C`` just before a swap is still reading it),
older ones are removed. A folder that is not such a link yet (a plain folder, as written before)
becomes the previous version: it is moved into ``C.versions`` and the link put in its place, two renames
in a row (a crash between them is finished by the next build). A build that changed none of the files
a reader sees (hidden ones aside) is not swapped in: its hidden files (a writer's own records) are
moved into the current version instead, so readers see no change. One build at a time: a second one
is refused while the first runs.
"""

from __future__ import annotations

import fcntl
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from bot.storage.atomic import fsync_folder

PENDING = ".swap"
"""Suffix of the new link while it waits to be renamed over the folder."""


class BuildRefused(Exception):
    """The folder cannot be built now (another build is running, or the path is no folder)."""


def versions_of(folder: Path) -> Path:
    return folder.with_name(folder.name + ".versions")


@dataclass
class Build:
    """A new version being written: ``path`` to write into; ``swap`` False keeps the current version."""

    path: Path
    swap: bool = True


@contextmanager
def new_version(folder: Path) -> Iterator[Build]:
    """A new version of ``folder`` to write, starting as a copy of the current one; swapped in when the
    block ends (unless its ``swap`` was set False), removed (the folder unchanged) when it raises."""
    versions = versions_of(folder)
    versions.mkdir(parents=True, exist_ok=True)
    with open(versions / ".lock", "w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise BuildRefused(f"{folder}: another build of it is running") from None
        _finish_swap(folder)
        if folder.exists() and not folder.is_dir():
            raise BuildRefused(f"{folder}: is not a folder")
        _tidy(folder, versions)
        plain = folder.is_dir() and not folder.is_symlink()  # moved aside as the previous version
        build = versions / str(max(_numbers(versions), default=0) + 1 + plain)
        if folder.is_dir():
            shutil.copytree(folder.resolve(), build, symlinks=True, copy_function=_link)
        else:
            build.mkdir()
        try:
            yield (made := Build(build))
        except BaseException:
            shutil.rmtree(build, ignore_errors=True)
            raise
        if made.swap and folder.is_dir() and _same_files(folder.resolve(), build):
            _keep_bookkeeping(build, folder.resolve())  # nothing a reader sees changed: no swap
        elif made.swap:
            _swap(folder, build, plain)
        _tidy(folder, versions)


def _link(source: str, target: str) -> None:
    """A hard link where the file system allows one, else a copy."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def _visible(folder: Path) -> dict[str, int]:
    return {e.name: e.inode() for e in os.scandir(folder) if not e.name.startswith(".")}


def _same_files(current: Path, build: Path) -> bool:
    """Whether the build holds the very files of the current version (the same links), hidden ones aside."""
    return _visible(current) == _visible(build)


def _keep_bookkeeping(build: Path, current: Path) -> None:
    """Move the build's hidden files (a writer's own records, read by no reader) into the current version."""
    for entry in os.scandir(build):
        if entry.name.startswith(".") and entry.is_file(follow_symlinks=False):
            os.replace(entry.path, current / entry.name)


def _numbers(versions: Path) -> list[int]:
    return [int(p.name) for p in versions.iterdir() if p.name.isdigit() and p.is_dir()]


def _current(folder: Path, versions: Path) -> int | None:
    """The number of the version ``folder`` links to, None when it is no link into ``versions``."""
    if not folder.is_symlink():
        return None
    target = Path(os.readlink(folder))
    inside = target.parent in (Path(versions.name), versions)
    return int(target.name) if inside and target.name.isdigit() else None


def _swap(folder: Path, build: Path, plain: bool) -> None:
    """Point ``folder`` at ``build`` by renaming a new link over it; a plain folder is moved aside first,
    as the version before ``build``."""
    fsync_folder(build)
    pending = folder.with_name(folder.name + PENDING)
    pending.unlink(missing_ok=True)
    pending.symlink_to(Path(build.parent.name) / build.name)  # relative: the pair can move together
    if plain:
        folder.rename(build.with_name(str(int(build.name) - 1)))
    os.replace(pending, folder)
    fsync_folder(folder.parent)


def _finish_swap(folder: Path) -> None:
    """A swap killed between moving a plain folder aside and renaming the link over it: finished now."""
    pending = folder.with_name(folder.name + PENDING)
    if not pending.is_symlink():
        return
    if not folder.exists() and not folder.is_symlink() and pending.exists():
        os.replace(pending, folder)
    else:
        pending.unlink()


def _tidy(folder: Path, versions: Path) -> None:
    """Remove every version but the current one and the one before it (a build left by a killed run is
    numbered after the current one, so it goes too)."""
    current = _current(folder, versions)
    numbers = _numbers(versions)
    if current is None:  # no version is in use
        keep: set[int | None] = set()
    else:
        keep = {current, max((n for n in numbers if n < current), default=None)}
    for number in numbers:
        if number not in keep:
            shutil.rmtree(versions / str(number), ignore_errors=True)
