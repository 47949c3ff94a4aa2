"""Dates and pages: the page date (sidecar, page header, file name -- in that order), the page number
and section, the dateline as written at the start of a body, and an event's day named later in its
first sentence (``总队5日发布``).

A document (a notice, a decision) is dated by its signature line at its foot (落款: ``2024年4月10日``
under the issuer), never the page. A date is a fact or absent: a body date without a page date keeps only what it says (``1月13日`` stays
a dateline with no calendar date); no year is ever guessed.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

from bot.ingestion.lines import (
    JUMP_MARK,
    PAPER_LINE,
    PAPER_NAME,
    SECTION_PAGE_LINE,
    SIGNATURE_DATE,
    SOURCE_NOTE,
    Line,
)
from bot.text.numerals import calendar_date, cn_number, number_of

FULL_DATE = re.compile(r"(?P<y>(?:19|20)\d{2})(?:年|[-/.])(?P<m>\d{1,2})(?:月|[-/.])(?P<d>\d{1,2})")
DATELINE = re.compile(
    r"^(?P<dateline>(?:(?P<y>\d{4})年)?(?P<m>\d{1,2})月(?P<d>\d{1,2})日|(?P<day>\d{1,2})日"
    r"|昨日|昨天|今日|今天|前日|前天|日前|近日)"
)
DATELINE_OPENING = re.compile(DATELINE.pattern + r"[,，]")
RELATIVE_DAYS = {"今日": 0, "今天": 0, "昨日": 1, "昨天": 1, "前日": 2, "前天": 2}
PAGE_MARK = re.compile(
    r"第?[\s\u3000]*[A-Za-z]?(?P<number>[0-9０-９]{1,3}|[一二三四五六七八九十]{1,3})[\s\u3000]*版(?:[\s\u3000:：]*(?P<section>[\u4e00-\u9fff·]{2,8}))?"
    r"|(?:^|(?<=[\s\u3000]))(?P<edition>[A-Z])(?P<ed_number>[0-9]{1,2})[\s\u3000]+(?P<ed_section>[\u4e00-\u9fff·]{2,6})"
)
PUBLICATION = re.compile(rf"^(?P<name>{PAPER_NAME}|[\u4e00-\u9fff]{{1,8}}报)[\s\u3000]")
"""A paper's name opening a page header (人民日报 2021年3月15日 第04版)."""
EVENT_DAY = re.compile(
    r"(?<![\d年月.．])(?:(?:\d{4}年)?\d{1,2}月\d{1,2}日|\d{1,2}日)(?![前电])|昨日|昨天|今日|今天|前日|前天"
)
"""A day named inside the first sentence (``总队5日发布``, ``记者昨天从…获悉``)."""
NOT_EVENT_BEFORE = re.compile(r"(?:将于|将在|定于|拟于|计划于|预计于|将|截至|截止|从|自|至|到|—|-|～|~)$")
NOT_EVENT_AFTER = re.compile(r"^(?:[起前后至到—\-～~]|以[前后来]|之[前后]|开始)")
"""A day that bounds a span or lies ahead (``将于5月8日起``, ``5月1日至5日``) is no event's day."""


@dataclass
class PagePlace:
    """Where a page stands in its paper: its date, page number, section and paper, each where known."""

    date: dt.date | None = None
    number: int | None = None
    section: str | None = None
    publication: str | None = None


def from_header(lines: list[Line]) -> PagePlace:
    """Date, page number, section and paper read from the page's furniture (its header lines); a jump
    mark (``（上接第五版）``) names another page, never this one."""
    place = PagePlace()
    for line in lines:
        if JUMP_MARK.fullmatch(line.text):
            continue
        paper = PUBLICATION.match(line.text) or SOURCE_NOTE.match(line.text)
        if (
            place.publication is None
            and paper
            and (FULL_DATE.search(line.text) or PAGE_MARK.search(line.text))
        ):
            place.publication = paper.groupdict().get("name") or paper["paper"]
        if place.publication is None and PAPER_LINE.match(line.text):
            place.publication = line.text
        date = FULL_DATE.search(line.text)
        if place.date is None and date:
            place.date = calendar_date(int(date["y"]), int(date["m"]), int(date["d"]))
        page = PAGE_MARK.search(line.text)
        if place.number is None and page:
            place.number = number_of(page["number"] or page["ed_number"])
            place.section = page["section"] or page["ed_section"]
        bare = SECTION_PAGE_LINE.match(line.text)
        if place.number is None and bare:
            place.number = int(bare["number"] or bare["number2"])
            place.section = bare["section"] or bare["section2"]
    return place


