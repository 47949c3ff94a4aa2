"""The analysed question: numerals written one way, deciding constraints, kinds, script, follow-ups."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.search.constraints import constraints, holds, missing
from bot.search.question import QuestionReader
from bot.text.numerals import arabic
from bot.text.script import script_of, to_traditional
from bot.text.terms import Tokenizer, normalise


@pytest.fixture(scope="module")
def reader() -> QuestionReader:
    return QuestionReader(Tokenizer(), lambda word: 1.0, {"GDP": ["地区生产总值"]}, ["李航"])


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("第四届论坛", "第4届论坛"),
        ("已成功举办四届", "已成功举办4届"),
        ("第十四届委员会第三十五次会议", "第14届委员会第35次会议"),
        ("二〇二二年四月二十四日", "2022年4月24日"),
        ("两倍左右", "2倍左右"),
        ("一季度、一个月", "一季度、一个月"),
        ("统一部署", "统一部署"),
    ],
)
def test_numerals_are_written_one_way(text: str, written: str) -> None:
    assert arabic(text) == written


@pytest.mark.parametrize(
    ("question", "wanted"),
    [
        ("第四届论坛在哪里举办", ("第4届",)),
        ("男子200米决赛谁夺冠", ("200米", "男子")),
        ("第二阶段协议何时签署", ("第2阶",)),
        ("明天北京天气怎么样", ("明天",)),
        ("2017年4月他担任什么职务", ("2017年", "4月")),
        ("总投资1.5亿元吗", ("1.5亿元",)),
        ("会议强调了什么", ()),
        ("连接哪两条道路", ()),  # 哪两条 asks; it decides nothing
        ("任天堂为什么没有发行64DD", ()),  # a number inside a name is the name's
        ("第一次播出是什么时候", ("第1次",)),
    ],
)
def test_deciding_constraints_of_a_question(question: str, wanted: tuple[str, ...]) -> None:
    assert set(constraints(arabic(normalise(question)))) == set(wanted)


def test_constraints_hold_whole_never_by_a_part() -> None:
    assert not holds("第4届", arabic("已成功举办四届"))
    assert holds("4届", arabic("已成功举办四届"))
    assert not holds("4届", arabic("第十四届"))
    assert not holds("200米", "男子400米决赛")
    assert not holds("5", "增长5.1%") and holds("5.1%", "增长5.1%")
    assert holds("明天", "明日有雨") and not holds("明天", "去年全年气温")
    assert holds("15号", "2024年1月15日")
    assert holds("第1次", "首次播出") and holds("第1届", "首届论坛")
    assert missing(("第2阶", "明天"), "第1阶段协议明日签署") == ("第2阶",)


def test_replies_to_traditional_questions_use_the_common_printed_forms() -> None:
    """A name keeps the character its bearer writes (峰, not the variant 峯); 里 reads 裡."""
    assert to_traditional("记者 林晓峰 在村里采访") == "記者 林曉峰 在村裡採訪"


def test_script_of_a_question() -> None:
    assert script_of("鄭州市長是誰") == "traditional"
    assert script_of("郑州市长是谁") == "simplified"
    assert script_of("上週政协开了什么会") == "simplified"  # a traditional word in a simplified question
    assert script_of("RCEP 2024") == "simplified"


def test_the_reader_analyses_once(reader: QuestionReader) -> None:
    question = reader.read("第四屆運動會在哪座城市舉行？")
    assert question.script == "traditional" and question.text == "第四届运动会在哪座城市举行?"
    assert question.kind == "where" and question.asks == "在哪座城市"
    assert "城市" not in question.words and "运动会" in question.words
    assert question.constraints == ("第4届",)
    assert question.terms and question.refers_to is None and question.report is None


def test_names_variants_follow_ups_and_report_questions(reader: QuestionReader) -> None:
    named = reader.read("李航在GDP报告中说了什么")
    assert "李航" in named.names and "gdp" in named.names
    assert reader.read("64DD和AGG01有什么用").names == ("64dd", "agg01")
    assert named.variants["gdp"] == ("地区生产总值",)
    assert reader.read("这次会议的日程是谁审议通过的").refers_to == "article"
    assert reader.read("他还强调了什么").refers_to == "person"
    assert reader.read("这 次 会议开几天").refers_to == "article"  # checked on the normalised text
    assert reader.read("这篇报道的记者是谁").report == "reporters"
    assert reader.read("这是哪天的报纸").report == "date"
    assert reader.read("刊登在第几版").report == "page"


def test_what_a_question_asks_within_its_kind_is_read_once_into_its_fields(reader: QuestionReader) -> None:
    old = reader.read("最低工资调整前是多少元？").sub
    assert (old.old, old.unit, old.counted, old.both) == ("调整前", "元", "", False)
    assert reader.read("票价从多少元降到了多少元？").sub.both
    counted = reader.read("有多少个国家的企业签约？").sub
    assert (counted.unit, counted.counted) == ("个", "国家")
    assert reader.read("市长是谁？").sub.title == "市长"
    assert reader.read("出席的两位领导是谁？").sub.many_people
    period = reader.read("2020年上半年工业产值同比增长多少？").sub
    assert period.change and not period.duration and [w for w, _ in period.pairs] == ["同比", "上半年"]
    assert reader.read("电站的装机容量是多少？").sub.measure == "power"
    assert reader.read("决赛比分是多少？").sub.score and reader.read("会期几天？").sub.duration
    assert reader.read("他第几次参赛？").sub.ordinal and reader.read("最早是哪年建成的？").sub.earliest
    assert reader.read("要求分别是什么？").sub.items
    paper = reader.read("昨天的报纸上“人民时评”说了什么？").sub
    assert paper.of_the_paper and paper.quoted == ("人民时评",)
    assert reader.read("郑州今天天气怎么样？").sub == type(paper)()  # nothing of the kind asked


def test_the_periods_and_acts_a_question_names_are_read_once(reader: QuestionReader) -> None:
    today = dt.date(2024, 6, 3)
    written = reader.read("2020年全国粮食产量比2019年增长多少？", today).sub
    assert (written.years, written.relative_years) == (("2020",), ())  # 比2019年 is the base
    relative = reader.read("今年前5个月出口额是多少？", today).sub
    assert (relative.years, relative.relative_years, relative.months) == ((), ("2024",), ("1-5",))
    month = reader.read("2023年12月的CPI是多少？", today).sub
    assert (month.years, month.months) == (("2023",), ("12",))
    assert reader.read("首届论坛和第三次会议在哪里举行？", today).sub.ordinals == (
        ("第3", "次"),
        ("第1", "届"),
    )
    assert reader.read("李航主持了什么会议？", today).sub.act == "主持"
    timed = reader.read("近三个月水运完成投资多少？", today).sub
    assert "三个" in timed.timing and "水运" not in timed.timing
    assert reader.read("引桥有多长？", today).sub.quantity_named
