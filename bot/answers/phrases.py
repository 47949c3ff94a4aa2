"""The short answer: the phrase of the chosen sentence that answers the question, by its kind.

A person with their title for 谁, a date or period for 什么时候, a place for 哪里, a number with its
unit for 多少, the items for 哪些, the reason clause for 为什么, 是/否 for a yes/no question only when
the sentence says so. Every phrase is cut from the news text; when none fits, there is no short answer
and the reply quotes the sentence alone.
"""

from __future__ import annotations

import dataclasses
import re

from bot.answers import clauses, deciding, framing, slots
from bot.answers.measures import asked_measure, of_another
from bot.answers.years import CYCLE_YEAR
from bot.corpus.article_text import people_of
from bot.corpus.models import AnyArticle
from bot.search.kinds import BODY, COUNT_UNITS, DATE, MEASURES, NUMBER_PHRASE, REASON, RULES, N
from bot.search.question import Question
from bot.search.subkinds import CLASSIFIERS, TITLES
from bot.text.terms import normalise

_AMOUNT = r"(?:\d{1,3}(?:,\d{3})+[万亿]?|\d+(?:\.\d+)?[万亿]|\d{1,3}(?:\.\d+)?|[一二两三四五六七八九十百千]+[万亿]?)(?:多|余)?"
_LENGTH = rf"{_AMOUNT}(?:个多?月|个?半月|年半?(?!代)|周|个?星期|天|个?小时|分钟)"
DURATION = re.compile(rf"(?<![\d零〇一二两三四五六七八九十百千第])(?:半年|半个月|{_LENGTH}(?:零?{_LENGTH})*)")
"""A length of time (两天, 10个月, 3年8个月, 半年), not a year (2021年), a decade (90年代) nor a day of a month."""
SPAN = re.compile(r"[至到—\-~]")
MONTHS = re.compile(
    rf"(?:{N}{{1,4}}年)?{N}{{1,2}}月?[至到—\-~]{N}{{1,2}}月(?![\d零〇一二两三四五六七八九十日号])"
)
"""A span of months (花期1-3月, 2025年3月至12月), which ``DATE`` reads as one month."""
FROM_TO = re.compile(rf"(?<=[从自])(?:{DATE})[^。；;]{{0,10}}?[到至](?:{DATE})")
"""A span told from one day to another (从5月25日开始，持续到9月30日)."""
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
CJK_WORD = re.compile(r"[\u4e00-\u9fff]{2}")
SCORE = re.compile(r"(?<![\d.])\d{1,3}(?:比|:|：)\d{1,3}(?![\d.])")
"""A match's score (``SubKinds.score``) is written N比M (2比1, 3:0), never a minute or a count."""
# A time result is one amount (3分44秒07, 1小时05分), so is 2,173个; then any count or amount with its unit.
NUMBER = re.compile(
    r"\d+(?:小时\d{1,2}分(?:\d{1,2}秒(?:\d{1,3})?)?|分\d{1,2}秒(?:\d{1,3})?|秒\d{2}(?![\d.]))|"
    rf"\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?(?:万|亿)?(?:{MEASURES}|{COUNT_UNITS})|" + NUMBER_PHRASE
)
ANY_DATE = re.compile(DATE)
BARE_NUMBER = re.compile(
    r"\d|[一二两三四五六七八九十百千]+[万亿]|一半|半数|第[零〇一二两三四五六七八九十百千]+"
)
"""What is left of a number once its dates and figures with a unit are taken out."""
# A title and the name after it (市长林国栋, 校长为阮某某女士): the answer is the two without 为/是.
TITLE_NAME = re.compile(
    rf"([\u4e00-\u9fff]{{0,8}}?(?:{TITLES}))(?:为|是)?([\u4e00-\u9fff·]{{2,4}}?)"
    r"(?=[,，、。;；在出主宣表介讲作说指强要和与及]|女士|先生|$)"
)
ROLE_CUES = frozenset({"职务", "职位", "身份", "头衔"})
"""The words that ask for a person's post rather than for a person (甲被任命为什么职务)."""
# What a name never holds: the rest of a title, a meeting, a body (主席会议 is no 主席 named 会议).
NOT_A_NAME = re.compile(r"会|议|工作|部门|单位|机构|委|局|厅|组|处|届|次|的|和|等|们")
MARKS = frozenset(",，、;；:：。！？!?（）()")
"""Marks that part a phrase from the word after it."""
QUOTES = frozenset("“”‘’\"'「」『』")
OPENERS = {"(": ")", "（": "）", "《": "》", "【": "】", "[": "]", "〔": "〕"}
CLOSERS = {close: open_ for open_, close in OPENERS.items()}


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
        return _when(question, plain, article)
    if kind == "number":
        return _number(question, plain, article)
    if kind == "who":
        return (_role if question.asks in ROLE_CUES else _person)(question, plain, article)
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


