"""Ingestion: raw news pages (``seeds/``) become validated articles (``corpus/*.json``).

Two input forms come out right without per-file settings:

* a whole page extracted from a PDF: several articles one after another, each opened by its headline
  lines and a byline (``本报讯(…记者 陈锋 张昕)``); a ``又讯(…)`` item is an article of its own that
  ``follows`` the article before it;
* one article per file, as archives store them: an optional kicker, the headline, subtitle lines, then
  body paragraphs (often indented with full-width spaces) opened by a byline such as
  ``本报北京2月27日电（记者 某某）`` or ``新华社北京5月21日电``, or by no byline at all.

Rules (kept general, never keyed to one page):

* A byline starts an article, and so does a paragraph opening with a dateline (``昨日，``) under
  headline lines that follow a finished sentence (an item printed without a byline). Its headline
  lines are the short lines (at most ``HEADLINE_MAX_CHARS``, not ending a sentence) directly above.
  The main headline is the most headline-like of them: the longest, plus a bonus for ending in an
  event word (召开, 举行, 会议, 调研 …), minus a penalty for two phrases set apart by a space or for a
  comma (the usual shapes of 引题/副题), and a large one for a leading dash. Lines above it are the
  kicker, lines below it the subtitles. An article with no headline lines (a ``又讯`` item) takes
  its first sentence, without the dateline.
* A credit line (``（记者 某某）``, ``本报记者 某某 通讯员 某某``, ``□本报评论员``) next to a byline
  joins it; on the last line of a file it closes the article above. A photo credit (``记者 某某 摄``)
  joins its article's byline. Reporters are the names after 记者.
* A body line that does not end a sentence (。！？；… optionally followed by closing quotes or brackets)
  was cut by a column or page break and is joined to the next line -- unless it is an intertitle:
  short, no inner punctuation, not ending in a function word (的, 和, 在 …), and numbered, or two
  phrases set apart by a space, or (at most ``PLAIN_INTERTITLE_MAX_CHARS``) followed by an indented
  line in an indented file. In an indented file an unindented line continues the paragraph
  above it when no blank line separates them. Headline lines are never part of a body.
* Page furniture (jump marks such as ``（下转第二版）``, 责任编辑/来源/发布时间 lines) and lines
  before the first article are kept out of the corpus and reported; a full date among them (a page
  header such as ``2023年3月2日 星期四``, ``发布时间：2023-05-21``) gives the page date when no
  sidecar does.
* The dateline is the date as written at the start of the body (``4月24日``, ``昨日``) or in a 电 byline;
  it is resolved against the page date given by the sidecar file ``PAGE<sidecar_suffix>``
  (``{publication, date}``): 昨日 = page date - 1, ``4月24日`` takes the page's year.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from bot.config import IngestConfig
from bot.corpus.models import Article, CorpusProblem, Paragraph, SourceSpan, write_corpus
from bot.ingestion.decode import UndecodableFile, decode_bytes
from bot.ingestion.people import extract_people

HEADLINE_MAX_CHARS = 40
HEADLINE_MAX_LINES = 5
INTERTITLE_MAX_CHARS = 30  # a numbered or space-divided intertitle
PLAIN_INTERTITLE_MAX_CHARS = 20  # one marked only by the indented paragraph after it
DANGLING_END = "的地得了着和与及或并且对在把将向从为被于以等之其第"  # a line ending so was cut mid-sentence
SENTENCE_END = "。．！？!?；;…"
CLOSERS = "”’」』）)】》\"'"
INNER_PUNCT = "，,、。；;：:！!？?"
INDENT = " \t\u3000\xa0"
_CJK = r"\u3400-\u4dbf\u4e00-\u9fff"

# 本报讯 / 又讯 / 本报北京2月27日电 / 新华社北京5月21日电 / 郑州晚报讯, each with an optional (credit).
_AGENCY = rf"本报|又|另|新华社|中新社|中新网|人民网|新华网|央视网|央广网|[{_CJK}]{{2,6}}(?:日报|晚报|时报|商报|新闻网|电视台)"
# A line that is only a credit: 本报记者 张三 通讯员 李四 / （记者 某某）
_NAMES = rf"[{_CJK}·]{{2,6}}(?:[\s\u3000、]+[{_CJK}·]{{2,6}})*"
# After an unbracketed 本报讯, each name stands apart (本报讯 记者 王丽 通讯员 李强 2月18日，…),
# so the start of the text (昨日，…) is never taken for a name.
_LOOSE_NAMES = rf"(?:[{_CJK}·]{{2,6}}[\s\u3000、]+)+"
BYLINE = re.compile(
    rf"^(?P<byline>据?(?:{_AGENCY})(?:讯|(?:(?!记者)[{_CJK}]){{0,5}}?(?P<date>\d{{1,2}}月\d{{1,2}}日)?电)"
    rf"[\s\u3000]*(?:[（(](?P<credit>[^（()）]{{0,60}})[）)]"
    rf"|(?P<loose>[{_CJK}]{{0,8}}记者[\s\u3000:：]+{_LOOSE_NAMES}"
    rf"(?:(?:通讯员|实习生|见习记者|摄影|摄像)[\s\u3000:：]*{_LOOSE_NAMES})*))?)[\s\u3000]*"
)
# Unbracketed, the name must be set apart (记者 张三), so a headline such as 新华社记者手记 is no credit.
_MARK = r"^[□■◇◆●][\s\u3000]*|^"  # the box some pages print before a credit
CREDIT_LINE = re.compile(
    rf"(?:{_MARK})(?P<open>[（(])?(?P<credit>[{_CJK}]{{0,8}}记者(?(open)[\s\u3000:：]*|[\s\u3000:：]+){_NAMES}"
    rf"(?:[\s\u3000]*(?:通讯员|实习生|见习记者|摄影|摄像)[\s\u3000:：]*{_NAMES})*)(?(open)[）)])$"
)
PHOTO_CREDIT = re.compile(
    rf"(?:{_MARK})[（(]?(?P<credit>[{_CJK}]{{0,8}}记者[\s\u3000:：]*{_NAMES})[\s\u3000]*摄[）)]?$"
)
COMMENTATOR_LINE = re.compile(rf"(?:{_MARK})[（(]?[{_CJK}]{{0,6}}评论员[）)]?$")
FULL_DATE = re.compile(r"(?P<y>(?:19|20)\d{2})(?:年|[-/.])(?P<m>\d{1,2})(?:月|[-/.])(?P<d>\d{1,2})")
DATELINE = re.compile(
    r"^(?P<dateline>(?:(?P<y>\d{4})年)?(?P<m>\d{1,2})月(?P<d>\d{1,2})日|(?P<day>\d{1,2})日"
    r"|昨日|昨天|今日|今天|前日|前天|日前|近日)"
)
DATELINE_OPENING = re.compile(DATELINE.pattern + r"[,，]")
RELATIVE_DAYS = {"今日": 0, "今天": 0, "昨日": 1, "昨天": 1, "前日": 2, "前天": 2}
EVENT_END = re.compile(
    r"(?:召开|举行|举办|开幕|闭幕|启动|发布|会议|大会|座谈会|论坛|调研|视察|督导|检查|慰问|会见|会谈"
    r"|开通|开工|签约|揭牌|成立|出台|印发|通过)[”\"]?$"
)
SPACED_PHRASES = re.compile(rf"[{_CJK}”》）!！?？][\s\u3000]+[{_CJK}“《（]")
ENUMERATION = re.compile(
    rf"^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[）)]|\d+[、.．]|第[{_CJK}]{{1,3}}[，,、])"
)
REPORTER_ROLE_END = r"(?=通讯员|实习生|见习记者|摄影|摄像|编辑|$)"
# Page furniture, not news: jump marks (（下转第二版）) anywhere, editor and source lines on their own.
JUMP_MARK = re.compile(r"[（(](?:下转|上接|转|接)第?[0-9一二三四五六七八九十A-Za-z]{1,3}版[）)]")
FURNITURE_LINE = re.compile(
    r"^(?:[（(【]?(?:责任编辑|责编|编辑|校对|审核|审校|监制|来源|稿源|本版编辑|发布时间|发布日期|作者)[:：]"
    r"|(?:19|20)\d{2}[-/.]\d{1,2}[-/.]\d{1,2}(?:[\sT]+\d{1,2}:\d{2}(?::\d{2})?)?(?:\s|$))"
)


class PageMeta(BaseModel):
    """The sidecar file ``PAGE.meta.yaml`` next to a raw page."""

    model_config = ConfigDict(extra="forbid")
    publication: str | None = None
    date: dt.date | None = None


@dataclass
class Line:
    """One non-blank line of a page, stripped, with where and how it stood."""

    text: str
    number: int
    indented: bool
    after_blank: bool


@dataclass
class RawArticle:
    """One article's lines as found on the page, before they become an ``Article``."""

    headline_lines: list[Line]
    bylines: list[Line]
    body: list[Line]


