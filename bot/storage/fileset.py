"""Versioned, checksummed sets of numpy arrays on disk (the persisted index and its token cache).

A file set is a folder holding one ``.npy`` file per array and ``manifest.json``, which records the
format version, a caller's key (what the arrays were built from), the caller's metadata and the size,
SHA-256 and modification time of every array file. Each set is written whole into a folder of its own;
the set's path is a symbolic link switched to it in one atomic rename, so a reader sees the old set or
the new one, never half of each and never none. Reading checks everything and says why a set cannot be
used instead of returning stale or damaged arrays; a file whose modification time is still the one
recorded has not been written since it was hashed, and is not hashed again (a start at a million
paragraphs would otherwise hash about 2 GB), any other is.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from bot.storage.atomic import atomic_open, fsync_folder, write_text_atomic

MANIFEST = "manifest.json"
_HASH_BLOCK = 1 << 22


class FileSetError(Exception):
    """Why a file set on disk cannot be used (missing, another version or key, damaged)."""


class StaleFileSet(FileSetError):
    """The file set is sound but was built from other input or in another format version."""


def log_rebuild(log: logging.Logger, what: str, folder: Path, error: FileSetError) -> None:
    """Say why a file set is built anew: INFO when it is missing or stale, WARNING when it is damaged."""
    if isinstance(error, StaleFileSet):
        log.info("rebuilding the %s: %s", what, error)
    elif folder.exists():
        log.warning("rebuilding the %s: %s", what, error)
    else:
        log.info("building the %s in %s", what, folder)


@dataclass(frozen=True)
class FileSet:
    """Arrays (memory-mapped where asked) and the metadata they were saved with."""

    arrays: dict[str, np.ndarray]
    meta: dict[str, Any]


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(_HASH_BLOCK):
            digest.update(block)
    return digest.hexdigest()


def write_fileset(
    folder: Path, version: int, key: str, arrays: dict[str, np.ndarray], meta: dict[str, Any]
) -> None:
    """Write ``arrays`` and ``meta`` as one file set, replacing any set already at ``folder``.

    The set is written whole into a folder of its own beside ``folder`` (``.NAME.<random>``), then
    ``folder``, a symbolic link, is switched to it with one atomic rename: there is no moment without a
    valid set, and a write killed half-way leaves the old set in place. The set before the old one is
    removed (a reader that resolved the old link a moment ago still finds its files)."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    target = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", dir=folder.parent))
    try:
        files = {}
        for name, array in arrays.items():
            path = target / f"{name}.npy"
            with atomic_open(path) as handle:
                np.save(handle, np.ascontiguousarray(array), allow_pickle=False)
            info = path.stat()
            files[name] = {"bytes": info.st_size, "sha256": _sha256(path), "mtime_ns": info.st_mtime_ns}
        manifest = {"version": version, "key": key, "files": files, "meta": meta}
        write_text_atomic(target / MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1))
        previous = _point(folder, target)
    except BaseException:
        shutil.rmtree(target, ignore_errors=True)
        raise
    for old in folder.parent.glob(f".{folder.name}.*"):
        if old.is_dir() and not old.is_symlink() and old.resolve() not in {target.resolve(), previous}:
            shutil.rmtree(old, ignore_errors=True)


def _point(link: Path, target: Path) -> Path | None:
    """Switch the symbolic link ``link`` to ``target`` atomically; the folder it pointed to before."""
    previous = link.resolve() if link.is_symlink() else None
    staging = link.with_name(f".{link.name}.link-{os.getpid()}")
    staging.unlink(missing_ok=True)
    staging.symlink_to(target.name)
    if link.is_dir() and not link.is_symlink():  # a set written by an older version: a real folder
        shutil.rmtree(link)
    os.replace(staging, link)
    fsync_folder(link.parent)
    return previous


def remove_fileset(folder: Path) -> None:
    """Remove the file set at ``folder`` and every version of it beside it."""
    if folder.is_symlink() or folder.is_file():
        folder.unlink()
    elif folder.is_dir():
        shutil.rmtree(folder)
    for old in folder.parent.glob(f".{folder.name}.*"):
        if old.is_dir() and not old.is_symlink():
            shutil.rmtree(old, ignore_errors=True)
        else:
            old.unlink(missing_ok=True)


