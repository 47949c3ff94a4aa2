"""A latency a reader meets that the serving phase does not: a question over one very long article, in a
corpus of one article of N sentences (recombined from the real corpus); its build (which analyses the
article once, for the store: ``bot.corpus.analyses``), the first question over it and the later ones.
(Replies while a new day is taken in and saved are the new-day phase's, ``bot.bench.day``.)"""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.bench.corpus import Recombiner
from bot.bench.engines import percentiles
from bot.bench.writer import bench_article
from bot.config import Settings
from bot.corpus.models import Article, load_corpus, write_corpus

if TYPE_CHECKING:
    from bot.engine import Engine

SENTENCES_PER_PARAGRAPH = 5
LONG_QUESTIONS = 30


def _timed(engine: Engine, question: str) -> float:
    started = time.perf_counter()
    engine.reply(question)
    return time.perf_counter() - started


def long_article(source_dir: Path, sentences: int) -> Article:
    """One article of ``sentences`` sentences recombined from the real corpus's."""
    recombiner = Recombiner(load_corpus(source_dir).articles, seed=sentences)
    texts = [recombiner.vary(recombiner.rng.choice(recombiner.sentences)) for _ in range(sentences)]
    step = SENTENCES_PER_PARAGRAPH
    paragraphs = ["".join(texts[i : i + step]) for i in range(0, sentences, step)]
    return bench_article("long", 1, recombiner.rng.choice(recombiner.headlines), paragraphs)


def phase_long_article(settings: Settings, source_dir: Path, sentences: int) -> dict[str, Any]:
    """Build a corpus of one long article, then time its first question and the later ones."""
    from bot.engine import Engine

    article = long_article(source_dir, sentences)
    write_corpus([article], settings.paths.corpus)
    started = time.perf_counter()
    engine = Engine.load(settings)
    built = time.perf_counter() - started
    questions = Recombiner([article], seed=3).questions(LONG_QUESTIONS)
    first = _timed(engine, questions[0])
    later = [_timed(engine, q) for q in questions[1:]]
    return {
        "sentences": sentences,
        "build_s": round(built, 3),
        "first_question_s": round(first, 3),
        "later_ms": percentiles(later) | {"max": round(max(later, default=0) * 1000, 3)},
    }


def long_article_lines(result: dict[str, Any]) -> list[str]:
    """The long article's lines under the table."""
    later = result["later_ms"]
    return [
        f"one article of {result['sentences']:,} sentences (indexed and analysed in {result['build_s']:.1f} s):",
        f"    first question {result['first_question_s'] * 1000:,.0f} ms,"
        f" later ones p50 {later.get('p50', 0):,.1f} ms, p99 {later.get('p99', 0):,.1f} ms,"
        f" max {later.get('max', 0):,.1f} ms ({later.get('n', 0)} questions)",
    ]
