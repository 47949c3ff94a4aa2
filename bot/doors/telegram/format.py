"""Telegram HTML for an engine reply: every text escaped, styles as tags, split to fit one message.

Telegram refuses a message longer than 4,096 characters. A long reply is cut at line ends first, then at
sentence ends, then between words (a Latin word or number is never cut), and only a word longer than a
whole message is cut inside. Text is cut before it is escaped and wrapped, so a cut never falls inside a
tag or an ``&amp;``-style entity, and every message carries balanced tags of its own.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Sequence

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.engine import Block, Reply

MESSAGE_LIMIT = 4096
"""Telegram's limit on one message, counted here in UTF-16 code units of the HTML (never too lenient)."""

TAGS = {"answer": ("<b>", "</b>"), "heading": ("<b>", "</b>"), "source": ("<i>", "</i>")}
"""How each block style is set apart; other styles are plain text."""

_LINES = re.compile(r"[^\n]*\n|[^\n]+")
_SENTENCES = re.compile(
    r"[^。！？!?；;…\n]+(?:[。！？!?；;…]+[”’」』）)\"']*\s*)?|[。！？!?；;…]+[”’」』）)\"']*\s*|\n+"
)
_WORDS = re.compile(r"\s*[^\s\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]+\s*|\s*\S\s*|\s+")
"""A word is a run of non-space, non-CJK characters (Latin words, numbers, URLs); a CJK character alone."""


def utf16_len(text: str) -> int:
    """Length as Telegram counts it: UTF-16 code units (an emoji outside the BMP counts two)."""
    return len(text.encode("utf-16-le")) // 2


def _cost(text: str) -> int:
    return utf16_len(html.escape(text, quote=False))


def _tokens(pattern: re.Pattern[str]) -> Callable[[str], list[str]]:
    return lambda text: pattern.findall(text)


_SPLITTERS: Sequence[Callable[[str], list[str]]] = (
    _tokens(_LINES),
    _tokens(_SENTENCES),
    _tokens(_WORDS),
    list,
)


def split_text(text: str, budget: int, level: int = 0) -> list[str]:
    """Cut plain text into pieces whose escaped form fits ``budget``, at the coarsest boundary possible."""
    if _cost(text) <= budget or level == len(_SPLITTERS):
        return [text]
    pieces: list[str] = []
    current, size = "", 0
    for token in _SPLITTERS[level](text):
        cost = _cost(token)
        if cost > budget:
            if current:
                pieces.append(current)
                current, size = "", 0
            pieces.extend(split_text(token, budget, level + 1))
            continue
        if size + cost > budget:
            pieces.append(current)
            current, size = "", 0
        current += token
        size += cost
    if current:
        pieces.append(current)
    return pieces


def render_block(style: str, text: str) -> str:
    """One block as Telegram HTML: the text escaped and wrapped in its style's tags."""
    opening, closing = TAGS.get(style, ("", ""))
    return f"{opening}{html.escape(text, quote=False)}{closing}"


def render_messages(blocks: Sequence[Block], limit: int = MESSAGE_LIMIT) -> list[str]:
    """The reply as one or more HTML messages, each within ``limit``; empty when the reply has no text."""
    pieces: list[str] = []
    for block in blocks:
        opening, closing = TAGS.get(block.style, ("", ""))
        budget = limit - len(opening) - len(closing)
        for piece in split_text(block.text, budget):
            piece = piece.strip()
            if piece:
                pieces.append(render_block(block.style, piece))
    messages: list[str] = []
    current = ""
    for piece in pieces:
        joined = f"{current}\n{piece}" if current else piece
        if utf16_len(joined) <= limit:
            current = joined
        else:
            messages.append(current)
            current = piece
    if current:
        messages.append(current)
    return messages


def keyboard(reply: Reply) -> InlineKeyboardMarkup | None:
    """The reply's buttons as an inline keyboard; each button's data is the command it stands for."""
    if not reply.buttons:
        return None
    rows = [[InlineKeyboardButton(b.text, callback_data=b.command) for b in row] for row in reply.buttons]
    return InlineKeyboardMarkup(rows)
