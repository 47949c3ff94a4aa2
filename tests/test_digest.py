"""A day at a glance: /summary and /articles by day, the digest's pages and buttons (in process; the
Telegram side is in tests/test_telegram_days.py)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from conftest import engine_of

from bot.answers.layout import MESSAGE_LIMIT
from bot.answers.reply import BUTTON_DATA_BYTES, Button, Reply
from bot.corpus.models import Article, Paragraph, SourceSpan
from bot.engine import Engine
from bot.text.terms import Tokenizer

ITEM = re.compile(r"^(\d+)\. ")
SECTIONS = ["要闻", "经济", "社会", "文化"]


def big_day(day: dt.date, per_page: int) -> list[Article]:
    """Four numbered pages of ``per_page`` invented articles each, one day."""
    articles = []
    for page in range(1, 5):
        for n in range(1, per_page + 1):
            text = (
                f"本报讯 {day.month}月{day.day}日，第{page}版第{n}条消息说，城区第{n}片区完成了管网改造和道路修缮，"
                f"新增停车位{n * 10}个，居民出行更加方便。相关部门表示，后续将持续跟进维护。"
            )
            articles.append(
                Article(
                    id=f"big-{day:%m%d}-{page}-{n:02d}",
                    page=f"big{day:%m%d}_{page:02d}",
                    page_number=page,
                    section=SECTIONS[page - 1],
                    page_date=day,
                    publication="测试日报",
                    order=n,
                    headline=f"第{page}版第{n}条：城区第{n}片区完成管网改造 新增停车位",
                    paragraphs=[
                        Paragraph(text=text, source=SourceSpan(file="big.txt", line_start=n, line_end=n))
                    ],
                )
            )
    return articles


@pytest.fixture(scope="module")
def big(tokenizer: Tokenizer) -> Engine:
    day = dt.date(2024, 5, 6)
    articles = big_day(day, 20) + big_day(day - dt.timedelta(days=1), 3)
    articles.sort(key=lambda a: (-(a.page_date or dt.date.min).toordinal(), a.page_number or 0, a.order))
    return engine_of(articles, tokenizer)


def numbers(reply: Reply) -> list[int]:
    return [int(m[1]) for line in reply.text.splitlines() if (m := ITEM.match(line))]


def press(days_engine: Engine, reply: Reply, label: str) -> Reply:
    """The reply a press of the button whose label starts with ``label`` shows."""
    button = next(b for row in reply.buttons for b in row if b.text.startswith(label))
    pressed = days_engine.press(button.command)
    assert pressed is not None
    return pressed


def test_summary_alone_is_the_front_page_then_a_button_per_page(days_engine: Engine) -> None:
    reply = days_engine.reply("/summary")
    lines = reply.text.splitlines()
    assert lines[0] == "2024年3月15日 青川日报（共 3 篇）"
    assert [line for line in lines if line.startswith("【")] == ["【第1版 要闻】"]  # one label, this page's
    assert [line for line in lines if ITEM.match(line)] == [
        "1. 市政协十届常委会第五次会议闭幕",
        "2. 地铁2号线开始空载试运行",
    ]
    # Each headline has one line of its own article under it, never one repeating the headline.
    assert (
        lines[lines.index("2. 地铁2号线开始空载试运行") + 1] == "2号线全长18公里，设车站14座，其中换乘站3座。"
    )
    assert [[b.text for b in row] for row in reply.buttons] == [["1", "2"], ["第3版 社会"]]
    assert reply.button_lines == [
        "[1] /summary 2024-03-15 1  [2] /summary 2024-03-15 2",
        "[第3版 社会] /summary 2024-03-15 第3版",
    ]
    page = press(days_engine, reply, "第3版")
    assert [line for line in page.text.splitlines() if line.startswith("【")] == ["【第3版 社会】"]
    assert numbers(page) == [3]
    assert [[b.text for b in row] for row in page.buttons] == [["3"], ["第1版 要闻"]]


@pytest.mark.parametrize("day", ["昨天", "3月14日", "2024-03-14", "昨日", "前天"])
def test_summary_of_a_named_day(days_engine: Engine, day: str) -> None:
    reply = days_engine.reply(f"/summary {day}")
    if day == "前天":  # the 13th: no pages
        assert reply.text == "前天（2024年3月13日）没有新闻。有新闻的日期：2024年3月15日、2024年3月14日。"
        return
    assert reply.text.splitlines()[:2] == ["2024年3月14日 青川日报（共 3 篇）", "【第1版 要闻】"]
    assert "3. 前两个月全市外贸开局平稳" in press(days_engine, reply, "第4版 经济").text


def test_summary_keyword_and_number_keep_their_meaning(days_engine: Engine) -> None:
    assert days_engine.reply("/summary 植树").text.startswith("《全市春季义务植树活动启动》")
    assert days_engine.reply("/summary 2").text.startswith(
        "《地铁2号线开始空载试运行》"
    )  # as /articles numbers
    assert days_engine.reply("/articles").text.splitlines()[1] == "2. 地铁2号线开始空载试运行"
    # A day and words of a headline: that day's article.
    assert days_engine.reply("/summary 昨天 政协").text.startswith("《市政协十届常委会第五次会议开幕》")
    assert days_engine.reply("/summary 昨天 2").text.startswith("《青川新建三座口袋公园》")
    assert "1 到 3 之间" in days_engine.reply("/summary 昨天 9").text


def test_articles_of_a_day(days_engine: Engine) -> None:
    assert days_engine.reply("/articles 昨天").text.splitlines() == [
        "2024年3月14日 的新闻标题（共 3 篇）：",
        "1. 市政协十届常委会第五次会议开幕",
        "2. 青川新建三座口袋公园",
        "3. 前两个月全市外贸开局平稳",
    ]
    assert "没有新闻" in days_engine.reply("/articles 2020-01-15").text


def test_asking_for_a_days_news_gets_its_digest(days_engine: Engine) -> None:
    assert days_engine.reply("昨天的新闻").text == days_engine.reply("/summary 昨天").text
    assert days_engine.reply("3月15日有什么新闻？").text == days_engine.reply("/summary").text


def test_an_article_button_shows_its_summary_with_a_way_back(days_engine: Engine) -> None:
    day = press(days_engine, days_engine.reply("/summary 昨天"), "第4版")
    article = press(days_engine, day, "3")
    assert article.text.startswith("《前两个月全市外贸开局平稳》")
    assert [b.text for b in article.buttons[0]] == ["◀ 返回版面", "上一篇"]
    back = press(days_engine, article, "◀")
    assert "【第4版 经济】" in back.text.splitlines()[1]  # back at the article's page
    assert press(days_engine, article, "上一篇").text.startswith("《青川新建三座口袋公园》")


def test_a_big_day_shows_one_page_per_message_and_loses_nothing(big: Engine) -> None:
    """Each page of the paper is one message of its own items under one label, reached by its button;
    a page too long for a message goes on behind a button of its own."""
    reply = big.reply("/summary")
    pages = [b for b in reply.buttons[-1]]
    assert [b.text for b in pages] == ["第2版 经济", "第3版 社会", "第4版 文化"]
    seen: list[int] = []
    labels: list[str] = []
    for message in [reply, *(big.press(b.command) for b in pages)]:
        assert message is not None
        assert len(message.text) <= MESSAGE_LIMIT
        labels += [line for line in message.text.splitlines() if line.startswith("【")]
        shown = numbers(message)
        seen += shown
        assert [b.text for row in message.buttons for b in row if b.text.isdigit()] == [str(n) for n in shown]
        assert all(len(b.command.encode()) <= BUTTON_DATA_BYTES for row in message.buttons for b in row)
    assert seen == list(range(1, 81))  # every article of the day, once, in page order
    assert labels == ["【第1版 要闻】", "【第2版 经济】", "【第3版 社会】", "【第4版 文化】"]


def test_a_page_too_long_for_a_message_goes_on_behind_its_button(tokenizer: Tokenizer) -> None:
    day = dt.date(2024, 5, 6)
    days_engine = engine_of(big_day(day, 60), tokenizer)
    first = days_engine.reply("/summary")
    shown = numbers(first)
    assert shown[0] == 1 and shown[-1] < 60 and len(first.text) <= MESSAGE_LIMIT
    (onward,) = [b for row in first.buttons for b in row if b.text.endswith("▶")]
    assert onward.text == "第1版 要闻（续） ▶"
    rest = days_engine.press(onward.command)
    assert rest is not None and numbers(rest)[0] == shown[-1] + 1
    assert [line for line in rest.text.splitlines() if line.startswith("【")] == ["【第1版 要闻】"]
    assert days_engine.reply("/summary 第3版").text.splitlines()[1] == "【第3版 社会】"
    assert "有的版面：1、2、3、4" in days_engine.reply("/summary 第9版").text


def test_a_button_for_something_else_is_not_answered(days_engine: Engine) -> None:
    assert days_engine.press("/who 周文远") is None
    assert days_engine.press("src|x|0") is None


def test_button_commands_longer_than_telegram_allows_are_refused() -> None:
    with pytest.raises(ValueError, match="64 bytes"):
        Button(text="x", command="/summary " + "长" * 20)


def test_a_days_news_asked_in_traditional_characters_is_its_digest_in_traditional(
    days_engine: Engine,
) -> None:
    text = days_engine.reply("昨天的新聞").text
    assert text.splitlines()[:2] == ["2024年3月14日 青川日報（共 3 篇）", "【第1版 要聞】"]


def test_a_dated_question_is_answered_where_every_chunk_shares_its_words(tokenizer: Tokenizer) -> None:
    # Three days of near-identical pages: BM25 Okapi scores go negative (words in most chunks).
    articles = [a for d in range(3) for a in big_day(dt.date(2024, 5, 6) - dt.timedelta(days=d), 5)]
    days_engine = engine_of(articles, tokenizer)
    reply = days_engine.reply("昨天第3版第2条的停车位有多少？")
    assert reply.found and reply.text.splitlines()[0] == "日期：昨天（2024年5月5日）"
    assert "5月5日，第3版第2条消息说" in reply.text


def test_one_article_files_of_one_page_share_one_label_and_advertorials_come_last(
    tokenizer: Tokenizer,
) -> None:
    """Archives keep one article per file: files of the same page are one page of the digest, labelled
    once; on it the news comes before an advertorial, whatever the files' order."""
    day = dt.date(2024, 5, 6)
    articles = [
        a.model_copy(update={"page": f"file{n}", "page_number": 2, "kind": kind, "order": 1})
        for n, (a, kind) in enumerate(
            zip(big_day(day, 4)[:4], ["advertorial", "news", "news", "news"], strict=True)
        )
    ]
    reply = engine_of(articles, tokenizer).reply("/summary")
    lines = reply.text.splitlines()
    assert [line for line in lines if line.startswith("【")] == ["【第2版 要闻】"]
    items = [line for line in lines if ITEM.match(line)]
    assert items[-1] == f"4. {articles[0].headline}" and len(items) == 4
