"""The ingest run (issues 10 and 13): ids across folders, what re-ingesting may remove, file names and
folders that cannot be read, linear time, the digest cache, duplicates, file-name dates, atomic writes."""

from __future__ import annotations

import datetime as dt
import os
import random
from pathlib import Path

import pytest

from bot.config import IngestConfig
from bot.corpus.models import load_corpus
from bot.doors.cli import main
from bot.ingestion import ingest as ingest_module
from bot.ingestion.ingest import CACHE_FILE, ingest_paths
from bot.ingestion.sources import RECORD_FILE

PAGE = "{title}\n\n本报讯(记者 甲乙)昨日,{title}。会议要求抓好落实。\n"


def _page(folder: Path, name: str, title: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(PAGE.format(title=title), encoding="utf-8")
    return path


def test_same_named_pages_of_two_days_never_replace_each_other(tmp_path: Path) -> None:
    out = tmp_path / "corpus"
    day_a = _page(tmp_path / "dayA", "page1.txt", "甲日会议召开")
    day_b = _page(tmp_path / "dayB", "page1.txt", "乙日活动举行")
    ingest_paths([day_a], out, IngestConfig())
    report = ingest_paths([day_b], out, IngestConfig())
    assert report.removed == []
    assert sorted(a.id for a in load_corpus(out).articles) == ["dayA.page1-01", "dayB.page1-01"]


def test_ids_are_stable_and_unique_across_the_corpus(tmp_path: Path) -> None:
    pages = [_page(tmp_path / day, "1.txt", f"{day}标题会议召开") for day in ("a", "b", "c")]
    first = [a.id for a in ingest_paths(pages, tmp_path / "out1", IngestConfig()).articles]
    again = [a.id for a in ingest_paths(pages, tmp_path / "out2", IngestConfig()).articles]
    assert first == again == ["a.1-01", "b.1-01", "c.1-01"]


def test_a_file_name_that_is_not_utf8_is_named_and_the_rest_ingested(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    _page(folder, "good.txt", "正常页面会议召开")
    with open(os.path.join(os.fsencode(folder), b"\xff\xfe-page.txt"), "wb") as handle:
        handle.write(PAGE.format(title="另一页面活动举行").encode("utf-8"))
    report = ingest_paths([folder], tmp_path / "corpus", IngestConfig())
    assert report.problems == [] and len(report.articles) == 2
    files = sorted(a.pages[0] for a in report.articles)
    assert files == ["in/good.txt", "in/\ufffd\ufffd-page.txt"]
    assert len(load_corpus(tmp_path / "corpus").articles) == 2


def _refuse(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    """Make listing ``folder`` fail as an unreadable folder does (root reads every folder anyway)."""
    real = os.scandir

    def scandir(path: object = ".") -> object:
        if Path(str(path)) == folder:
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "scandir", scandir)


def test_an_unreadable_sub_folder_is_named_and_the_rest_ingested(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    top = tmp_path / "news"
    _page(top, "a.txt", "可读页面会议召开")
    _page(top / "locked", "b.txt", "不可读页面会议召开")
    _refuse(monkeypatch, top / "locked")
    report = ingest_paths([top], tmp_path / "corpus", IngestConfig())
    assert [a.headline for a in report.articles] == ["可读页面会议召开"]
    assert [(p.file, p.reason) for p in report.problems] == [
        ("news/locked", "folder not read (Permission denied); its files were not ingested")
    ]
    assert not report.fatal


def test_an_unreadable_top_folder_is_an_error_exit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    top = tmp_path / "news"
    _page(top, "a.txt", "页面会议召开")
    _refuse(monkeypatch, top)
    assert main(["ingest", str(top), "--out", str(tmp_path / "corpus")]) == 1
    assert "news: folder not read (Permission denied)" in capsys.readouterr().err


@pytest.mark.slow
def test_ingest_is_linear_an_800_kb_file_of_one_character_lines_takes_seconds(tmp_path: Path) -> None:
    rng = random.Random(7)
    chars = "主任书记市长委员张王李出席会议的是在和，、。我"
    page = tmp_path / "in" / "lines.txt"
    page.parent.mkdir()
    page.write_text("\n".join(rng.choice(chars) for _ in range(400_000)), encoding="utf-8")
    assert page.stat().st_size > 800_000
    # A quadratic pass would run far past the test's time-out; the speed itself is the bench's.
    report = ingest_paths([page], tmp_path / "corpus", IngestConfig())
    assert report.articles and report.problems == []


def test_an_unchanged_file_is_not_parsed_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "corpus"
    page = _page(tmp_path / "in", "p.txt", "缓存测试会议召开")
    first = ingest_paths([page], out, IngestConfig())
    assert (out / CACHE_FILE).is_file() and first.cached_files == 0

    def no_parsing(*args: object) -> None:
        raise AssertionError("an unchanged file was parsed")

    with monkeypatch.context() as patch:
        patch.setattr(ingest_module, "parse_file", no_parsing)
        again = ingest_paths([page], out, IngestConfig())
    assert (again.cached_files, again.written, [a.id for a in again.articles]) == (1, [], ["in.p-01"])
    page.write_text(PAGE.format(title="内容改变会议召开"), encoding="utf-8")
    changed = ingest_paths([page], out, IngestConfig())
    assert changed.cached_files == 0 and changed.articles[0].headline == "内容改变会议召开"
    (page.parent / "p.meta.yaml").write_text("date: 2021-03-15\n", encoding="utf-8")
    dated = ingest_paths([page], out, IngestConfig())  # a new sidecar is a change too
    assert dated.cached_files == 0 and dated.articles[0].date == dt.date(2021, 3, 14)


def test_the_cache_is_ignored_when_damaged(tmp_path: Path) -> None:
    out = tmp_path / "corpus"
    page = _page(tmp_path / "in", "p.txt", "损坏缓存会议召开")
    ingest_paths([page], out, IngestConfig())
    (out / CACHE_FILE).write_bytes(b"\x00garbage")
    report = ingest_paths([page], out, IngestConfig())
    assert report.cached_files == 0 and [a.headline for a in report.articles] == ["损坏缓存会议召开"]


def test_writes_are_atomic_and_leave_no_temporary_files(tmp_path: Path) -> None:
    out = tmp_path / "corpus"
    page = _page(tmp_path / "in", "p.txt", "原子写入会议召开")
    assert main(["ingest", str(page), "--out", str(out)]) == 0
    assert sorted(p.name for p in out.iterdir()) == [CACHE_FILE, RECORD_FILE, "in.p-01.json", "lexicon.txt"]


def test_date_and_page_from_the_file_name_and_no_year_guessed_without_it(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    for name in ("20210315-04-02.txt", "2021-03-15_A04_2.txt", "page.txt"):
        folder.mkdir(exist_ok=True)
        (folder / name).write_text(
            f"标题{name[:4]}会议召开\n\n本报讯(记者 甲乙)3月13日,{name}会议召开。\n", "utf-8"
        )
    report = ingest_paths([folder], tmp_path / "corpus", IngestConfig())
    found = {a.page: (a.page_date, a.page_number, a.dateline, a.date) for a in report.articles}
    assert found == {
        "2021-03-15_A04_2": (dt.date(2021, 3, 15), 4, "3月13日", dt.date(2021, 3, 13)),
        "20210315-04-02": (dt.date(2021, 3, 15), 4, "3月13日", dt.date(2021, 3, 13)),
        "page": (None, None, "3月13日", None),
    }


def test_verbose_lists_each_file_and_the_summary_counts_everything(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "in"
    _page(folder, "a.txt", "详细报告会议召开")
    (folder / "b.txt").write_text(PAGE.format(title="详细报告会议召开") + "\n（下转第二版）\n", "utf-8")
    (folder / "c.txt").write_bytes(b"\x00\x01")
    assert main(["ingest", str(folder), "--out", str(tmp_path / "corpus"), "--verbose"]) == 0
    out, err = capsys.readouterr()
    assert "in/a.txt: 1 article(s), 0 furniture line(s), parsed" in err
    assert "in/c.txt: skipped: binary file (contains NUL bytes)" in err
    assert out.startswith(
        "2 file(s) read (0 unchanged), 1 article(s), 1 duplicate(s) merged, 1 furniture line(s) set apart, "
        "1 problem(s)"
    )


def test_the_stored_copy_of_a_reprinted_article_does_not_depend_on_the_cache(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    text = "大桥通车\n本报讯（记者 甲乙）昨日，大桥通车。全长1200米。\n"
    for name in ("20210316-01-07.txt", "20210316-06-04.txt"):
        folder.mkdir(exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    out = tmp_path / "corpus"
    first = ingest_paths([folder], out, IngestConfig())
    (folder / "20210316-01-07.txt").write_text(
        text + "\n", encoding="utf-8"
    )  # parsed again, the other cached
    again = ingest_paths([folder], out, IngestConfig())
    assert [a.id for a in first.articles] == [a.id for a in again.articles] == ["in.20210316-01-07-01"]
    assert again.articles[0].page_numbers == [1, 6] and again.duplicates_merged == 1
    assert again.removed == [] and [p.name for p in out.glob("*.json")] == ["in.20210316-01-07-01.json"]


@pytest.mark.parametrize(
    ("setting", "pattern", "reason"),
    [
        ("file_name_date", "(", "not a regular expression"),
        ("file_name_date", r"(?P<y>\d{4})", "needs the named groups d, m, y"),
        ("file_name_page", r"\d+", "needs the named groups page"),
    ],
)
def test_file_name_patterns_are_checked_with_the_config(setting: str, pattern: str, reason: str) -> None:
    with pytest.raises(ValueError, match=reason):
        IngestConfig(**{setting: pattern})
