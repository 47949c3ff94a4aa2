"""The bench's new-day phase, the way the running bot takes in a day: the engine serves the corpus from its
saved store and index; a day's page (``DAY_PARAGRAPHS`` paragraphs of the corpus's profile, dated after
every other page) is written into the corpus folder with its lexicon words, as ``newsbot ingest`` writes
it; ``Engine.updated`` takes it in (a segment beside the index) and is timed until the day's articles are
answerable; then ``Engine.settled`` saves it in a background thread while replies are timed.

It runs on a copy of the corpus folder and the cache made of hard links (every file there is replaced, never
written in place), so the size's own corpus and cache stay as they were for the next run.
"""

from __future__ import annotations

import datetime as dt
import os
import resource
import shutil
import threading
import time
from pathlib import Path
from typing import Any

from bot.bench.corpus import DAY_PARAGRAPHS, Recombiner
from bot.bench.engines import percentiles
from bot.bench.news import NewsWriter
from bot.bench.phases import peak_mb
from bot.bench.writer import bench_articles
from bot.config import Settings
from bot.corpus.models import Article, load_corpus, write_corpus
from bot.ingestion.lexicon import lexicon_words
from bot.storage.atomic import write_text_atomic
from bot.text.lexicon import LEXICON_FILE, read_lexicon

PROBES = 20
"""The day's first articles whose first paragraph is asked for (found first: answerable)."""


def _day(profile: str, source_dir: Path) -> list[Article]:
    if profile == "news":
        made = bench_articles(NewsWriter(seed=2), DAY_PARAGRAPHS, "day")
    else:
        made = bench_articles(Recombiner(load_corpus(source_dir).articles, seed=2), DAY_PARAGRAPHS, "day")
    today = dt.date.today()
    return [a.model_copy(update={"page_date": today}) for a in made]


def _cpu() -> float:
    """CPU seconds of this thread and of this process's finished children (the day's tokenising workers)."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.thread_time() + children.ru_utime + children.ru_stime


def _linked_copy(source: Path, target: Path) -> None:
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(source, target, symlinks=True, copy_function=os.link)


def phase_new_day(settings: Settings, source_dir: Path, profile: str, questions: list[str]) -> dict[str, Any]:
    """Write a day's page into (a copy of) the corpus; time it to answerable, then its saving meanwhile."""
    from bot.engine import Engine

    work = settings.paths.cache.parent / f"{settings.paths.cache.name}-new-day"
    corpus, cache = work / "corpus", work / "cache"
    _linked_copy(settings.paths.corpus, corpus)
    _linked_copy(settings.paths.cache, cache)
    settings = settings.model_copy(deep=True)
    settings.paths.corpus, settings.paths.cache = corpus, cache
    try:
        started = time.perf_counter()
        engine = Engine.load(settings)
        load_s = time.perf_counter() - started
        day = _day(profile, source_dir)
        write_corpus(day, corpus)
        old = read_lexicon(corpus)
        lexicon = sorted(set(old) | set(lexicon_words(day)))
        write_text_atomic(corpus / LEXICON_FILE, "".join(f"{w}\n" for w in lexicon))
        started, cpu = time.perf_counter(), _cpu()
        grown = engine.updated()
        answerable_s, answerable_cpu = time.perf_counter() - started, _cpu() - cpu
        terms = grown.retriever.tokenizer.terms
        found = [
            grown.retriever.chunks[grown.retriever.index.top(terms(a.paragraphs[0].text), 1)[0][0]].article_id
            for a in day[:PROBES]
        ]
        answered = sum(f == a.id for f, a in zip(found, day, strict=False))
        settled: list[Any] = []
        worker = threading.Thread(target=lambda: settled.append(grown.settled()))
        started = time.perf_counter()
        worker.start()
        during: list[float] = []
        while worker.is_alive():
            t0 = time.perf_counter()
            grown.reply(questions[len(during) % len(questions)])
            during.append(time.perf_counter() - t0)
        worker.join()
        settle_s = time.perf_counter() - started
        k = settings.retrieval.top_k
        queries = [terms(q) for q in questions]
        alike = sum(settled[0].retriever.index.top(q, k) == grown.retriever.index.top(q, k) for q in queries)
        return {
            "paragraphs": sum(len(a.paragraphs) for a in day),
            "articles": len(day),
            "new_lexicon_words": len(lexicon) - len(old),
            "engine_load_s": round(load_s, 3),
            "to_answerable_s": round(answerable_s, 3),
            "to_answerable_cpu_s": round(answerable_cpu, 3),
            "answered": f"{answered}/{len(found)}",
            "settle_s": round(settle_s, 3),
            "during_settle_ms": percentiles(during) | {"max": round(max(during, default=0) * 1000, 3)},
            "settled_ranks_alike": f"{alike}/{len(queries)}",
            "unsettled_after": settled[0].unsettled,
        } | peak_mb()
    finally:
        shutil.rmtree(work, ignore_errors=True)
