"""``newsbot bench``: speed at scale, measured side by side with plain rank-bm25.

For each size it writes a corpus of N paragraphs that recombines the real corpus's sentences with
varied names, numbers and dates, then measures, each in a fresh process:

- build: the retriever's index from an empty cache (chunk, tokenise every distinct text on all cores,
  score matrix, save), its throughput in characters per second and the peak memory;
- cold start: a fresh ``newsbot ask`` process to its first answer, with the index persisted;
- serving: per-question latency of (a) the full reply (``Engine.reply``: tokenise, retrieve, compose)
  and (b) retrieval alone (``BM25Index.top`` on the question's terms), and the serving memory;
- (c) rank_bm25's ``BM25Okapi.get_scores`` over the same chunks' terms, time-boxed: above
  ``baseline_max`` paragraphs it is not run and its latency is extrapolated linearly from the largest
  size measured, which the table says.

The table goes to standard output and everything to a JSON file.
"""

from __future__ import annotations

import json
import logging
import os
import random
import re
import resource
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from bot.config import Settings, load_settings
from bot.corpus.models import Article, Paragraph, SourceSpan, load_corpus, write_corpus
from bot.ingestion.lexicon import LEXICON_FILE, lexicon_words
from bot.search.text import split_sentences

log = logging.getLogger(__name__)

# Generic resources for varied names: common Chinese surnames and given-name characters.
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰飞红建国志新春海波宁晓东林辉鹏云峰琳斌雪梅宇浩凯文博亮卫庆荣忠新民"
QUESTION_FORMS = ("{x}是什么？", "{x}有哪些要求？", "关于{x}，会上怎么说？", "谁提出了{x}？", "{x}是在哪天？")
NUMBER_OR_DATE = re.compile(r"(\d{1,2})月(\d{1,2})日|\d+")
PUNCTUATION = re.compile(r"[\W_]+")
PARAGRAPHS_PER_ARTICLE = 20
DAY_PARAGRAPHS = 1000
"""A day's page for the incremental measurement: about a hundred articles."""


@dataclass
class BenchOptions:
    sizes: list[int]
    questions: str
    out: Path
    work: Path
    baseline_max: int
    baseline_seconds: float


class Recombiner:
    """New paragraphs from the real corpus's sentences, with other names, numbers and dates."""

    def __init__(self, articles: list[Article], seed: int) -> None:
        self.rng = random.Random(seed)
        self.sentences = [s for a in articles for p in a.paragraphs for s in split_sentences(p.text)]
        self.headlines = [a.headline for a in articles]
        names = {p.name for a in articles for p in a.people} | {r for a in articles for r in a.reporters}
        ordered = sorted(names, key=len, reverse=True)
        self.names = re.compile("|".join(map(re.escape, ordered))) if ordered else None

    def name(self) -> str:
        return self.rng.choice(SURNAMES) + "".join(self.rng.choices(GIVEN, k=self.rng.randint(1, 2)))

    def vary(self, text: str) -> str:
        """The text with every known name, number and date replaced by another."""
        rng = self.rng
        if self.names is not None:
            text = self.names.sub(lambda _: self.name(), text)

        def number(match: re.Match[str]) -> str:
            if match.group(1):
                return f"{rng.randint(1, 12)}月{rng.randint(1, 28)}日"
            return str(rng.randint(10 ** (len(match.group()) - 1), 10 ** len(match.group()) - 1))

        return NUMBER_OR_DATE.sub(number, text)

    def paragraph(self) -> str:
        return "".join(self.vary(s) for s in self.rng.choices(self.sentences, k=self.rng.randint(1, 3)))

    def articles(self, paragraphs: int, prefix: str) -> Iterator[Article]:
        """Articles of ``PARAGRAPHS_PER_ARTICLE`` paragraphs (fewer in the last) up to ``paragraphs``."""
        made = 0
        while made < paragraphs:
            count = min(PARAGRAPHS_PER_ARTICLE, paragraphs - made)
            texts = [self.paragraph() for _ in range(count)]
            number = made // PARAGRAPHS_PER_ARTICLE
            headline = self.vary(self.rng.choice(self.headlines))
            if self.rng.random() < 0.5:
                headline = PUNCTUATION.sub("", texts[0])[:20] or headline
            yield Article(
                id=f"{prefix}-{number:06d}",
                page=f"{prefix}-{number // 100:04d}",
                headline=headline,
                order=number % 100,
                paragraphs=[
                    Paragraph(text=t, source=SourceSpan(file=prefix, line_start=i + 1, line_end=i + 1))
                    for i, t in enumerate(texts)
                ],
            )
            made += count

    def questions(self, count: int) -> list[str]:
        """Questions about phrases of the real sentences, in a few everyday forms."""
        found = []
        for _ in range(count):
            words = PUNCTUATION.sub("", self.rng.choice(self.sentences))
            size = min(len(words), self.rng.randint(4, 10))
            start = self.rng.randint(0, max(0, len(words) - size))
            phrase = words[start : start + size] or self.name()
            found.append(self.rng.choice(QUESTION_FORMS).format(x=phrase))
        return found


