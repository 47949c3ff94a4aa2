"""The short answer: the phrase of the chosen sentence that answers the question, by its kind.

A person with their title for 谁, a date or period for 什么时候, a place for 哪里, a number with its
unit for 多少, the items for 哪些, the reason clause for 为什么, 是/否 for a yes/no question only when
the sentence says so. Every phrase is cut from the news text; when none fits, there is no short answer
and the reply quotes the sentence alone.
"""

from __future__ import annotations

import re

from bot.corpus.models import AnyArticle
from bot.search.kinds import COUNT_UNITS, DATE, MEASURES, NUMBER_PHRASE, REASON, RULES, N
from bot.search.question import Question
from bot.search.text import normalise

DURATION_ASKED = re.compile(r"几天|多久|多长时间|几个月|几年")
SPAN = re.compile(r"[至到—\-~]|[天周年]$")
RELATIVE = re.compile(r"[昨今明前][日天]")
CLAUSE = re.compile(r"[^,，;；:：。！？!?]+")
DATE_LIKE = re.compile(rf"^(?:{DATE})$")
NEGATION = re.compile(r"不|未|没有|没|无|非|否|尚未")
ITEMS_START = re.compile(r"(?:设有|设|有|包括|包含|涵盖|为|是|如|即|来自|分布于|分布在|[:：])")
ITEMS_END = re.compile(rf"(?:等|{N}+(?:个|项|种|类|家|所|名|位|大|条)|的|以及其他)")
LIST_RUN = re.compile(r"[^,，;；:：。！？!?]*、[^,，;；:：。！？!?]*")
PLACE_AFTER = re.compile(
    r"(?:在|位于|坐落于|地处|来自)([^,，。;；、在于]{2,16}?)(?:举行|召开|举办|开幕|闭幕|出生|成立|建立|设立|进行|[,，。;；]|$)"
)
FORM = re.compile(r"以([^,，。]{1,8}形式)")
ASKED_UNIT = re.compile(rf"(?:多少|几)((?:{MEASURES})|{COUNT_UNITS})")
TITLES = r"书记|市长|省长|主任|主席|委员|部长|局长|厅长|区长|县长|总统|总理|总裁|董事长|经理|院长|校长|负责人"
# A title and the name after it (市长林国栋, 校长为阮某某女士): the answer is the two without 为/是.
TITLE_NAME = re.compile(
    rf"([\u4e00-\u9fff]{{0,8}}?(?:{TITLES}))(?:为|是)?([\u4e00-\u9fff·]{{2,4}}?)"
    r"(?=[,，、。;；在出主宣表介讲作说指强要和与及]|女士|先生|$)"
)
# What a name never holds: the rest of a title, a meeting, a body (主席会议 is no 主席 named 会议).
NOT_A_NAME = re.compile(r"会|议|工作|部门|单位|机构|委|局|厅|组|处|届|次|的|和|等|们")
QUOTES = frozenset("“”‘’\"'「」『』")
OPENERS = {"(": ")", "（": "）", "《": "》", "【": "】", "[": "]", "〔": "〕"}
CLOSERS = {close: open_ for open_, close in OPENERS.items()}
# 市长是谁, 谁是主任: the question asks who holds a title, so the answer must name someone holding it.
ASKS_TITLE_HOLDER = re.compile(rf"({TITLES})(?:是谁|是哪位)|谁是[^,，。?？]*?({TITLES})")


def short_answer(question: Question, sentence: str, article: AnyArticle) -> str:
    """The answer phrase of the sentence for the question, or "" when the kind has none or none fits.

    A phrase never starts or ends with a quote mark, nor with a bracket it does not close or open.
    """
    return _trimmed(_phrase(question, normalise(sentence), article))


def _trimmed(phrase: str) -> str:
    """The phrase without quote marks at its ends, nor brackets there that pair with nothing inside."""
    while phrase:
        first, last = phrase[0], phrase[-1]
        if first in QUOTES or (first in OPENERS and OPENERS[first] not in phrase):
            phrase = phrase[1:]
        elif last in QUOTES or (last in CLOSERS and CLOSERS[last] not in phrase):
            phrase = phrase[:-1]
        else:
            return phrase.strip()
    return ""


def _phrase(question: Question, plain: str, article: AnyArticle) -> str:
    kind = question.kind
    if kind == "when":
        return _when(question, plain)
    if kind == "number":
        return _number(question, plain)
    if kind == "who":
        return _person(question, plain, article)
    if kind == "where":
        return _place(question, plain)
    if kind == "list":
        return _items(question, plain)
    if kind == "why":
        return _reason(plain)
    if kind == "yesno":
        return _yes_no(question, plain)
    return ""


def _distance(start: int, question: Question, text: str) -> float:
    """How far a phrase starting at ``start`` stands from the question's own words in the sentence (the
    answer sits next to what the question asks about), each word's distance divided by its weight."""
    far = [
        (start - m.end() if m.end() <= start else m.start() - start + 1) / weight
        for word, weight in question.weights.items()
        for m in re.finditer(re.escape(word), text)
    ]
    return min(far, default=0.0)


def _anchor(question: Question) -> str:
    """The question's word just before the words that ask (末班车 in 末班车几点, 偏高 in 偏高多少): what
    the answer measures."""
    ask = question.text.find(question.asks) if question.asks else -1
    before = [w for w in question.words if 0 <= question.text.find(w) < ask]
    return max(before, key=question.text.find, default="")


