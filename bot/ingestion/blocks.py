"""Blocks of brief items under a label (``新闻速览``, ``简讯``, ``体育短波``): each item is an article.

An item is a paragraph of its own (``■省乒乓球公开赛5月10日开赛，…``), a headline line over its paragraph,
or both on one line, the headline set apart by a space (``全省高考报名人数58.3万人 记者从…获悉，…``),
which is split into the two. The block ends where a regular article begins: headline lines over a
byline, or two headline lines in a row.
"""

from __future__ import annotations

import re

from bot.ingestion.headlines import BLOCK_LABEL, is_headline_like
from bot.ingestion.lines import Line, ends_sentence

ITEM_ON_ONE_LINE = re.compile(r"^(?P<head>[^\s\u3000]{4,30}?)[\s\u3000]+(?P<text>\S.*)$")


def _block_spans(lines: list[Line], bylines: set[int]) -> list[tuple[int, int]]:
    """(first, end) index ranges of the lines under each block label."""
    spans: list[tuple[int, int]] = []
    for label in (i for i, line in enumerate(lines) if BLOCK_LABEL.match(line.text)):
        end = label + 1
        while end < len(lines):
            if is_headline_like(lines[end].text) and end not in bylines:
                after = end + 1
                if after >= len(lines) or after in bylines or is_headline_like(lines[after].text):
                    break
            end += 1
        spans.append((label + 1, end))
    return spans


def items_split(lines: list[Line]) -> list[Line]:
    """The lines with each one-line item of a block split into its headline and its paragraph."""
    spans = _block_spans(lines, set())
    inside = {i for first, end in spans for i in range(first, end)}
    out: list[Line] = []
    for i, line in enumerate(lines):
        item = ITEM_ON_ONE_LINE.match(line.text) if i in inside else None
        if (
            item
            and is_headline_like(item["head"])
            and ends_sentence(item["text"])
            and len(item["text"]) > len(item["head"])
        ):
            out += [
                Line(item["head"], line.number, line.indented, line.after_blank),
                Line(item["text"], line.number, False, False),
            ]
        else:
            out.append(line)
    return out


def block_labels(lines: list[Line], bylines: set[int]) -> dict[int, str]:
    """Each line under a block label, with the label: the column of every item of the block."""
    return {
        i: lines[first - 1].text for first, end in _block_spans(lines, bylines) for i in range(first, end)
    }


def item_starts(lines: list[Line], bylines: set[int]) -> set[int]:
    """Where each item of a block begins: its paragraph's first line (its headline, if any, stands above)."""
    starts: set[int] = set()
    for first, end in _block_spans(lines, bylines):
        for i in range(first, end):
            if i in bylines or is_headline_like(lines[i].text):
                continue
            if i == first or ends_sentence(lines[i - 1].text) or is_headline_like(lines[i - 1].text):
                starts.add(i)
    return starts
