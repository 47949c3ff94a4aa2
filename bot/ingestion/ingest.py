"""The ingest run: raw news pages (``seeds/``) become validated articles (``corpus/*.json``).

Each file is decoded, read in simplified characters whatever its script (its articles are stored as
printed, ``bot.ingestion.printed``), its furniture set apart (``bot.ingestion.lines``), its lines
segmented into articles (``bot.ingestion.page``) and those built into records (``bot.ingestion.articles``). Files are
parsed on every core; a file whose bytes (and sidecar) are unchanged since the last run is not parsed
again (its articles come from a content-digest cache in the corpus folder). An article printed on
several pages (the same body) is stored once, under its first printing (``bot.ingestion.duplicates``).
Problems -- an unreadable file or folder, a bad sidecar, a file with no article -- go to the report and
never stop the run.

Writing: every article file is written atomically (temporary file, then rename: a reader sees the old
file or the new one), as soon as its source is parsed; a file that would not change is not touched;
files this run no longer produces from the same source file are removed next; the cache and, from the
command line, the lexicon are written last with ``bot.storage.atomic`` (fsynced as well).
"""

from __future__ import annotations

import hashlib
import json
import logging
import multiprocessing
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from bot.config import IngestConfig
from bot.corpus.models import Article, CorpusProblem
from bot.ingestion.ads import is_ad_mark, is_slogan, is_slogan_page
from bot.ingestion.articles import PageMeta, build_articles, read_meta, source_id
from bot.ingestion.dates import PagePlace, from_file_name, from_header
from bot.ingestion.decode import UndecodableFile, decode_bytes
from bot.ingestion.duplicates import CorpusWriter
from bot.ingestion.lines import SOURCE_NOTE, Line, set_furniture_apart, split_lines
from bot.ingestion.names import is_name
from bot.ingestion.page import segment
from bot.ingestion.printed import as_printed
from bot.ingestion.sources import SourceRecord, display_name, page_files
from bot.storage.atomic import write_text_atomic
from bot.storage.code_digest import code_digest
from bot.storage.progress import Progress
from bot.text.script import Printed

log = logging.getLogger(__name__)

CACHE_FILE = ".ingest-cache"
"""The content-digest cache, in the corpus folder (not a ``*.json`` file, so never read as an article)."""
CACHE_VERSION = 1
PROGRESS_MIN_FILES = 200
"""Fewer files than this take about a second or less: no progress shown."""
PARALLEL_MIN_BYTES = 1 << 20
"""Below this much input, files are parsed in this process: starting workers would cost more."""
PACKAGE = Path(__file__).parent
TEXT_RULES = PACKAGE.parent / "text"
"""The ingestion package: every module of it shapes the articles a file gives, so all are in the key."""


@dataclass
class FileResult:
    """What one source file gave: its articles, furniture line count and problems."""

    file: str
    digest: str
    read: bool
    articles: list[Article] = field(default_factory=list)
    furniture: int = 0
    problems: list[str] = field(default_factory=list)
    cached: bool = False


@dataclass
class IngestReport:
    """What a run did, in total and per file."""

    files_read: int = 0
    articles: list[Article] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)
    removed: list[Path] = field(default_factory=list)
    problems: list[CorpusProblem] = field(default_factory=list)
    duplicates_merged: int = 0
    furniture_lines: int = 0
    files: list[FileResult] = field(default_factory=list)
    fatal: bool = False  # a folder named on the command line could not be read

    @property
    def cached_files(self) -> int:
        return sum(result.cached for result in self.files)

    def summary(self, out_dir: Path) -> str:
        removed = f", {len(self.removed)} stale file(s) removed" if self.removed else ""
        return (
            f"{self.files_read} file(s) read ({self.cached_files} unchanged), {len(self.articles)} article(s), "
            f"{self.duplicates_merged} duplicate(s) merged, {self.furniture_lines} furniture line(s) set apart, "
            f"{len(self.problems)} problem(s); {len(self.written)} file(s) written to {out_dir}{removed}"
        )


# ---- one file ----------------------------------------------------------------------------------------


def _digest(path: Path, data: bytes, suffix: str) -> str:
    digest = hashlib.sha256(data)
    sidecar = path.with_name(path.stem + suffix)
    try:
        digest.update(sidecar.read_bytes())
    except OSError:
        digest.update(b"\0no sidecar")
    return digest.hexdigest()


def page_place(meta: PageMeta, furniture: list[Line], stem: str, config: IngestConfig) -> PagePlace:
    """Page date, number, section and paper: the sidecar first, then the page header, then the file name
    (the paper: the config)."""
    header = from_header(furniture)
    named = from_file_name(stem, config.file_name_date, config.file_name_page)
    return PagePlace(
        date=meta.date or header.date or named.date,
        number=meta.page
        if meta.page is not None
        else header.number
        if header.number is not None
        else named.number,
        section=meta.section or header.section,
        publication=meta.publication or header.publication or config.publication,
    )