@dataclass
class IngestReport:
    """What a run did: files decoded, articles built, corpus files written and removed, problems."""

    files_read: int = 0
    articles: list[Article] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)
    removed: list[Path] = field(default_factory=list)
    problems: list[CorpusProblem] = field(default_factory=list)


# ---- lines -------------------------------------------------------------------------------------------


def split_lines(text: str) -> list[Line]:
    """Non-blank lines with their 1-based numbers, indentation, and whether a blank line precedes them."""
    lines: list[Line] = []
    blank = False
    for number, raw in enumerate(text.split("\n"), start=1):
        stripped = raw.strip(INDENT + "\ufeff")
        if not stripped:
            blank = True
            continue
        indented = raw[:1] == "\u3000" or raw.startswith(("  ", "\t", "\xa0"))
        lines.append(Line(stripped, number, indented, blank))
        blank = False
    return lines


def drop_furniture(lines: list[Line]) -> tuple[list[Line], list[Line]]:
    """Remove jump marks from lines and set editor and source lines apart: (news lines, furniture)."""
    kept: list[Line] = []
    furniture: list[Line] = []
    for line in lines:
        text = JUMP_MARK.sub("", line.text).strip(INDENT)
        if FURNITURE_LINE.match(text) or not text:
            furniture.append(line)
        else:
            kept.append(Line(text, line.number, line.indented, line.after_blank))
    return kept, furniture


