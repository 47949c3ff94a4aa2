"""/summary over the seed page and larger corpora: both forms, extractive sentences, the length limit."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from conftest import engine_of

from bot import engine as engine_module
from bot.answers.reply import Reply
from bot.answers.summary import ELLIPSIS, MAX_SENTENCES, Sentence, centrality, summary, trim
from bot.config import IngestConfig, RetrievalConfig, TemplatesConfig
from bot.corpus.models import Article, Paragraph, SourceSpan
from bot.ingestion.ingest import ingest_paths
from bot.search.retrieval import Retriever
from bot.text.terms import Tokenizer, split_sentences

TEMPLATES = TemplatesConfig()
LABEL = re.compile(r"^(?:\d+\. |· |(?:时间|地点|人物|决定|发言单位|相关报道)：)")


def summarise(articles: list[Article], query: str, tokenizer: Tokenizer) -> Reply:
    """/summary over these articles, with word rarity taken from their own index, as the engine does."""
    rarity = Retriever(articles, tokenizer, RetrievalConfig()).weight
    return summary(articles, query, TEMPLATES, tokenizer.words, rarity)


def quoted_pieces(line: str) -> list[str]:
    """The sentences (or trimmed parts of them) of a reply line that must be the article's own words."""
    return [p for sentence in split_sentences(LABEL.sub("", line)) for p in sentence.split(ELLIPSIS) if p]


def article_text(article: Article) -> str:
    return "".join(p.text for p in article.paragraphs)


def test_one_article_by_keyword_gives_decision_people_and_date(
    seed: list[Article], tokenizer: Tokenizer
) -> None:
    reply = summarise(seed, "主任会议", tokenizer)
    text = reply.text
    assert text.startswith("《市十五届人大常委会举行第四十九次主任会议》")
    assert "于4月27日召开" in text
    assert "时间：昨日" in text
    assert "人物：主持 市人大常委会主任胡荃；出席 党组书记周富强，副主任张春阳" in text
    assert "会议审议通过了《关于郑州市第十五届人民代表大会第五次会议召开时间的决定》。" in text
    assert re.search(r"^决定：.*(审议通过|于4月27日召开)", text, re.M)
    assert [s.article_id for s in reply.sources] == [seed[2].id]
    assert "昨日，市十五届人大常委会举行第四十九次主任会议。" not in text  # says no more than the headline


def test_session_dates_are_kept_exactly(seed: list[Article], tokenizer: Tokenizer) -> None:
    text = summarise(seed, "政协", tokenizer).text
    assert "决定政协郑州市第十四届委员会第五次会议于4月26日至28日举行。" in text


def test_one_article_by_number_with_enumeration_as_a_short_list(
    seed: list[Article], tokenizer: Tokenizer
) -> None:
    reply = summarise(seed, "1", tokenizer)
    text_lines = reply.text.splitlines()
    assert text_lines[:3] == [
        "《全市一季度经济运行分析暨疫情防控防汛工作会议召开》（4月24日）",
        "强化工作指挥棒 树牢实干风向标",  # the subtitles, the editor's summary, under the headline
        "铆足干劲奋勇争先 努力实现“双双过半”",
    ]
    points = text_lines[text_lines.index("要点：") + 1 :]
    assert points[:4] == [
        "· 一要扬优势、稳底盘",
        "· 二要抓创新、促提升",
        "· 三要优环境、激活力",
        "· 四要强招商、促投资",
    ]
    assert "地点：会议以视频形式召开，各开发区、县（市）区设分会场。" in text_lines
    assert any(line.startswith("发言单位：航空港区、金水区") for line in text_lines)
    for line in text_lines[3:]:
        if not line.startswith(("人物：", "发言单位：", "时间：", "要点：")):
            assert all(piece in article_text(seed[0]) for piece in quoted_pieces(line)), line


def test_keyword_found_only_in_the_body_and_related_articles(
    seed: list[Article], tokenizer: Tokenizer
) -> None:
    assert summarise(seed, "双双过半", tokenizer).text.startswith("《全市一季度经济运行")
    text = summarise(seed, "人大", tokenizer).text
    assert text.startswith("《市人大常委会召开党组（扩大）会议》")
    assert "相关报道：/summary 3 市十五届人大常委会举行第四十九次主任会议" in text


