"""The digest of the code a cache depends on, blind to comments and layout."""

from __future__ import annotations

import ast
import hashlib
from collections.abc import Iterable
from pathlib import Path


def code_digest(sources: Iterable[Path], salt: str = "") -> str:
    """A digest of ``sources`` as Python syntax trees (plus ``salt``): an edit to what the code does
    changes it, a comment or a reformatting does not, so a cache keyed by it is rebuilt only when it
    must be."""
    digest = hashlib.sha256(salt.encode())
    for source in sources:
        digest.update(ast.dump(ast.parse(source.read_bytes(), filename=str(source))).encode())
    return digest.hexdigest()
