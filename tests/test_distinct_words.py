"""Which article and which figure answer: a question's rare word decides the article
(tests/qa_distinct.yaml), a count stands with its own word (tests/data/distinct/)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ingested
from qa_scorer import assert_passes

from bot.config import Settings
from bot.corpus.models import load_corpus
from bot.engine import Engine
from bot.text.terms import Tokenizer

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def distinct(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The invented pages of tests/data/distinct/, ingested."""
    return ingested(ROOT / "tests/data/distinct", tmp_path_factory.mktemp("distinct"))


@pytest.fixture(scope="module")
def engine(distinct: Path) -> Engine:
    return Engine(Settings(), load_corpus(distinct), Tokenizer())


@pytest.mark.slow
def test_an_article_without_the_questions_rare_word_does_not_answer(distinct: Path) -> None:
    """珠宝 is not answered by 家电类商品, 门票 nor 赞助商 by the race report, 受伤 not by 死亡、失踪;
    the figures asked with the article's own words (or with 成绩, a word any reader uses) still are."""
    assert_passes("qa_distinct.yaml", distinct)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("question", "count"),
    [
        ("泥石流造成多少人遇难？", "9人"),  # 遇难 is also the headline's: the count before it still answers
        ("泥石流造成多少人受伤？", "4人"),
        ("热带气旋卡莉造成多少人死亡？", "23人"),
        ("热带气旋卡莉造成多少人失踪？", "41人"),
    ],
)
def test_a_count_written_before_its_word_is_that_words(engine: Engine, question: str, count: str) -> None:
    """造成9人遇难、4人受伤: each count belongs to the word right after it, not to the one before the 、."""
    assert engine.reply(question).text.splitlines()[0] == count


@pytest.mark.slow
def test_a_score_is_answered_n_to_m(engine: Engine) -> None:
    """比分 asks for N比M: the sentence with 2比1, not the one that names 比分 beside a minute."""
    assert engine.reply("临川队对江城队的比分是多少？").text.splitlines()[0] == "3比2"