def test_summary_by_headline_words_shows_the_subtitle_and_full_width_punctuation(
    seed: list[Article], tokenizer: Tokenizer
) -> None:
    """/summary 经济运行 on the seed page: its subtitle under the headline, and the page's ASCII commas
    and brackets between Chinese characters read full-width in every line."""
    text = summarise(seed, "经济运行", tokenizer).text
    assert text.splitlines()[2] == "铆足干劲奋勇争先 努力实现“双双过半”"
    assert "4月24日，全市一季度经济运行" in text
    assert not re.search(r"[\u4e00-\u9fff][,:;?!()]|[,:;?!()][\u4e00-\u9fff]", text)


def test_a_headline_quoting_a_title_is_never_printed_in_doubled_book_brackets(tokenizer: Tokenizer) -> None:
    article = _page(3, 1).model_copy(update={"headline": "《青川新语》出版发行"})
    assert summarise([article], "1", tokenizer).text.startswith("《〈青川新语〉出版发行》")
    alone = article.model_copy(update={"headline": "《青川新语》"})
    assert summarise([alone], "1", tokenizer).text.startswith("《青川新语》")


def test_not_found_and_bad_numbers(seed: list[Article], tokenizer: Tokenizer) -> None:
    missing = summarise(seed, "地铁停运", tokenizer)
    assert not missing.found and missing.sources == [] and "地铁停运" in missing.text
    assert summarise(seed, "第2篇", tokenizer).text.startswith("《市人大常委会召开党组（扩大）会议》")
    bad = summarise(seed, "9", tokenizer)
    assert not bad.found and "/summary 4" in bad.text
    assert summarise([], "", tokenizer).text == TEMPLATES.no_news


def _page(day: int, n: int) -> Article:
    text = f"{day}日,第{n}场城市更新工作推进会召开,会议听取了第{n}片区老旧小区改造进展情况汇报,部署下一阶段工作。"
    return Article(
        id=f"d{day:02d}-{n:02d}",
        page=f"2024-05-{day:02d}",
        headline=f"第{n}场城市更新工作推进会召开",
        page_date=dt.date(2024, 5, day),
        date=dt.date(2024, 5, day),
        order=n,
        paragraphs=[
            Paragraph(text=text, source=SourceSpan(file="x", line_start=1, line_end=1)),
            Paragraph(
                text="会议要求,要加快项目建设。", source=SourceSpan(file="x", line_start=2, line_end=2)
            ),
        ],
    )


def test_trim_cuts_at_clause_ends_and_keeps_the_focus() -> None:
    sentence = "昨日,市政协召开主席会议,经常委会授权,决定第五次会议于4月26日至28日举行。"
    assert trim(sentence, 100) == sentence
    assert trim(sentence, 14) == "昨日,市政协召开主席会议……"
    assert trim(sentence, 30, re.compile("决定")) == "……决定第五次会议于4月26日至28日举行。"


def test_centrality_prefers_the_sentence_sharing_most_with_the_others() -> None:
    sentences = [
        Sentence("", 0, ["防汛", "工程"]),
        Sentence("", 0, ["防汛", "工程", "安全", "生产"]),
        Sentence("", 0, ["安全", "生产"]),
        Sentence("", 0, ["天气"]),
    ]
    scores = centrality(sentences)
    assert scores.argmax() == 1 and scores.argmin() == 3


ARCHIVE_PAGE = """区政府召开防汛工作推进会
——部署汛期重点任务

　　本报上海3月5日电（记者 周明 通讯员 李芳）3月5日，区政府召开防汛工作推进会，部署今年汛期重点任务。区委副书记、区长艾力更·依明巴海出席会议并讲话，副区长贺兰主持会议。
　　艾力更·依明巴海强调，要全力做好防汛准备。一是加快排水管网改造，确保5月底前完工；二是完善应急预案，开展实战演练；三是落实值班值守，确保信息畅通。
　　会议决定，于4月10日至12日开展全区防汛大检查。
　　会议在区应急指挥中心召开，各街道设分会场。
"""


def test_an_archive_article_of_another_paper(tmp_path: Path, tokenizer: Tokenizer) -> None:
    page = tmp_path / "pages" / "district.txt"
    page.parent.mkdir()
    page.write_text(ARCHIVE_PAGE, encoding="utf-8")
    articles = ingest_paths([page], tmp_path / "corpus", IngestConfig()).articles
    text = summarise(articles, "防汛", tokenizer).text
    lines = text.splitlines()
    assert lines[0] == "《区政府召开防汛工作推进会》（3月5日）"
    assert "人物：出席并讲话 区委副书记、区长艾力更·依明巴海；主持 副区长贺兰" in lines
    assert "决定：会议决定，于4月10日至12日开展全区防汛大检查。" in lines
    assert "地点：会议在区应急指挥中心召开，各街道设分会场。" in lines
    points = lines[lines.index("要点：") + 1 :]
    assert points[:3] == ["· 一是加快排水管网改造", "· 二是完善应急预案", "· 三是落实值班值守"]