def _rank(match: re.Match[str], question: Question, text: str) -> tuple[bool, float]:
    """Phrases bound to the anchor word first, then the nearest to the question's words."""
    return (not _bound(match, clauses.anchor(question), text), _distance(match.start(), question, text))


def _bound(match: re.Match[str], anchor: str, text: str) -> bool:
    """Whether the phrase stands with the anchor word: closely after it (增长5.6%), with no enumeration
    mark between (死亡、136人失踪: 136人 is another item), or right before it (107人死亡)."""
    if not anchor:
        return False
    before = text[max(0, match.start() - len(anchor) - 4) : match.start()]
    at = before.rfind(anchor)
    if at >= 0 and "、" not in before[at + len(anchor) :]:
        return True
    after = text[match.end() : match.end() + len(anchor) + 1]
    return after.startswith(anchor) or (after[1:] == anchor and after[0] not in MARKS)


def _when(question: Question, text: str, article: AnyArticle) -> str:
    """The date or period of the statement that holds the question's words (2022年当选, not 1968年生),
    one the reader did not give; a written date before a relative one (昨日). For 几天/多久 only a length
    (为期两天, 历时3年8个月) or, after it, a span (4月26日至28日) answers, never one day. A date in the words of a person the question names (刘云说，2019年以来…) is
    none of their own acts; for 最早/首次, the earliest of the dates of the best one's clause."""
    lasting = asks_length(question)
    spans = [m for m in RULES["when"].shape.finditer(text) if m.group(0).strip() not in question.text]
    if lasting:  # 开了几天: a length (为期两天) or a span (1月15日至16日), never one day (17日)
        spans = [m for m in spans if SPAN.search(m.group(0))]
        spans += [*MONTHS.finditer(text), *FROM_TO.finditer(text), *DURATION.finditer(text)]
        spans = sorted((m for m in spans if m.group(0) not in question.text), key=lambda m: m.start())
    if question.sub.year and not lasting:  # 哪一年: a date naming its year, never 3月5日 alone
        spans = [m for m in spans if "年" in m.group(0)] + list(CYCLE_YEAR.finditer(text))
        spans.sort(key=lambda m: m.start())
    speech = deciding.speech_start(text)
    if speech >= 0 and any(name in text[:speech] for name in question.names):
        spans = [m for m in spans if m.start() < speech]
    spans, both = slots.chosen_by_change(question, text, spans)
    if both or not spans:
        return both
    held = clauses.statement_weights(question, text, spans, article)

    def rank(i: int) -> tuple[bool, bool, float, bool, float]:
        phrase = spans[i].group(0)
        length_first = lasting and SPAN.search(phrase) is not None  # 为期10个月 before 3月至12月
        return (length_first, bool(RELATIVE.fullmatch(phrase)), -held[i], *_rank(spans[i], question, text))

    best = spans[min(range(len(spans)), key=rank)]
    if slots.asks_earliest(question):
        clause = _clause(text, best)
        start = text.find(clause)
        listed = [m for m in spans if start <= m.start() < start + len(clause)]
        best = min(listed, key=lambda m: slots.year(m.group(0)))
    return best.group(0).strip()