def make_corpus(source: list[Article], paragraphs: int, folder: Path) -> None:
    """Write a corpus of ``paragraphs`` recombined paragraphs (and its lexicon) unless already there."""
    marker = folder / "bench-corpus.json"
    wanted = {
        "paragraphs": paragraphs,
        "per_article": PARAGRAPHS_PER_ARTICLE,
        "source": sorted(a.id for a in source),
    }
    if marker.exists() and json.loads(marker.read_text(encoding="utf-8")) == wanted:
        return
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    recombiner = Recombiner(source, seed=paragraphs)
    lexicon: set[str] = set()
    batch: list[Article] = []
    for article in recombiner.articles(paragraphs, f"b{paragraphs}"):
        batch.append(article)
        if len(batch) == 1000:
            lexicon.update(lexicon_words(batch))
            write_corpus(batch, folder)
            batch = []
    lexicon.update(lexicon_words(batch))
    write_corpus(batch, folder)
    (folder / LEXICON_FILE).write_text("".join(f"{w}\n" for w in sorted(lexicon)), encoding="utf-8")
    marker.write_text(json.dumps(wanted), encoding="utf-8")


def _questions(spec: str, source: list[Article]) -> list[str]:
    """``spec`` is a count of generated questions, or a file: YAML items with ``q``, or one per line."""
    if spec.isdigit():
        return Recombiner(source, seed=7).questions(int(spec))
    path = Path(spec)
    text = path.read_text(encoding="utf-8")
    if path.suffix in {".yaml", ".yml"}:
        items = yaml.safe_load(text) or []
        return [
            str(i["q"]) for i in items if isinstance(i, dict) and "q" in i and not str(i["q"]).startswith("/")
        ]
    return [line.strip() for line in text.splitlines() if line.strip()]


# ----- phases, each run in a fresh process (``python -m bot.bench PHASE CONFIG [QUESTIONS]``)


def _peak_mb() -> dict[str, float]:
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


def _percentiles(seconds: list[float]) -> dict[str, float]:
    if not seconds:
        return {}
    ms = np.asarray(seconds) * 1000
    return {f"p{p}": round(float(np.percentile(ms, p)), 3) for p in (50, 95, 99)} | {"n": len(seconds)}


def phase_build(settings: Settings) -> dict[str, Any]:
    """Build the corpus store and the retriever's index from an empty cache; report time, throughput
    and memory."""
    from bot.corpus.store import FOLDER, open_corpus
    from bot.ingestion.lexicon import read_lexicon
    from bot.search.chunks import article_context
    from bot.search.retrieval import Retriever
    from bot.search.text import Tokenizer

    for name in ("index", "tokens", FOLDER):
        shutil.rmtree(settings.paths.cache / name, ignore_errors=True)
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
        "terms": len(retriever.index.terms),
    } | _peak_mb()


