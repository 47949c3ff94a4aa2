"""What a question asks for within its kind (its sub-kinds), read once from its text when the question
is read (``Question.sub``): the answers read these fields and never match the question's text again.

A number question may ask for the value before a change (调整前), for both values (从多少到多少), for a
score (比分), a duration (多久), a change (增长多少), a kind of quantity (装机容量) or a count of
something (多少个国家); a 谁 question for the holder of a title (市长是谁) or for several people (两位
领导); a list question for the items of an enumeration (分别是什么); any question for the first time
something happened (最早, 首次), for one of a pair (同比, 上半年) or for a period (2020年, 前5个月, 第三届);
and a question about articles may speak of the paper itself (昨天的报纸上), quote a name (“人民时评”) or
name a person's act (主持了什么会议).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from bot.search.dates import DateRange, TimeQuery
from bot.search.kinds import CLASSIFIERS as COUNT_CLASSIFIERS
from bot.search.kinds import COUNT_UNITS, MEASURES
from bot.search.quantities import MEASURES as QUANTITIES
from bot.text import periods
from bot.text.numerals import arabic

ASKS_OLD = re.compile(r"调整前|变动前|提高前|原来|原先|原本|原有|此前|之前|以前|起初|最初")
ASKS_BOTH = re.compile(r"(?:从|由)(?:多少|几)[^,，?？]*(?:到|至|为)(?:了)?(?:多少|几)")
ASKS_EARLIEST = re.compile(r"最早|首次|第一次|首度|最初|首先|起初")
CHANGE_ASKED = re.compile(r"(?:增长|上涨|下降|下跌|回落|提高|降低|增加|减少|涨|降|增|减)了?(?:多少|几)")
"""增长多少 may be answered with a share or an amount: a change asks for no one kind."""
DURATION_ASKED = re.compile(
    r"(?<![哪第])(?:几天|几个月|几年|几周|几个星期|几个小时)|多久|多长时间|多少天|多少年"
)
"""How long (开了几天, 持续多久, 历时多长时间): answered by a length of time or a span, never a day."""
YEAR_ASKED = re.compile(r"哪一?年(?!级|龄|纪|轻|度|代)|何年|年份")
"""Which year (哪一年, 何年, 年份): answered by a date naming a year, never a day of a month alone."""
SCORE_ASKED = re.compile(r"比分|几比几|多少比多少")
"""A match's score is asked for as 比分 and written N比M (2比1, 3:0), never a minute or a count."""
ASKED_UNIT = re.compile(rf"(?:多少|几)((?:{MEASURES})|{COUNT_UNITS})")
UNIT_WORD = re.compile(rf"(?:{MEASURES})+|{COUNT_UNITS}+")
"""A word that is only a unit (平方米, 万元): what a figure is counted in, not what it counts."""
INSTALMENT = re.compile(r"第([\d零〇一二两三四五六七八九十]+)(?:篇|集|讲)")
"""An instalment of a series asked (第一篇, 第2集): the article its series tag numbers so (老巷新声·匠人①)."""
FUTURE_ASKED = re.compile(
    r"目标|计划|规划|力争|预计|预期|将要|将会|要达到|要提高|明年|今后|未来|到\d{4}年|到20\d\d"
)
"""A question about a target or a plan (到2027年要达到多少, 目标是多少): a target's figure may answer it."""
ONLY_COUNTS = frozenset("辆架艘枚棵株匹")
"""Measure words that open no other word: 多少辆车 asks for 辆 even where jieba cuts 辆车 as one."""
CLASSIFIERS = frozenset(COUNT_CLASSIFIERS + "位名户处")
"""Measure words: what follows them in 多少个国家 is the thing counted (人, 元, 米 are what is counted)."""
TITLES = r"书记|市长|省长|主任|主席|委员|部长|局长|厅长|区长|县长|总统|总理|总裁|董事长|经理|院长|校长|负责人"
# 市长是谁, 谁是主任: the question asks who holds a title, so the answer must name someone holding it.
ASKS_TITLE_HOLDER = re.compile(rf"({TITLES})(?:是谁|是哪位)|谁是[^,，。?？]*?({TITLES})")
MANY_PEOPLE = re.compile(r"(?<![\d第])(?:[2-9]|[两二三四五六七八九])[位名]")
"""两位领导是谁: every person of the clause that answers, as for 哪些人."""
OF_THE_PAPER = re.compile(r"报纸|本报|报上|[日晚早时商]报|版面|第[\d一二三四五六七八九十]+版")
QUOTED = re.compile(r'"([^"]{2,20})"|《([^》]{2,40})》')
# Words that set one period or measure against its pair: a sentence holding one of a pair is about it.
PAIRS: tuple[tuple[str, ...], ...] = (
    ("同比", "环比"),
    ("上半年", "下半年"),
    ("男子", "女子"),
    ("上午", "下午"),
    ("本届", "上届", "首届", "下届"),
    ("上限", "下限"),
    ("最高", "最低"),
)
ASKS_WHICH = re.compile(
    r"(?:哪一?|(?<![为任如])(?:什么样?的?|甚么样?的?|何))(?:[个种类位座家条场部项本间所门支片块类]|一种|一个)?"
)
"""The words asking which one of a kind (哪一个, 什么样的, 何种): the word after them names the kind."""
ENUMERATION_CUE = re.compile(r"分别|哪几|几个方面|几项|几点|各是|哪[一二三四五六七八九十两\d]+[个项点条方]")
ACT = re.compile(r"主持|出席|参加|会见|会晤|考察|调研|视察|出访|访问|致辞|讲话|签署")
"""The acts a question about a person's doings may name (某某主持了什么会议, 某某考察了哪里)."""
NAMES_QUANTITY = re.compile(r"多(?!少)|比例|比重|百分之")
"""Asking words that name the quantity (多长, 多高, 比重), so the word before them names the item."""
PERIODS = re.compile(r"前?[\d一二两三四五六七八九十]+个月|前?[\d一二三四]季度|[上下]半年")
"""Phrases that time a figure (前三个月): neither item words nor figures (三个)."""


