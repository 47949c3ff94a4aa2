"""Questions about days, over two days of invented pages (tests/data/days/) and one undated page.

The newest page date is 2024-03-15, so 今天 is 3月15日 and 昨天 is 3月14日. Both days report the same
meeting of the city's political consultative conference (opening on the 14th's page, closing on the 15th's).
"""

from __future__ import annotations

import shutil
from pathlib import Path

from bot.answers.who import who
from bot.config import IngestConfig, Settings
from bot.corpus.models import load_corpus
from bot.engine import Engine
from bot.ingestion.ingest import ingest_paths
from bot.text.lexicon import read_lexicon
from bot.text.terms import Tokenizer

DAYS = Path(__file__).resolve().parent / "data" / "days"


def test_today_and_yesterday_count_from_the_newest_page_date(days_engine: Engine) -> None:
    opened = days_engine.reply("昨天政协会议在哪里开幕？")
    assert opened.found
    assert opened.text.splitlines()[0] == "日期：昨天（2024年3月14日）"
    assert "青川会议中心开幕" in opened.text
    closed = days_engine.reply("今天政协会议通过了什么？")
    assert closed.text.splitlines()[0] == "日期：今天（2024年3月15日）"
    assert "表决通过了关于加强河湖生态保护的建议案" in closed.text


def test_a_named_date_restricts_the_answer_to_that_day(days_engine: Engine) -> None:
    reply = days_engine.reply("3月13日的会议由谁主持？")
    assert "周文远主持会议" in reply.text  # the opening (held on the 13th), not the closing
    assert reply.sources[0].title == "市政协十届常委会第五次会议开幕"
    reply = days_engine.reply("3月15日政协会议由谁主持？")
    assert reply.sources[0].title == "市政协十届常委会第五次会议闭幕"


def test_several_days_answer_and_none_is_named_the_newest_wins_and_says_so(days_engine: Engine) -> None:
    reply = days_engine.reply("市政协主席是谁？")
    assert reply.found
    assert reply.sources[0].title == "市政协十届常委会第五次会议闭幕"
    assert reply.text.splitlines()[-1] == "（以上据 2024年3月15日 的报道；2024年3月14日 也有相关报道。）"


def test_what_a_person_presided_lists_each_days_article_newest_first(days_engine: Engine) -> None:
    """周文远主持了什么会议 asks for articles, not one sentence: both days' meetings, newest first."""
    reply = days_engine.reply("周文远主持了什么会议？")
    assert [s.title for s in reply.sources] == [
        "市政协十届常委会第五次会议闭幕",
        "市政协十届常委会第五次会议开幕",
    ]
    assert "以上据" not in reply.text


def test_one_day_answers_no_day_is_named(days_engine: Engine) -> None:
    reply = days_engine.reply("2号线有几座换乘站？")
    assert "换乘站3座" in reply.text
    assert "以上据" not in reply.text and "日期：" not in reply.text


def test_no_news_on_the_named_day_says_so_and_that_other_days_have_it(days_engine: Engine) -> None:
    reply = days_engine.reply("上周政协开了什么会？")
    assert not reply.found
    assert reply.text.splitlines() == [
        "上周（2024年3月4日至3月10日）的新闻里没有找到与“上周政协开了什么会？”相关的内容。",
        "其他日期的新闻里有相关内容：去掉日期再问一次即可。",
    ]
    assert not days_engine.reply("前天地铁2号线有几座换乘站？").found  # the 13th's pages have no metro news


def test_an_undated_article_is_never_excluded_by_a_date(days_engine: Engine) -> None:
    reply = days_engine.reply("昨天图书馆闭馆时间推迟到几点？")
    assert reply.found
    assert "晚上十点" in reply.text


def test_dated_articles_rank_before_undated_ones(days_engine: Engine) -> None:
    hits = days_engine.retriever.search(days_engine.reader.read("昨天 公园 图书馆 开放", days_engine.newest))
    days = [days_engine.page_day(h.chunk.article_id) for h in hits]
    assert days and days[0] is not None
    assert None in days and days.index(None) > 0


def test_traditional_date_words_are_read(days_engine: Engine) -> None:
    reply = days_engine.reply("上週政协开了什么会？")
    assert reply.text.startswith("上週（2024年3月4日至3月10日）的新闻里")
    reply = days_engine.reply("3月13號周文远主持了什么会议？")
    assert reply.text.splitlines()[0] == "日期：3月13號（2024年3月13日）"
    assert reply.sources[0].title == "市政协十届常委会第五次会议开幕"


def test_who_lists_a_persons_meetings_newest_first_with_dates(days_engine: Engine) -> None:
    assert days_engine.reply("/who 周文远").text.splitlines() == [
        "周文远：市政协主席",
        "《市政协十届常委会第五次会议闭幕》（2024年3月14日）：主持",
        "《市政协十届常委会第五次会议开幕》（2024年3月13日）：主持",
    ]
    # Whatever order the articles come in.
    oldest_first = list(reversed(days_engine.corpus.articles))
    text = who(oldest_first, "周文远", days_engine.settings.templates).text
    assert text == days_engine.reply("/who 周文远").text


def test_an_undated_answer_to_a_dated_question_says_it_is_undated(days_engine: Engine) -> None:
    reply = days_engine.reply("昨天图书馆闭馆时间推迟到几点？")
    assert (
        reply.text.splitlines()[0] == "昨天（2024年3月14日）的新闻里没有找到；以下来自一篇未注明日期的报道。"
    )


def test_a_date_word_inside_a_column_name_is_no_date(tmp_path: Path) -> None:
    """今日谈 is a column, not today: a question naming it is answered from the column on any day."""
    pages = tmp_path / "pages"
    shutil.copytree(DAYS, pages)
    (pages / "days_0314_05.txt").write_text(
        "今日谈\n河湖长制贵在长效\n\n　　河湖治理不是一阵风，守护一河清水要靠久久为功。\n"
        "　　巡河员每周巡查不少于两次，发现问题当天上报。\n",
        encoding="utf-8",
    )
    (pages / "days_0314_05.meta.yaml").write_text(
        "publication: 青川日报\ndate: 2024-03-14\n", encoding="utf-8"
    )
    ingest_paths([pages], tmp_path / "corpus", IngestConfig())
    days_engine = Engine(
        Settings(), load_corpus(tmp_path / "corpus"), Tokenizer(read_lexicon(tmp_path / "corpus"))
    )
    column = days_engine.reply("今日谈说巡河员每周巡查几次？")
    assert column.found and column.sources[0].title == "河湖长制贵在长效"
    assert "两次" in column.text and "日期" not in column.text
    assert days_engine.reply("今天政协会议通过了什么？").text.splitlines()[0] == "日期：今天（2024年3月15日）"
