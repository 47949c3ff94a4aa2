"""The answer path over the bundled seed corpus: retrieval, not-found, question kinds, templates, bad input."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import engine_of, ingested
from qa_scorer import assert_passes, judge

from bot.config import Settings
from bot.corpus.models import Article, Paragraph, Person, SourceSpan, load_corpus
from bot.engine import Engine
from bot.search.kinds import question_kind
from bot.state.chat import ChatState

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_seed_question_set_passes() -> None:
    assert_passes("qa_seed.yaml", ROOT / "corpus")


@pytest.fixture(scope="module")
def other_news(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The invented pages of tests/data/answers/, ingested."""
    return ingested(ROOT / "tests/data/answers", tmp_path_factory.mktemp("other-news"))


@pytest.mark.slow
@pytest.mark.parametrize("questions", ["qa_other_news.yaml", "qa_kinds.yaml"])
def test_other_news_question_sets_pass(other_news: Path, questions: str) -> None:
    assert_passes(questions, other_news)


@pytest.mark.slow
def test_answers_come_from_the_clause_holding_the_question(tmp_path: Path) -> None:
    """tests/qa_clauses.yaml over the invented pages of tests/data/clauses/: lists of appointments,
    figures side by side, a life in dates, counted nouns, questions about a report by some of its
    headline's words."""
    assert_passes("qa_clauses.yaml", ingested(ROOT / "tests/data/clauses", tmp_path))


def test_scorer_judges_each_rule() -> None:
    reply = {"text": "答：安伟（１３７１０）", "found": True, "sources": [{"title": "经济运行会议"}]}
    assert judge({"q": "x", "any": ["安伟", "何雄"], "all": ["13710"], "src": "经济"}, reply) == []
    assert (
        len(judge({"q": "x", "found": False, "any": ["何雄"], "all": ["周富强"], "src": "人大"}, reply)) == 5
    )
    assert judge({"q": "x"}, {"text": "a" * 5000, "found": True}) != []


@pytest.mark.slow
def test_json_contract_one_object_per_line_in_order() -> None:
    questions = ["郑州市委书记是谁？", "", "hello", "<b>安伟</b>"]
    result = subprocess.run(
        [sys.executable, "-m", "bot", "ask", "--json", "--config", str(ROOT / "config.yaml")],
        input="".join(q + "\n" for q in questions),
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["question"] for r in records] == questions
    for record in records:
        assert set(record) == {"question", "text", "found", "sources", "buttons"}
        assert isinstance(record["text"], str) and record["text"]
        for source in record["sources"]:
            assert set(source) == {"title", "article_id", "paragraph", "score"}
    first = records[0]
    assert first["found"] and "安伟" in first["text"]
    assert first["sources"][0]["title"].startswith("全市一季度经济运行")
    assert not records[1]["found"] and not records[2]["found"]


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("会议是哪天开的", "when"),
        ("人代会什么时候召开？", "when"),
        ("政协会议开几天", "when"),
        ("谁主持了会议", "who"),
        ("安伟担任什么职务", "who"),
        ("会议在哪里举行", "where"),
        ("有多少位市领导出席", "number"),
        ("要抓好哪些工作", "list"),
        ("四要分别是什么", "list"),
        ("为什么要强化工作导向", "why"),
        ("会议通过了决定吗", "yesno"),
        ("防汛工作要怎么抓", "how"),
        ("采取了什么措施", "how"),
        ("会议强调了什么", "content"),
        ("论坛在哪座城市举行", "where"),
        ("来自哪个国家", "where"),
        ("总部在哪个省", "where"),
        ("运动会设哪几项比赛", "list"),
        ("要做好哪三个方面的工作", "list"),
        ("有多少人参加", "number"),
        ("投资多少元", "number"),
        ("总投资多少亿", "number"),
        ("公园是哪一年建成的", "when"),
        ("末班车几点", "when"),
        ("消费情况怎么样", "state"),
        ("会议是否通过了决定", "yesno"),
        ("什么是双减", "define"),
    ],
)
def test_question_kind(question: str, kind: str) -> None:
    assert question_kind(question) == kind


def test_who_question_gets_a_sentence_naming_a_person_with_a_role(engine: Engine) -> None:
    reply = engine.reply("谁主持召开了市人大常委会党组扩大会议？")
    assert reply.found
    assert "党组书记周富强主持" in reply.text


def test_when_question_gets_a_sentence_with_a_date(engine: Engine) -> None:
    reply = engine.reply("人民代表大会第五次会议哪天召开")
    assert reply.found
    assert "4月27日召开" in reply.text


