"""Issue 19, faults 11 and 16: a date or page number that names no issue of the paper gets a clear reply
(没有2099年1月1日的报纸, 这天的报纸只有4版), never another day's news, and never an error."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import engine_of
from test_digest import big_day

from bot.engine import Engine
from bot.search.dates import parse_dates

NEWEST = dt.date(2024, 3, 15)


@pytest.fixture(scope="module")
def engine() -> Engine:
    articles = big_day(NEWEST, 3) + big_day(NEWEST - dt.timedelta(days=1), 2)
    return engine_of(articles)


@pytest.mark.parametrize(
    "args, day",
    [
        ("2099-01-01", "2099年1月1日"),
        ("2099年1月1日", "2099年1月1日"),
        ("2024-99-99", "2024-99-99"),
        ("2月30日", "2月30日"),
        ("〇〇〇〇年", "〇〇〇〇年"),
    ],
)
def test_a_day_no_paper_is_of_is_said_so(engine: Engine, args: str, day: str) -> None:
    days = "2024年3月15日、2024年3月14日"
    for command in ("/summary", "/articles"):
        reply = engine.reply(f"{command} {args}")
        assert reply.text.strip() == f"没有{day}的报纸。有新闻的日期：{days}。", (command, reply.text)


def test_a_page_past_the_last_is_said_so(engine: Engine) -> None:
    only = "这天的报纸只有4版。有的版面：1、2、3、4。"
    assert engine.reply("/summary 第99999999版").text.strip() == only
    assert engine.reply("/summary 2024-03-14 第5版").text.strip() == only
    assert "第3版" in engine.reply("/summary 第3版").text  # a page that exists is still shown


def test_a_year_zero_in_a_question_is_no_error(engine: Engine) -> None:
    assert parse_dates("〇〇〇〇年的新闻", NEWEST).ranges == ()
    for text in (
        "〇〇〇〇年城区管网改造了吗？",
        "〇〇〇〇年一季度的新闻",
        "〇〇〇〇年上半年",
        "〇〇〇〇年3月",
    ):
        assert engine.reply(text).text  # answered (not found, or from the news), never raised
    reply = engine.press("/summary 〇〇〇〇年")
    assert reply is not None and reply.text.startswith("没有〇〇〇〇年的报纸")


def test_an_undated_corpus_has_no_paper_of_any_date() -> None:
    articles = [a.model_copy(update={"page_date": None}) for a in big_day(NEWEST, 1)]
    undated = engine_of(articles)
    assert undated.reply("/summary 2099-01-01").text.startswith("没有2099年1月1日的报纸")
    assert undated.reply("/articles 〇〇〇〇年").text.startswith("没有〇〇〇〇年的报纸")
    assert undated.reply("/summary").found  # the day at a glance, as before
