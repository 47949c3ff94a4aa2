"""Issue 19, fault 2: two source files never share a name in one corpus, so same-named folders ingested
one after the other (``X/2024/03``, then ``X/2023/03``) keep both pages."""

from __future__ import annotations

from pathlib import Path

from bot.config import IngestConfig
from bot.corpus.models import load_corpus
from bot.ingestion.ingest import ingest_paths


def page(folder: Path, headline: str, body: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "p1.txt").write_text(f"{headline}\n本报讯 {body}\n", encoding="utf-8")
    return folder


def headlines(corpus: Path) -> list[str]:
    return sorted(a.headline for a in load_corpus(corpus).articles)


def test_same_named_folders_keep_both_pages(tmp_path: Path) -> None:
    out = tmp_path / "corpus"
    march_2024 = page(
        tmp_path / "X" / "2024" / "03",
        "新图书馆开馆",
        "市新图书馆昨日开馆，首日接待读者三千人次，馆藏图书四十万册。",
    )
    march_2023 = page(
        tmp_path / "X" / "2023" / "03",
        "旧城改造启动",
        "城西旧城改造工程昨日启动，涉及居民八百户，预计两年完工。",
    )
    first = ingest_paths([march_2024], out, IngestConfig())
    second = ingest_paths([march_2023], out, IngestConfig())
    assert not first.problems and not second.problems and not second.removed
    assert headlines(out) == ["新图书馆开馆", "旧城改造启动"]
    assert {a.pages[0] for a in second.articles} == {"2023/03/p1.txt"}  # lengthened by the folder above
    again = ingest_paths([march_2024], out, IngestConfig())  # the same file again: the same name
    assert [a.id for a in again.articles] == [a.id for a in first.articles]
    assert headlines(out) == ["新图书馆开馆", "旧城改造启动"]
    again = ingest_paths([march_2023], out, IngestConfig())
    assert [a.id for a in again.articles] == [a.id for a in second.articles]
    assert len(list(out.glob("*.json"))) == 2
