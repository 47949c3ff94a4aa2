"""The kind of quantity a number question asks for, and the kind of a figure.

装机容量 is a power (千瓦), never a length (米); 总投资 a sum of money, never a time or a head count; 占比
a share. One table (``bot.search.quantities``) gives, for each kind, the words that ask for it (if any)
and the units a figure of it is written in; the question has read the kind it names
(``SubKinds.measure``). A figure is of the first kind whose unit ends it (千瓦时 is energy before 瓦 is
power, 平方米 an area before 米 a length). A figure of another kind does not answer; one of no known
kind (30亿越南盾) may.
"""

from __future__ import annotations

import re

from bot.search.quantities import MEASURES, Measure
from bot.search.question import Question

TRAILING_DIGITS = re.compile(r"[\d.]+$")


def asked_measure(question: Question) -> Measure | None:
    """The kind of quantity a number question asks for, if it names one."""
    if question.kind != "number" or question.sub.change:  # a change may be a share or an amount
        return None
    return next((m for m in MEASURES if m.name == question.sub.measure), None)


def kind_of(figure: str) -> Measure | None:
    """The kind of a figure by its unit (120万千瓦 → power), None when no kind knows its unit."""
    unit = TRAILING_DIGITS.sub("", figure.lower())
    return next((m for m in MEASURES if m.unit.search(unit)), None)


def of_another(measure: Measure, figure: str) -> bool:
    """Whether a figure is of a known kind other than the one asked (186米 for 装机容量)."""
    kind = kind_of(figure)
    return kind is not None and kind is not measure
