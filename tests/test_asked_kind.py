"""What a question asks for, as it says it: the kind of thing asked (哪一个城市) is no word the news must
print, and a year asked (哪一年) is answered by a sentence naming a year, never by a day alone."""

from __future__ import annotations

import pytest
from conftest import engine_of

from bot.answers.years import names_year, opens_with_year
from bot.corpus.models import Article, Paragraph, SourceSpan
from bot.engine import Engine
from bot.search.question import QuestionReader
from bot.text.terms import Tokenizer


def _article(number: int, headline: str, *texts: str) -> Article:
    span = SourceSpan(file=f"p{number}.txt", line_start=1, line_end=1)
    paragraphs = [Paragraph(text=text, source=span) for text in texts]
    return Article(id=f"p{number}-01", page=f"p{number}", headline=headline, paragraphs=paragraphs)


@pytest.fixture(scope="module")
def almanac() -> Engine:
    return engine_of(
        [
            _article(
                1,
                "东湖省",
                "东湖省位于东部沿海，省会明州，全省人口约4800万。",
                "东湖省以丘陵为主，境内最高峰为云顶山，海拔1620米。",
            ),
            _article(
                2,
                "临江客运码头",
                "临江客运码头始建于1956年，是沿江最早的客运码头之一。",
                "2004年，码头完成扩建工程。10月3日，扩建后的客运码头正式启用，每日可接待旅客一万人次。",
            ),
            _article(
                3,
                "东湾渔港",
                "东湾渔港是东湾镇的渔业中心，港内可停泊渔船三百余艘。3月15日，东湾渔港新建的冷库投入使用。",
            ),
            _article(
                4,
                "南屏书院",
                "南屏书院创建于庚申年，院内藏有古籍三千余册。",
                "书院于抗战期间一度停办，后由地方士绅集资修复。",
            ),
        ]
    )


def test_the_kind_of_thing_asked_is_not_required_text(almanac: Engine) -> None:
    reply = almanac.reply("东湖省的省会是哪一个城市？")
    assert reply.found and "明州" in reply.blocks[0].text
    assert not almanac.reply("西岭省的省会是哪一个城市？").found  # the place named still decides


def test_the_kind_of_thing_asked_is_read_from_the_asking_words() -> None:
    reader = QuestionReader(Tokenizer(), lambda word: 1.0)
    assert reader.read("东湖省的省会是哪一个城市？").sub.category == "城市"
    assert reader.read("云顶山是什么样的地形？").sub.category == "地形"
    assert reader.read("为什么运动会推迟举行？").sub.category == ""  # 为什么 asks why, not which
    assert "城市" not in reader.read("东湖省的省会是哪一个城市？").places


def test_a_year_asked_is_answered_with_the_year_not_the_day(almanac: Engine) -> None:
    reply = almanac.reply("扩建后的临江客运码头在哪一年正式启用？")
    assert reply.found and "2004年" in reply.blocks[0].text
    assert reply.blocks[0].text != "10月3日"


def test_a_sentence_naming_a_day_and_no_year_does_not_answer_which_year(almanac: Engine) -> None:
    assert not almanac.reply("东湾渔港的冷库在哪一年投入使用？").found
    assert almanac.reply("东湾渔港的冷库什么时候投入使用？").blocks[0].text == "3月15日"


def test_a_year_of_the_cycle_answers_which_year(almanac: Engine) -> None:
    assert almanac.reply("南屏书院创建于哪一年？").blocks[0].text == "庚申年"


@pytest.mark.parametrize(
    ("text", "named"),
    [("1947年初，", True), ("庚申年三月", True), ("同年，书院复课", True), ("10月3日，码头启用", False)],
)
def test_names_year(text: str, named: bool) -> None:
    assert names_year(text) is named


@pytest.mark.parametrize(
    ("text", "opens"),
    [
        ("2004年，码头完成扩建工程。", True),
        ("自1960年代起，轻工业发展快速。", True),
        ("嘉靖七年二月，巡抚率兵抵达南宁。", True),
        ("公司成立于1998年。", False),
    ],
)
def test_opens_with_year(text: str, opens: bool) -> None:
    assert opens_with_year(text) is opens
