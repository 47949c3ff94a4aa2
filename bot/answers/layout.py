"""Reply layout shared by /who and /summary: dates, people by role, headline matching, one message.

Telegram takes at most ``MESSAGE_LIMIT`` characters a message; ``fit`` keeps whole blocks up to it and
ends with a line saying how to see the rest.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from itertools import groupby

from bot.answers.reply import Block, Source
from bot.config import RoleLabels, TemplatesConfig
from bot.corpus.article_text import people_of
from bot.corpus.models import AnyArticle, Person, Role
from bot.text.terms import STOP_WORDS, normalise

MESSAGE_LIMIT = 4096
ECHO_CHARS = 40
MIN_CHAR_SHARE = 0.75
"""Share of a query's characters a headline must hold to match when the query is not in it whole."""
PUNCTUATION = re.compile(r"[\W_]+")
# Words a reader adds around a meeting's name when asking who was there; longest first.
QUERY_FILLERS = sorted(
    {w for w in STOP_WORDS if len(w) > 1}
    | set("参加 出席 主持 列席 参会 与会 人员 人物 名单 都有 有谁 是谁".split())
    | set("的了吗呢吧啊呀么谁哪"),
    key=len,
    reverse=True,
)


def date_label(article: AnyArticle, templates: TemplatesConfig) -> str:
    """The article's date after its headline: the event's (resolved, else as written when absolute),
    else the page's, else nothing."""
    if article.date is not None:
        text = f"{article.date.year}年{article.date.month}月{article.date.day}日"
    elif article.dateline and "月" in article.dateline:
        text = article.dateline
    elif article.page_date is not None:
        text = f"{article.page_date.year}年{article.page_date.month}月{article.page_date.day}日"
    else:
        return ""
    return templates.date.format(date=text)


def paper_date_label(article: AnyArticle, templates: TemplatesConfig) -> str:
    """The paper's date after an article's headline where the page is dated (the date a list of articles
    gives it; the event's day is said on a line of its own), else ``date_label``."""
    day = article.page_date
    if day is None:
        return date_label(article, templates)
    return templates.date.format(date=f"{day.year}年{day.month}月{day.day}日")


BOOK_TITLE = re.compile(r"《([^《》]*)》")


def in_book_title(headline: str) -> str:
    """A headline as a reply prints it inside 《》: a title it quotes takes the inner marks 〈〉
    (《〈之江新语〉出版发行》, never 《《之江新语》…》), and a headline that is one title alone loses its own."""
    whole = BOOK_TITLE.fullmatch(headline)
    if whole:
        return whole[1]
    return BOOK_TITLE.sub(lambda m: f"〈{m[1]}〉", headline)


def role_label(role: Role, labels: RoleLabels) -> str:
    """How replies name a role (主持, 出席并讲话 …), as configured."""
    label: str = getattr(labels, role)
    return label


def people_text(people: list[Person]) -> str:
    """People as the paper lists them: a run sharing the same titles names them once (副主任甲、乙)."""
    runs = groupby(people, key=lambda p: tuple(p.titles))
    return "，".join("、".join(titles) + "、".join(p.name for p in run) for titles, run in runs)


def people_by_role(article: AnyArticle, labels: RoleLabels) -> list[tuple[str, str]]:
    """(role label, people) for each role of the event, in the order the paper first names it."""
    people = people_of(article)
    roles = list(dict.fromkeys(p.role for p in people))
    return [(role_label(role, labels), people_text([p for p in people if p.role == role])) for role in roles]


def echo(query: str) -> str:
    """The reader's words as a reply repeats them: at most ``ECHO_CHARS`` characters."""
    query = " ".join(query.split())
    return query if len(query) <= ECHO_CHARS else query[:ECHO_CHARS] + "…"


def compact(text: str) -> str:
    """Normalised text without spaces or punctuation, for matching what a reader typed."""
    return PUNCTUATION.sub("", normalise(text))


def headline_score(query: str, article: AnyArticle) -> float:
    """How well a query names an article by its headline words: 2 when whole, else the share of its
    characters the headline holds (0 below ``MIN_CHAR_SHARE``)."""
    wanted = compact(query)
    text = compact(" ".join([article.headline, *article.subtitles, article.kicker or ""]))
    if not wanted:
        return 0.0
    if wanted in text:
        return 2.0
    wanted = without_fillers(wanted)
    if len(wanted) < 2:
        return 0.0
    share = sum(ch in text for ch in wanted) / len(wanted)
    return share if share >= MIN_CHAR_SHARE else 0.0


def without_fillers(query: str) -> str:
    """The query without the words that ask rather than name (有谁, 哪些, 参加, 人员, 的)."""
    for word in QUERY_FILLERS:
        query = query.replace(word, "")
    return query


def headline_matches(articles: Sequence[AnyArticle], query: str) -> list[AnyArticle]:
    """The articles whose headlines match the query best (several when they match equally)."""
    scored = [(headline_score(query, a), a) for a in articles]
    best = max((score for score, _ in scored), default=0.0)
    return [a for score, a in scored if best > 0 and score == best]


def source(article: AnyArticle, paragraph: int = 0) -> Source:
    """A citation of the article, for the reply's sources."""
    return Source(title=article.headline, article_id=article.id, paragraph=paragraph, score=1.0)


def fit(
    head: list[Block],
    groups: Iterable[list[Block]],
    total: int,
    more: Callable[[int], Block],
    limit: int = MESSAGE_LIMIT,
) -> list[Block]:
    """The head and as many whole groups (one article, one meeting) of ``total`` as fit in one message;
    when some do not fit, ``more(number left out)`` ends the message. Groups are taken lazily, so costly
    ones past the limit are never built."""

    def size(blocks: list[Block]) -> int:
        return len("\n".join(b.text for b in blocks))

    kept = list(head)
    for shown, group in enumerate(groups):
        left = total - shown - 1
        if size([*kept, *group, *([more(left)] if left else [])]) > limit:
            return [*kept, more(total - shown)]
        kept += group
    return kept
