"""Time in a question: the dates and periods it names (昨天, 1月15日, 上周, 今年一季度, 2020年 …) as date
ranges, and what remains of the question without them.

Relative words (今天, 昨天, 上周, 本月, 今年) count from a reference day, the newest page date of the
corpus, not from the clock: a paper's "today" is its newest issue. A month and day without a year take
the reference day's year, or the year before when that would put them more than a month after it.
Simplified and traditional characters (上週, 上個月, 15號) and Chinese numerals (一月十五日) are read alike.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from bot.text.numerals import calendar_date, cn_number
from bot.text.terms import normalise

NUM = r"[0-9]{1,2}|[一二三四五六七八九十]{1,3}"
YEAR = r"(?:19|20)[0-9]{2}|[〇零一二三四五六七八九]{4}"
DAY_MARK = r"(?:日(?![内後后前起以])|[号號](?=$|[的那这這有开開举舉召是\s，,。？?！!]))"
"""日, or 号 where it ends the phrase (15号的会; 6号线 and 3号楼 are names)."""
REL_YEAR = {"今年": 0, "本年": 0, "去年": 1, "上年": 1, "前年": 2}
REL_DAY = {"今天": 0, "今日": 0, "昨天": 1, "昨日": 1, "前天": 2, "前日": 2, "大前天": 3}
WEEKDAYS = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}
QUARTERS = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}
AHEAD_DAYS = 31
"""A month and day without a year more than this far after the reference day are last year's."""
ISSUE_DAYS = 31
"""A period up to a month long (昨天, 上周, 本月) is when the paper printed it; a longer one (一季度, 2020年)
is what the news is about, reported during it or later, so its words stay part of the question."""
COMPARED = re.compile(r"(?:比|较|較|与|與|同比|相比)$")
"""Before a period, these make it the other side of a comparison (比去年增长), not the time asked about."""
SAME_TIME = re.compile(r"^(?:同期|同比)")
SINCE = re.compile(r"^(?:以来|來|来)")
CONTENT_BEFORE = re.compile(r"(?:截至|截止(?:到|至)?|(?<![关對对由至等属屬在])于|自)$")
CONTENT_AFTER = re.compile(r"^(?:以来|來|来|举行|舉行|举办|舉辦|召开|召開|开幕|開幕|闭幕|閉幕|启动|啟動)")
"""Around a date, these make it part of what is asked (截至6月10日, 于6月10日举行, 6月1日以来): the news
about it may be printed on that day or any day after, and its words stay part of the question."""
NEWS_AFTER = re.compile(r"的?(?:新闻|新聞|报道|報道|报纸|報紙|消息|有什么|有什麼|有哪些)")
"""After a month written with 份 (5月份), these make it the paper's month (5月份的新闻); else 5月份 is the
period a figure is of (5月份进出口增长多少), which statistics are reported in the month after."""
DAY_IN_TEXT = re.compile(
    r"(?:(?P<y>(?:19|20)[0-9]{2})年)?(?:(?<![0-9])(?P<m>[0-9]{1,2})月)?(?<![0-9])(?P<d>[0-9]{1,2})[日号號]"
    r"|(?<![0-9])(?P<iy>(?:19|20)[0-9]{2})[-/.](?P<im>[0-9]{1,2})[-/.](?P<id>[0-9]{1,2})(?![0-9])"
)
"""A calendar date as an article writes it (numerals in Arabic form): 2023年6月10日, 6月10号, 10日, 2023-06-10."""
MONTH_IN_TEXT = re.compile(
    r"(?:(?P<y>(?:19|20)[0-9]{2})年)?(?<![0-9])(?P<m>[0-9]{1,2})月(?![0-9]{1,2}[日号號])"
)
"""A month an article speaks of (4月份, 4月末, 前4月, 1至4月; not the 4月 of 4月26日)."""


