"""Ingestion: the seed page, the archive form, encodings, cut paragraphs, bad files, the written corpus."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest

from bot.config import IngestConfig
from bot.corpus.models import Article, load_corpus
from bot.doors.cli import main
from bot.ingestion.bylines import BYLINE, CREDIT_LINE, reporters_of
from bot.ingestion.dates import DATELINE, resolve_date
from bot.ingestion.decode import UndecodableFile, decode_bytes
from bot.ingestion.headlines import choose_headline
from bot.ingestion.ingest import ingest_paths
from bot.ingestion.lines import ends_sentence, split_lines
from bot.ingestion.page import segment
from bot.ingestion.paragraphs import paragraphs_of

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_09621e14e5a96519.txt"
DATA = Path(__file__).resolve().parent / "data" / "ingest"
SEED_TEXT = SEED.read_text(encoding="utf-8")


def ingest(tmp_path: Path, *paths: Path) -> tuple[list[Article], list[str]]:
    report = ingest_paths(list(paths), tmp_path / "corpus", IngestConfig())
    return report.articles, [f"{p.file}: {p.reason}" for p in report.problems]


def ingest_text(tmp_path: Path, name: str, text: str) -> tuple[list[Article], list[str]]:
    """Ingest one page written as ``in/NAME`` (UTF-8)."""
    page = tmp_path / "in" / name
    page.parent.mkdir(exist_ok=True)
    page.write_text(text, encoding="utf-8")
    return ingest(tmp_path, page)


@pytest.fixture(scope="module")
def seed_articles(tmp_path_factory: pytest.TempPathFactory) -> list[Article]:
    articles, problems = ingest(tmp_path_factory.mktemp("seed"), SEED)
    assert problems == []
    return articles


# ---- the seed page ---------------------------------------------------------------------------------


def test_seed_gives_four_articles_with_headlines_and_reporters(seed_articles: list[Article]) -> None:
    summary = [(a.headline, a.reporters, a.follows) for a in seed_articles]
    assert summary == [
        ("全市一季度经济运行分析暨疫情防控防汛工作会议召开", ["陈锋", "张昕"], None),
        ("市人大常委会召开党组（扩大）会议", ["董艳竹"], None),
        ("市十五届人大常委会举行第四十九次主任会议", ["董艳竹"], "seeds.000_09621e14e5a96519-02"),
        ("市政协召开十四届三十五次主席会议", ["赵文静"], None),
    ]
    assert [a.id for a in seed_articles] == [f"seeds.000_09621e14e5a96519-{n:02d}" for n in range(1, 5)]
    assert [a.order for a in seed_articles] == [1, 2, 3, 4]


def test_seed_headline_lines_split_into_headline_and_subtitles(seed_articles: list[Article]) -> None:
    first = seed_articles[0]
    assert first.kicker is None
    assert first.subtitles == ["强化工作指挥棒 树牢实干风向标", "铆足干劲奋勇争先 努力实现“双双过半”"]
    assert first.byline == "本报讯（郑报全媒体记者 陈锋 张昕）"
    assert seed_articles[2].byline == "又讯（郑报全媒体记者 董艳竹）"


def test_seed_datelines_as_written_and_unresolved_without_page_date(seed_articles: list[Article]) -> None:
    assert [a.dateline for a in seed_articles] == ["4月24日", "昨日", "昨日", "昨日"]
    assert all(a.date is None and a.page_date is None for a in seed_articles)
    assert {a.publication for a in seed_articles} == {"郑州日报"}


def test_seed_cut_paragraphs_are_repaired(seed_articles: list[Article]) -> None:
    texts = {a.headline[:4]: [p.text for p in a.paragraphs] for a in seed_articles}
    cppcc = texts["市政协召"]
    assert cppcc[0].endswith(
        "经政协郑州市第十四届委员会常务委员会第二十一次会议授权，决定政协郑州市第十四届委员会第五次会议于4月26日至28日举行。"
    )
    assert cppcc[1].startswith("会议审议通过了关于召开政协郑州市第十四届委员会第五次会议的决定")
    assert len(cppcc) == 2
    assert "把会议精神贯彻落实到人大工作全过程各方面" in texts["市人大常"][-1]
    assert "推动资源要素保障向为全市发展作出贡献的单位和干部倾斜。要坚决" in texts["全市一季"][4]
    assert "畅通商贸消费" in texts["全市一季"][5]


def test_seed_every_paragraph_whole_and_no_headline_in_a_body(seed_articles: list[Article]) -> None:
    printed = [line for a in seed_articles if a.follows is None for line in (a.headline, *a.subtitles)]
    for article in seed_articles:
        for paragraph in article.paragraphs:
            assert ends_sentence(paragraph.text), paragraph.text
            # A body may repeat its own headline in its lead sentence, never carry another one.
            assert not any(line in paragraph.text for line in printed if line != article.headline)
            assert not paragraph.text.startswith(("本报讯", "又讯"))
    assert [len(a.paragraphs) for a in seed_articles] == [9, 3, 2, 2]


def test_seed_paragraph_sources_are_file_and_line_spans(seed_articles: list[Article]) -> None:
    spans = [(p.source.line_start, p.source.line_end) for p in seed_articles[3].paragraphs]
    assert spans == [(51, 55), (57, 59)]
    assert seed_articles[0].paragraphs[4].source.model_dump() == {
        "file": "seeds/000_09621e14e5a96519.txt",
        "line_start": 17,
        "line_end": 19,
    }


def test_sidecar_gives_publication_and_resolves_dates(tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    shutil.copy(SEED, pages / "p3.txt")
    (pages / "p3.meta.yaml").write_text("publication: 测试日报\ndate: 2022-04-25\n", encoding="utf-8")
    articles, problems = ingest(tmp_path, pages)
    assert problems == []
    assert [a.date for a in articles] == [dt.date(2022, 4, 24)] * 4
    assert {(a.publication, a.page_date) for a in articles} == {("测试日报", dt.date(2022, 4, 25))}


# ---- the archive form and the encodings ------------------------------------------------------------


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[Article]]:
    articles, problems = ingest(tmp_path_factory.mktemp("pages"), DATA / "pages")
    assert problems == []
    by_page: dict[str, list[Article]] = {}
    for article in articles:
        by_page.setdefault(article.page, []).append(article)
    return by_page


def test_archive_form_kicker_headline_subtitle_and_byline(pages: dict[str, list[Article]]) -> None:
    (article,) = pages["archive_renmin"]
    assert article.kicker == "坚持稳中求进\u3000推动高质量发展"
    assert article.headline == "全国春耕备耕工作会议在京召开"
    assert article.subtitles == ["——部署今年粮食生产任务"]
    assert article.byline == "本报北京2月27日电（记者 王小明 李红）"
    assert article.reporters == ["王小明", "李红"]
    assert (article.dateline, article.date) == ("2月27日", dt.date(2023, 2, 27))
    assert (article.publication, article.page_date) == ("人民日报", dt.date(2023, 2, 28))


def test_archive_form_indented_paragraphs_wrap_and_intertitle(pages: dict[str, list[Article]]) -> None:
    (article,) = pages["archive_renmin"]
    texts = [p.text for p in article.paragraphs]
    assert texts[0].startswith("2月27日，全国春耕备耕工作会议在北京召开。")
    assert (
        texts[1]
        == "会议指出，今年粮食生产要稳面积、增单产，确保粮食产量保持在1.3万亿斤以上。各地要压实责任，把任务落实到地块。"
    )
    assert texts[2] == "一、抓好种子供应"  # a numbered intertitle stays apart from the next paragraph
    assert texts[3] == "各地要加强种子质量监管，确保春播用种充足。"
    assert [(p.source.line_start, p.source.line_end) for p in article.paragraphs][:2] == [(5, 5), (6, 7)]


def test_gb18030_crlf_xinhua_byline(pages: dict[str, list[Article]]) -> None:
    (article,) = pages["xinhua_gbk"]
    assert article.headline == "国际组织积极评价中国粮食生产成就"
    assert article.byline == "新华社北京5月21日电（记者 张喆 刘芳）"
    assert article.reporters == ["张喆", "刘芳"]  # 喆 is outside GB2312: the file is GBK/GB18030
    assert article.dateline == "5月21日" and article.date is None
    assert [(p.source.line_start, p.text[:6]) for p in article.paragraphs] == [
        (3, "联合国粮农组"),
        (5, "这位官员说，"),
    ]


def test_utf8_bom_crlf_page_with_header_date_and_follow_on(pages: dict[str, list[Article]]) -> None:
    first, follow, weather = pages["page_bom_crlf"]
    assert first.headline == "市农业农村局召开春季农业生产推进会"
    assert first.reporters == ["周明"]  # 通讯员 郭亮 is not a reporter
    assert first.page_date == dt.date(2023, 3, 2)  # from the page header line
    assert [p.text for p in first.paragraphs] == [
        "昨日，市农业农村局召开春季农业生产推进会，部署全市春耕生产工作。会议要求，各县（市）区要抓好小麦田间管理，"
        "确保夏粮丰收。会议还通报了第十二批市级农业产业化重点龙头企业名单。",
        "会议强调，要抓好农资供应，加强农资市场监管，坚决打击假冒伪劣农资。",
    ]
    assert (follow.headline, follow.follows, follow.date) == (
        "市农业农村局举行农机安全生产培训班",
        first.id,
        dt.date(2023, 3, 1),
    )
    assert weather.headline == "市气象台发布春播气象服务专报"
    assert [p.text for p in follow.paragraphs] == [
        "昨日，市农业农村局举行农机安全生产培训班。来自各县（市）区的农机手参加培训。"
    ]


def test_pdf_page_with_kicker_photo_item_and_commentary(pages: dict[str, list[Article]]) -> None:
    continued, meeting, photo, commentary = pages["page_pdf_mixed"]
    # Text continued from another page is kept, as an article of its own, never glued to the next one.
    assert [p.text for p in continued.paragraphs] == ["着力推动高质量发展，确保全年目标任务圆满完成。"]
    assert continued.furniture == ["line 1: （上接第一版）", "line 25: （下转第二版）"]
    assert (meeting.kicker, meeting.headline, meeting.subtitles) == (
        "聚焦“三标”活动 推动工作落实",
        "市委常委会召开会议",
        ["研究部署近期重点工作"],
    )
    assert meeting.paragraphs[0].text.endswith(
        "要把“三标”活动作为推动工作落实的重要抓手，确保各项工作取得实效。"
    )
    assert (meeting.paragraphs[0].source.line_start, meeting.paragraphs[0].source.line_end) == (7, 9)
    # A photo item without a byline: its headline, its caption, its photographer's credit.
    assert (photo.headline, photo.byline, photo.reporters, photo.dateline) == (
        "春日郑州",
        "郑报全媒体记者 刘佳 摄",
        ["刘佳"],
        "4月27日",
    )
    assert [p.text for p in photo.paragraphs] == ["4月27日，市民在郑州植物园赏花。"]
    assert (commentary.headline, commentary.byline, commentary.reporters) == (
        "以实干实绩迎接党代会",
        "□本报评论员",
        [],
    )
    # The jump mark is gone; the sentence continues on another page, so it stays unfinished.
    assert commentary.paragraphs[-1].text == "面对新形势新任务，我们要保持定力、奋勇争先，"


def test_trailing_credit_closes_the_article(pages: dict[str, list[Article]]) -> None:
    (article,) = pages["trailing_credit"]
    assert (article.headline, article.byline, article.reporters) == (
        "市民公园春季花展开幕",
        "（记者 孙悦）",
        ["孙悦"],
    )
    assert (article.dateline, article.date) == ("近日", None)
    assert [p.source.line_start for p in article.paragraphs] == [3, 4]


def test_evening_paper_page_of_items_with_end_credits(pages: dict[str, list[Article]]) -> None:
    """A whole page of short items (every line shifted right): a header of several lines, items closed by
    an end credit, an item printed with only an end credit, consecutive 本报讯/又讯 items without
    headlines, 晚报讯, and a photo caption with its credit -- every item on its own, no text lost."""
    articles = pages["page_evening"]
    assert [(a.headline, a.reporters) for a in articles] == [
        ("老街改造完成过半", ["罗青"]),
        ("夜间公交新增两条线路", ["蒋川"]),
        ("社区食堂日均就餐800人次", ["罗青"]),
        ("区政协召开十届九次主席会议", []),
        ("区人大常委会召开主任会议", []),
        ("游泳馆暑期开放时间延长", []),  # 罗青 took the photo; the text is not credited
    ]
    assert {(a.publication, a.page_number, a.section, a.page_date) for a in articles} == {
        ("青川晚报", 5, "城事", dt.date(2024, 6, 4))
    }
    assert [p.text[:8] for a in articles for p in a.paragraphs] == [
        "6月3日，记者从", "6月3日起，城区", "全区首家社区长者", "6月3日，区政协", "6月3日，区人大", "记者昨天从区体育",
        "6月3日，小朋友",  # the photo's caption, after the text
    ]  # fmt: skip
    assert articles[-1].captions == ["6月3日，小朋友在滨河公园体验非遗泥塑。"]
    assert articles[0].furniture == ["line 1: 青川晚报", "line 3: A05 城事 2024年6月4日 星期二 责任编辑 何丽"]


def test_blocks_of_brief_items_give_one_article_each(pages: dict[str, list[Article]]) -> None:
    """新闻速览 items (headline and text on one line), 简讯 items (本报讯/又讯 without headlines) and 体育短波
    bullets are articles of their own, the block's label their column; the block ends at the next report."""
    articles = pages["page_briefs"]
    assert [(a.headline, a.column) for a in articles] == [
        ("城西净水厂二期投产", None),
        ("全市中考报名人数4.1万人", "新闻速览"),
        ("青川书展6月8日开幕", "新闻速览"),
        ("市政协召开十届二十次主席会议", "简讯"),
        ("市人大常委会召开党组会议", "简讯"),
        ("市青少年足球联赛6月15日开赛", "体育短波"),
        ("市游泳馆暑期每天开放至22时", "体育短波"),
        ("城东新建口袋公园5座", None),
    ]
    assert [p.text[:8] for p in articles[1].paragraphs] == ["记者从市教育局获"]
    assert articles[-1].reporters == ["柯蓝"]


