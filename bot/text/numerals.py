"""Numerals and calendar dates as the news writes them: Chinese numerals read as numbers (十四 → 14,
二〇二二 → 2022), a text's numerals written one way (``arabic``), and a date that may not exist.

One parser for every stage (page numbers and signature dates in ingestion, dates and constraints in a
question). cn2an would add a second package (proces) and a grammar wider than the forms printed here
(page numbers, dates, counts up to 千), so these few lines stay.
"""

from __future__ import annotations

import datetime as dt
import re

CN_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "兩": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
CN_TENS = {"十": 10, "百": 100, "千": 1000}
# A character that makes the number before it a count, a measure, an ordinal or a date.
UNITS = "年月日号號时点分秒届次期个位名项条家种件台辆座所人元块角米里斤吨克岁倍成章节集季度阶轮批版层楼天周场户套间张本部队级"
CN_NUMBER = re.compile(
    rf"(第)?([零〇一二两三四五六七八九十百千]+)(?=[万亿]?[{UNITS}])|(第)([零〇一二两三四五六七八九十百千]+)"
)

PERCENT = re.compile(r"百分之(\d+|[零〇一二两三四五六七八九十]+)(?:[.点](\d+|[零〇一二三四五六七八九]+))?")
THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")


def cn_number(text: str) -> int:
    """The value of a numeral, Arabic or Chinese: 15 → 15, 十四 → 14, 三十五 → 35, 二〇二二 → 2022, 两 → 2.
    Raises ``ValueError`` for anything else (see ``number_of``)."""
    if text.isdigit():
        return int(text)
    if not text or any(ch not in CN_DIGITS and ch not in CN_TENS for ch in text):
        raise ValueError(f"not a numeral: {text!r}")
    if not any(ch in CN_TENS for ch in text):
        return int("".join(str(CN_DIGITS[ch]) for ch in text))
    total, digit = 0, 0
    for ch in text:
        if ch in CN_DIGITS:
            digit = CN_DIGITS[ch]
        else:
            total += (digit or 1) * CN_TENS[ch]
            digit = 0
    return total + digit


def number_of(text: str) -> int | None:
    """The value of a numeral (``cn_number``), or None when the text is none."""
    try:
        return cn_number(text)
    except ValueError:
        return None


def arabic(text: str) -> str:
    """Normalised text with counts, ordinals and dates in Arabic numerals (第十四届 → 第14届, 四月 → 4月),
    shares as percentages (百分之七十五, 百分之75 → 75%; 百分之几 keeps its 百分之) and no thousands
    separators (50,000人 → 50000人).

    A lone 一 that is not an ordinal stays (一季度, 一个 say little about which passage is meant).
    """

    def replace(match: re.Match[str]) -> str:
        ordinal = match.group(1) or match.group(3) or ""
        digits = match.group(2) or match.group(4)
        if digits == "一" and not ordinal:
            return match.group(0)
        return ordinal + str(cn_number(digits))

    def share(match: re.Match[str]) -> str:
        fraction = "".join(str(CN_DIGITS.get(ch, ch)) for ch in match.group(2) or "")
        return str(cn_number(match.group(1))) + (f".{fraction}" if fraction else "") + "%"

    text = PERCENT.sub(share, THOUSANDS.sub("", text))
    # 百分之几, 百分之多少: 百 is no number here (never 100分)
    parts = re.split(r"(百分之)", text)
    return "".join(part if i % 2 else CN_NUMBER.sub(replace, part) for i, part in enumerate(parts))


def calendar_date(year: int, month: int, day: int) -> dt.date | None:
    """The date, or None when the calendar has no such day (2月30日, month 13, year 0)."""
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None
