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

import datetime as dt
import re
from collections.abc import Callable, Collection, Iterator
from functools import partial

from bot.corpus.models import AnyArticle
from bot.search.kinds import FACT_KINDS
from bot.search.question import FIRST_MONTHS, Question
from bot.text.numerals import arabic

QUESTION_LINE = re.compile(r"^(?:问|记者|主持人|提问|本报记者)\s*[:：]")
ASKS_ITSELF = re.compile(r"[?？][”’\"'」』）)]*$")
PROSE_END = re.compile(r"[。！!…；;，,、:：][”’\"'」』）)]*$")
"""The kinds of one value cut from a sentence, of which a neighbouring year's is always at hand."""
HEDGES = frozenset(
    {"大约", "大概", "约为", "一共", "总共", "共计", "将近", "到底", "究竟", "目前", "现在"}
    | {"最多", "最多能", "最少", "至多", "至少", "能", "可以", "可", "需要"}
)
"""Words before 多少 that hedge, time or bound the figure (最多能缴多少) rather than name what it measures."""
GENERIC_MEASURES = frozenset(
    "成绩 数量 数目 总数 总量 人数 次数 规模 数字 数据 水平 结果 幅度 情况 比分 记录 纪录".split()
)
"""Words that name any figure (成绩 for 3小时12分08秒): the sentence need not repeat them."""
JOINED = ("进出口", "中小学")
"""Words that join a pair (进口 and 出口; 中学 and 小学): the whole, which names no one part."""
LOOK_BACK = 2000
"""How far before a sentence (in characters) the year it speaks of is looked for."""
SUBHEAD_CHARS = 30
"""A paragraph this short that ends no sentence is a subhead (鲜菜价格领涨), never an answer."""
YEAR = re.compile(r"(?<![\d.])(\d{4})年(?!代|级)")
BARE_YEAR = re.compile(r"(?<![\d.])(\d{4})年(?!\d{1,2}月\d{1,2}[日号]|代|级|度)")
"""A year named as a period (2020年粮食产量), not as the first part of a day (2024年3月7日)."""
RELATIVE_YEARS = {"今年": 0, "本年": 0, "去年": -1, "上年": -1, "前年": -2}
RELATIVE_YEAR = re.compile("|".join(RELATIVE_YEARS))
BASE_BEFORE = re.compile(r"(?:比|较|较之|相较于?|相比于?|超过|高于|低于|多于|少于|不及|对比)$")
"""Words right before a year that make it the base of a comparison (比2023年下降2.1%)."""
BASE_WITH = re.compile(r"(?:与|同|和|跟)$")
COMPARED = re.compile(r"^(?:同期)?[^,，。;；]{0,4}?(?:相比|比较|持平)")
"""与2020年相比: a year after 与/同 is a base only when 相比 (or 持平) follows."""
# A speaker and what they say: a date in someone's words is no date of their own acts.
MONTH = re.compile(r"(?<![\d.])(\d{1,2})月(?:份)?(?![\d日号])")
QUARTER = re.compile(r"(前)?第?([1-4一])季度")
"""A quarter (一季度, 第2季度) or the quarters to it (前3季度), in ``arabic`` form: months 4-6, 1-9."""
COUNTERS = ("届", "次", "期", "批", "轮", "季", "阶段")
ORDINAL = re.compile(rf"(第\d+)({'|'.join(COUNTERS)})")
"""An event's ordinal (第3届, in ``arabic`` form): 首届 is 第1届, and another one does not answer."""
BASE_OCCASION = re.compile(r"(?:比|较|较之|相较于?|相比于?)(?:首|上|本|下)?(?:第\d+)?(?:届|次|期)")
"""较首届增长40%: the occasion compared with is none the sentence is about."""
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
    """The years the question names as periods, as digits, each with whether it is written (2020年)
    rather than counted from the reader's day (今年/去年, only for a dated article); a year it compares
    with (比2023年增长多少) is none."""
    text = arabic(question.text)
    years = {m.group(1): True for m in BARE_YEAR.finditer(text) if not _base(text, m.start(), m.end())}
    for period in question.when.ranges:  # the days a question names leave its text (2023年12月)
        whole_months = period.start.day == 1 and (period.end + dt.timedelta(days=1)).day == 1
        if period.start.year != period.end.year or not whole_months:
            continue
        year, written = str(period.start.year), YEAR.search(arabic(period.words)) is not None
        if written or (dated and RELATIVE_YEAR.search(period.words)):
            years[year] = years.get(year, False) or written
    return years