@dataclass(frozen=True)
class DateRange:
    """One period a question names: ``start`` to ``end`` inclusive, and the words that named it."""

    start: dt.date
    end: dt.date
    words: str
    written: bool = False
    """Whether the words are a calendar date (6月10日, 10日, 2023-06-10), which an article's text may hold."""
    content: bool = False
    """Whether the date is part of what is asked (截至6月10日, 于6月10日举行), not when the news was printed."""

    def holds(self, day: dt.date) -> bool:
        return self.start <= day <= self.end

    @property
    def of_issues(self) -> bool:
        """Whether the period names days of the paper (昨天, 上周) rather than a period reported on."""
        return not self.content and (self.end - self.start).days < ISSUE_DAYS

    def named_in(self, text: str) -> bool:
        """Whether a text (normalised, numerals in ``arabic`` form) writes one of the period's days, when
        the question wrote it as a calendar date: 6月10日 is held by 截至6月10日 and 2023年6月10号, not by
        5月10日 or 2022年6月10日; a bare 10日 in the text counts only for a question's bare 10日. A month
        (4月份全省CPI) is held by a text speaking of that month (4月份, 4月末, 前4月): figures for a month
        are printed after it."""
        if not self.written or not self.of_issues:
            return False
        if not re.search(r"[日号號]$", self.words) and not re.search(r"[-/.]", self.words):  # a month
            return any(
                int(m["m"]) == self.start.month and (not m["y"] or int(m["y"]) == self.start.year)
                for m in MONTH_IN_TEXT.finditer(text)
            )
        bare = "月" not in self.words and not re.search(r"[0-9]{4}|[-/.]", self.words)
        for m in DAY_IN_TEXT.finditer(text):
            if m["iy"]:
                day = calendar_date(int(m["iy"]), int(m["im"]), int(m["id"]))
            elif m["m"] or bare:
                day = calendar_date(self.start.year, int(m["m"] or self.start.month), int(m["d"]))
                if day and m["y"] and int(m["y"]) != day.year:
                    day = None
            else:
                day = None
            if day is not None and self.holds(day):
                return True
        return False

    @property
    def label(self) -> str:
        """The period in full (2024年1月15日, 2024年1月8日至1月14日), after the question's words when they
        were relative or shortened."""
        whole = day_label(self.start)
        if self.end != self.start:
            same_year = self.end.year == self.start.year
            whole += "至" + (f"{self.end.month}月{self.end.day}日" if same_year else day_label(self.end))
        return whole if normalise(self.words) == normalise(whole) else f"{self.words}（{whole}）"


@dataclass(frozen=True)
class TimeQuery:
    """The periods a question names (none: it names no time) and the question without them."""

    ranges: tuple[DateRange, ...]
    rest: str
    refused: tuple[str, ...] = ()
    """Dates named that no paper can be of: impossible (2月30日, 2024-99-99, 〇〇〇〇年) or after the newest
    issue (2099-01-01), each as a label (2099年1月1日) or, impossible, as written."""

    def __bool__(self) -> bool:
        return bool(self.ranges)

    def holds(self, day: dt.date) -> bool:
        """Whether a dated article falls within one of the periods."""
        return any(r.holds(day) for r in self.ranges)

    @property
    def label(self) -> str:
        return "、".join(r.label for r in self.ranges)

    @property
    def of_issues(self) -> bool:
        """Whether the question names days of the paper (昨天, 上周), not only periods reported on."""
        return any(r.of_issues for r in self.ranges)

    def named_in(self, text: str) -> bool:
        """Whether a text writes one of the calendar dates the question names as days of the paper: the
        article then answers for that date whatever day it was printed (截至6月10日 on 12 June's page)."""
        return any(r.named_in(text) for r in self.ranges)


def day_label(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def month_range(year: int, month: int) -> tuple[dt.date, dt.date] | None:
    if not 1 <= month <= 12:
        return None
    return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])


