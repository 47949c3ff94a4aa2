"""A page's lines into articles: where each article starts, its headline lines, bylines and body
(captions kept apart); ``bot.ingestion.paragraphs`` makes the body's paragraphs.

* A byline with headline lines directly above it starts an article (a ``又讯`` item starts one without
  them); a byline without any (``据新华社电`` inside a report) stays in the article above. On a page
  of bylined items whose paragraphs are not indented, a paragraph opening with a dateline (``昨日，``)
  under headline lines that follow a finished sentence starts an article too (an item printed without
  a byline); in an archive export such a short line is a subhead, while two or more unindented
  headline lines (a column name and a headline) between finished indented paragraphs open a report.
* Text above the first article's start belongs to it: its headline lines are the headline-like lines at
  the top, and the rest (a ``核心阅读`` box, a subhead, opening paragraphs) opens its body before the
  byline's text. Only text that stands above a page's first headline and ends a sentence (a report
  continued from another page) becomes an article of its own. An editor's note (``编者按：…``) without
  a byline right above a headline opens the article below it, never one of its own.
* A credit on the last line of a file (``（本报记者 某某）``, ``（作者为…）``) closes the article above it.
  A photo credit (``记者 某某 摄``, also one closing a caption's line) joins its article's byline; a
  caption (``图为…``, ``▲…``, or the paragraph a photo credit closes) goes to the article's captions.
  On a photo page (two or more photos in a row, each a caption closed by its credit, with no article
  text between them) each photo is an item of its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.ingestion.blocks import block_labels, item_starts, items_split
from bot.ingestion.bylines import (
    AUTHOR_NOTE,
    BYLINE,
    CREDIT_LINE,
    LETTER_SIGNATURE,
    PHOTO_CREDIT,
    byline_match,
    close_spaced_names,
    opening_text,
    photo_credit_names,
)
from bot.ingestion.dates import DATELINE_OPENING
from bot.ingestion.headlines import BOX_LABEL, HEADLINE_MAX_CHARS, HEADLINE_MAX_LINES, is_headline_like
from bot.ingestion.lines import INNER_PUNCT, SIGNATURE_DATE, Line, ends_sentence, is_genre_label
from bot.ingestion.notices import document_starts
from bot.ingestion.paragraphs import ENUMERATION
from bot.ingestion.photos import caption_credit, is_caption, photo_item_starts


@dataclass
class RawArticle:
    """One article's lines as found on the page, before they become an ``Article``."""

    headline_lines: list[Line]
    bylines: list[Line]
    body: list[Line]
    lead: list[Line] = field(default_factory=list)  # body text above the byline
    captions: list[Line] = field(default_factory=list)
    shot_by: dict[int, list[str]] = field(default_factory=dict)  # a caption's line: its credit's names
    column: str | None = None  # the label of the block of brief items it stands in (新闻速览)


def _headline_like(line: Line) -> bool:
    """A headline line: never a caption, nor a date alone on its line (a document's signature)."""
    return (
        is_headline_like(line.text)
        and not is_caption(line.text)
        and not SIGNATURE_DATE.match(line.text)
        and not is_genre_label(line.text)  # 贺　信 under a headline: the letter's subhead, no new article
    )


def _credit_closed(line: Line) -> Line:
    """A credit line with its spaced-out names joined (``本报记者  王  芳`` → ``本报记者 王芳``)."""
    closed = close_spaced_names(line.text)
    if closed != line.text and byline_match(closed):
        return Line(closed, line.number, line.indented, line.after_blank)
    return line


BRACKET_SPAN_MAX_CHARS = 40
"""How far into the next line a bracket opened at the end of a line may close and still be joined."""


def _open_bracket_at_end(text: str) -> bool:
    """The line ends inside brackets: the last （ or ( has no closer after it."""
    opened = max(text.rfind("（"), text.rfind("("))
    return opened >= 0 and not any(mark in text[opened:] for mark in "）)")


def brackets_rejoined(lines: list[Line]) -> list[Line]:
    """A line cut inside brackets (``本报讯（记者 王芳 通讯员 刘`` / ``强）3月19日，…``) joined to the line
    that closes them, so a byline or headline note split by a narrow column reads whole."""
    out: list[Line] = []
    for line in lines:
        previous = out[-1] if out else None
        if previous is not None and not line.after_blank and _open_bracket_at_end(previous.text):
            closer = min((i for i in (line.text.find("）"), line.text.find(")")) if i >= 0), default=-1)
            opener = max(line.text.find("（", 0, max(closer, 0)), line.text.find("(", 0, max(closer, 0)))
            if 0 <= closer < BRACKET_SPAN_MAX_CHARS and opener < 0:
                out[-1] = Line(
                    previous.text + line.text, previous.number, previous.indented, previous.after_blank
                )
                continue
        out.append(line)
    return out


