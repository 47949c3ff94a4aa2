"""The reply in the asker's script: traditional characters for a question in traditional characters.

Templates and quotes from a simplified page are converted; what a page printed in traditional
characters says is quoted as printed, and the asker's own words are echoed as typed.
"""

from __future__ import annotations

from collections.abc import Mapping

from bot.answers.reply import Reply
from bot.corpus.chunks import article_context
from bot.corpus.models import AnyArticle
from bot.text.script import Script, script_of, to_traditional_keeping


def printed_in_traditional(reply: Reply, articles: Mapping[str, AnyArticle]) -> list[str]:
    """The text of each article the reply cites that is printed in traditional characters."""
    texts = []
    for article_id in dict.fromkeys(s.article_id for s in reply.sources):
        article = articles.get(article_id)
        if article is not None:
            text = "\n".join([article_context(article), *(p.text for p in article.paragraphs)])
            if script_of(text) == "traditional":
                texts.append(text)
    return texts


def in_script(reply: Reply, script: Script, printed: list[str] | None = None) -> Reply:
    """The reply in ``script``: for traditional, every block and button label converted, but for the
    runs found in ``printed`` (``to_traditional_keeping``); button commands stay as they are."""
    if script == "traditional":
        kept = printed or []
        for block in reply.blocks:
            block.text = to_traditional_keeping(block.text, kept)
        for button in (b for row in reply.buttons for b in row):
            button.text = to_traditional_keeping(button.text, kept)
    return reply
