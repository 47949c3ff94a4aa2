"""The kind of quantity a number question asks for, and the kind of a figure.

装机容量 is a power (千瓦), never a length (米); 总投资 a sum of money, never a time or a head count; 占比
a share. One table gives, for each kind, the words that ask for it (if any) and the units a figure of
it is written in. A question names at most one kind (the first found in the table's order); a figure
is of the first kind whose unit ends it (千瓦时 is energy before 瓦 is power, 平方米 an area before 米
a length). A figure of another kind does not answer; one of no known kind (30亿越南盾) may.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from bot.search.question import Question


class Measure(NamedTuple):
    name: str
    asked: re.Pattern[str]
    """The words of a question that ask for a quantity of this kind."""
    unit: re.Pattern[str]
    """How a figure of this kind ends (its unit)."""


def _measure(name: str, asked: str, unit: str) -> Measure:
    return Measure(name, re.compile(asked), re.compile(rf"(?:{unit})$"))


MEASURES: tuple[Measure, ...] = (
    _measure("energy", r"发电量|用电量|电量|耗电", r"千瓦时|瓦时|度|kwh"),
    _measure("power", r"装机|功率|容量", r"瓦"),
    _measure("volume", r"库容|容积|蓄水量|排量", r"立方米|升"),
    _measure("area", r"面积|占地", r"平方米|平方公里|平方千米|亩|公顷"),
    _measure(
        "money",
        r"投资|造价|多少钱|资金|拨款|金额|费用|票价|售价|预算|成本|工资|薪水|奖金|罚款|赔偿|补贴|补助|销售额|营业额"
        r"|收入|利润|产值|税收|耗资|资本",
        r"元|美元|港元|欧元|日元|英镑|块",
    ),
    _measure(
        "length",
        r"多长|长度|多高|高度|身高|多深|深度|多远|距离|里程|多宽|宽度|海拔|坝高",
        r"米|公里|千米|英尺|英里|英寸|公分",
    ),
    _measure("weight", r"多重|重量|体重|产量", r"吨|公斤|千克|克|斤"),
    _measure("share", r"比例|占比|比重|百分之|百分比|增幅|涨幅|降幅|增速|[^\s,，]率", r"%|％|‰|个百分点|成"),
    # Kinds no question word asks for here (多少人 and 多久 name their unit): a figure of them is
    # still of another kind than a power or a sum of money.
    _measure("time", r"$^", r"秒|分钟|小时|天|周|个月|年|岁"),
    _measure("people", r"$^", r"人|人次|名|位|户"),
    _measure(
        "count", r"$^", r"[个项次家条届座所章节集层套间张本部支队辆台件种批轮场册头只棵株艘架枚篇首幅例]"
    ),
)
TRAILING_DIGITS = re.compile(r"[\d.]+$")


def asked_measure(question: Question) -> Measure | None:
    """The kind of quantity a number question asks for, if it names one."""
    if question.kind != "number" or question.sub.change:  # a change may be a share or an amount
        return None
    return next((m for m in MEASURES if m.asked.search(question.text)), None)


def kind_of(figure: str) -> Measure | None:
    """The kind of a figure by its unit (120万千瓦 → power), None when no kind knows its unit."""
    unit = TRAILING_DIGITS.sub("", figure.lower())
    return next((m for m in MEASURES if m.unit.search(unit)), None)


def of_another(measure: Measure, figure: str) -> bool:
    """Whether a figure is of a known kind other than the one asked (186米 for 装机容量)."""
    kind = kind_of(figure)
    return kind is not None and kind is not measure