def test_decode_accepts_the_encodings_and_names_the_reason_otherwise() -> None:
    text = "标题\r\n正文。\r\n"
    for data in (text.encode("utf-8"), b"\xef\xbb\xbf" + text.encode("utf-8"), text.encode("gb18030")):
        assert decode_bytes(data).text == "标题\n正文。\n"
    assert decode_bytes(text.encode("gbk")).encoding == "gb18030"
    assert decode_bytes("\ufeff标题\n".encode("utf-16-le")).text == "标题\n"
    for data, reason in [
        (b"", "empty file (0 bytes)"),
        (b"\xef\xbb\xbf \n", "empty file"),
        (b"abc\x00def", "binary"),
        (b"\x01\x02\x03\x04text" * 3, "binary"),
        (b"caf\xe9 ok", "not UTF-8 or GB18030/GBK text (byte 0xe9 at offset 3)"),
        (SEED_TEXT.encode("big5", errors="replace"), "Big5 or another encoding"),
    ]:
        with pytest.raises(UndecodableFile, match=reason.replace("(", r"\(").replace(")", r"\)")):
            decode_bytes(data)


def test_bad_files_are_reported_by_name_and_the_rest_ingested(tmp_path: Path) -> None:
    articles, problems = ingest(tmp_path, DATA / "mixed", tmp_path / "missing.txt")
    assert problems == [
        f"{tmp_path.name}/missing.txt: no such file or folder",
        "mixed/blank.txt: skipped: empty file (no text, utf-8)",
        "mixed/empty.txt: skipped: empty file (0 bytes)",
        "mixed/good.txt: sidecar good.meta.yaml: day is out of range for month; page ingested without it",
        "mixed/image.png: skipped: binary file (contains NUL bytes)",
        "mixed/latin1.txt: skipped: not UTF-8 or GB18030/GBK text (byte 0xe9 at offset 3)",
    ]
    assert [(a.id, a.headline, a.reporters) for a in articles] == [
        ("mixed.good-01", "市图书馆延长开放时间", ["林娜"])
    ]
    assert sorted(p.name for p in (tmp_path / "corpus").glob("*.json")) == ["mixed.good-01.json"]


