"""Photo captions: kept with their article (or, on a photo page, each photo an item of its own),
searched and quoted like its text; a photo credit names the photographer, no person in the news.

The pages are tests/data/captions/ (invented); the question set is tests/qa_captions.yaml, whose
answers only a caption gives.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import ingested
from qa_scorer import assert_passes

from bot.config import IngestConfig
from bot.corpus.models import Article
from bot.ingestion.ingest import ingest_paths

PAGES = Path(__file__).resolve().parent / "data" / "captions"


@pytest.fixture(scope="module")
def articles(tmp_path_factory: pytest.TempPathFactory) -> list[Article]:
    return ingest_paths([PAGES], tmp_path_factory.mktemp("captions"), IngestConfig()).articles


def test_captions_between_paragraphs_are_the_articles_last_paragraphs(articles: list[Article]) -> None:
    wall, reading_room = articles[:2]
    assert (
        wall.captions
        == [p.text for p in wall.paragraphs[-2:]]
        == [
            "▲修缮后的古城墙南门，城楼高18米，是全段城墙最高的城楼。",
            "图为工人在城墙上铺设青石板步道，步道全长900米。",
        ]
    )
    assert wall.paragraphs[0].text.startswith("5月20日，历时两年的南江古城墙修缮工程")  # the text comes first
    assert [p.source.line_start for p in wall.paragraphs[-2:]] == [7, 9]  # each cited at its line
    assert (wall.reporters, wall.photographers) == (["王芳"], ["赵亮"])
    assert [p.name for p in wall.people] == ["王芳"]  # the photographer is no person in the news
    assert reading_room.captions == ["图为读者在青禾社区书屋挑选图书，书屋藏书2800册。"]
    assert (reading_room.reporters, reading_room.photographers) == (["李雯"], ["李雯"])


def test_each_photo_of_a_photo_page_is_an_item_of_its_own(articles: list[Article]) -> None:
    photos = articles[2:]
    assert [(a.headline, a.photographers) for a in photos] == [
        ("初夏南江", ["周明"]),  # the page's title heads its first photo
        ("东坪镇农民驾驶收割机收割小麦", ["周明"]),
        ("孩子们在市少年宫学习扎制风筝", ["徐晴"]),
        ("南江大桥夜景", ["徐晴"]),
    ]
    assert [len(a.paragraphs) for a in photos] == [1, 1, 1, 1]  # each caption the text of its photo
    assert photos[3].paragraphs[0].text == "5月19日，南江大桥夜景。大桥全长1.6公里，夜间亮灯至23时。"
    assert [a.date for a in photos] == [dt.date(2024, 5, d) for d in (21, 21, 20, 19)]  # each its own day


@pytest.mark.slow
def test_questions_answered_only_by_a_caption(tmp_path: Path) -> None:
    assert_passes("qa_captions.yaml", ingested(PAGES, tmp_path))