@dataclass(frozen=True)
class SubKinds:
    """What the question asks for within its kind (see the module's docstring)."""

    old: str = ""
    """The words asking for the value before a change (调整前, 原来), "" when it asks for none."""
    both: bool = False
    """It asks for the value before and after a change (从多少降到了多少)."""
    earliest: bool = False
    """It asks for the first time (最早, 首次)."""
    change: bool = False
    """It asks how much something changed (增长多少)."""
    duration: bool = False
    """It asks how long (几天, 多久)."""
    score: bool = False
    """It asks for a match's score (比分)."""
    year: bool = False
    """It asks which year (哪一年, 何年)."""
    ordinal: bool = False
    """It asks for a place in an order (第几)."""
    unit: str = ""
    """The unit a number question asks for (多少人 → 人), "" where it names none."""
    counted: str = ""
    """After a measure word, the thing counted (多少个国家 → 国家)."""
    title: str = ""
    """The title a 谁 question asks the holder of (市长是谁 → 市长)."""
    many_people: bool = False
    """It asks for several people (两位领导是谁)."""
    items: bool = False
    """It asks for the items of an enumeration (分别, 哪几个方面)."""
    of_the_paper: bool = False
    """It speaks of the paper itself (昨天的报纸上): the days it names are days the paper was printed."""
    quoted: tuple[str, ...] = ()
    """The names it quotes (“人民时评”, 《…》): an article must hold them whole."""
    pairs: tuple[tuple[str, tuple[str, ...]], ...] = ()
    """The words of ``PAIRS`` it names (同比, 上半年, 最高), each with its group: the answering sentence
    must be about the one named, not its pair."""
    measure: str = ""
    """The kind of quantity it names (装机容量 → power, ``quantities.MEASURES``), "" where none."""
    years: tuple[str, ...] = ()
    """The years it names as periods, written (2020年粮食产量, 2023年12月), not those it compares with
    (比2023年增长多少)."""
    relative_years: tuple[str, ...] = ()
    """The years it names counted from the reader's day (今年, 去年) and written nowhere."""
    months: tuple[str, ...] = ()
    """The month periods it names: one month (4月份: "4"), the first months of a year (前5个月: "1-5") or
    a quarter (二季度: "4-6")."""
    ordinals: tuple[tuple[str, str], ...] = ()
    """The ordinals it names with their counter (第三届 → ("第3", "届"), 首届 → ("第1", "届"))."""
    act: str = ""
    """The act of a person it names (主持 in 主持了什么会议), "" where none (``ACT``)."""
    quantity_named: bool = False
    """Its asking words name the quantity (多长, 比重): the word before them names the item."""
    timing: tuple[str, ...] = ()
    """Its content words that stand only inside a phrase timing a figure (三个 in 前三个月)."""
    future: bool = False
    """It asks about a target, a plan or a later year (到2027年要达到多少, 计划投资多少)."""
    instalment: int = 0
    """The instalment of a series it asks about (第一篇 → 1), 0 where it names none."""
    named_after: str = ""
    """The content word right after 多少 where no unit is asked (有多少研发人员 → 研发): what the figure
    counts, which the answering sentence must name like the word before (``deciding.holds_measured``)."""
    occasion: str = ""
    """"next" or "previous" when it asks about another occasion than the one reported (下一届, 上次;
    not 比上届增加了多少, a comparison's base), "" otherwise."""
    category: str = ""
    """The word naming the kind of thing asked for (哪一个城市 → 城市, 什么样的形状 → 形状, 因何原因 →
    原因): the news names the thing itself (伦敦, 椭圆), seldom its kind, so the word is no place or
    subject the answer must hold."""