def printed_pages(kept: list[Line], furniture: list[Line]) -> list[tuple[list[Line], list[Line]]]:
    """A file holding several pages (a whole day, each page under its header: ``某某日报 2026年1月14日
    第02版 要闻``) split at its page headers, each page's news lines with its own furniture. A header
    opens a page where news text follows it and it names another page number than the page above; a
    file of one page (an archive's source note at its foot included) stays whole."""
    bounds = [0]
    number = None
    for line in furniture:
        header = from_header([line])
        if header.number is None or SOURCE_NOTE.match(line.text):
            continue
        if number is not None and header.number != number and any(k.number > line.number for k in kept):
            bounds.append(line.number)
        number = header.number
    if len(bounds) == 1:
        return [(kept, furniture)]
    ends = [*bounds[1:], sys.maxsize]
    return [
        ([k for k in kept if start <= k.number < end], [f for f in furniture if start <= f.number < end])
        for start, end in zip(bounds, ends, strict=True)
    ]


def parse_file(path: Path, file: str, config: IngestConfig) -> FileResult:
    """Read, decode and segment one page; problems are recorded, never raised."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        return FileResult(file, "", False, problems=[f"skipped: cannot read ({exc.strerror or exc})"])
    result = FileResult(file, _digest(path, data, config.sidecar_suffix), False)
    try:
        decoded = decode_bytes(data)
    except UndecodableFile as exc:
        result.problems.append(f"skipped: {exc}")
        return result
    result.read = True
    try:
        meta = read_meta(path, config.sidecar_suffix)
    except ValueError as exc:
        result.problems.append(f"{exc}; page ingested without it")
        meta = PageMeta()
    printed = Printed(decoded.text)  # read in simplified characters, stored as printed
    kept, furniture = set_furniture_apart(split_lines(printed.copy))
    if is_slogan_page(kept):  # an advertiser's slogan page: furniture as a whole, no article
        kept, furniture = [], sorted(furniture + kept, key=lambda line: line.number)
    result.furniture = len(furniture)
    stem = display_name(path.stem)
    whole = page_place(meta, furniture, stem, config)
    articles: list[Article] = []
    for page_kept, page_furniture in printed_pages(kept, furniture):
        place = page_place(meta, page_furniture, stem, config) if page_furniture else whole
        place.date = place.date or whole.date
        place.publication = place.publication or whole.publication
        raws = segment(page_kept) if page_kept else []
        articles += build_articles(raws, file, stem, meta, place, page_furniture, len(articles) + 1)
    result.articles = [as_printed(article, printed) for article in articles]
    advert = not kept and any(is_ad_mark(line.text) or is_slogan(line.text) for line in furniture)
    if not result.articles and not advert:  # a page of ads only gives no article, and that is no problem
        result.problems.append("skipped: no article found (no body text)")
    return result


# ---- the cache ---------------------------------------------------------------------------------------


def _code_key(config: IngestConfig) -> str:
    # Ingestion's own modules, the text rules it applies and the article model decide what it writes.
    sources = (
        *sorted(PACKAGE.glob("*.py")),
        *sorted(TEXT_RULES.glob("*.py")),
        Path(str(sys.modules[Article.__module__].__file__)),
    )
    return code_digest(sources, f"{CACHE_VERSION}{config.model_dump_json()}")


def _read_cache(out_dir: Path, key: str) -> dict[str, dict[str, object]]:
    try:
        data = json.loads((out_dir / CACHE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("key") != key or not isinstance(data.get("files"), dict):
        return {}
    return data["files"]


def _from_cache(entry: object, file: str, digest: str) -> FileResult | None:
    """A file's result from its cache entry, when the entry is whole and its digest matches."""
    try:
        assert isinstance(entry, dict) and entry["digest"] == digest
        articles = [Article.model_validate_json(a) for a in entry["articles"]]
        return FileResult(
            file, digest, True, articles, int(entry["furniture"]), list(entry["problems"]), True
        )
    except (AssertionError, KeyError, TypeError, ValueError):
        return None


def _write_cache(out_dir: Path, key: str, results: list[FileResult]) -> None:
    files = {
        r.file: {
            "digest": r.digest,
            "articles": [a.model_dump_json() for a in r.articles],
            "furniture": r.furniture,
            "problems": r.problems,
        }
        for r in results
        if r.read
    }
    old = _read_cache(out_dir, key)
    old.update(files)
    write_text_atomic(out_dir / CACHE_FILE, json.dumps({"key": key, "files": old}, ensure_ascii=False))