def test_list_question_keeps_the_whole_enumeration(engine: Engine) -> None:
    reply = engine.reply("何雄要求稳住哪些消费")
    assert "稳住住房消费、汽车消费，扩大乡村消费" in reply.text


def test_enumeration_heads_when_items_are_asked_for(engine: Engine) -> None:
    answer = engine.reply("安伟提出的四要分别是什么").blocks[0].text
    assert answer == "一要扬优势、稳底盘；二要抓创新、促提升；三要优环境、激活力；四要强招商、促投资。"


def test_reply_quotes_then_cites_the_source(engine: Engine) -> None:
    reply = engine.reply("大气污染防治要确保实现什么？")
    assert [b.style for b in reply.blocks] == ["answer", "source"]
    assert (
        reply.blocks[0].text
        == "要推进大气污染防治攻坚，坚持高标准、严要求，抓好各项治理措施的落实，确保实现年度目标。"
    )
    assert "《全市一季度经济运行分析暨疫情防控防汛工作会议召开》" in reply.blocks[1].text
    assert "陈锋 张昕" in reply.blocks[1].text
    assert reply.sources[0].article_id.endswith("-01")
    assert len(reply.text) <= 4096


@pytest.mark.parametrize(
    "message",
    [
        "今天天气怎么样",
        "NBA总决赛谁赢了",
        "上证指数收盘多少点",
        "qwertyuiop",
        "🙂🙂",
        "。。。",
        "<i>hi</i>",
        "&amp;",
    ],
)
def test_off_topic_is_not_found_and_cites_nothing(engine: Engine, message: str) -> None:
    reply = engine.reply(message)
    assert not reply.found
    assert reply.sources == []
    assert "没有找到" in reply.text


def test_empty_message_asks_for_a_question(engine: Engine) -> None:
    reply = engine.reply("   ")
    assert not reply.found
    assert "请直接输入" in reply.text


def test_very_long_message_is_answered_calmly_from_its_start(engine: Engine) -> None:
    reply = engine.reply("郑州市委书记是谁？" + "啊" * 10_000)
    assert reply.found and "安伟" in reply.text
    assert "只读取了前 300 个字" in reply.text
    assert len(reply.text) <= 4096


def test_markup_in_a_question_is_plain_text(engine: Engine) -> None:
    reply = engine.reply("<b>郑州市委书记</b>是谁？")
    assert reply.found and "安伟" in reply.text


def test_full_width_and_spacing_variants_find_the_same_passage(engine: Engine) -> None:
    plain = engine.reply("用好13710机制").sources[0]
    variant = engine.reply("用 好 “１３７１０” 机 制 ！").sources[0]
    assert (plain.article_id, plain.paragraph) == (variant.article_id, variant.paragraph)


def test_templates_are_data(engine: Engine) -> None:
    settings = Settings()
    settings.templates.not_found = "没有：{question}"
    settings.templates.answer = "答：{answer}"
    settings.templates.source = "出处 {title}"
    custom = Engine(settings, engine.corpus, engine.retriever.tokenizer)
    assert custom.reply("火星").text == "没有：火星"
    reply = custom.reply("大气污染防治要确保实现什么？")
    assert reply.blocks[0].text.startswith("答：要推进大气污染防治攻坚")
    assert reply.blocks[1].text == "出处 全市一季度经济运行分析暨疫情防控防汛工作会议召开"


def test_relative_date_is_shown_with_its_resolved_date() -> None:
    span = SourceSpan(file="p.txt", line_start=1, line_end=1)
    article = Article(
        id="p-01",
        page="p",
        headline="市园林局召开绿化工作会议",
        dateline="昨日",
        date=dt.date(2024, 3, 11),
        reporters=["王某"],
        paragraphs=[
            Paragraph(text="昨日,市园林局召开全市春季绿化工作会议,部署植树造林任务。", source=span),
            Paragraph(text="会议要求,今年全市新增绿地面积不少于三百万平方米。", source=span),
        ],
    )
    engine = engine_of([article])
    reply = engine.reply("绿化工作会议什么时候召开的")
    assert "昨日（2024年3月11日）,市园林局召开全市春季绿化工作会议" in reply.text
    assert "2024年3月11日" in reply.blocks[-1].text


def test_bundled_corpus_loads_without_problems() -> None:
    corpus = load_corpus(ROOT / "corpus")
    assert corpus.problems == []
    assert len(corpus.articles) == 4


