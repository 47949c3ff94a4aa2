"""/who over the seed page and over small corpora of other papers: people, meetings, not-found, length."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from conftest import engine_of

from bot.answers.layout import MESSAGE_LIMIT
from bot.answers.who import who
from bot.config import IngestConfig, TemplatesConfig
from bot.corpus.models import Article, Paragraph, Person, SourceSpan
from bot.ingestion.ingest import ingest_paths

TEMPLATES = TemplatesConfig()


def lines(text: str) -> list[str]:
    return text.splitlines()


def test_person_shows_titles_and_both_meetings_with_roles(seed: list[Article]) -> None:
    reply = who(seed, "胡荃", TEMPLATES)
    assert reply.found
    assert lines(reply.text) == [
        "胡荃：市人大常委会主任",
        "《市人大常委会召开党组（扩大）会议》：出席",
        "《市十五届人大常委会举行第四十九次主任会议》：主持",
    ]
    assert [s.article_id for s in reply.sources] == [seed[1].id, seed[2].id]


def test_list_members_carry_the_distributed_title(seed: list[Article]) -> None:
    assert lines(who(seed, "袁三军", TEMPLATES).text)[0] == "袁三军：副主任"
    assert lines(who(seed, "虎强", TEMPLATES).text) == [
        "虎强：市领导",
        "《全市一季度经济运行分析暨疫情防控防汛工作会议召开》（4月24日）：出席",
    ]


def test_short_and_long_forms_of_a_title_are_shown_once(seed: list[Article]) -> None:
    assert lines(who(seed, "周富强", TEMPLATES).text)[0] == "周富强：市人大常委会党组书记"


def test_reporter_is_shown_as_the_reporter(seed: list[Article]) -> None:
    assert lines(who(seed, "张昕", TEMPLATES).text) == [
        "张昕：郑报全媒体记者",
        "《全市一季度经济运行分析暨疫情防控防汛工作会议召开》（4月24日）：记者",
    ]


def test_meeting_keyword_lists_everyone_by_role_then_the_bodies(seed: list[Article]) -> None:
    assert lines(who(seed, "经济运行", TEMPLATES).text) == [
        "《全市一季度经济运行分析暨疫情防控防汛工作会议召开》（4月24日）",
        "出席并讲话：省委常委、市委书记安伟",
        "作具体部署：市委副书记、代市长何雄",
        "出席：市领导杜新军、高义、吕挺琳、牛卫国、虎强、李喜安、史占勇、马义中、李黔淼、陈宏伟、潘开名、王万鹏、杨东方",
        "发言单位：航空港区、金水区、巩义市、市工信局、市城建局、高新区、惠济区、荣阳市、市交通局、市商务局",
        "记者：陈锋、张昕",
    ]
    reply = who(seed, "主任会议", TEMPLATES)
    assert lines(reply.text)[1:3] == [
        "主持：市人大常委会主任胡荃",
        "出席：党组书记周富强，副主任张春阳、蔡红、袁三军、王福松、孙黎、宋书杰、蒿铁群",
    ]
    assert [s.article_id for s in reply.sources] == [seed[2].id]


def test_meeting_words_match_generously(seed: list[Article]) -> None:
    reply = who(seed, "人大党组", TEMPLATES)  # 人大…党组 are apart in the headline
    assert reply.text.startswith("《市人大常委会召开党组（扩大）会议》")
    assert "周富强" in reply.text and "胡荃" in reply.text
    assert "这篇报道没有点名与会人员" in who(seed, "政协", TEMPLATES).text


def test_title_query_lists_the_people_holding_it(seed: list[Article]) -> None:
    assert lines(who(seed, "市委书记", TEMPLATES).text)[0] == "安伟：省委常委、市委书记"


def test_unknown_name_is_not_found_with_close_names(seed: list[Article]) -> None:
    reply = who(seed, "李四", TEMPLATES)
    assert not reply.found and reply.sources == []
    assert "没有找到“李四”" in reply.text
    assert "李喜安" in reply.text and "李黔淼" in reply.text
    typo = who(seed, "胡全", TEMPLATES)
    assert not typo.found and "您要找的是不是：胡荃？" in typo.text
    far = who(seed, "Smith", TEMPLATES)
    assert not far.found and "您要找的是不是" not in far.text


def test_alone_lists_meetings_with_counts_and_how_to_ask(seed: list[Article]) -> None:
    text = who(seed, "", TEMPLATES).text
    assert "1. 全市一季度经济运行分析暨疫情防控防汛工作会议召开（4月24日）：点名 15 人" in text
    assert "2. 市人大常委会召开党组（扩大）会议：点名 9 人" in text
    assert "4. 市政协召开十四届三十五次主席会议：点名 0 人" in text
    assert "/who 安伟" in text and "/who 姓名" in text


def test_empty_corpus_says_so() -> None:
    assert who([], "胡荃", TEMPLATES).text == TEMPLATES.no_news


def _meeting(n: int) -> Article:
    leaders = [
        Person(name=f"王{c}", titles=["市领导"], role="attended", paragraph=0) for c in "甲乙丙丁戊己庚辛"
    ]
    return Article(
        id=f"p-{n:03d}",
        page="p",
        headline=f"全市第{n}次专题工作推进会议召开",
        date=dt.date(2024, 5, 1),
        paragraphs=[Paragraph(text="会议召开。", source=SourceSpan(file="p", line_start=1, line_end=1))],
        people=[Person(name="赵长河", titles=["市委书记"], role="presided", paragraph=0), *leaders],
        order=n,
    )


def test_replies_stay_within_one_message() -> None:
    corpus = [_meeting(n) for n in range(1, 400)]
    for query in ("赵长河", "会议", ""):
        reply = who(corpus, query, TEMPLATES)
        assert reply.found and len(reply.text) <= MESSAGE_LIMIT
        assert "未列出" in reply.text or "另有" in reply.text


def test_engine_routes_who_also_addressed_to_the_bot(seed: list[Article]) -> None:
    engine = engine_of(seed)
    assert engine.reply("/who 胡荃").text == who(seed, "胡荃", TEMPLATES).text
    assert engine.reply("/who@newsbot 胡荃").text == who(seed, "胡荃", TEMPLATES).text
    assert not engine.reply("/who 李四").found


def test_other_paper_people_by_name_and_meeting(tmp_path: Path) -> None:
    page = tmp_path / "district.txt"
    page.write_text(
        "区政府召开防汛工作推进会\n\n　　本报上海3月5日电（记者 周明 通讯员 李芳）3月5日，区政府召开防汛工作推进会。"
        "区委副书记、区长艾力更·依明巴海出席会议并讲话，副区长贺兰主持会议。\n",
        encoding="utf-8",
    )
    articles = ingest_paths([page], tmp_path / "corpus", IngestConfig()).articles
    assert lines(who(articles, "艾力更·依明巴海", TEMPLATES).text) == [
        "艾力更·依明巴海：区委副书记、区长",
        "《区政府召开防汛工作推进会》（3月5日）：出席并讲话",
    ]
    assert who(articles, "艾力更依明巴海", TEMPLATES).text == who(articles, "艾力更·依明巴海", TEMPLATES).text
    assert lines(who(articles, "防汛", TEMPLATES).text)[1:] == [
        "出席并讲话：区委副书记、区长艾力更·依明巴海",
        "主持：副区长贺兰",
        "记者：周明",
    ]
    assert lines(who(articles, "周明", TEMPLATES).text)[1] == "《区政府召开防汛工作推进会》（3月5日）：记者"


def test_question_words_around_a_meeting_or_name_are_ignored(seed: list[Article]) -> None:
    reply = who(seed, "主任会议有谁参加", TEMPLATES)
    assert reply.text.startswith("《市十五届人大常委会举行第四十九次主任会议》")
    assert who(seed, "胡荃是谁", TEMPLATES).text == who(seed, "胡荃", TEMPLATES).text
    assert not who(seed, "哪些人", TEMPLATES).found
    unknown = who(seed, "李四是谁", TEMPLATES)
    assert not unknown.found and "李喜安" in unknown.text


def test_odd_input_gets_a_short_clear_reply(seed: list[Article]) -> None:
    long_query = who(seed, "李" * 5000, TEMPLATES)
    assert not long_query.found and len(long_query.text) < 300 and "李" * 40 + "…" in long_query.text
    assert who(seed, "😀", TEMPLATES).text == who(seed, "", TEMPLATES).text  # nothing to look up: the list
    assert not who(seed, "、、出席", TEMPLATES).found


def _part(id_: str, people: list[Person], continues: str | None = None) -> Article:
    return Article(
        id=id_,
        page=id_,
        headline="青川市政协十届五次会议闭幕",
        page_date=dt.date(2024, 3, 2),
        paragraphs=[Paragraph(text="会议闭幕。", source=SourceSpan(file=id_, line_start=1, line_end=1))],
        people=people,
        jump_to=None if continues else 4,
        jump_from=1 if continues else None,
        continues=continues,
        order=0,
    )


def test_an_article_and_its_continuation_are_one_meeting() -> None:
    """（下转第四版）…（上接第一版）: /who lists one meeting with the people of both parts, and a person
    named in both gets one line with every part they played."""
    first = _part("a-01", [Person(name="魏明川", titles=["主席"], role="presided", paragraph=0)])
    rest = _part(
        "d-01",
        [
            Person(name="魏明川", titles=["主席"], role="spoke", paragraph=0),
            Person(name="罗佩玲", titles=["副主席"], role="attended", paragraph=0),
        ],
        continues="a-01",
    )
    corpus = [first, rest]
    assert lines(who(corpus, "魏明川", TEMPLATES).text) == [
        "魏明川：主席",
        "《青川市政协十届五次会议闭幕》（2024年3月2日）：主持、出席并讲话",
    ]
    assert len(lines(who(corpus, "罗佩玲", TEMPLATES).text)) == 2
    overview = who(corpus, "", TEMPLATES).text
    assert overview.count("青川市政协十届五次会议闭幕") == 1 and "点名 2 人" in overview
    meeting = who(corpus, "政协十届五次会议", TEMPLATES).text
    assert meeting.count("青川市政协十届五次会议闭幕") == 1 and "罗佩玲" in meeting and "魏明川" in meeting
