"""Score a question set through the real ``python -m bot ask --json`` contract.

A question set is a YAML list of cases. Each case has ``q`` (the question) and any of these rules, all
of which must hold for the case to pass (texts are compared after NFKC normalisation):

- ``found`` (default true): the reply's ``found`` flag; a not-found reply must cite nothing;
- ``any``: at least one of these strings is in the reply text;
- ``all``: every one of these strings is in the reply text;
- ``none``: none of these strings is in the reply text (a question line, a subhead);
- ``line``: a line of the reply is exactly this (the short answer);
- ``src``: the first source's title contains this string.

Every reply must also fit one Telegram message (4096 characters). Usable from the command line too:
``python tests/qa_scorer.py QUESTIONS.yaml [--corpus DIR] [--config FILE]``.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
MAX_REPLY_CHARS = 4096


def _norm(text: str) -> str:
    return unicodedata.normalize("NFKC", text or "")


def judge(case: dict[str, Any], reply: dict[str, Any]) -> list[str]:
    """The rules of ``case`` that ``reply`` breaks (empty when it passes)."""
    problems: list[str] = []
    text = _norm(reply.get("text", ""))
    want_found = case.get("found", True)
    if bool(reply.get("found")) != want_found:
        problems.append(f"found={reply.get('found')!r}, expected {want_found}")
    if not want_found and reply.get("sources"):
        problems.append("a not-found reply cites sources")
    any_of = [_norm(x) for x in case.get("any", [])]
    if any_of and not any(x in text for x in any_of):
        problems.append(f"none of {any_of} in the reply")
    problems += [f"{_norm(x)!r} missing from the reply" for x in case.get("all", []) if _norm(x) not in text]
    if "line" in case and _norm(case["line"]) not in text.split("\n"):
        problems.append(f"no line is exactly {_norm(case['line'])!r}")
    problems += [f"{_norm(x)!r} in the reply" for x in case.get("none", []) if _norm(x) in text]
    if "src" in case:
        sources = reply.get("sources") or []
        title = _norm(sources[0].get("title", "")) if sources else ""
        if _norm(case["src"]) not in title:
            problems.append(f"first source {title!r} does not contain {case['src']!r}")
    if len(reply.get("text", "")) > MAX_REPLY_CHARS:
        problems.append(f"reply longer than one Telegram message ({MAX_REPLY_CHARS} characters)")
    return problems


@dataclass
class Score:
    """The outcome of one scoring run: how many cases passed and a line per failure."""

    passed: int
    failures: list[str]

    @property
    def summary(self) -> str:
        return f"{self.passed} passed, {len(self.failures)} failed"


def score(questions: Path, corpus: Path, config: Path = ROOT / "config.yaml") -> Score:
    """Ask every question of ``questions`` through one ``python -m bot ask --json`` run and judge each."""
    cases: list[dict[str, Any]] = yaml.safe_load(questions.read_text(encoding="utf-8"))
    stdin = "".join(case["q"].replace("\n", " ") + "\n" for case in cases)
    cmd = [sys.executable, "-m", "bot", "ask", "--json", "--config", str(config), "--corpus", str(corpus)]
    proc = subprocess.run(cmd, input=stdin, capture_output=True, text=True, cwd=ROOT, timeout=300)
    lines = [line for line in proc.stdout.splitlines() if line.strip()]
    if proc.returncode != 0 or len(lines) != len(cases):
        why = f"`ask --json` exited {proc.returncode} with {len(lines)} lines for {len(cases)} questions"
        return Score(0, [why, proc.stderr[-2000:]])
    failures: list[str] = []
    for case, line in zip(cases, lines, strict=True):
        reply = json.loads(line)
        problems = judge(case, reply)
        if problems:
            failures.append(f"{case['q']}: {'; '.join(problems)} — reply {reply.get('text', '')[:200]!r}")
    return Score(len(cases) - len(failures), failures)


def assert_passes(questions: str, corpus: Path, at_least: int = 1) -> None:
    """Every question of ``tests/<questions>`` over ``corpus`` answered as its case says, at least
    ``at_least`` of them."""
    result = score(ROOT / "tests" / questions, corpus)
    assert not result.failures, "\n".join(result.failures)
    assert result.passed >= at_least


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("questions", type=Path)
    parser.add_argument("--corpus", type=Path, default=ROOT / "corpus")
    parser.add_argument("--config", type=Path, default=ROOT / "config.yaml")
    args = parser.parse_args()
    result = score(args.questions, args.corpus, args.config)
    print("\n".join(result.failures + [result.summary]))
    return 1 if result.failures else 0


if __name__ == "__main__":
    sys.exit(main())
