"""An article's body lines into paragraphs: lines cut by column and page breaks joined, subheads, box
paragraphs (with their label) and numbers cut at a line end kept whole.

* In an indented file each indented line opens a paragraph, unless the text above really runs on
  (longer than a subhead, or ending in a comma, a function word or a number: ``7月12`` / ``日至14日``).
* A body line that does not end a sentence was cut by a column or page break and is joined to the next
  line -- unless it is a subhead: short, not ending in a function word, and numbered, or two phrases
  set apart by a space or a comma, or (at most ``PLAIN_INTERTITLE_MAX_CHARS``) followed by an indented
  line in an indented file. In an indented file an unindented line continues the paragraph above it
  when no blank line separates them. In unindented text a short line opening a paragraph, without a
  sentence end, narrower than the line after it is a subhead too (a line cut by the column is as wide
  as the next), unless it is the text after the byline on its line.
* A number cut at a line end (``增长7.`` / ``4%``) is joined with no space: its point is no sentence end.
* A box label (``核心阅读``, ``人物小传``, ``编者按``) heads the paragraph after it, kept with its label.
"""

from __future__ import annotations

import re

from bot.corpus.models import Paragraph, SourceSpan
from bot.ingestion.dates import DATELINE_OPENING
from bot.ingestion.headlines import BOX_LABEL, is_box_label
from bot.ingestion.lines import (
    CJK,
    INNER_PUNCT,
    SIGNATURE_DATE,
    Line,
    cut_number,
    ends_sentence,
    is_genre_label,
)

INTERTITLE_MAX_CHARS = 30  # a numbered or space-divided intertitle
PLAIN_INTERTITLE_MAX_CHARS = 20  # one marked only by the indented paragraph after it
COMMA_INTERTITLE_MAX_CHARS = 16  # 攻坚，十年磨一剑
DANGLING_END = "的地得了着和与及或并且对在把将向从为被于以等之其第"  # a line ending so was cut mid-sentence
NUMBER_END = "0123456789一二三四五六七八九十百千万亿"
OPEN_END = "—-“‘（(《【"  # a line ending so runs on
SUBHEAD_WIDTH_MARGIN = 4  # how much narrower than the next line a subhead is, at least (two characters)
SPACED_PHRASES = re.compile(rf"[{CJK}”》）!！?？][\s\u3000]+[{CJK}“《（]")
ENUMERATION = re.compile(
    rf"^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[）)]|\d+[、.．]|第[{CJK}]{{1,3}}[，,、])"
)


def is_intertitle(line: Line, following: Line, indented_file: bool) -> bool:
    """A short heading inside a body, which must not be glued to the paragraph after it."""
    text = line.text
    numbered = ENUMERATION.match(text)
    title = text[numbered.end() :] if numbered else text
    if len(text) > INTERTITLE_MAX_CHARS or text[-1] in DANGLING_END:
        return False
    inner = [ch for ch in title[:-1] if ch in INNER_PUNCT]
    if inner:  # one comma between two short phrases (攻坚，十年磨一剑), standing on its own
        starts_paragraph = following.indented or following.after_blank or not indented_file
        return (
            inner in (["，"], [","])
            and len(text) <= COMMA_INTERTITLE_MAX_CHARS
            and starts_paragraph
            and (line.after_blank or line.indented == following.indented)
            and not numbered
            and _separated(line, following)
        )
    if numbered or SPACED_PHRASES.search(title):
        return True
    return indented_file and following.indented and len(text) <= PLAIN_INTERTITLE_MAX_CHARS


def runs_on(text: str) -> bool:
    """A line cut mid-sentence by a column: longer than a subhead, or ending where no subhead ends
    (a comma, a function word, a number: ``第十`` / ``四届``, ``4月26`` / ``日至28日``)."""
    if text[-1] in DANGLING_END + INNER_PUNCT + NUMBER_END:
        return True
    marked = ENUMERATION.match(text) or SPACED_PHRASES.search(text)
    return len(text) > (INTERTITLE_MAX_CHARS if marked else PLAIN_INTERTITLE_MAX_CHARS)


def _width(text: str) -> int:
    """The printed width of a line: a Chinese character is as wide as two Latin letters or digits."""
    return sum(1 if ch.isascii() else 2 for ch in text)


