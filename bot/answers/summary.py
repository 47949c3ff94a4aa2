"""/summary: the news at a glance, extractive only: every sentence shown is the article's own, trimmed.

Sentences are ranked by position (news puts the lead first), coverage of the article's key terms (words
frequent in it and rare in the others) and TextRank centrality (how much a sentence shares with the rest
of the article). ``/summary 关键词`` or ``/summary N`` gives one article: who took part, when, where, what
was decided, and its key points (an enumeration such as 一要…二要… as a short list, then the best remaining
sentences). ``/summary`` alone is the day at a glance (``bot.answers.digest``), whose one line per article
is the best sentence ranked here.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass

import numpy as np

from bot.answers.layout import (
    compact,
    echo,
    fit,
    headline_matches,
    in_book_title,
    paper_date_label,
    people_by_role,
    source,
)
from bot.answers.reply import Block, Reply
from bot.config import TemplatesConfig
from bot.corpus.article_text import people_of
from bot.corpus.models import AnyArticle
from bot.text.terms import split_sentences

Find = Callable[[str], list[str]]
"""The ids of the articles that hold the words of a query, best first (through the search index)."""
Words = Callable[[str], list[str]]
"""The content words of a text (``Tokenizer.words``)."""
Rarity = Callable[[str], float]
"""How rare a word is in the corpus, as an idf (``Retriever.weight``: from the index, no re-reading)."""

MAX_SENTENCES = 600
"""A summary reads at most an article's first this many sentences (news says what matters first): the
cost of a /summary is bounded whatever the article's length."""
WEIGHTS = {"position": 0.45, "coverage": 0.3, "centrality": 0.25}
KEY_TERMS = 12
DAMPING = 0.85
SENTENCE_CHARS = 110
POINT_CHARS = 40
TOP_SENTENCES = 3
MAX_DECISIONS = 3
PEOPLE_SENTENCE_CHARS = 50
"""A sentence this short that names a person says little beyond the 人物 line."""
ELLIPSIS = "……"
NUMBER = re.compile(r"第?(\d+)篇?")
CLAUSE = re.compile(r"(?<=[，,；;：:])")
# 决定 as a verb (会议决定：…, 决定…于…举行), not the noun of 重大事项决定 or 《…的决定》.
DECISION = re.compile(r"(?<!事项)(?<!作出)(?<!的)决定(?![》”])")
DECIDED = re.compile(rf"{DECISION.pattern}|审议通过|表决通过|通过了|批准")
HEADLINE_ECHO = 0.8
"""A sentence whose words are at least this much the headline's adds nothing to a gist under it."""
VENUE = re.compile(r"在[^，,。；;]{2,20}?(?:召开|举行|举办|开幕)|以[^，,。；;]{1,8}形式(?:召开|举行|举办)")
VENUE_HINT = re.compile(r"[主分]会场|在主场")
ORDINAL = "一二三四五六七八九十"
POINT = re.compile(
    rf"(?:^|(?<=[。；;，,]))\s*(?P<point>(?:[{ORDINAL}]+[要是]|第[{ORDINAL}]+[，,、]|[（(][{ORDINAL}\d]+[）)]|^[{ORDINAL}]+、)"
    r"[^，,；;。：:]{2,})"
)


@dataclass
class Sentence:
    text: str
    paragraph: int
    words: list[str]


def summary(
    articles: Sequence[AnyArticle],
    query: str,
    templates: TemplatesConfig,
    words: Words,
    rarity: Rarity,
    find: Find | None = None,
) -> Reply:
    """The reply to ``/summary`` with the given arguments (``find`` looks a keyword up in the index)."""
    if not articles:
        return Reply.plain(templates.no_news)
    query = query.strip()
    if not compact(query):  # /summary alone is the day at a glance (``bot.answers.digest``)
        return Reply.plain(templates.summary_not_found.format(query=""))
    chosen = choose_articles(articles, query, find)
    if not chosen and NUMBER.fullmatch(compact(query)):
        return Reply.plain(templates.summary_bad_number.format(count=len(articles)))
    if not chosen:
        return Reply.plain(templates.summary_not_found.format(query=echo(query)))
    return article_summary(chosen[0], chosen[1:], articles, templates, words, rarity)


def choose_articles(articles: Sequence[AnyArticle], query: str, find: Find | None = None) -> list[AnyArticle]:
    """The article a query names: by number (as /articles numbers them), by headline, else by its text:
    through the index when ``find`` is given (the cost of a query, not of the corpus), else by counting
    the query in each article (for a small set of articles, such as one day's)."""
    wanted = compact(query)
    numbered = NUMBER.fullmatch(wanted)
    if numbered:
        number = int(numbered.group(1))
        return [articles[number - 1]] if 1 <= number <= len(articles) else []
    by_headline = headline_matches(articles, query)
    if by_headline:
        return by_headline
    if find is not None:
        by_id = {a.id: a for a in articles}
        return [by_id[i] for i in find(query) if i in by_id]
    counts = [(compact(" ".join(p.text for p in a.paragraphs)).count(wanted), a) for a in articles]
    best = max(count for count, _ in counts)
    return [a for count, a in sorted(counts, key=lambda c: -c[0]) if best and count == best]


