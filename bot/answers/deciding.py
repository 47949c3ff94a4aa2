"""What the answering sentence must hold itself: the question's deciding elements.

An article holding a question's year or subject somewhere is not enough: the sentence quoted must be
about them. A year the question names (2020年粮食产量) is held by the sentence, or -- when the sentence
names no year -- by the last sentence before it that does, else by the headline (a paper's date never
stands for it: the 2019 figure printed in 2020 does not answer 2020年). A year a sentence compares with
(比2023年下降, 较上年同期, 与2020年相比) is no period of its own: 今年造林12万亩，比2022年多3万亩 does not
answer 2022年. 今年/去年 in a question count from the reader's day. The same holds for words that set
one period or measure against its pair (同比/环比, 上半年/下半年, 本届/上届, 上限/下限). The question's Latin names and
words with another name (CPI, GDP) are the subject of the quantity asked: its own sentence names them.
Some sentences never answer: an interview's question lines (问：…) and subheads, above all those that
are questions themselves (为何涨幅扩大？).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterator
from functools import partial

from bot.corpus.models import AnyArticle
from bot.search.kinds import FACT_KINDS
from bot.search.question import Question
from bot.text.numerals import arabic
from bot.text.periods import BASE_OCCASION, COUNTERS, ORDINAL, months_of, ordinals_of, years_of

QUESTION_LINE = re.compile(r"^(?:问|记者|主持人|提问|本报记者)\s*[:：]")
ASKS_ITSELF = re.compile(r"[?？][”’\"'」』）)]*$")
PROSE_END = re.compile(r"[。！!…；;，,、:：][”’\"'」』）)]*$")
HEDGES = frozenset(
    {"大约", "大概", "约为", "一共", "总共", "共计", "将近", "到底", "究竟"}
    | {"目前", "现在", "如今", "当前", "眼下", "现今", "时下"}
    | {"最多", "最多能", "最少", "至多", "至少", "能", "可以", "可", "需要"}
)
"""Words before 多少 that hedge, time or bound the figure (最多能缴多少) rather than name what it measures."""
GENERIC_MEASURES = frozenset(
    "成绩 数量 数目 总数 总量 人数 次数 规模 数字 数据 水平 结果 幅度 情况 比分 记录 纪录 时间".split()
)
"""Words that name any figure (成绩 for 3小时12分08秒): the sentence need not repeat them."""
JOINED = ("进出口", "中小学")
"""Words that join a pair (进口 and 出口; 中学 and 小学): the whole, which names no one part."""
LOOK_BACK = 2000
"""How far before a sentence (in characters) the year it speaks of is looked for."""
SUBHEAD_CHARS = 30
"""A paragraph this short that ends no sentence is a subhead (鲜菜价格领涨), never an answer."""
# A speaker and what they say: a date in someone's words is no date of their own acts.
SPEECH = re.compile(r"(?:说|表示|指出|强调|介绍|认为|透露|称)[,，:：]")


def asks(sentence: str) -> bool:
    """Whether a sentence asks (问：…, 为何涨幅扩大？): what follows it answers it."""
    text = sentence.strip()
    return bool(QUESTION_LINE.match(text) or ASKS_ITSELF.search(text))


def set_apart(sentence: str) -> bool:
    """Whether a sentence never answers: an interview's question line (问：…), a subhead (short, ending
    no sentence: a chunk keeps it on a line of its own) or a sentence that asks itself (为何涨幅扩大？)."""
    text = sentence.strip()
    return bool(
        QUESTION_LINE.match(text)
        or ASKS_ITSELF.search(text)
        or (len(text) <= SUBHEAD_CHARS and not PROSE_END.search(text))
    )


def asked_years(question: Question, dated: bool = True) -> dict[str, bool]:
    """The years the question names as periods, each with whether it is written (2020年) rather than
    counted from the reader's day (今年/去年, only for a dated article)."""
    relative = question.sub.relative_years if dated else ()
    return {y: True for y in question.sub.years} | {y: False for y in relative}


def _before(article: AnyArticle, plain: str) -> Iterator[str]:
    """The article's sentences before the given (normalised) one within ``LOOK_BACK`` characters,
    nearest first (``arabic``), then its headline: a year is named near what it dates."""
    text = article.analysed.sentences
    at = text.find(plain)
    if at > 0:
        yield from (arabic(s) for s in reversed(text[max(0, at - LOOK_BACK) : at].split("\n")) if s)
    yield arabic(article.analysed.headline)


