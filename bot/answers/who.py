"""/who: who took part in which meeting and in what role, from the people extracted at ingest.

``/who 姓名`` gives a person's titles and every meeting they took part in; ``/who 会议关键词`` (words of
a headline) gives that meeting's people by role and the bodies that spoke; ``/who`` alone lists the
meetings. A name that is in no article gets a plain not-found, with the closest names when some are close.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Sequence

from bot.answers.layout import (
    MESSAGE_LIMIT,
    compact,
    date_label,
    echo,
    fit,
    headline_matches,
    in_book_title,
    people_by_role,
    role_label,
    source,
    without_fillers,
)
from bot.answers.reply import Block, Reply, Source
from bot.answers.report import CREDIT_TITLES
from bot.config import TemplatesConfig
from bot.corpus.article_text import people_of
from bot.corpus.models import AnyArticle, Article, Person

CLOSE_NAME_CUTOFF = 0.4
"""difflib similarity from which a known name is offered for an unknown one (李四 → 李喜安 is 0.4)."""
MEETING_WORD = re.compile(r"[\u4e00-\u9fff]{2}(?:会议|大会|座谈会|论坛)")

Appearance = tuple[AnyArticle, Person]


def who(articles: Sequence[AnyArticle], query: str, templates: TemplatesConfig) -> Reply:
    """The reply to ``/who`` with the given arguments."""
    if not articles:
        return Reply.plain(templates.no_news)
    query = query.strip()
    if not compact(query):
        return overview(stories(articles), templates)
    people = appearances(articles)
    wanted = compact(query)
    keys = {compact(name): name for name in people}  # 艾力更·依明巴海 also as typed without the dot
    names = (
        [keys[wanted]] if wanted in keys else [name for key, name in keys.items() if key and key in wanted]
    )
    if names:
        return person_reply(names, people, templates)
    meetings = headline_matches(stories(articles), query)
    if meetings:
        return meeting_reply(meetings, templates)
    titled = [n for n, seen in people.items() if any(wanted in compact(t) for _, p in seen for t in p.titles)]
    if titled:
        return person_reply(titled, people, templates)
    return not_found(query, list(people), templates)


def stories(articles: Sequence[AnyArticle]) -> list[AnyArticle]:
    """The articles with each continuation (（上接第一版）, ``continues``) folded into the article it
    continues: one story is one meeting, with the people of both parts (each once per role)."""
    ids = {a.id for a in articles}
    parts: dict[str, list[AnyArticle]] = {}
    for article in articles:
        if article.continues in ids:
            parts.setdefault(article.continues or "", []).append(article)
    folded = []
    for article in articles:
        if article.continues in ids:
            continue
        if article.id in parts:
            people = list(
                {(p.name, p.role): p for a in (article, *parts[article.id]) for p in a.people}.values()
            )
            speakers = list(dict.fromkeys(s for a in (article, *parts[article.id]) for s in a.speakers))
            article = _with(article, people, speakers)
        folded.append(article)
    return folded


def _with(article: AnyArticle, people: list[Person], speakers: list[str]) -> AnyArticle:
    if isinstance(article, Article):
        return article.model_copy(update={"people": people, "speakers": speakers})
    return article.replaced(people=people, speakers=speakers)


def story_of(article: AnyArticle, ids: set[str]) -> str:
    """The id of the story an article is part of: the article it continues, else its own."""
    return article.continues if article.continues in ids and article.continues else article.id


def appearances(articles: Sequence[AnyArticle]) -> dict[str, list[Appearance]]:
    """Every person named in the corpus, with each article they appear in: newest first (by page date,
    then event date; undated last), in page order within a day."""
    found: dict[str, list[Appearance]] = {}
    for article in articles:
        for person in article.people:
            found.setdefault(person.name, []).append((article, person))
    for seen in found.values():
        seen.sort(key=lambda appearance: newest_first(appearance[0]))
    return found


def newest_first(article: AnyArticle) -> tuple[int, int]:
    """A sort key putting newer pages (then newer events) first and undated ones last."""
    page, event = article.page_date, article.date
    return (-page.toordinal() if page else 0, -event.toordinal() if event else 0)


def all_titles(seen: list[Appearance]) -> list[str]:
    """A person's titles across articles, without a short form of a longer one (党组书记 in 市…党组书记)."""
    titles = list(dict.fromkeys(t for _, person in seen for t in person.titles))
    return [t for t in titles if not any(o != t and o.endswith(t) for o in titles)]


