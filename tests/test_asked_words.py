"""How a question says what it asks is not what it is about: asking words, connectives, a function
character jieba glued to a word it guessed, shares and large numbers written one way, regional words."""

from __future__ import annotations

import pytest

from bot.search.constraints import constraints
from bot.search.kinds import BODY, report_field
from bot.search.question import QuestionReader
from bot.text.numerals import arabic
from bot.text.terms import Tokenizer, normalise


@pytest.fixture(scope="module")
def tokenizer() -> Tokenizer:
    return Tokenizer()


@pytest.fixture(scope="module")
def reader(tokenizer: Tokenizer) -> QuestionReader:
    return QuestionReader(tokenizer, lambda word: 1.0)


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("有约百分之75的面积", "有约75%的面积"),
        ("百分之八十五点五", "85.5%"),
        ("占百分之零点五", "占0.5%"),
        ("百分之多少", "百分之多少"),  # asked: no 100分
        ("游客多约50,000人", "游客多约50000人"),
        ("1,234,567元", "1234567元"),
        ("第十四届", "第14届"),
    ],
)
def test_shares_and_large_numbers_are_written_one_way(text: str, written: str) -> None:
    assert arabic(text) == written


def test_a_share_asked_is_no_constraint_and_a_share_named_is_one() -> None:
    assert constraints(arabic("营造业占就业人口的百分之多少")) == ()
    assert constraints(arabic("有百分之75的面积是什么地形")) == ("75%",)
    assert "75%" in arabic("约占全境的百分之七十五")


@pytest.mark.parametrize(
    ("question", "words"),
    [
        ("从北竿去南竿会搭什么船", ["北竿", "去", "南竿", "会", "搭", "船"]),  # 南竿会 is 南竿 + 会
        ("去史达林化于何时开始", ["去", "史达林", "化", "开始"]),  # 化于 is 化 + 于
        ("哪一位国王统治最久", ["国王", "统治", "最", "久"]),  # 哪一位 asks
        ("东德在何年成立", ["东德", "成立"]),
        ("何种动物会建水坝", ["动物", "会", "建", "水坝"]),
        ("文中提及如果明天下雨", ["明天", "下雨"]),
    ],
)
def test_content_words_leave_out_asking_words_connectives_and_glued_characters(
    tokenizer: Tokenizer, question: str, words: list[str]
) -> None:
    assert tokenizer.words(question) == words


def test_a_name_the_dictionary_knows_is_never_cut(tokenizer: Tokenizer) -> None:
    assert tokenizer.words("社会发展") == ["社会", "发展"]  # 会 ends a word jieba knows: it stays


def test_taiwan_and_hong_kong_words_read_as_the_mainland_ones() -> None:
    assert normalise("這是甚麼時候的事") == normalise("这是什么时候的事")


def test_the_thing_asked_for_names_no_place(reader: QuestionReader) -> None:
    question = reader.read("韩国的什么东西有九成是进口的？")
    assert "东西" not in question.words
    assert "东西" not in question.places


def test_a_verb_ending_in_ban_is_no_body() -> None:
    assert not BODY.match("创办")
    assert not BODY.match("举办")
    assert BODY.match("扶贫办")
    assert BODY.match("教育局")


def test_a_version_is_no_page_of_the_paper() -> None:
    assert report_field("哪一版本是在发行候选版与阿尔法之间") is None
    assert report_field("这篇报道在哪一版") == "page"
