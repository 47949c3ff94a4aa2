"""A paper printed in traditional characters: read in simplified ones, stored and quoted as printed.

The invented pages of tests/data/traditional/ (a Hong Kong page in the seed's form, a Taiwan archive of
one article per file) ingest with the fields a simplified page gives -- bylines, dates, people and
titles, headlines, nothing lost -- and questions in either script find them (tests/qa_traditional.yaml).
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from conftest import ingested
from qa_scorer import assert_passes

from bot.config import IngestConfig
from bot.corpus.models import Article
from bot.ingestion.decode import decode_bytes
from bot.ingestion.ingest import ingest_paths
from bot.text.script import Printed, simplified, to_simplified, to_traditional_keeping
from bot.text.terms import Tokenizer, normalise

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data" / "traditional"
D = dt.date

# headline → (subtitles, byline, reporters, dateline, date, page date, page number, section, publication)
EXPECTED: dict[str, tuple[object, ...]] = {
    "東九龍線昨日動工": (
        ["全長7.7公里 設車站五個"], "本報訊（記者 梁嘉欣）", ["梁嘉欣"], "昨日", D(2021, 3, 14),
        D(2021, 3, 15), 4, "港聞", "香江日報",
    ),
    "灣仔海濱長廊下月全面開放": (
        [], "本報記者 何詠詩", ["何詠詩"], None, None, D(2021, 3, 15), 4, "港聞", "香江日報",
    ),
    "深港創科合作區新增企業120家": (
        [], "本報記者 林曉彤 通訊員 周子健", ["林曉彤"], None, None, D(2021, 3, 15), 4, "港聞", "香江日報",
    ),
    "國家航天局發布月球樣品研究新成果": (
        [], "新華社北京3月14日電（記者 宋立言）", ["宋立言"], "3月14日", D(2021, 3, 14),
        D(2021, 3, 15), 4, "港聞", "香江日報",
    ),
    "臺中捷運藍線環評通過": (
        [], "本報記者 吳佩珊", ["吳佩珊"], None, D(2023, 6, 6), D(2023, 6, 7), 3, None, None,
    ),
    "颱風瑪莉逼近 東部山區防豪雨": (
        [], "記者 張雅婷", ["張雅婷"], None, D(2023, 6, 6), D(2023, 6, 7), 5, None, None,
    ),
    "台南安平老街改造 7月動工": (
        [], "記者 范家豪", ["范家豪"], None, D(2023, 6, 7), D(2023, 6, 8), 4, None, None,
    ),
    "無尾港濕地復育有成 水獺重現": (
        [], "記者 林怡君", ["林怡君"], None, D(2023, 6, 8), D(2023, 6, 9), 6, None, None,
    ),
    "高雄夜市推行動支付 攤商參與率達八成": (
        [], "本報記者 黃冠霖", ["黃冠霖"], None, D(2023, 6, 7), D(2023, 6, 8), 2, None, None,
    ),
}  # fmt: skip


@pytest.fixture(scope="module")
def articles(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Article]:
    report = ingest_paths([DATA], tmp_path_factory.mktemp("traditional"), IngestConfig())
    return {a.headline: a for a in report.articles}


def _fields(a: Article) -> tuple[object, ...]:
    return (
        a.subtitles, a.byline, a.reporters, a.dateline, a.date, a.page_date, a.page_number, a.section,
        a.publication,
    )  # fmt: skip


def test_simplified_copy_keeps_every_offset_and_leaves_simplified_text_alone() -> None:
    printed = "本報訊（記者 梁嘉欣）東九龍線昨日動工，運輸及房屋局局長出席。"
    copy = simplified(printed)
    assert copy == "本报讯（记者 梁嘉欣）东九龙线昨日动工，运输及房屋局局长出席。"
    assert len(copy) == len(printed)
    plain = "本报讯（记者 梁嘉欣）东九龙线昨日动工"
    assert simplified(plain) is plain


def test_a_question_in_either_script_matches_text_in_either_script() -> None:
    assert normalise("東九龍線全長多少公里？") == normalise("东九龙线全长多少公里?")
    tokenizer = Tokenizer()
    assert tokenizer.terms("臺中市長林志明說") == tokenizer.terms("台中市长林志明说")


def test_a_reply_in_traditional_keeps_what_the_page_prints() -> None:
    printed = ["西門里里長涂淑芬說，避免干擾居民作息。"]
    # the template's words are converted; the quote, its name and its 里長, 干擾 stay as printed
    assert to_traditional_keeping("没有找到：里長涂淑芬說，避免干擾居民作息。", printed) == (
        "沒有找到：里長涂淑芬說，避免干擾居民作息。"
    )
    assert to_traditional_keeping("避免干擾", []) == "避免幹擾"  # s2tw alone reads 干 as simplified


def test_fields_read_from_the_copy_come_back_as_printed() -> None:
    page = Printed("灣仔海濱長廊\n下月全面開放\n本報記者 何詠詩\n\n長廊全長2.3公里。")
    assert page.restore("湾仔海滨长廊下月全面开放") == "灣仔海濱長廊下月全面開放"  # joined from two lines
    assert page.restore("line 3: 本报记者 何咏诗") == "line 3: 本報記者 何詠詩"  # a label stays
    assert page.restore("记者") == "記者"
    assert Printed("东九龙线").restore("东九龙线") == "东九龙线"  # a simplified page is untouched


@pytest.mark.parametrize("headline", sorted(EXPECTED))
def test_each_article_gives_its_byline_reporters_dates_and_page(
    articles: dict[str, Article], headline: str
) -> None:
    assert _fields(articles[headline]) == EXPECTED[headline]


def test_every_article_of_the_pages_is_found_and_no_other(articles: dict[str, Article]) -> None:
    assert sorted(articles) == sorted(EXPECTED)


def test_people_and_titles_as_printed(articles: dict[str, Article]) -> None:
    people = {(p.name, tuple(p.titles), p.role) for a in articles.values() for p in a.people}
    assert ("陳家豪", ("運輸及房屋局局長",), "spoke") in people
    assert ("丁遠航", ("國家航天局副局長",), "spoke") in people
    names = {p.name for a in articles.values() for p in a.people}
    assert {"梁嘉欣", "宋立言", "黃冠霖"} <= names  # reporters, from the bylines


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_every_sentence_of_the_pages_is_kept_as_printed(articles: dict[str, Article]) -> None:
    kept = _compact(
        "\n".join(
            part
            for a in articles.values()
            for part in [a.headline, *a.subtitles, a.byline or "", *(p.text for p in a.paragraphs)]
            + [f.split(": ", 1)[1] for f in a.furniture]
        )
    )
    for page in sorted(DATA.rglob("*.txt")):
        for line in page.read_text(encoding="utf-8").splitlines():
            for sentence in re.split(r"(?<=[。！？])|[（）]", _compact(line)):
                assert not sentence or sentence in kept, (page.name, sentence)


def test_a_traditional_page_gives_what_its_simplified_copy_gives(tmp_path: Path) -> None:
    """Same guarantees in either script: the simplified copy of every page ingests to the same
    articles, field for field, but for the script."""
    copies = tmp_path / "copies"
    for page in DATA.rglob("*.txt"):
        target = copies / page.relative_to(DATA)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(to_simplified(page.read_text(encoding="utf-8")), encoding="utf-8")
    printed = ingest_paths([DATA], tmp_path / "printed", IngestConfig()).articles
    copied = ingest_paths([copies], tmp_path / "copied", IngestConfig()).articles

    def plain(article: Article) -> str:
        return to_simplified(article.model_dump_json(exclude={"id", "page", "pages", "paragraphs"}))

    assert [plain(a) for a in printed] == [plain(a) for a in copied]
    assert [[to_simplified(p.text) for p in a.paragraphs] for a in printed] == [
        [p.text for p in a.paragraphs] for a in copied
    ]


def test_pages_saved_in_big5_give_the_same_articles(tmp_path: Path) -> None:
    """Taiwan and Hong Kong papers often save their pages in Big5 (with HKSCS): read, nothing lost."""
    for page in DATA.rglob("*.txt"):
        target = tmp_path / "big5" / page.relative_to(DATA)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(page.read_text(encoding="utf-8").encode("big5hkscs"))
    assert decode_bytes((tmp_path / "big5" / "20210315-04.txt").read_bytes()).encoding == "big5hkscs"
    utf8 = ingest_paths([DATA], tmp_path / "utf8", IngestConfig())
    big5 = ingest_paths([tmp_path / "big5"], tmp_path / "from-big5", IngestConfig())
    assert not big5.problems
    assert [(a.headline, [p.text for p in a.paragraphs], a.people) for a in big5.articles] == [
        (a.headline, [p.text for p in a.paragraphs], a.people) for a in utf8.articles
    ]


@pytest.mark.slow
def test_traditional_question_set_passes(tmp_path: Path) -> None:
    assert_passes("qa_traditional.yaml", ingested(DATA, tmp_path))