def year_of(match: re.Match[str], ref: dt.date) -> int:
    """The year a match names: written out, relative (今年, 去年), else the reference day's."""
    groups = match.groupdict()
    if groups.get("y"):
        return cn_number(groups["y"])
    return ref.year - REL_YEAR.get(groups.get("ry") or "", 0)


def week_start(ref: dt.date, back: int) -> dt.date:
    return ref - dt.timedelta(days=ref.weekday() + 7 * back)


Resolver = Callable[[re.Match[str], dt.date], "tuple[dt.date, dt.date] | None"]
YEAR_PART = rf"(?:(?P<y>{YEAR})年|(?P<ry>今年|本年|去年|上年|前年))"


def _full_day(m: re.Match[str], ref: dt.date) -> tuple[dt.date, dt.date] | None:
    if m["y"] or m["ry"]:
        day = calendar_date(year_of(m, ref), cn_number(m["m"]), cn_number(m["d"]))
    else:
        day = calendar_date(ref.year, cn_number(m["m"]), cn_number(m["d"]))
        if day and day > ref + dt.timedelta(days=AHEAD_DAYS):
            day = calendar_date(ref.year - 1, day.month, day.day)
    return (day, day) if day else None


def _day_span(m: re.Match[str], ref: dt.date) -> tuple[dt.date, dt.date] | None:
    """1月15日至17日, 1月30日到2月2日: from the first day to the second."""
    first = _full_day(m, ref)
    if first is None:
        return None
    month = cn_number(m["m2"]) if m["m2"] else first[0].month
    last = calendar_date(first[0].year, month, cn_number(m["d2"]))
    if last is not None and last < first[0]:
        last = calendar_date(first[0].year + 1, month, last.day)
    return (first[0], last) if last else None


def _iso_day(m: re.Match[str], ref: dt.date) -> tuple[dt.date, dt.date] | None:
    day = calendar_date(int(m["y"]), int(m["m"]), int(m["d"]))
    return (day, day) if day else None


def _day_only(m: re.Match[str], ref: dt.date) -> tuple[dt.date, dt.date] | None:
    """15日: in the reference day's month, or the month before when it is later than the reference day."""
    number = cn_number(m["d"])
    if number <= ref.day:
        day = calendar_date(ref.year, ref.month, number)
    else:
        before = ref.replace(day=1) - dt.timedelta(days=1)
        day = calendar_date(before.year, before.month, number)
    return (day, day) if day else None


def _month(m: re.Match[str], ref: dt.date) -> tuple[dt.date, dt.date] | None:
    month = cn_number(m["m"])
    if m.groupdict().get("y") or m.groupdict().get("ry"):
        return month_range(year_of(m, ref), month)
    year = ref.year if month <= ref.month else ref.year - 1
    return month_range(year, month)


def _month_span(m: re.Match[str], ref: dt.date) -> tuple[dt.date, dt.date] | None:
    """1—2月, 3至5月: from the first day of one month to the last of the other, in one year."""
    first, last = cn_number(m["m"]), cn_number(m["m2"])
    if not 1 <= first < last <= 12:
        return None
    year = year_of(m, ref) if m["y"] or m["ry"] else (ref.year if last <= ref.month else ref.year - 1)
    start, end = month_range(year, first), month_range(year, last)
    return (start[0], end[1]) if start and end else None


def _quarter(m: re.Match[str], ref: dt.date) -> tuple[dt.date, dt.date] | None:
    year, quarter = year_of(m, ref), QUARTERS[m["q"]]
    first, last = month_range(year, quarter * 3 - 2), month_range(year, quarter * 3)
    return (first[0], last[1]) if first and last else None


def _quarters_to(m: re.Match[str], ref: dt.date) -> tuple[dt.date, dt.date] | None:
    """前三季度: from the first quarter to the named one."""
    year, quarter = year_of(m, ref), QUARTERS[m["q"]]
    last = month_range(year, quarter * 3)
    return (dt.date(year, 1, 1), last[1]) if last else None