def test_follow_up_question_stays_with_the_article_the_chat_was_about(engine: Engine) -> None:
    state = ChatState()
    first = engine.reply("政协第五次会议什么时候举行", state)
    assert first.sources[0].title == "市政协召开十四届三十五次主席会议"
    follow_up = engine.reply("这次会议的日程是由什么会议审议通过的", state)
    assert follow_up.found
    assert follow_up.sources[0].title == "市政协召开十四届三十五次主席会议"
    assert "第五次会议日程" in follow_up.text
    assert not engine.reply("这次会议的天气怎么样", state).found


def test_an_answering_sentence_within_200_characters_is_quoted_whole(engine: Engine) -> None:
    answer = engine.reply("为什么要加快人才公寓建设？").blocks[0].text
    assert (
        answer.startswith("二要抓创新、促提升")
        and "深化实施青年创新创业行动计划，用好青年创新创业基金" in answer
    )


def test_readme_follow_up_example_and_a_person_follow_up(engine: Engine) -> None:
    state = ChatState()
    first = engine.reply("政协第五次会议开几天？", state)
    assert first.blocks[0].text == "4月26日至28日"
    follow_up = engine.reply("这次会议的日程是谁审议通过的？", state)
    assert follow_up.found and "审议通过了政协郑州市第十四届委员会第五次会议日程" in follow_up.text
    assert follow_up.sources[0].title == "市政协召开十四届三十五次主席会议"
    assert engine.reply("郑州市长是谁", state).blocks[0].text == "市委副书记、代市长何雄"
    person = engine.reply("他提出要打造什么医疗圈？", state)
    assert "15分钟便民医疗圈" in person.text
    # Spacing inside the follow-up words does not hide them.
    again = engine.reply("这 次 会议的日程是谁审议通过的？", state)
    assert again.sources[0].title == "市政协召开十四届三十五次主席会议"


def test_short_answer_first_then_evidence_then_source(engine: Engine) -> None:
    reply = engine.reply("经济运行分析会上谁作了具体部署？")
    assert [b.style for b in reply.blocks] == ["answer", "text", "source"]
    assert reply.blocks[0].text == "市委副书记、代市长何雄"
    assert reply.blocks[1].text == "市委副书记、代市长何雄作具体部署。"
    assert len(reply.blocks[1].text) <= 121


def test_a_question_about_the_report_is_answered_from_its_fields(engine: Engine) -> None:
    state = ChatState()
    engine.reply("政协第五次会议开几天？", state)
    assert engine.reply("这篇报道的记者是谁？", state).blocks[0].text == "记者：赵文静"
    assert (
        engine.reply("这篇报道的标题是什么", state).blocks[0].text
        == "标题：《市政协召开十四届三十五次主席会议》"
    )
    assert "版面" in engine.reply("这篇报道在哪一版", state).blocks[0].text


def test_traditional_question_is_answered_in_traditional(engine: Engine) -> None:
    reply = engine.reply("鄭州市長是誰？")
    assert reply.found
    assert reply.blocks[0].text == "市委副書記、代市長何雄"
    assert "經濟運行" in reply.text
    assert "没有" not in engine.reply("鄭州市委書記是誰").text


def test_not_found_offers_the_closest_article_only_as_related(engine: Engine) -> None:
    reply = engine.reply("政协第六次会议什么时候举行")
    assert not reply.found and reply.sources == []
    assert "没有找到" in reply.blocks[0].text
    assert "市政协召开十四届三十五次主席会议" in reply.blocks[1].text
    assert "4月26日" not in reply.text


def test_page_question_names_the_printed_page() -> None:
    span = SourceSpan(file="p.txt", line_start=1, line_end=1)
    article = Article(
        id="p-01",
        page="p",
        page_number=4,
        section="要闻",
        headline="市园林局召开绿化工作会议",
        publication="青川日报",
        page_date=dt.date(2024, 3, 12),
        paragraphs=[
            Paragraph(text="3月11日,市园林局召开全市春季绿化工作会议,部署植树造林任务。", source=span)
        ],
    )
    engine = engine_of([article])
    state = ChatState()
    assert engine.reply("绿化工作会议部署了什么任务", state).found
    assert engine.reply("这篇报道在哪一版？", state).blocks[0].text == "版面：第4版 要闻"
    assert engine.reply("这篇报道是哪天的报纸", state).blocks[0].text == "日期：2024年3月12日"


def test_source_line_gives_the_papers_date_and_names_a_columns_author() -> None:
    """Without an event date the paper's date is cited; a commentary's author is no reporter."""
    span = SourceSpan(file="p.txt", line_start=1, line_end=1)
    article = Article(
        id="p-01",
        page="p",
        headline="让好政策落地生根",
        byline="吴哲 （作者为省社会科学院研究员）",
        reporters=["吴哲"],
        people=[Person(name="吴哲", titles=["作者"], role="reporter", paragraph=0)],
        page_date=dt.date(2024, 3, 18),
        paragraphs=[Paragraph(text="营商环境是生产力，好政策贵在落地。", source=span)],
    )
    engine = engine_of([article])
    state = ChatState()
    assert (
        engine.reply("营商环境是什么", state).blocks[-1].text
        == "——《让好政策落地生根》 2024年3月18日 作者 吴哲"
    )
    assert engine.reply("这篇文章的作者是谁？", state).blocks[0].text == "作者：吴哲"


