"""The bench's material: corpora of N paragraphs in two profiles, and their questions.

- ``news``: invented news in a real vocabulary with real word frequencies (``news.NewsWriter``): term
  statistics like a real paper's, most words rare;
- ``recombined``: the real corpus's sentences recombined, names, numbers and dates varied: four
  articles' words over and over, far more skewed than news (an average question touches a large share of
  the paragraphs), kept as the worst case.
"""

from __future__ import annotations

import json
import random
import re
import shutil
from pathlib import Path

import yaml

from bot.bench.news import NewsWriter
from bot.bench.writer import GIVEN, PARAGRAPHS_PER_ARTICLE, SURNAMES, bench_articles
from bot.corpus.models import Article, write_corpus
from bot.ingestion.lexicon import lexicon_words
from bot.text.lexicon import LEXICON_FILE
from bot.text.terms import split_sentences

QUESTION_FORMS = ("{x}是什么？", "{x}有哪些要求？", "关于{x}，会上怎么说？", "谁提出了{x}？", "{x}是在哪天？")
NUMBER_OR_DATE = re.compile(r"(\d{1,2})月(\d{1,2})日|\d+")
PUNCTUATION = re.compile(r"[\W_]+")
DAY_PARAGRAPHS = 1000
"""A day's page for the incremental measurement: about a hundred articles."""


class Recombiner:
    """New paragraphs from the real corpus's sentences, with other names, numbers and dates."""

    def __init__(self, articles: list[Article], seed: int) -> None:
        self.rng = random.Random(seed)
        self.sentences = [s for a in articles for p in a.paragraphs for s in split_sentences(p.text)]
        self.headlines = [a.headline for a in articles]
        names = {p.name for a in articles for p in a.people} | {r for a in articles for r in a.reporters}
        ordered = sorted(names, key=len, reverse=True)
        self.names = re.compile("|".join(map(re.escape, ordered))) if ordered else None

    def name(self) -> str:
        return self.rng.choice(SURNAMES) + "".join(self.rng.choices(GIVEN, k=self.rng.randint(1, 2)))

    def vary(self, text: str) -> str:
        """The text with every known name, number and date replaced by another."""
        rng = self.rng
        if self.names is not None:
            text = self.names.sub(lambda _: self.name(), text)

        def number(match: re.Match[str]) -> str:
            if match.group(1):
                return f"{rng.randint(1, 12)}月{rng.randint(1, 28)}日"
            return str(rng.randint(10 ** (len(match.group()) - 1), 10 ** len(match.group()) - 1))

        return NUMBER_OR_DATE.sub(number, text)

    def paragraph(self) -> str:
        return "".join(self.vary(s) for s in self.rng.choices(self.sentences, k=self.rng.randint(1, 3)))

    def texts(self, number: int, count: int) -> tuple[str, list[str]]:
        """A headline and ``count`` paragraphs, drawn afresh for every article (``number`` is not used)."""
        texts = [self.paragraph() for _ in range(count)]
        headline = self.vary(self.rng.choice(self.headlines))
        if self.rng.random() < 0.5:
            headline = PUNCTUATION.sub("", texts[0])[:20] or headline
        return headline, texts

    def questions(self, count: int) -> list[str]:
        """Questions about phrases of the real sentences, in a few everyday forms."""
        found = []
        for _ in range(count):
            words = PUNCTUATION.sub("", self.rng.choice(self.sentences))
            size = min(len(words), self.rng.randint(4, 10))
            start = self.rng.randint(0, max(0, len(words) - size))
            phrase = words[start : start + size] or self.name()
            found.append(self.rng.choice(QUESTION_FORMS).format(x=phrase))
        return found


PROFILES = ("news", "recombined")
MARKER = "bench-corpus.json"
"""What a generated corpus folder was made as (size, profile, source): a corpus and its cache are reused
while it holds."""


def make_corpus(source: list[Article], paragraphs: int, folder: Path, profile: str = "recombined") -> None:
    """Write a corpus of ``paragraphs`` paragraphs of the profile (and its lexicon) unless already there."""
    marker = folder / MARKER
    wanted = {
        "paragraphs": paragraphs,
        "per_article": PARAGRAPHS_PER_ARTICLE,
        "source": sorted(a.id for a in source) if profile == "recombined" else profile,
    }
    if marker.exists() and json.loads(marker.read_text(encoding="utf-8")) == wanted:
        return
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    if profile == "news":
        articles = bench_articles(NewsWriter(), paragraphs, f"n{paragraphs}")
    else:
        articles = bench_articles(Recombiner(source, seed=paragraphs), paragraphs, f"b{paragraphs}")
    lexicon: set[str] = set()
    batch: list[Article] = []
    for article in articles:
        batch.append(article)
        if len(batch) == 1000:
            lexicon.update(lexicon_words(batch))
            write_corpus(batch, folder)
            batch = []
    lexicon.update(lexicon_words(batch))
    write_corpus(batch, folder)
    (folder / LEXICON_FILE).write_text("".join(f"{w}\n" for w in sorted(lexicon)), encoding="utf-8")
    marker.write_text(json.dumps(wanted), encoding="utf-8")


def load_questions(
    spec: str, source: list[Article], profile: str = "recombined", smallest: int = 0
) -> list[str]:
    """``spec`` is a count of questions generated for the profile (a news corpus's from its articles in
    the ``smallest`` size), or a file: YAML items with ``q``, or one per line."""
    if spec.isdigit() and profile == "news":
        articles = max(1, smallest // PARAGRAPHS_PER_ARTICLE)
        return NewsWriter().questions(int(spec), articles, PARAGRAPHS_PER_ARTICLE, QUESTION_FORMS)
    if spec.isdigit():
        return Recombiner(source, seed=7).questions(int(spec))
    path = Path(spec)
    text = path.read_text(encoding="utf-8")
    if path.suffix in {".yaml", ".yml"}:
        items = yaml.safe_load(text) or []
        return [
            str(i["q"]) for i in items if isinstance(i, dict) and "q" in i and not str(i["q"]).startswith("/")
        ]
    return [line.strip() for line in text.splitlines() if line.strip()]