def _number(question: Question, text: str, article: AnyArticle) -> str:
    """A count or amount, not a date, of the statement that holds the question's words (实到153人, not
    应出席168人), then the one after the word it measures, then the nearest; with the unit the question
    asks for (多少人 → …人), of the thing it counts (多少个国家 is no 46个项目); an ordinal (第49次)
    for 第几."""
    if question.sub.score:
        return next((m.group(0) for m in SCORE.finditer(text) if m.group(0) not in question.text), "")
    if question.sub.ordinal:
        ordinal = re.search(r"第[\d零〇一二两三四五六七八九十百千]+" + COUNT_UNITS, text)
        if ordinal:
            return ordinal.group(0)
    if question.sub.duration:  # 为期多少天: a length of time (为期62天), never another figure
        found = [m for m in DURATION.finditer(text) if m.group(0) not in question.text]
    else:
        found = [
            m
            for m in NUMBER.finditer(text)
            if not DATE_LIKE.match(m.group(0)) and m.group(0) not in question.text
        ]
    # 目前…96.5%，力争到2026年达到99%: the present's figure, or the target's where a target is asked
    cut = framing.target_at(text, article)
    found = [m for m in found if (m.start() >= cut) == question.sub.future] or found
    unit, counted = question.sub.unit, question.sub.counted
    if unit == "个":  # 几个孩子: the generic measure word asks for any (3名子女)
        found = [m for m in found if any(ch in m.group(0) for ch in CLASSIFIERS)]
    elif unit:
        found = [m for m in found if unit[0] in m.group(0)]
    elif re.search(r"\d", text):  # beside figures in digits, Chinese numerals name things (三角洲)
        found = [m for m in found if re.search(r"\d", m.group(0))]
    measure = None if unit or question.sub.duration else asked_measure(question)
    if measure is not None:  # 装机容量: no 186米; 总投资: no 70分钟, no 1.2万人
        found = [m for m in found if not of_another(measure, m.group(0))]
    if counted:  # 多少个国家的企业签约: no count of another thing (46个项目), nor of another event
        # (an ordinal or a period, 首届, is the sentence's to hold, not the count's clause: ``deciding``)
        rest = dataclasses.replace(question, weights=deciding.without_periods(question))
        found = [
            m
            for m in found
            if not _counts_another(text, m, counted)
            and clauses.says_the_rest(rest, text, _clause(text, m), article, counted)
        ]
    found, both = slots.chosen_by_change(question, text, found)
    question = slots.without_slot_words(question)
    if both or not found:
        return both
    paired = slots.respective(question, text, found)
    if paired is not None:
        return slots.without_particle(paired.group(0))
    held = clauses.statement_weights(question, text, found, article)
    best = min(range(len(found)), key=lambda i: (-held[i], *_rank(found[i], question, text)))
    return slots.without_particle(found[best].group(0))


def asks_length(question: Question) -> bool:
    """Whether the question asks how long (开了几天, 持续多久, 为期多少天) rather than when or how many."""
    return question.kind in ("when", "number") and question.sub.duration


def figures(plain: str) -> tuple[list[str], bool]:
    """The counts and amounts of a (normalised) sentence with their unit (no dates), and whether it also
    holds a number of no known unit (收视率为7.07, 5000万, 一半)."""
    found = [m.group(0) for m in NUMBER.finditer(plain) if not DATE_LIKE.match(m.group(0))]
    return found, BARE_NUMBER.search(NUMBER.sub("", ANY_DATE.sub("", plain))) is not None


def _clause(text: str, match: re.Match[str]) -> str:
    return next((c.group(0) for c in clauses.CLAUSE.finditer(text) if c.end() >= match.end()), text)


def _counts_another(text: str, match: re.Match[str], counted: str) -> bool:
    """Whether the number may count something other than what is asked: its clause does not name the
    thing asked, nor does the word after it share a character with it (3名子女 may count 孩子; 学生214名
    does not count 女生, 46个项目 not 国家)."""
    after = text[match.end() : match.end() + 2]
    shares = bool(CJK_WORD.fullmatch(after)) and bool(set(after) & set(counted))
    return counted not in _clause(text, match) and not shares


