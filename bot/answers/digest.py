"""A day at a glance: one day's articles grouped by page in page order, each a headline and one line,
within one message; the rest behind buttons (the next page of the paper, one article's summary).

Every button stands for a command a reader could type (``/summary 2024-03-15 从第9篇``), so the console
lists them as commands and a Telegram button press is answered like that command. ``/summary`` takes a
day (昨天, 1月15日, 2024-01-15; the newest day when none is named) and then optionally ``第N版`` (start at
that page), ``从第N篇`` (start at that article), ``N`` (that article's summary) or words of a headline.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator, Sequence

from bot.answers.layout import MESSAGE_LIMIT, compact, fit
from bot.answers.reply import Block, Button, Reply
from bot.answers.summary import Ranked, Rarity, Words, article_summary, lead_sentence, summary, trim
from bot.config import TemplatesConfig
from bot.corpus.models import AnyArticle
from bot.search.dates import day_label, parse_dates

LINE_CHARS = 60
"""At most this many characters of an article's one line in the digest."""
BUTTONS_PER_ROW = 8
PAGE_JUMP = re.compile(r"^第?(\d+)版$")
FROM_ARTICLE = re.compile(r"^从第?(\d{1,4})篇?$")
NUMBER = re.compile(r"^第?(\d{1,4})篇?$")


def page_order(article: AnyArticle) -> tuple[int, str, int]:
    """Where an article stands in its day's paper: page number (unnumbered pages last), page, position."""
    number = article.page_number if article.page_number is not None else 10_000
    return number, article.page, article.order


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


def day_arg(day: dt.date) -> str:
    """How a day is written in a button's command: short, and read back by ``parse_dates``."""
    return day.isoformat()


class DayRequest:
    """What ``/summary`` or ``/articles`` asked for: which day, and what of it."""

    def __init__(self, calendar: Calendar, args: str) -> None:
        days = calendar.days
        self.newest = days[0] if days else None
        when = parse_dates(args, self.newest)
        self.named = bool(when.of_issues)
        self.refused = "" if self.named else "、".join(when.refused)
        """A date named that no paper is of (2099年1月1日, 2月30日): said so, never another day's news."""
        self.words = when.rest if self.named else args
        self.rest = compact(self.words)
        self.day = self.newest
        if self.named:
            inside = [d for d in days if when.holds(d)]
            self.day = inside[0] if inside else when.ranges[0].end
            self.label = when.label
        self.articles = calendar.articles(self.day)

    @property
    def is_day(self) -> bool:
        """Whether the request is about a day's digest (no argument, or a day with nothing or a page)."""
        return (
            self.named or not self.rest or bool(PAGE_JUMP.match(self.rest) or FROM_ARTICLE.match(self.rest))
        )


def digest(
    calendar: Calendar, args: str, templates: TemplatesConfig, words: Words, rarity: Rarity
) -> Reply | None:
    """The reply to ``/summary`` when it asks for a day (None when it names one article by the old ways:
    ``/summary 关键词``, ``/summary N``)."""
    request = DayRequest(calendar, args)
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
    """The article's best sentence that says more than its headline, cut to one line."""
    ranked = Ranked(article, words, rarity)
    best = lead_sentence(article, ranked)
    return trim(ranked.sentences[best].text, LINE_CHARS) if best is not None else ""


def day_page(
    articles: list[AnyArticle],
    day: dt.date | None,
    start: int,
    templates: TemplatesConfig,
    words: Words,
    rarity: Rarity,
) -> Reply:
    """The day's digest from article ``start`` on: whole pages while they fit in one message, then buttons
    for each article shown and for the next page of the paper."""
    start = max(0, min(start, len(articles) - 1))
    heading = templates.digest_heading.format(
        day=day_label(day) if day else templates.digest_undated,
        publication=articles[0].publication or "",
        count=len(articles),
    )
    pages = {page: i for i, page in enumerate(dict.fromkeys(a.page for a in articles), 1)}

    def groups() -> Iterator[list[Block]]:
        for number, article in enumerate(articles[start:], start + 1):
            lines = []
            if number == start + 1 or articles[number - 2].page != article.page:
                lines.append(
                    Block(
                        style="heading",
                        text=templates.digest_page.format(
                            page=page_label(article, pages[article.page], templates)
                        ),
                    )
                )
            title = article.headline
            if article.continues and article.jump_from is not None:
                title = templates.digest_continuation.format(title=title, page=article.jump_from)
            lines.append(Block(style="item", text=f"{number}. {title}"))
            line = one_line(article, words, rarity)
            if line:
                lines.append(Block(style="text", text=line))
            yield lines

    howto = Block(style="text", text=templates.digest_howto.format(day=day_arg_label(day)))
    left = len(articles) - start
    more: Callable[[int], Block] = lambda count: Block(  # noqa: E731
        style="text", text=templates.digest_more.format(count=count)
    )
    head = [Block(style="heading", text=heading)]
    blocks = fit(head, groups(), left, more, limit=MESSAGE_LIMIT - len(howto.text) - 1)
    shown = sum(1 for b in blocks if b.style == "item")
    end = start + shown
    # Cut at the end of the last whole page shown, unless that would show nothing of this message's pages.
    if end < len(articles) and articles[end].page == articles[end - 1].page:
        whole = end
        while whole > start and articles[whole - 1].page == articles[end].page:
            whole -= 1
        if whole > start:
            blocks = cut_after(blocks, whole - start)
            blocks.append(more(len(articles) - whole))
            end = whole
    return Reply(
        blocks=[*blocks, howto],
        found=True,
        buttons=digest_buttons(articles, day, start, end, pages, templates),
    )


def cut_after(blocks: list[Block], items: int) -> list[Block]:
    """The blocks up to (not including) the item after the first ``items`` items and its page heading."""
    kept: list[Block] = []
    seen = 0
    for i, block in enumerate(blocks):
        if block.style == "item":
            seen += 1
            if seen > items:
                if kept and kept[-1].style == "heading" and i > 1:
                    kept.pop()
                return kept
        if block.style == "text" and block.text.startswith(("还有", "……")) and i == len(blocks) - 1:
            return kept
        kept.append(block)
    return kept


def digest_buttons(
    articles: list[AnyArticle],
    day: dt.date | None,
    start: int,
    end: int,
    pages: dict[str, int],
    templates: TemplatesConfig,
) -> list[list[Button]]:
    """One button per article shown (its summary), then back to the start and on to the next page."""
    when = day_arg_label(day)
    numbers = [Button(text=str(n), command=command(when, str(n))) for n in range(start + 1, end + 1)]
    rows = [numbers[i : i + BUTTONS_PER_ROW] for i in range(0, len(numbers), BUTTONS_PER_ROW)]
    moves = []
    if start > 0:
        moves.append(Button(text=templates.digest_first_button, command=command(when)))
    if end < len(articles):
        nxt = articles[end]
        label = page_label(nxt, pages[nxt.page], templates)
        if end > 0 and articles[end - 1].page == nxt.page:
            label = templates.digest_continued.format(page=label)
        moves.append(Button(text=f"{label} ▶", command=command(when, f"从第{end + 1}篇")))
    return rows + ([moves] if moves else [])


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
    page_start = next(i for i, a in enumerate(articles) if a.page == articles[index].page)
    row = [Button(text=templates.digest_back_button, command=command(when, f"从第{page_start + 1}篇"))]
    if index > 0:
        row.append(Button(text=templates.digest_previous_button, command=command(when, str(index))))
    if index + 1 < len(articles):
        row.append(Button(text=templates.digest_next_button, command=command(when, str(index + 2))))
    reply.buttons = [row]
    return reply