def _half(m: re.Match[str], ref: dt.date) -> tuple[dt.date, dt.date] | None:
    year = year_of(m, ref)
    return (
        (dt.date(year, 1, 1), dt.date(year, 6, 30))
        if m["h"] == "上"
        else (dt.date(year, 7, 1), dt.date(year, 12, 31))
    )


def _year(m: re.Match[str], ref: dt.date) -> tuple[dt.date, dt.date] | None:
    year = year_of(m, ref)
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def _relative_day(m: re.Match[str], ref: dt.date) -> tuple[dt.date, dt.date] | None:
    day = ref - dt.timedelta(days=REL_DAY[m.group()])
    return day, day


def _weekday(m: re.Match[str], ref: dt.date) -> tuple[dt.date, dt.date] | None:
    day = week_start(ref, 1 if m["w"] == "上" else 0) + dt.timedelta(days=WEEKDAYS[m["wd"]])
    if m["w"] is None and day > ref:  # 周三, asked on a Tuesday: the Wednesday before
        day -= dt.timedelta(days=7)
    return day, day


def _week(m: re.Match[str], ref: dt.date) -> tuple[dt.date, dt.date] | None:
    start = week_start(ref, 1 if m["w"] == "上" else 0)
    return start, start + dt.timedelta(days=6)


def _this_month(m: re.Match[str], ref: dt.date) -> tuple[dt.date, dt.date] | None:
    if m["mo"] == "上":
        before = ref.replace(day=1) - dt.timedelta(days=1)
        return month_range(before.year, before.month)
    return month_range(ref.year, ref.month)


def _recent_days(m: re.Match[str], ref: dt.date) -> tuple[dt.date, dt.date] | None:
    """近三天, 最近7天: the reference day and the days before it."""
    count = cn_number(m["n"])
    return (ref - dt.timedelta(days=count - 1), ref) if count >= 1 else None


def _few_days(m: re.Match[str], ref: dt.date) -> tuple[dt.date, dt.date] | None:
    """这两天, 最近几天, 这些天: the reference day and the one (两) or two (几) days before it."""
    return ref - dt.timedelta(days=1 if m["n"] in ("两", "兩") else 2), ref


THIS = r"(?P<w>上|本|这|這|今)"
WEEK = r"(?:周|週|星期|礼拜|禮拜)"
# Longest forms first: a full date is read before the month or year inside it.
PATTERNS: list[tuple[re.Pattern[str], Resolver]] = [
    (re.compile(r"(?P<y>(?:19|20)[0-9]{2})[-/.](?P<m>[0-9]{1,2})[-/.](?P<d>[0-9]{1,2})(?![0-9])"), _iso_day),
    (
        re.compile(
            rf"{YEAR_PART}?(?P<m>{NUM})月(?P<d>{NUM})[日号號]?(?:至|到|—|-|~)(?:(?P<m2>{NUM})月)?(?P<d2>{NUM})[日号號]"
        ),
        _day_span,
    ),
    (re.compile(rf"{YEAR_PART}?(?P<m>{NUM})月(?:份)?(?P<d>{NUM})(?:日(?![内後后前起以])|[号號])"), _full_day),
    (
        re.compile(
            rf"{YEAR_PART}?(?<![0-9])(?P<m>{NUM})(?:月份?)?(?:至|到|—|-|~)(?P<m2>{NUM})月份?(?![0-9日号號])"
        ),
        _month_span,
    ),
    (re.compile(rf"{YEAR_PART}?前(?P<q>[一二三四1-4])(?:个|個)?季度"), _quarters_to),
    (re.compile(rf"{YEAR_PART}?(?:第)?(?P<q>[一二三四1-4])季度"), _quarter),
    (re.compile(rf"{YEAR_PART}?(?P<h>[上下])半年"), _half),
    (re.compile(rf"{YEAR_PART}(?P<m>{NUM})月(?:份)?"), _month),
    (re.compile(rf"(?<![0-9年月第])(?P<m>{NUM})月份?(?![0-9])"), _month),
    (re.compile(YEAR_PART), _year),
    (re.compile(r"大前天|今天|今日|昨天|昨日|前天|前日"), _relative_day),
    (re.compile(rf"{THIS}?{WEEK}(?P<wd>[一二三四五六日天])"), _weekday),
    (re.compile(rf"{THIS}(?:一|个|個)?{WEEK}"), _week),
    (re.compile(r"(?P<mo>上|本|这|這)(?:一|个|個)?月"), _this_month),
    (re.compile(rf"(?:最近|近)(?P<n>{NUM})天"), _recent_days),
    (re.compile(r"(?:最近|近|这|這|前)(?P<n>两|兩|几|幾)天|(?:这|這)些天"), _few_days),
    (
        re.compile(rf"(?<![0-9月年第])(?P<d>[0-9]{{1,2}}|[一二三]?十[一二三四五六七八九]?){DAY_MARK}"),
        _day_only,
    ),
]