def _rank(match: re.Match[str], question: Question, text: str) -> tuple[bool, float]:
    """Phrases that closely follow the anchor word first, then the nearest to the question's words."""
    anchor = _anchor(question)
    after_anchor = bool(anchor) and anchor in text[max(0, match.start() - len(anchor) - 4) : match.start()]
    return (not after_anchor, _distance(match.start(), question, text))


def _when(question: Question, text: str) -> str:
    """The date or period nearest the question's words, one the reader did not give; a written date
    before a relative one (昨日), and a span (4月26日至28日) first for 几天/多久."""
    spans = [m for m in RULES["when"].shape.finditer(text) if m.group(0).strip() not in question.text]
    if not spans:
        return ""

    def rank(match: re.Match[str]) -> tuple[bool, bool, bool, float]:
        phrase = match.group(0)
        span_first = bool(DURATION_ASKED.search(question.text)) and not SPAN.search(phrase)
        return (span_first, bool(RELATIVE.fullmatch(phrase)), *_rank(match, question, text))

    return min(spans, key=rank).group(0).strip()


def _number(question: Question, text: str) -> str:
    """A count or amount, not a date, nearest the question's words; with the unit the question asks
    for (多少人 → …人) when it names one (多少客商 names what is counted, not its unit); an ordinal
    (第49次) for 第几."""
    if "第几" in question.text:
        ordinal = re.search(r"第[\d零〇一二两三四五六七八九十百千]+" + COUNT_UNITS, text)
        if ordinal:
            return ordinal.group(0)
    asked = ASKED_UNIT.search(question.text)
    unit = asked.group(1) if asked else ""
    found = [
        m
        for m in re.finditer(NUMBER_PHRASE, text)
        if not DATE_LIKE.match(m.group(0)) and m.group(0) not in question.text
    ]
    if unit:
        found = [m for m in found if unit[0] in m.group(0)]
    if not found:
        return ""
    return min(found, key=lambda m: _rank(m, question, text)).group(0)


def asked_title(question: Question) -> str:
    """The title a 谁 question asks the holder of (市长是谁 → 市长), or ""."""
    match = ASKS_TITLE_HOLDER.search(question.text)
    return (match.group(1) or match.group(2)) if match else ""


def _person(question: Question, text: str, article: AnyArticle) -> str:
    """A person the article names, with their title, that the sentence names; else a title and name.

    When the question asks who holds a title (主任是谁), only a person holding that title answers.
    """
    title = asked_title(question)
    named = []
    for person in article.people:
        name = normalise(person.name)
        if person.role == "reporter" or name not in text or name in question.text:
            continue
        titles = "、".join(person.titles)
        if not title or title in titles:
            named.append((_distance(text.index(name), question, text), f"{titles}{person.name}"))
    if named:
        return min(named)[1]
    for match in TITLE_NAME.finditer(text):
        name = match.group(2)
        if name in question.text or NOT_A_NAME.search(name) or (title and title not in match.group(1)):
            continue
        return match.group(1) + name
    return ""


def names_title_holder(question: Question, sentence: str, article: AnyArticle) -> bool:
    """Whether the sentence can answer a 谁 question: always, unless it asks who holds a title, then
    only when the sentence names a holder of it."""
    return not asked_title(question) or bool(_person(question, normalise(sentence), article))


def _place(question: Question, text: str) -> str:
    for pattern in (FORM, PLACE_AFTER):
        for match in pattern.finditer(text):
            phrase = match.group(1)
            if phrase not in question.text:
                return phrase
    return ""


def _items(question: Question, text: str) -> str:
    """The run of items listed with 、 in the clause that holds the most question words."""
    runs = LIST_RUN.findall(text)
    if not runs:
        return ""
    best = max(runs, key=lambda run: sum(wt for w, wt in question.weights.items() if w in run)).strip()
    items = best.split("、")
    # The clause around the items: the words before the first (本届运动会设) and after the last
    # (四个大项, 等地) are not items, when the first and last items stay about as long as the others.
    middle = max((len(item) for item in items[1:-1]), default=4) + 2
    head = ITEMS_START.split(items[0])[-1]
    tail = ITEMS_END.split(items[-1])[0]
    if 0 < len(head) <= middle and 0 < len(tail) <= middle + 4:
        return "、".join([head, *items[1:-1], tail])
    return best


def _reason(text: str) -> str:
    """The clause that gives a reason (因为…, 由于…, 为了…), or the one before 因此/所以."""
    clauses = CLAUSE.findall(text)
    for i, clause in enumerate(clauses):
        marker = re.search(REASON, clause)
        if not marker:
            continue
        if (
            marker.group(0) in {"因此", "所以", "从而", "为此"}
            and clause.startswith(marker.group(0))
            and i > 0
        ):
            return clauses[i - 1].strip()
        return clause.strip()
    return ""


def _yes_no(question: Question, text: str) -> str:
    """是 when the sentence holds every content word of the question without a negation, 否 when it
    negates one of them; "" (quote only) otherwise."""
    words = [w for w in question.words if len(w) > 1]
    if not words or not all(w in text for w in words):
        return ""
    negated = any(NEGATION.search(text[max(0, text.index(w) - 3) : text.index(w)]) for w in words)
    if negated:
        return "否"
    return "" if NEGATION.search(text) else "是"