def sentences_of(article: AnyArticle, words: Words) -> list[Sentence]:
    """The article's first ``MAX_SENTENCES`` sentences with their content words (each paragraph holds
    one at least: no more paragraphs are read); its photos' captions are no points of its own."""
    captions = set(article.captions)
    texts = (
        (number, text)
        for number, paragraph in enumerate(article.paragraphs_between(0, MAX_SENTENCES))
        if paragraph.text not in captions
        for text in split_sentences(paragraph.text)
    )
    return [Sentence(text, number, words(text)) for number, text in itertools.islice(texts, MAX_SENTENCES)]


def key_terms(sentences: list[Sentence], rarity: Rarity) -> dict[str, float]:
    """The article's key terms: frequent in it, rare in the corpus (tf-idf), with their weights."""
    tf = Counter(w for s in sentences for w in s.words if len(w) > 1)
    scores = {w: n * rarity(w) for w, n in tf.items()}
    return dict(sorted(scores.items(), key=lambda item: -item[1])[:KEY_TERMS])


def centrality(sentences: list[Sentence]) -> np.ndarray:
    """TextRank: PageRank over sentences linked by shared words (normalised by their lengths).

    PageRank is 50 steps of power iteration here: networkx would add a package for these lines, and
    scipy's eigen-solver (ARPACK, ``eigs``) gives the same ranks but needs a case of its own for one or
    two sentences (it wants k < n - 1), for no gain at ``MAX_SENTENCES`` sentences at most."""
    from scipy import sparse  # a tenth of a second to import: not at start, before a first question

    size = len(sentences)
    vocabulary: dict[str, int] = {}
    rows = [sorted({vocabulary.setdefault(w, len(vocabulary)) for w in s.words}) for s in sentences]
    lengths = np.array([len(r) for r in rows], dtype=np.float64)
    columns = np.fromiter((c for row in rows for c in row), dtype=np.int64)
    starts = np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64)
    incidence = sparse.csr_matrix((np.ones(len(columns)), columns, starts), shape=(size, len(vocabulary)))
    shared = (incidence @ incidence.T).toarray()
    np.fill_diagonal(shared, 0)
    logs = np.log(lengths + 1)
    graph = np.divide(shared, logs[:, None] + logs[None, :], out=np.zeros_like(shared), where=shared > 0)
    out = graph.sum(axis=1, keepdims=True)
    transition = np.divide(graph, out, out=np.full_like(graph, 1 / size), where=out > 0)
    rank = np.full(size, 1 / size)
    for _ in range(50):
        rank = (1 - DAMPING) / size + DAMPING * transition.T @ rank
    return rank


def rank(sentences: list[Sentence], terms: dict[str, float]) -> list[float]:
    """Each sentence's score from position, key-term coverage and centrality, each scaled to 0..1."""
    if not sentences:
        return []
    position = np.array([1 / math.sqrt(1 + i) for i in range(len(sentences))])
    total = sum(terms.values()) or 1.0
    coverage = np.array([sum(terms.get(w, 0.0) for w in set(s.words)) / total for s in sentences])
    central = centrality(sentences)
    parts = {"position": position, "coverage": coverage, "centrality": central}
    score = np.zeros(len(sentences))
    for name, values in parts.items():
        score += WEIGHTS[name] * values / (values.max() or 1.0)
    return [float(x) for x in score]


def trim(sentence: str, limit: int, focus: re.Pattern[str] | None = None) -> str:
    """The sentence cut at clause ends to at most ``limit`` characters, starting at the clause that
    holds ``focus`` when given; a cut is marked with an ellipsis."""
    if len(sentence) <= limit:
        return sentence
    clauses = [c for c in CLAUSE.split(sentence) if c]
    start = next((i for i, c in enumerate(clauses) if focus and focus.search(c)), 0)
    kept = ""
    for clause in clauses[start:]:
        if kept and len(kept) + len(clause) > limit:
            break
        kept += clause
    kept = kept[:limit]
    lead = ELLIPSIS if start else ""
    tail = "" if kept == "".join(clauses[start:]) else ELLIPSIS
    return lead + kept.rstrip("，,；;：:") + tail


class Ranked:
    """An article's sentences with their scores, ranked against the other articles of the corpus."""

    def __init__(self, article: AnyArticle, words: Words, rarity: Rarity) -> None:
        self.sentences = sentences_of(article, words)
        self.terms = key_terms(self.sentences, rarity)
        self.scores = rank(self.sentences, self.terms)

    def best(self, count: int, skip: Collection[int] = ()) -> list[int]:
        """Indices of the ``count`` best sentences not in ``skip``, in the article's order."""
        order = sorted(range(len(self.sentences)), key=lambda i: -self.scores[i])
        return sorted([i for i in order if i not in skip][:count])


def ranked_order(article: AnyArticle, ranked: Ranked) -> list[int]:
    """Sentence indices best first, leaving out those that merely repeat the headline."""
    order = sorted(range(len(ranked.sentences)), key=lambda i: -ranked.scores[i])
    return [i for i in order if not echoes(article, ranked.sentences[i])]


