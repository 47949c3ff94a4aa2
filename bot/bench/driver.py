"""The bench's driver: for each size, generate the corpus, run every phase in a fresh process, then
print the table and write the JSON."""

from __future__ import annotations

import json
import logging
import os
import resource
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bot.bench.archive import make_archive
from bot.bench.corpus import MARKER, PROFILES, load_questions, make_corpus
from bot.bench.report import machine, table
from bot.config import Settings, load_settings
from bot.corpus.models import Article, load_corpus

log = logging.getLogger(__name__)


@dataclass
class BenchOptions:
    sizes: list[int]
    questions: str
    out: Path
    work: Path
    baseline_max: int
    baseline_seconds: float
    ingest_files: int = 0  # an archive of this many one-article files is ingested (0: not measured)
    long_article: int = 0  # sentences of the one long article questions are timed over (0: not measured)
    profiles: tuple[str, ...] = PROFILES
    rebuild: bool = False  # build every corpus's cache anew, even where an earlier run's can be reused
    skip: set[tuple[str, int]] = field(default_factory=set)  # (profile, size) pairs left out


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
        shutil.copytree(Path(__file__).resolve().parent.parent, target / "bot", ignore=ignore)
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

    def cold_start(self, config: Path, question: str, warm_up: bool = False) -> dict[str, float]:
        """A fresh ``newsbot ask`` process: seconds from its start until its answer is printed, and the
        CPU seconds of the whole process (all its threads; what a busy machine does not inflate);
        ``warm_up`` when the run may build the index or the corpus store, which is then not a cold start."""
        cache = load_settings(config).paths.cache
        manifests = [cache / name / "manifest.json" for name in ("index", "corpus")]
        before = [m.stat().st_mtime_ns if m.exists() else None for m in manifests]
        cpu = resource.getrusage(resource.RUSAGE_CHILDREN)
        env = dict(os.environ, PYTHONPATH=str(self.code))
        started = time.perf_counter()
        with subprocess.Popen(
            [sys.executable, "-m", "bot", "ask", "--config", str(config), question],
            cwd=self.code,
            env=env,
            stdout=subprocess.PIPE,
            text=True,
        ) as process:
            assert process.stdout is not None
            process.stdout.readline()
            seconds = time.perf_counter() - started
            process.stdout.read()
        if process.returncode != 0:
            raise RuntimeError(f"newsbot ask failed (exit {process.returncode})")
        used = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu_s = used.ru_utime + used.ru_stime - cpu.ru_utime - cpu.ru_stime
        after = [m.stat().st_mtime_ns if m.exists() else None for m in manifests]
        if not warm_up and (None in after or after != before):
            log.warning("the cold start of %s rebuilt its cache: %.1f s is not a cold start", config, seconds)
        return {"s": round(seconds, 3), "cpu_s": round(cpu_s, 3)}


def run_bench(settings: Settings, options: BenchOptions) -> int:
    """Measure every size, print the table and write the JSON; 1 when there is no corpus to draw on."""
    source = load_corpus(settings.paths.corpus).articles
    if not source:
        print(f"no articles in {settings.paths.corpus}: run `newsbot ingest` first", file=sys.stderr)
        return 1
    options.work.mkdir(parents=True, exist_ok=True)
    processes = Processes.snapshot(options.work)
    profiles: dict[str, list[dict[str, Any]]] = {}
    asked = {}
    for profile in options.profiles:
        questions = load_questions(options.questions, source, profile, min(options.sizes))
        asked[profile] = questions
        profiles[profile] = [
            _measure_size(settings, options, source, processes, profile, size, questions)
            for size in options.sizes
            if (profile, size) not in options.skip
        ]
        _extrapolate(profiles[profile])
    ingest = _measure_ingest(settings, options, source, processes) if options.ingest_files else None
    long = _measure_long_article(settings, options, processes) if options.long_article else None
    first = next(iter(asked.values()))
    bundled = _cold_start_bundled(settings, first[0], processes)
    report = {
        "machine": machine(),
        "questions": len(first),
        "bundled_cold_start": bundled,
        "profiles": profiles,
        **({"ingest": ingest} if ingest else {}),
        **({"long_article": long} if long else {}),
    }
    options.out.parent.mkdir(parents=True, exist_ok=True)
    options.out.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    print(table(report))
    print(f"\nJSON written to {options.out}")
    return 0


