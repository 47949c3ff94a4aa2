"""The item a quantity is of: a question about one item is not answered by another item's figure.

水运完成投资多少 is not answered by 全国完成交通固定资产投资3.8万亿元 where another sentence of the article
gives 水运's own figure; 交通固定资产投资 (named in the headline) is not answered by 水运完成投资1808亿元
where another sentence gives it. So a word the question names to say which item it means, that the
sentence does not hold and another sentence of the article holds beside a figure (of the kind asked,
if it asks one), is another item's. A word of the headline or the opening sentence is every sentence's (马来穿山甲 for
牠们体长约65厘米) unless the headline gives that item's figure itself or the sentence names another part of
the headline (海峡大桥全长20.3公里 for 闽东跨海高铁全长多少 under 闽东跨海高铁海峡大桥合龙). And where the article breaks a quantity down (其中，公路…，水运…;
分别为), an item it never names is one it does not give: neither the whole nor another part answers.
Words that only scope or time the figure (全国, 我国, 2024年), places, hedges and the word the number
measures (投资 in 投资多少) say nothing of which item.
"""

from __future__ import annotations

import re

from bot.answers import deciding
from bot.answers.measures import MEASURES, Measure, asked_measure, kind_of
from bot.answers.phrases import CLASSIFIERS, figures
from bot.corpus.models import AnyArticle
from bot.search.question import Question
from bot.search.subkinds import PAIRS, PERIODS
from bot.text.periods import RELATIVE_YEARS

SCOPES = frozenset(
    "我国 全国 全省 全市 全区 全县 本市 本省 国内 全球 世界 其中 年末 年底 年初 截至 目前 全年".split()
)
PERIOD = re.compile(r"(?:季度|半年|年度|月份|个月|上旬|中旬|下旬)$")
"""Words that time a figure (一季度, 上半年): what decides of them is held apart (``deciding``)."""
ORDINAL = re.compile(r"第[\d零〇一二两三四五六七八九十百千]+")
"""第五届 names an event, it gives no figure."""
TIME = next(m for m in MEASURES if m.name == "time")
CJK_PAIR = re.compile(r"[\u4e00-\u9fff]{2}")
BREAKDOWN = re.compile(r"其中|分别")
"""A sentence that gives the parts of a whole (其中，出口…；进口…) or several items' values (分别为)."""


def item_words(question: Question) -> list[str]:
    """The question's words that say which item a figure is of (``水运`` in 2024年水运完成投资多少); where
    the asking words name the quantity (引桥有多长), the word before them is the item."""
    measured = deciding.measured(question) if not question.sub.quantity_named else ""
    at = question.text.find(question.asks) + len(question.asks) if question.asks else -1
    unit = next((w for w in question.words if question.text.startswith(w, at) and w[0] in CLASSIFIERS), "")
    paired = {w for group in PAIRS for w in group}
    skipped = deciding.HEDGES | deciding.GENERIC_MEASURES | SCOPES | paired | set(RELATIVE_YEARS)
    return [
        w
        for w in question.words
        if len(w) > 1
        and not any(ch.isdigit() for ch in w)
        and w != measured
        and w not in skipped
        and not PERIOD.search(w)
        and w not in question.sub.timing
        and w != unit
        and w not in question.places
        and not ORDINAL.match(w)
    ]


def of_another_item(question: Question, plain: str, article: AnyArticle) -> bool:
    """Whether the (normalised) sentence's figures are of another item than the one the question names:
    an item word it lacks is held beside a figure by another sentence of the article, or is named
    nowhere in an article that breaks the quantity down (see the module's docstring)."""
    missing = [w for w in item_words(question) if not _holds(question, w, plain)]
    measure = asked_measure(question)  # none for how long: any figure names its item (主桥长1.2公里)
    others = [s for s in article.analysed.sentences.split("\n") if s and s != plain]
    counted = [s for s in others if _gives(s, measure)]
    headline = article.analysed.headline
    # a place that is not the article's subject is an item too (北湾港's figure is not 海滨港's)
    subject = headline + "\n" + article.analysed.opening
    away = [p for p in question.places if p not in plain and p not in subject]
    if any(p in s for p in away for s in counted):
        return True
    if not missing:
        return False
    headline_says = _gives(headline, measure) or _another_part(question, plain, headline)
    # the subject named once, then 学校现有学生36名; an opening listing items (海滨港…；北湾港…) names
    # its subject in its first part
    opening = re.split(r"[；;]", article.analysed.opening, maxsplit=1)[0]
    said = [
        w for w in missing if (w in headline and headline_says) or (w not in headline and w not in opening)
    ]
    # the headline's subject is another item only where a sentence gives its figure of the quantity
    # asked (南湖马拉松's 参赛规模 says nothing of its 成绩)
    word = deciding.measured(question)
    if any(_holds(question, w, s) and (w not in headline or word in s) for w in said for s in counted):
        return True
    parts = TIME if question.kind == "when" else measure
    broken_down = any(BREAKDOWN.search(s) and _gives(s, parts, 2) for s in (plain, *others))
    whole = article.analysed.whole
    return broken_down and any(not _holds(question, w, whole) for w in missing)


def _another_part(question: Question, plain: str, headline: str) -> bool:
    """Whether the sentence names a part of the headline (two characters or more) the question does not."""
    pairs = {headline[i : i + 2] for i in range(len(headline) - 1)}
    return any(CJK_PAIR.fullmatch(p) and p in plain and p not in question.text for p in pairs)


def _holds(question: Question, word: str, text: str) -> bool:
    """Whether the text names the word (or another name of it), not only inside a word that joins it
    with its pair (出口 in 进出口 is the whole, not the part)."""
    text = deciding.unjoined(question, text)
    return any(form in text for form in (word, *question.variants.get(word, ())))


def _gives(text: str, measure: Measure | None, least: int = 1) -> bool:
    """Whether the text gives a figure (at least ``least``) of the kind asked (any kind when the
    question asks none)."""
    found = figures(PERIODS.sub("，", ORDINAL.sub("", text)))[0]
    return sum(measure is None or kind_of(f) is measure for f in found) >= least
