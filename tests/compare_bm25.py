"""Compare BM25Okapi and BM25Plus (and k1, b) on the question sets; prints one line per setting.

    .venv/bin/python tests/compare_bm25.py [MORE.yaml ...]

For every non-command question: is the found/not-found decision right, and for answerable ones, does
the first-ranked passage hold one of the expected strings? Question sets named on the command line are
asked over the bundled corpus too. (docs/quality.md quotes it, with a development set added.)
"""

from __future__ import annotations

import sys
import tempfile
import unicodedata
from pathlib import Path

import yaml

from bot.config import IngestConfig, load_settings
from bot.corpus.models import load_corpus
from bot.engine import Engine
from bot.ingestion.ingest import ingest_paths
from bot.ingestion.lexicon import write_lexicon
from bot.text.lexicon import read_lexicon
from bot.text.terms import Tokenizer

ROOT = Path(__file__).resolve().parent.parent
SETTINGS = [("okapi", 1.5, 0.75), ("plus", 1.5, 0.75), ("okapi", 1.2, 0.75), ("plus", 1.2, 0.75)]
SETTINGS += [("okapi", 1.5, 0.5), ("plus", 1.5, 0.5)]


def nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def main() -> None:
    other = Path(tempfile.mkdtemp()) / "corpus"
    ingest_paths([ROOT / "tests/data/answers"], other, IngestConfig())
    write_lexicon(load_corpus(other).articles, other)
    sets = [
        (ROOT / "tests/qa_seed.yaml", ROOT / "corpus"),
        (ROOT / "tests/qa_other_news.yaml", other),
        *((Path(name), ROOT / "corpus") for name in sys.argv[1:]),
    ]
    for algorithm, k1, b in SETTINGS:
        first = answerable = decided = asked = 0
        for questions, corpus_dir in sets:
            settings = load_settings(ROOT / "config.yaml")
            settings.retrieval.algorithm, settings.retrieval.k1, settings.retrieval.b = algorithm, k1, b
            tokenizer = Tokenizer(read_lexicon(corpus_dir))
            engine = Engine(settings, load_corpus(corpus_dir), tokenizer)
            for case in yaml.safe_load(questions.read_text(encoding="utf-8")):
                if case["q"].startswith("/"):
                    continue
                asked += 1
                decided += engine.reply(case["q"]).found == case.get("found", True)
                if case.get("found", True) and "any" in case:
                    answerable += 1
                    hits = engine.retriever.search(engine.reader.read(case["q"]))
                    top = nfkc(hits[0].chunk.text) if hits else ""
                    first += any(nfkc(x) in top for x in case["any"])
        print(
            f"{algorithm:5} k1={k1} b={b}: answer-bearing passage first {first}/{answerable}, "
            f"found/not-found right {decided}/{asked}"
        )


if __name__ == "__main__":
    main()
