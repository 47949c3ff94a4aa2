"""Bench articles from a paragraph source: each profile (``news.NewsWriter``, ``corpus.Recombiner``) says
what an article's headline and paragraphs are; this module cuts a corpus of N paragraphs into articles and
writes them as records, the same way for every profile."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Protocol

from bot.corpus.models import Article, Paragraph, SourceSpan

# Generic resources for invented names: common Chinese surnames and given-name characters.
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰飞红建国志新春海波宁晓东林辉鹏云峰琳斌雪梅宇浩凯文博亮卫庆荣忠新民"
PARAGRAPHS_PER_ARTICLE = 20


class ParagraphSource(Protocol):
    def texts(self, number: int, count: int) -> tuple[str, list[str]]:
        """Article ``number``'s headline and its ``count`` paragraphs."""
        ...


def bench_article(prefix: str, number: int, headline: str, texts: list[str]) -> Article:
    """Article ``number`` of a bench corpus, a hundred to a page, each paragraph on its own line."""
    return Article(
        id=f"{prefix}-{number:06d}",
        page=f"{prefix}-{number // 100:04d}",
        headline=headline,
        order=number % 100,
        paragraphs=[
            Paragraph(text=t, source=SourceSpan(file=prefix, line_start=i + 1, line_end=i + 1))
            for i, t in enumerate(texts)
        ],
    )


def bench_articles(
    source: ParagraphSource, paragraphs: int, prefix: str, per_article: int = PARAGRAPHS_PER_ARTICLE
) -> Iterator[Article]:
    """Articles of ``per_article`` paragraphs (fewer in the last) up to ``paragraphs``."""
    for number, start in enumerate(range(0, paragraphs, per_article)):
        yield bench_article(prefix, number, *source.texts(number, min(per_article, paragraphs - start)))