def _byline_groups(lines: list[Line], ends_items: bool) -> list[list[int]]:
    """Indices of byline lines, consecutive ones grouped (a credit line next to a 本报讯 line); a byline
    line that opens a paragraph (``本报讯 5月7日，…``) ends its group, so the next byline opens another.
    With ``ends_items`` (a page of unindented items) a credit under a finished paragraph closes the item
    above, and the byline after it opens the next one."""
    groups: list[list[int]] = []
    closed: set[int] = set()  # groups that an end credit makes (a credit under a finished paragraph)
    for i, line in enumerate(lines):
        if byline_match(line.text):
            if (
                groups
                and groups[-1][-1] == i - 1
                and not opening_text(lines[i - 1])
                and len(groups) - 1 not in closed
            ):
                groups[-1].append(i)
            else:
                if ends_items and i > 0 and _is_end_credit(line) and ends_sentence(lines[i - 1].text):
                    closed.add(len(groups))
                groups.append([i])
    return groups


def _headline_run_start(lines: list[Line], start: int, floor: int) -> int:
    """Index of the first headline line directly above ``start`` (``start`` itself when there is none),
    with a lead-in ending in a colon over them (``专访某企业创始人某某：``)."""
    head = start
    while head > floor and start - head < HEADLINE_MAX_LINES and _headline_like(lines[head - 1]):
        head -= 1
    if floor < head < start and _colon_lead_in(lines, head - 1):
        head -= 1
    return head


def _colon_lead_in(lines: list[Line], i: int) -> bool:
    """A short line ending in a colon over headline lines, at the top of the page or under a finished
    sentence: the headline's lead-in. A salutation (``各区县、各部门：``) opens a body instead."""
    text = lines[i].text
    return (
        text.endswith(("：", ":"))
        and len(text) <= HEADLINE_MAX_CHARS
        and not any(mark in text[:-1] for mark in INNER_PUNCT)
        and not text.startswith("各")
        and (i == 0 or ends_sentence(lines[i - 1].text))
    )


def _opens_unsigned_article(lines: list[Line], i: int) -> bool:
    """A paragraph opening with a dateline (``昨日，``) under headline lines that follow a finished
    sentence: an article printed without a byline."""
    if i == 0 or not DATELINE_OPENING.match(lines[i].text) or ENUMERATION.match(lines[i - 1].text):
        return False
    head = _headline_run_start(lines, i, 0)
    return 0 < head < i and ends_sentence(lines[head - 1].text)


def _opens_archive_article(lines: list[Line], i: int) -> bool:
    """In an archive export, an indented paragraph under two or more unindented headline lines (a column
    name and a headline) that follow a finished sentence: a second report printed without a byline.
    One such line is a subhead."""
    if not lines[i].indented:
        return False
    head = _headline_run_start(lines, i, 0)
    run = lines[head:i]
    if head == 0 or len(run) < 2 or not ends_sentence(lines[head - 1].text):
        return False
    return not any(line.indented or ENUMERATION.match(line.text) for line in run)


def _is_end_credit(line: Line) -> bool:
    """A line that is only a credit (``（记者 高远）``, ``本报记者 某某``) or a letter's signature (``读者 某某``):
    under a body it closes its article."""
    credit = CREDIT_LINE.match(line.text) or AUTHOR_NOTE.match(line.text) or LETTER_SIGNATURE.match(line.text)
    return bool(credit) and not PHOTO_CREDIT.match(line.text)


def _opens_credited_article(lines: list[Line], credit: int, floor: int) -> int | None:
    """On a page of bylined items, where the article closed by the end credit at ``credit`` begins: the
    paragraph under the nearest headline lines that follow a finished sentence (an article printed with
    its credit at the end only). None when its text has no such headline (the credit closes the article
    above)."""
    for k in range(credit - 2, floor, -1):
        line = lines[k]
        if _headline_like(line) and ends_sentence(lines[k - 1].text) and not ENUMERATION.match(line.text):
            end = k + 1  # a column's label over the headline (读者来信 / 某某谁来管？) is one run
            while end < credit - 1 and end - k < HEADLINE_MAX_LINES and _headline_like(lines[end]):
                end += 1
            run = lines[k:end]
            if (
                not lines[end].indented
                and not _headline_like(lines[end])
                and (
                    # set apart by blank lines, or no clause of a hard-wrapped paragraph (据了解，当天…)
                    all(head.after_blank for head in run)
                    or (len(run) == 1 and lines[end].after_blank)
                    or not any(ch in INNER_PUNCT for head in run for ch in head.text)
                )
            ):
                return end
        if byline_match(line.text):
            return None
    return None