def ends_sentence(text: str) -> bool:
    """True when the text ends with sentence-final punctuation, possibly followed by closing marks."""
    core = text.rstrip(CLOSERS + INDENT)
    return bool(core) and core[-1] in SENTENCE_END


def byline_match(text: str) -> re.Match[str] | None:
    """The byline at the start of a line, or a line that is only a reporter or commentator credit."""
    return BYLINE.match(text) or CREDIT_LINE.match(text) or COMMENTATOR_LINE.match(text)


def is_headline_like(line: Line) -> bool:
    """Short, not a byline or photo credit, and not ending a sentence with 。 or ；."""
    return (
        len(line.text) <= HEADLINE_MAX_CHARS
        and not byline_match(line.text)
        and not PHOTO_CREDIT.match(line.text)
        and not (ends_sentence(line.text) and line.text.rstrip(CLOSERS)[-1] in "。．；;…")
    )


def is_intertitle(line: Line, following: Line, indented_file: bool) -> bool:
    """A short heading inside a body, which must not be glued to the paragraph after it."""
    text = line.text
    numbered = ENUMERATION.match(text)
    title = text[numbered.end() :] if numbered else text
    if (
        len(text) > INTERTITLE_MAX_CHARS
        or text[-1] in DANGLING_END
        or any(ch in INNER_PUNCT for ch in title[:-1])
    ):
        return False
    if numbered or SPACED_PHRASES.search(title):
        return True
    return indented_file and following.indented and len(text) <= PLAIN_INTERTITLE_MAX_CHARS


# ---- segmentation ------------------------------------------------------------------------------------