def wrapped_subhead(line: Line, following: Line) -> bool:
    """In unindented text, a short line opening a paragraph that does not end a sentence and does not
    fill the width of the line after it (``攻坚，二十年磨一剑`` / ``2004年春天，…``): a subhead. A line
    cut by the column runs to the column's edge, as wide as the next line or wider."""
    text = line.text
    inner = [ch for ch in text if ch in INNER_PUNCT]
    return (
        not line.cut
        and not DATELINE_OPENING.match(text)  # 6月6日，… opens a sentence, never a subhead
        and not runs_on(text)
        and text[-1] not in OPEN_END
        and text.count("“") == text.count("”")
        and not re.search(r"[，,]”", text)  # “…，”某某说: a quote its speaker cuts, not a subhead
        and (not inner or (inner in (["，"], [","]) and len(text) <= COMMA_INTERTITLE_MAX_CHARS))
        and _width(text) + SUBHEAD_WIDTH_MARGIN <= _width(following.text)
        and len(text) + SUBHEAD_WIDTH_MARGIN // 2 <= len(following.text)  # digits counted as wide too
    )


def _separated(line: Line, following: Line) -> bool:
    """A subhead with a comma stands apart: after a blank line, or followed by an indented paragraph."""
    return (line.after_blank and following.after_blank) or (following.indented and not line.indented)


def _continues(
    parts: list[str], first: Line, line: Line, after: Line | None, indented_file: bool, opening: Line | None
) -> bool:
    """Whether ``line`` continues the paragraph made of ``parts`` (whose first line is ``first``);
    ``after`` is the line after ``line``, ``opening`` the text after the byline on its line (never a
    subhead). In an indented file an indented line opens a paragraph unless the text above really runs
    on (a column cut)."""
    if cut_number(parts[-1], line.text):
        return True
    if SIGNATURE_DATE.match(line.text):  # a document's date at its foot stands apart
        return False
    if is_genre_label(line.text) or is_genre_label(parts[-1]):  # 贺　信 stands apart, as a subhead
        return False
    if indented_file and line.indented:
        return not ends_sentence(parts[-1]) and runs_on(parts[-1])
    if not ends_sentence(parts[-1]):
        if len(parts) > 1:
            return True
        plain = not indented_file and first is not opening and wrapped_subhead(first, line)
        return not (plain or is_intertitle(first, line, indented_file))
    if not indented_file or line.indented or line.after_blank:
        return False
    # An unindented short line over an indented paragraph is a subhead, not the rest of this paragraph.
    subhead = after is not None and after.indented and not ends_sentence(line.text)
    return not (subhead and after is not None and is_intertitle(line, after, indented_file))


def _join_parts(parts: list[str]) -> str:
    """Glue cut lines: no space, except after Latin punctuation before a Latin word (never inside a
    number cut at its decimal point)."""
    out = [parts[0]]
    for left, right in zip(parts, parts[1:], strict=False):
        if (
            left[-1] in ",.;:!?"
            and right[:1].isascii()
            and right[:1].isalnum()
            and not cut_number(left, right)
        ):
            out.append(" ")
        out.append(right)
    return "".join(out)


def _with_labels(body: list[Line]) -> list[Line]:
    """A box label line (核心阅读) joined to the line after it, so the box keeps its label."""
    out: list[Line] = []
    pending: Line | None = None
    for line in body:
        if is_box_label(line.text):
            if pending is not None:
                out.append(pending)
            pending = line
            continue
        if pending is not None:
            label = BOX_LABEL.match(pending.text)
            name = label["label"] if label else pending.text
            line = Line(f"{name}：{line.text}", pending.number, True, True)
            pending = None
        out.append(line)
    if pending is not None:
        out.append(pending)
    return out


def paragraphs_of(body: list[Line], file: str, opening: Line | None = None) -> list[Paragraph]:
    """Body lines to paragraphs, repairing sentences cut by column and page breaks (linear in the text);
    ``opening`` is the text after the byline on its line, if it is among them."""
    indented_file = sum(line.indented for line in body) >= 2  # a box's label line is not indented
    body = _with_labels(body)
    paragraphs: list[Paragraph] = []
    parts: list[str] = []
    first = Line("", 0, False, False)
    end = 0
    for n, line in enumerate(body):
        after = body[n + 1] if n + 1 < len(body) else None
        if parts and _continues(parts, first, line, after, indented_file, opening):
            parts.append(line.text)
            end = line.number
            continue
        if parts:
            paragraphs.append(_paragraph(parts, file, first.number, end))
        parts, first, end = [line.text], line, line.number
    if parts:
        paragraphs.append(_paragraph(parts, file, first.number, end))
    return paragraphs


def _paragraph(parts: list[str], file: str, start: int, end: int) -> Paragraph:
    return Paragraph(text=_join_parts(parts), source=SourceSpan(file=file, line_start=start, line_end=end))
