"""The bench's new-day phase: a day's page (``DAY_PARAGRAPHS`` paragraphs of the corpus's profile) added to
the served index as a segment (``Retriever.add``), the time until its articles are answerable, then the
segment merged into the big one in a background thread while questions are timed on the serving thread."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

from bot.bench.corpus import DAY_PARAGRAPHS, Recombiner
from bot.bench.engines import open_retriever, percentiles
from bot.bench.news import NewsWriter
from bot.bench.writer import bench_articles
from bot.config import Settings
from bot.corpus.models import Article, load_corpus


def _day(profile: str, source_dir: Path) -> list[Article]:
    if profile == "news":
        return list(bench_articles(NewsWriter(seed=2), DAY_PARAGRAPHS, "day"))
    return list(bench_articles(Recombiner(load_corpus(source_dir).articles, seed=2), DAY_PARAGRAPHS, "day"))


def phase_new_day(settings: Settings, source_dir: Path, profile: str, questions: list[str]) -> dict[str, Any]:
    """Add a day's page to the loaded index as a segment; time it, check it answers, merge it meanwhile."""
    config = settings.retrieval
    _, tokenizer, retriever = open_retriever(settings)
    day = _day(profile, source_dir)
    started = time.perf_counter()
    grown = retriever.add(day)
    added_s = time.perf_counter() - started
    # Answerable: the first paragraph of each of the day's first articles finds that article first.
    probes = [a.paragraphs[0].text for a in day[:20]]
    answered = sum(
        1
        for article, probe in zip(day, probes, strict=False)
        if grown.chunks[grown.index.top(tokenizer.terms(probe), 1)[0][0]].article_id == article.id
    )
    merged: list[Any] = []
    worker = threading.Thread(target=lambda: merged.append(grown.index.merged()))
    started = time.perf_counter()
    worker.start()
    during = []
    terms = [tokenizer.terms(q) for q in questions]
    while worker.is_alive():
        for query in terms:
            t0 = time.perf_counter()
            grown.index.top(query, config.top_k)
            during.append(time.perf_counter() - t0)
            if not worker.is_alive():
                break
    worker.join()
    merge_s = time.perf_counter() - started
    same = all(merged[0].top(q, config.top_k) == grown.index.top(q, config.top_k) for q in terms)
    return {
        "paragraphs": sum(len(a.paragraphs) for a in day),
        "chunks": len(grown.chunks) - len(retriever.chunks),
        "to_searchable_s": round(added_s, 3),
        "answered": f"{answered}/{len(probes)}",
        "merge_s": round(merge_s, 3),
        "during_merge_ms": percentiles(during),
        "merged_ranks_alike": same,
    }
