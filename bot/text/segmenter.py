"""jieba, imported without ``pkg_resources``: jieba's ``_compat`` imports it only to open the files jieba
ships (a tenth of a second of every start, and a deprecated package), and opens them from its own folder
when it is missing. An import of it meanwhile fails (``None`` in ``sys.modules``); later ones work."""

from __future__ import annotations

import sys

_BLOCKED = "pkg_resources" not in sys.modules
if _BLOCKED:
    sys.modules["pkg_resources"] = None  # type: ignore[assignment]
try:
    import jieba  # noqa: E402
finally:
    if _BLOCKED:
        del sys.modules["pkg_resources"]

__all__ = ["jieba"]