def lead_sentence(article: AnyArticle, ranked: Ranked) -> int | None:
    """The best sentence that says more than the headline."""
    order = ranked_order(article, ranked)
    return order[0] if order else None


def echoes(article: AnyArticle, sentence: Sentence) -> bool:
    """Whether the sentence says little beyond the headline (昨日,…举行第四十九次主任会议。)."""
    headline = compact(" ".join([article.headline, *article.subtitles]))
    inside = sum(compact(w) in headline for w in sentence.words)
    return bool(sentence.words) and inside / len(sentence.words) >= HEADLINE_ECHO


def place_sentence(texts: list[str]) -> int | None:
    """The sentence saying where (or how) the event was held."""
    for pattern in (VENUE, VENUE_HINT):
        found = next((i for i, t in enumerate(texts) if pattern.search(t)), None)
        if found is not None:
            return found
    return None


def said_in_headline(article: AnyArticle, ranked: Ranked) -> set[int]:
    return {i for i, sentence in enumerate(ranked.sentences) if echoes(article, sentence)}


def said_in_people(article: AnyArticle, texts: list[str]) -> set[int]:
    """Sentences the 人物 line already says: lists of names, or a short one naming someone's role."""
    names = [p.name for p in people_of(article)]
    return {
        i
        for i, text in enumerate(texts)
        if sum(n in text for n in names) >= 2
        or (len(text) <= PEOPLE_SENTENCE_CHARS and any(n in text for n in names))
    }


def when_text(article: AnyArticle) -> str:
    """The event's date as written, with the calendar date when the text allows resolving it."""
    if article.date is None:
        return article.dateline or ""
    full = f"{article.date.year}年{article.date.month}月{article.date.day}日"
    return full if not article.dateline or "月" in article.dateline else f"{article.dateline}（{full}）"


def key_points(ranked: Ranked) -> tuple[list[str], set[int]]:
    """The article's enumeration heads (一要扬优势、稳底盘 …), and the sentences they come from."""
    points: list[str] = []
    used: set[int] = set()
    for i, sentence in enumerate(ranked.sentences):
        found = [m.group("point") for m in POINT.finditer(sentence.text)]
        if found:
            points += [trim(p, POINT_CHARS) for p in found]
            used.add(i)
    return (points, used) if len(points) >= 2 else ([], set())


def article_summary(
    article: AnyArticle,
    related: list[AnyArticle],
    corpus: Sequence[AnyArticle],
    templates: TemplatesConfig,
    words: Words,
    rarity: Rarity,
) -> Reply:
    """One article: its gist, when, where, who, what was decided, and its key points."""
    ranked = Ranked(article, words, rarity)
    texts = [s.text for s in ranked.sentences]
    lines: list[Block] = [
        Block(
            style="heading",
            text=templates.summary_article.format(
                headline=in_book_title(article.headline), date=paper_date_label(article, templates)
            ),
        ),
        *(Block(style="text", text=subtitle) for subtitle in article.subtitles),
    ]
    lead = lead_sentence(article, ranked)
    shown: set[int] = {lead} if lead is not None else set()
    lines += [Block(style="answer", text=trim(texts[i], SENTENCE_CHARS, DECISION)) for i in sorted(shown)]
    if when_text(article):
        lines.append(Block(style="item", text=templates.summary_when.format(when=when_text(article))))
    place = place_sentence(texts)
    if place is not None:
        where = trim(texts[place], SENTENCE_CHARS)
        lines.append(Block(style="item", text=templates.summary_where.format(where=where)))
        shown.add(place)
    roles = people_by_role(article, templates.roles)
    if roles:
        people = "；".join(f"{role} {names}" for role, names in roles)
        lines.append(Block(style="item", text=templates.summary_who.format(people=people)))
    if article.speakers:
        lines.append(
            Block(style="item", text=templates.who_speakers.format(bodies="、".join(article.speakers)))
        )
    decided = [i for i, t in enumerate(texts) if DECIDED.search(t) and i not in shown][:MAX_DECISIONS]
    if decided:
        text = "".join(trim(texts[i], SENTENCE_CHARS, DECIDED) for i in decided)
        lines.append(Block(style="item", text=templates.summary_decided.format(decided=text)))
        shown.update(decided)
    points, used = key_points(ranked)
    shown |= used
    extra = [
        trim(texts[i], SENTENCE_CHARS)
        for i in ranked.best(
            TOP_SENTENCES, shown | said_in_people(article, texts) | said_in_headline(article, ranked)
        )
    ]
    if points or extra:
        lines.append(Block(style="heading", text=templates.summary_points))
        lines += [Block(style="item", text=f"· {p}") for p in points + extra]
    if related:
        items = "；".join(f"/summary {corpus.index(a) + 1} {a.headline}" for a in related)
        lines.append(Block(style="text", text=templates.summary_related.format(items=items)))
    blocks = fit([], [[b] for b in lines], len(lines), lambda count: Block(style="text", text=ELLIPSIS))
    return Reply(
        blocks=blocks,
        found=True,
        sources=[source(article, ranked.sentences[min(shown)].paragraph if shown else 0)],
    )
