"""Raw page bytes to text.

Accepted: UTF-8 with or without a byte-order mark, GB18030 (a superset of GBK and GB2312), Big5 with
the Hong Kong characters (Big5-HKSCS, for pages in traditional characters), and UTF-16 with a byte-order
mark; CRLF and CR line ends become LF. Anything else -- an empty file, a binary file,
bytes that are valid in none of these encodings -- raises ``UndecodableFile`` with the reason.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass

# Share of control characters (other than tab, newline, form feed) above which decoded text is binary.
MAX_CONTROL_SHARE = 0.01
# GB18030 decodes almost any byte string. Real GBK news text is nearly all GB2312 characters; Big5 or
# other bytes read as GB18030 give mostly rare or private-use ones.
MAX_RARE_HANZI_SHARE = 0.5
MIN_HANZI_FOR_RARE_CHECK = 20
MAX_REPLACED_SHARE = 0.05
"""Question marks per Chinese character above which a Big5 page is text already damaged (see ``_big5``)."""


class UndecodableFile(Exception):
    """A file that is not text this project reads; the message is the reason, for the operator."""


@dataclass(frozen=True)
class DecodedText:
    text: str
    encoding: str


CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
"""Control characters (Unicode category Cc) other than tab, newline, carriage return and form feed."""


def _control_share(text: str) -> float:
    return len(CONTROL.findall(text)) / len(text)


def _rare_hanzi_share(text: str) -> float:
    """Share of CJK (and private-use) characters outside GB2312; 0 for text with too few of them."""
    hanzi = [ch for ch in text if "\u3400" <= ch <= "\u9fff" or unicodedata.category(ch) == "Co"]
    if len(hanzi) < MIN_HANZI_FOR_RARE_CHECK:
        return 0.0
    rare = 0
    for ch in hanzi:
        try:
            ch.encode("gb2312")
        except UnicodeEncodeError:
            rare += 1
    return rare / len(hanzi)


def _checked(text: str, encoding: str) -> DecodedText:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise UndecodableFile(f"empty file (no text, {encoding})")
    if _control_share(text) > MAX_CONTROL_SHARE:
        raise UndecodableFile("binary file (control characters in the text)")
    return DecodedText(text=text, encoding=encoding)


def decode_bytes(data: bytes) -> DecodedText:
    """Decode a raw page, trying the encodings above in order; raise ``UndecodableFile`` otherwise."""
    if not data:
        raise UndecodableFile("empty file (0 bytes)")
    boms = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
    for bom, encoding in boms:
        if data.startswith(bom):
            try:
                return _checked(data.decode(encoding), encoding)
            except UnicodeDecodeError as exc:
                raise UndecodableFile(f"invalid {encoding} text at byte {exc.start}") from exc
    if b"\x00" in data:
        raise UndecodableFile("binary file (contains NUL bytes)")
    try:
        return _checked(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError as exc:
        raise UndecodableFile(
            f"not UTF-8 or GB18030/GBK text (byte 0x{data[exc.start]:02x} at offset {exc.start})"
        ) from exc
    if _rare_hanzi_share(text) <= MAX_RARE_HANZI_SHARE:
        return _checked(text, "gb18030")
    big5 = _big5(data)
    if big5 is not None:
        return _checked(big5, "big5hkscs")
    raise UndecodableFile(
        "not UTF-8, and as GB18030 it reads as unlikely characters (Big5 or another encoding?)"
    )


def _big5(data: bytes) -> str | None:
    """The text of a page in Big5 (with the Hong Kong characters, HKSCS), as Taiwan and Hong Kong papers
    save them; None when the bytes are not Big5 or read as text damaged before it was saved (a page
    written in characters Big5 lacks, each replaced by ``?``)."""
    try:
        text = data.decode("big5hkscs")
    except UnicodeDecodeError:
        return None
    hanzi = sum("\u3400" <= ch <= "\u9fff" for ch in text)
    return (
        text if hanzi >= MIN_HANZI_FOR_RARE_CHECK and text.count("?") < MAX_REPLACED_SHARE * hanzi else None
    )