def _opening_text(line: Line) -> str:
    """The text after a byline on its own line (the start of the first paragraph), or ''."""
    match = BYLINE.match(line.text)
    return line.text[match.end() :].strip(INDENT) if match else ""


def _is_page_header(line: Line) -> bool:
    return len(line.text) <= HEADLINE_MAX_CHARS and bool(FULL_DATE.search(line.text))


def _byline_groups(lines: list[Line]) -> list[list[int]]:
    """Indices of byline lines, consecutive ones grouped (a credit line next to a 本报讯 line)."""
    groups: list[list[int]] = []
    for i, line in enumerate(lines):
        if byline_match(line.text):
            if groups and groups[-1][-1] == i - 1:
                groups[-1].append(i)
            else:
                groups.append([i])
    return groups


def _headline_run_start(lines: list[Line], start: int, floor: int) -> int:
    """Index of the first headline line directly above ``start`` (``start`` itself when there is none)."""
    head = start
    while (
        head > floor
        and start - head < HEADLINE_MAX_LINES
        and is_headline_like(lines[head - 1])
        and not _is_page_header(lines[head - 1])
    ):
        head -= 1
    return head


def _opens_unsigned_article(lines: list[Line], i: int) -> bool:
    """A paragraph opening with a dateline (``昨日，``) under headline lines that follow a finished
    sentence: an article printed without a byline."""
    if i == 0 or not DATELINE_OPENING.match(lines[i].text) or ENUMERATION.match(lines[i - 1].text):
        return False
    head = _headline_run_start(lines, i, 0)
    return head < i and (head == 0 or ends_sentence(lines[head - 1].text) or _is_page_header(lines[head - 1]))


def segment(lines: list[Line]) -> tuple[list[RawArticle], list[Line]]:
    """Split a page's lines into articles; also return the lines before the first article.

    An article starts at a byline (consecutive byline lines form one byline) or at a dateline-opened
    paragraph under headline lines; its headline lines are the headline-like lines directly above. A
    credit on the last line of the file (with no text after it) closes the article above it.
    """
    groups = _byline_groups(lines)
    trailing: list[Line] = []
    if groups and groups[-1][-1] == len(lines) - 1 and not _opening_text(lines[-1]) and groups[-1][0] > 0:
        trailing = [lines[i] for i in groups.pop()]
        lines = lines[: -len(trailing)]
    in_byline = {i for group in groups for i in group}
    anchors = sorted(
        [(group[0], group) for group in groups]
        + [(i, []) for i in range(len(lines)) if i not in in_byline and _opens_unsigned_article(lines, i)]
    )
    raws: list[RawArticle] = []
    heads: list[int] = []
    body_starts: list[int] = []
    for start, group in anchors:
        floor = 0
        if body_starts:  # the article above keeps at least one line of body
            above = body_starts[-1]
            floor = above if lines[above - 1 : above] and _opening_text(lines[above - 1]) else above + 1
        head = _headline_run_start(lines, start, floor)
        if not group and head == start:
            continue
        heads.append(head)
        body_starts.append(group[-1] + 1 if group else start)
        raws.append(RawArticle(lines[head:start], [lines[i] for i in group], []))
    if not raws:  # one article without a byline: headline lines, then the body
        first = 0
        while first < len(lines) - 1 and _is_page_header(lines[first]):
            first += 1
        head = first
        while head < min(len(lines) - 1, first + HEADLINE_MAX_LINES) and is_headline_like(lines[head]):
            head += 1
        raws, heads, body_starts = [RawArticle(lines[first:head], [], [])], [first], [head]
    for n, raw in enumerate(raws):
        body = lines[body_starts[n] : heads[n + 1] if n + 1 < len(raws) else len(lines)]
        raw.body = [line for line in body if not PHOTO_CREDIT.match(line.text)]
        raw.bylines += [line for line in body if PHOTO_CREDIT.match(line.text)]
    raws[-1].bylines += trailing
    return raws, lines[: heads[0]]


# ---- paragraphs --------------------------------------------------------------------------------------


