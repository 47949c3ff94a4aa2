"""The slot a question asks for in a sentence that gives several values of one shape.

- A change (由1900元提高到2100元): the new value, unless the question asks for the old one (调整前,
  原来); both, as the sentence writes them, when it asks for both (从多少提高到多少).
- Values given with 分别 (教育、医疗卫生分别为5.2亿元、3.1亿元): the value of the item the question names.
- 最早/首次: the earliest of the dates listed together.
- Particles that are no part of the value (达962.8亿元, 仅25岁) are left out; 约 and 超过 stay.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence

from bot.search.question import Question

CHANGE = re.compile(
    r"^[^,，;；。、]{0,6}?(?:提高|增加|增长|上调|下调|降低|下降|减少|调整|扩大|缩小|延长|缩短|提升|上升|回落|攀升|跃升|增|降|减|升|涨|改|调)"
    r"了?(?:到|至|为|成)(?:[^,，;；。、\d]{1,6}?的)?$"
)
"""What stands between an old value and the new one (由1900元提高到2100元, 从52微克降至33微克, 从1990年的3.2%
提高到去年的27.6%)."""
DELTA = re.compile(
    r"(?:提高|增加|增长|上涨|上升|下降|降低|减少|扩大|缩小|提升|回落|攀升|跃升|增多|多出|增|降|减|升|涨)"
    r"了?(?:约|近|超过|超)?$"
)
"""What stands right before the amount of a change (比去年增加1.1万人, 同比增长8.3%): not a new value."""
COMPARED_DELTA = re.compile(r"比[^,，;；。、\d]{1,8}?" + DELTA.pattern)
"""The amount of a comparison's change (比去年增加1.1万人): never the quantity itself (报名人数达到4.2万人)."""
PARTICLE = re.compile(r"^(?:达到|达|仅|共计|共|总计|合计|计)(?=[\d零〇一二两三四五六七八九十])")
RESPECTIVELY = "分别"
ITEM_MARKS = re.compile(r"、|以及|和|及|与")
PART_END = re.compile(r"[;；。！？!?]")
CLAUSE_MARK = re.compile(r"[,，:：]")
YEAR = re.compile(r"(\d{3,4})年")
FIGURE = re.compile(r"\d+(?:\.\d+)?")


def without_particle(phrase: str) -> str:
    """A number phrase without the particle before it that is no part of its value (达, 仅, 共)."""
    return PARTICLE.sub("", phrase)


def asks_old(question: Question) -> bool:
    return bool(question.sub.old)


def without_slot_words(question: Question) -> Question:
    """The question without the words that ask for the old value (调整前): they say which side of a
    change is asked, not which statement (调整为21元 is not the more telling for them)."""
    if not question.sub.old:
        return question
    weights = {w: wt for w, wt in question.weights.items() if w not in question.sub.old}
    return dataclasses.replace(question, weights=weights)


def asks_both(question: Question) -> bool:
    """Whether the question asks for the value before and after a change (从多少降到了多少)."""
    return question.sub.both


def changes(text: str, found: Sequence[re.Match[str]]) -> list[tuple[re.Match[str], re.Match[str]]]:
    """The (old, new) pairs of figures a change joins (由1900元提高到2100元)."""
    return [(a, b) for a, b in zip(found, found[1:], strict=False) if CHANGE.match(text[a.end() : b.start()])]


def chosen_by_change(
    question: Question, text: str, found: list[re.Match[str]]
) -> tuple[list[re.Match[str]], str]:
    """The figures left once a change's other side is set aside (the old values unless the question
    asks for them, else the new ones), and, when the question asks for both, the phrase holding both;
    for a change asked (增长多少), the amounts of a change where the sentence gives them."""
    pairs = changes(text, found)
    if not pairs:
        if question.sub.change:  # 比去年增加了多少: the amount of the change, not the total beside it
            deltas = [m for m in found if DELTA.search(text, max(0, m.start() - 8), m.start())]
            return deltas or found, ""
        compared = [m for m in found if COMPARED_DELTA.search(text, max(0, m.start() - 16), m.start())]
        return [m for m in found if m not in compared] or found, ""
    if asks_both(question):
        old, new = pairs[0]
        return found, text[old.start() : new.end()]
    kept = 0 if asks_old(question) else 1
    dated = [i for i in (0, 1) if any(_dated(text, pair[i], question.sub.years) for pair in pairs)]
    if len(dated) == 1:  # 1990年…有多少 under 从1990年的3.2%提高到去年的27.6%: the side of the year asked
        kept = dated[0]
    other = {id(pair[1 - kept]) for pair in pairs}
    return [m for m in found if id(m) not in other] or found, ""


def respective(question: Question, text: str, found: list[re.Match[str]]) -> re.Match[str] | None:
    """For items and values paired by 分别 (教育、医疗卫生、社会保障三类资金分别为5.2亿元、3.1亿元和4.3亿元),
    the value of the one item that holds the question's words; None when there is no such pairing."""
    at = text.find(RESPECTIVELY)
    if at < 0:
        return None
    start = max((m.end() for m in PART_END.finditer(text, 0, at)), default=0)
    head = text[start:at]
    clauses = CLAUSE_MARK.split(head)
    items = [i for i in ITEM_MARKS.split(clauses[-1]) if i]
    end = next((m.start() for m in PART_END.finditer(text, at)), len(text))
    values = [m for m in found if at < m.start() < end]
    if len(items) < 2 or len(items) != len(values):
        return None
    words = [w for w in question.words if len(w) > 1 or not w.isascii()]
    held = [sum(question.weights.get(w, 0.0) for w in words if w in item) for item in items]
    shared = min(held)
    best = max(range(len(items)), key=lambda i: held[i])
    if held[best] <= shared or held.count(held[best]) > 1:
        return None
    return values[best]


def asks_earliest(question: Question) -> bool:
    return question.sub.earliest


def year(phrase: str) -> int:
    """The year a date phrase names, or a large number when it names none (it sorts last)."""
    match = YEAR.search(phrase)
    return int(match.group(1)) if match else 10**6


def lists_others(question: Question, text: str, article_text: str) -> bool:
    """Whether the (normalised) sentence breaks a whole down by items (教育、卫生、社保分别为…) while the
    question names an item the article never mentions (文化体育专项资金): then neither the whole nor another
    item's value answers it."""
    at = text.find(RESPECTIVELY)
    if at < 0 or len(FIGURE.findall(text, at)) < 2:
        return False
    return any(
        len(w) > 1 and not w.isascii() and w not in text and w not in article_text for w in question.words
    )


def _dated(text: str, figure: re.Match[str], years: Sequence[str]) -> bool:
    """Whether a year of ``years`` is written just before the figure (从1990年的3.2%)."""
    before = text[max(0, figure.start() - 10) : figure.start()]
    return any(f"{year}年" in before for year in years)
