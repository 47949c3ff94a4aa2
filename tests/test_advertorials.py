"""Advertorials are ranked after news: an answer quotes news where news answers, a list of articles
names news first, and paid text still answers where no news does."""

from __future__ import annotations

import datetime as dt

from conftest import engine_of

from bot.corpus.models import Article, Paragraph, SourceSpan
from bot.text.terms import Tokenizer


def _article(article_id: str, kind: str, headline: str, text: str) -> Article:
    span = SourceSpan(file=f"{article_id}.txt", line_start=2, line_end=2)
    return Article(
        id=article_id,
        page=article_id,
        headline=headline,
        date=dt.date(2025, 3, 1),
        kind=kind,  # type: ignore[arg-type]
        paragraphs=[Paragraph(text=text, source=span)],
    )


ADVERT = _article(
    "ad-01",
    "advertorial",
    "滨江新城樱花节盛大开幕",
    "滨江新城樱花节于3月8日开幕，门票每张80元，欢迎广大市民前来游览。咨询电话：0571-1234567。",
)
NEWS = _article(
    "news-01",
    "news",
    "滨江新城樱花节下周开幕",
    "记者从滨江新城管委会获悉，滨江新城樱花节将于3月8日开幕，门票每张60元，学生半价。",
)
SHOP = _article(
    "ad-02", "advertorial", "临川家居城开业", "临川家居城3月1日开业，全场家具八折。咨询电话：0797-7654321。"
)


def test_news_answers_before_an_advertorial(tokenizer: Tokenizer) -> None:
    engine = engine_of([ADVERT, NEWS, SHOP], tokenizer)
    reply = engine.reply("樱花节门票多少钱？")
    assert reply.found and reply.sources[0].article_id == "news-01" and "60元" in reply.text
    listed = engine.reply("樱花节有什么消息？")
    assert listed.found and listed.text.index("下周开幕") < listed.text.index("盛大开幕")


def test_an_advertorial_still_answers_where_no_news_does(tokenizer: Tokenizer) -> None:
    engine = engine_of([ADVERT, NEWS, SHOP], tokenizer)
    reply = engine.reply("临川家居城家具打几折？")
    assert reply.found and reply.sources[0].article_id == "ad-02" and "八折" in reply.text
