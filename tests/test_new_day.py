"""A new day's page added to a retriever as a segment: searchable at once with the same scores, chunks and
rankings as a retriever built over the whole corpus, and the same again once merged."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pytest
from conftest import dated_page

from bot.config import RetrievalConfig, Settings, load_settings
from bot.corpus.grown import GrownCorpus
from bot.corpus.models import Article, load_corpus, write_corpus
from bot.engine import Engine
from bot.ingestion.lexicon import lexicon_words
from bot.search.retrieval import Retriever
from bot.text.lexicon import LEXICON_FILE, read_lexicon
from bot.text.terms import Tokenizer

ROOT = Path(__file__).resolve().parent.parent
QUERIES = ["郑州经济运行", "防汛", "政协委员提案", "地铁建设投资", "会议强调", "安伟"]


@pytest.fixture(scope="module")
def tokenizer() -> Tokenizer:
    return Tokenizer(read_lexicon(ROOT / "corpus"))


@pytest.mark.parametrize("first", [False, True], ids=["after", "before"])
@pytest.mark.parametrize("algorithm", ["okapi", "plus"])
def test_a_day_added_as_a_segment_ranks_as_the_whole_corpus_built_at_once(
    tokenizer: Tokenizer, algorithm: str, first: bool
) -> None:
    config = RetrievalConfig(algorithm=algorithm)  # type: ignore[arg-type]
    articles = load_corpus(ROOT / "corpus").articles
    assert len(articles) >= 3
    whole = Retriever(articles, tokenizer, config)
    # The day's articles come last in the corpus, or first (a newer page date sorts first).
    old, day = (articles[2:], articles[:2]) if first else (articles[:-2], articles[-2:])
    grown = Retriever(old, tokenizer, config).add(day, tokenizer, first=first)
    assert len(grown.index.segments) == 2
    chunks = list(whole.chunks)
    assert list(grown.chunks) == chunks and grown.index.size == whole.index.size
    assert [grown.chunks[i] for i in (0, -1, len(chunks) - 3)] == [
        chunks[i] for i in (0, -1, len(chunks) - 3)
    ]
    assert grown.chunks[-4:] == chunks[-4:]
    merged = grown.index.merged()
    for text in QUERIES:
        query = tokenizer.terms(text)
        expected = whole.index.scores(query)
        assert np.array_equal(grown.index.scores(query), expected), text
        assert np.array_equal(merged.scores(query), expected), text
        for k in (1, 5, len(expected)):
            assert grown.index.top(query, k) == whole.index.top(query, k) == merged.top(query, k), (text, k)
    for word in ("郑州", "防汛", "没有的词"):
        assert grown.index.document_frequency(word) == whole.index.document_frequency(word)
    # The new articles are answerable: their passages come up, with their own chunks and contexts.
    for article in day:
        hits = grown.index.top(tokenizer.terms(article.paragraphs[0].text), 1)
        assert grown.chunks[hits[0][0]].article_id == article.id


# ----- the engine takes in a day written into its corpus folder (invented pages)

DAYS = {
    dt.date(2026, 3, 2): [
        (
            "青石河大桥主桥合龙",
            "本报讯 青石河大桥主桥昨日合龙，大桥全长一千六百米，预计年底通车。记者柳青岚在现场看到，工人们正在铺设桥面。",
        ),
        (
            "市图书馆东区新馆下月开放",
            "本报讯 市图书馆东区新馆建设完工，将于下月一日起对读者开放，新馆设有自习室四百个座位。",
        ),
        ("七条公交线路调整走向", "本报讯 市公交集团宣布，七条公交线路自本周六起调整走向，新增站点十二个。"),
    ],
    dt.date(2026, 3, 3): [
        (
            "滨湖公园元宵灯会开幕",
            "本报讯 滨湖公园元宵灯会昨晚开幕，园内布置彩灯三百余组，灯会将持续到正月十八。",
        ),
        ("城南学校食堂改造完工", "本报讯 城南实验学校食堂改造完工，可同时容纳一千二百名学生就餐，今起启用。"),
    ],
    dt.date(2026, 3, 4): [
        ("东郊湿地公园候鸟归来", "本报讯 东郊湿地公园近日迎来第一批候鸟，观鸟台今起开放，市民可预约参观。"),
        ("青石河大桥桥面铺装启动", "本报讯 青石河大桥桥面铺装工程启动，施工期间大桥两侧道路限行。"),
    ],
}
QUESTIONS = [
    "青石河大桥什么时候通车？",
    "元宵灯会在哪里举行？",
    "候鸟什么时候归来？",
    "食堂能容纳多少学生？",
    "柳青岚",
]


DATED = ["3月3日的新闻", "3月2日青石河大桥合龙了吗？", "/summary", "/articles 3月2日"]
"""Questions and commands naming days: they need every chunk's day and the calendar of days."""


def day_articles(day: dt.date, reporter: str = "") -> list[Article]:
    """The day's invented page; its first article is printed under a column every day."""
    articles = dated_page(day, DAYS[day], reporter)
    return [articles[0].model_copy(update={"column": "城事观察"}), *articles[1:]]


def publish(folder: Path, articles: list[Article]) -> None:
    """Write a day's files into the corpus folder and the lexicon with its words, as an ingest does."""
    write_corpus(articles, folder)
    lexicon = sorted(set(read_lexicon(folder)) | set(lexicon_words(articles)))
    (folder / LEXICON_FILE).write_text("".join(f"{w}\n" for w in lexicon), encoding="utf-8")


