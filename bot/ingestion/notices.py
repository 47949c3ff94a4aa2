"""A page of notices (任免名单, 任前公示, 法院公告, 遗失声明): each document is an article of its own.

A document opens at its title: a run of headline lines (no clause marks) at the top of the page or under a
finished sentence, one of which names a document's kind (``…名单``, ``…公示``, ``…公告``, ``…声明``), or
any such run right under the signature that closes the document above (an issuer's name over a date
line: ``中共某市委组织部`` / ``2024年5月8日``). A numbered line (``一、任命``) opens the body, never the
title, while a case's number (``（2024）某01破12号``) stays with it.
"""

from __future__ import annotations

from bot.ingestion.headlines import DOCUMENT_KIND_END, DOCUMENT_NUMBER, HEADLINE_MAX_LINES, is_headline_like
from bot.ingestion.lines import SIGNATURE_DATE, Line, ends_sentence
from bot.ingestion.paragraphs import ENUMERATION

CLAUSE_MARKS = "，,；;：:、"


def _title_line(line: Line) -> bool:
    text = line.text
    return (
        is_headline_like(text)
        and (DOCUMENT_NUMBER.match(text) is not None or not ENUMERATION.match(text))
        and not SIGNATURE_DATE.match(text)
        and not any(mark in text for mark in CLAUSE_MARKS)
    )


def document_starts(lines: list[Line], bylines: set[int]) -> set[int]:
    """Where each document's body begins (the first line under its title run)."""
    starts: set[int] = set()
    i = 0
    while i < len(lines):
        signed = i > 0 and bool(SIGNATURE_DATE.match(lines[i - 1].text))
        opens = i == 0 or signed or ends_sentence(lines[i - 1].text)
        if i in bylines or not _title_line(lines[i]) or not opens:
            i += 1
            continue
        end = i
        while (
            end < len(lines)
            and end - i < HEADLINE_MAX_LINES
            and end not in bylines
            and _title_line(lines[end])
        ):
            end += 1
        body = lines[end] if end < len(lines) and end not in bylines else None
        titled = signed or any(DOCUMENT_KIND_END.search(line.text) for line in lines[i:end])
        if body is not None and titled and (ENUMERATION.match(body.text) or not is_headline_like(body.text)):
            starts.add(end)
        i = end
    return starts
