"""The package tree follows the data: each stage imports only from the stages its ``__init__`` allows."""

from __future__ import annotations

import ast
from pathlib import Path

BOT = Path(__file__).resolve().parent.parent / "bot"

# stage → the stages (besides itself) it may import. Top-level modules count as stages of their own.
# Imports run one way, from the doors down to the text rules and storage; what two stages share lives
# below both.
ALLOWED: dict[str, set[str]] = {
    # The reply templates live in their own module beside the config, which re-exports them.
    "config": {"templates"},
    "templates": set(),
    "storage": set(),
    "text": {"storage"},
    "corpus": {"config", "text", "storage"},
    "ingestion": {"config", "corpus", "text", "storage"},
    "search": {"config", "corpus", "text", "storage"},
    "answers": {"config", "corpus", "text", "search"},
    "state": {"config"},
    "engine": {"config", "corpus", "text", "storage", "search", "answers", "state"},
    # The command line also runs ingestion and the bench, which are not questions to the engine.
    "doors": {"config", "engine", "state", "storage", "ingestion", "bench"},
    # The bench also fills a question log to time the newsroom's pages (``bench --web``).
    "bench": {"config", "corpus", "text", "storage", "ingestion", "search", "state", "engine"},
    "__main__": {"doors"},
}
# The doors other than the command line reach the news only through the engine; besides it they keep
# what they remember of chats (state) and notice a new corpus (storage.watch).
DOORS_VIA_ENGINE_ONLY = {"config", "engine", "state", "storage"}
# Below everything: a stage of this order never imports one of a later order (no arrow runs back up).
ORDER = [
    "templates",
    "config",
    "storage",
    "text",
    "corpus",
    "ingestion",
    "search",
    "answers",
    "state",
    "engine",
    "bench",
    "doors",
    "__main__",
]


def _stage(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("bot."):
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("bot."))
    return found


def test_every_module_imports_only_from_allowed_stages() -> None:
    wrong: list[str] = []
    for path in sorted(BOT.rglob("*.py")):
        rel = path.relative_to(BOT.parent).with_suffix("")
        module = ".".join(rel.parts)
        stage = _stage(module) if len(rel.parts) > 1 else ""
        if stage == "__init__" or not stage:
            continue
        allowed = ALLOWED[stage] | {stage}
        if stage == "doors" and not module.startswith("bot.doors.cli"):
            allowed = DOORS_VIA_ENGINE_ONLY | {stage}
        for imported in _imports(path):
            if _stage(imported) not in allowed:
                wrong.append(f"{module} imports {imported}")
    assert not wrong, "\n".join(wrong)


def test_no_import_runs_both_ways() -> None:
    """Between the packages of ``bot/`` every arrow points down: no stage imports one that imports it."""
    arrows: set[tuple[str, str]] = set()
    for path in BOT.rglob("*.py"):
        rel = path.relative_to(BOT.parent).with_suffix("")
        source = rel.parts[1] if len(rel.parts) > 1 else ""
        if source in ("", "__init__"):
            continue
        arrows.update((source, _stage(imported)) for imported in _imports(path) if _stage(imported) != source)
    both_ways = sorted(f"{a} <-> {b}" for a, b in arrows if (b, a) in arrows and a < b)
    assert not both_ways, both_ways
    upward = sorted(f"{a} -> {b}" for a, b in arrows if ORDER.index(b) > ORDER.index(a))
    assert not upward, upward


def test_every_stage_says_what_it_owns() -> None:
    for package in sorted(p.parent for p in BOT.rglob("__init__.py")):
        doc = ast.get_docstring(ast.parse((package / "__init__.py").read_text(encoding="utf-8")))
        assert doc and len(doc) > 40, f"{package} has no docstring saying what it owns"


# Modules still being split (this list only shrinks).
SPLIT_PENDING: set[str] = set()


def test_no_module_is_over_about_400_lines() -> None:
    long = [
        f"{p}: {n}"
        for p in BOT.rglob("*.py")
        if p.name not in SPLIT_PENDING and (n := len(p.read_text(encoding="utf-8").splitlines())) > 420
    ]
    assert not long, long
