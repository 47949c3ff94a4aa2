"""What frames a figure in its sentence: the scope it counts (全国 or 全省), the occasion it is of (this
meeting or the next), the item of a list it belongs to, and whether it is a whole or one part.

A sentence may hold every word of a question and still answer another one:
- **scope**: 全国小麦播种面积 is not answered by 今年全省小麦播种面积8520万亩, nor 中原省粮食播种面积 by a
  figure of 全国; a question names its scope with a scope word (全国, 全省, 本市 …) or a place whose name
  ends with its level (中原省), and a sentence naming scopes must name that one;
- **occasion**: 下一届论坛在哪里举办 is answered only by a sentence about a next one (下届, 将于…, or an
  ordinal above the headline's: 第十三次 under 第十二次会议闭幕), 上一届/上次 likewise by an earlier one,
  and only where the sentence gives the value itself (a short answer);
- **list items**: in 茶叶种植面积780万亩，综合产值1400亿元；咖啡种植面积139万亩，生豆产量14.6万吨 each
  part between semicolons is one item's; a word of the question (产量) that the sentence holds only in
  another item's part is that item's, and the figure is taken from the asked item's part;
- **whole or part**: 总投资 is not answered by 主体工程投资18.5亿元 (a part named before the figure's
  word), and a part the question names (二期) is not answered by 总投资286亿元.
"""

from __future__ import annotations

import re

from bot.answers import deciding
from bot.corpus.models import AnyArticle
from bot.search.question import Question
from bot.text.numerals import arabic
from bot.text.periods import RELATIVE_YEARS
from bot.text.terms import normalise

SCOPE_LEVELS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("nation", ("全国", "我国", "国内")),
    ("province", ("全省", "本省", "省内")),
    ("city", ("全市", "本市", "市内")),
    ("district", ("全区", "本区")),
    ("county", ("全县", "本县")),
    ("territory", ("全港", "全澳", "全岛")),
)
PLACE_LEVEL = {"省": "province", "市": "city", "区": "district", "县": "county"}
"""The level a place's name says by its last character (中原省: a province)."""
FUTURE = re.compile(r"将于|将在|计划于|拟于|预计于|下一?(?:届|次|轮|期)|明年")
EARLIER = re.compile(r"上一?(?:届|次|轮|期)|首届|前一?届")
OCCASION_ORDINAL = re.compile(r"(?:第|(?<=届))(\d+)(届|次|轮|期)")
"""An occasion's ordinal (第3届, and 9次 in 13届9次, in ``arabic`` form)."""
OCCASION_WORDS = frozenset({"本届", "上届", "首届", "下届"})
CHANGE_SAID = re.compile(r"增|降|涨|跌|升|减|提高|扩大|缩小|回落|下滑|翻|比[^，,。；;]{0,12}[多少高低]")
"""The words that tell a change (增长, 下降, 比上年多): a question asking one needs them."""
SEGMENT = re.compile(r"[^；;]+")
WHOLE = "总"
PART_FREE = frozenset("计划 预计 累计 完成 共计 合计 总计 实际 项目 工程 建设 全部 一共 其中".split())
"""Words that may stand before a whole's measured word (项目计划投资) without naming a part."""
CJK_PAIR = re.compile(r"[\u4e00-\u9fff]{2}")
STAGE = re.compile(r"[一二三四五六七八九十首\d]期")
"""A stage of a project (一期, 二期工程): a part."""


TARGET = re.compile(r"(?:到|至)(\d{4})年(?:底|末)?|力争|目标是|预计到")
"""What opens a target (到2027年…达到93%, 力争…达到99%): the figures after it are the plan's, not the present's."""


def target_at(plain: str, article: AnyArticle) -> int:
    """Where, in the (normalised) sentence, the figures of a target start (到2027年 after the paper's
    year, 力争); the sentence's length when none do."""
    printed = article.page_date or article.date
    for match in TARGET.finditer(plain):
        year = match.group(1)
        if not year or (printed is not None and int(year) > printed.year):
            return match.start()
    return len(plain)


def _levels(text: str) -> set[str]:
    return {level for level, words in SCOPE_LEVELS if any(w in text for w in words)}


def asked_scopes(question: Question) -> set[str]:
    """The scope levels the question names: by a scope word, else by the character ending or following
    a place's name (中原省, or 中原 cut apart from 省)."""
    named = _levels(question.text)
    if named:
        return named
    text = question.text
    ends = [text[text.find(p) + len(p) : text.find(p) + len(p) + 1] for p in question.places if p in text]
    return {PLACE_LEVEL[c] for c in [*ends, *(p[-1] for p in question.places)] if c in PLACE_LEVEL}


