"""Text processing and chunking: normalisation, sentences, terms, the lexicon, paragraph chunks."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import RetrievalConfig
from bot.corpus.chunks import chunk_article
from bot.corpus.models import Article, Paragraph, SourceSpan
from bot.ingestion.lexicon import lexicon_words, write_lexicon
from bot.text import terms as text
from bot.text.lexicon import read_lexicon
from bot.text.terms import Tokenizer, normalise, split_sentences


@pytest.fixture(scope="module")
def tokenizer() -> Tokenizer:
    return Tokenizer(["吕挺琳", "万人助万企"])


def article(*texts: str) -> Article:
    span = SourceSpan(file="p.txt", line_start=1, line_end=1)
    return Article(
        id="p-01", page="p", headline="标题", paragraphs=[Paragraph(text=t, source=span) for t in texts]
    )


def test_normalise_folds_width_case_quotes_and_spacing() -> None:
    assert normalise("ＲＣＥＰ　和“１３７１０”！") == 'rcep 和"13710"!'
    assert normalise("市 委  书记\u200b 安伟") == "市委书记安伟"
    assert normalise("Hello   World") == "hello world"


def test_sentences_keep_their_marks_and_closing_quotes() -> None:
    text = "他说：“好。”然后走了！还要继续吗？当然。"
    assert split_sentences(text) == ["他说：“好。”", "然后走了！", "还要继续吗？", "当然。"]
    assert split_sentences("没有句号的一句") == ["没有句号的一句"]


def test_terms_drop_stop_words_punctuation_and_noise(tokenizer: Tokenizer) -> None:
    assert tokenizer.terms("？？？……") == []
    assert tokenizer.terms("是什么呢") == []
    assert tokenizer.terms("😀<b>") == []
    assert tokenizer.terms("啊啊啊啊") == []
    terms = tokenizer.terms("郑州市委书记是谁？")
    assert "郑州" in terms and "是" not in terms and "谁" not in terms


def test_terms_include_bigrams_so_differently_cut_phrases_meet(tokenizer: Tokenizer) -> None:
    assert "四要" in tokenizer.terms("四要强招商、促投资")
    assert "四要" in tokenizer.terms("“四要”分别是什么")


def test_lexicon_keeps_names_and_slogans_whole(tokenizer: Tokenizer) -> None:
    assert "吕挺琳" in tokenizer.words("市领导吕挺琳出席")
    assert "万人助万企" in tokenizer.words("深入推进“万人助万企”活动")
    assert "万人助万企" not in Tokenizer().words("深入推进“万人助万企”活动")


def test_places_are_the_dictionary_places_and_bodies(tokenizer: Tokenizer) -> None:
    assert tokenizer.places("上海市委书记是谁") == ["上海市委"]
    assert tokenizer.places("郑州地铁几点停运") == ["郑州"]
    assert tokenizer.places("会议审议通过了决定") == []


def test_lexicon_holds_names_bodies_meetings_and_quoted_slogans(tmp_path: Path) -> None:
    seedlike = article("市十五届人大常委会举行第四十九次主任会议。深入推进“万人助万企”活动,用好“13710”机制。")
    seedlike.reporters = ["董艳竹"]
    seedlike.speakers = ["航空港区"]
    words = lexicon_words([seedlike])
    assert {"第四十九次主任会议", "万人助万企", "13710", "董艳竹", "航空港区"} <= set(words)
    path = write_lexicon([seedlike], tmp_path)
    before = path.stat().st_mtime_ns
    write_lexicon([seedlike], tmp_path)
    assert path.stat().st_mtime_ns == before  # unchanged lexicon, untouched file
    assert read_lexicon(tmp_path) == words
    assert read_lexicon(tmp_path / "nowhere") == []


def test_long_paragraph_becomes_overlapping_windows_that_know_their_speaker() -> None:
    config = RetrievalConfig(chunk_max_chars=40, chunk_min_chars=5, chunk_overlap_sentences=1)
    sentences = [
        "何雄作具体部署。",
        "他强调要扩大有效投资和工业投资。",
        "要促进消费回补升级和着力发展新消费。",
        "要扩大开放招商和基金招商。",
    ]
    chunks = chunk_article(article("".join(sentences)), config)
    assert [c.text for c in chunks] == [
        sentences[0] + sentences[1],
        sentences[1] + sentences[2],
        sentences[2] + sentences[3],
    ]
    assert [c.lead for c in chunks] == ["", sentences[0], sentences[0]]
    assert {c.paragraph for c in chunks} == {0}


def test_short_paragraphs_join_their_neighbour() -> None:
    config = RetrievalConfig(chunk_min_chars=10)
    chunks = chunk_article(article("会议指出。", "全市上下要铆足干劲、奋勇争先。", "完毕。"), config)
    assert [(c.paragraph, c.text) for c in chunks] == [(0, "会议指出。全市上下要铆足干劲、奋勇争先。完毕。")]


def test_a_subhead_joined_to_its_paragraph_stays_a_sentence_of_its_own() -> None:
    config = RetrievalConfig(chunk_min_chars=10)
    chunks = chunk_article(
        article("攻坚，十年磨一剑", "团队完成试验两千余次。", "新产品已在三家工厂投入量产。"), config
    )
    assert [c.text for c in chunks] == [
        "攻坚，十年磨一剑\n团队完成试验两千余次。",
        "新产品已在三家工厂投入量产。",
    ]
    assert split_sentences(chunks[0].text) == ["攻坚，十年磨一剑", "团队完成试验两千余次。"]


def test_the_search_memo_is_bounded_and_forgets_the_least_recently_used(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(text, "SEARCH_MEMO_WORDS", 50)
    tokenizer = Tokenizer()
    for n in range(400):
        tokenizer.terms(f"读者新词{n}号")
    assert tokenizer._search_words.cache_info().currsize <= 50
    assert tokenizer.terms("读者新词7号") == Tokenizer().terms("读者新词7号")


def test_normalise_takes_its_shortcuts_without_changing_a_character() -> None:
    """The quick paths (no quote, nothing unprintable) give what the plain definition gives."""
    import random
    import unicodedata

    from bot.text.script import simplified
    from bot.text.terms import CJK_SPACE, QUOTE_VARIANTS, REGIONAL, SPACE

    def plain(text: str) -> str:
        text = simplified(unicodedata.normalize("NFKC", text)).translate(QUOTE_VARIANTS).lower()
        for regional, mainland in REGIONAL:
            text = text.replace(regional, mainland)
        text = "".join(ch for ch in text if unicodedata.category(ch) not in {"Cf", "Cc"} or ch in "\n\t")
        return SPACE.sub(" ", CJK_SPACE.sub("", text)).strip()

    pieces = list("市政府会议個們甚麼ＡＢ１２ab \t\n\u3000\u200b\u200d\ufeff\x07“”「」‘’＂\"'。，、") + [
        "\u00a0",
        "Ⅳ",
        "ﬁ",
    ]
    rng = random.Random(5)
    for _ in range(3000):
        text = "".join(rng.choices(pieces, k=rng.randint(0, 30)))
        assert normalise(text) == plain(text), repr(text)