def read_manifest(folder: Path) -> dict[str, Any]:
    """The manifest of the file set in ``folder``; ``FileSetError`` when there is no readable one."""
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise FileSetError(f"no file set in {folder}") from exc
    except (OSError, ValueError) as exc:
        raise FileSetError(f"unreadable manifest in {folder}: {exc}") from exc
    if not _well_typed(manifest):
        raise FileSetError(f"malformed manifest in {folder}")
    return manifest


def _well_typed(manifest: Any) -> bool:
    """A manifest of the shape ``write_fileset`` writes: a mapping of array names (plain words: no path)
    to their size and checksum, and a mapping of metadata."""
    if not isinstance(manifest, dict) or not isinstance(manifest.get("files"), dict):
        return False
    if not isinstance(manifest.get("meta", {}), dict):
        return False
    return all(
        isinstance(name, str)
        and name.isidentifier()
        and isinstance(entry, dict)
        and type(entry.get("bytes")) is int
        and isinstance(entry.get("sha256"), str)
        and type(entry.get("mtime_ns", 0)) is int
        for name, entry in manifest["files"].items()
    )


READ_ATTEMPTS = 20
"""Reads of a set that writers keep replacing before a reader gives up (each sees a whole set)."""


def read_fileset(folder: Path, version: int, key: str | None, mmap: bool = True) -> FileSet:
    """Load the file set in ``folder`` if it has this version and key (any key for None: what an older
    set holds that a new one may reuse) and every checksum holds.

    Arrays are memory-mapped read-only when ``mmap`` is true. Raises ``FileSetError`` saying why not.
    The link is resolved once per read, so a write switching it meanwhile cannot mix two sets; when the
    set being read was replaced and removed under the reader, the new one is read instead.
    """
    for _ in range(READ_ATTEMPTS):
        target = folder.resolve()
        try:
            return _read_set(target, version, key, mmap)
        except FileSetError:
            if folder.resolve() == target:
                raise
    raise FileSetError(f"{folder}: replaced faster than it could be read")


def _read_set(folder: Path, version: int, key: str | None, mmap: bool) -> FileSet:
    """``read_fileset`` of one resolved folder."""
    manifest = read_manifest(folder)
    if manifest.get("version") != version:
        raise StaleFileSet(f"{folder}: format version {manifest.get('version')}, expected {version}")
    if key is not None and manifest.get("key") != key:
        raise StaleFileSet(f"{folder}: built from other input (key {str(manifest.get('key'))[:12]}…)")
    files = {name: folder / f"{name}.npy" for name in manifest["files"]}
    written = {}  # files untouched since they were written and hashed: not hashed again
    for name, path in files.items():
        try:
            info = path.stat()
        except OSError as exc:
            raise FileSetError(f"{path}: missing ({exc.strerror})") from exc
        if info.st_size != manifest["files"][name].get("bytes"):
            raise FileSetError(f"{path}: checksum mismatch (damaged file)")
        written[name] = info.st_mtime_ns == manifest["files"][name].get("mtime_ns")
    check = {name: path for name, path in files.items() if not written[name]}
    # Hashing frees the interpreter, so big sets are checked on every core at once.
    try:
        with ThreadPoolExecutor(os.cpu_count() or 1) as pool:
            digests = dict(zip(check, pool.map(_sha256, check.values()), strict=True))
    except OSError as exc:
        raise FileSetError(f"{folder}: unreadable array file: {exc}") from exc
    arrays = {}
    for name, path in files.items():
        if name in digests and digests[name] != manifest["files"][name].get("sha256"):
            raise FileSetError(f"{path}: checksum mismatch (damaged file)")
        try:
            arrays[name] = np.load(path, mmap_mode="r" if mmap else None, allow_pickle=False)
        except (OSError, ValueError) as exc:
            raise FileSetError(f"{path}: unreadable array: {exc}") from exc
    return FileSet(arrays=arrays, meta=dict(manifest.get("meta") or {}))
