"""Whether a sentence names a year, or opens with one that dates what follows (for 哪一年)."""

from __future__ import annotations

import re

from bot.search.kinds import DATE, N

CYCLE_YEAR = re.compile(r"[甲乙丙丁戊己庚辛壬癸][子丑寅卯辰巳午未申酉戌亥]年")
"""A year of the sixty-year cycle (庚申年)."""
YEAR_WORD = re.compile(rf"{CYCLE_YEAR.pattern}|(?:同|当|次|翌|是|该|其)年")
"""A year of the cycle, or the year named before (同年, 次年)."""
ANY_DATE = re.compile(DATE)
OPENING = re.compile(
    rf"^(?:自|在|于|从|到了?|至)?(?:公元前?|西元前?|[\u4e00-\u9fff]{{2}}(?={N}{{1,4}}年))?"
    rf"(?:{DATE}|{YEAR_WORD.pattern})"
)
"""A date or period a sentence opens with (1388年，…; 自1960年代起; 嘉靖七年二月; 同年)."""


def names_year(plain: str) -> bool:
    """Whether the (normalised) text holds a date or period naming a year (1947年, 民国38年初, 庚申年), or
    one the text before it named (同年, 次年)."""
    return YEAR_WORD.search(plain) is not None or any("年" in m.group(0) for m in ANY_DATE.finditer(plain))


def opens_with_year(plain: str) -> bool:
    """Whether the (normalised) sentence opens with a date or period naming a year (1388年，…; 嘉靖七年，…):
    it dates what follows it, also in the next sentence; a year inside another statement dates that one."""
    opening = OPENING.match(plain)
    return opening is not None and names_year(opening.group(0))
