"""An article's printed fields besides its text, searchable with weights of their own: headline,
kicker, subtitles, column and series (for questions about articles: 谈的是什么, 有什么消息); the page's
section names the articles printed in it too (国际版, 国际新闻).

The paragraph index counts the headline, kicker and subtitles in every chunk, all alike, and no column
or series name at all. Here a column or series name (and a numbered series' own name: 解码·城市更新③
is one of 解码·城市更新) maps to the articles printed under it, and a question's words are scored by
the fields that hold them (``FIELD_WEIGHTS``). Everything comes from fields already in memory: nothing
is tokenised when the corpus loads, and a question costs the articles it names or retrieved.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping, Sequence

from bot.corpus.models import AnyArticle
from bot.text.numerals import arabic
from bot.text.terms import normalise

FIELD_WEIGHTS: Mapping[str, float] = {
    "headline": 1.0,
    "column": 1.0,
    "series": 1.0,
    "kicker": 0.7,
    "subtitles": 0.7,
}
"""How much a word found in each field says that the article is about it (the headline most)."""
SERIES_NUMBER = re.compile(r"(?:\d+|[(（][^)）]{1,4}[)）]|之[一二三四五六七八九十]+)$")
"""A number ending a series tag (解码·城市更新③, normalised to 3; 系列报道（上）)."""
SERIES_DOT = re.compile(r"[·•・‧]")
"""The dot between a series' own name and its topic (环球走笔·欧洲能源②): the name alone names it too."""


def masthead_names(article: AnyArticle) -> list[str]:
    """The names a reader may call the article's column or series by, normalised."""
    names = [normalise(n) for n in (article.column, article.series) if n]
    names += [SERIES_NUMBER.sub("", n) for n in names if SERIES_NUMBER.search(n)]
    names += [SERIES_DOT.split(n)[0] for n in names if SERIES_DOT.search(n)]
    return [n for n in dict.fromkeys(names) if len(n) >= 2]


def series_number(article: AnyArticle) -> int | None:
    """The instalment its series tag numbers it (老巷新声·匠人② → 2, 之三 → 3), None without one."""
    match = SERIES_NUMBER.search(arabic(normalise(article.series or "")))
    digits = re.sub(r"\D", "", match.group(0)) if match else ""
    return int(digits) if digits else None


SECTION_WORDS = ("版", "新闻")
"""How readers name a page's section (国际版, 国际新闻): the section's name alone (国际) is no name of it,
being a word of any question."""


def section_names(article: AnyArticle) -> list[str]:
    """The names a reader may call the section the article is printed in by (国际版, 国际新闻), normalised."""
    section = normalise(article.section or "")
    return [section + word for word in SECTION_WORDS] if len(section) >= 2 else []


class Fields:
    """The corpus's articles by column and series name, and their printed fields, normalised."""

    def __init__(self, articles: Sequence[AnyArticle]) -> None:
        self._articles = {a.id: a for a in articles}
        by_name: dict[str, list[str]] = {}
        for article in articles:
            for name in [*masthead_names(article), *section_names(article)]:
                by_name.setdefault(name, []).append(article.id)
        self.by_masthead = by_name
        """Column and series names, each with its articles' ids (in corpus order: newest day first)."""

    def added(self, articles: Sequence[AnyArticle], first: bool) -> Fields:
        """These fields with those of ``articles`` (a day's page) after this corpus's, or before them when
        ``first``, as ``Fields`` of the whole corpus makes them; only the new articles are read."""
        day = Fields(articles)
        one, two = (day, self) if first else (self, day)
        joined = Fields(())
        joined._articles = {**one._articles, **two._articles}
        joined.by_masthead = dict(one.by_masthead)
        for name, ids in two.by_masthead.items():
            joined.by_masthead[name] = joined.by_masthead.get(name, []) + ids
        return joined

    @property
    def mastheads(self) -> Iterable[str]:
        return self.by_masthead.keys()

    def under(self, names: Iterable[str]) -> list[str]:
        """The ids of the articles printed under any of the column or series names."""
        return list(dict.fromkeys(i for name in names for i in self.by_masthead.get(name, ())))

    @functools.lru_cache(maxsize=4096)  # noqa: B019 - bounded; lives as long as its corpus
    def texts(self, article_id: str) -> dict[str, str]:
        """The article's printed fields, normalised (an absent field is an empty text)."""
        article = self._articles[article_id]
        return {
            "headline": normalise(article.headline),
            "column": normalise(article.column or ""),
            "series": normalise(article.series or ""),
            "kicker": normalise(article.kicker or ""),
            "subtitles": normalise(" ".join(article.subtitles)),
        }

    def score(
        self, weights: Mapping[str, float], article_id: str, variants: Mapping[str, Sequence[str]] = {}
    ) -> float:
        """Rarity-weighted share (0 to 1) of the words found in the article's fields (a word or another
        name of it: ``Question.variants``), each counting with the weight of the best field holding it."""
        total = sum(weights.values())
        if not total:
            return 0.0
        texts = self.texts(article_id)
        held = {
            word: max(
                (
                    FIELD_WEIGHTS[f]
                    for f, text in texts.items()
                    if any(v in text for v in (word, *variants.get(word, ())))
                ),
                default=0.0,
            )
            for word in weights
        }
        return sum(weight * held[word] for word, weight in weights.items()) / total