def _one_article_engine(headline: str, *texts: str, people: tuple[Person, ...] = ()) -> Engine:
    span = SourceSpan(file="p.txt", line_start=1, line_end=1)
    article = Article(
        id="p-01",
        page="p",
        headline=headline,
        paragraphs=[Paragraph(text=text, source=span) for text in texts],
        people=list(people),
    )
    return engine_of([article])


def test_a_short_answer_never_starts_or_ends_with_a_quote_mark() -> None:
    engine = _one_article_engine(
        "东湖镇启动夏季防汛演练",
        "“各村要提前转移低洼地带群众，”县水利局局长吴海涛说，“演练每年汛前举行一次。”",
        # A title read with the quote mark before it, as ingestion may leave it.
        people=(Person(name="吴海涛", titles=["”县水利局局长"], role="spoke", paragraph=0),),
    )
    assert engine.reply("县水利局局长是谁？").blocks[0].text == "县水利局局长吴海涛"


def test_a_number_answer_is_the_quantity_next_to_what_is_counted() -> None:
    engine = _one_article_engine(
        "东湖镇将举办第三届莲藕文化节",
        "东湖镇第三届莲藕文化节将于8月在镇文化广场举办，预计吸引游客近3000人次。",
        "文化节期间，全镇28个莲藕种植合作社将设展销摊位。",
    )
    assert engine.reply("莲藕文化节预计吸引多少游客？").blocks[0].text == "近3000人次"


def test_a_second_sentence_that_answers_about_as_well_is_quoted_with_the_first() -> None:
    engine = _one_article_engine(
        "东湖镇召开夏粮收购会",
        "会议由镇长吴海涛主持。",
        "今年东湖镇的莲藕以白嫩脆甜闻名。东湖镇的莲藕每年七月上市。",
        "镇政府计划明年新建一座粮食仓库。",
    )
    reply = engine.reply("东湖镇的莲藕有什么特点？")
    # Both sentences hold the question's words equally: both are quoted, in the article's order.
    assert reply.blocks[0].text == "今年东湖镇的莲藕以白嫩脆甜闻名。东湖镇的莲藕每年七月上市。"
    assert "仓库" not in reply.text and "吴海涛" not in reply.text


def test_a_title_holder_named_after_wei_is_the_short_answer() -> None:
    engine = _one_article_engine(
        "东湖中学简介",
        "东湖中学创办于1956年，现有学生1800名。",
        "学校现任校长为吴海涛女士。",
    )
    short = engine.reply("东湖中学现任校长是谁？").blocks[0].text
    assert short.endswith("校长吴海涛") and "为" not in short


def test_two_quoted_sentences_are_joined_by_one_ellipsis_at_most(engine: Engine) -> None:
    from bot.answers.sentences import Candidate, evidence
    from bot.corpus.chunks import Chunk
    from bot.search.retrieval import Hit

    question = engine.reader.read("火车站客流多少人次")
    filler = "，".join(f"第{n}段" + "文字" * 33 for n in range(1, 4))  # clauses too long to quote all
    hit = Hit(Chunk("a", 0, "甲。乙。丙。"), 1.0, 1.0)
    first = Candidate(hit, 0, f"{filler}；火车站客流十万人次；{filler}。", 2.0)
    second = Candidate(hit, 2, "丙站客流五千人次。", 1.9)
    quote = evidence(question, first, second)
    assert quote.startswith("…") and "火车站客流十万人次" in quote and "……丙站" in quote
    assert "………" not in quote


def test_a_sum_of_money_is_never_answered_with_a_time_or_a_head_count() -> None:
    """总投资多少 over an article whose figures are a length, stations and minutes: not found; the
    same question where the article gives the sum answers with it."""
    engine = _one_article_engine(
        "地铁3号线二期明起试运行",
        "地铁3号线二期全长20公里，设车站15座，通车后全程只需35分钟。",
    )
    assert not engine.reply("地铁3号线二期总投资多少？").found
    engine = _one_article_engine("地铁3号线二期开工", "地铁3号线二期全长20公里，设车站15座，总投资186亿元。")
    assert engine.reply("地铁3号线二期总投资多少？").blocks[0].text == "186亿元"
