"""How much of a question an answer says, counted in character pairs rather than rarity-weighted words.

Word coverage weighs a rare word heavily: a question that says a thing in other words, or that jieba cuts
into a word the news never prints (环比 in 下环比起来), finds no passage, though one sentence holds most
of its wording. And an answer whose sentence shares little of the question's wording is more often
about something else. The pairs of characters within the question's content words, each counting the
same, tell both.
"""

from __future__ import annotations

from bot.corpus.models import AnyArticle
from bot.search.question import Question
from bot.search.retrieval import Hit

MIN_HELD = 0.3
"""A chosen sentence that, with the one before it and its headline, holds less of the question's pairs
than this does not answer."""
PARAPHRASE_COVERAGE = 0.4
"""A passage short of the coverage an answer needs, but with at least this, may answer a paraphrase…"""
PARAPHRASE_HELD = 0.6
"""…with a sentence holding this share of the question's pairs, in an article whose headline holds one."""


def _pairs(word: str) -> set[str]:
    return {word[i : i + 2] for i in range(len(word) - 1)} if len(word) > 1 else {word}


def asked(question: Question, names_apart: bool = False) -> set[str]:
    """The question's character pairs, within each of its content words (a one-character word whole);
    with ``names_apart``, of the words other than its names (when it has others)."""
    words = [w for w in question.words if w not in question.names] if names_apart else []
    return set().union(*(_pairs(w) for w in words or question.words))


def held(question: Question, text: str, names_apart: bool = False) -> float:
    """The share of the question's pairs the (normalised) text holds; 1 for a question without words.
    A paraphrase is judged ``names_apart``: a name is held whole or not (a deciding element), so what
    else the question asks must be said (陈某哪一年出生 is no question about 陈某's meeting)."""
    wanted = asked(question, names_apart)
    return sum(p in text for p in wanted) / len(wanted) if wanted else 1.0


def paraphrased(question: Question, hits: list[Hit], articles: dict[str, AnyArticle]) -> list[Hit]:
    """The passages that may answer a question said in other words than the news's: at least
    ``PARAPHRASE_COVERAGE`` of its words, no deciding element missing, a headline holding one of its
    pairs (the question is about what the article is about)."""
    wanted = asked(question)
    return [
        h
        for h in hits
        if h.coverage >= PARAPHRASE_COVERAGE
        and not h.unmet
        and any(p in articles[h.chunk.article_id].analysed.context for p in wanted if len(p) > 1)
    ]
