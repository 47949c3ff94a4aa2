"""Questions about the report itself (这篇报道的记者是谁, 照片是谁拍的, 哪天的报纸, 第几版, 标题): from its
fields."""

from __future__ import annotations

from collections.abc import Sequence

from bot.config import TemplatesConfig
from bot.corpus.models import AnyArticle
from bot.search.kinds import ReportField
from bot.text.terms import normalise

CREDIT_TITLES = ("作者", "摄影")
"""Byline titles (``bot.ingestion.people.reporter_title``) said as such: a column's author, a photo
item's photographer; any other credited name is a 记者."""


def credit_title(article: AnyArticle) -> str:
    """What the article's credited names are: 作者 (a column's), 摄影 (a photo item's) or 记者."""
    titles = (p.titles[0] for p in article.people if p.role == "reporter" and p.titles)
    return next((t for t in titles if t in CREDIT_TITLES), "记者")


def photographers_shown(article: AnyArticle, passage: str, words: Sequence[str]) -> list[str] | None:
    """Who took the photo asked about: the credit of the article's caption holding most of the question's
    ``words``, if none of its text (the best ``passage``) holds more (None when that caption is printed
    without one); else the article's photographers."""

    def held(text: str) -> int:
        return sum(w in normalise(text) for w in words)

    most = max(map(held, article.captions), default=0)
    if not most or most < held(passage):
        return article.photographers
    pairs = zip(article.captions, article.caption_photographers, strict=False)
    shown = [names for caption, names in pairs if held(caption) == most]
    if any(not names for names in shown):
        return None
    return list(dict.fromkeys(n for names in shown for n in names))


def report_answer(
    article: AnyArticle, field: ReportField, templates: TemplatesConfig, shot_by: list[str] | None = None
) -> str | None:
    """The field's answer (``shot_by``: the photographers of the photo asked about, if known), or None
    when the article does not record it."""
    if field == "photographers":  # 记者 某某 摄: who took its photos
        shooters = shot_by or article.photographers
        return templates.report_photographers.format(photographers="、".join(shooters)) if shooters else None
    if field == "reporters":
        if not article.reporters:
            return None
        names = "、".join(article.reporters)
        title = credit_title(article)
        if title == "摄影":  # a photo item's credit: its photographer
            return templates.report_photographers.format(photographers=names)
        line = templates.report_authors if title == "作者" else templates.report_reporters
        return line.format(reporters=names)
    if field == "page":
        if article.page_number is not None:  # as printed: 第4版 要闻
            page = f"第{article.page_number}版" + (f" {article.section}" if article.section else "")
        else:  # the page's file name is all that is known
            page = article.page
        return templates.report_page.format(page=page, publication=article.publication or "")
    if field == "headline":
        return templates.report_headline.format(title=article.headline)
    day = article.page_date or article.date
    if day is None:
        return None
    line = templates.report_date if article.page_date else templates.report_event_date
    return line.format(date=f"{day.year}年{day.month}月{day.day}日", publication=article.publication or "")