def same_answers(engine: Engine, other: Engine) -> None:
    """The two engines score every chunk alike, bit for bit, and give the same replies, also to questions
    naming days (their chunks' days, calendar and columns alike, however each engine came by them)."""
    assert [c.article_id for c in engine.retriever.chunks] == [c.article_id for c in other.retriever.chunks]
    for question in DATED:
        assert engine.reply(question).model_dump() == other.reply(question).model_dump(), question
    assert all(map(np.array_equal, engine.retriever.days, other.retriever.days))
    assert engine.calendar.days == other.calendar.days and engine.calendar.total == other.calendar.total
    assert {d: [a.id for a in found] for d, found in engine.calendar.by_day.items()} == {
        d: [a.id for a in found] for d, found in other.calendar.by_day.items()
    }
    assert engine.about.fields.by_masthead == other.about.fields.by_masthead
    assert engine.about.fields.by_masthead["城事观察"]
    for question in QUESTIONS:
        query = engine.retriever.tokenizer.terms(question)
        assert query == other.retriever.tokenizer.terms(question)
        assert np.array_equal(engine.retriever.index.scores(query), other.retriever.index.scores(query))
        assert engine.retriever.index.top(query, 5) == other.retriever.index.top(query, 5)
        assert engine.reply(question).model_dump() == other.reply(question).model_dump(), question


def settings_for(corpus: Path, cache: Path) -> Settings:
    settings = load_settings(ROOT / "config.yaml")
    settings.paths.corpus, settings.paths.cache = corpus, cache
    return settings


def test_a_day_written_into_the_corpus_is_taken_in_as_a_segment_and_saved_as_a_start_finds_it(
    tmp_path: Path,
) -> None:
    corpus = tmp_path / "corpus"
    first, second, third = DAYS
    publish(corpus, day_articles(first))
    settings = settings_for(corpus, tmp_path / "cache")
    serving = Engine.load(settings)
    assert not serving.reply(QUESTIONS[1]).found
    for question in DATED:  # the chunks' days and the calendar worked out: the day's engine extends them
        serving.reply(question)
    assert {"days", "calendar"} <= set(serving.__dict__) | set(serving.retriever.__dict__)

    # A newer day (its articles come first in the corpus), no new lexicon word: exact at once.
    publish(corpus, day_articles(second))
    grown = serving.updated()
    assert grown.unsettled and isinstance(grown.corpus, GrownCorpus)
    assert len(grown.retriever.index.segments) == 2
    whole = Engine.load(settings_for(corpus, tmp_path / "whole-1"))
    same_answers(grown, whole)
    assert "滨湖公园元宵灯会开幕" in grown.reply(QUESTIONS[1]).model_dump_json()
    # Saved: its segments merged into the index a full build makes.
    grown = grown.settled()
    assert not grown.unsettled and len(grown.retriever.index.segments) == 1
    same_answers(grown, whole)

    # Another day, whose reporter is a new lexicon word an old article names: answerable at once.
    publish(corpus, day_articles(third, reporter="柳青岚"))
    grown = grown.updated()
    assert len(grown.retriever.index.segments) == 2 and "柳青岚" in grown.retriever.tokenizer.lexicon
    assert "东郊湿地公园候鸟归来" in grown.reply(QUESTIONS[2]).model_dump_json()
    # Settled: the store and the index saved as a full load makes them, in one segment.
    settled = grown.settled()
    assert not settled.unsettled and len(settled.retriever.index.segments) == 1
    whole = Engine.load(settings_for(corpus, tmp_path / "whole-2"))
    same_answers(settled, whole)
    # A start finds both saved: nothing is rebuilt.
    manifests = [tmp_path / "cache" / name / "manifest.json" for name in ("index", "corpus")]
    before = [m.stat().st_mtime_ns for m in manifests]
    same_answers(Engine.load(settings), whole)
    assert [m.stat().st_mtime_ns for m in manifests] == before


def test_a_day_older_than_the_corpus_goes_after_it_and_a_changed_file_loads_anew(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    first, second, third = DAYS
    publish(corpus, day_articles(third))
    publish(corpus, day_articles(second))
    settings = settings_for(corpus, tmp_path / "cache")
    serving = Engine.load(settings)
    for question in DATED:
        serving.reply(question)
    publish(corpus, day_articles(first))  # a back-filled older page: last in the corpus
    grown = serving.updated()
    assert grown.unsettled and grown.retriever.chunks[len(grown.retriever.chunks) - 1].article_id.startswith(
        f"p{first:%Y%m%d}"
    )
    same_answers(grown, Engine.load(settings_for(corpus, tmp_path / "whole")))
    # A file rewritten is not a day added: the corpus is loaded anew.
    changed = day_articles(second)[0]
    write_corpus([changed.model_copy(update={"headline": "滨湖公园元宵灯会延期"})], corpus)
    reloaded = grown.updated()
    assert not reloaded.unsettled
    assert "滨湖公园元宵灯会延期" in reloaded.reply(QUESTIONS[1]).model_dump_json()


def test_a_day_that_cannot_be_saved_is_served_as_it_was_taken_in(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    first, second, _ = DAYS
    publish(corpus, day_articles(first))
    serving = Engine.load(settings_for(corpus, tmp_path / "cache"))
    publish(corpus, day_articles(second))
    grown = serving.updated()
    grown.settings.paths.cache = Path("/proc/newsbot-no-cache")  # no folder can be made there
    assert grown.settled() is grown and grown.unsettled
    assert "滨湖公园元宵灯会开幕" in grown.reply(QUESTIONS[1]).model_dump_json()
