"""The kinds of quantity (a power, a sum of money, a share …): the words of a question that ask for
each and the units a figure of it is written in. A question names at most one kind, the first found in
the table's order (``SubKinds.measure``); the answers tell a figure's kind by its unit
(``bot.answers.measures``).
"""

from __future__ import annotations

import re
from typing import NamedTuple

from bot.search.kinds import CLASSIFIERS, PLACES_COUNTED


class Measure(NamedTuple):
    name: str
    asked: re.Pattern[str]
    """The words of a question that ask for a quantity of this kind."""
    unit: re.Pattern[str]
    """How a figure of this kind ends (its unit)."""


PEOPLE = r"(?:人员|员工|职工|工人|学生|游客|旅客|居民|志愿者)"
"""Nouns of people a question counts (多少研发人员, 员工有多少): a head count, never a share or a sum."""


def _measure(name: str, asked: str, unit: str) -> Measure:
    return Measure(name, re.compile(asked), re.compile(rf"(?:{unit})$"))


MEASURES: tuple[Measure, ...] = (
    # A share first: 投资增速, 占营业收入多少 and 装机容量占比 ask for a share of the quantity they name.
    _measure(
        "share",
        r"比例|占比|比重|百分之|百分比|增幅|涨幅|降幅|增速|[^\s,，]率|占[^\s,，。？?]{1,12}?(?:多少|几成)",
        r"%|％|‰|个百分点|成",
    ),
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
    _measure("weight", r"多重|重量|体重", r"吨|公斤|千克|克|斤"),  # 产量 may be counted (辆, 枝)
    # Kinds few question words ask for here (多少人 and 多久 name their unit): a figure of them is
    # still of another kind than a power or a sum of money.
    _measure("time", r"$^", r"秒|分钟|小时|天|周|个月|年|岁"),
    _measure(
        "people",
        rf"人数|{PEOPLE}[^\s,，。？?]{{0,3}}多少|多少[^\s,，。？?]{{0,4}}?{PEOPLE}",
        r"人|人次|名|位|户",
    ),
    _measure("count", r"$^", rf"[{CLASSIFIERS}]|{PLACES_COUNTED}"),
)
