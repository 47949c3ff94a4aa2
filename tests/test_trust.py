"""Every deciding element held by the answering sentence, and the short answer the asked slot: the
question set tests/qa_trust.yaml over the invented pages of tests/data/trust/, and the rules one by one."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import engine_of, ingested
from qa_scorer import assert_passes, judge

from bot.answers import framing
from bot.answers.measures import asked_measure, kind_of, of_another
from bot.answers.sentences import Candidate, evidence
from bot.answers.years import names_year, year_of
from bot.corpus.chunks import Chunk
from bot.corpus.models import Article, Paragraph, SourceSpan
from bot.engine import Engine
from bot.search.retrieval import Hit
from bot.text import periods
from bot.text.numerals import arabic

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_trust_question_set_passes(tmp_path: Path) -> None:
    assert_passes("qa_trust.yaml", ingested(ROOT / "tests/data/trust", tmp_path), at_least=40)


@pytest.mark.slow
def test_a_fresh_day_of_several_papers_is_answered_without_confident_wrong_answers(tmp_path: Path) -> None:
    assert_passes("qa_trust_day.yaml", ingested(ROOT / "tests/data/trust_day", tmp_path), at_least=80)


@pytest.mark.slow
def test_a_second_fresh_day_is_answered_without_confident_wrong_answers(tmp_path: Path) -> None:
    assert_passes("qa_trust_day2.yaml", ingested(ROOT / "tests/data/trust_day2", tmp_path), at_least=45)


def test_scorer_judges_a_whole_line_and_text_that_must_not_be_there() -> None:
    reply = {"text": "2100元\n最低工资标准由1900元提高到2100元。", "found": True}
    assert judge({"q": "x", "line": "2100元", "none": ["问："]}, reply) == []
    assert len(judge({"q": "x", "line": "1900元", "none": ["1900元提高"]}, reply)) == 2


def _engine(headline: str, *texts: str) -> Engine:
    span = SourceSpan(file="p.txt", line_start=1, line_end=1)
    paragraphs = [Paragraph(text=text, source=span) for text in texts]
    article = Article(id="p-01", page="p", headline=headline, paragraphs=paragraphs)
    return engine_of([article])


@pytest.fixture(scope="module")
def harbour() -> Engine:
    return _engine(
        "东港港区扩建工程通过验收",
        "2023年，东港港区集装箱吞吐量达到412万标箱，同比增长8.6%。",
        "港区新建泊位岸线长1860米，码头前沿水深17.5米。",
        "2022年，港区集装箱吞吐量为379万标箱。",
        "自今年起，港区货物堆存免费期由5天延长至7天。",
    )


def test_a_year_asked_is_held_by_the_sentence_or_the_last_one_before_it(harbour: Engine) -> None:
    assert harbour.reply("2022年东港港区集装箱吞吐量是多少？").blocks[0].text == "379万标箱"
    assert harbour.reply("2023年东港港区集装箱吞吐量是多少？").blocks[0].text == "412万标箱"
    assert not harbour.reply("2021年东港港区集装箱吞吐量是多少？").found


def test_a_quantity_of_another_kind_does_not_answer(harbour: Engine) -> None:
    assert harbour.reply("东港港区新建泊位岸线有多长？").blocks[0].text == "1860米"
    assert not harbour.reply("东港港区扩建工程总投资是多少？").found


def test_the_new_value_of_a_change_is_the_answer(harbour: Engine) -> None:
    assert harbour.reply("港区货物堆存免费期延长至几天？").blocks[0].text == "7天"


def test_measures_know_the_kind_of_a_figure() -> None:
    assert kind_of("120万千瓦") is not None and kind_of("120万千瓦").name == "power"  # type: ignore[union-attr]
    assert kind_of("45亿千瓦时").name == "energy"  # type: ignore[union-attr]
    assert kind_of("1.2亿立方米").name == "volume"  # type: ignore[union-attr]
    assert kind_of("30亿越南盾") is None
    question = _engine("x", "x。").reader.read("电站装机容量是多少？")
    measure = asked_measure(question)
    assert measure is not None and of_another(measure, "186米") and not of_another(measure, "120万千瓦")


def test_a_clause_too_long_to_quote_is_cut_after_a_list_item_never_inside_a_word() -> None:
    engine = _engine("x", "x。")
    items = "、".join(["社会消费品零售总额", "规模以上工业增加值", "固定资产投资"] * 8)
    sentence = f"全市{items}均保持增长。"
    hit = Hit(Chunk("p-01", 0, sentence), 1.0, 1.0)
    quote = evidence(engine.reader.read("全市哪些指标保持增长？"), Candidate(hit, 0, sentence, 1.0))
    assert quote.endswith("…") and quote[:-1].rsplit("、", 1)[-1] in items.split("、")


def test_a_word_common_in_chinese_counts_at_a_share_of_coverage(harbour: Engine) -> None:
    """特点 may be the reader's way of asking, and 村有 a particle glued on; 吞吐量, a word the news must
    hold, counts whole."""
    retriever = harbour.retriever
    assert retriever.telling_share("特点") == retriever.telling_share("村有") == 0.5
    assert retriever.telling_share("吞吐量") == 1.0


def test_a_measure_word_that_opens_no_other_word_is_the_unit_asked() -> None:
    """jieba may cut 辆车 as one word; 辆 still asks for a count of vehicles, while 成 in 多少成员 opens a
    word and asks for no unit."""
    reader = _engine("x", "x。").reader
    assert reader.read("去年一共卖了多少辆车？").sub.unit == "辆"
    assert reader.read("协会有多少成员？").sub.unit == ""


def test_framing_holds_the_scope_the_occasion_the_item_and_the_whole_asked() -> None:
    reader = _engine("x", "x。").reader
    nxt = reader.read("下一届论坛在哪里举办？")
    assert framing.of_occasion(nxt, "第11届论坛将于2027年在云台市举办", "第十届论坛闭幕")
    assert not framing.of_occasion(nxt, "本届论坛在海州举办", "第十届论坛闭幕")
    assert framing.of_occasion(
        reader.read("下次会议什么时候召开？"), "第十三次会议于7月召开", "第十二次会议闭幕"
    )
    assert not framing.of_occasion(
        reader.read("上一次会议在哪里召开？"), "第十三次会议于7月召开", "第十二次会议闭幕"
    )
    lasting = reader.read("茶博会举办了几天？")  # no occasion named: the headline's
    assert not framing.of_occasion(lasting, "第三届茶博会将于2026年9月举行，展期5天", "第二届茶博会闭幕")
    assert framing.of_occasion(lasting, "为期4天的第二届茶博会闭幕", "第二届茶博会闭幕")
    listed = "茶叶种植面积780万亩，综合产值1400亿元；咖啡种植面积139万亩，生豆产量14.6万吨"
    assert framing.item_part(["咖啡"], listed, "") == "咖啡种植面积139万亩，生豆产量14.6万吨"
    assert framing.of_another_part(reader.read("茶叶产量是多少？"), listed, ["茶叶"], "")
    assert not framing.of_another_part(reader.read("咖啡生豆产量是多少？"), listed, ["咖啡", "生豆"], "")
    total = reader.read("南山隧道总投资是多少？")
    assert framing.whole_or_part(total, "隧道全长6.8公里，主体工程投资18.5亿元", ["隧道"], "")
    assert not framing.whole_or_part(total, "南山隧道总投资21亿元", ["隧道"], "")
    second = reader.read("引水工程二期投资多少？")
    assert periods.ordinals(arabic("工程分两期建设，一期工程投资112亿元")) == [("第1", "期")]  # 两期: a count
    assert framing.whole_or_part(second, "工程总投资286亿元", ["二期"], "引水工程开工")
    year = reader.read("陈秋雁是哪一年创办戏校的？")
    assert year.sub.year and year_of("2022年1月", "") == "2022年"
    assert not reader.read("哪一年代兴起的？").sub.year
    assert reader.read("比上届增加了多少人？").sub.occasion == ""
    assert reader.read("上一届在哪里举办？").sub.occasion == "previous"
    assert year_of("清乾隆年间", "始建于清乾隆年间，1998年列为文物保护单位") == "1998年"
    assert not names_year("她12岁拜师学戏") and not names_year("至今已有58年")
    assert names_year("民国38年") and names_year("嘉靖七年") and names_year("同年")
