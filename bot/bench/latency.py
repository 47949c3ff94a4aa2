"""Two latencies a reader meets that the serving phase does not: a reply while a new day loads beside the
serving engine (the swap), and a question over one very long article.

- swap: the engine serves; a day's page is written into the corpus and a new engine loads in a thread,
  as the bot's reload does (store and index brought up to date), while questions go on being asked.
  Every reply during the load is timed. The day's files are removed afterwards.
- long article: a corpus of one article of N sentences (recombined from the real corpus); its build
  (which analyses the article once, for the store: ``bot.corpus.analyses``), the first question over
  it and the later ones.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.bench.corpus import DAY_PARAGRAPHS, Recombiner
from bot.bench.engines import percentiles
from bot.bench.writer import bench_article, bench_articles
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


def phase_swap(settings: Settings, questions: list[str], source_dir: Path) -> dict[str, Any]:
    """Replies while a new engine (the corpus with a new day's page) loads beside the serving one."""
    from bot.engine import Engine

    engine = Engine.load(settings)
    before = [_timed(engine, q) for q in questions]
    corpus = settings.paths.corpus
    recombiner = Recombiner(load_corpus(source_dir).articles, seed=99)
    day = list(bench_articles(recombiner, DAY_PARAGRAPHS, "swapday"))
    written = write_corpus(day, corpus)
    loaded: list[float] = []

    def load() -> None:
        started = time.perf_counter()
        Engine.load(settings)
        loaded.append(time.perf_counter() - started)

    try:
        loader = threading.Thread(target=load)
        loader.start()
        during: list[float] = []
        while loader.is_alive():
            during.append(_timed(engine, questions[len(during) % len(questions)]))
        loader.join()
    finally:
        for path in written:
            path.unlink(missing_ok=True)
    return {
        "load_s": round(loaded[0], 3) if loaded else None,
        "before_ms": percentiles(before),
        "during_ms": percentiles(during) | {"max": round(max(during, default=0) * 1000, 3)},
    }


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
