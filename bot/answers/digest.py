"""A day at a glance, one page of the paper at a time, so it reads on a phone: the front page first (its
label once, then each item's headline and one line), then one button per other page (第2版 要闻 …) and one
per item shown (its summary). A page shows only its items; one too long for a message goes on behind a
button. On a page, news comes before advertorials.

Every button stands for a command a reader could type (``/summary 2024-03-15 第2版``), so the console
lists them as commands and a Telegram button press is answered like that command. ``/summary`` takes a
day (昨天, 1月15日, 2024-01-15; the newest day when none is named) and then optionally ``第N版`` (that
page), ``从第N篇`` (that article's page from it on), ``N`` (that article's summary) or words of a headline.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator, Sequence

from bot.answers.layout import MESSAGE_LIMIT, compact, fit
from bot.answers.reply import Block, Button, Reply
from bot.answers.summary import Ranked, Rarity, Words, article_summary, ranked_order, summary, trim
from bot.config import TemplatesConfig
from bot.corpus.models import AnyArticle
from bot.search.dates import TimeQuery, day_label, parse_dates

LINE_CHARS = 60
"""At most this many characters of an article's one line in the digest."""
BUTTONS_PER_ROW = 8
PAGES_PER_ROW = 4
PAGE_JUMP = re.compile(r"^第?(\d+)版$")
FROM_ARTICLE = re.compile(r"^从第?(\d{1,4})篇?$")
NUMBER = re.compile(r"^第?(\d{1,4})篇?$")


def page_order(article: AnyArticle) -> tuple[int, str, bool, str, int]:
    """Where an article stands in its day's paper: its page (numbered pages first, in order), news before
    advertorials on it, then its file and position."""
    number = article.page_number if article.page_number is not None else 10_000
    unnumbered = article.page if article.page_number is None else ""
    return number, unnumbered, article.kind == "advertorial", article.page, article.order


def page_key(article: AnyArticle) -> int | str:
    """Which page of the paper an article is on: its page number, else its page file (one-article files
    of one page share their number, so the page is labelled once)."""
    return article.page_number if article.page_number is not None else article.page


class Calendar:
    """The corpus by day: each page date's articles in page order (the undated ones under ``None``),
    sorted once per engine so that a day's digest costs that day, not the corpus."""

    def __init__(self, articles: Sequence[AnyArticle]) -> None:
        self.total = len(articles)
        by_day: dict[dt.date | None, list[AnyArticle]] = {}
        for article in articles:
            by_day.setdefault(article.page_date, []).append(article)
        self.by_day = {day: sorted(found, key=page_order) for day, found in by_day.items()}
        self.days = sorted((d for d in self.by_day if d is not None), reverse=True)
        """The days the corpus has pages of, newest first."""

    def articles(self, day: dt.date | None) -> list[AnyArticle]:
        return self.by_day.get(day, [])

    def added(self, articles: Sequence[AnyArticle], first: bool) -> Calendar:
        """This calendar with ``articles`` (a day's page) added after this corpus's, or before them when
        ``first``, as the whole corpus's calendar: only the days they are on are sorted again."""
        grown = Calendar(articles)
        grown.total += self.total
        for day, found in self.by_day.items():
            new = grown.by_day.get(day)
            grown.by_day[day] = (
                found if new is None else sorted(new + found if first else found + new, key=page_order)
            )
        grown.days = sorted((d for d in grown.by_day if d is not None), reverse=True)
        return grown


def day_arg(day: dt.date) -> str:
    """How a day is written in a button's command: short, and read back by ``parse_dates``."""
    return day.isoformat()


class DayRequest:
    """What ``/summary`` or ``/articles`` asked for, or a question asking for a day's news (昨天的新闻):
    which day, and what of it (``words``, besides the day). Made from the time already parsed."""

    def __init__(self, calendar: Calendar, when: TimeQuery, words: str) -> None:
        days = calendar.days
        self.newest = days[0] if days else None
        self.named = bool(when.of_issues)
        self.words = words
        self.rest = compact(words)
        self.refused = ""
        """A date named that no paper is of (2099年1月1日, 2月30日): said so, never another day's news."""
        self.day = self.newest
        if self.named:
            inside = [d for d in days if when.holds(d)]
            self.day = inside[0] if inside else when.ranges[0].end
            self.label = when.label
        self.articles = calendar.articles(self.day)

    @classmethod
    def parse(cls, calendar: Calendar, args: str) -> DayRequest:
        """The request of ``/summary ARGS`` or ``/articles ARGS`` (昨天 3, 2024-01-15 第4版, 政协)."""
        when = parse_dates(args, calendar.days[0] if calendar.days else None)
        request = cls(calendar, when, when.rest if when.of_issues else args)
        if not request.named:
            request.refused = "、".join(when.refused)
        if request.newest is None:  # no dated page: every calendar date named is one without a paper
            probe = parse_dates(args, dt.date.today())
            request.refused = "、".join([*probe.refused, *(r.label for r in probe.ranges if r.written)])
        return request

    @property
    def is_day(self) -> bool:
        """Whether the request is about a day's digest (no argument, or a day with nothing or a page)."""
        return (
            self.named or not self.rest or bool(PAGE_JUMP.match(self.rest) or FROM_ARTICLE.match(self.rest))
        )