def test_engine_routes_summary(seed: list[Article], tokenizer: Tokenizer) -> None:
    engine = engine_of(seed, tokenizer)
    day = engine.reply("/summary")  # no argument: the day at a glance (tests/test_digest.py)
    assert day.buttons and [line.split(". ", 1)[1] for line in day.text.splitlines() if ". " in line] == [
        a.headline for a in seed
    ]
    assert "4月26日至28日举行" in engine.reply("/summary@newsbot 政协").text


def long_article(sentences: int) -> Article:
    """One article of ``sentences`` invented sentences, fifty to a paragraph."""
    span = SourceSpan(file="long.txt", line_start=1, line_end=1)
    texts = [f"第{i}项工作要推进城市更新和产业升级，落实第{i % 97}号文件的要求。" for i in range(sentences)]
    paragraphs = [Paragraph(text="".join(texts[i : i + 50]), source=span) for i in range(0, sentences, 50)]
    return Article(
        id="long-01", page="long", headline="长篇报道：城市更新工作推进会召开", paragraphs=paragraphs
    )


def test_summary_of_a_very_long_article_costs_a_bounded_amount(tokenizer: Tokenizer) -> None:
    """/summary N on a 250,000-sentence article: a bounded number of sentences is read and ranked (it was
    a dense N×N similarity: minutes, then a MemoryError)."""
    cut: list[str] = []

    def counting(text: str) -> list[str]:
        cut.append(text)
        return tokenizer.words(text)

    article = long_article(250_000)
    reply = summary([article], "1", TEMPLATES, counting, lambda word: 1.0)
    assert reply.found and reply.text.startswith("《长篇报道：城市更新工作推进会召开》")
    assert len(cut) <= MAX_SENTENCES


def test_centrality_is_the_textrank_of_the_shared_words() -> None:
    sentences = [
        Sentence("a", 0, ["城市", "更新"]),
        Sentence("b", 0, ["城市", "产业"]),
        Sentence("c", 0, ["天气"]),
    ]
    rank = centrality(sentences)
    assert rank[0] == pytest.approx(rank[1]) and rank[2] < rank[0]
    assert rank.sum() == pytest.approx(1.0)


def test_summary_replies_are_remembered_per_engine(
    tokenizer: Tokenizer, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = engine_of([long_article(3000)], tokenizer)
    made: list[str] = []

    def counting(articles: object, request: str, *args: object, **kwargs: object) -> Reply:
        made.append(request)
        return summary(articles, request, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(engine_module, "summary", counting)
    first = engine.reply("/summary 1")
    again = engine.reply("/summary 1")
    assert again == first and len(made) == 1
    again.blocks.clear()  # a door changing its copy changes nothing for the next reader
    assert engine.reply("/summary 1") == first


def test_a_keyword_summary_looks_the_keyword_up_in_the_index(tokenizer: Tokenizer) -> None:
    """A keyword that names no headline is looked up through the index (``find``), not by reading articles."""

    found = long_article(60)
    other = Article(
        id="other-01",
        page="other",
        headline="市园林局召开绿化工作会议",
        paragraphs=[
            Paragraph(
                text="会议要求，今年全市新增绿地面积不少于三百万平方米。", source=found.paragraphs[0].source
            )
        ],
    )
    asked: list[str] = []

    def find(query: str) -> list[str]:
        asked.append(query)
        return ["other-01"]

    reply = summary([found, other], "绿地面积", TEMPLATES, tokenizer.words, lambda word: 1.0, find)
    assert asked == ["绿地面积"] and reply.text.startswith("《市园林局召开绿化工作会议》")
    engine = engine_of([found, other], tokenizer)
    assert engine.reply("/summary 新增绿地").text.startswith("《市园林局召开绿化工作会议》")
    assert engine.reply("/summary 火星探测").text.startswith("没有找到与“火星探测”相关的新闻")


def test_commands_are_cut_like_questions(tokenizer: Tokenizer) -> None:
    engine = engine_of([long_article(60)], tokenizer)
    for command in ("/who ", "/summary "):
        reply = engine.reply(command + "某" * 100_000)
        assert "某" * 301 not in reply.text