def phase_add_page(settings: Settings, source_dir: Path) -> dict[str, Any]:
    """Add a day's page (recombined from the real corpus) to the indexed corpus; time the index update."""
    from bot.ingestion.lexicon import read_lexicon
    from bot.search.retrieval import Retriever
    from bot.search.text import Tokenizer

    corpus = load_corpus(settings.paths.corpus)
    recombiner = Recombiner(load_corpus(source_dir).articles, seed=len(corpus.articles))
    day = list(recombiner.articles(DAY_PARAGRAPHS, "day"))
    old = read_lexicon(settings.paths.corpus)
    lexicon = sorted(set(old) | set(lexicon_words(day)))
    messages = _index_store_messages()
    started = time.perf_counter()
    tokenizer = Tokenizer(lexicon, cache_dir=settings.paths.cache)
    ready = time.perf_counter()
    Retriever(corpus.articles + day, tokenizer, settings.retrieval, settings.paths.cache)
    done = time.perf_counter()
    counts = next((m for m in messages if m.startswith("tokenised")), "")
    return {
        "paragraphs": DAY_PARAGRAPHS,
        "new_lexicon_words": len(lexicon) - len(old),
        "tokenizer_init_s": round(ready - started, 3),
        "index_update_s": round(done - ready, 3),
        "tokenised": counts,
    } | _peak_mb()


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
        "full_reply_ms": _percentiles(full),
        "retrieval_ms": _percentiles(retrieval),
        "search_ms": _percentiles(search),
    } | _peak_mb()


def phase_baseline(settings: Settings, questions: list[str], budget_s: float) -> dict[str, Any]:
    """rank_bm25's BM25Okapi over the same chunks' terms (read from the token cache), time-boxed."""
    from rank_bm25 import BM25Okapi

    from bot.ingestion.lexicon import read_lexicon
    from bot.search.chunks import article_context, chunk_corpus
    from bot.search.index_store import doc_tokens
    from bot.search.text import Tokenizer

    corpus = load_corpus(settings.paths.corpus)
    tokenizer = Tokenizer(read_lexicon(settings.paths.corpus), cache_dir=settings.paths.cache)
    config = settings.retrieval
    contexts = {a.id: article_context(a) for a in corpus.articles}
    docs = [
        [contexts[c.article_id]] * config.headline_repeat + [c.lead + c.text]
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
    return {"build_s": round(build_s, 3), "get_scores_ms": _percentiles(seconds)} | _peak_mb()


def _folder_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.glob("*") if p.is_file()) / 2**20 if folder.exists() else 0.0


# ----- the driver


@dataclass
class Processes:
    """Starts the measuring processes on a copy of this package taken when the bench starts, so edits
    made while it runs (which change the tokenizer's key, so the index's) cannot mix versions."""

    code: Path

    @classmethod
    def snapshot(cls, work: Path) -> Processes:
        target = work / "code"
        shutil.rmtree(target, ignore_errors=True)
        ignore = shutil.ignore_patterns("__pycache__")
        shutil.copytree(Path(__file__).resolve().parent, target / "bot", ignore=ignore)
        return cls(target)

    def _run(self, args: list[str], **kwargs: Any) -> subprocess.CompletedProcess[str]:
        env = dict(os.environ, PYTHONPATH=str(self.code))
        return subprocess.run([sys.executable, *args], cwd=self.code, env=env, text=True, **kwargs)

    def phase(self, args: list[str]) -> dict[str, Any]:
        """Run one phase of this module in a fresh process and return its JSON result."""
        done = self._run(["-m", "bot.bench", *args], stdout=subprocess.PIPE, check=False)
        if done.returncode != 0:
            raise RuntimeError(f"bench phase {args[0]} failed (exit {done.returncode})")
        result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
        return result

    def cold_start(self, config: Path, question: str, warm_up: bool = False) -> float:
        """Seconds from starting a fresh ``newsbot ask`` process to its answer (the whole process);
        ``warm_up`` when the run may build the index or the corpus store, which is then not a cold start."""
        cache = load_settings(config).paths.cache
        manifests = [cache / name / "manifest.json" for name in ("index", "corpus")]
        before = [m.stat().st_mtime_ns if m.exists() else None for m in manifests]
        started = time.perf_counter()
        self._run(
            ["-m", "bot", "ask", "--config", str(config), question], stdout=subprocess.DEVNULL, check=True
        )
        seconds = time.perf_counter() - started
        after = [m.stat().st_mtime_ns if m.exists() else None for m in manifests]
        if not warm_up and (None in after or after != before):
            log.warning("the cold start of %s rebuilt its cache: %.1f s is not a cold start", config, seconds)
        return seconds


