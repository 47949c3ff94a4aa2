"""The bench's measuring phases, each run in a fresh process: ``python -m bot.bench PHASE CONFIG [ARG…]``
prints the phase's result as one JSON line."""

from __future__ import annotations

import json
import logging
import resource
import time
from pathlib import Path
from typing import Any

from bot.bench.engines import percentiles
from bot.config import Settings, load_settings
from bot.corpus.models import load_corpus


def peak_mb() -> dict[str, float]:
    """Peak RSS of this process and of its largest child, and the RSS now: heap and mapped files."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    found = {"peak_rss_mb": round(own, 1), "peak_rss_children_mb": round(children, 1)}
    try:
        status = Path("/proc/self/status").read_text().splitlines()
    except OSError:
        return found
    for line in status:
        name, _, value = line.partition(":")
        if name in {"RssAnon", "RssFile"}:
            found[f"{name.lower()}_mb"] = round(int(value.split()[0]) / 1024, 1)
    return found


def phase_build(settings: Settings) -> dict[str, Any]:
    """Build the corpus store and the retriever's index from an empty cache; report time, throughput
    and memory."""
    from bot.corpus.chunks import article_context
    from bot.corpus.store import FOLDER, open_corpus
    from bot.search.retrieval import Retriever
    from bot.storage.fileset import remove_fileset
    from bot.text.lexicon import read_lexicon
    from bot.text.terms import Tokenizer

    for name in ("index", "tokens", FOLDER):
        remove_fileset(settings.paths.cache / name)
    started = time.perf_counter()
    corpus = open_corpus(settings.paths.corpus, settings.retrieval, settings.paths.cache)
    loaded = time.perf_counter()
    tokenizer = Tokenizer(read_lexicon(settings.paths.corpus), cache_dir=settings.paths.cache)
    ready = time.perf_counter()
    retriever = Retriever(
        corpus.articles,
        tokenizer,
        settings.retrieval,
        settings.paths.cache,
        chunks=corpus.chunks,
        digest=corpus.docs_digest,
    )
    built = time.perf_counter()
    chars = sum(len(c.lead) + len(c.text) for c in retriever.chunks)
    chars += sum(len(article_context(a)) for a in corpus.articles)
    return {
        "paragraphs": corpus.paragraph_count,
        "articles": len(corpus.articles),
        "chunks": len(retriever.chunks),
        "chars": chars,
        "corpus_load_s": round(loaded - started, 3),
        "tokenizer_init_s": round(ready - loaded, 3),
        "index_build_s": round(built - ready, 3),
        "build_mchars_per_s": round(chars / (built - ready) / 1e6, 3),
        "index_mb": round(_folder_mb(settings.paths.cache / "index"), 1),
        "token_cache_mb": round(_folder_mb(settings.paths.cache / "tokens"), 1),
        "corpus_store_mb": round(_folder_mb(settings.paths.cache / FOLDER), 1),
        "terms": retriever.index.vocabulary,
    } | peak_mb()


def _index_store_messages() -> list[str]:
    """A list that collects, from now on, what the index store logs (what it rebuilt or tokenised)."""
    messages: list[str] = []
    handler = logging.Handler()
    handler.emit = lambda record: messages.append(record.getMessage())  # type: ignore[method-assign]
    logger = logging.getLogger("bot.search.index_store")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    return messages


def phase_serve(settings: Settings, questions: list[str]) -> dict[str, Any]:
    """Load the engine over the persisted index, then time every question three ways."""
    from bot.engine import Engine

    rebuilt = _index_store_messages()
    started = time.perf_counter()
    engine = Engine.load(settings)
    load_s = time.perf_counter() - started
    retriever = engine.retriever
    full, retrieval, search = [], [], []
    for question in questions:
        t0 = time.perf_counter()
        engine.reply(question)
        full.append(time.perf_counter() - t0)
    for question in questions:
        terms = retriever.tokenizer.terms(question)
        t0 = time.perf_counter()
        retriever.index.top(terms, settings.retrieval.top_k)
        retrieval.append(time.perf_counter() - t0)
    for question in questions:
        t0 = time.perf_counter()
        retriever.search(engine.reader.read(question))
        search.append(time.perf_counter() - t0)
    return {
        "engine_load_s": round(load_s, 3),
        "index_loaded_from_disk": not any("build" in m for m in rebuilt),
        "full_reply_ms": percentiles(full),
        "retrieval_ms": percentiles(retrieval),
        "search_ms": percentiles(search),
    } | peak_mb()


def phase_baseline(settings: Settings, questions: list[str], budget_s: float) -> dict[str, Any]:
    """rank_bm25's BM25Okapi over the same chunks' terms (read from the token cache), time-boxed."""
    from rank_bm25 import BM25Okapi

    from bot.corpus.chunks import article_context, chunk_corpus, chunk_document
    from bot.search.index_store import doc_tokens
    from bot.text.lexicon import read_lexicon
    from bot.text.terms import Tokenizer

    corpus = load_corpus(settings.paths.corpus)
    tokenizer = Tokenizer(read_lexicon(settings.paths.corpus), cache_dir=settings.paths.cache)
    config = settings.retrieval
    contexts = {a.id: article_context(a) for a in corpus.articles}
    docs = [
        chunk_document(c, contexts[c.article_id], config.headline_repeat)
        for c in chunk_corpus(corpus.articles, config)
    ]
    vocabulary, ids, offsets = doc_tokens(docs, tokenizer, settings.paths.cache / "tokens")
    del corpus, docs
    bounds = offsets.tolist()
    token_lists = [
        [vocabulary[i] for i in ids[a:b].tolist()] for a, b in zip(bounds[:-1], bounds[1:], strict=True)
    ]
    started = time.perf_counter()
    bm25 = BM25Okapi(token_lists, k1=config.k1, b=config.b, epsilon=config.epsilon)
    build_s = time.perf_counter() - started
    del token_lists
    seconds = []
    deadline = time.perf_counter() + budget_s
    for question in questions:
        terms = tokenizer.terms(question)
        t0 = time.perf_counter()
        bm25.get_scores(terms)
        seconds.append(time.perf_counter() - t0)
        if time.perf_counter() > deadline and len(seconds) >= 5:
            break
    return {"build_s": round(build_s, 3), "get_scores_ms": percentiles(seconds)} | peak_mb()


def _folder_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.glob("*") if p.is_file()) / 2**20 if folder.exists() else 0.0


def main(argv: list[str]) -> int:
    """Run one measuring phase in this (fresh) process and print its result as one JSON line."""
    phase, config = argv[0], Path(argv[1])
    settings = load_settings(config)
    logging.basicConfig(level=settings.logging.level)
    questions = (
        json.loads(Path(argv[2]).read_text(encoding="utf-8"))
        if phase in {"serve", "baseline", "engines"}
        else []
    )
    if phase == "build":
        result = phase_build(settings)
    elif phase == "serve":
        result = phase_serve(settings, questions)
    elif phase == "ingest":
        from bot.bench.archive import phase_ingest

        result = phase_ingest(settings, Path(argv[2]))
    elif phase == "new_day":
        from bot.bench.day import phase_new_day

        asked = json.loads(Path(argv[4]).read_text(encoding="utf-8"))
        result = phase_new_day(settings, Path(argv[2]), argv[3], asked)
    elif phase == "engines":
        from bot.bench.engines import phase_engines

        result = phase_engines(settings, questions)
    elif phase == "long_article":
        from bot.bench.latency import phase_long_article

        result = phase_long_article(settings, Path(argv[2]), int(argv[3]))
    elif phase == "baseline":
        result = phase_baseline(settings, questions, float(argv[3]))
    else:
        raise SystemExit(f"unknown bench phase {phase}")
    print(json.dumps(result))
    return 0