def digest(
    calendar: Calendar, request: DayRequest, templates: TemplatesConfig, words: Words, rarity: Rarity
) -> Reply | None:
    """The reply to a request for a day (None when ``/summary`` names one article by the old ways:
    ``/summary 关键词``, ``/summary N``)."""
    if request.refused:
        return no_such_day(request.refused, calendar, templates)
    if not request.is_day:
        return None
    if not request.articles:
        return no_news(request, calendar, templates)
    day, shown, rest = request.day, request.articles, request.rest
    page = PAGE_JUMP.match(rest)
    start = FROM_ARTICLE.match(rest)
    number = NUMBER.match(rest)
    if not rest:
        return day_page(shown, day, 0, templates, words, rarity)
    if start:
        return day_page(shown, day, int(start[1]) - 1, templates, words, rarity)
    if page:
        first = next((i for i, a in enumerate(shown) if a.page_number == int(page[1])), None)
        if first is None:
            numbers = "、".join(str(n) for n in dict.fromkeys(a.page_number for a in shown if a.page_number))
            last_page = max((a.page_number for a in shown if a.page_number), default=0)
            if last_page and int(page[1]) > last_page:  # 第99999999版: past the paper's last page
                return Reply.plain(templates.digest_pages_only.format(count=last_page, pages=numbers))
            return Reply.plain(templates.digest_no_page.format(page=page[1], pages=numbers or "—"))
        return day_page(shown, day, first, templates, words, rarity)
    if number:
        index = int(number[1]) - 1
        if not 0 <= index < len(shown):
            return Reply.plain(templates.digest_bad_number.format(count=len(shown), day=day_arg_label(day)))
        return article_page(shown, day, index, templates, words, rarity)
    return summary(shown, request.words, templates, words, rarity)  # a day and words of a headline


def day_arg_label(day: dt.date | None) -> str:
    return day_arg(day) if day else ""


def command(*parts: str) -> str:
    """The ``/summary`` command a button stands for."""
    return " ".join(["/summary", *(p for p in parts if p)])


def no_news(request: DayRequest, calendar: Calendar, templates: TemplatesConfig) -> Reply:
    """A day without news: say so, and which days have news."""
    days = "、".join(day_label(d) for d in calendar.days[:5])
    if not calendar.total:
        return Reply.plain(templates.no_news)
    if not days:
        return Reply.plain(templates.digest_no_dates)
    label = request.label if request.named else ""
    return Reply.plain(templates.digest_no_day.format(day=label, days=days or "—"))


def no_such_day(words: str, calendar: Calendar, templates: TemplatesConfig) -> Reply:
    """A date no paper is of (after the newest issue, or not in the calendar): say so, with the days
    that have news."""
    days = "、".join(day_label(d) for d in calendar.days[:5]) or "—"
    return Reply.plain(templates.digest_no_such_day.format(day=words, days=days))


def page_label(article: AnyArticle, position: int, templates: TemplatesConfig) -> str:
    """The name of an article's page: 第4版 要闻 as printed, else its place in the day's paper."""
    if article.page_number is None:
        return templates.digest_unnumbered_page.format(position=position)
    return f"第{article.page_number}版" + (f" {article.section}" if article.section else "")


def one_line(article: AnyArticle, words: Words, rarity: Rarity) -> str:
    """The article's best sentence that says more than its headline (never one that repeats it), cut to
    one line."""
    ranked = Ranked(article, words, rarity)
    headline = compact(article.headline)
    for best in ranked_order(article, ranked):
        text = ranked.sentences[best].text
        if headline not in compact(text):
            return trim(text, LINE_CHARS)
    return ""


def page_groups(articles: list[AnyArticle]) -> list[range]:
    """The day's articles grouped by page of the paper (``page_key``), as index ranges in page order."""
    groups: list[range] = []
    first = 0
    for n in range(1, len(articles) + 1):
        if n == len(articles) or page_key(articles[n]) != page_key(articles[first]):
            groups.append(range(first, n))
            first = n
    return groups


