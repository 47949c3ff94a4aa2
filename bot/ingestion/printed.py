"""A page printed in traditional characters is read in simplified ones and stored as printed.

Every rule of ingestion (bylines 本报讯, titles 市长, headers 星期一, …) is written once, in simplified
characters: the page's simplified copy (``bot.text.script.Printed``) is what they read, and each text
field of the articles they give is then restored to the page's own characters. Ids and file names are
not page text and stay as they are.
"""

from __future__ import annotations

from typing import TypeVar

from pydantic import BaseModel

from bot.corpus.models import Article
from bot.text.script import Printed

NOT_PAGE_TEXT = frozenset({"id", "page", "pages", "file", "follows", "continues"})
"""Fields that name files and articles rather than hold the page's words."""

T = TypeVar("T")


def _restored(value: T, printed: Printed) -> T:
    if isinstance(value, str):
        return printed.restore(value)  # type: ignore[return-value]
    if isinstance(value, list):
        return [_restored(item, printed) for item in value]  # type: ignore[return-value]
    if isinstance(value, BaseModel):
        update = {name: _restored(v, printed) for name, v in value if name not in NOT_PAGE_TEXT}
        return value.model_copy(update=update)  # type: ignore[return-value]
    return value


def as_printed(article: Article, printed: Printed) -> Article:
    """The article with every text field (headline, byline, paragraphs, people, furniture …) in the
    printed page's characters."""
    return _restored(article, printed) if printed.converted else article
