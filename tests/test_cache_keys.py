"""The index and corpus-store keys cover exactly what shapes them: a parameter or a format version
changed rebuilds; an edit to the source that changes neither (a comment) does not."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from bot.config import RetrievalConfig
from bot.corpus.store import store_key
from bot.search.index_store import fingerprint
from bot.text.terms import Tokenizer

ROOT = Path(__file__).resolve().parent.parent
CACHES = ("index", "corpus", "tokens")


def test_every_scoring_and_chunking_parameter_is_in_the_keys(tmp_path: Path) -> None:
    tokenizer = Tokenizer()
    base = RetrievalConfig()
    index_key = fingerprint("docs", tokenizer, base)
    corpus_key = store_key(ROOT / "corpus", base)
    for name, value in {"k1": 1.2, "b": 0.5, "delta": 0.5, "epsilon": 0.1, "algorithm": "plus"}.items():
        assert fingerprint("docs", tokenizer, base.model_copy(update={name: value})) != index_key, name
    for name, value in {"chunk_max_chars": 300, "chunk_min_chars": 10, "chunk_overlap_sentences": 0}.items():
        changed = base.model_copy(update={name: value})
        assert store_key(ROOT / "corpus", changed) != corpus_key, name
    # What shapes neither (answer selection, question length) leaves both keys alone.
    unrelated = base.model_copy(update={"top_k": 9, "min_coverage": 0.7, "max_question_chars": 100})
    assert fingerprint("docs", tokenizer, unrelated) == index_key
    assert store_key(ROOT / "corpus", unrelated) == corpus_key


def _stamps(cache: Path) -> dict[str, int]:
    return {name: (cache / name / "manifest.json").stat().st_mtime_ns for name in CACHES}


@pytest.mark.slow
def test_a_comment_keeps_the_caches_and_a_parameter_or_version_rebuilds_them(tmp_path: Path) -> None:
    code = tmp_path / "code"
    shutil.copytree(ROOT / "bot", code / "bot", ignore=shutil.ignore_patterns("__pycache__"))
    config = tmp_path / "config.yaml"
    settings = {"paths": {"corpus": str(ROOT / "corpus"), "cache": str(tmp_path / "cache")}}

    def start(**retrieval: object) -> dict[str, int]:
        """One `newsbot ask` process on the copied code; the caches' manifest times afterwards."""
        config.write_text(yaml.safe_dump(settings | {"retrieval": retrieval}), encoding="utf-8")
        env = dict(os.environ, PYTHONPATH=str(code))
        cmd = [sys.executable, "-m", "bot", "ask", "--config", str(config), "郑州市委书记是谁？"]
        done = subprocess.run(cmd, cwd=code, env=env, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0 and "安伟" in done.stdout, done.stderr
        return _stamps(tmp_path / "cache")

    first = start()
    for module in (
        "text/terms.py",
        "corpus/chunks.py",
        "search/index.py",
        "search/index_store.py",
        "search/retrieval.py",
        "corpus/store.py",
        "corpus/models.py",
    ):
        with (code / "bot" / module).open("a", encoding="utf-8") as handle:
            handle.write("\n# a comment changes no term, chunk or score\n")
    assert start() == first

    k1 = start(k1=1.2)
    assert k1["index"] != first["index"]
    assert k1["corpus"] == first["corpus"] and k1["tokens"] == first["tokens"]

    chunking = start(k1=1.2, chunk_max_chars=120)
    assert chunking["index"] != k1["index"] and chunking["corpus"] != k1["corpus"]

    chunks = code / "bot" / "corpus" / "chunks.py"
    chunks.write_text(
        re.sub(
            r"^CHUNKS_VERSION = \d+", "CHUNKS_VERSION = 999", chunks.read_text(encoding="utf-8"), flags=re.M
        ),
        encoding="utf-8",
    )
    bumped = start(k1=1.2, chunk_max_chars=120)
    assert bumped["index"] != chunking["index"] and bumped["corpus"] != chunking["corpus"]

    text = code / "bot" / "text" / "terms.py"
    text.write_text(
        re.sub(r"^TERMS_VERSION = \d+", "TERMS_VERSION = 999", text.read_text(encoding="utf-8"), flags=re.M),
        encoding="utf-8",
    )
    terms = start(k1=1.2, chunk_max_chars=120)
    assert terms["tokens"] != bumped["tokens"] and terms["index"] != bumped["index"]
    # The store keeps each article's analysis, made by the text rules terms.py holds (normalise,
    # sentences): changed text rules re-analyse, while a comment (above) did not.
    assert terms["corpus"] != bumped["corpus"]