def run_bench(settings: Settings, options: BenchOptions) -> int:
    """Measure every size, print the table and write the JSON; 1 when there is no corpus to draw on."""
    source = load_corpus(settings.paths.corpus).articles
    if not source:
        print(f"no articles in {settings.paths.corpus}: run `newsbot ingest` first", file=sys.stderr)
        return 1
    questions = _questions(options.questions, source)
    options.work.mkdir(parents=True, exist_ok=True)
    processes = Processes.snapshot(options.work)
    questions_file = options.work / "questions.json"
    questions_file.write_text(json.dumps(questions, ensure_ascii=False), encoding="utf-8")
    results: list[dict[str, Any]] = []
    for size in options.sizes:
        print(f"bench: {size:,} paragraphs …", file=sys.stderr, flush=True)
        corpus_dir = options.work / f"corpus-{size}"
        make_corpus(source, size, corpus_dir)
        config = options.work / f"config-{size}.yaml"
        data = settings.model_dump(mode="json")
        data["paths"].update(corpus=str(corpus_dir), cache=str(options.work / f"cache-{size}"))
        data["logging"] = {"level": "WARNING"}
        config.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        row: dict[str, Any] = {"size": size, "build": processes.phase(["build", str(config)])}
        row["cold_start_s"] = round(processes.cold_start(config, questions[0]), 3)
        row["serve"] = processes.phase(["serve", str(config), str(questions_file)])
        if size <= options.baseline_max:
            row["baseline"] = processes.phase(
                ["baseline", str(config), str(questions_file), str(options.baseline_seconds)]
            )
        row["add_page"] = processes.phase(["add_page", str(config), str(settings.paths.corpus.resolve())])
        results.append(row)
    _extrapolate(results)
    bundled = _cold_start_bundled(settings, questions[0], processes)
    report = {
        "machine": machine(),
        "questions": len(questions),
        "bundled_cold_start_s": bundled,
        "sizes": results,
    }
    options.out.parent.mkdir(parents=True, exist_ok=True)
    options.out.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    print(table(report))
    print(f"\nJSON written to {options.out}")
    return 0


def _cold_start_bundled(settings: Settings, question: str, processes: Processes) -> float:
    """Cold start over the configured (bundled) corpus, after one run has persisted its index."""
    config = settings.paths.cache / "bench-bundled.yaml"
    config.parent.mkdir(parents=True, exist_ok=True)
    data = settings.model_dump(mode="json")
    data["paths"] = {name: str(Path(value).resolve()) for name, value in data["paths"].items()}
    data["logging"] = {"level": "WARNING"}
    config.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    processes.cold_start(config, question, warm_up=True)
    return round(processes.cold_start(config, question), 3)


def _extrapolate(results: list[dict[str, Any]]) -> None:
    """Sizes without a baseline get one scaled linearly from the largest size that has one."""
    measured = [r for r in results if "baseline" in r]
    if not measured:
        return
    base = max(measured, key=lambda r: r["size"])
    for row in results:
        if "baseline" not in row:
            factor = row["size"] / base["size"]
            scaled = {
                k: round(v * factor, 3) for k, v in base["baseline"]["get_scores_ms"].items() if k != "n"
            }
            row["baseline"] = {"get_scores_ms": scaled, "extrapolated_from": base["size"]}


def machine() -> dict[str, Any]:
    """The CPU model and count this ran on."""
    import platform

    model = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return {
        "cpu": model,
        "cores": os.cpu_count(),
        "memory_gb": round(memory, 1),
        "python": platform.python_version(),
    }