def _join(left: str, right: str) -> str:
    """Glue a cut line to its continuation: no space, except after Latin punctuation before a Latin word."""
    if left[-1] in ",.;:!?" and right[:1].isascii() and right[:1].isalnum():
        return f"{left} {right}"
    return left + right


def paragraphs_of(body: list[Line], file: str) -> list[Paragraph]:
    """Body lines to paragraphs, repairing sentences cut by column and page breaks."""
    indented_file = sum(line.indented for line in body) >= 2
    paragraphs: list[Paragraph] = []
    current: Line | None = None
    start = 0
    for line in body:
        if current is not None and _continues(current, line, indented_file):
            current = Line(_join(current.text, line.text), current.number, current.indented, False)
            end = line.number
            continue
        if current is not None:
            paragraphs.append(
                Paragraph(text=current.text, source=SourceSpan(file=file, line_start=start, line_end=end))
            )
        current, start, end = line, line.number, line.number
    if current is not None:
        paragraphs.append(
            Paragraph(text=current.text, source=SourceSpan(file=file, line_start=start, line_end=end))
        )
    return paragraphs


def _continues(current: Line, line: Line, indented_file: bool) -> bool:
    if not ends_sentence(current.text):
        return not is_intertitle(current, line, indented_file)
    return indented_file and not line.indented and not line.after_blank


# ---- article fields ----------------------------------------------------------------------------------


def reporters_of(credit: str | None) -> list[str]:
    """Names after 记者 in a credit such as ``郑报全媒体记者 陈锋 张昕`` or ``记者 某某 通讯员 某某``."""
    if not credit:
        return []
    names: list[str] = []
    for match in re.finditer(rf"记者[\s\u3000:：]*(?P<names>.*?){REPORTER_ROLE_END}", credit):
        for name in re.split(r"[\s\u3000、，,/]+", match.group("names")):
            if re.fullmatch(rf"[{_CJK}]{{2,4}}|[{_CJK}]+·[{_CJK}·]+", name) and name not in names:
                names.append(name)
    return names


def choose_headline(lines: list[str]) -> int:
    """Index of the main headline among an article's headline lines (see the module docstring)."""

    def score(text: str) -> int:
        value = len(text)
        if EVENT_END.search(text):
            value += 20
        if SPACED_PHRASES.search(text):
            value -= 10
        if any(mark in text for mark in "，,"):  # a subtitle listing facts
            value -= 10
        if text.startswith(("—", "-")):
            value -= 100
        return value

    return max(range(len(lines)), key=lambda i: (score(lines[i]), -i))


def derived_headline(text: str) -> str:
    """A headline for an article printed without one: its first sentence, without the dateline."""
    sentence = re.split(r"[。！？!?；;]", text, maxsplit=1)[0]
    dateline = DATELINE.match(sentence)
    if dateline:
        sentence = sentence[dateline.end() :].lstrip("，, ")
    if len(sentence) > HEADLINE_MAX_CHARS:
        clauses = re.split(r"[，,]", sentence)
        sentence = (
            clauses[0] if len(clauses[0]) <= HEADLINE_MAX_CHARS else sentence[:HEADLINE_MAX_CHARS] + "…"
        )
    return sentence or text[:HEADLINE_MAX_CHARS]


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
    try:
        date = dt.date(year, int(match.group("m")), int(match.group("d")))
    except ValueError:
        return None
    if not match.group("y") and page_date and date > page_date + dt.timedelta(days=31):
        date = date.replace(year=year - 1)  # a January page reporting a December event
    return date


# ---- pages -------------------------------------------------------------------------------------------


def page_id(stem: str) -> str:
    """An id-safe form of a page's name; a short hash keeps non-ASCII names distinct."""
    slug = re.sub(r"[^0-9A-Za-z_.-]+", "_", stem).strip("_.") or "page"
    if slug != stem:
        slug += "_" + hashlib.sha1(stem.encode("utf-8")).hexdigest()[:8]
    return slug


