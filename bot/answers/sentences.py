"""Sentence choice: which sentence of the retrieved passages answers, and the part of it to quote.

A sentence scores by the share of the question's (rarity-weighted) words it holds, the coverage and
rank of its passage, and whether it has the shape of the answer asked for (a date for 什么时候, a
number with a unit for 多少) and holds the question's deciding constraints itself.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from bot.answers import clauses, deciding, years
from bot.answers.phrases import SCORE, names_title_holder
from bot.corpus.models import AnyArticle
from bot.search.constraints import holds
from bot.search.kinds import RULES, question_kind
from bot.search.question import Question
from bot.search.retrieval import Hit
from bot.text.numerals import arabic
from bot.text.terms import normalise, split_sentences

ENUMERATION_ITEM = re.compile(
    r"^(?:[一二三四五六七八九十]+(?:要|是|方面|、)|第[一二三四五六七八九十]+[,，、是]|首先|其次|再次|最后|[(（][一二三四五六七八九十]+[)）])"
)
ITEM_HEAD_END = re.compile(r"[,，:：;；]")
CLAUSE_END = re.compile(r"(?<=[，:：;；])|(?<=,)(?!\d{3})")  # 2,173 is one number
ITEM_ENDS = ("、", " ", "（", "(")
"""Where a clause too long to quote whole may be cut: before one of these, else after one of
``PHRASE_ENDS``."""
PHRASE_ENDS = ("）", ")", "》", "”", "」", "的")
# A sentence that starts like this leans on the one before it (who 他 is, what 因此 follows from).
LEANS_BACK = re.compile(
    r"^(他|她|它|其|该|此|这|对此|同时|因此|所以|因而|于是|但|然而|同年|次年|翌年|当年|当时|随后|此后|其后|之后|后来"
    r"|两国|双方|上述)"
)
SHAPE_BEFORE = {"when", "number"}
"""Kinds whose answering sentence, when it holds no answer of the asked shape (a date, a number), leans on
the sentence before it for one (1388年，… 。李成桂反对出兵，…)."""
ENUMERATION_REACH = 30
"""Paragraphs either side of an item that its run of items is looked for in (a run is a few paragraphs:
no question reads a long article whole)."""
MAX_EVIDENCE_CHARS = 200
CLOSE_SECOND = 0.4  # a second sentence scoring within this of the best is quoted with it
MIN_SECOND = 20  # the least room left in the evidence for a cut of the second sentence
JOIN = "……"  # between two sentences quoted together that do not follow each other
# A sentence's score: the share of the question's words it holds (0–1), plus these bonuses.
PASSAGE_COVERAGE = 0.35  # × the coverage of the passage it is in
PASSAGE_RANK = 0.25  # × the passage's BM25 score relative to the best passage's
LOOKS_LIKE_ANSWER = 0.2  # it has the shape of the kind of answer asked for (a date for 什么时候, …)
SHAPE_DECIDES = {"how", "why"}  # kinds whose answer is told by its form (要…, 因为…) more than its words
STATEMENT_KINDS = {"when", "number"}  # kinds whose answer is one of several dates or numbers
IN_ITS_STATEMENT = 0.5  # × the share of the question's words the answer's own statement holds
ASKED_ALIKE = 0.5  # a question line of the same kind as the reader's lends this to the line after it
HOLDS_CONSTRAINTS = 0.3  # it holds the question's deciding constraints itself, not only its article
NAMES_A_PERSON = 0.2  # for 谁: it names one of the article's people
TITLE_BEFORE_NAME = 0.3  # for 谁: a title from the question stands right before a name


class Candidate(NamedTuple):
    """One sentence of a retrieved passage, with how well it answers."""

    hit: Hit
    position: int
    sentence: str
    score: float


def best_sentence(question: Question, hits: list[Hit], articles: dict[str, AnyArticle]) -> Candidate | None:
    """The sentence that best answers (see ``ranked_sentences``)."""
    return next(iter(ranked_sentences(question, hits, articles)), None)


def ranked_sentences(question: Question, hits: list[Hit], articles: dict[str, AnyArticle]) -> list[Candidate]:
    """The sentences of the passages, best answer first: one holds the question's words and looks like
    the answer.

    Words found in the article's headline or byline say more about which article is meant than about
    which sentence, so within an article they count half.
    """
    top_score = hits[0].score or 1.0
    shape = RULES[question.kind].shape
    scores = question.kind == "number" and question.sub.score
    ranked: list[Candidate] = []
    for hit in hits:
        article = articles[hit.chunk.article_id]
        telling = clauses.telling(question, article)
        total = sum(telling.values()) or 1.0
        people = [*article.analysed.people, *article.analysed.speakers]
        asked = 0.0  # the overlap of the question line just before (问：…, 为何涨幅扩大？)
        for position, sentence in enumerate(split_sentences(hit.chunk.text)):
            if deciding.set_apart(sentence):  # a question line, a subhead: never the answer…
                asked = _asked(question, telling, total, sentence) if deciding.asks(sentence) else 0.0
                continue
            if question.kind == "who" and not names_title_holder(question, sentence, article):
                continue
            plain = normalise(sentence)
            overlap = sum(wt * clauses.held(question, w, plain) for w, wt in telling.items()) / total
            overlap, asked = max(overlap, asked), 0.0  # …but the sentence after it answers it
            score = overlap + PASSAGE_COVERAGE * hit.coverage + PASSAGE_RANK * hit.score / top_score
            if scores and not SCORE.search(plain):  # 比分 is answered by a sentence holding N比M only
                continue
            looks = shape.search(plain) is not None or scores
            if question.kind == "define":  # 什么是X: the sentence that opens with X and says what it is
                looks = looks and any(plain.startswith(w) for w in question.words)
            if looks and question.kind in STATEMENT_KINDS and not scores:
                # A date or number answers when its own statement holds the question's words (工程将于
                # 10月底前完工 for 什么时候完工, not 昨日…启动 beside it).
                share = clauses.statement_share(question, plain, article)
                score += (LOOKS_LIKE_ANSWER + IN_ITS_STATEMENT) * share
            elif looks:
                score += LOOKS_LIKE_ANSWER * (2 if question.kind in SHAPE_DECIDES else 1)
            if looks and question.kind == "who":  # the person's own clause holds the question
                score += IN_ITS_STATEMENT * clauses.statement_share(question, plain, article)
            if question.constraints:
                numbered = arabic(plain)
                score += HOLDS_CONSTRAINTS * all(holds(c, numbered) for c in question.constraints)
            if question.kind == "who":
                named = [name for name in people if name in plain and name not in question.text]
                score += NAMES_A_PERSON if named else 0.0
                # 主任是谁 is answered where 主任 stands right before a name (主任胡荃).
                score += (
                    TITLE_BEFORE_NAME if any(w + n in plain for w in question.words for n in named) else 0.0
                )
            ranked.append(Candidate(hit, position, sentence, score))
    # Stable: of equal scores the earlier passage's, then the earlier sentence, comes first.
    return sorted(ranked, key=lambda c: -c.score)


def _asked(question: Question, telling: dict[str, float], total: float, sentence: str) -> float:
    """What a question line (问：…, 为何涨幅扩大？) lends the sentence after it: the share of the
    question's telling words it holds, and ``ASKED_ALIKE`` more when it asks the same kind of question."""
    plain = normalise(sentence)
    overlap = sum(wt * clauses.held(question, w, plain) for w, wt in telling.items()) / total
    return overlap + (ASKED_ALIKE if question_kind(plain) == question.kind else 0.0)


