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


QUESTION_TEXT = {"text", "asked", "asks"}
"""The fields of a ``Question`` that hold the message's words, which the question reader reads once."""
PATTERN_CALLS = {"search", "match", "fullmatch", "finditer", "findall", "sub", "subn", "split"}


def _from_question_text(node: ast.expr, derived: set[str]) -> bool:
    """Whether the expression's value is the question's text or made from it (``arabic(question.text)``,
    ``question.text.replace(…)``, a name assigned one of those); a test of it (``w in question.text``) is not."""
    if isinstance(node, ast.Attribute):
        own = isinstance(node.value, ast.Name) and node.value.id == "question" and node.attr in QUESTION_TEXT
        return own or _from_question_text(node.value, derived)
    if isinstance(node, ast.Name):
        return node.id in derived
    if isinstance(node, ast.Call):
        parts = [*node.args, *(k.value for k in node.keywords), node.func]
        return any(_from_question_text(p, derived) for p in parts)
    if isinstance(node, ast.BinOp):
        return _from_question_text(node.left, derived) or _from_question_text(node.right, derived)
    if isinstance(node, (ast.Subscript, ast.FormattedValue)):
        return _from_question_text(node.value, derived)
    if isinstance(node, ast.JoinedStr):
        return any(_from_question_text(v, derived) for v in node.values)
    if isinstance(node, (ast.IfExp, ast.BoolOp)):
        parts = [node.body, node.orelse] if isinstance(node, ast.IfExp) else node.values
        return any(_from_question_text(p, derived) for p in parts)
    return False


def _patterns_on_question_text(source: str) -> list[str]:
    """The pattern calls (``X.search(…)``, ``re.sub(…)``) in a module's source given the question's text,
    each as line and function."""
    found = []
    for function in ast.walk(ast.parse(source)):
        if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        derived: set[str] = set()
        for node in ast.walk(function):
            if isinstance(node, ast.Assign) and _from_question_text(node.value, derived):
                derived.update(n.id for t in node.targets for n in ast.walk(t) if isinstance(n, ast.Name))
        for node in ast.walk(function):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
                continue
            pattern, given = node.func.value, node.args
            on_text = any(_from_question_text(a, derived) for a in given)
            if node.func.attr in PATTERN_CALLS and on_text and not _from_question_text(pattern, derived):
                found.append(f"{node.lineno} {function.name}")
    return found


def test_answers_never_match_the_question_text_again() -> None:
    """What a question asks within its kind is read once, by the question reader (``Question.sub``):
    no pattern of ``bot/answers/`` is run over the question's text, asking words or message."""
    found = [
        f"{path.name}:{hit}"
        for path in sorted((BOT / "answers").rglob("*.py"))
        for hit in _patterns_on_question_text(path.read_text(encoding="utf-8"))
    ]
    assert found == []


def test_the_text_check_sees_a_pattern_on_the_question_text() -> None:
    """The check above finds a pattern run over the question's text, directly or through a name."""
    source = (
        "def asked(question, words):\n"
        "    text = arabic(question.text)\n"
        "    found = YEAR.findall(text), ACT.search(question.asks), question.text.find('x')\n"
        "    return found, [w for w in words if w not in question.text and YEAR.match(w)]\n"
    )
    assert _patterns_on_question_text(source) == ["3 asked", "3 asked"]
