"""The article analysed once: a question costs the few candidate sentences it reads, not the article.

The articles are invented: a city's pumping stations, one sentence each, and one sentence that says when
the whole work ends.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import engine_of

import bot.text.terms
from bot.config import Settings
from bot.corpus.analyses import PARTS
from bot.corpus.article_text import SHARE_SAMPLE, ArticleText, TextCache
from bot.corpus.models import Article, Paragraph, SourceSpan, write_corpus
from bot.corpus.store import StoredCorpus
from bot.engine import Engine
from bot.text.terms import Tokenizer, split_sentences

PLACES = ["东城", "西城", "南湖", "北岸", "青山", "白河", "金沙", "石桥"]
END = "市水务局局长张某某表示，全市泵站改造工程将于2025年10月底前全部完工。"
ASKED = "泵站改造工程什么时候完工"


def long_article(sentences: int) -> Article:
    """An article of about ``sentences`` sentences, five to a paragraph, the answer in its last one; past
    the first thousand, the sentences repeat (so that indexing a long one costs little)."""
    span = SourceSpan(file="pumps.txt", line_start=1, line_end=1)
    paragraphs = [
        Paragraph(
            text="".join(
                f"{PLACES[n % 8]}片区第{n}号泵站今年完成改造，投资{n % 97 + 3}万元，服务居民{n % 900 + 100}户。"
                for n in range(first % 1000, first % 1000 + 5)
            ),
            source=span,
        )
        for first in range(0, sentences, 5)
    ]
    return Article(
        id="pumps-01",
        page="pumps",
        headline="全市泵站改造工程进展顺利",
        dateline="昨日",
        date=dt.date(2024, 3, 11),
        reporters=["王某"],
        people=[
            {"name": "张某某", "titles": ["市水务局局长"], "role": "spoke", "paragraph": len(paragraphs)}
        ],
        paragraphs=[*paragraphs, Paragraph(text=END, source=span)],
    )


@pytest.fixture
def normalise_calls(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Every text ``normalise`` is called on, wherever the bot calls it from."""
    calls: list[str] = []
    original = bot.text.terms.normalise

    def counting(text: str) -> str:
        calls.append(text)
        return original(text)

    for module in list(sys.modules.values()):
        if (
            getattr(module, "__name__", "").startswith("bot.")
            and getattr(module, "normalise", None) is original
        ):
            monkeypatch.setattr(module, "normalise", counting)
    yield calls


def candidates(engine: Engine, question: str) -> int:
    """The sentences of the passages retrieved for the question: what answering it has to read."""
    hits = engine.retriever.search(engine.reader.read(question))
    return sum(len(split_sentences(hit.chunk.text)) for hit in hits)


def asked(engine: Engine, question: str, calls: list[str]) -> tuple[str, int]:
    """The reply's text and how many texts were normalised to answer it."""
    before = len(calls)
    text = engine.reply(question).text
    return text, len(calls) - before


def test_a_question_normalises_its_candidate_sentences_not_the_article(
    tokenizer: Tokenizer, normalise_calls: list[str]
) -> None:
    engine = engine_of([long_article(1000)], tokenizer)  # analysed as it loads
    read = candidates(engine, ASKED)
    assert read < 100
    text, calls = asked(engine, ASKED, normalise_calls)
    assert END in text
    # Before the article was analysed once, this question normalised about 4,000 texts (every sentence
    # of the article for every candidate sentence), and a number question about 56,000.
    assert calls <= 3 * read
    number = "青山片区第4号泵站投资多少万元"
    text, calls = asked(engine, number, normalise_calls)
    assert "7万元" in text
    assert calls <= 3 * candidates(engine, number)


@pytest.fixture
def analyses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The id of every article ``ArticleText.of`` analyses."""
    made: list[str] = []
    original = ArticleText.of.__func__  # type: ignore[attr-defined]

    def counting(cls: type[ArticleText], article: Any) -> ArticleText:
        made.append(article.id)
        return original(cls, article)

    monkeypatch.setattr(ArticleText, "of", classmethod(counting))
    return made


def stored_engine(folder: Path, *articles: Article) -> Engine:
    """The engine over the articles' files, served from a corpus store, as the bot loads it."""
    write_corpus(list(articles), folder / "corpus")
    paths = {"corpus": folder / "corpus", "cache": folder / "cache"}
    return Engine.load(Settings.model_validate({"paths": paths}))