def read_meta(path: Path, suffix: str) -> PageMeta:
    """The page's sidecar, or empty metadata when there is none; a bad sidecar raises ValueError."""
    sidecar = path.with_name(path.stem + suffix)
    if not sidecar.is_file():
        return PageMeta()
    try:
        data = yaml.safe_load(sidecar.read_text(encoding="utf-8-sig")) or {}
        return PageMeta.model_validate(data)
    except (OSError, ValueError, yaml.YAMLError) as exc:
        detail = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        if isinstance(exc, ValidationError):
            first = exc.errors()[0]
            detail = f"{'.'.join(str(p) for p in first['loc']) or 'top level'}: {first['msg']}"
        raise ValueError(f"sidecar {sidecar.name}: {detail}") from exc


def annotate(article: Article) -> Article:
    """The single place where later stages add what they find in an article (people, speakers).

    Every article passes through here after it is built and before it is written.
    """
    people, speakers = extract_people(article)
    return article.model_copy(update={"people": people, "speakers": speakers})


@dataclass
class Byline:
    """What an article's byline lines say."""

    text: str | None = None
    reporters: list[str] = field(default_factory=list)
    dateline: str | None = None
    follow_on: bool = False
    opening: Line | None = None  # the text after the byline on its line: the first paragraph's start


def read_byline(lines: list[Line]) -> Byline:
    """Combine an article's byline lines (``本报讯(…)``, ``新华社…电``, credit lines) into one ``Byline``."""
    byline = Byline()
    parts: list[str] = []
    for line in lines:
        match = BYLINE.match(line.text)
        credit_line = None if match else CREDIT_LINE.match(line.text) or PHOTO_CREDIT.match(line.text)
        credit = (match.group("credit") or match.group("loose")) if match else None
        credit = credit or (credit_line.group("credit") if credit_line else None)
        parts.append(match.group("byline").strip(INDENT) if match else line.text)
        byline.reporters += [name for name in reporters_of(credit) if name not in byline.reporters]
        if match:
            byline.follow_on = byline.follow_on or match.group("byline").startswith(("又", "另"))
            byline.dateline = byline.dateline or match.group("date")
            if _opening_text(line):
                byline.opening = Line(_opening_text(line), line.number, False, False)
    byline.text = " ".join(parts) or None
    return byline


def build_articles(
    raws: list[RawArticle], page: str, file: str, meta: PageMeta, config: IngestConfig
) -> list[Article]:
    """Turn a page's segmented lines into validated articles, in page order."""
    articles: list[Article] = []
    prefix = page_id(page)
    for raw in raws:
        byline = read_byline(raw.bylines)
        body = ([byline.opening] if byline.opening else []) + raw.body
        paragraphs = paragraphs_of(body, file)
        if not paragraphs:
            continue
        titles = [line.text for line in raw.headline_lines]
        if titles:
            main = choose_headline(titles)
            headline, kicker, subtitles = titles[main], " ".join(titles[:main]) or None, titles[main + 1 :]
        else:
            headline, kicker, subtitles = derived_headline(paragraphs[0].text), None, []
        dateline = DATELINE.match(byline.dateline or paragraphs[0].text)
        order = len(articles) + 1
        article = Article(
            id=f"{prefix}-{order:02d}",
            page=page,
            headline=headline,
            kicker=kicker,
            subtitles=subtitles,
            byline=byline.text,
            reporters=byline.reporters,
            dateline=dateline.group("dateline") if dateline else None,
            date=resolve_date(dateline, meta.date) if dateline else None,
            publication=meta.publication or config.publication,
            page_date=meta.date,
            follows=articles[-1].id if byline.follow_on and articles else None,
            order=order,
            paragraphs=paragraphs,
        )
        articles.append(annotate(article))
    return articles


