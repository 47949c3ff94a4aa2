"""The source button under an answer: it shows the whole paragraph the answer was quoted from."""

from __future__ import annotations

import re

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.ext import ContextTypes

from bot.config import TelegramConfig
from bot.doors.telegram.sending import Sender
from bot.engine import Block, Engine, Reply

SOURCE_DATA = re.compile(r"^src\|(?P<article>[^|]+)\|(?P<paragraph>\d+)$")


def source_keyboard(config: TelegramConfig, reply: Reply) -> InlineKeyboardMarkup | None:
    """A button that shows the top source paragraph, when enabled and the reply has a source."""
    if not (config.source_button and reply.found and reply.sources):
        return None
    source = reply.sources[0]
    data = f"src|{source.article_id}|{source.paragraph}"
    if len(data.encode()) > 64 or not SOURCE_DATA.match(data):
        return None
    return InlineKeyboardMarkup([[InlineKeyboardButton(config.texts.source_button, callback_data=data)]])


async def show_source(
    update: Update, context: ContextTypes.DEFAULT_TYPE, engine: Engine, config: TelegramConfig, sender: Sender
) -> None:
    """A press of the source button: the paragraph under its headline, or a word that it is gone."""
    query = update.callback_query
    match = SOURCE_DATA.match(query.data or "") if query else None
    if query is None or match is None:
        return
    article = engine.articles.get(match["article"])
    index = int(match["paragraph"])
    paragraphs = article.paragraphs if article is not None else []  # a stored article reads them once
    if article is None or index >= len(paragraphs):
        await query.answer(config.texts.source_gone)
        return
    await query.answer()
    message = query.message
    if isinstance(message, Message):
        blocks = [
            Block(style="heading", text=article.headline),
            Block(style="text", text=paragraphs[index].text),
        ]
        await sender.send(context.bot, message, blocks)
