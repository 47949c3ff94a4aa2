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
from bot.ingestion.bylines import photo_credit_names
from bot.ingestion.ingest import ingest_paths

PAGES = Path(__file__).resolve().parent / "data" / "captions"


@pytest.fixture(scope="module")
def articles(tmp_path_factory: pytest.TempPathFactory) -> list[Article]:
    return ingest_paths([PAGES], tmp_path_factory.mktemp("captions"), IngestConfig()).articles


def test_captions_between_paragraphs_are_the_articles_last_paragraphs(articles: list[Article]) -> None:
    wall, reading_room = (a for a in articles if a.page.startswith("20240521-03"))
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
    photos = [a for a in articles if a.page.startswith("20240522-08")]
    assert [(a.headline, a.photographers) for a in photos] == [
        ("初夏南江", ["周明"]),  # the page's title heads its first photo
        ("东坪镇农民驾驶收割机收割小麦", ["周明"]),
        ("孩子们在市少年宫学习扎制风筝", ["徐晴"]),
        ("南江大桥夜景", ["徐晴"]),
    ]
    assert [len(a.paragraphs) for a in photos] == [1, 1, 1, 1]  # each caption the text of its photo
    assert photos[3].paragraphs[0].text == "5月19日，南江大桥夜景。大桥全长1.6公里，夜间亮灯至23时。"
    assert [a.date for a in photos] == [dt.date(2024, 5, d) for d in (21, 21, 20, 19)]  # each its own day


def test_a_photo_credit_names_the_photographer_of_its_caption(articles: list[Article]) -> None:
    """A credit on the line under a caption (▲…, or the paragraph it closes) or closing it, whatever the
    photographer's role (记者, 通讯员, 实习生); a caption printed without one has no photographer."""
    wetland, night_market = (a for a in articles if a.page.startswith("20240523-05"))
    assert wetland.captions == [
        "5月22日清晨，一群白鹭在南湖湿地东岸浅滩觅食，这群白鹭约有60只。",  # the paragraph its credit closes
        "▲志愿者在湿地入口向市民发放观鸟手册，手册收录了南湖常见的36种鸟类。",
    ]
    assert (wetland.reporters, wetland.photographers, wetland.caption_photographers) == (
        ["陈思"],
        ["孙杰"],
        [["孙杰"], []],
    )
    assert night_market.caption_photographers == [["黄蕾"], ["邓文"]]  # ▲… then its credit's own line
    assert night_market.paragraphs[1].text.startswith("夜市设有非遗手作区")  # no text taken for a caption
    assert [p.name for a in (wetland, night_market) for p in a.people] == ["陈思", "黄蕾"]


def test_a_photo_page_of_credited_captions_splits_at_each_credit(articles: list[Article]) -> None:
    """图①：…（本报记者 某某 摄）: each photo an item, its headline its caption's first clause, its
    credit its byline, said as 摄影."""
    photos = [a for a in articles if a.page.startswith("20240524-12")]
    assert [(a.headline, a.photographers) for a in photos] == [
        ("端午临近粽香满城", ["孙杰"]),
        ("市民在南江路菜市场挑选粽叶", ["吴岚"]),
        ("龙舟队队员在南江上训练", ["钱悦"]),
    ]
    assert (
        photos[2].paragraphs[0].text == "图③：5月22日，龙舟队队员在南江上训练，龙舟赛将于6月10日在南江举行。"
    )
    assert [p.titles for a in photos for p in a.people] == [["摄影"]] * 3  # a byline role, no one in the news


@pytest.mark.parametrize(
    ("line", "names"),
    [
        ("本报记者 王芳 通讯员 李强 摄", ["王芳", "李强"]),
        ("（本报实习生 钱悦 摄）", ["钱悦"]),
        ("新华社发 王海 摄", ["王海"]),  # the agency that sent it is no name
        ("新华社记者 方喆摄", ["方喆"]),
        ("本报记者 王芳 本报讯 本报记者 赵亮 摄", []),  # an article's bylines joined: no photo credit
    ],
)
def test_photo_credit_names(line: str, names: list[str]) -> None:
    assert photo_credit_names(line) == names


@pytest.mark.slow
def test_questions_answered_only_by_a_caption(tmp_path: Path) -> None:
    assert_passes("qa_captions.yaml", ingested(PAGES, tmp_path))