def split_head(sentence: str) -> tuple[str, str]:
    """An enumeration item's head (up to its first comma, colon or semicolon) and the rest."""
    parts = ITEM_HEAD_END.split(sentence, maxsplit=1)
    return parts[0], parts[1] if len(parts) > 1 else ""


def wants_items(question: Question, best: Candidate, article: AnyArticle) -> bool:
    """Whether the question wants the heads of a numbered enumeration (一要…二要…) rather than one item.

    It does when it says so (分别, 哪几) or when none of its own words is in the item's body.
    """
    if not ENUMERATION_ITEM.match(best.sentence):
        return False
    if question.sub.items:
        return True
    head, body = split_head(best.sentence)
    context = article.analysed.context
    return not any(
        w in normalise(body) for w in question.words if w not in context and w not in normalise(head)
    )


def enumeration(article: AnyArticle, item: str, paragraph: int) -> list[str]:
    """The heads of the numbered items (一要…、二要…) of the run the given item (of the given paragraph)
    belongs to, within ``ENUMERATION_REACH`` paragraphs of it."""
    near = article.paragraphs_between(paragraph - ENUMERATION_REACH, paragraph + ENUMERATION_REACH + 1)
    sentences = [s for p in near for s in split_sentences(p.text)]
    start = sentences.index(item) if item in sentences else 0
    while start > 0 and ENUMERATION_ITEM.match(sentences[start - 1]):
        start -= 1
    end = start
    while end < len(sentences) and ENUMERATION_ITEM.match(sentences[end]):
        end += 1
    return [split_head(s)[0] for s in sentences[start:end]]


def runner_up(ranked: list[Candidate]) -> Candidate | None:
    """The second sentence when it answers about as well as the first, from the same article: the two
    are quoted together, since the words alone cannot tell which of them holds the answer."""
    best = ranked[0]
    for other in ranked[1:]:
        if best.score - other.score > CLOSE_SECOND:
            return None
        if other.hit.chunk.article_id == best.hit.chunk.article_id and other.sentence != best.sentence:
            return other
    return None


