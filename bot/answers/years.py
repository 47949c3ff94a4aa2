"""Whether a sentence names a year, or opens with one that dates what follows, and the year a date
names (for 哪一年)."""

from __future__ import annotations

import re

from bot.search.kinds import DATE, N

CYCLE_YEAR = re.compile(r"[甲乙丙丁戊己庚辛壬癸][子丑寅卯辰巳午未申酉戌亥]年")
"""A year of the sixty-year cycle (庚申年)."""
YEAR_WORD = re.compile(rf"{CYCLE_YEAR.pattern}|(?:同|当|次|翌|是|该|其)年")
"""A year of the cycle, or the year named before (同年, 次年)."""
YEAR_NAMED = re.compile(
    r"(?<![\d.])\d{3,4}年(?!级)|(?<![\d.有已了达近约多过历用满足逾超长共余])[\d〇零一二三四五六七八九十百千]{1,3}年(?!级)"
    rf"|[今去前明元]年(?![\d一二三四五六七八九十]+岁)|{YEAR_WORD.pattern}"
)
"""A year (1998年, 民国38年, 嘉靖七年, 今年, 同年, 庚申年), not a length (已有58年) nor an age (今年80岁)."""
YEAR_PRINTED = re.compile(r"(?<![\d.])(?:\d{4}|[〇零一二三四五六七八九]{4})年(?!代|级)")
OPENING = re.compile(
    rf"^(?:自|在|于|从|到了?|至)?(?:公元前?|西元前?|[\u4e00-\u9fff]{{2}}(?={N}{{1,4}}年))?"
    rf"(?:{DATE}|{YEAR_WORD.pattern})"
)
"""A date or period a sentence opens with (1388年，…; 自1960年代起; 嘉靖七年二月; 同年)."""


def names_year(plain: str) -> bool:
    """Whether the (normalised) text names a year (1947年初, 民国38年, 庚申年, 今年), or one the text
    before it named (同年, 次年): not only a day (3月5日), an age (12岁) or a length (已有58年)."""
    return YEAR_NAMED.search(plain) is not None


def opens_with_year(plain: str) -> bool:
    """Whether the (normalised) sentence opens with a date or period naming a year (1388年，…; 嘉靖七年，…):
    it dates what follows it, also in the next sentence; a year inside another statement dates that one."""
    opening = OPENING.match(plain)
    return opening is not None and names_year(opening.group(0))


def year_of(phrase: str, sentence: str) -> str:
    """The year a date names (2022年 of 2022年1月), as printed; else the one year the sentence prints
    (1998年 where the phrase is 清乾隆年间); else the phrase."""
    match = YEAR_PRINTED.search(phrase)
    if match:
        return match.group(0)
    printed = {m.group(0) for m in YEAR_PRINTED.finditer(sentence)}
    return printed.pop() if len(printed) == 1 else phrase