def _measure_size(
    settings: Settings,
    options: BenchOptions,
    source: list[Article],
    processes: Processes,
    profile: str,
    size: int,
    questions: list[str],
) -> dict[str, Any]:
    """Every phase at one size of one corpus profile, each in a fresh process."""
    print(f"bench: {profile}, {size:,} paragraphs …", file=sys.stderr, flush=True)
    work = options.work / profile
    work.mkdir(parents=True, exist_ok=True)
    questions_file = work / "questions.json"
    questions_file.write_text(json.dumps(questions, ensure_ascii=False), encoding="utf-8")
    corpus_dir = work / f"corpus-{size}"
    make_corpus(source, size, corpus_dir, profile)
    config = work / f"config-{size}.yaml"
    data = settings.model_dump(mode="json")
    data["paths"].update(corpus=str(corpus_dir), cache=str(work / f"cache-{size}"))
    data["logging"] = {"level": "WARNING"}
    config.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    record = work / f"build-{size}.json"
    built = None if options.rebuild else _recorded_build(record, corpus_dir, work / f"cache-{size}")
    if built is None:
        built = processes.phase(["build", str(config)])
        marker = (corpus_dir / MARKER).read_text(encoding="utf-8")
        at = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
        record.write_text(json.dumps({"corpus": marker, "at": at, "build": built}), encoding="utf-8")
    else:  # a cache built by an earlier run: brought up to date first if the code changed its keys
        processes.cold_start(config, questions[0], warm_up=True)
    row: dict[str, Any] = {"size": size, "build": built}
    row["cold_start"] = processes.cold_start(config, questions[0])
    row["serve"] = processes.phase(["serve", str(config), str(questions_file)])
    row["engines"] = processes.phase(["engines", str(config), str(questions_file)])
    if size <= options.baseline_max:
        row["baseline"] = processes.phase(
            ["baseline", str(config), str(questions_file), str(options.baseline_seconds)]
        )
    source_dir = str(settings.paths.corpus.resolve())
    row["new_day"] = processes.phase(["new_day", str(config), source_dir, profile, str(questions_file)])
    return row


def _recorded_build(record: Path, corpus_dir: Path, cache: Path) -> dict[str, Any] | None:
    """The build an earlier run recorded for this very corpus, or a cache that holds an index built
    otherwise (a fresh ``newsbot ask`` over the folder's config, a copy): either is reused; else None."""
    try:
        recorded = json.loads(record.read_text(encoding="utf-8"))
        if recorded["corpus"] == (corpus_dir / MARKER).read_text(encoding="utf-8"):
            return {**recorded["build"], "reused": f"built {recorded['at']}"}
    except (OSError, ValueError, KeyError, TypeError):
        pass
    if (cache / "index" / "manifest.json").exists():
        return {"reused": "built earlier, not recorded"}
    return None


def _measure_ingest(
    settings: Settings, options: BenchOptions, source: list[Article], processes: Processes
) -> dict[str, Any]:
    """Ingest a generated archive of ``options.ingest_files`` files in a fresh process."""
    print(f"bench: ingest of {options.ingest_files:,} files …", file=sys.stderr, flush=True)
    archive = options.work / f"archive-{options.ingest_files}"
    make_archive(source, options.ingest_files, archive)
    config = options.work / "config-ingest.yaml"
    data = settings.model_dump(mode="json")
    data["paths"]["cache"] = str(options.work / "cache-ingest")
    data["logging"] = {"level": "WARNING"}
    config.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return processes.phase(["ingest", str(config), str(archive)])


def _measure_long_article(settings: Settings, options: BenchOptions, processes: Processes) -> dict[str, Any]:
    """Questions over one article of ``options.long_article`` sentences, in a fresh process."""
    print(f"bench: one article of {options.long_article:,} sentences …", file=sys.stderr, flush=True)
    folder = options.work / f"long-{options.long_article}"
    shutil.rmtree(folder, ignore_errors=True)
    config = folder / "config.yaml"
    data = settings.model_dump(mode="json")
    data["paths"].update(corpus=str(folder / "corpus"), cache=str(folder / "cache"))
    data["logging"] = {"level": "WARNING"}
    folder.mkdir(parents=True)
    config.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    source = str(settings.paths.corpus.resolve())
    return processes.phase(["long_article", str(config), source, str(options.long_article)])


def _cold_start_bundled(settings: Settings, question: str, processes: Processes) -> dict[str, float]:
    """Cold start over the configured (bundled) corpus, after one run has persisted its index."""
    config = settings.paths.cache / "bench-bundled.yaml"
    config.parent.mkdir(parents=True, exist_ok=True)
    data = settings.model_dump(mode="json")
    data["paths"] = {name: str(Path(value).resolve()) for name, value in data["paths"].items()}
    data["logging"] = {"level": "WARNING"}
    config.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    processes.cold_start(config, question, warm_up=True)
    return processes.cold_start(config, question)


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