WRITTEN = (_iso_day, _day_span, _full_day, _day_only, _month)
"""The resolvers of calendar dates and months as written (not 昨天, 上周, 本月)."""


def parse_dates(question: str, reference: dt.date | None, names: Iterable[str] = ()) -> TimeQuery:
    """The periods the question names, resolved against ``reference`` (the newest page date), and the
    question with their words taken out. Without a reference (a corpus without dates) no period can be
    placed in the paper: the words stay part of the question. Within ``names`` (a column's name such as
    今日谈) a date word is no date."""
    if reference is None:
        return TimeQuery((), question)
    ref = reference
    text = normalise(question)
    taken = [False] * len(text)
    kept: set[int] = set()
    for name in names:
        for match in re.finditer(re.escape(normalise(name)), text):
            taken[match.start() : match.end()] = [True] * (match.end() - match.start())
            kept.update(range(*match.span()))
    found: list[tuple[int, DateRange]] = []
    refused: list[str] = []
    for pattern, resolve in PATTERNS:
        for match in pattern.finditer(text):
            start, end = match.span()
            if any(taken[start:end]):
                continue
            taken[start:end] = [True] * (end - start)  # read once, as the longest form that fits
            try:
                period = resolve(match, ref)
            except (ValueError, OverflowError):  # a year the calendar has not (〇〇〇〇年)
                period = None
            # Not a time asked about: an impossible date (2月30日), a comparison (比去年, 去年同期), or
            # the future, which no paper comes from (到2035年 is a target): they stay in the question.
            if COMPARED.search(text[:start]) or SAME_TIME.match(text[end:]):
                kept.update(range(start, end))
                continue
            if period is None:
                kept.update(range(start, end))
                refused.append(match.group())
                continue
            if SINCE.match(text[end:]):  # 2020年以来: from then to the reference day
                period = (period[0], max(period[1], ref))
            if period[0] > ref:
                kept.update(range(start, end))
                refused.append(day_label(period[0]) if period[0] == period[1] else match.group())
                continue
            content = bool(
                CONTENT_BEFORE.search(text[:start])
                or CONTENT_AFTER.match(text[end:])
                or (resolve is _month and match.group().endswith("份") and not NEWS_AFTER.match(text[end:]))
            )
            found_range = DateRange(period[0], period[1], match.group(), resolve in WRITTEN, content)
            if not found_range.of_issues:
                kept.update(range(start, end))
            found.append((start, found_range))
    ranges = tuple(dict.fromkeys(r for _, r in sorted(found, key=lambda f: f[0])))
    rest = "".join(
        " " if gone and i not in kept else ch for i, (ch, gone) in enumerate(zip(text, taken, strict=True))
    )
    return TimeQuery(ranges, " ".join(rest.split()) if ranges else question, tuple(refused))