def _digest_of_file(path: Path, suffix: str) -> str:
    try:
        return _digest(path, path.read_bytes(), suffix)
    except OSError:
        return ""


# ---- parsing on every core ---------------------------------------------------------------------------


def _parse_job(job: tuple[Path, str, IngestConfig]) -> FileResult:
    return parse_file(*job)


def _warm() -> None:
    """Load jieba's tables before workers are forked, so each shares them instead of loading its own."""
    is_name("张三")


def parse_all(jobs: list[tuple[Path, str, IngestConfig]], total_bytes: int) -> Iterator[FileResult]:
    """Parse the files, on every core when there is enough input; progress as ``Progress`` shows it (a
    bar on a terminal, a few log lines otherwise) for runs of ``PROGRESS_MIN_FILES`` files or more."""
    workers = min(os.cpu_count() or 1, len(jobs))
    with Progress(len(jobs), "ingest", "files", log, min_total=PROGRESS_MIN_FILES) as progress:
        if workers < 2 or total_bytes < PARALLEL_MIN_BYTES:
            for job in jobs:
                yield _parse_job(job)
                progress.update(1)
            return
        _warm()
        context = multiprocessing.get_context("fork" if sys.platform.startswith("linux") else "spawn")
        with context.Pool(workers) as pool:
            for result in pool.imap(_parse_job, jobs, chunksize=max(1, min(64, len(jobs) // (workers * 8)))):
                yield result
                progress.update(1)


# ---- the run -----------------------------------------------------------------------------------------


def ingest_paths(
    paths: list[Path], out_dir: Path, config: IngestConfig, seeds: Path | None = None
) -> IngestReport:
    """Ingest every page under ``paths`` into one JSON file per article in ``out_dir``; files in the
    ``seeds`` folder are named from it, however they are reached (``bot.ingestion.sources``).

    Unchanged article files are not rewritten. Files produced earlier from a re-ingested source file
    that it no longer yields are removed; a source that now yields nothing (unreadable, say) keeps its
    old files, with the problem reported. Articles of other source files are never touched.
    """
    report = IngestReport()
    files, report.fatal = page_files(paths, config.sidecar_suffix, report.problems, seeds)
    record = SourceRecord(out_dir)
    files = record.assign(files)  # no two source files share a name (nor the articles' ids and files)
    key = _code_key(config)
    cache = _read_cache(out_dir, key)
    writer = CorpusWriter(out_dir, {file: n for n, (_, file) in enumerate(files)})
    results: dict[str, FileResult] = {}
    jobs: list[tuple[Path, str, IngestConfig]] = []
    total_bytes = 0
    for path, file in files:
        entry = cache.get(file)
        cached = _from_cache(entry, file, _digest_of_file(path, config.sidecar_suffix)) if entry else None
        if cached is not None:
            results[file] = cached
            writer.add(cached.articles, write_now=False)
        else:
            jobs.append((path, file, config))
            total_bytes += path.stat().st_size if path.exists() else 0
    for result in parse_all(jobs, total_bytes):
        results[result.file] = result
        writer.add(result.articles)
    ordered = [results[file] for _, file in files]
    for result in ordered:
        report.files.append(result)
        report.files_read += result.read
        report.furniture_lines += result.furniture
        report.problems += [CorpusProblem(file=result.file, reason=reason) for reason in result.problems]
    report.articles, report.duplicates_merged = writer.finish()
    report.written = writer.written
    produced = {source_id(r.file) for r in ordered if r.articles or (r.read and not r.problems)}
    report.removed = _stale_files(out_dir, produced, {a.id for a in report.articles})
    for stale in report.removed:
        stale.unlink(missing_ok=True)
    report.written = [p for p in report.written if p not in report.removed]  # a copy a later page led
    if out_dir.is_dir():
        _write_cache(out_dir, key, [r for r in ordered if not r.cached])
        record.save()
    return report


def corpus_articles(out_dir: Path, report: IngestReport) -> list[Article]:
    """Every article of the corpus folder after a run: this run's, and the others read back (valid ones)."""
    ours = {a.id for a in report.articles}
    others: list[Article] = []
    for path in sorted(out_dir.glob("*.json")):
        if path.stem not in ours:
            try:
                others.append(Article.model_validate_json(path.read_bytes()))
            except (OSError, ValueError):
                continue  # a bad corpus file is the loader's to report
    return report.articles + others


def _stale_files(out_dir: Path, sources: set[str], kept: set[str]) -> list[Path]:
    """Corpus files made earlier from the re-ingested source files that this run no longer produces."""
    if not out_dir.is_dir():
        return []
    stale = []
    for path in out_dir.glob("*.json"):
        prefix, _, number = path.stem.rpartition("-")
        if prefix in sources and number.isdigit() and path.stem not in kept:
            stale.append(path)
    return sorted(stale)
