"""The corpus store: the same articles, chunks and answers as a corpus loaded from its files; reused while
the corpus is unchanged, rebuilt when a file changes, is added or removed, or the store is damaged."""

from __future__ import annotations

import logging
import os
import shutil
from pathlib import Path

import pytest
import yaml

import bot.corpus.store as corpus_store
from bot.config import RetrievalConfig, Settings
from bot.corpus.chunks import article_context, chunk_corpus, chunk_document, docs_digest
from bot.corpus.models import Article, Corpus, Paragraph, SourceSpan, article_json, load_corpus
from bot.corpus.store import FIELDS, FOLDER, StoredCorpus, open_corpus
from bot.engine import Engine
from bot.text.lexicon import read_lexicon
from bot.text.terms import Tokenizer

ROOT = Path(__file__).resolve().parent.parent
CONFIG = RetrievalConfig()
QUESTIONS = [item["q"] for item in yaml.safe_load((ROOT / "tests" / "qa_seed.yaml").read_text("utf-8"))]
COMMANDS = ["/articles", "/who", "/who 胡荃", "/who 主任会议", "/summary", "/summary 2", "/summary 政协"]


@pytest.fixture
def corpus_dir(tmp_path: Path) -> Path:
    """The bundled corpus plus a small article of our own and a file that is not an article."""
    folder = tmp_path / "corpus"
    shutil.copytree(ROOT / "corpus", folder)
    (folder / "extra-01.json").write_text(article_json(_article("extra-01", "防汛演练在金水河举行")), "utf-8")
    (folder / "broken.json").write_text("{not json", encoding="utf-8")
    return folder


def _article(article_id: str, headline: str) -> Article:
    span = SourceSpan(file="extra.txt", line_start=3, line_end=4)
    texts = [
        "昨日,市防汛指挥部在金水河组织防汛应急演练。",
        "短句。",
        "演练模拟了暴雨积水的处置,参演人员三百余人。",
    ]
    return Article(
        id=article_id,
        page="extra",
        headline=headline,
        paragraphs=[Paragraph(text=t, source=span) for t in texts],
    )


def _same_as_loaded(stored: StoredCorpus, corpus_dir: Path) -> None:
    """Every article, paragraph, chunk and problem as loading the files gives them."""
    loaded = load_corpus(corpus_dir)
    assert [a.id for a in stored.articles] == [a.id for a in loaded.articles]
    for mine, theirs in zip(stored.articles, loaded.articles, strict=True):
        fields = [name for name in Article.model_fields if name != "paragraphs"]
        assert [getattr(mine, name) for name in fields] == [getattr(theirs, name) for name in fields]
        assert mine.paragraphs == theirs.paragraphs
    assert list(stored.chunks) == chunk_corpus(loaded.articles, CONFIG)
    chunks = list(stored.chunks)
    assert [stored.chunks[i] for i in range(len(stored.chunks))] == chunks
    assert stored.chunks[-1] == chunks[-1] and stored.chunks[3:-2:2] == chunks[3:-2:2]
    for outside in (len(chunks), -len(chunks) - 1):
        with pytest.raises(IndexError):
            stored.chunks[outside]
    assert stored.problems == loaded.problems
    contexts = {a.id: article_context(a) for a in loaded.articles}
    docs = [chunk_document(c, contexts[c.article_id], 1) for c in chunk_corpus(loaded.articles, CONFIG)]
    assert stored.docs_digest == docs_digest(docs)


def _manifest_time(cache: Path) -> int:
    return (cache / FOLDER / "manifest.json").stat().st_mtime_ns


def test_stored_articles_keep_every_field_but_the_paragraphs() -> None:
    assert set(FIELDS) == set(Article.model_fields) - {"paragraphs"}


def test_store_holds_what_loading_the_files_gives(corpus_dir: Path, tmp_path: Path) -> None:
    stored = open_corpus(corpus_dir, CONFIG, tmp_path / "cache")
    assert len(stored.articles) == 5 and stored.paragraph_count == 3 + sum(
        len(a.paragraphs) for a in load_corpus(ROOT / "corpus").articles
    )
    assert [p.file for p in stored.problems] == [str(corpus_dir / "broken.json")]
    _same_as_loaded(stored, corpus_dir)
    _same_as_loaded(open_corpus(corpus_dir, CONFIG, tmp_path / "cache"), corpus_dir)  # read back
    _same_as_loaded(open_corpus(corpus_dir, CONFIG, None), corpus_dir)  # no cache: from memory