# ---- rules in isolation ----------------------------------------------------------------------------


def test_sentence_end_judged_with_closing_marks() -> None:
    assert ends_sentence("努力实现“半年红、全年稳”。")
    assert ends_sentence("他说：“要抓好落实。”")
    assert ends_sentence("是这样吗？）")
    assert not ends_sentence("政协郑州市第十")
    assert not ends_sentence("会议（扩大）")
    assert not ends_sentence("4月26")


def test_headline_is_never_glued_to_a_body() -> None:
    lines = split_lines(
        "第一篇标题\n\n本报讯(记者 甲乙)昨日,会议召开。会议要求\n\n第二篇标题\n\n本报讯(记者 丙丁)今日,活动举行。\n"
    )
    raws = segment(lines)
    assert [[h.text for h in raw.headline_lines] for raw in raws] == [["第一篇标题"], ["第二篇标题"]]
    assert [line.text for line in raws[0].body] == []


def test_choose_headline_prefers_the_event_line_over_spaced_kickers() -> None:
    assert choose_headline(["奋进新征程 建功新时代", "全市教育大会召开", "——市长出席并讲话"]) == 1
    assert choose_headline(["强化工作指挥棒 树牢实干风向标", "全市工作会议召开"]) == 1
    assert choose_headline(["只有一行标题"]) == 0
    assert choose_headline(["郑州地铁6号线开通", "全长约29公里，共设车站16座"]) == 0
    assert choose_headline(["聚焦“三标”活动", "安伟到金水区调研", "强调要抓好重点项目建设"]) == 1


