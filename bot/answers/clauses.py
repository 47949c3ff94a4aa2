"""Statements within a sentence: which part of it the question's words point to.

A sentence often holds several statements of one shape: a list of appointments (任命甲为A；任命乙为B；
免去丙的C职务), figures side by side (应出席168人，实到153人; 甲增长a%，乙增长b%), a life in dates
(1968年生，…，2022年当选). The answer is the one of the statement that holds the question's telling
words, not the one nearest to any of them. How telling a word is depends on the article: a word of its
headline or of most of its sentences names the subject, not the statement.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import NamedTuple

from bot.answers.deciding import HEDGES
from bot.corpus.models import AnyArticle
from bot.search.kinds import RULES
from bot.search.question import Question
from bot.search.retrieval import presence
from bot.text.terms import CJK

CLAUSE = re.compile(r"(?:[^,，;；:：。！？!?]|(?<=\d),(?=\d{3}))+")  # 2,173 is one number
PART = re.compile(r"[^;；。！？!?]+")
HEADLINE_SHARE = 0.7  # a headline word counts as held by at least this share of the sentences
MIN_TELLING = 0.1  # what a word every sentence of the article holds still counts, as a share
ANCHOR_SHARE = 0.5  # what the anchor word counts in a statement, as a share of its weight
CHARACTERS = 0.7  # a question word's characters, held apart, count this much of the word
NAME = r"[\u4e00-\u9fff·]{2,5}?"
# An appointment names its person and the post in one clause: 任命甲为A, 选举乙为B, 免去丙的C职务.
APPOINTED = re.compile(
    rf"(?:任命|聘任|聘请|提名|选举|推选|补选|增补)(?P<name>{NAME})(?:同志)?为(?P<post>[^,，;；。]+)"
)
REMOVED = re.compile(rf"(?:免去|免除|撤销|撤去|罢免)(?P<name>{NAME})(?:同志)?的(?P<post>[^,，;；。]+?)职务")
POST_END = re.compile(r"(?:职务|职位|一职)$")


class Statement(NamedTuple):
    """A person named in a clause, with the post the clause gives them (任命甲为A → A), if any."""

    name: str
    post: str
    clause: re.Match[str]
    removed: bool = False
    """Whether the clause takes the post from them (免去丙的C职务)."""


def telling(question: Question, article: AnyArticle) -> dict[str, float]:
    """How much each question word tells which sentence or statement of the article answers: a word
    most of the article's sentences hold (its subject, named in the headline) tells little; a rare one,
    much."""
    text = article.analysed
    headline = text.headline
    # When the question's words make up the headline, they name the article's subject (猴面包树):
    # every sentence is about it, named or not. A few words of a long headline are a topic among others.
    subject = sum(len(w) for w in question.weights if w in headline) / (len(headline) or 1)
    found = {}
    for word, weight in question.weights.items():
        share = text.share(word)
        if word in headline:
            share = max(share, min(1.0, subject), HEADLINE_SHARE)
        found[word] = weight * max(MIN_TELLING, 1 - share)
    return found


def held(question: Question, word: str, text: str) -> float:
    """How much of a question word (or of another name of it) the text holds: whole, its character
    pairs, or (counting less) its characters (身体 → 体呈银灰色)."""
    best = 0.0
    for form in (word, *question.variants.get(word, ())):
        found = presence(form, text)
        if found < 1 and CJK.search(form):
            found = max(found, CHARACTERS * sum(ch in text for ch in form) / len(form))
        best = max(best, found)
    return best


def weight_held(question: Question, weights: Mapping[str, float], text: str) -> float:
    """The summed weight of the question words the text holds whole (or as another name of them)."""
    return sum(wt for w, wt in weights.items() if any(f in text for f in (w, *question.variants.get(w, ()))))


def anchor(question: Question) -> str:
    """The question's word just before the words that ask (末班车 in 末班车几点, 偏高 in 偏高多少): what
    the answer measures, often left out of the statements after the first (应出席委员168人，实到153人)."""
    ask = question.text.find(question.asks) if question.asks else -1
    before = [w for w in question.words if 0 <= question.text.find(w) < ask]
    return max(before, key=question.text.find, default="")


def unit_of(phrase: str) -> str:
    """What a number or date phrase counts (人, %, 元, 年): its last character before trailing digits."""
    return re.sub(r"[\d.]+$", "", phrase)[-1:]


def _statement_words(question: Question, article: AnyArticle, text: str) -> dict[str, float]:
    """The question's telling words without those of the article's subject (``subject``: every
    statement is about it, written or not), the anchor (``anchor``) counting less: it is often left out."""
    skip, about = anchor(question), subject(article, text)
    return {
        w: wt * (ANCHOR_SHARE if w == skip else 1.0)
        for w, wt in telling(question, article).items()
        if w not in about
    }


def subject(article: AnyArticle, text: str) -> str:
    """What the article is about, named once, for a sentence of it: its headline and its first
    sentence (normalised); the headline alone for the first sentence itself."""
    analysed = article.analysed
    first = analysed.opening
    return analysed.headline + ("" if first[:20] in text else first)


def says_the_rest(question: Question, text: str, clause: str, article: AnyArticle, counted: str) -> bool:
    """Whether the clause of a count in the sentence (``text``) holds one of the question's words that
    neither name the article's subject (``subject``) nor the thing counted, when the question has such
    words: 多少个国家的企业签约 is not answered by 来自18个国家的嘉宾参会. A sentence that opens on its topic
    (东门菜市场改造后，摊位由85个增加到132个) holds them there instead: all of them, in clauses of no figure
    before the count's."""
    about = subject(article, text)
    rest = [w for w in question.weights if w not in about and w != counted and w not in HEDGES]

    def holds(part: str, word: str) -> bool:
        return any(f in part for f in (word, *question.variants.get(word, ())))

    if not rest or any(holds(clause, w) for w in rest):
        return True
    topic = text[: max(0, text.find(clause))]
    return bool(topic) and not re.search(r"\d", topic) and all(holds(topic, w) for w in rest)


