"""A date asked about that the article's own text holds, over invented pages (tests/data/dated_facts/).

The library's figures "截至3月17日" are printed on 19 March's page; 17 March's page holds other news.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from bot.config import IngestConfig, Settings
from bot.corpus.models import load_corpus
from bot.engine import Engine
from bot.ingestion.ingest import ingest_paths
from bot.search.dates import parse_dates
from bot.text.terms import Tokenizer

FACTS = Path(__file__).resolve().parent / "data" / "dated_facts"
REF = dt.date(2024, 3, 19)


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    corpus = tmp_path_factory.mktemp("dated_facts")
    ingest_paths([FACTS], corpus, IngestConfig())
    return Engine(Settings(), load_corpus(corpus), Tokenizer())


@pytest.mark.parametrize(
    "question",
    [
        "3月17日市图书馆新馆累计接待读者多少人次？",
        "三月十七号市图书馆新馆累计接待读者多少人次？",
        "2024年3月17日市图书馆新馆累计接待读者多少人次？",
        "截至3月17日市图书馆新馆累计接待读者多少人次？",
    ],
)
def test_a_date_the_article_holds_is_answered_from_a_later_page(engine: Engine, question: str) -> None:
    reply = engine.reply(question)
    assert reply.found
    assert "4.6万人次" in reply.text
    assert reply.sources[0].title == "市图书馆新馆开馆首月人气旺"


def test_a_date_the_article_does_not_hold_still_restricts_to_that_day(engine: Engine) -> None:
    assert engine.reply("市图书馆新馆累计接待读者多少人次？").found  # without the date it answers
    reply = engine.reply("3月18日市图书馆新馆累计接待读者多少人次？")
    assert not reply.found
    assert reply.text.startswith("3月18日（2024年3月18日）的新闻里没有找到")
    reply = engine.reply("2023年3月17日市图书馆新馆累计接待读者多少人次？")  # another year's 3月17日
    assert not reply.found


def test_the_day_printed_still_answers_its_own_news(engine: Engine) -> None:
    reply = engine.reply("3月17日城东新建了几座口袋公园？")
    assert reply.found
    assert reply.sources[0].title == "城东新建三座口袋公园"


@pytest.mark.parametrize(
    "question",
    ["截至3月17日累计接待读者多少", "截止到3月17日的借阅证", "于3月17日举行的会议", "3月17号召开的会议"],
)
def test_a_date_that_is_part_of_the_question_stays_in_it(question: str) -> None:
    when = parse_dates(question, REF)
    assert when and not when.of_issues  # news about it is printed that day or later
    assert when.rest == question
    since = parse_dates("3月1日以来接待多少", REF)
    assert not since.of_issues and since.rest == "3月1日以来接待多少"


def test_a_date_that_names_the_news_of_a_day_is_taken_out() -> None:
    when = parse_dates("关于3月17日的新闻", REF)
    assert when.of_issues and when.rest == "关于 的新闻"


@pytest.mark.parametrize(
    ("written", "text", "held"),
    [
        ("3月17日", "截至3月17日,累计", True),
        ("3月17日", "2024年3月17号开馆", True),
        ("3月17日", "2024-03-17", True),
        ("3月17日", "2023年3月17日开馆", False),
        ("3月17日", "4月17日开馆", False),
        ("3月17日", "17日开馆", False),  # a bare day in the text is not the month asked about
        ("17日", "17日开馆", True),
    ],
)
def test_a_calendar_date_is_found_in_a_text_however_written(written: str, text: str, held: bool) -> None:
    assert parse_dates(written, REF).named_in(text) is held


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        ("3月份全市居民消费价格同比上涨多少？", "0.6%"),
        ("3月末全市本外币各项贷款余额是多少？", "8.6千亿元"),
        ("前3月全市社会消费品零售总额增长多少？", "5.2%"),
    ],
)
def test_a_month_a_statistic_is_about_is_answered_from_the_page_printed_after_it(
    engine: Engine, question: str, answer: str
) -> None:
    """Figures for March are printed in April: a text speaking of 3月份/3月末/前3月 holds the month."""
    reply = engine.reply(question)
    assert reply.found and answer in reply.text
    assert reply.sources[0].title == "3月份全市居民消费价格同比上涨0.6%"


def test_a_month_of_figures_no_text_speaks_of_is_not_found(engine: Engine) -> None:
    """2月份 is the period a figure is of (reported in March): the March page's 3月份 figure is no answer."""
    reply = engine.reply("2月份全市居民消费价格同比上涨多少？")
    assert not reply.found and "0.6%" not in reply.text.splitlines()[0]


def test_a_month_asked_for_its_news_restricts_to_that_month(engine: Engine) -> None:
    reply = engine.reply("2月份的新闻里全市居民消费价格同比上涨多少？")
    assert not reply.found and reply.text.startswith("2月份（2024年2月1日至2月29日）的新闻里没有找到")