def sub_kinds(text: str, words: Sequence[str], asks: str, when: TimeQuery) -> SubKinds:
    """The sub-kinds of a question of this (normalised) text, these content words, these asking words
    and the periods it names (whose words have left its text)."""
    old = ASKS_OLD.search(text)
    title = ASKS_TITLE_HOLDER.search(text)
    unit, counted = _asked_count(text, words)
    years, relative_years = _years(arabic(text), when.ranges)
    act = ACT.search(asks) or ACT.search(text)
    untimed = PERIODS.sub("，", text)
    unbased = periods.BASE_OCCASION.sub("，", arabic(text))  # 比上届增加了多少: 上届 is no occasion asked
    return SubKinds(
        old=old.group(0) if old else "",
        both=ASKS_BOTH.search(text) is not None,
        earliest=ASKS_EARLIEST.search(text) is not None,
        change=CHANGE_ASKED.search(text) is not None,
        duration=DURATION_ASKED.search(text) is not None,
        score=SCORE_ASKED.search(text) is not None,
        year=YEAR_ASKED.search(text) is not None,
        ordinal="第几" in text,
        unit=unit,
        counted=counted,
        title=(title.group(1) or title.group(2)) if title else "",
        many_people=MANY_PEOPLE.search(text) is not None,
        items=ENUMERATION_CUE.search(text) is not None,
        of_the_paper=OF_THE_PAPER.search(text) is not None,
        quoted=tuple(m.group(1) or m.group(2) for m in QUOTED.finditer(text)),
        pairs=tuple((word, group) for group in PAIRS for word in group if word in unbased),
        measure=_measure(text),
        years=years,
        relative_years=relative_years,
        months=_months(arabic(text), when.ranges),
        ordinals=tuple(periods.ordinals(arabic(text))),
        act=act.group(0) if act else "",
        quantity_named=NAMES_QUANTITY.match(asks) is not None,
        timing=tuple(w for w in words if w not in untimed),
        future=FUTURE_ASKED.search(arabic(text)) is not None,
        instalment=_instalment(text),
        named_after="" if unit or counted else _named_after(text, words),
        occasion=_occasion(unbased),
        category=_category(text, words),
    )