def _person(question: Question, text: str, article: AnyArticle) -> str:
    """A person the sentence names, with their title (or the post a clause gives them): the one of the
    clause that holds most of the question's words (任命甲为A；任命乙为B → 谁被任命为A: 甲), then the
    nearest to them; else a title and a name.

    When the question asks who holds a title (主任是谁), only a person holding that title answers, in a
    clause naming the bodies the question names (教育局局长 is not 体育局局长). 哪些人 gets every person
    of that clause.
    """
    title = question.sub.title
    headline = article.analysed.headline  # a body that is the article's subject is named once
    bodies = [w for w in question.words if BODY.search(w) and w not in headline] if title else []
    people = {normalise(p.name): p for p in people_of(article)}
    weights = clauses.telling(question, article)
    named = []
    for said in clauses.statements(text, people):
        person = people.get(said.name)
        if said.name in question.text or (person is None and NOT_A_NAME.search(said.name)):
            continue
        titles = said.post or ("、".join(person.titles) if person else "")
        clause = said.clause.group(0)
        if title and (said.removed or not _holds_post(question, title, titles)):
            continue
        if any(b not in clause and b not in titles for b in bodies):
            continue
        shown = said.name if said.removed else titles + (person.name if person else said.name)
        rank = (-_post_weight(question, weights, clause), _distance(text.index(said.name), question, text))
        named.append((rank, said.clause.start(), text.index(said.name), shown))
    if named:
        best = min(named)
        if not question.asks.startswith("哪些") and not question.sub.many_people:
            return best[3]
        # 哪些人出席: every person of that clause (出席的还有甲、乙等), in the paper's order.
        return "、".join(dict.fromkeys(n[3] for n in sorted(named, key=lambda n: n[2]) if n[1] == best[1]))
    for match in TITLE_NAME.finditer(text):
        name = match.group(2)
        if name in question.text or NOT_A_NAME.search(name) or (title and title not in match.group(1)):
            continue
        if any(b not in match.group(0) for b in bodies):
            continue
        return match.group(1) + name
    return ""


def _holds_post(question: Question, title: str, titles: str) -> bool:
    """Whether the titles hold the one asked for: 副市长 is no 市长 unless the question says 副."""
    return title in (titles if "副" + title in question.text else titles.replace("副" + title, ""))


def _post_weight(question: Question, weights: dict[str, float], clause: str) -> float:
    """The weight of the question's words in a clause, where 副局长 does not hold 局长 (another post)."""
    for word in weights:
        if "副" + word not in question.text:
            clause = clause.replace("副" + word, "副")
    return clauses.weight_held(question, weights, clause)


def _role(question: Question, text: str, article: AnyArticle) -> str:
    """The post of the person the question names, as the clause that names them gives it (任命甲为A →
    A, 免去丙的C职务 → C, 甲当选A → A), else the titles the article gives them; "" when the sentence does
    not name them."""
    people = {normalise(p.name): p for p in people_of(article)}
    weights = clauses.telling(question, article)
    found = []
    for said in clauses.statements(text, {*people, *question.names}):
        if said.name not in question.text:
            continue
        clause = said.clause.group(0)
        after = re.search(re.escape(said.name) + r"(?:当选|出任|担任|升任|调任|任)为?([^,，;；。]+)", clause)
        person = people.get(said.name)
        post = said.post or (after.group(1) if after else "") or ("、".join(person.titles) if person else "")
        if post:
            found.append((-_post_weight(question, weights, clause), said.clause.start(), post))
    return min(found)[2] if found else ""


def names_title_holder(question: Question, sentence: str, article: AnyArticle) -> bool:
    """Whether the sentence can answer a 谁 question: always, unless it asks who holds a title, then
    only when the sentence names a holder of it."""
    return not question.sub.title or bool(_person(question, normalise(sentence), article))


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
