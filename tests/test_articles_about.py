"""Questions about articles (…谈的是什么, …有什么消息, 某某出席了什么活动, 今天的《某栏目》) and about the
report (谁写的, 哪天的报纸), over invented pages of two papers in tests/data/articles/: two days of a
whole-page daily (news pages; a comment page with two columns; a series tag; a kicker) and a
one-article-per-file archive of another paper (a bridge reported on two days, a numbered series).
The question set is tests/qa_articles.yaml; the Telegram test runs the real bot against
tests/botapi_server.py and presses the buttons."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from botapi_server import BotApiServer
from conftest import TG_TOKEN, BotProcess, console, engine_of, engine_over, ingested, write_config
from qa_scorer import assert_passes
from test_telegram_days import keyboard

from bot.corpus.models import Article, Paragraph, SourceSpan
from bot.engine import Engine
from bot.search.fields import masthead_names
from bot.search.kinds import question_kind
from bot.text.terms import normalise

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = ROOT / "tests" / "data" / "articles"
ITEM_DATE = r"^\d\. (\d{4})年(\d{1,2})月(\d{1,2})日《"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return ingested(ARTICLES, tmp_path_factory.mktemp("articles"))


@pytest.fixture(scope="module")
def engine(corpus: Path) -> Engine:
    return engine_over(corpus)


@pytest.mark.slow
def test_question_set_passes(corpus: Path) -> None:
    assert_passes("qa_articles.yaml", corpus)


@pytest.mark.slow
def test_question_set_over_a_national_daily_passes(tmp_path: Path) -> None:
    assert_passes("qa_articles_daily.yaml", ingested(ROOT / "tests/data/articles_daily", tmp_path))


@pytest.mark.parametrize(
    "question",
    [
        "今天的人民时评谈的是什么",
        "春晚有什么消息？",
        "关于春运有什么新闻",
        "大桥建设的最新进展",
        "大桥建设进展如何？",
        "某某昨天出席了什么活动",
        "某某主持召开了什么会议",
        "国际视点关注的是什么",
        "晚报报道了什么关于大桥的新闻",
        "讲座讲了哪些",
        "今天报纸上有什么关于教育的新闻",
    ],
)
def test_questions_about_articles_are_of_their_own_kind(question: str) -> None:
    assert question_kind(normalise(question)) == "about"


@pytest.mark.parametrize(
    "question",
    [
        "春运首日发送旅客多少人次",
        "冰雪节在哪里开幕",
        "会议提出了什么要求",
        "谁主持了会议",
        "会议通报了哪些情况",
    ],
)
def test_fact_questions_keep_their_kind(question: str) -> None:
    assert question_kind(normalise(question)) != "about"


def item_dates(text: str) -> list[dt.date]:
    return [dt.date(*map(int, m.groups())) for line in text.splitlines() if (m := re.match(ITEM_DATE, line))]


def test_articles_come_newest_first_with_date_headline_line_and_a_button_each(engine: Engine) -> None:
    reply = engine.reply("关于春运有什么新闻？")
    assert reply.found
    dates = item_dates(reply.text)
    assert len(dates) == 2 and dates == sorted(dates, reverse=True)
    items = [i for i, b in enumerate(reply.blocks) if b.style == "item"]
    assert all(reply.blocks[i + 1].style == "text" for i in items)  # one line of each article
    assert len(reply.buttons) == len(dates) and len(reply.sources) == len(dates)
    for row, source in zip(reply.buttons, reply.sources, strict=True):
        opened = engine.press(row[0].command)
        assert opened is not None and opened.found
        assert opened.text.startswith(f"《{source.title}》")


def test_articles_about_the_topic_come_before_passing_mentions_at_most_three(engine: Engine) -> None:
    """冰雪节 heads one article; a meeting that plans it and a commentary that opens with it mention it."""
    reply = engine.reply("冰雪节有什么消息？")
    assert len(reply.sources) == 3 and reply.sources[0].title == "第十届海州冰雪节开幕"
    assert {s.title for s in reply.sources[1:]} == {
        "市长郑远航主持召开市政府常务会议",
        "冰雪经济要做好长线文章",
    }


def test_a_traditional_question_lists_the_articles_in_traditional_characters(engine: Engine) -> None:
    reply = engine.reply("關於春運有什麼新聞？")
    assert [s.title for s in reply.sources] == ["春运客流持续攀升", "春运首日全市发送旅客18.6万人次"]
    assert "《春運客流持續攀升》" in reply.text and reply.buttons[0][0].text == "1. 春運客流持續攀升"
    assert reply.buttons[0][0].command == "/summary 2025-01-15 2"


def test_a_column_named_with_a_day_is_that_days_article(engine: Engine) -> None:
    yesterday = engine.reply("昨天的“海州时评”谈的是什么？")
    assert [s.title for s in yesterday.sources] == ["让年货多些本地味道"]
    assert yesterday.text.splitlines()[0] == "日期：昨天（2025年1月14日）"
    assert [s.title for s in engine.reply("海州时评谈的是什么").sources] == [
        "冰雪经济要做好长线文章",
        "让年货多些本地味道",
    ]


def test_nothing_holding_the_topic_offers_no_article(engine: Engine) -> None:
    for question in ("关于地铁有什么新闻？", "“人民时评”谈的是什么？", "周立新出席了什么活动？"):
        reply = engine.reply(question)
        assert not reply.found and not reply.sources and not reply.buttons
        assert "《" not in reply.text, question


def test_report_lines_are_labelled_and_the_source_gives_the_papers_date(engine: Engine) -> None:
    reply = engine.reply("冰雪节开幕的新闻是哪天的报纸？")
    assert reply.blocks[0].text == "日期：2025年1月15日"  # the paper's; the opening was on the 14th
    assert reply.blocks[-1].text == "——《第十届海州冰雪节开幕》 2025年1月15日 记者 韩松 陶然"
    assert engine.reply("春运首日的报道是哪位记者写的？").blocks[0].text == "记者：苏晴"
    assert engine.reply("今天的评论员观察是谁写的").text.splitlines()[:2] == [
        "日期：今天（2025年1月15日）",
        "作者：高原",
    ]


def test_an_event_date_alone_is_labelled_as_such() -> None:
    span = SourceSpan(file="p.txt", line_start=1, line_end=1)
    article = Article(
        id="p-01",
        page="p",
        headline="东湖大桥合龙",
        date=dt.date(2024, 5, 6),
        paragraphs=[Paragraph(text="5月6日，东湖大桥主桥顺利合龙，预计年底通车。", source=span)],
    )
    engine = engine_of([article])
    assert (
        engine.reply("东湖大桥预计什么时候通车").blocks[-1].text
        == "——《东湖大桥合龙》 （事件日期：2024年5月6日）"
    )
    assert (
        engine.reply("东湖大桥合龙的报道是哪天的报纸").blocks[0].text.startswith("报道所述日期：2024年5月6日")
    )


def test_a_numbered_series_is_also_named_without_its_number_and_by_its_own_name() -> None:
    span = SourceSpan(file="p.txt", line_start=1, line_end=1)
    article = Article(
        id="p-01",
        page="p",
        headline="老街巷换上新管网",
        series="解码·城市更新②",
        column="今日谈",
        paragraphs=[Paragraph(text="老城区的地下管网全部换新。", source=span)],
    )
    assert masthead_names(article) == ["今日谈", "解码·城市更新2", "解码·城市更新", "解码"]


# ==== The buttons in Telegram =======================================================================


@pytest.fixture(scope="module")
def articles_config(tmp_path_factory: pytest.TempPathFactory, corpus: Path) -> Path:
    return write_config(tmp_path_factory.mktemp("tg-articles"), corpus, {"rate_limit_per_minute": 60})


@pytest.fixture(scope="module")
def articles_bot(articles_config: Path) -> Iterator[tuple[BotApiServer, BotProcess]]:
    server = BotApiServer(TG_TOKEN).start()
    bot = BotProcess.start(server, articles_config)
    yield server, bot
    bot.stop()
    server.stop()


@pytest.mark.slow
@pytest.mark.e2e
def test_telegram_buttons_open_each_article(
    articles_bot: tuple[BotApiServer, BotProcess], articles_config: Path
) -> None:
    """Each button under the list edits the message into that article's summary (a press replaces the
    list, as every button does: each article is opened from a list of its own)."""
    server, _ = articles_bot
    question = "关于春运有什么新闻？"
    (expected,) = console(articles_config, question)
    titles = [s["title"] for s in expected["sources"]]
    assert titles == ["春运客流持续攀升", "春运首日全市发送旅客18.6万人次"]
    for i, title in enumerate(titles):
        chat = 4100 + i
        server.say(server.private(chat), question)
        (sent,) = server.wait_sent(chat, 1)
        assert sent.text == expected["text"]
        rows = keyboard(sent)  # the console's buttons, then Telegram's own (feedback)
        assert rows[: len(expected["buttons"])] == [
            [(b["text"], b["command"]) for b in row] for row in expected["buttons"]
        ]
        query = server.press(server.private(chat), sent.message_id, rows[i][0][1])
        assert server.wait(lambda c=chat, q=query: bool(server.edits(c)) and server.answered(q) is not None)  # type: ignore[misc]
        assert server.message(chat, sent.message_id)["text"].startswith(f"《{title}》")


def test_a_series_instalment_is_the_article_its_tag_numbers(tmp_path: Path) -> None:
    """A numbered series tag printed on its own line is the article's series (not its kicker), and
    第一篇 of the series is the article tagged ①."""
    corpus = ingested(ROOT / "tests/data/series", tmp_path)
    series = sorted(a.series or "" for a in engine_over(corpus).corpus.articles)
    assert series == ["老巷新声·匠人①", "老巷新声·匠人②"]
    assert_passes("qa_series.yaml", corpus)