def statement_share(question: Question, text: str, article: AnyArticle) -> float:
    """The share of the question's statement words (``_statement_words``) held by the sentence's best
    statement: the clause naming a person for 谁, that of a date or number for 什么时候 and 多少."""
    words = _statement_words(question, article, text)
    total = sum(words.values())
    if not total:
        return 0.0
    if question.kind == "who":
        people = article.analysed.people
        held = [weight_held(question, words, s.clause.group(0)) for s in statements(text, people)]
    else:
        matches = list(RULES[question.kind].shape.finditer(text))
        held = statement_weights(question, text, matches, article)
    return max(held, default=0.0) / total


def statement_weights(
    question: Question, text: str, matches: list[re.Match[str]], article: AnyArticle
) -> list[float]:
    """For each answer-shaped match in the text, the weight of the question's statement words
    (``_statement_words``) in its statement: from the previous match of the same unit (or the start of
    its semicolon part) to the end of its comma clause. 实到153人 is the statement of 153, 应出席委员168人
    that of 168."""
    words = _statement_words(question, article, text)
    parts = [m.span() for m in PART.finditer(text)]
    found = []
    for i, match in enumerate(matches):
        part = next((s for s, e in parts if s <= match.start() < e), 0)
        unit = unit_of(match.group(0))
        same = [b for b in matches[:i] if unit_of(b.group(0)) == unit and part <= b.start()]
        start = max([part, *(b.end() for b in same if b.end() <= match.start())])
        spans = [c.span() for c in CLAUSE.finditer(text) if c.end() >= match.end()] or [(0, len(text))]
        clause_end = spans[0][1]
        # A clause opened by the match and little more (1990年代以来，…; 昨日，…) dates or counts the next.
        if len(spans) > 1 and match.start() - spans[0][0] <= 1 and clause_end - match.end() <= 3:
            clause_end = spans[1][1]
        following = [m.start() for m in matches[i + 1 :] if unit_of(m.group(0)) == unit]
        end = min([clause_end, *following])
        # Figures listed with 、 each stand with their own word (造成107人死亡、136人失踪): one's statement
        # ends at the 、 before the next and starts after the 、 behind the one before, and the words
        # before the first figure (…洪灾已造成) are every figure's.
        if following:
            end = _mark_before(text, match.end(), end, end)
        lead = ""
        mark = text.find("、", start, match.start()) if same else -1
        if mark >= 0:
            lead, start = text[part : same[0].start()], mark + 1
        statement = lead + text[start:end]
        found.append(sum(wt * held(question, w, statement) for w, wt in words.items()))
    return found


def _mark_before(text: str, start: int, end: int, default: int) -> int:
    """The place of the last enumeration mark (、) between start and end, else ``default``."""
    found = text.rfind("、", start, end)
    return found if found >= 0 else default


def statements(text: str, names: Iterable[str]) -> list[Statement]:
    """The people the clauses of the text name: appointed or removed ones with their post, and the
    given names (the article's people) where a clause holds them."""
    found: list[Statement] = []
    for clause in CLAUSE.finditer(text):
        seen = set()
        for pattern in (APPOINTED, REMOVED):
            for match in pattern.finditer(clause.group(0)):
                post = POST_END.sub("", match.group("post"))
                found.append(Statement(match.group("name"), post, clause, pattern is REMOVED))
                seen.add(match.group("name"))
        for name in names:
            if name in clause.group(0) and name not in seen:
                found.append(Statement(name, "", clause))
    return found
