"""The corpus files: written readable and stable, loaded with every file validated, bad files skipped."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from bot.corpus.models import Article, Paragraph, SourceSpan, article_json, load_corpus, write_corpus


def make_article(ident: str, order: int = 1, page_date: dt.date | None = None) -> Article:
    return Article(
        id=ident,
        page="p",
        headline="市图书馆延长开放时间",
        order=order,
        page_date=page_date,
        paragraphs=[
            Paragraph(
                text="昨日,市图书馆宣布延长开放时间。",
                source=SourceSpan(file="seeds/p.txt", line_start=3, line_end=4),
            )
        ],
    )


def test_article_json_is_readable_utf8_and_round_trips() -> None:
    article = make_article("p-01")
    text = article_json(article)
    assert "市图书馆延长开放时间" in text and "\\u" not in text and text.endswith("}\n")
    assert Article.model_validate(json.loads(text)) == article


def test_write_corpus_leaves_unchanged_files_alone(tmp_path: Path) -> None:
    articles = [make_article("p-01"), make_article("p-02", order=2)]
    assert [p.name for p in write_corpus(articles, tmp_path)] == ["p-01.json", "p-02.json"]
    assert write_corpus(articles, tmp_path) == []
    changed = articles[1].model_copy(update={"headline": "新标题"})
    assert [p.name for p in write_corpus([articles[0], changed], tmp_path)] == ["p-02.json"]


def test_load_corpus_skips_malformed_files_by_name_and_loads_the_rest(tmp_path: Path) -> None:
    write_corpus([make_article("p-01"), make_article("p-02", order=2)], tmp_path)
    (tmp_path / "broken.json").write_text("{not json", encoding="utf-8")
    (tmp_path / "typo.json").write_text(
        article_json(make_article("p-03")).replace('"headline"', '"headlin"'), encoding="utf-8"
    )
    (tmp_path / "empty-body.json").write_text(
        json.dumps({**make_article("p-04").model_dump(mode="json"), "paragraphs": []}), encoding="utf-8"
    )
    (tmp_path / "notes.txt").write_text("not a corpus file", encoding="utf-8")
    corpus = load_corpus(tmp_path)
    assert [a.id for a in corpus.articles] == ["p-01", "p-02"]
    reasons = {Path(p.file).name: p.reason for p in corpus.problems}
    assert set(reasons) == {"broken.json", "typo.json", "empty-body.json"}
    assert reasons["typo.json"].startswith("headlin")
    assert reasons["empty-body.json"].startswith("paragraphs")


def test_load_corpus_missing_folder_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    corpus = load_corpus(tmp_path / "nowhere")
    assert corpus.articles == []
    assert [p.reason for p in corpus.problems] == ["no such folder"]


def test_load_corpus_orders_newest_page_first_then_page_order(tmp_path: Path) -> None:
    write_corpus(
        [
            make_article("old-01", 1, dt.date(2022, 4, 24)),
            make_article("new-02", 2, dt.date(2022, 4, 25)),
            make_article("new-01", 1, dt.date(2022, 4, 25)),
        ],
        tmp_path,
    )
    assert [a.id for a in load_corpus(tmp_path).articles] == ["new-01", "new-02", "old-01"]


def test_committed_corpus_loads_cleanly() -> None:
    corpus = load_corpus(Path(__file__).resolve().parent.parent / "corpus")
    assert corpus.problems == []
    assert {f"seeds.000_09621e14e5a96519-{n:02d}" for n in range(1, 5)} <= {a.id for a in corpus.articles}