def years_of(text: str, day: dt.date | None) -> frozenset[str]:
    """The years a (normalised, ``arabic``) text names as its own periods: written, or relative to the
    paper's day; not those it compares with (``_base``)."""
    years = {m.group(1) for m in YEAR.finditer(text) if not _base(text, m.start(), m.end())}
    if day is not None:
        years.update(
            str(day.year + RELATIVE_YEARS[m.group(0)])
            for m in RELATIVE_YEAR.finditer(text)
            if not _base(text, m.start(), m.end())
        )
    return frozenset(years)


def _base(text: str, start: int, end: int) -> bool:
    """Whether the year at text[start:end] is the base of a comparison (比2023年, 较上年, 与2020年相比)."""
    before = text[max(0, start - 3) : start]
    return bool(BASE_BEFORE.search(before) or (BASE_WITH.search(before) and COMPARED.match(text[end:])))


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
    unbased = BASE_OCCASION.sub("，", question.text)  # 比上届增加了多少: 上届 is no occasion asked
    years = asked_years(question, day is not None)
    pairs = [(word, group) for word, group in question.sub.pairs if word in unbased]
    months, ordinals = asked_months(question), asked_ordinals(question)
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
        and all(held(n, partial(_ordinals, counter=c), True) for n, c in ordinals)
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


def asked_months(question: Question) -> tuple[str, ...]:
    """The month periods a question names: one month (4月份, 2024年5月: "5"), the first months of a
    year (前5个月, 1—5月: "1-5") or a quarter (二季度: "4-6")."""
    text = arabic(question.text)
    found = [f"1-{m.group(1) or m.group(2)}" for m in FIRST_MONTHS.finditer(text)] + _quarters(text)
    for period in question.when.ranges:  # a month the question names leaves its text (4月份)
        last = (period.end + dt.timedelta(days=1)).day == 1
        if period.start.day == 1 and last and period.start.month == period.end.month:
            found.append(str(period.start.month))
    return tuple(dict.fromkeys(found))


def months_of(text: str) -> frozenset[str]:
    """The month periods a (normalised, ``arabic``) text names as its own (5月份, 前5个月), not a day
    (5月25日) nor a month it compares with (比4月份回落)."""
    found = {f"1-{m.group(1) or m.group(2)}" for m in FIRST_MONTHS.finditer(text)}
    found.update(m.group(1) for m in MONTH.finditer(text) if not _base(text, m.start(), m.end()))
    return frozenset(found | set(_quarters(text)))


def _quarters(text: str) -> list[str]:
    """The quarters a (normalised, ``arabic``) text names, as month periods (一季度 → "1-3", 前3季度 →
    "1-9"), not those it compares with (比1季度)."""
    found = []
    for m in QUARTER.finditer(text):
        if not _base(text, m.start(), m.end()):
            last = 3 * (1 if m.group(2) == "一" else int(m.group(2)))
            found.append(f"{1 if m.group(1) else last - 2}-{last}")
    return found


def asked_ordinals(question: Question) -> list[tuple[str, str]]:
    """The ordinals a question names with their counter (第三届 → ("第3", "届"), 首届 → ("第1", "届"))."""
    text = arabic(question.text)
    return ORDINAL.findall(text) + [("第1", c) for c in COUNTERS if f"首{c}" in text]


def _ordinals(text: str, counter: str) -> frozenset[str]:
    """The ordinals of a counter (届) a (normalised, ``arabic``) text names: 第3届 → "第3", 首届 → "第1"."""
    found = {n for n, c in ORDINAL.findall(text) if c == counter}
    return frozenset(found | ({"第1"} if f"首{counter}" in text else set()))


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
    利润是多少), another name of it or half its characters, unless the headline or the opening sentence
    names it (the article's subject: 鸡毛松有多高 is answered by 树高可达55米) or it names any figure (成绩)."""
    word = measured(question)
    said = article.analysed
    subject = unjoined(question, said.headline + "\n" + said.opening)
    if not word or word in GENERIC_MEASURES or word in subject:
        return True
    plain = unjoined(question, plain)  # 出口额 is not held, nor half held, by 进出口总额
    if any(form in plain for form in (word, *question.variants.get(word, ()))):
        return True
    return 2 * sum(ch in plain for ch in set(word)) >= len(set(word))


def unjoined(question: Question, text: str) -> str:
    """The text without the words that join a pair (进出口 for 进口 and 出口) the question does not name:
    the whole names no one part."""
    for joined in JOINED:
        if joined not in question.text:
            text = text.replace(joined, "，")
    return text


def measured(question: Question) -> str:
    """The question's last word of two characters or more before the words that ask, hedges (大约)
    aside: what the number measures."""
    ask = question.text.find(question.asks) if question.asks else -1
    before = [
        w for w in question.words if len(w) > 1 and w not in HEDGES and 0 <= question.text.find(w) < ask
    ]
    return max(before, key=question.text.find, default="")