def table(report: dict[str, Any]) -> str:
    """The measurements side by side, one column per size."""
    sizes = report["sizes"]

    def cell(row: dict[str, Any], path: str, fmt: str = "{:,.2f}") -> str:
        value: Any = row
        for part in path.split("."):
            if not isinstance(value, dict) or part not in value:
                return "–"
            value = value[part]
        return fmt.format(value)

    def latency(row: dict[str, Any], path: str) -> str:
        found = [cell(row, f"{path}.p{p}", "{:.2f}") for p in (50, 95, 99)]
        return " / ".join(found)

    def speedup(row: dict[str, Any]) -> str:
        base = row.get("baseline", {}).get("get_scores_ms", {}).get("p50")
        ours = row["serve"]["retrieval_ms"].get("p50")
        return f"{base / ours:,.0f}×" if base and ours else "–"

    lines = [
        ("paragraphs", lambda r: f"{r['build']['paragraphs']:,}"),
        ("chunks / terms", lambda r: f"{r['build']['chunks']:,} / {r['build']['terms']:,}"),
        ("characters indexed", lambda r: f"{r['build']['chars']:,}"),
        ("index build (s)", lambda r: cell(r, "build.index_build_s")),
        ("build throughput (M chars/s)", lambda r: cell(r, "build.build_mchars_per_s")),
        (
            "build peak RSS, main + worker (MB)",
            lambda r: (
                cell(r, "build.peak_rss_mb", "{:,.0f}")
                + " + "
                + cell(r, "build.peak_rss_children_mb", "{:,.0f}")
            ),
        ),
        ("index on disk (MB)", lambda r: cell(r, "build.index_mb", "{:,.1f}")),
        ("token cache on disk (MB)", lambda r: cell(r, "build.token_cache_mb", "{:,.1f}")),
        ("corpus store on disk (MB)", lambda r: cell(r, "build.corpus_store_mb", "{:,.1f}")),
        ("cold start to first answer (s)", lambda r: cell(r, "cold_start_s")),
        ("serving peak RSS (MB)", lambda r: cell(r, "serve.peak_rss_mb", "{:,.0f}")),
        (
            "    of which heap / mapped files (MB)",
            lambda r: cell(r, "serve.rssanon_mb", "{:,.0f}") + " / " + cell(r, "serve.rssfile_mb", "{:,.0f}"),
        ),
        ("(a) full reply p50/p95/p99 (ms)", lambda r: latency(r, "serve.full_reply_ms")),
        ("(b) retrieval p50/p95/p99 (ms)", lambda r: latency(r, "serve.retrieval_ms")),
        ("    search incl. tokenising (ms)", lambda r: latency(r, "serve.search_ms")),
        ("(c) rank_bm25 get_scores (ms)", lambda r: latency(r, "baseline.get_scores_ms")),
        (
            "    (c) measured on",
            lambda r: (
                f"scaled from {r['baseline']['extrapolated_from']:,}"
                if "extrapolated_from" in r.get("baseline", {})
                else cell(r, "baseline.get_scores_ms.n", "{} questions")
            ),
        ),
        (
            "    rank_bm25 build (s) / peak RSS (MB)",
            lambda r: cell(r, "baseline.build_s") + " / " + cell(r, "baseline.peak_rss_mb", "{:,.0f}"),
        ),
        ("(c) / (b) at p50", speedup),
        (
            f"add a day's page, {DAY_PARAGRAPHS:,} paragraphs (s)",
            lambda r: cell(r, "add_page.index_update_s"),
        ),
        ("    texts tokenised / reused", lambda r: _counts(r.get("add_page", {}).get("tokenised", ""))),
    ]
    width = max(len(name) for name, _ in lines) + 2
    header = "".ljust(width) + "".join(f"{r['size']:>28,}" for r in sizes)
    body = [name.ljust(width) + "".join(f"{fn(r):>28}" for r in sizes) for name, fn in lines]
    m = report["machine"]
    foot = [
        f"machine: {m['cpu']}, {m['cores']} cores, {m['memory_gb']} GB; Python {m['python']}; {report['questions']} questions",
        f"cold start of the bundled corpus to first answer: {report['bundled_cold_start_s']:.2f} s",
        "(c) 'scaled from N': rank_bm25 was not run at that size (time and memory); its latency is the one",
        "measured at N scaled linearly by size, as get_scores loops over every document.",
    ]
    return "\n".join([header, *body, "", *foot])


def _counts(message: str) -> str:
    numbers = re.findall(r"\d+", message)
    return f"{int(numbers[0]):,} / {int(numbers[1]):,}" if len(numbers) == 2 else "–"


def main(argv: list[str]) -> int:
    """Run one measuring phase in this (fresh) process and print its result as one JSON line."""
    phase, config = argv[0], Path(argv[1])
    settings = load_settings(config)
    logging.basicConfig(level=settings.logging.level)
    questions = (
        json.loads(Path(argv[2]).read_text(encoding="utf-8")) if phase in {"serve", "baseline"} else []
    )
    if phase == "build":
        result = phase_build(settings)
    elif phase == "serve":
        result = phase_serve(settings, questions)
    elif phase == "add_page":
        result = phase_add_page(settings, Path(argv[2]))
    elif phase == "baseline":
        result = phase_baseline(settings, questions, float(argv[3]))
    else:
        raise SystemExit(f"unknown bench phase {phase}")
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
