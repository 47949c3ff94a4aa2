"""Questions about the report itself (这篇报道的记者是谁, 哪天的报纸, 第几版, 标题): from its fields."""

from __future__ import annotations

from bot.config import TemplatesConfig
from bot.corpus.models import AnyArticle
from bot.search.kinds import ReportField


def is_authored(article: AnyArticle) -> bool:
    """Whether the article's credited writers are its authors (a column's, 作者), not its reporters."""
    return any(p.role == "reporter" and p.titles[:1] == ["作者"] for p in article.people)


def report_answer(article: AnyArticle, field: ReportField, templates: TemplatesConfig) -> str | None:
    """The field's answer, or None when the article does not record it."""
    if field == "reporters":
        if not article.reporters:
            return None
        line = templates.report_authors if is_authored(article) else templates.report_reporters
        return line.format(reporters="、".join(article.reporters))
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