def holds_period(question: Question, text: str, article: AnyArticle) -> bool:
    """Whether the (normalised) sentence is about the years, months (4月份, 前5个月), ordinals (第三届)
    and paired words (同比, 上半年) that a question for one value (``FACT_KINDS``) names: it names them,
    or names none of their kind and the last sentence before it naming one of that kind (else the
    headline) names them."""
    if question.kind not in FACT_KINDS:  # 为什么2008年…: a reason may be told by what came before
        return True
    day = article.date or article.page_date
    years, pairs = asked_years(question, day is not None), question.sub.pairs
    months, ordinals = question.sub.months, question.sub.ordinals
    if not years and not pairs and not months and not ordinals:
        return True
    plain = BASE_OCCASION.sub("，", arabic(text))  # 较首届: no occasion of its own

    def held(asked: object, named_of: Callable[[str], Collection[object]], default: bool) -> bool:
        named = _nearest(named_of, plain, article, text)
        return default if named is None else asked in named

    paper_year = str(day.year) if day else ""
    return (
        all(held(y, lambda t: years_of(t, day), not w and y == paper_year) for y, w in years.items())
        and all(held(m, months_of, True) for m in months)
        and all(held(n, partial(ordinals_of, counter=c), True) for n, c in ordinals)
        and all(held(word, partial(_named, group=group), True) for word, group in pairs)
    )


def _named(text: str, group: tuple[str, ...]) -> list[str]:
    return [w for w in group if w in text]


def without_periods(question: Question) -> dict[str, float]:
    """The question's word weights without its ordinals (首届, 第三届) and paired words (上半年, 本届):
    what decides of them is held by the sentence as a whole (``holds_period``)."""
    paired = {w for w, _ in question.sub.pairs}
    return {
        w: wt
        for w, wt in question.weights.items()
        if w not in paired and not ORDINAL.search(arabic(w)) and not any(w == f"首{c}" for c in COUNTERS)
    }


def _nearest(
    named_of: Callable[[str], Collection[object]], plain: str, article: AnyArticle, sentence: str
) -> Collection[object] | None:
    """What the sentence names of one kind (its years, its months), else what the nearest sentence
    before it naming any of that kind names, else the headline's; None when none names any (then a
    year asked as 今年 is the paper's own, a written one is not held, and the rest are the reader's)."""
    named = named_of(plain)
    if named:
        return named
    for before in _before(article, sentence):
        named = named_of(before)
        if named:
            return named
    return None


def subject_words(question: Question) -> tuple[str, ...]:
    """The words that name what a quantity is of: Latin names (PPI) and words the news may say
    another way (CPI → 居民消费价格)."""
    latin = [n for n in question.names if n.isascii()]
    return tuple(dict.fromkeys([*latin, *(w for w in question.variants if w.isascii())]))


def holds_subject(question: Question, plain: str) -> bool:
    """Whether the (normalised) sentence names each subject word (``subject_words``) or another name."""
    return all(
        any(form in plain for form in (word, *question.variants.get(word, ())))
        for word in subject_words(question)
    )


def speech_start(text: str) -> int:
    """Where reported speech starts in the text (after 说，), or -1."""
    match = SPEECH.search(text)
    return match.end() if match else -1


def holds_measured(question: Question, plain: str, article: AnyArticle) -> bool:
    """Whether the (normalised) sentence names what a number question measures (``measured``: 利润 in
    利润是多少; ``named_after``: 研发 in 有多少研发人员), another name of it or half its characters,
    unless the headline or the opening sentence names it (the article's subject: 鸡毛松有多高 is answered
    by 树高可达55米) or it names any figure (成绩)."""
    said = article.analysed
    subject = unjoined(question, said.headline + "\n" + said.opening)
    plain = unjoined(question, plain)  # 出口额 is not held, nor half held, by 进出口总额

    def holds(word: str) -> bool:
        if not word or word in GENERIC_MEASURES or word in subject:
            return True
        if any(form in plain for form in (word, *question.variants.get(word, ()))):
            return True
        return 2 * sum(ch in plain for ch in set(word)) >= len(set(word))

    return holds(measured(question)) and holds(question.sub.named_after)


def unjoined(question: Question, text: str) -> str:
    """The text without the words that join a pair (进出口 for 进口 and 出口) the question does not name:
    the whole names no one part."""
    for joined in JOINED:
        if joined not in question.text:
            text = text.replace(joined, "，")
    return text


def measured(question: Question) -> str:
    """The question's last word of two characters or more before the words that ask, hedges (大约, 现在)
    and the words asking for an old value (原来) aside: what the number measures."""
    ask = question.text.find(question.asks) if question.asks else -1
    before = [
        w
        for w in question.words
        if len(w) > 1 and w not in HEDGES and w not in question.sub.old and 0 <= question.text.find(w) < ask
    ]
    return max(before, key=question.text.find, default="")
