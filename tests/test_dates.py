"""Time in questions: the parser (text → periods and the rest of the question), relative to a reference day."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.search.dates import parse_dates

REF = dt.date(2024, 3, 15)  # a Friday
D = dt.date


@pytest.mark.parametrize(
    ("question", "start", "end", "rest"),
    [
        ("昨天开了什么会", D(2024, 3, 14), D(2024, 3, 14), "开了什么会"),
        ("昨日的会议", D(2024, 3, 14), D(2024, 3, 14), "的会议"),
        ("前天政协开了什么会", D(2024, 3, 13), D(2024, 3, 13), "政协开了什么会"),
        ("大前天", D(2024, 3, 12), D(2024, 3, 12), ""),
        ("今天有什么会", D(2024, 3, 15), D(2024, 3, 15), "有什么会"),
        ("1月15日的会议", D(2024, 1, 15), D(2024, 1, 15), "的会议"),
        ("一月十五日", D(2024, 1, 15), D(2024, 1, 15), ""),
        ("3月2号的会议", D(2024, 3, 2), D(2024, 3, 2), "的会议"),
        ("3月2號的會議", D(2024, 3, 2), D(2024, 3, 2), "的会议"),  # the rest in the normal form
        ("12月30日", D(2023, 12, 30), D(2023, 12, 30), ""),  # later than the reference: last year's
        ("2020-01-15", D(2020, 1, 15), D(2020, 1, 15), ""),
        ("2020/1/5的新闻", D(2020, 1, 5), D(2020, 1, 5), "的新闻"),
        ("二〇二三年五月四日", D(2023, 5, 4), D(2023, 5, 4), ""),
        ("10日开了什么会", D(2024, 3, 10), D(2024, 3, 10), "开了什么会"),
        ("20日", D(2024, 2, 20), D(2024, 2, 20), ""),  # after the reference day: the month before
        ("3月11日至13日", D(2024, 3, 11), D(2024, 3, 13), ""),
        ("上周政协开了什么会", D(2024, 3, 4), D(2024, 3, 10), "政协开了什么会"),
        ("上週", D(2024, 3, 4), D(2024, 3, 10), ""),
        ("上星期", D(2024, 3, 4), D(2024, 3, 10), ""),
        ("本周", D(2024, 3, 11), D(2024, 3, 17), ""),
        ("上周三", D(2024, 3, 6), D(2024, 3, 6), ""),
        ("本月", D(2024, 3, 1), D(2024, 3, 31), ""),
        ("上个月", D(2024, 2, 1), D(2024, 2, 29), ""),
        ("上個月", D(2024, 2, 1), D(2024, 2, 29), ""),
        ("近三天", D(2024, 3, 13), D(2024, 3, 15), ""),
        ("2月", D(2024, 2, 1), D(2024, 2, 29), ""),
        ("五月", D(2023, 5, 1), D(2023, 5, 31), ""),  # no May yet this year: last year's
    ],
)
def test_days_of_the_paper_are_taken_out_of_the_question(question: str, start: D, end: D, rest: str) -> None:
    when = parse_dates(question, REF)
    assert [(r.start, r.end) for r in when.ranges] == [(start, end)]
    assert when.of_issues
    assert when.rest == rest


@pytest.mark.parametrize(
    ("question", "start", "end"),
    [
        ("今年一季度外贸怎么样", D(2024, 1, 1), D(2024, 3, 31)),
        ("2020年经济", D(2020, 1, 1), D(2020, 12, 31)),
        ("去年下半年", D(2023, 7, 1), D(2023, 12, 31)),
        ("前两年", None, None),
        ("2023年前三季度", D(2023, 1, 1), D(2023, 9, 30)),
        ("1—2月", D(2024, 1, 1), D(2024, 2, 29)),
        ("2023年3至5月", D(2023, 3, 1), D(2023, 5, 31)),
        ("2020年以来", D(2020, 1, 1), REF),
    ],
)
def test_periods_reported_on_stay_in_the_question(question: str, start: D | None, end: D | None) -> None:
    when = parse_dates(question, REF)
    if start is None:
        assert not when
        return
    assert [(r.start, r.end) for r in when.ranges] == [(start, end)]
    assert not when.of_issues
    assert when.rest == question  # 一季度 is what the news is about: the words still count


@pytest.mark.parametrize(
    "question",
    [
        "6号线有几座换乘站",  # a line's number, not a day
        "3号楼在哪里",
        "比去年增长多少",  # the other side of a comparison
        "去年同期增长了多少",
        "到2035年要实现什么目标",  # the future: no paper is from then
        "下半年要做什么",  # this year's second half has not begun
        "2月30日",  # no such day
        "三个月完成",
        "节日期间",
    ],
)
def test_words_that_are_not_a_time_asked_about(question: str) -> None:
    when = parse_dates(question, REF)
    assert not when
    assert when.rest == question


def test_several_periods_and_labels() -> None:
    when = parse_dates("昨天和3月11日的新闻", REF)
    assert [r.start for r in when.ranges] == [D(2024, 3, 14), D(2024, 3, 11)]
    assert when.label == "昨天（2024年3月14日）、3月11日（2024年3月11日）"
    assert parse_dates("2024年3月11日", REF).label == "2024年3月11日"
    assert parse_dates("上周", REF).label == "上周（2024年3月4日至3月10日）"


def test_without_a_reference_day_the_words_stay_in_the_question() -> None:
    when = parse_dates("4月24日召开了什么会议", None)  # a corpus without dates: nothing to place them in
    assert not when and when.rest == "4月24日召开了什么会议"
