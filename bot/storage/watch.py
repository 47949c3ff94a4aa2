"""Noticing that the corpus changed, cheaply: a signature of the folder taken from file metadata only.

A new ingest either switches the folder (a renamed folder or a moved symlink: the resolved path or the
inode changes) or rewrites files in it (names, sizes or modification times change). No file is read.
"""

from __future__ import annotations

import os
from pathlib import Path

Signature = tuple[object, ...]


def corpus_signature(corpus_dir: Path) -> Signature:
    """What changes whenever the corpus folder's contents change; ``()`` when there is no folder."""
    try:
        real = os.path.realpath(corpus_dir)
        folder = os.stat(real)
        with os.scandir(real) as entries:
            files = sorted(
                (entry.name, stat.st_size, stat.st_mtime_ns)
                for entry in entries
                if not entry.name.startswith(".") and (stat := entry.stat()) is not None
            )
    except OSError:
        return ()
    return (real, folder.st_ino, folder.st_mtime_ns, tuple(files))
