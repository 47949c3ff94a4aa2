"""Either script, one form for matching: traditional characters read as simplified (OpenCC).

Text is matched, tokenised and indexed in simplified characters (jieba and the rules are written in
them), whatever script it is printed in; what is stored and quoted stays as printed. OpenCC's ``t2s``
maps character for character (its phrase entries keep their length), so a simplified copy of a page has
the printed page's characters at the same offsets: ingestion reads the copy and ``Printed`` gives each
field back in the page's own characters.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence
from typing import Literal

Script = Literal["simplified", "traditional"]

CJK_RANGES = ((0x3400, 0xA000), (0xF900, 0xFB00))
"""Where characters that t2s changes are looked for: the common CJK blocks and compatibility forms."""
CJK_RUN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")
"""A run of CJK characters: what OpenCC converts, and its phrases never cross punctuation."""
SEED_CHARS = 16
"""How long a piece of a field is looked for first when it is not a substring of the page whole."""


@functools.cache
def _converter(config: str) -> Callable[[str], str]:
    import opencc  # loaded on first use

    return opencc.OpenCC(config).convert  # type: ignore[no-any-return]


@functools.cache
def _traditional_chars() -> re.Pattern[str]:
    """The characters t2s changes on their own (個, 會, 們 …), as one character class (a regex scans a
    text for them faster than a set lookup per character): a text without one is left as it is."""
    chars = "".join(chr(c) for start, end in CJK_RANGES for c in range(start, end))
    changed = sorted(a for a, b in zip(chars, _converter("t2s")(chars), strict=True) if a != b)
    return re.compile(f"[{''.join(changed)}]")


def has_traditional(text: str) -> bool:
    return _traditional_chars().search(text) is not None


def simplified(text: str) -> str:
    """The text in simplified characters, same length and offsets; unchanged (and cheap) when it holds
    no traditional character, so simplified text costs one scan by a character class."""
    if not has_traditional(text):
        return text
    converted = _converter("t2s")(text)
    return converted if len(converted) == len(text) else text


def to_simplified(text: str) -> str:
    return _converter("t2s")(text)


def to_traditional(text: str) -> str:
    """Traditional characters in their common printed forms (s2tw: 峰 stays 峰, 里 becomes 裡), not
    OpenCC's rarer standard variants (峯, 裏): a name reads as its bearer writes it."""
    return _converter("s2tw")(text)


def to_traditional_keeping(text: str, printed: Sequence[str]) -> str:
    """``to_traditional``, but a run of CJK characters found whole in one of the ``printed`` texts (a
    page printed in traditional characters, the asker's own words) stays as printed: s2tw reads its
    input as simplified, and would print 干預 as 幹預, 里長 as 裡長, 台灣 as 臺灣."""
    if not printed:
        return to_traditional(text)
    return CJK_RUN.sub(lambda m: m[0] if any(m[0] in p for p in printed) else to_traditional(m[0]), text)


def script_of(text: str) -> Script:
    """Traditional when converting to simplified changes some characters and at least as many as converting
    the other way: s2tw also changes characters Taiwan prints as they are (台南, 里長), so a tie is traditional."""
    to_s = sum(a != b for a, b in zip(text, to_simplified(text), strict=False))
    to_t = sum(a != b for a, b in zip(text, to_traditional(text), strict=False))
    return "traditional" if to_s and to_s >= to_t else "simplified"


class Printed:
    """A page as printed and its simplified copy (``simplified``): a string read from the copy is given
    back in the printed characters by finding where in the copy it comes from."""

    def __init__(self, printed: str) -> None:
        self.printed = printed
        self.copy = simplified(printed)

    @property
    def converted(self) -> bool:
        return self.copy is not self.printed

    def restore(self, text: str) -> str:
        """``text`` (read from the copy) in the page's characters: each run of it found in the copy is
        replaced by the printed characters at the same place; what the copy does not hold (a label, a
        normalised digit) stays as it is. Runs are looked for after the previous one first, so a field
        joined from several lines is restored line by line."""
        if not self.converted:
            return text
        whole = self.copy.find(text)
        if whole >= 0:
            return self.printed[whole : whole + len(text)]
        out: list[str] = []
        i = after = 0
        while i < len(text):
            at, size = self._seed(text, i, after)
            if at < 0:
                out.append(text[i])
                i += 1
                continue
            end = i + size
            while end < len(text) and at + end - i < len(self.copy) and self.copy[at + end - i] == text[end]:
                end += 1
            out.append(self.printed[at : at + end - i])
            after = at + end - i
            i = end
        return "".join(out)

    def _seed(self, text: str, i: int, after: int) -> tuple[int, int]:
        """Where the longest piece of ``text`` from ``i`` (up to ``SEED_CHARS``, halving) is in the copy,
        after ``after`` first; (-1, 0) when not even its first character is."""
        size = min(SEED_CHARS, len(text) - i)
        while size:
            piece = text[i : i + size]
            at = self.copy.find(piece, after)
            if at < 0:
                at = self.copy.find(piece)
            if at >= 0:
                return at, size
            size //= 2
        return -1, 0
