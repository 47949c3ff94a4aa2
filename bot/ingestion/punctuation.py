"""ASCII punctuation in Chinese text made full-width, as readers expect it (``昨日,市政协`` → ``昨日，市政协``).

Pages extracted from a PDF often carry ASCII ``,`` ``:`` ``;`` ``?`` ``!`` ``(`` ``)`` between Chinese
characters, and every reply would quote them. At ingest each such mark touching Chinese text becomes its
full-width form: a comma, colon, semicolon, question or exclamation mark with a Chinese character (or a
full-width mark) on either side, and a pair of brackets holding or touching Chinese text. Marks between
digits and Latin letters stay as they are (``1,000``, ``10:30``, ``f(x)``). The raw page is never changed:
each paragraph's source span names its lines, and ``full_width`` is the only difference between them.
"""

from __future__ import annotations

import re

CHINESE = r"\u3400-\u4dbf\u4e00-\u9fff\u3000-\u303f\uff01-\uff5e“”‘’"
"""Chinese characters and full-width marks (、。「」（）：，“” …)."""
MARKS = {",": "，", ":": "：", ";": "；", "?": "？", "!": "！", "(": "（", ")": "）"}
_MARK = re.compile(rf"(?<=[{CHINESE}])[,:;?!]|[,:;?!](?=[{CHINESE}])")
_PAIR = re.compile(r"\(([^()\n]*)\)")
_LONE = re.compile(rf"(?<=[{CHINESE}])[()]|[()](?=[{CHINESE}])")
_HAS_CHINESE = re.compile(rf"[{CHINESE}]")
_ANY = re.compile(r"[,:;?!()]")


def _pair(match: re.Match[str]) -> str:
    """A bracketed span: full-width brackets when it holds or touches Chinese text."""
    text, start, end = match.string, match.start(), match.end()
    touching = text[start - 1 : start] + text[end : end + 1]
    if _HAS_CHINESE.search(match[1]) or _HAS_CHINESE.search(touching):
        return f"（{match[1]}）"
    return match[0]


def full_width(text: str) -> str:
    """The text with ASCII punctuation touching Chinese text in its full-width form (see the module
    docstring); linear in the text."""
    if not _ANY.search(text):
        return text
    text = _PAIR.sub(_pair, text)
    text = _LONE.sub(lambda m: MARKS[m[0]], text)
    return _MARK.sub(lambda m: MARKS[m[0]], text)