def evidence(
    question: Question,
    best: Candidate,
    second: Candidate | None = None,
    answer: str = "",
    before: str = "",
) -> str:
    """The chosen sentence whole when it fits in ``MAX_EVIDENCE_CHARS``, else the window of its whole
    clauses around the one that holds the answer (``answer``, the short answer, where it is in the
    sentence; else the one holding most of the question's words). A sentence that leans on the one
    before it (``before``: 他…, 因此…, or one holding no date when a date is asked) keeps it; a close second sentence (``runner_up``) joins it, in the
    article's order, when both fit in ``MAX_EVIDENCE_CHARS``. Cuts are marked with …."""
    quote = _evidence(question, best, answer, before)
    room = MAX_EVIDENCE_CHARS - len(quote)
    if second is None or second.sentence in quote or room < MIN_SECOND:
        return quote
    if len(second.sentence) > room:
        second = second._replace(sentence=_cut(second.sentence, question, "", room))
    first, then = sorted((best, second), key=lambda c: (c.hit.chunk.paragraph, c.position))
    follows = first.hit.chunk == then.hit.chunk and then.position == first.position + 1
    texts = [quote if c is best else second.sentence for c in (first, then)]
    # One mark between the two at most: a cut at either side is said by it (never ………).
    cut = texts[0].endswith("…") or texts[1].startswith("…")
    mark = JOIN if not follows else "…" if cut else ""
    return texts[0].rstrip("…") + mark + texts[1].lstrip("…")


def _evidence(question: Question, best: Candidate, answer: str, before: str) -> str:
    sentence = best.sentence
    if (
        before
        and len(before) + len(sentence) <= MAX_EVIDENCE_CHARS
        and _leans_back(question, sentence, before)
    ):
        return before + sentence
    if len(sentence) <= MAX_EVIDENCE_CHARS:
        return sentence
    return _cut(sentence, question, answer)


def _leans_back(question: Question, sentence: str, before: str) -> bool:
    """Whether the sentence needs the one before it: it opens with a word pointing back (该书, 同年, 他),
    or it holds no answer of the asked shape (a date for 哪一年) and the sentence before holds one."""
    plain = normalise(sentence)
    if LEANS_BACK.match(plain):
        return True
    if question.kind == "when" and question.sub.year and not years.names_year(plain):
        return years.opens_with_year(normalise(before))  # 哪一年 of 3月5日，…: the year opens the one before
    shape = RULES[question.kind].shape
    return question.kind in SHAPE_BEFORE and not shape.search(plain) and bool(shape.search(normalise(before)))


def sentence_before(best: Candidate, article: AnyArticle | None) -> str:
    """The sentence before the chosen one: in its passage, else (a passage starting with it) in the
    article's paragraphs, reading two at most; "" at the article's start or when no article is given."""
    if best.position > 0:
        return split_sentences(best.hit.chunk.text)[best.position - 1]
    if article is None:
        return ""
    first = best.hit.chunk.paragraph
    own = [s for p in article.paragraphs_between(first, first + 1) for s in split_sentences(p.text)]
    at = own.index(best.sentence) if best.sentence in own else 0
    if at > 0:
        return own[at - 1]
    earlier = [s for p in article.paragraphs_between(first - 1, first) for s in split_sentences(p.text)]
    return earlier[-1] if earlier else ""


def _cut(sentence: str, question: Question, answer: str = "", limit: int = MAX_EVIDENCE_CHARS) -> str:
    """The window of whole clauses (cut at commas, colons and semicolons) around the clause that holds
    the answer, grown a clause at a time on either side while it fits in ``limit``; a single clause
    longer than that is cut after a list item or a phrase (``_within``)."""
    shape = RULES[question.kind].shape

    def held(part: str) -> float:
        plain = normalise(part)
        return sum(wt for w, wt in question.weights.items() if w in plain) + (
            0.5 if shape.search(plain) else 0
        )

    clauses = [c for c in CLAUSE_END.split(sentence) if c]
    starts = [sum(map(len, clauses[:i])) for i in range(len(clauses))]
    at = sentence.find(answer) if answer else -1
    if at >= 0:
        first = max(i for i, start in enumerate(starts) if start <= at)
        last = max(i for i, start in enumerate(starts) if start < at + len(answer))
    else:
        first = last = max(range(len(clauses)), key=lambda i: held(clauses[i]))
    size = sum(map(len, clauses[first : last + 1]))
    grew = True
    while grew:
        grew = False
        for nxt in (last + 1, first - 1):
            if 0 <= nxt < len(clauses) and size + len(clauses[nxt]) <= limit:
                size += len(clauses[nxt])
                first, last = min(first, nxt), max(last, nxt)
                grew = True
    text = "".join(clauses[first : last + 1])
    cut = len(text) > limit
    text = _within(text, limit) if cut else text
    return _marked(text, first > 0, cut or last < len(clauses) - 1)


def _within(text: str, limit: int) -> str:
    """The text cut to at most ``limit`` characters after a list item or a phrase (before 、 or a space,
    else after a closing mark or 的), never inside a word (社会消费品零…); a hard cut only where no such
    place is in its second half."""
    at = max(text.rfind(mark, 0, limit + 1) for mark in ITEM_ENDS)
    if at <= limit // 2:
        at = max(text.rfind(mark, 0, limit) + 1 for mark in PHRASE_ENDS)
    return text[:at] if at > limit // 2 else text[:limit]


def _marked(text: str, cut_before: bool, cut_after: bool) -> str:
    return ("…" if cut_before else "") + text + ("…" if cut_after and not text.endswith("。") else "")