def _follow_on(line: Line) -> bool:
    match = BYLINE.match(line.text)
    return match is not None and match["byline"].startswith(("又", "另"))


def _opens_item(line: Line) -> bool:
    """A byline that opens an item even without a headline: ``又讯 …``, or a local ``…讯`` with its text
    on the line (``本报讯 6月3日，…``); a wire credit (``据新华社电``) inside a report does not."""
    match = BYLINE.match(line.text)
    local = match is not None and "讯" in match["byline"] and not match["byline"].startswith("据")
    return _follow_on(line) or (local and bool(opening_text(line)))


def _trailing_credit(lines: list[Line], groups: list[list[int]]) -> list[Line]:
    """The credit (or author note) on the last line of a file, which closes the article above it."""
    if len(lines) < 2:
        return []
    if groups and groups[-1][-1] == len(lines) - 1 and not opening_text(lines[-1]) and groups[-1][0] > 0:
        return [lines[i] for i in groups.pop()]
    if AUTHOR_NOTE.match(lines[-1].text):
        return [lines[-1]]
    return []


def segment(lines: list[Line]) -> list[RawArticle]:
    """Split a page's lines into articles (see the module docstring); every line goes to one of them."""
    if len(lines) > 1 and all(line.indented for line in lines):  # a page shifted right as a whole
        lines = [Line(line.text, line.number, False, line.after_blank) for line in lines]
    lines = items_split([_credit_closed(line) for line in brackets_rejoined(lines)])
    groups = _byline_groups(lines, ends_items=sum(line.indented for line in lines) < 2)
    trailing = _trailing_credit(lines, groups)
    lines = lines[: len(lines) - len(trailing)]
    in_byline = {i for group in groups for i in group}
    # Items without a byline are split off only on a page of bylined items that is not an archive export
    # (indented paragraphs): there a short line over a dated paragraph is a subhead, not a headline.
    paged = bool(groups) and sum(line.indented for line in lines) < 2
    archive = not paged and sum(line.indented for line in lines) >= 2
    unsigned: list[tuple[int, list[int]]] = [
        (i, [])
        for i in range(len(lines))
        if i not in in_byline
        and ((paged and _opens_unsigned_article(lines, i)) or (archive and _opens_archive_article(lines, i)))
    ]
    if paged:  # articles printed with a credit at the end only
        credits = [g[0] for g in groups if len(g) == 1 and _is_end_credit(lines[g[0]])]
        ends = credits + ([len(lines)] if trailing and _is_end_credit(trailing[0]) else [])
        openings = {i for i, _ in unsigned}
        for end in ends:
            start = _opens_credited_article(lines, end, 0)
            if start is not None and {start, start - 1}.isdisjoint(in_byline) and start not in openings:
                unsigned.append((start, []))
    items = item_starts(lines, in_byline) if paged else set()
    items |= document_starts(lines, in_byline) | photo_item_starts(lines)
    unsigned += [(i, []) for i in sorted(items - {i for i, _ in unsigned})]
    anchors: list[tuple[int, list[int]]] = sorted([(group[0], group) for group in groups] + unsigned)
    raws: list[RawArticle] = []
    heads: list[int] = []
    body_starts: list[int] = []
    for start, group in anchors:
        floor = 0
        if body_starts:  # the article above keeps at least one line of body
            above = body_starts[-1]
            floor = above if lines[above - 1 : above] and opening_text(lines[above - 1]) else above + 1
            if start < floor:
                continue
        head = _headline_run_start(lines, start, floor)
        box = _opening_box(lines, start, floor, in_byline) if head == start and raws and group else start
        if box < start:  # headline lines, then a box (编者按：…), then the byline: an article of its own
            head = _headline_run_start(lines, box, floor)
        if head == start and raws and not (group and _opens_item(lines[group[0]])) and start not in items:
            continue  # a byline inside a report (据新华社电 …) without a headline of its own
        heads.append(head)
        body_starts.append(group[-1] + 1 if group else start)
        raws.append(RawArticle(lines[head:box], [lines[i] for i in group], [], lines[box:start]))
    if not raws:
        raws, heads, body_starts = [RawArticle([], [], [])], [len(lines)], [len(lines)]
        notes = heads
    else:
        floors = [0] + [start + 1 for start in body_starts[:-1]]  # each article above keeps a body line
        notes = [
            _editor_note_start(lines, head, floor, in_byline)
            for head, floor in zip(heads, floors, strict=True)
        ]
    preamble = lines[: notes[0]]
    for n, raw in enumerate(raws):
        raw.lead = lines[notes[n] : heads[n]] + raw.lead
        body = lines[body_starts[n] : notes[n + 1] if n + 1 < len(raws) else len(lines)]
        _sort_body(raw, body)
    raws[-1].bylines += trailing
    labels = block_labels(lines, in_byline) if items else {}
    for raw, head in zip(raws, heads, strict=True):
        raw.column = labels.get(head)
    return _attach_preamble(raws, preamble)