def test_unchanged_corpus_reuses_the_store_without_reading_articles(
    corpus_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    open_corpus(corpus_dir, CONFIG, cache)
    written = _manifest_time(cache)

    def no_loading(folder: Path) -> Corpus:
        raise AssertionError("the corpus was read again")

    monkeypatch.setattr(corpus_store, "load_corpus", no_loading)
    again = open_corpus(corpus_dir, CONFIG, cache)
    assert _manifest_time(cache) == written
    assert [a.headline for a in again.articles][-1] == "防汛演练在金水河举行"


@pytest.mark.parametrize("change", ["edited", "same size", "added", "removed", "chunking"])
def test_a_changed_corpus_or_setting_rebuilds_the_store(
    corpus_dir: Path, tmp_path: Path, change: str, caplog: pytest.LogCaptureFixture
) -> None:
    cache = tmp_path / "cache"
    open_corpus(corpus_dir, CONFIG, cache)
    config = CONFIG
    extra = corpus_dir / "extra-01.json"
    if change == "edited":
        extra.write_text(article_json(_article("extra-01", "防汛演练在贾鲁河举行了")), "utf-8")
    elif change == "same size":  # same size, written later: caught by the modification time
        before = extra.stat()
        extra.write_text(article_json(_article("extra-01", "防汛演练在贾鲁河举行")), "utf-8")
        os.utime(extra, ns=(before.st_atime_ns, before.st_mtime_ns + 1))
        assert extra.stat().st_size == before.st_size
    elif change == "added":
        (corpus_dir / "extra-02.json").write_text(article_json(_article("extra-02", "新增一篇报道")), "utf-8")
    elif change == "removed":
        extra.unlink()
    else:
        config = RetrievalConfig(chunk_min_chars=10)
    with caplog.at_level(logging.INFO, logger="bot.corpus.store"):
        stored = open_corpus(corpus_dir, config, cache)
    assert "rebuilding the corpus store" in caplog.text
    loaded = load_corpus(corpus_dir)
    assert [(a.id, a.headline) for a in stored.articles] == [(a.id, a.headline) for a in loaded.articles]
    assert list(stored.chunks) == chunk_corpus(loaded.articles, config)


@pytest.mark.parametrize("damage", ["flipped byte", "missing array", "bad manifest"])
def test_a_damaged_store_is_rebuilt_with_a_warning(
    corpus_dir: Path, tmp_path: Path, damage: str, caplog: pytest.LogCaptureFixture
) -> None:
    cache = tmp_path / "cache"
    open_corpus(corpus_dir, CONFIG, cache)
    blob = cache / FOLDER / "chunk_bytes.npy"
    if damage == "flipped byte":
        data = bytearray(blob.read_bytes())
        data[-5] ^= 0xFF
        blob.write_bytes(bytes(data))
    elif damage == "missing array":
        blob.unlink()
    else:
        (cache / FOLDER / "manifest.json").write_text("{", encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="bot.corpus.store"):
        stored = open_corpus(corpus_dir, CONFIG, cache)
    assert "rebuilding the corpus store" in caplog.text
    _same_as_loaded(stored, corpus_dir)
    caplog.clear()
    open_corpus(corpus_dir, CONFIG, cache)
    assert caplog.text == ""  # the rebuilt store is sound


def test_answers_are_the_same_with_and_without_the_store(corpus_dir: Path, tmp_path: Path) -> None:
    settings = Settings()
    settings.paths.corpus = corpus_dir
    settings.paths.cache = tmp_path / "cache"
    tokenizer = Tokenizer(read_lexicon(corpus_dir), cache_dir=settings.paths.cache)
    from_files = Engine(settings, load_corpus(corpus_dir), tokenizer)
    Engine.load(settings)  # builds the store
    from_store = Engine.load(settings)
    assert isinstance(from_store.corpus, StoredCorpus)
    assert from_store.retriever.index.size == from_files.retriever.index.size
    for message in [*QUESTIONS, *COMMANDS, "防汛演练有多少人参加？"]:
        mine, theirs = from_store.reply(message), from_files.reply(message)
        assert (mine.blocks, mine.found, mine.sources) == (theirs.blocks, theirs.found, theirs.sources), (
            message
        )
    for article_id, article in from_files.articles.items():  # the Telegram source-paragraph button
        assert from_store.articles[article_id].paragraphs == article.paragraphs


def test_a_store_that_cannot_be_saved_serves_from_memory(
    corpus_dir: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    cache = tmp_path / "cache"
    cache.write_text("a file where the cache folder should be", encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="bot.corpus.store"):
        stored = open_corpus(corpus_dir, CONFIG, cache)
    assert "could not save the corpus store" in caplog.text
    _same_as_loaded(stored, corpus_dir)