def day_page(
    articles: list[AnyArticle],
    day: dt.date | None,
    start: int,
    templates: TemplatesConfig,
    words: Words,
    rarity: Rarity,
) -> Reply:
    """One page of the day's paper from article ``start`` on (the front page for 0): its label once, then
    its items (a headline and one line each) while they fit in one message; buttons for each item shown,
    for the rest of the page when it did not fit, and one for every other page of the paper."""
    start = max(0, min(start, len(articles) - 1))
    groups = page_groups(articles)
    page = next(group for group in groups if start in group)
    heading = templates.digest_heading.format(
        day=day_label(day) if day else templates.digest_undated,
        publication=articles[0].publication or "",
        count=len(articles),
    )
    positions = {page_key(articles[g[0]]): n for n, g in enumerate(groups, 1)}
    label = page_label(articles[start], positions[page_key(articles[start])], templates)

    def items() -> Iterator[list[Block]]:
        for number in range(start + 1, page.stop + 1):
            article = articles[number - 1]
            title = article.headline
            if article.continues and article.jump_from is not None:
                title = templates.digest_continuation.format(title=title, page=article.jump_from)
            lines = [Block(style="item", text=f"{number}. {title}")]
            line = one_line(article, words, rarity)
            if line:
                lines.append(Block(style="text", text=line))
            yield lines

    howto = Block(style="text", text=templates.digest_howto.format(day=day_arg_label(day)))
    more: Callable[[int], Block] = lambda count: Block(  # noqa: E731
        style="text", text=templates.digest_more.format(count=count)
    )
    head = [
        Block(style="heading", text=heading),
        Block(style="heading", text=templates.digest_page.format(page=label)),
    ]
    left = page.stop - start
    blocks = fit(head, items(), left, more, limit=MESSAGE_LIMIT - len(howto.text) - 1)
    end = start + sum(1 for b in blocks if b.style == "item")
    return Reply(
        blocks=[*blocks, howto],
        found=True,
        buttons=digest_buttons(articles, day, start, end, page, groups, positions, templates),
    )


def digest_buttons(
    articles: list[AnyArticle],
    day: dt.date | None,
    start: int,
    end: int,
    page: range,
    groups: list[range],
    positions: dict[int | str, int],
    templates: TemplatesConfig,
) -> list[list[Button]]:
    """One button per item shown (its summary); the rest of this page when it did not fit; then one button
    per other page of the paper (第2版 要闻 …)."""
    when = day_arg_label(day)
    numbers = [Button(text=str(n), command=command(when, str(n))) for n in range(start + 1, end + 1)]
    rows = [numbers[i : i + BUTTONS_PER_ROW] for i in range(0, len(numbers), BUTTONS_PER_ROW)]
    if end < page.stop:
        label = page_label(articles[end], positions[page_key(articles[end])], templates)
        more = templates.digest_continued.format(page=label)
        rows.append([Button(text=f"{more} ▶", command=command(when, f"从第{end + 1}篇"))])
    others = [
        Button(
            text=page_label(articles[group[0]], n, templates),
            command=command(when, page_command(articles[group[0]], group[0])),
        )
        for n, group in enumerate(groups, 1)
        if group != page
    ]
    return rows + [others[i : i + PAGES_PER_ROW] for i in range(0, len(others), PAGES_PER_ROW)]


def page_command(article: AnyArticle, index: int) -> str:
    """What a page button sends: ``第N版`` for a numbered page, else the page's first article."""
    return f"第{article.page_number}版" if article.page_number is not None else f"从第{index + 1}篇"


def article_page(
    articles: list[AnyArticle],
    day: dt.date | None,
    index: int,
    templates: TemplatesConfig,
    words: Words,
    rarity: Rarity,
) -> Reply:
    """One article of the day summarised, with buttons back to its page of the digest and to the articles
    before and after it."""
    reply = article_summary(articles[index], [], articles, templates, words, rarity)
    when = day_arg_label(day)
    page_start = next(i for i, a in enumerate(articles) if page_key(a) == page_key(articles[index]))
    row = [Button(text=templates.digest_back_button, command=command(when, f"从第{page_start + 1}篇"))]
    if index > 0:
        row.append(Button(text=templates.digest_previous_button, command=command(when, str(index))))
    if index + 1 < len(articles):
        row.append(Button(text=templates.digest_next_button, command=command(when, str(index + 2))))
    reply.buttons = [row]
    return reply