def test_spaced_intertitle_kept_and_cut_line_joined() -> None:
    lines = split_lines("会议指出,要抓好\n\n落实。\n\n聚焦重点 精准发力\n\n各地要行动起来。\n")
    assert [p.text for p in paragraphs_of(lines, "x.txt")] == [
        "会议指出，要抓好落实。",
        "聚焦重点 精准发力",
        "各地要行动起来。",
    ]


@pytest.mark.parametrize(
    ("line", "byline", "date"),
    [
        ("本报北京2月27日电（记者 王小明）2月27日，", "本报北京2月27日电（记者 王小明）", "2月27日"),
        ("新华社北京5月21日电\u3000世界卫生组织", "新华社北京5月21日电", "5月21日"),
        ("据新华社电 据报道", "据新华社电", None),
        ("郑州晚报讯 昨日，", "郑州晚报讯", None),
        ("本报讯（通讯员 赵六 记者 王五）昨日，", "本报讯（通讯员 赵六 记者 王五）", None),
        ("本报南江4月10日讯（记者王芳）老城区", "本报南江4月10日讯（记者王芳）", "4月10日"),
        ("本报讯 通讯员 李强 记者 王芳 报道：4月10日，", "本报讯 通讯员 李强 记者 王芳 报道：", None),
        ("【南江日报讯 记者 王芳】4月10日，", "南江日报讯 记者 王芳", None),
        ("本报记者近日从市电力公司获悉，", None, None),
        ("本报记者电话采访了多位市民。", None, None),
    ],
)
def test_byline_forms(line: str, byline: str | None, date: str | None) -> None:
    match = BYLINE.match(line)
    found = (match.group("byline").strip("\u3000 "), match.group("date")) if match else None
    assert found == ((byline, date) if byline else None)


