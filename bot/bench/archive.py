"""The bench's ingest measurement: an archive of one-article raw files (the bundled corpus's sentences
recombined, names, numbers and dates varied; dated names such as ``20210315-04-02.txt``), ingested by
``ingest_paths`` into an empty corpus folder on every core and then again unchanged (the digest cache:
no parsing), side by side with a plain read-and-split of the same files (read, decode, split into lines
and sentences): what parsing, people and writing cost on top of touching the text at all."""

from __future__ import annotations

import datetime as dt
import json
import resource
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

from bot.bench.corpus import Recombiner
from bot.config import Settings
from bot.corpus.models import Article
from bot.ingestion.ingest import ingest_paths
from bot.text.terms import split_sentences

FILES_PER_DAY = 40


def make_archive(source: list[Article], files: int, folder: Path) -> None:
    """Write ``files`` one-article raw pages (headline, byline, 3-8 paragraphs) unless already there."""
    marker = folder / ".bench-archive.json"
    wanted = {"files": files, "source": sorted(a.id for a in source)}
    if marker.exists() and json.loads(marker.read_text(encoding="utf-8")) == wanted:
        return
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    recombiner = Recombiner(source, seed=files)
    for n in range(files):
        day = dt.date(2021, 1, 1) + dt.timedelta(days=n // FILES_PER_DAY)
        paragraphs = [recombiner.paragraph() for _ in range(recombiner.rng.randint(3, 8))]
        headline = recombiner.vary(recombiner.rng.choice(recombiner.headlines))
        text = f"{headline}\n本报讯（记者 {recombiner.name()}）{paragraphs[0]}\n"
        text += "".join(f"\u3000\u3000{p}\n" for p in paragraphs[1:])
        name = f"{day:%Y%m%d}-{n % 8 + 1:02d}-{n % FILES_PER_DAY // 8 + 1:02d}.txt"
        (folder / name).write_text(text, encoding="utf-8")
    marker.write_text(json.dumps(wanted), encoding="utf-8")


def _cpu_seconds() -> float:
    """CPU seconds of this process and its finished children (the ingest workers)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _rates(chars: int, files: int, seconds: float) -> dict[str, float]:
    return {
        "s": round(seconds, 2),
        "mchars_per_s": round(chars / seconds / 1e6, 3),
        "files_per_s": round(files / seconds, 1),
    }


def phase_ingest(settings: Settings, archive: Path) -> dict[str, Any]:
    """Ingest the archive into an empty corpus folder, again unchanged, and read-and-split it."""
    files = sorted(archive.glob("*.txt"))
    chars = sum(len(p.read_text(encoding="utf-8")) for p in files)
    with tempfile.TemporaryDirectory(dir=archive.parent) as scratch:
        out = Path(scratch) / "corpus"
        cpu, started = _cpu_seconds(), time.perf_counter()
        report = ingest_paths([archive], out, settings.ingest)
        ingest_s, ingest_cpu = time.perf_counter() - started, _cpu_seconds() - cpu
        started = time.perf_counter()
        again = ingest_paths([archive], out, settings.ingest)
        again_s = time.perf_counter() - started
    started = time.perf_counter()
    for path in files:
        for line in path.read_bytes().decode("utf-8").split("\n"):
            split_sentences(line)
    plain_s = time.perf_counter() - started
    return {
        "files": len(files),
        "chars": chars,
        "articles": len(report.articles),
        "ingest": {**_rates(chars, len(files), ingest_s), "cpu_s": round(ingest_cpu, 1)},
        "unchanged": {**_rates(chars, len(files), again_s), "cached_files": again.cached_files},
        "plain": _rates(chars, len(files), plain_s),
    }


def ingest_lines(result: dict[str, Any]) -> list[str]:
    """The table's ingest lines: the run, the unchanged re-run and the plain read-and-split."""
    head = f"ingest, {result['files']:,} one-article files, {result['chars']:,} characters:"
    rows = [
        ("newsbot ingest, empty corpus", result["ingest"]),
        ("newsbot ingest, unchanged", result["unchanged"]),
        ("plain read-and-split", result["plain"]),
    ]
    body = [
        f"    {name:30} {r['s']:8.2f} s {r['mchars_per_s']:7.2f} M chars/s {r['files_per_s']:10,.0f} files/s"
        for name, r in rows
    ]
    cpu = result["ingest"]["cpu_s"]
    body[0] += f"  ({cpu:.1f} CPU s, {result['chars'] / cpu / 1e6:.2f} M chars per CPU second)"
    return [head, *body]
