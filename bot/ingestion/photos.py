"""Photos on a page: captions, the credits that close them, and the items of a photo page.

A caption is printed under or beside its photo: ``图为…``, ``▲…``, or the paragraph a photo credit
(``本报记者 某某 摄``) closes. A credit may stand on its own line or close the caption's line
(``…检测样品。（记者 某某 摄）``); either way it is the photographer's byline, never a person in the
news. On a photo page -- two or more photos in a row, each a caption closed by its credit, with no
article text between them -- each photo is an item of its own, its caption its text.
"""

from __future__ import annotations

import re

from bot.ingestion.bylines import CAPTION_CREDIT, PHOTO_CREDIT, byline_match
from bot.ingestion.headlines import is_headline_like
from bot.ingestion.lines import CJK, Line, ends_sentence

CAPTION = re.compile(
    rf"^(?:[（(]?(?:图为|图：|图:|上图|下图|左图|右图|图片|图[①-⑳])|[▲△]).*"
    rf"|^.{{4,}}[。）)][\s\u3000]*[（(]?[{CJK}]{{2,12}}供图[）)]?$"
)
CAPTION_MAX_LINES = 3
"""The most lines a photo page's caption is printed on."""


def is_caption(text: str) -> bool:
    """``图为…``, ``▲…``, or a line a photo credit closes (``…。（通讯员 某某 摄）``)."""
    credited = len(text) > 8 and CAPTION_CREDIT.search(text)
    return bool(CAPTION.match(text) or credited) and not PHOTO_CREDIT.match(text)


def caption_credit(line: Line) -> tuple[Line, Line | None]:
    """A caption's line and the photo credit closing it (``图为…。本报记者 某某 摄``), each a line of its
    own: the photographer belongs to the byline, the caption to the text."""
    credit = CAPTION_CREDIT.search(line.text)
    if credit is None:
        return line, None
    caption = Line(line.text[: credit.start()], line.number, line.indented, line.after_blank)
    return caption, Line(credit["line"], line.number, False, False)


def photo_item_starts(lines: list[Line]) -> set[int]:
    """Where each photo of a photo page starts (its caption's first line): two or more photos in a row,
    the first under a title line (or at the top), each a caption of up to ``CAPTION_MAX_LINES`` lines
    ending a sentence and closed by a photo credit, on a line of its own or ending the caption's last."""
    runs: list[list[tuple[int, int]]] = []
    for credit, line in enumerate(lines):
        inline = CAPTION_CREDIT.search(line.text) and is_caption(line.text)
        if not (inline or PHOTO_CREDIT.match(line.text)):
            continue
        start = credit
        while start > 0 and credit - start < CAPTION_MAX_LINES and _in_caption(lines[start - 1]):
            start -= 1
        if not inline and (start == credit or not ends_sentence(lines[credit - 1].text)):
            runs.append([])  # a credit without a caption of its own ends a run
        elif runs and runs[-1] and runs[-1][-1][1] == start - 1:
            runs[-1].append((start, credit))  # the photo right under another one
        elif start == 0 or is_headline_like(lines[start - 1].text):
            runs.append([(start, credit)])  # the first photo, under the page's title
        else:
            runs.append([])  # a photo under an article's text is that article's
    return {start for run in runs if len(run) > 1 for start, _ in run}


def _in_caption(line: Line) -> bool:
    """Whether a line may be part of a caption: no credit, byline or headline."""
    return not (
        PHOTO_CREDIT.match(line.text)
        or CAPTION_CREDIT.search(line.text)
        or byline_match(line.text)
        or is_headline_like(line.text)
    )
