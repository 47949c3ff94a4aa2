"""A new day's page added to a retriever as a segment: searchable at once with the same scores, chunks and
rankings as a retriever built over the whole corpus, and the same again once merged."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from bot.config import RetrievalConfig
from bot.corpus.models import load_corpus
from bot.search.retrieval import Retriever
from bot.text.lexicon import read_lexicon
from bot.text.terms import Tokenizer

ROOT = Path(__file__).resolve().parent.parent
QUERIES = ["郑州经济运行", "防汛", "政协委员提案", "地铁建设投资", "会议强调", "安伟"]


@pytest.fixture(scope="module")
def tokenizer() -> Tokenizer:
    return Tokenizer(read_lexicon(ROOT / "corpus"))


@pytest.mark.parametrize("algorithm", ["okapi", "plus"])
def test_a_day_added_as_a_segment_ranks_as_the_whole_corpus_built_at_once(
    tokenizer: Tokenizer, algorithm: str
) -> None:
    config = RetrievalConfig(algorithm=algorithm)  # type: ignore[arg-type]
    articles = load_corpus(ROOT / "corpus").articles
    assert len(articles) >= 3
    whole = Retriever(articles, tokenizer, config)
    grown = Retriever(articles[:-2], tokenizer, config).add(articles[-2:])
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
    last = articles[-1]
    hits = grown.index.top(tokenizer.terms(last.paragraphs[0].text), 1)
    assert grown.chunks[hits[0][0]].article_id == last.id