@pytest.mark.parametrize(
    ("line", "credit"),
    [
        ("文/图 本报记者 王芳", "本报记者 王芳"),
        ("■本报记者 王芳 通讯员 李强 文/图", "本报记者 王芳 通讯员 李强"),
        ("首席记者 王芳", "首席记者 王芳"),
        ("记者手记", None),
    ],
)
def test_credit_lines_with_text_and_photo_marks(line: str, credit: str | None) -> None:
    match = CREDIT_LINE.match(line)
    assert (match.group("credit") if match else None) == credit


def test_reporters_from_credit_forms() -> None:
    assert reporters_of("郑报全媒体记者 陈锋 张昕") == ["陈锋", "张昕"]
    assert reporters_of("记者 王五 通讯员 赵六") == ["王五"]
    assert reporters_of("记者 郑  洁 黄志强") == ["郑洁", "黄志强"]  # a name padded with spaces
    assert reporters_of("记者 李四、周五") == ["李四", "周五"]
    assert reporters_of("记者张三") == ["张三"]
    assert reporters_of("通讯员 赵六") == []
    assert reporters_of(None) == []


@pytest.mark.parametrize(
    ("text", "page_date", "expected"),
    [
        ("昨日,会议召开", dt.date(2022, 4, 25), dt.date(2022, 4, 24)),
        ("今天上午", dt.date(2022, 4, 25), dt.date(2022, 4, 25)),
        ("4月24日,会议召开", dt.date(2022, 4, 25), dt.date(2022, 4, 24)),
        ("12月31日,会议召开", dt.date(2023, 1, 2), dt.date(2022, 12, 31)),
        ("2021年3月5日,会议召开", None, dt.date(2021, 3, 5)),
        ("昨日,会议召开", None, None),
        ("近日,会议召开", dt.date(2022, 4, 25), None),
        ("2月30日,会议召开", dt.date(2022, 4, 25), None),
        ("24日,会议召开", dt.date(2022, 4, 25), dt.date(2022, 4, 24)),
        ("26日,会议召开", dt.date(2022, 4, 25), dt.date(2022, 3, 26)),
        ("24日,会议召开", None, None),
        ("0日,会议召开", dt.date(2022, 4, 25), None),
    ],
)
def test_resolve_date(text: str, page_date: dt.date | None, expected: dt.date | None) -> None:
    match = DATELINE.match(text)
    assert match is not None
    assert resolve_date(match, page_date) == expected


# ---- output ----------------------------------------------------------------------------------------


def test_output_is_readable_json_and_rerunning_changes_no_file(tmp_path: Path) -> None:
    out = tmp_path / "corpus"
    first = ingest_paths([SEED], out, IngestConfig())
    assert len(first.written) == 4
    raw = (out / "seeds.000_09621e14e5a96519-01.json").read_text(encoding="utf-8")
    assert "全市一季度经济运行分析" in raw and "\\u" not in raw
    assert Article.model_validate(json.loads(raw)).reporters == ["陈锋", "张昕"]
    mtimes = {p: p.stat().st_mtime_ns for p in out.glob("*.json")}
    again = ingest_paths([SEED], out, IngestConfig())
    assert again.written == [] and again.removed == [] and again.cached_files == 1
    assert {p: p.stat().st_mtime_ns for p in out.glob("*.json")} == mtimes
    assert len(load_corpus(out).articles) == 4
    folder = tmp_path / "seeds"
    folder.mkdir()
    shutil.copy(SEED, folder / SEED.name)
    shutil.copy(SEED.with_suffix(".meta.yaml"), folder / SEED.with_suffix(".meta.yaml").name)
    twice = ingest_paths([folder, folder / SEED.name], out, IngestConfig())  # the same file named twice
    assert (twice.files_read, len(twice.articles), twice.problems, twice.written) == (1, 4, [], [])