def person_reply(names: list[str], people: dict[str, list[Appearance]], templates: TemplatesConfig) -> Reply:
    """Each person's titles, then one line per meeting with their role, citing each article."""
    groups: list[list[Block]] = []
    sources: list[Source] = []
    for name in names:
        seen = people[name]
        titles = "、".join(all_titles(seen))
        heading = templates.who_person.format(name=name, titles=titles) if titles else name
        lines = [Block(style="heading", text=heading)]
        ids = {article.id for article, _ in seen}
        # A story continued on another page (（上接第一版）) is one line, with every part the person played.
        roles: dict[str, list[str]] = {}
        shown: dict[str, AnyArticle] = {}
        for article, person in seen:
            key = story_of(article, ids)
            roles.setdefault(key, []).append(shown_role(person, templates))
            shown.setdefault(key, article)
            sources.append(source(article, person.paragraph))
        for key, article in shown.items():
            text = templates.who_person_item.format(
                role="、".join(dict.fromkeys(roles[key])),
                headline=in_book_title(article.headline),
                date=date_label(article, templates),
            )
            lines.append(Block(style="item", text=text))
        groups.append(lines)
    blocks = fit([], groups, len(groups), more_block(templates))
    return Reply(blocks=blocks, found=True, sources=list({s.article_id: s for s in sources}.values()))


def shown_role(person: Person, templates: TemplatesConfig) -> str:
    """How /who names a person's part: the configured role label, except that the author of a
    commentary (byline title 作者, ``bot.ingestion.people.reporter_title``) is shown as 作者, the
    photographer of a photo item as 摄影."""
    if person.role == "reporter" and person.titles[:1] and person.titles[0] in CREDIT_TITLES:
        return person.titles[0]
    return role_label(person.role, templates.roles)


def meeting_reply(meetings: Sequence[AnyArticle], templates: TemplatesConfig) -> Reply:
    """Each meeting's people grouped by role in the paper's order, then the bodies that spoke."""
    groups: list[list[Block]] = []
    for article in meetings:
        heading = templates.who_meeting.format(
            headline=in_book_title(article.headline), date=date_label(article, templates)
        )
        lines = [Block(style="heading", text=heading)]
        for role, people in people_by_role(article, templates.roles):
            lines.append(
                Block(style="item", text=templates.who_meeting_role.format(role=role, people=people))
            )
        if article.speakers:
            bodies = "、".join(article.speakers)
            lines.append(Block(style="item", text=templates.who_speakers.format(bodies=bodies)))
        if len(lines) == 1:
            lines.append(Block(style="text", text=templates.who_nobody))
        if article.reporters:
            reporters = "、".join(article.reporters)
            byline = next((p for p in article.people if p.role == "reporter"), None)
            role = shown_role(byline, templates) if byline else templates.roles.reporter
            lines.append(
                Block(style="item", text=templates.who_meeting_role.format(role=role, people=reporters))
            )
        groups.append(lines)
    blocks = fit([], groups, len(groups), more_block(templates))
    first = {a.id: min((p.paragraph for p in people_of(a)), default=0) for a in meetings}
    return Reply(blocks=blocks, found=True, sources=[source(a, first[a.id]) for a in meetings])


def overview(articles: Sequence[AnyArticle], templates: TemplatesConfig) -> Reply:
    """The meetings with how many people each names, and how to ask."""
    items = [
        Block(
            style="item",
            text=templates.who_overview_item.format(
                number=n,
                headline=in_book_title(a.headline),
                date=date_label(a, templates),
                count=len({p.name for p in people_of(a)}),
            ),
        )
        for n, a in enumerate(articles, 1)
    ]
    named = [p.name for a in articles for p in people_of(a)]
    example_name = named[0] if named else next((p.name for a in articles for p in a.people), "姓名")
    words = [m.group() for a in articles for m in MEETING_WORD.finditer(a.headline)]
    keyword = words[-1] if words else articles[0].headline[:4]
    howto = Block(style="text", text=templates.who_howto.format(name=example_name, keyword=keyword))
    head = [Block(style="heading", text=templates.who_overview)]
    blocks = fit(
        head,
        [[item] for item in items],
        len(items),
        more_block(templates),
        MESSAGE_LIMIT - len(howto.text) - 1,
    )
    return Reply(blocks=[*blocks, howto], found=True)


def more_block(templates: TemplatesConfig) -> Callable[[int], Block]:
    """The line that ends a reply too long for one message."""
    return lambda count: Block(style="text", text=templates.who_more.format(count=count))


def not_found(query: str, names: list[str], templates: TemplatesConfig) -> Reply:
    """A plain not-found, offering the closest known names when some are close."""
    lines = [templates.who_not_found.format(query=echo(query))]
    keys = {compact(name): name for name in names}
    close = [
        keys[k]
        for k in difflib.get_close_matches(
            without_fillers(compact(query)), list(keys), n=3, cutoff=CLOSE_NAME_CUTOFF
        )
    ]
    if close:
        lines.append(templates.who_suggest.format(names="、".join(close)))
    return Reply(blocks=[Block(style="text", text=line) for line in lines], found=False)