def test_a_question_over_a_stored_article_costs_the_same_whatever_the_articles_length(
    tmp_path: Path, normalise_calls: list[str], analyses: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Counted for the first question, then a second, over a 1,000- and a 20,000-sentence article:
    the texts normalised (at most three a candidate sentence; the candidates are the few sentences of
    the passages retrieved, whatever the article's length), the articles analysed (none: the store
    was built with the analysis) and the paragraphs read from the store (those around the answer: the
    sentence before it may be quoted)."""
    read: list[int] = []
    paragraphs = StoredCorpus.paragraphs

    def reading(self: StoredCorpus, number: int, start: int = 0, stop: int | None = None) -> list[Any]:
        found = paragraphs(self, number, start, stop)
        read.append(len(found))
        return found

    monkeypatch.setattr(StoredCorpus, "paragraphs", reading)
    for sentences in (1000, 20_000):
        engine = stored_engine(tmp_path / str(sentences), long_article(sentences))
        assert analyses == ["pumps-01"]  # when the store was built, not on a question
        analyses.clear()
        for question, answer in ((ASKED, END), ("青山片区第4号泵站投资多少万元", "7万元")):
            read.clear()
            text, calls = asked(engine, question, normalise_calls)
            assert answer in text
            # Before the analysis was stored, the first question over the 20,000-sentence article
            # normalised 20,000 sentences and more.
            assert calls <= 3 * candidates(engine, question) < 300, (sentences, question)
            assert analyses == [] and sum(read) <= 3, (sentences, question)


def test_a_rebuilt_store_analyses_only_the_articles_it_did_not_hold(
    tmp_path: Path, analyses: list[str]
) -> None:
    first = long_article(50)
    second = first.model_copy(update={"id": "pumps-02", "headline": "城区泵站改造工程开工"})
    stored_engine(tmp_path, first)
    assert analyses == ["pumps-01"]
    engine = stored_engine(tmp_path, first, second)  # a new day's page: the store is rebuilt
    assert analyses == ["pumps-01", "pumps-02"]
    kept, made = engine.corpus.articles[0].analysed, ArticleText.of(first)
    assert [getattr(kept, f) for f in PARTS] == [getattr(made, f) for f in PARTS]
    assert engine.corpus.articles[1].analysed.headline == "城区泵站改造工程开工"


def test_the_share_of_sentences_holding_a_word() -> None:
    text = ArticleText.of(long_article(40))
    assert text.count == 41
    assert text.share("泵站") == 41 / 41
    assert text.share("青山") == 5 / 41
    assert text.share("第1") == 11 / 41  # 第1号, 第10号 … 第19号
    sentences = text.sentences.split("\n")
    for word in ("改造", "3万元", "号泵站今年", "", "户。"):
        assert text.share(word) == sum(word in s for s in sentences) / len(sentences)
    assert text.share("完工") == 1 / 41
    assert text.share("机场") == 0
    assert text.people == ("张某某",)
    long = ArticleText.of(long_article(5000))  # counted in an evenly spaced sample of its sentences
    assert long.count == 5001 and long.sampled <= SHARE_SAMPLE
    assert long.share("泵站") == 1 and abs(long.share("青山") - 1 / 8) < 0.01
    assert text.opening.startswith("东城片区第0号泵站")


def test_the_cache_keeps_the_most_recently_used_within_its_budget() -> None:
    texts = {n: ArticleText.of(long_article(10 * (n + 1))) for n in range(4)}
    made: list[int] = []

    def make(n: int) -> Callable[[], ArticleText]:
        def analyse() -> ArticleText:
            made.append(n)
            return texts[n]

        return analyse

    cache = TextCache(budget=texts[2].size + texts[3].size)
    for n in (0, 1, 2, 3, 2, 3):
        assert cache.get(n, make(n)) is texts[n]
    assert made == [0, 1, 2, 3]  # 2 and 3 were kept
    cache.get(0, make(0))
    assert made == [0, 1, 2, 3, 0]  # 0 was dropped for them
    big = TextCache(budget=1)
    assert big.get(3, make(3)) is texts[3]  # one article is always kept, whatever its size
    assert big.get(3, make(3)) is texts[3] and made[-1] == 3 and made.count(3) == 2


@pytest.mark.slow
def test_a_question_over_a_100000_sentence_article_is_answered(tokenizer: Tokenizer) -> None:
    engine = engine_of([long_article(100_000)], tokenizer)
    reply = engine.reply(ASKED)
    assert reply.found and END in reply.text
    assert engine.reply("青山片区第4号泵站投资多少万元").found