def test_a_file_in_the_seeds_folder_has_one_id_however_it_is_named(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    (seeds / "2024" / "03").mkdir(parents=True)
    page = seeds / "2024" / "03" / "p1.txt"
    shutil.copy(SEED, page)
    ids = [
        sorted(a.id for a in ingest_paths([named], tmp_path / f"out{n}", IngestConfig(), seeds).articles)
        for n, named in enumerate([seeds, seeds / "2024", page])
    ]
    assert ids[0][0] == "seeds.2024.03.p1-01" and ids[0] == ids[1] == ids[2]


def test_stale_articles_of_a_reingested_page_are_removed(tmp_path: Path) -> None:
    out = tmp_path / "corpus"
    page = tmp_path / "in" / "p.txt"
    page.parent.mkdir()
    page.write_text(
        "甲标题\n\n本报讯(记者 甲乙)昨日,甲。\n\n乙标题\n\n本报讯(记者 丙丁)昨日,乙。\n", encoding="utf-8"
    )
    (out).mkdir()
    (out / "other-01.json").write_text("{}", encoding="utf-8")
    assert len(ingest_paths([page], out, IngestConfig()).written) == 2
    page.write_text("甲标题\n\n本报讯(记者 甲乙)昨日,甲。\n", encoding="utf-8")
    report = ingest_paths([page], out, IngestConfig())
    assert [p.name for p in report.removed] == ["in.p-02.json"]
    assert sorted(p.name for p in out.glob("*.json")) == ["in.p-01.json", "other-01.json"]


def test_cli_ingest_reports_counts_and_problems(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "corpus"
    assert main(["ingest", str(DATA / "mixed"), "--out", str(out)]) == 0
    captured = capsys.readouterr()
    assert (
        "1 file(s) read (0 unchanged), 1 article(s), 0 duplicate(s) merged, 0 furniture line(s) set apart, "
        f"5 problem(s); 1 file(s) written to {out}"
    ) in captured.out
    assert "mixed/image.png: skipped: binary file (contains NUL bytes)" in captured.err
    assert main(["ingest", str(DATA / "mixed" / "empty.txt"), "--out", str(out)]) == 1


def test_unsigned_item_under_its_headline_is_an_article_of_its_own(tmp_path: Path) -> None:
    articles, problems = ingest_text(
        tmp_path,
        "brief.txt",
        "全市春季植树活动启动\n\n本报讯(记者 甲乙)昨日,全市春季植树活动启动。会议要求抓好\n\n"
        "落实。\n\n市民公园春季花展开幕\n\n近日,市民公园春季花展开幕。花展持续至4月底。\n",
    )
    assert problems == []
    assert [(a.headline, a.byline, [p.text for p in a.paragraphs]) for a in articles] == [
        ("全市春季植树活动启动", "本报讯（记者 甲乙）", ["昨日，全市春季植树活动启动。会议要求抓好落实。"]),
        ("市民公园春季花展开幕", None, ["近日，市民公园春季花展开幕。花展持续至4月底。"]),
    ]


def test_archive_kicker_that_mentions_a_reporter_is_no_byline(tmp_path: Path) -> None:
    (article,) = ingest_text(
        tmp_path,
        "note.txt",
        "新华社记者手记\n在春天的田野上奔跑\n\u3000\u3000新华社郑州3月5日电（记者 张三）清晨，麦田里一片忙碌。\n"
        "\u3000\u3000农民们说：“今年要多打粮。”\n又一句接着写。\n\u3000\u3000最后一段。\n",
    )[0]
    assert (article.kicker, article.headline, article.reporters) == (
        "新华社记者手记",
        "在春天的田野上奔跑",
        ["张三"],
    )
    assert article.dateline == "3月5日"
    # In an indented file an unindented line continues the paragraph above, even after a full stop.
    assert [p.text for p in article.paragraphs] == [
        "清晨，麦田里一片忙碌。",
        "农民们说：“今年要多打粮。”又一句接着写。",
        "最后一段。",
    ]


def _signature(articles: list[Article]) -> list[tuple[object, ...]]:
    return [
        (
            a.headline,
            a.kicker,
            a.subtitles,
            a.reporters,
            a.dateline,
            a.follows,
            [p.text for p in a.paragraphs],
        )
        for a in articles
    ]


HEADLINE_STARTS = ("全市一季度", "强化工作", "铆足干劲奋勇", "市人大常委会召开", "市政协召开")


@pytest.mark.parametrize(
    "variant",
    [
        SEED_TEXT.replace("\n", "\r\n").encode("gb18030"),
        b"\xef\xbb\xbf" + SEED_TEXT.encode("utf-8"),
        "\n".join(line for line in SEED_TEXT.split("\n") if line.strip()).encode("utf-8"),
        "\n\n".join(SEED_TEXT.split("\n")).encode("utf-8"),
        "\n".join(f"{line}  " for line in SEED_TEXT.split("\n")).encode("utf-8"),
        "\n".join(
            line if not line.strip() or line.startswith(HEADLINE_STARTS) else "\u3000\u3000" + line
            for line in SEED_TEXT.split("\n")
        ).encode("utf-8"),
    ],
    ids=[
        "gb18030-crlf",
        "utf8-bom",
        "no-blank-lines",
        "double-blank-lines",
        "trailing-spaces",
        "indented-body",
    ],
)
def test_seed_layout_and_encoding_variants_give_the_same_articles(
    tmp_path: Path, variant: bytes, seed_articles: list[Article]
) -> None:
    page = tmp_path / "in" / "page.txt"
    page.parent.mkdir()
    page.write_bytes(variant)
    articles, problems = ingest(tmp_path, page)
    assert problems == []
    expected = [
        a.model_copy(
            update={"follows": a.follows and a.follows.replace("seeds.000_09621e14e5a96519", "in.page")}
        )
        for a in seed_articles
    ]
    assert _signature(articles) == _signature(expected)


def test_jump_marks_and_editor_lines_are_kept_out_and_reported(tmp_path: Path) -> None:
    articles, problems = ingest_text(
        tmp_path,
        "front.txt",
        "全市重点项目集中开工\n\n本报讯(记者 甲乙)昨日,全市重点项目集中开工,总投资(下转第二版)\n\n"
        "520亿元。\n\n（下转第二版）\n\n责任编辑：王五\n",
    )
    assert [p.text for p in articles[0].paragraphs] == ["昨日，全市重点项目集中开工，总投资520亿元。"]
    assert problems == []
    assert articles[0].furniture == [
        "line 3: （下转第二版）",
        "line 7: （下转第二版）",
        "line 9: 责任编辑：王五",
    ]


def test_archive_metadata_lines_date_the_page_and_stay_out_of_headlines(tmp_path: Path) -> None:
    articles, problems = ingest_text(
        tmp_path,
        "web.txt",
        "郑州东站日均发送旅客创新高\n2023-05-21 10:23:45\u3000来源：郑州日报\n"
        "\u3000\u3000本报讯（记者 周明）昨日，郑州东站发送旅客12万人次。\n责任编辑：李四\n",
    )
    (article,) = articles
    assert (article.headline, article.subtitles, article.reporters) == (
        "郑州东站日均发送旅客创新高",
        [],
        ["周明"],
    )
    assert (article.page_date, article.date) == (dt.date(2023, 5, 21), dt.date(2023, 5, 20))
    assert [p.text for p in article.paragraphs] == ["昨日，郑州东站发送旅客12万人次。"]
    assert problems == []
    assert article.furniture == ["line 2: 2023-05-21 10:23:45\u3000来源：郑州日报", "line 4: 责任编辑：李四"]


def test_non_ascii_page_names_get_stable_distinct_ids_and_their_sidecar(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("郑州日报0425", "郑州晚报0425"):
        (folder / f"{name}.txt").write_text(
            f"标题\n\n本报讯(记者 甲乙)昨日,{name}会议召开。\n", encoding="utf-8"
        )
    (folder / "郑州晚报0425.meta.yaml").write_text(
        "publication: 郑州晚报\ndate: 2022-04-25\nedition: A2\n", encoding="utf-8"
    )
    articles, problems = ingest(tmp_path, folder)
    ids = [a.id for a in articles]
    assert len(set(ids)) == 2 and all(i.startswith("in.0425_") and i.endswith("-01") for i in ids)
    assert [a.page for a in articles] == ["郑州日报0425", "郑州晚报0425"]
    assert ids == [a.id for a in ingest(tmp_path, folder)[0]]
    assert problems == [
        "in/郑州晚报0425.txt: sidecar 郑州晚报0425.meta.yaml: edition: Extra inputs are not permitted; "
        "page ingested without it"
    ]


def test_unbracketed_byline_gives_reporters_and_leaves_the_body_clean(tmp_path: Path) -> None:
    articles, problems = ingest_text(
        tmp_path,
        "loose.txt",
        "我市启动“春风行动”\n\n本报讯 记者 王丽 通讯员 李强 2月18日，“春风行动”启动仪式举行。\n\n"
        "市民公园花展开幕\n\n本报讯 记者 赵六 昨日，市民公园花展开幕。\n",
    )
    assert problems == []
    assert [(a.reporters, a.dateline, a.paragraphs[0].text) for a in articles] == [
        (["王丽"], "2月18日", "2月18日，“春风行动”启动仪式举行。"),
        (["赵六"], "昨日", "昨日，市民公园花展开幕。"),
    ]


def test_event_day_in_the_first_sentence_dates_the_article(pages: dict[str, list[Article]]) -> None:
    """A day the first sentence gives after its subject (``市供电公司11日发布``, ``柯明远10日介绍``,
    ``记者昨天从…获悉``) dates the article against the page date; a day ahead (``将于6月20日起``) does not."""
    articles = pages["page_event_days"]
    assert [(a.headline[:6], a.date) for a in articles] == [
        ("前5月全市工", dt.date(2024, 6, 11)),
        ("5月末全市存", dt.date(2024, 6, 10)),
        ("城东图书馆新", dt.date(2024, 6, 11)),
        ("夏季用电高峰", None),
    ]


def test_text_and_photo_credit_and_letter_signatures_are_bylines(pages: dict[str, list[Article]]) -> None:
    """In unindented hard-wrapped text ``文/本报记者 某某 图/本报记者 某某`` is the byline (the writer
    its reporter, the photographer not); a reader's signature (``东城区 读者 某某``, ``读者 某某``)
    closes the letter as its byline, and the reply under it stays with the letter."""
    exhibition, letter, thanks = pages["page_readers"]
    assert (exhibition.headline, exhibition.subtitles) == (
        "临川古籍修复成果展开幕",
        ["300余册修复古籍首次集中亮相"],
    )
    assert (exhibition.byline, exhibition.reporters) == ("文/本报记者 杜若 图/本报记者 严冬", ["杜若"])
    assert exhibition.paragraphs[0].text.startswith("6月13日，临川古籍修复成果展")
    assert exhibition.captions == ["图为观众在展厅观看修复后的古籍。"]
    assert (letter.column, letter.headline, letter.byline, letter.reporters) == (
        "读者来信",
        "老街路灯坏了一个月没人修",
        "东城区 读者 吕女士",
        [],
    )
    assert [p.text[:4] for p in letter.paragraphs] == ["编辑同志", "【回音】"]
    assert (thanks.headline, thanks.byline, thanks.reporters) == ("一面锦旗的故事", "读者 姜子明", [])
    assert thanks.paragraphs[-1].text.endswith("道一声谢谢！")


def test_a_page_of_notices_gives_one_article_per_notice(pages: dict[str, list[Article]]) -> None:
    """任免名单, 任前公示, 法院公告 and 遗失声明 on one page: each notice is an article, opened at its title (a
    line naming a document's kind, or any title under the signature closing the notice above); a
    signature (issuer, date line) closes its notice and dates it; a case number is a headline note."""
    appointments, publicity, court, lost = pages["page_notices"]
    assert appointments.headline == "临川市人民代表大会常务委员会任免名单"
    assert appointments.headline_note == "（2024年6月13日临川市第十七届人民代表大会常务委员会第八次会议通过）"
    assert appointments.date == dt.date(2024, 6, 13)
    assert [p.text for p in appointments.paragraphs][0] == "一、任命"
    assert appointments.paragraphs[-1].text == "彭国栋的临川市交通运输局局长职务。"
    assert (publicity.headline, publicity.date) == ("临川市管干部任前公示", dt.date(2024, 6, 14))
    assert [p.text for p in publicity.paragraphs][-2:] == ["中共临川市委组织部", "2024年6月14日"]
    assert (court.headline, court.headline_note, court.date) == (
        "临川市中级人民法院公告",
        "（2024）临01破7号",
        dt.date(2024, 6, 10),
    )
    assert [p.text for p in court.paragraphs][-2:] == ["临川市中级人民法院", "二〇二四年六月十日"]
    assert (lost.headline, [p.text for p in lost.paragraphs]) == (
        "遗失声明",
        ["临川市百味餐饮有限公司遗失营业执照副本一份，声明作废。"],
    )
    assert {a.page_date for a in (appointments, publicity, court, lost)} == {dt.date(2024, 6, 15)}


def test_headlines_cut_across_lines_and_two_unmarked_headline_lines(pages: dict[str, list[Article]]) -> None:
    """On a whole page, blank-line or hard-wrapped: a headline line without a verb and the line holding
    it are one headline (never a column or subtitle); of two unmarked lines the first is the headline
    unless it leads in (a slogan opening with a verb), and a ``医生提醒：…`` line is a subtitle."""
    hub, retail, race, food, canteens = pages["20240616-02"]
    assert (hub.kicker, hub.headline, hub.column, hub.subtitles) == (
        "加快建设现代化产业体系",
        "全市第一个千亿级物流枢纽在临川落成",
        None,
        [],
    )
    assert (retail.headline, retail.subtitles, retail.date) == (
        "上半年全市社会消费品零售总额同比增长4.8%",
        [],
        dt.date(2024, 6, 15),
    )
    assert (race.kicker, race.headline, race.subtitles) == (
        None,
        "临川龙舟赛3000人参赛",
        ["东湖队夺得男子组冠军"],
    )
    assert (food.kicker, food.headline, food.subtitles) == (
        None,
        "梅雨时节谨防食物中毒",
        ["医生提醒：剩饭剩菜要及时冷藏"],
    )
    assert (canteens.headline, canteens.subtitles, canteens.byline, canteens.reporters) == (
        "今年全区将为农村学校新建食堂40所",
        [],
        "晚报记者 祁然 报道",
        ["祁然"],
    )
    assert canteens.paragraphs[0].text.startswith("昨天，记者从区教育局获悉")
