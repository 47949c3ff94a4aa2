"""Deciding constraints: the parts of a question that a passage must hold exactly to answer it.

A question about the 200 m does not get the 400 m time, one about 第四届 does not get the fifth forum,
one about 第二阶段 does not get the first phase, one about tomorrow does not get last year. Numbers with
their unit, ordinals, years and dates, and a few contrasting time words are such constraints. They are
matched whole, on text whose numerals are written one way (``arabic``: 四届 → 4届, 第十四届 → 第14届),
with a digit boundary (4届 is not in 14届), never by a share of their character pairs.
"""

from __future__ import annotations

import re

from bot.text.numerals import UNITS

# A number as a constraint: an ordinal (第4届), a quantity with its unit (200米, 1.5亿元, 30%), a year or
# date part (2017年, 4月, 15日). A bare number counts too, unless it is part of a Latin word (AGG01).
NUMBER = re.compile(rf"(?<![a-z\d.])(第)?(\d+(?:\.\d+)?)(?![\d.])([万亿]?[{UNITS}]|%)?(?![a-z])")
# Words that set one period or group against another: a passage about 上半年 does not answer 下半年.
CONTRASTS: dict[str, tuple[str, ...]] = {
    "明天": ("明天", "明日"),
    "明日": ("明天", "明日"),
    "后天": ("后天",),
    "明年": ("明年",),
    "上半年": ("上半年",),
    "下半年": ("下半年",),
    "下周": ("下周",),
    "下个月": ("下个月", "下月"),
    # One of a pair that excludes the other: a passage about the men's final does not answer the women's.
    "男子": ("男子",),
    "女子": ("女子",),
    "上午": ("上午",),
    "下午": ("下午",),
    "春季": ("春季", "春天"),
    "夏季": ("夏季", "夏天"),
    "秋季": ("秋季", "秋天"),
    "冬季": ("冬季", "冬天"),
}
CONTRAST = re.compile("|".join(sorted(CONTRASTS, key=len, reverse=True)))


def constraints(text: str) -> tuple[str, ...]:
    """The deciding constraints of a question, given as normalised text in ``arabic`` form."""
    found: list[str] = []
    for match in NUMBER.finditer(text):
        if text[max(0, match.start() - 1) : match.start()] == "哪":  # 哪两个: the answer's shape
            continue
        ordinal, number, unit = match.group(1) or "", match.group(2), match.group(3) or ""
        found.append(ordinal + number + unit)
    found += CONTRAST.findall(text)
    return tuple(dict.fromkeys(found))


def holds(constraint: str, text: str) -> bool:
    """Whether the text (normalised, ``arabic`` form) holds the constraint whole."""
    variants = CONTRASTS.get(constraint)
    if variants is not None:
        return any(v in text for v in variants)
    if constraint.endswith(("号", "號")) and constraint[:-1].isdigit():  # 15号 is the 15日 of a date
        return holds(constraint[:-1] + "日", text) or _whole(constraint, text)
    if constraint.startswith("第1") and not constraint[2:3].isdigit():  # 第一次 is 首次, 第一届 首届
        return _whole(constraint, text) or "首" + constraint[2:] in text
    return _whole(constraint, text)


def _whole(constraint: str, text: str) -> bool:
    end = r"(?![\d.]\d|\d)" if constraint[-1].isdigit() else ""
    return re.search(rf"(?<![\d.]){re.escape(constraint)}{end}", text) is not None


def missing(wanted: tuple[str, ...], text: str) -> tuple[str, ...]:
    """The constraints the text does not hold."""
    return tuple(c for c in wanted if not holds(c, text))