def ingest_file(path: Path, file: str, config: IngestConfig, report: IngestReport) -> list[Article]:
    """Read, decode and segment one page; problems go to the report, never raise."""
    try:
        decoded = decode_bytes(path.read_bytes())
    except UndecodableFile as exc:
        report.problems.append(CorpusProblem(file=file, reason=f"skipped: {exc}"))
        return []
    except OSError as exc:
        report.problems.append(CorpusProblem(file=file, reason=f"skipped: cannot read ({exc.strerror})"))
        return []
    report.files_read += 1
    try:
        meta = read_meta(path, config.sidecar_suffix)
    except ValueError as exc:
        report.problems.append(CorpusProblem(file=file, reason=f"{exc}; page ingested without it"))
        meta = PageMeta()
    lines, furniture = drop_furniture(split_lines(decoded.text))
    if furniture:
        report.problems.append(
            CorpusProblem(
                file=file,
                reason=f"{len(furniture)} line(s) of page furniture kept out of the corpus, "
                f"e.g. line {furniture[0].number}: {furniture[0].text[:40]}",
            )
        )
    raws, outside = segment(lines)
    if meta.date is None:  # a page header or a 发布时间 line may date the page
        dated = (FULL_DATE.search(line.text) for line in sorted(outside + furniture, key=lambda x: x.number))
        meta.date = next((date for match in dated if match and (date := resolve_date(match, None))), None)
    if outside:
        text = " ".join(line.text for line in outside)
        report.problems.append(
            CorpusProblem(
                file=file,
                reason=f"lines {outside[0].number}-{outside[-1].number} precede the first article, "
                f"kept out of the corpus: {text[:60]}",
            )
        )
    articles = build_articles(raws, path.stem, file, meta, config)
    if not articles:
        report.problems.append(CorpusProblem(file=file, reason="skipped: no article found (no body text)"))
    return articles


def page_files(paths: list[Path], config: IngestConfig) -> list[tuple[Path, str]]:
    """Every page file under the given files and folders, with the name recorded as its source."""
    found: dict[Path, tuple[Path, str]] = {}  # keyed by the resolved path: each file once
    for root in paths:
        if root.is_dir():
            for path in sorted(p for p in root.rglob("*") if p.is_file()):
                relative = path.relative_to(root)
                hidden = any(part.startswith(".") for part in relative.parts)
                if not hidden and not path.name.endswith(config.sidecar_suffix):
                    found.setdefault(path.resolve(), (path, f"{root.resolve().name}/{relative.as_posix()}"))
        else:
            found.setdefault(root.resolve(), (root, f"{root.resolve().parent.name}/{root.name}"))
    return list(found.values())


def _stale_files(out_dir: Path, pages: set[str], kept: set[Path]) -> list[Path]:
    """Corpus files of the re-ingested pages that this run no longer produces."""
    stale = []
    for prefix in pages:
        pattern = re.compile(rf"^{re.escape(prefix)}-\d+\.json$")
        stale += [p for p in out_dir.glob(f"{prefix}-*.json") if pattern.match(p.name) and p not in kept]
    return sorted(stale)


def ingest_paths(paths: list[Path], out_dir: Path, config: IngestConfig) -> IngestReport:
    """Ingest every page under ``paths`` into one JSON file per article in ``out_dir``.

    Unchanged files are not rewritten. Files of a re-ingested page that it no longer yields are
    removed; a page that now yields nothing (unreadable, say) keeps its old files, with the problem
    reported.
    """
    report = IngestReport()
    seen_ids: set[str] = set()
    pages: set[str] = set()
    for path, file in page_files(paths, config):
        if not path.exists():
            report.problems.append(CorpusProblem(file=file, reason="no such file or folder"))
            continue
        articles = ingest_file(path, file, config, report)
        if articles and articles[0].id in seen_ids:
            report.problems.append(
                CorpusProblem(file=file, reason=f"another page has the same name {path.stem!r}; skipped")
            )
            continue
        seen_ids.update(a.id for a in articles)
        pages.update(page_id(a.page) for a in articles)
        report.articles += articles
    report.written = write_corpus(report.articles, out_dir)
    if out_dir.is_dir():
        kept = {out_dir / f"{a.id}.json" for a in report.articles}
        report.removed = _stale_files(out_dir, pages, kept)
        for path in report.removed:
            path.unlink()
    return report