def holds_scope(question: Question, plain: str, article: AnyArticle) -> bool:
    """Whether the (normalised) sentence counts in the scope the question names: it names that one, or
    names none and the nearest sentence before it naming one (else the headline) names it, or none does
    (其中，出口1.95万亿元 under 前7个月，全省外贸进出口…: 全省's)."""
    asked = asked_scopes(question)
    named = deciding._nearest(_levels, plain, article, plain) if asked else None
    return not asked or not named or bool(asked & set(named))


def of_occasion(question: Question, plain: str, headline: str) -> bool:
    """Whether the (normalised) sentence is about the occasion the question asks (``SubKinds.occasion``):
    it says so (下届, 将于…; 上届, 首届) or names an ordinal above (below) the headline's of its counter
    (第十三次 under 第十二次, 十次 under 十三届九次). A question naming no occasion and no ordinal is about
    the headline's: a sentence naming another ordinal of its counter (第三届…展期5天 under 第二届…闭幕) is
    about another (for 届 only: one series is numbered by it, while 次 numbers many)."""
    occasion = question.sub.occasion
    reported = dict((c, int(n)) for n, c in OCCASION_ORDINAL.findall(arabic(headline)))
    others = [
        (int(n), c)
        for n, c in OCCASION_ORDINAL.findall(arabic(plain))
        if c in reported and int(n) != reported[c]
    ]
    if not occasion:  # 届 numbers one series (第二届茶博会); 次 many (主任会议第49次, 人代会第5次)
        asked = question.sub.ordinals or any(w in OCCASION_WORDS for w, _ in question.sub.pairs)
        return bool(asked) or all(c != "届" for _, c in others)
    if (FUTURE if occasion == "next" else EARLIER).search(plain):
        return True
    return any((n > reported[c]) == (occasion == "next") for n, c in others)


def tells_change(question: Question, plain: str) -> bool:
    """Whether the (normalised) sentence tells a change where the question asks one (增长了多少: not
    一般贸易进出口2.05万亿元, a sentence telling no change)."""
    return not question.sub.change or CHANGE_SAID.search(plain) is not None


def item_part(items: list[str], sentence: str, subject: str) -> str:
    """The sentence narrowed to its parts (between semicolons) naming the question's first item word
    that some of its parts, not all, name (咖啡 in 咖啡的综合产值, not 综合), the article's ``subject``
    (its headline and opening: 乔治亚西部…；在北方…边界) aside; else the sentence (it is one item's)."""
    parts = [m.group(0) for m in SEGMENT.finditer(sentence) if m.group(0).strip()]
    for word in (w for w in items if w not in subject):
        naming = [p for p in parts if word in normalise(p)]
        if 0 < len(naming) < len(parts):
            return "；".join(naming)
    return sentence


def of_another_part(question: Question, plain: str, items: list[str], subject: str) -> bool:
    """Whether a word of the question that the (normalised) sentence holds is held only by parts of it
    naming no item the question names (产量 in 咖啡…生豆产量14.6万吨 for 茶叶产量); words that time,
    scope, place or hedge the figure (今年, 全省, 预计) may be anywhere."""
    part = item_part(items, plain, subject)
    words = [
        w
        for w in question.words
        if len(w) > 1
        and w not in items
        and w not in deciding.HEDGES
        and w not in RELATIVE_YEARS
        and w not in question.places
        and not _levels(w)
    ]
    return part != plain and any(w in plain and w not in part for w in words)


def whole_or_part(question: Question, plain: str, items: list[str], subject: str) -> bool:
    """Whether the (normalised) sentence gives a part where the whole is asked (总投资: 主体工程投资18.5
    亿元) or the whole where a part is asked (二期投资: 总投资286亿元: the question names an item that
    neither the sentence nor the article's ``subject``, its headline and opening, names)."""
    measured = deciding.measured(question)
    word = measured.removeprefix(WHOLE)
    if len(word) < 2:
        return False
    if WHOLE + word in question.text:
        if WHOLE + word in plain:
            return False
        for clause in re.findall(r"[^,，;；。]+", plain):
            at = clause.find(word)
            before = clause[max(0, at - 4) : at] if at >= 0 else ""
            pairs = {before[i : i + 2] for i in range(len(before) - 1)}
            named = [p for p in pairs if CJK_PAIR.fullmatch(p) and p not in question.text]
            if any(p not in PART_FREE for p in named) or STAGE.search(before):
                return True
        return False
    if WHOLE in question.text or WHOLE + word[:2] not in plain:
        return False
    return any(w not in plain and w not in subject for w in items)