def _instalment(text: str) -> int:
    match = INSTALMENT.search(arabic(text))
    return int(match.group(1)) if match and match.group(1).isdigit() else 0


def _named_after(text: str, words: Sequence[str]) -> str:
    """The first content word of two characters or more right after 多少, unless it is a unit (平方米) or
    names a kind of quantity (多少比例)."""
    for asked in re.finditer("多少", text):
        word = next((w for w in words if len(w) > 1 and text.startswith(w, asked.end())), "")
        if word and not UNIT_WORD.fullmatch(word) and not any(q.asked.search(word) for q in QUANTITIES):
            return word
    return ""


def _occasion(text: str) -> str:
    if periods.NEXT_OCCASION.search(text):
        return "next"
    return "previous" if periods.PREVIOUS_OCCASION.search(text) else ""


def _category(text: str, words: Sequence[str]) -> str:
    """The first content word of two characters or more right after words asking which one
    (``ASKS_WHICH``), "" where there is none."""
    for asked in ASKS_WHICH.finditer(text):
        word = next((w for w in words if text.startswith(w, asked.end())), "")
        if len(word) > 1:
            return word
    return ""


def _whole_months(period: DateRange) -> bool:
    return period.start.day == 1 and (period.end + dt.timedelta(days=1)).day == 1


def _years(text: str, ranges: Sequence[DateRange]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The years an (``arabic``) question names as periods: those written, and those counted from the
    reader's day (今年, 去年) and written nowhere; a period of whole months within one year names its
    year (the days a question names leave its text: 2023年12月)."""
    written, relative = list(periods.bare_years(text)), []
    for period in ranges:
        if period.start.year != period.end.year or not _whole_months(period):
            continue
        if periods.YEAR.search(arabic(period.words)):
            written.append(str(period.start.year))
        elif periods.RELATIVE_YEAR.search(period.words):
            relative.append(str(period.start.year))
    written = list(dict.fromkeys(written))
    return tuple(written), tuple(y for y in dict.fromkeys(relative) if y not in written)


def _months(text: str, ranges: Sequence[DateRange]) -> tuple[str, ...]:
    """The month periods an (``arabic``) question names: the first months of a year (前5个月), a quarter
    (二季度: "4-6") and a whole month (4月份 leaves the text as a period)."""
    found = periods.first_months(text) + periods.quarters(text)
    found += [str(p.start.month) for p in ranges if _whole_months(p) and p.start.month == p.end.month]
    return tuple(dict.fromkeys(found))


def _measure(text: str) -> str:
    """The kind of quantity the question names last (装机容量占…的比重: a share), nearest the asking
    words; of two at one place, the first of the table."""
    found = [(match.end(), -i, m.name) for i, m in enumerate(QUANTITIES) for match in m.asked.finditer(text)]
    return max(found)[2] if found else ""


def _asked_count(text: str, words: Sequence[str]) -> tuple[str, str]:
    """The unit a number question asks for (多少人 → 人) and, after a measure word, the thing counted
    (多少个国家 → 国家, 多少名学生 → 学生); "" where it names none."""
    asked = ASKED_UNIT.search(text)
    if not asked:
        return "", ""
    unit = asked.group(1)
    opens = any(text.startswith(w, asked.start(1)) and len(w) > len(unit) for w in words)
    if opens and unit not in ONLY_COUNTS:
        return "", ""  # 多少成员: 成 opens a word, it is no unit (but 辆 in 多少辆车 is)
    if unit not in CLASSIFIERS:
        return unit, ""
    rest = text[asked.end() :]
    return unit, next((w for w in words if rest.startswith(w)), "")