EDITOR_NOTE_MAX_LINES = 12


def _editor_note_start(lines: list[Line], head: int, floor: int, in_byline: set[int]) -> int:
    """Where an editor's note (``编者按：…``) printed right above the headline at ``head`` starts, or
    ``head`` when there is none: a note without a byline, ending a sentence, belongs to the article
    below it (as its labelled box paragraph), never to the article above nor to one of its own."""
    if head == 0 or not ends_sentence(lines[head - 1].text):
        return head
    for i in range(head - 1, max(floor, head - EDITOR_NOTE_MAX_LINES) - 1, -1):
        if i in in_byline:
            break
        label = BOX_LABEL.match(lines[i].text)
        if label and label["label"] == "编者按":
            return i
    return head


OPENING_BOXES = ("编者按", "核心阅读")


def _opening_box(lines: list[Line], start: int, floor: int, in_byline: set[int]) -> int:
    """Where a box (``编者按：…``, ``核心阅读：…``) ending a sentence right above the byline at ``start``
    begins, when headline lines under a finished sentence stand over it (an interview printed after a
    commentary: its lead-in, headline and editor's note, then its byline); else ``start``."""
    if start == 0 or not ends_sentence(lines[start - 1].text):
        return start
    for i in range(start - 1, max(floor, start - EDITOR_NOTE_MAX_LINES) - 1, -1):
        if i in in_byline:
            return start
        label = BOX_LABEL.match(lines[i].text)
        if label and label["label"] in OPENING_BOXES and label["rest"]:
            head = _headline_run_start(lines, i, floor)
            opens = head < i and (head == 0 or ends_sentence(lines[head - 1].text))
            return i if opens else start
    return start


def _sort_body(raw: RawArticle, body: list[Line]) -> None:
    """Body lines to body, credits (a photo credit, an end credit) to the byline and captions to the
    captions."""
    previous: Line | None = None
    for line in body:
        credit, shot_by = PHOTO_CREDIT.match(line.text) is not None, photo_credit_names(line.text)
        if credit and raw.captions and raw.captions[-1] is previous:  # ▲… then 记者 某某 摄: its credit
            raw.shot_by.setdefault(previous.number, shot_by)
        elif (
            credit
            and raw.body
            and ends_sentence(raw.body[-1].text)
            and (len(raw.body) > 1 or raw.bylines)  # on a photo item the caption is the text
        ):
            raw.captions.append(raw.body.pop())  # the paragraph a photo credit closes is the photo's caption
            raw.shot_by[raw.captions[-1].number] = shot_by
        if credit or _is_end_credit(line):
            raw.bylines.append(line)
        elif is_caption(line.text):
            line, closing = caption_credit(line)
            raw.captions.append(line)
            if closing:
                raw.bylines.append(closing)
                raw.shot_by[line.number] = photo_credit_names(closing.text)
        else:
            raw.body.append(line)
        previous = line


def _attach_preamble(raws: list[RawArticle], preamble: list[Line]) -> list[RawArticle]:
    """Give the lines above the first article to it (its headline lines and the opening of its body);
    a finished sentence above a page's first headline is an article of its own (continued text)."""
    if not preamble:
        return raws
    first = raws[0]
    if first.headline_lines:
        if all(_headline_like(line) for line in preamble) and len(preamble) + len(first.headline_lines) <= (
            HEADLINE_MAX_LINES
        ):
            first.headline_lines = preamble + first.headline_lines
            return raws
        continued = RawArticle([], [], [])
        _sort_body(continued, preamble)
        return [continued, *raws]
    top = 0
    while top < min(len(preamble), HEADLINE_MAX_LINES) and _headline_like(preamble[top]):
        top += 1
    if top == len(preamble) and not first.body and not first.bylines:  # only short lines: keep as body
        top = min(top, 1)
    first.headline_lines = preamble[:top]
    lead = RawArticle([], [], [])
    _sort_body(lead, preamble[top:])
    first.lead, first.captions = lead.body + first.lead, lead.captions + first.captions
    first.shot_by = lead.shot_by | first.shot_by
    first.bylines = lead.bylines + first.bylines
    return raws
