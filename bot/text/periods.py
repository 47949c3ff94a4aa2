"""The periods a text names as its own: years (2020年, 今年), months (5月份, 前5个月) and an event's
ordinal (第3届, 首届), read alike in a question and in the sentence that answers it.

A period a text compares with is not its own: 今年造林12万亩，比2022年多3万亩 is about this year, not
2022年 (``compared``). Texts are normalised and in ``arabic`` form (``bot.text.numerals``).
"""

from __future__ import annotations

import datetime as dt
import re

YEAR = re.compile(r"(?<![\d.])(\d{4})年(?!代|级)")
BARE_YEAR = re.compile(r"(?<![\d.])(\d{4})年(?!\d{1,2}月\d{1,2}[日号]|代|级|度)")
"""A year named as a period (2020年粮食产量), not as the first part of a day (2024年3月7日)."""
RELATIVE_YEARS = {"今年": 0, "本年": 0, "去年": -1, "上年": -1, "前年": -2}
RELATIVE_YEAR = re.compile("|".join(RELATIVE_YEARS))
BASE_BEFORE = re.compile(r"(?:比|较|较之|相较于?|相比于?|超过|高于|低于|多于|少于|不及|对比)$")
"""Words right before a year that make it the base of a comparison (比2023年下降2.1%)."""
BASE_WITH = re.compile(r"(?:与|同|和|跟)$")
COMPARED = re.compile(r"^(?:同期)?[^,，。;；]{0,4}?(?:相比|比较|持平)")
"""与2020年相比: a year after 与/同 is a base only when 相比 (or 持平) follows."""
MONTH = re.compile(r"(?<![\d.])(\d{1,2})月(?:份)?(?![\d日号])")
FIRST_MONTHS = re.compile(r"前(\d{1,2})个?月|(?<![\d.])1[-—至到~](\d{1,2})月(?![\d日号])")
"""The first months of a year (前5个月, 1—5月, in ``arabic`` form), however a text writes them."""
QUARTER = re.compile(r"(前)?第?([1-4一])季度")
"""A quarter (一季度, 第2季度) or the quarters to it (前3季度), in ``arabic`` form: months 4-6, 1-9."""
COUNTERS = ("届", "次", "期", "批", "轮", "季", "阶段")
ORDINAL = re.compile(rf"(第\d+)({'|'.join(COUNTERS)})")
"""An event's ordinal (第3届, in ``arabic`` form): 首届 is 第1届, and another one does not answer."""
BASE_OCCASION = re.compile(r"(?:比|较|较之|相较于?|相比于?)(?:首|上|本|下)?(?:第\d+)?(?:届|次|期)")
"""较首届增长40%, 比上届增加了多少 (in ``arabic`` form): the occasion compared with is none the text is
about."""
NEXT_OCCASION = re.compile(r"下一?(?:届|次|轮|期)")
PREVIOUS_OCCASION = re.compile(r"上一?(?:届|次|轮|期)")
PHASE = re.compile(r"(?<![\d第分共])([1-9一])期(?=工程|项目|码头|园区|线路|[建扩投工])")
"""A project's phase (一期工程, 3期码头, 二期投资, in ``arabic`` form): 第1期 of the project."""


def compared(text: str, start: int, end: int) -> bool:
    """Whether the period at text[start:end] is the base of a comparison (比2023年, 较上年, 与2020年相比)."""
    before = text[max(0, start - 3) : start]
    return bool(BASE_BEFORE.search(before) or (BASE_WITH.search(before) and COMPARED.match(text[end:])))


def years_of(text: str, day: dt.date | None) -> frozenset[str]:
    """The years a text names as its own periods: written, or relative to the paper's day; not those
    it compares with."""
    years = {m.group(1) for m in YEAR.finditer(text) if not compared(text, m.start(), m.end())}
    if day is not None:
        years.update(
            str(day.year + RELATIVE_YEARS[m.group(0)])
            for m in RELATIVE_YEAR.finditer(text)
            if not compared(text, m.start(), m.end())
        )
    return frozenset(years)


def bare_years(text: str) -> tuple[str, ...]:
    """The years a text names as periods (2020年粮食产量), not as part of a day nor as a comparison's base."""
    found = (m.group(1) for m in BARE_YEAR.finditer(text) if not compared(text, m.start(), m.end()))
    return tuple(dict.fromkeys(found))


def first_months(text: str) -> list[str]:
    """The first months of a year a text names (前5个月, 1—5月: "1-5")."""
    return [f"1-{m.group(1) or m.group(2)}" for m in FIRST_MONTHS.finditer(text)]


def quarters(text: str) -> list[str]:
    """The quarters a text names, as month periods (一季度 → "1-3", 前3季度 → "1-9"), not those it
    compares with (比1季度)."""
    found = []
    for m in QUARTER.finditer(text):
        if not compared(text, m.start(), m.end()):
            last = 3 * (1 if m.group(2) == "一" else int(m.group(2)))
            found.append(f"{1 if m.group(1) else last - 2}-{last}")
    return found


def months_of(text: str) -> frozenset[str]:
    """The month periods a text names as its own (5月份, 前5个月, 二季度), not a day (5月25日) nor a
    month it compares with (比4月份回落)."""
    found = {*first_months(text), *quarters(text)}
    found.update(m.group(1) for m in MONTH.finditer(text) if not compared(text, m.start(), m.end()))
    return frozenset(found)


def ordinals(text: str) -> list[tuple[str, str]]:
    """The ordinals a text names with their counter (第3届 → ("第3", "届"), 首届 → ("第1", "届")), a
    project's phases among them (三期码头 → ("第3", "期"))."""
    phases = [(f"第{1 if m.group(1) == '一' else m.group(1)}", "期") for m in PHASE.finditer(text)]
    return ORDINAL.findall(text) + [("第1", c) for c in COUNTERS if f"首{c}" in text] + phases


def ordinals_of(text: str, counter: str) -> frozenset[str]:
    """The ordinals of one counter (届) a text names: 第3届 → "第3", 首届 → "第1"."""
    return frozenset(n for n, c in ordinals(text) if c == counter)
