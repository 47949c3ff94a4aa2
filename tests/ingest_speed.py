"""Ingest speed on a generated archive of one-article files, side by side with a plain read-and-split.

    .venv/bin/python tests/ingest_speed.py [FILES] [--work DIR]      # FILES defaults to 10,000

The archive recombines the bundled corpus's sentences (names, numbers and dates varied, as the bench's
corpora do) into dated one-article raw pages (``20210315-04-02.txt``: headline, byline, 3-8 paragraphs).
It is ingested into an empty corpus folder by ``newsbot ingest`` in a fresh process (every core), then
again unchanged (the digest cache: no parsing); the plain baseline reads, decodes and splits the same
files into lines and sentences. Prints characters and files per second and the CPU seconds used.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

from bot.bench import Recombiner
from bot.corpus.models import Article, load_corpus
from bot.search.text import split_sentences

ROOT = Path(__file__).resolve().parent.parent
FILES_PER_DAY = 40


def make_archive(source: list[Article], files: int, folder: Path) -> None:
    """Write ``files`` one-article raw pages unless the same archive is already there."""
    marker = folder / ".archive.json"
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


def timed_ingest(archive: Path, out: Path) -> tuple[float, float]:
    """Wall and CPU seconds (this child and its workers) of one ``newsbot ingest`` process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    command = [sys.executable, "-m", "bot", "ingest", str(archive), "--out", str(out)]
    subprocess.run(command, cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def read_and_split(files: list[Path]) -> float:
    started = time.perf_counter()
    for path in files:
        for line in path.read_bytes().decode("utf-8").split("\n"):
            split_sentences(line)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="?", type=int, default=10_000)
    parser.add_argument("--work", type=Path, default=ROOT / "bench-results" / "ingest")
    args = parser.parse_args()
    archive = args.work / f"archive-{args.files}"
    make_archive(load_corpus(ROOT / "corpus").articles, args.files, archive)
    files = sorted(archive.glob("*.txt"))
    chars = sum(len(p.read_text(encoding="utf-8")) for p in files)
    out = args.work / "corpus"
    shutil.rmtree(out, ignore_errors=True)
    first = timed_ingest(archive, out)
    again = timed_ingest(archive, out)
    plain = read_and_split(files)
    print(f"{len(files):,} files, {chars:,} characters, {os.cpu_count()} cores")
    for what, (wall, cpu) in (
        ("newsbot ingest (empty corpus)", first),
        ("newsbot ingest (unchanged)", again),
    ):
        print(
            f"{what:32} {wall:7.2f} s  {chars / wall / 1e6:5.2f} M chars/s  {len(files) / wall:8,.0f} files/s"
            f"  ({cpu:.1f} CPU s: {chars / cpu / 1e6:.2f} M chars per CPU second)"
        )
    print(
        f"{'plain read-and-split':32} {plain:7.2f} s  {chars / plain / 1e6:5.2f} M chars/s  "
        f"{len(files) / plain:8,.0f} files/s"
    )


if __name__ == "__main__":
    main()