def from_file_name(stem: str, date_pattern: str, page_pattern: str) -> PagePlace:
    """Date and page number from a file name such as ``20210315-04-02`` or ``2021-03-15_A04_2``."""
    place = PagePlace()
    date = re.search(date_pattern, stem)
    if date:
        place.date = calendar_date(int(date["y"]), int(date["m"]), int(date["d"]))
    page = re.search(page_pattern, stem)
    if page:
        place.number = int(page["page"])
    return place


def signature_date(text: str) -> dt.date | None:
    """The date of a document's signature line (``2024年4月10日``, ``二〇二四年四月十日``)."""
    match = SIGNATURE_DATE.match(text)
    if match is None:
        return None
    month, day = number_of(match["m"]), number_of(match["d"])
    if month is None or day is None:
        return None
    return calendar_date(cn_number(match["y"]), month, day)


ADOPTED = re.compile(r"通过|批准|公布|发布|施行|印发")


def note_date(note: str | None) -> dt.date | None:
    """The date a headline note says a document was adopted (``（2024年5月8日…会议通过）``)."""
    found = FULL_DATE.search(note or "")
    if found is None or not ADOPTED.search(note or ""):
        return None
    return calendar_date(int(found["y"]), int(found["m"]), int(found["d"]))


EVENT_WINDOW = dt.timedelta(days=31)
"""How long before its paper's day an article's event may lie: a date further back (``于2008年4月18日
开工建设`` in a 2020 report) is history the article tells, never its date."""


def dates_page(date: dt.date, page_date: dt.date | None) -> bool:
    """Whether ``date`` may date an article printed on ``page_date``: that day or shortly before."""
    return page_date is None or page_date - EVENT_WINDOW <= date <= page_date


def event_date(text: str, page_date: dt.date | None) -> dt.date | None:
    """The day an article's first sentence says its event happened, when it names one that is not at its
    start (``国家统计局…总队5日发布``, ``记者昨天从…获悉``, ``…中心5月6日正式开设``): resolved against
    the page date like a dateline, never a guessed year, never after the page was printed nor long before
    it (a historic date: ``于2008年4月18日开工建设``)."""
    sentence = re.split(r"[。！？!?；;]", text, maxsplit=1)[0]
    for found in EVENT_DAY.finditer(sentence):
        before, after = sentence[: found.start()], sentence[found.end() :]
        if NOT_EVENT_BEFORE.search(before) or NOT_EVENT_AFTER.match(after):
            continue
        match = DATELINE.match(sentence[found.start() :])
        date = resolve_date(match, page_date) if match else None
        if date is not None and dates_page(date, page_date):
            return date
    return None


def near_page(page_date: dt.date | None, *found: Callable[[], dt.date | None]) -> dt.date | None:
    """The first date the ``found`` readers give (tried in order, lazily) that may date an article: its
    paper's day or a day shortly before it (``EVENT_WINDOW``); without a page date, the first found."""
    for read in found:
        date = read()
        if date is not None and dates_page(date, page_date):
            return date
    return None


def resolve_date(match: re.Match[str], page_date: dt.date | None) -> dt.date | None:
    """The calendar date a dateline names, where the text and the page date allow it."""
    word = match.groupdict().get("dateline")
    if word in RELATIVE_DAYS:
        return page_date - dt.timedelta(days=RELATIVE_DAYS[word]) if page_date else None
    day_only = match.groupdict().get("day")
    if day_only and page_date:  # 24日: the page's month, or the month before
        day = int(day_only)
        if day < 1:
            return None
        if day <= page_date.day:
            return page_date.replace(day=day)
        previous = page_date.replace(day=1) - dt.timedelta(days=1)
        return previous.replace(day=day) if day <= previous.day else None
    if match.group("m") is None:  # 日前, 近日, or a day without a page date
        return None
    year = int(match.group("y")) if match.group("y") else page_date.year if page_date else None
    if year is None:
        return None
    date = calendar_date(year, int(match.group("m")), int(match.group("d")))
    if date and not match.group("y") and page_date and date > page_date + dt.timedelta(days=31):
        date = calendar_date(year - 1, date.month, date.day)  # a January page reporting a December event
    return date
