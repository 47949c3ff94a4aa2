"""Every page form of docs/ingest.md on an invented test page (tests/data/ingest/forms/): headline fields, byline,
reporters, dates, page and people -- and conservation: every sentence of every test page is in the corpus."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from bot.config import IngestConfig
from bot.corpus.models import Article
from bot.ingestion.bylines import read_byline
from bot.ingestion.dates import event_date, from_header, signature_date
from bot.ingestion.decode import decode_bytes
from bot.ingestion.headlines import read_heading
from bot.ingestion.ingest import ingest_paths
from bot.ingestion.lines import FULL_WIDTH_ALNUM, JUMP_MARK, Line, set_furniture_apart, split_lines
from bot.ingestion.paragraphs import paragraphs_of
from bot.ingestion.punctuation import full_width

DATA = Path(__file__).resolve().parent / "data" / "ingest"
SEED = Path(__file__).resolve().parent.parent / "seeds"
ANSWERS = Path(__file__).resolve().parent / "data" / "answers"
CAPTIONS = Path(__file__).resolve().parent / "data" / "captions"
D = dt.date

# file stem → (headline, kicker, subtitles, note, series, column, byline, reporters, dateline, date,
#              page date, page number, section)
EXPECTED: dict[str, tuple[object, ...]] = {
    "20210315-04-02": (
        "青山县万亩麦田迎来首轮灌溉", "聚焦春耕生产一线", [], None, None, None,
        "本报记者 王芳", ["王芳"], "3月14日", D(2021, 3, 14), D(2021, 3, 15), 4, None,
    ),
    "2021-03-15_A04_2": (
        "东湖湿地公园候鸟数量创新高", None, [], None, None, None,
        "本报记者 李明 张华 通讯员 赵强", ["李明", "张华"], "近日", None, D(2021, 3, 15), 4, None,
    ),
    "20210316-01-07": (
        "西河大桥主体工程完工", None, [], None, None, None,
        "本报讯（记者 钟南）", ["钟南"], "昨日", D(2021, 3, 15), D(2021, 3, 16), 1, None,
    ),
    "page_header": (
        "北城区老旧小区改造启动", None, [], None, None, None,
        "本报讯（记者 贺兰）", ["贺兰"], "昨日", D(2021, 3, 14), D(2021, 3, 15), 4, "要闻",
    ),
    "headline_note": (
        "青山市第十届代表大会第三次会议决议", None, [], "（2021年3月14日青山市第十届代表大会第三次会议通过）",
        None, None, None, [], None, D(2021, 3, 14), None, None, None,
    ),
    "series_column": (
        "小小菜篮子连着大民生", None, [], None, "新春走基层", "今日谈",
        "（作者为青山大学教授）", [], None, None, None, None, None,
    ),
    "lead_in": (
        "新型耐热陶瓷实现量产", "青山大学材料团队十年攻关——", [], None, "深聚焦·科技自立②", None,
        "本报记者 欧阳晓 本报记者 欧阳晓摄", ["欧阳晓"], None, None, None, None, None,
    ),
    "profile_box": (
        "守护山区孩子的“好校长”", None, [], None, None, None,
        "（本报记者 陶然）", ["陶然"], None, None, None, None, None,
    ),
    "editorial": (
        "以实干担当开创新局面", None, [], None, None, "人民时评", None, [], None, None, None, None, None,
    ),
    "wire": (
        "全国冰雪运动季在北方多地启动", None, [], None, None, None,
        "新华社北京3月14日电（记者 王芳 李明）", ["王芳", "李明"], "3月14日", None, None, None, None,
    ),
    "appointments": (
        "青山市人大常委会任免名单", None, [], "（2021年3月12日青山市第十届人民代表大会常务委员会第二十次会议通过）",
        None, None, None, [], None, D(2021, 3, 12), None, None, None,
    ),
    "election": (
        "青山市第十届人民代表大会第五次会议闭幕", None, [], None, None, None,
        "本报讯（记者 葛明）", ["葛明"], "昨日", None, None, None, None,
    ),
    "notice": (
        "关于开展春季植树活动的通知", None, [], None, None, None, None, [], None, None, None, None, None,
    ),
    "subhead_first": (
        "山村夜校点亮致富路", None, [], None, None, None, "本报记者 温良", ["温良"], "近日", None, None, None, None,
    ),
    "20220708-03-02": (
        "东岭镇蜜桃产量同比增长8.6%", "关注夏季果品上市", ["——全镇新建冷库3座"], None, "乡村振兴一线④", None,
        "本报记者 赵岚 本报东岭7月6日电 本报记者 赵岚摄", ["赵岚"], "7月6日", D(2022, 7, 6), D(2022, 7, 8), 3, "农村",
    ),
    "20240320-02-01": (
        "全市优化营商环境大会召开", None, [], None, None, None,
        "本报讯（记者 王芳 通讯员 刘强）", ["王芳"], "3月19日", D(2024, 3, 19), D(2024, 3, 20), 2, "综合",
    ),
    "source_note": (
        "深化改革开放 推动高质量发展", None, [], None, None, None,
        "本报记者 林风 本报南江4月11日电", ["林风"], "4月11日", D(2024, 4, 11), D(2024, 4, 12), 4, None,
    ),
    "iso_header": (
        "春耕时节农事忙", None, [], None, None, None, "本报记者 方圆", ["方圆"], None, None, D(2024, 4, 13), 2, "农村",
    ),
    "gbk_crlf": (
        "青山市上半年GDP同比增长6.1%", None, [], None, None, None, "本报电", [], None, None, None, None, None,
    ),
    "20230606-04-01": (
        "前5个月临川港集装箱吞吐量同比增长9.7%", None, [], None, None, None,
        "本报讯（记者 韦岚）", ["韦岚"], "昨日", D(2023, 6, 5), D(2023, 6, 6), 4, "经济",
    ),
    "20230605-05-02": (
        "让海岸线重披“绿衣裳”", "临江学院海洋团队十五年守护红树林——", [], None, None, None,
        "本报记者 程远 本报记者 程远摄", ["程远"], None, None, D(2023, 6, 5), 5, None,
    ),
    "20230607-01-03": (
        "湖滨新区智慧公交线路开通", None, [], None, None, None,
        "本报记者 郝晴", ["郝晴"], "6月6日", D(2023, 6, 6), D(2023, 6, 7), 1, "要闻",
    ),
    "2023-06-08_A03_1": (
        "关于公布第二批市级非物质文化遗产代表性项目名录的通知", "临川市人民政府", [], "临政发〔2023〕12号",
        None, None, None, [], None, D(2023, 6, 5), D(2023, 6, 8), 3, None,
    ),
    "20230609-02-01": (
        "万亩麦田开镰收割", None, [], None, None, None,
        "本报记者 龙溪 本报讯", ["龙溪"], "6月8日", D(2023, 6, 8), D(2023, 6, 9), 2, None,
    ),
    "20230610-01-02": (
        "临川市人大常委会举行第十二次会议", None, ["表决通过城市绿化条例", "宁致远主持"], None, None, None,
        "本报讯（记者 龙溪）", ["龙溪"], "6月9日", D(2023, 6, 9), D(2023, 6, 10), 1, "要闻",
    ),
    "2023-06-10_A05_1": (
        "让城市绿意更浓", None, [], None, None, "今日谈", "严青", ["严青"], None, None, D(2023, 6, 10), 5, None,
    ),
    "2023-06-11_A02_1": (
        "选举产生新一届市人民检察院检察长", "临川市第十六届人民代表大会第四次会议", [], None, None, None,
        "本报讯（记者 龙溪）", ["龙溪"], "10日", D(2023, 6, 10), D(2023, 6, 11), 2, None,
    ),
    "20200617-02-03": (
        "市政协召开主席会议", None, [], None, None, None,
        "本报讯（记者 赵文静）", ["赵文静"], "昨日", D(2020, 6, 16), D(2020, 6, 17), 2, None,
    ),
    "20200916-02-01": (
        "临川新材料产业园二期竣工投产", None, [], None, None, None,
        "本报讯（记者 许朗） 本报记者 方喆摄", ["许朗"], None, D(2020, 9, 15), D(2020, 9, 16), 2, "综合",
    ),
    "20200612-01-01": (
        "全省农村人居环境整治行动收官", None, [], None, None, None,
        "本报讯（记者 林川）", ["林川"], "6月11日", D(2020, 6, 11), D(2020, 6, 12), 1, "要闻",
    ),
    "20200613-03-01": (
        "为绿色发展的青山实践喝彩", None, [], None, "国际论坛", None,
        "陈默 （作者为巴西南方大学经济学教授）", ["陈默"], None, None, D(2020, 6, 13), 3, None,
    ),
    "20200614-05-01": (
        "渔村的新日子", "清晨五点，老周的渔船已经驶出港湾，他要赶在退潮前收完网", [], None, None, None,
        "本报记者 夏禾", ["夏禾"], None, None, D(2020, 6, 14), 5, None,
    ),
    "20200615-08-01": (
        "临川汽车城：十年深耕 服务万家", "热烈祝贺2020临川国际汽车博览会隆重开幕", [], None, None, None,
        None, [], None, None, D(2020, 6, 15), 8, None,
    ),
    "20200905-01-02": (
        "秉承开放合作精神 共享服务贸易机遇", "林国栋致信祝贺2020青山国际服务贸易博览会开幕强调", [], None,
        None, None, "本报南江9月4日电（记者 许朗）", ["许朗"], "9月4日", D(2020, 9, 4), D(2020, 9, 5), 1, None,
    ),
    "2023-06-12_A06_1": (  # an interview whose lead-in ends in a colon
        "一张残页，补了整整三个月", "对话古籍修复师林素：", [], None, None, None,
        "本报记者 罗川", ["罗川"], None, None, D(2023, 6, 12), 6, None,
    ),
}  # fmt: skip


@pytest.fixture(scope="module")
def forms(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[Article]]:
    report = ingest_paths([DATA / "forms"], tmp_path_factory.mktemp("forms") / "corpus", IngestConfig())
    assert report.problems == []
    by_page: dict[str, list[Article]] = {}
    for article in report.articles:
        by_page.setdefault(article.page, []).append(article)
    return by_page


def _fields(article: Article) -> tuple[object, ...]:
    a = article
    return (
        a.headline, a.kicker, a.subtitles, a.headline_note, a.series, a.column, a.byline, a.reporters,
        a.dateline, a.date, a.page_date, a.page_number, a.section,
    )  # fmt: skip


@pytest.mark.parametrize("stem", sorted(EXPECTED))
def test_each_form_gives_its_headline_byline_dates_and_page(
    forms: dict[str, list[Article]], stem: str
) -> None:
    assert _fields(forms[stem][0]) == EXPECTED[stem]


def test_one_article_per_file_and_two_only_for_two_reports(forms: dict[str, list[Article]]) -> None:
    counts = {stem: len(articles) for stem, articles in forms.items()}
    # two reports; the 2022070x files hold a continuation from another page and a column piece
    two = {
        "page_header", "20220708-04-05", "20220709-02-01", "20240320-02-01", "20230606-04-01", "20230609-02-01",
    }  # fmt: skip
    assert counts == {
        stem: 2 if stem in two else 1 for stem in [*EXPECTED, "20220708-04-05", "20220709-02-01"]
    }


def test_same_article_on_two_pages_is_stored_once_with_both_pages(forms: dict[str, list[Article]]) -> None:
    (bridge,) = forms["20210316-01-07"]
    assert "20210316-06-04" not in forms
    assert bridge.pages == ["forms/20210316-01-07.txt", "forms/20210316-06-04.txt"]
    assert bridge.page_numbers == [1, 6]


def test_an_article_on_two_pages_is_stored_under_its_first_printing(
    forms: dict[str, list[Article]], tmp_path: Path
) -> None:
    """The page-8 copy comes first in file order, yet the article is stored once, as printed on page 1:
    its id and source lines are page 1's, its pages and page numbers in order -- the same in
    a second run from the cache, with no file of the page-8 copy left behind."""
    (bus,) = forms["20230607-01-03"]
    assert "2023-06-07_A08_2" not in forms
    assert (bus.id, bus.page_number, bus.page_numbers) == ("forms.20230607-01-03-01", 1, [1, 8])
    assert bus.pages == ["forms/20230607-01-03.txt", "forms/2023-06-07_A08_2.txt"]
    assert bus.paragraphs[0].source.file == "forms/20230607-01-03.txt"
    # the page-8 copy's page header is kept, named by its file
    assert bus.furniture == ["line 1: 第1版 要闻", "forms/2023-06-07_A08_2.txt line 1: 2023年6月7日 星期三"]
    pages = tmp_path / "pages"
    pages.mkdir()
    for name in ("2023-06-07_A08_2.txt", "20230607-01-03.txt"):
        (pages / name).write_bytes((DATA / "forms" / name).read_bytes())
    runs = [ingest_paths([pages], tmp_path / "corpus", IngestConfig()) for _ in range(2)]
    assert [[a.id for a in run.articles] for run in runs] == [["pages.20230607-01-03-01"]] * 2
    assert runs[1].cached_files == 2
    assert sorted(p.name for p in (tmp_path / "corpus").glob("*.json")) == ["pages.20230607-01-03-01.json"]


def test_boxes_subheads_captions_and_pull_quotes_each_in_their_place(forms: dict[str, list[Article]]) -> None:
    (lead_in,) = forms["lead_in"]
    texts = [p.text for p in lead_in.paragraphs]
    assert texts[0] == "核心阅读：十年间，团队完成试验2000余次，产品耐热性能提升约40%。"
    assert texts[1] == "攻坚，十年磨一剑"  # a subhead with a comma stays apart
    # A caption is the last of the paragraphs (searched and quoted); its credit names the photographer.
    assert lead_in.captions == texts[-1:] == ["图为团队成员在实验室检测样品。"]
    assert lead_in.photographers == ["欧阳晓"]
    assert lead_in.pull_quotes == ["有了这种材料，发动机可以更轻。"]
    assert "有了这种材料，发动机可以更轻。" not in texts
    (profile,) = forms["profile_box"]
    assert profile.paragraphs[0].text.startswith("人物小传：林秋月，1975年生")
    (editorial,) = forms["editorial"]
    assert [p.text[:6] for p in editorial.paragraphs] == [
        "编者按：新的",
        "实干才能出实",
        "一、总体要求",
        "坚持稳中求进",
        "（一）加强领",
        "各级党委要把",
    ]
    (notice,) = forms["notice"]
    assert notice.paragraphs[0].text.startswith("各区县、各部门：为改善")  # a salutation opens the body


def test_furniture_is_recorded_with_line_numbers(forms: dict[str, list[Article]]) -> None:
    first, second = forms["page_header"]
    assert first.furniture == [
        "line 1: 2021年3月15日 星期一",
        "line 2: 第4版 要闻",
        "line 6: （下转第二版）",
        "line 8: 83",
        "line 10: □□□",
    ]
    assert second.furniture == []
    assert forms["gbk_crlf"][0].furniture == ["line 1: 5月20日\u3000星期四"]  # no year: no page date


def test_wire_brief_inside_a_report_stays_in_it(forms: dict[str, list[Article]]) -> None:
    (report,) = forms["gbk_crlf"]
    assert report.paragraphs[-1].text == "据新华社电\u3000全国上半年经济运行总体平稳。"
    assert report.paragraphs[0].text.endswith("其中，第十四届全市经济运行分析会提出的各项目标均已过半。")


def _people(article: Article) -> list[tuple[str, list[str], str]]:
    return [(p.name, p.titles, p.role) for p in article.people]


def test_people_from_elections_speeches_clauses_and_spouses(forms: dict[str, list[Article]]) -> None:
    assert _people(forms["election"][0]) == [
        # elected, then presiding or reporting: the election is what /who keeps
        ("郑海峰", ["青山市第十届人民代表大会常务委员会主任", "市人大常委会主任"], "elected"),
        ("高远", ["青山市人民政府市长", "市长"], "elected"),
        ("方明", ["青山大学校长"], "spoke"),  # 发表致辞 ends the name
        ("石宏伟", ["全国政协副主席"], "attended"),  # 应邀出席的 is no part of the title
        ("韩立群", ["省委常委", "市委书记"], "attended"),
        ("侯志刚", [], "attended"),  # in the paper's order
        ("苏晓岚", ["侯志刚夫人"], "attended"),
        ("葛明", ["记者"], "reporter"),
    ]
    assert _people(forms["appointments"][0]) == [
        ("罗一鸣", ["青山市发展和改革委员会主任"], "appointed"),
        ("蒋春华", ["青山市教育局局长"], "appointed"),
        ("杜远山", ["青山市教育局局长"], "removed"),  # 免去某某的…职务
    ]
    assert _people(forms["wire"][0])[0] == ("宋海洋", ["国家体育总局副局长"], "spoke")
    assert _people(forms["2021-03-15_A04_2"][0])[0] == ("钱文博", ["公园管理处主任"], "spoke")


def test_common_words_are_never_people(forms: dict[str, list[Article]]) -> None:
    names = {p.name for articles in forms.values() for a in articles for p in a.people}
    assert not names & {"菜篮子", "日子", "摊主", "团队", "材料", "发动机", "各级", "实干"}


# ---- conservation ------------------------------------------------------------------------------------


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", text.translate(FULL_WIDTH_ALNUM))


def _output_text(articles: list[Article]) -> str:
    parts: list[str] = []
    for a in articles:
        parts += [
            a.headline,
            a.kicker or "",
            *a.subtitles,
            a.headline_note or "",
            a.series or "",
            a.column or "",
        ]
        parts += [a.byline or "", *(p.text for p in a.paragraphs), *a.captions, *a.pull_quotes]
        parts += [f.split(": ", 1)[1] for f in a.furniture]
    return _compact("\n".join(parts))


def _sentences(text: str) -> list[str]:
    pieces: list[str] = []
    for line in text.split("\n"):
        for part in re.split(f"({JUMP_MARK.pattern})", line):  # a jump mark is furniture of its own
            for piece in re.split(r"[（）()]", part) if not JUMP_MARK.fullmatch(part) else [part]:
                pieces += [s for s in re.split(r"(?<=[。！？；])", _compact(piece)) if s]
    return pieces


@pytest.mark.parametrize("folder", [DATA / "forms", DATA / "pages", ANSWERS, CAPTIONS, SEED])
def test_every_sentence_of_every_test_page_is_in_the_corpus(tmp_path: Path, folder: Path) -> None:
    report = ingest_paths([folder], tmp_path / "corpus", IngestConfig())
    output = _output_text(report.articles)
    # A dateline byline (本报某地7月6日电) opens its paragraph's line: its sentence is split between the
    # byline and the paragraph, with a box (核心阅读) printed above the byline standing between them.
    # A brief item printed with its headline on its text's line (全市中考报名人数4.1万人 记者从…) likewise.
    bylines = {_compact(piece) for a in report.articles for piece in (a.byline or "").split()}
    bylines |= {_compact(a.headline) for a in report.articles}

    def kept(sentence: str) -> bool:
        return sentence in output or any(
            sentence.startswith(b) and sentence[len(b) :] in output for b in bylines
        )

    sources = {file for a in report.articles for file in a.pages}
    for page in sorted(folder.glob("*.txt")):
        if not any(file.endswith("/" + page.name) for file in sources):  # a page of ads: all furniture
            (result,) = [r for r in report.files if r.file.endswith("/" + page.name)]
            assert result.furniture == len(page.read_text(encoding="utf-8").strip().splitlines()), page.name
            continue
        raw = decode_bytes(page.read_bytes()).text.translate(FULL_WIDTH_ALNUM)
        lost = [s for s in _sentences(full_width(raw)) if not kept(s)]  # modulo full-width marks
        assert lost == [], page.name


def test_an_archive_article_opening_with_a_subhead_stays_one_article(forms: dict[str, list[Article]]) -> None:
    (article,) = forms["subhead_first"]
    assert [p.text[:5] for p in article.paragraphs] == [
        "深夜的课堂",
        "近日，记者",
        "“学了电商",
        "变化在发生",
        "昨日，村里",
        "村党支部书",
    ]
    assert _people(article)[:2] == [("左秋菊", ["村民"], "spoke"), ("尤振华", ["村党支部书记"], "spoke")]


def test_indented_archive_paragraphs_are_never_glued(forms: dict[str, list[Article]]) -> None:
    """Each indented line opens a paragraph: the box, the dateline paragraph and an indented subhead stay
    apart; only text that really runs on (an unindented rest of a sentence, ``7月12`` / ``日至14日``)
    is joined."""
    (article,) = forms["20220708-03-02"]
    assert [p.text for p in article.paragraphs] == [
        "核心阅读：今年以来，东岭镇加快果品冷链建设，截至7月5日，全镇累计外销蜜桃1.6万吨。",
        "清晨的东岭镇果品市场，收桃的货车一辆接一辆。市场负责人韩小川告诉记者，每天发出的蜜桃约200吨。",
        "冷链，一座都不能缺",
        "全镇共有果园1200亩，今年新建冷库3座，可储存蜜桃约900吨。“桃子摘下来就要进冷库，”"
        "镇农业服务中心主任邱志平说，“这样才能卖到更远的地方。”",
        "镇长方明远表示，新建冷库将于7月12日至14日全部投用。",
        "图为东岭镇果农在分拣蜜桃。",
    ]
    # A title never keeps the quote mark that closes the sentence before it; a name before a verb
    # (韩小川告诉记者) is found too.
    assert _people(article)[:2] == [
        ("韩小川", ["市场负责人"], "attended"),
        ("邱志平", ["镇农业服务中心主任"], "spoke"),
    ]
    assert article.furniture[-1] == "line 16: （下转第四版）"


def test_jump_continuation_and_column_piece_on_one_page(forms: dict[str, list[Article]]) -> None:
    """A page opening with text continued from another page, then a column piece: two articles, the
    page number from the file name (a jump mark names the other page), the column's author named."""
    continued, column = forms["20220708-04-05"]
    assert (continued.page_number, column.page_number) == (4, 4)
    assert [p.text for p in continued.paragraphs] == [
        "东岭镇首届蜜桃文化节将于8月在镇中心广场举办，预计接待游客约2万人次。"
    ]
    assert (column.headline, column.column, column.reporters) == ("让果农的好桃卖上好价", "田间议", ["周航"])
    assert column.byline == "周航 （作者为东岭镇农业服务中心干部）"
    assert [p.text[:5] for p in column.paragraphs] == ["果子熟了，", "只要冷链不"]
    assert _people(column) == [("周航", ["作者", "东岭镇农业服务中心干部"], "reporter")]


def test_a_continuation_is_cited_under_the_headline_of_the_article_it_continues(
    forms: dict[str, list[Article]],
) -> None:
    """（下转第四版） on page 3 and （上接第三版） on page 4 of the same day: the text on page 4 takes the
    headline, reporters and date of the article it continues; one with no such article keeps its own."""
    (peaches,) = forms["20220708-03-02"]
    continued = forms["20220708-04-05"][0]
    assert (peaches.jump_to, continued.jump_from, continued.continues) == (4, 3, peaches.id)
    assert (continued.headline, continued.reporters, continued.date) == (
        peaches.headline, peaches.reporters, peaches.date,
    )  # fmt: skip
    unlinked = forms["20220709-02-01"][0]  # （上接第一版）, and no page 1 of that day
    assert (unlinked.jump_from, unlinked.continues) == (1, None)


def test_the_papers_name_date_and_page_come_from_an_archive_source_note_or_header(
    forms: dict[str, list[Article]],
) -> None:
    """《 人民日报 》（ 2024年04月12日 第 04 版） closing an archive export, and a header with an ISO date
    and a spaced page number, are furniture that give the paper, the date and the page."""
    (noted,) = forms["source_note"]
    (headed,) = forms["iso_header"]
    assert (noted.publication, headed.publication) == ("人民日报", "南江日报")
    assert noted.furniture == ["line 7: 《 人民日报 》（ 2024年04月12日 第 04 版）"]
    assert all("人民日报" not in p.text for p in noted.paragraphs)
    assert headed.jump_to == 3


def test_a_hard_wrapped_page_keeps_its_bylines_and_headlines_whole(forms: dict[str, list[Article]]) -> None:
    """Narrow PDF columns: a byline cut inside its brackets and a headline cut before its last words are
    read whole; the paper's name comes from the page header."""
    meeting, fair = forms["20240320-02-01"]
    assert meeting.paragraphs[0].text.startswith("3月19日，全市优化营商环境大会召开。")
    assert fair.headline == "春季招聘会提供岗位8000余个"
    assert {meeting.publication, fair.publication} == {"沿江日报"}
    assert _people(meeting)[:2] == [("陈卫国", ["市委书记"], "spoke"), ("周建华", ["市长"], "presided")]


def test_column_piece_without_byline_after_a_continuation_is_its_own_article(
    forms: dict[str, list[Article]],
) -> None:
    """Two unindented headline lines between finished indented paragraphs open a report of their own;
    a single such line is a subhead (``subhead_first``)."""
    continued, column = forms["20220709-02-01"]
    assert continued.paragraphs[0].text == "今年秋季，全区还将新增公交线路5条。"
    assert (column.headline, column.column, column.byline) == ("让公交站牌更好读", "快评", None)
    assert [p.text[:4] for p in column.paragraphs] == ["站牌字小", "小事办好"]


def test_numbers_cut_at_a_line_end_are_joined_whole(forms: dict[str, list[Article]]) -> None:
    """``增长9.`` / ``7%``: the point between two digits is a decimal point, no sentence end; the lines
    join with no space, in a headline (``…86.3万`` / ``人次`` too) and in a body."""
    port, holiday = forms["20230606-04-01"]
    assert [p.text for p in port.paragraphs] == [
        "昨日，临川港务集团发布数据，前5个月全港完成集装箱吞吐量186.4万标箱，同比增长9.7%，"
        "其中外贸航线增长12.5%。",
        "港务集团总经理祁远航表示，新开通的3条远洋航线运行良好。",
    ]
    assert (holiday.headline, holiday.subtitles) == ("端午假期全市接待游客86.3万人次", [])
    assert holiday.paragraphs[0].text.endswith("实现旅游收入7.2亿元。")
    (mangroves,) = forms["20230605-05-02"]
    assert "修复海岸带约3.6万亩。" in mangroves.paragraphs[0].text


def test_hard_wrapped_boxes_and_subheads_stay_apart(forms: dict[str, list[Article]]) -> None:
    """Unindented hard-wrapped text: a box ends where its paragraph ends, a short line without a
    sentence end that does not fill the column (``起步，一棵苗一道坎``) is a subhead, never glued to the
    paragraph under it nor part of a person's title there."""
    (article,) = forms["20230605-05-02"]
    assert [p.text for p in article.paragraphs] == [
        "核心阅读：十五年间，团队在沿海滩涂种下红树苗木120万株，修复海岸带约3.6万亩。",
        "人物小传：苏明澜，1972年生，临江学院海洋科学系教授，2008年起带领团队开展红树林修复研究，"
        "2020年获评全国生态环境保护先进个人。",
        "起步，一棵苗一道坎",
        "2008年夏天，苏明澜第一次走上南湾的滩涂，一脚下去，泥没过了膝盖。",
        "团队先后试种了17个红树品种。",
        "传承，一届接一届",
        "南湾保护区管理站站长孔令山说，团队已带出研究生60余名。",
        "图为苏明澜（左）在滩涂查看红树幼苗。",
    ]
    assert _people(article)[0] == ("孔令山", ["南湾保护区管理站站长"], "spoke")


def test_a_date_at_the_foot_of_a_document_dates_the_document_not_the_page(
    forms: dict[str, list[Article]],
) -> None:
    """落款: the issuer and a date under a notice. The page date stays the file name's; the date line is
    the notice's date, kept as its last paragraph (a page header sits above the first article)."""
    (notice,) = forms["2023-06-08_A03_1"]
    assert [p.text for p in notice.paragraphs[-2:]] == ["临川市人民政府", "2023年6月5日"]
    assert (notice.date, notice.page_date, notice.furniture) == (D(2023, 6, 5), D(2023, 6, 8), [])
    assert signature_date("二〇二三年六月十五日") == D(2023, 6, 15)
    assert signature_date("2023年6月5日 星期一") is None  # a page header, not a signature


def test_an_editors_note_above_a_headline_opens_the_article_below_it(forms: dict[str, list[Article]]) -> None:
    """编者按 without a byline right above a headline: at the top of a page and between two reports, it is
    the next article's first (labelled) paragraph -- never an article or a headline of its own, nor the
    end of the report above."""
    harvest, heat = forms["20230609-02-01"]
    assert (harvest.headline, heat.headline) == ("万亩麦田开镰收割", "高温下的“电力蓝”")
    assert harvest.paragraphs[0].text == "编者按：夏粮丰收在望。本版今起推出“麦收一线”系列报道，敬请关注。"
    assert harvest.paragraphs[-1].text == "县农业农村局局长乔立新说，今年全县新增粮食烘干设备40台。"
    assert [p.text[:7] for p in heat.paragraphs] == ["编者按：高温天", "连日来，西平县"]


def test_a_pull_quote_repeating_a_later_paragraphs_opening_is_set_apart(
    forms: dict[str, list[Article]],
) -> None:
    """A short paragraph printed again as the opening sentence of a later paragraph is a pull quote,
    however short; the paragraph it comes from keeps it."""
    (column,) = forms["2023-06-10_A05_1"]
    assert column.pull_quotes == ["城市是人民的城市。"]
    assert [p.text[:9] for p in column.paragraphs] == [
        "走在临川街头，口袋",
        "绿化不仅要种好树，",
        "城市是人民的城市。",
    ]


def test_a_line_a_jump_mark_was_cut_from_is_no_subhead() -> None:
    """``（上接第一版）新区交通局表示，下`` loses its jump mark and looks short, but it was as wide as
    the column: it runs on."""
    page = "（上接第一版）新区交通局表示，下\n一步将新增智慧公交线路3条，覆盖全\n部街道。\n"
    kept, furniture = set_furniture_apart(split_lines(page))
    assert [line.text for line in furniture] == ["（上接第一版）"]
    assert [p.text for p in paragraphs_of(kept, "p.txt")] == [
        "新区交通局表示，下一步将新增智慧公交线路3条，覆盖全部街道。"
    ]


@pytest.mark.parametrize(
    ("lines", "headline", "kicker", "subtitles"),
    [
        (["全省重点项目推进会在", "临川召开"], "全省重点项目推进会在临川召开", None, []),
        (["上半年出口增长12.", "5%"], "上半年出口增长12.5%", None, []),
        (["暑期接待游客120", ".6万人次"], "暑期接待游客120.6万人次", None, []),
        (
            ["海洋团队十五年守护红树", "林——", "让海岸重披绿装"],
            "让海岸重披绿装",
            "海洋团队十五年守护红树林——",
            [],
        ),
        # a line ending in a word that merely ends so (祥和, 方向) is whole
        (["节日市场平稳祥和", "游客人数同比增长两成"], "游客人数同比增长两成", "节日市场平稳祥和", []),
        (["牢牢把握发展方向", "推动县域经济高质量发展"], "推动县域经济高质量发展", "牢牢把握发展方向", []),
        # a line without a verb continued by the line holding it
        (["全市第一个千亿级物流枢纽", "在临川落成"], "全市第一个千亿级物流枢纽在临川落成", None, []),
        (
            ["上半年全市社会消费品零售总额", "同比增长4.8%"],
            "上半年全市社会消费品零售总额同比增长4.8%",
            None,
            [],
        ),
        (["明年全区将为农村学校", "新建食堂40所"], "明年全区将为农村学校新建食堂40所", None, []),
        (["临川市政协常委会", "人事任免名单"], "临川市政协常委会人事任免名单", None, []),
        # two lines, no mark: the first is the main title unless it leads in
        (
            ["临川半程马拉松1.8万人参赛", "埃塞俄比亚选手包揽男女冠军"],
            "临川半程马拉松1.8万人参赛",
            None,
            ["埃塞俄比亚选手包揽男女冠军"],
        ),
        (
            ["秋冬季节警惕流感", "医生提醒：及时接种疫苗是关键"],
            "秋冬季节警惕流感",
            None,
            ["医生提醒：及时接种疫苗是关键"],
        ),
        (
            ["国际能源署报告显示", "全球可再生能源装机再创新高"],
            "全球可再生能源装机再创新高",
            "国际能源署报告显示",
            [],
        ),
        (
            ["临川市教育局", "关于做好今年中小学招生工作的通知"],
            "关于做好今年中小学招生工作的通知",
            "临川市教育局",
            [],
        ),
    ],
)
def test_headline_lines_cut_by_a_column_are_joined_back(
    lines: list[str], headline: str, kicker: str | None, subtitles: list[str]
) -> None:
    heading = read_heading(lines)
    assert (heading.headline, heading.kicker, heading.subtitles) == (headline, kicker, subtitles)


def test_unindented_subheads_but_no_sentence_openings_or_cut_quotes() -> None:
    """One paragraph to a line (or a ragged wrap): a short line without a sentence end over a wider line
    is a subhead, unless it opens with a date (``6月6日，…``) or is a quote its speaker cuts
    (``“…，”市民`` / ``某某说，…``)."""
    page = (
        "6月6日，湖滨新区首条智慧公交\n线路开通运行，全程14.5公里，设站点21个。\n变化在发生\n"
        "新区交通局局长晏东明介绍，线路采用无人售票，日均可服务乘客约6000人次。\n"
        "“公交准点了，”市民\n陶小川说，“上班更方便了。”\n"
    )
    assert [p.text for p in paragraphs_of(split_lines(page), "p.txt")] == [
        "6月6日，湖滨新区首条智慧公交线路开通运行，全程14.5公里，设站点21个。",
        "变化在发生",
        "新区交通局局长晏东明介绍，线路采用无人售票，日均可服务乘客约6000人次。",
        "“公交准点了，”市民陶小川说，“上班更方便了。”",
    ]


def test_a_section_and_bare_page_number_on_the_top_line_are_the_header() -> None:
    """``体育 8`` (or ``8 体育``) alone on a page's top line is its header: page 8, section 体育; the same
    shape further down is text."""
    page = "体育 8\n\n临川队主场取胜\n\n本报讯（记者 齐远）临川队昨晚主场2比0取胜。\n决赛 3\n"
    kept, furniture = set_furniture_apart(split_lines(page))
    assert [line.text for line in furniture] == ["体育 8"]
    assert kept[-1].text == "决赛 3"
    place = from_header(furniture)
    assert (place.number, place.section) == (8, "体育")
    _, furniture = set_furniture_apart(split_lines("8 体育\n临川队主场取胜\n"))
    assert (from_header(furniture).number, from_header(furniture).section) == (8, "体育")


def test_ascii_punctuation_in_chinese_text_reads_full_width_and_the_raw_stays_recoverable(
    forms: dict[str, list[Article]],
) -> None:
    """A PDF page's ``昨日,`` ``决定:`` ``(试行)`` ``落实?`` read full-width; each paragraph's source span
    names the raw lines it came from, which differ from it only by that mapping."""
    (meeting,) = forms["20200617-02-03"]
    assert [p.text for p in meeting.paragraphs] == [
        "昨日，市政协召开十四届第三十次主席会议。会议决定：下月召开常委会会议。市政协主席李明远主持会议！",
        "会上，与会人员审议了《关于加强政协委员履职（试行）办法》。委员们问：如何落实？",
        "会议指出，要把履职成效作为评价委员的重要依据；要健全委员联系群众制度。",
    ]
    raw = (DATA / "forms" / "20200617-02-03.txt").read_text(encoding="utf-8").splitlines()
    first = meeting.paragraphs[0].source
    assert raw[first.line_start - 1].startswith("本报讯(记者 赵文静)昨日,市政协")
    for paragraph in meeting.paragraphs:
        span = raw[paragraph.source.line_start - 1 : paragraph.source.line_end]
        assert full_width("".join(line.strip("\u3000") for line in span)).endswith(paragraph.text)
    assert full_width("1,000人于10:30到场,f(x)") == "1,000人于10:30到场，f(x)"  # digits and Latin stay


def test_people_are_whole_names_never_glued_words_common_words_or_clause_fragments(
    forms: dict[str, list[Article]],
) -> None:
    (article,) = forms["20200916-02-01"]
    assert _people(article) == [
        ("韩立群", ["省委书记"], "attended"),  # 发来贺信: 发 is no part of the name
        ("宁远航", ["市政府办公室主任"], "attended"),  # a name before a verb jieba reads whole (接受)
        ("周建华", ["市长"], "presided"),
        ("龚立新", ["副市长"], "attended"),  # 陪同考察并听取汇报: a report heard is no role of his
        ("欧阳明", ["南江大学校长"], "attended"),  # the visiting guest of a meeting one leader led
        ("杜长顺", ["村民"], "attended"),  # 杜长顺正和老伴: 正 is no part of the name
        ("吉好也求", ["村民"], "spoke"),  # a Yi clan name (吉好) opens a four-character name, 也 and all
        ("许朗", ["记者"], "reporter"),
    ]
    assert read_byline([Line("新华社记者 方喆摄", 1, False, False)]).reporters == ["方喆"]


def test_a_historic_date_in_the_first_sentence_never_dates_the_article() -> None:
    """``于2008年4月18日全面开工建设`` in a 2020 report is history; the day the report names near its
    paper's day (昨日) dates it, and without one it has no date."""
    page = D(2020, 9, 16)
    assert event_date("工程于2008年4月18日全面开工建设，历时多年，昨日正式竣工投产", page) == D(2020, 9, 15)
    assert event_date("工程于2008年4月18日全面开工建设", page) is None
    assert event_date("二期工程于9月10日竣工", page) == D(2020, 9, 10)


def test_figure_boxes_and_a_series_pull_quote_are_boxes_never_the_headline(
    forms: dict[str, list[Article]],
) -> None:
    """A front page package's figures (``2.6万个`` / what it counts) and the pull quote under a series
    commentary's headline are kept as boxes (pull quotes), not headline, kicker or subtitle."""
    (package,) = forms["20200612-01-01"]
    assert package.pull_quotes == [
        "2.6万个：全省累计完成2.6万个行政村的生活垃圾集中收运处理",
        "98.6%：全省农村卫生厕所普及率达到98.6%，比三年前提高21个百分点",
    ]
    (commentary,) = forms["20200613-03-01"]
    assert commentary.pull_quotes == ["“青山的经验表明，生态保护与经济发展可以相互促进”"]
    assert commentary.subtitles == []


def test_ad_placeholders_and_slogan_pages_are_furniture_and_advertorials_are_marked(
    forms: dict[str, list[Article]], tmp_path: Path
) -> None:
    """A file of only 广告 (or 广 告), or of an advertiser's slogan and name, gives no article and no
    problem; an advertorial under an ad mark is ``kind: advertorial``, its slogan the kicker."""
    for stem in ("20200615-09-01", "20200615-10-01", "20200615-11-01"):
        assert stem not in forms
    (advert,) = forms["20200615-08-01"]
    assert advert.kind == "advertorial" and advert.furniture == ["line 1: 广告"]
    assert {a.kind for stem, articles in forms.items() if stem != "20200615-08-01" for a in articles} == {
        "news"
    }
    # An unsigned text closing with a telephone number is an advertorial without any mark.
    page = tmp_path / "p.txt"
    page.write_text("临川家居城开业\n　　全场家具八折。\n　　咨询电话：0797-1234567\n", encoding="utf-8")
    (shop,) = ingest_paths([page], tmp_path / "corpus", IngestConfig()).articles
    assert shop.kind == "advertorial"


def test_a_letter_under_its_headline_stays_one_article(forms: dict[str, list[Article]]) -> None:
    """``…致信祝贺…强调`` / its headline / the report / ``贺 信`` / the letter, its lines cut by the column
    and a wire dateline inside it: one article; the genre label stands apart, never a byline or a
    headline, and the clause cut before the dateline opens nothing."""
    (letter,) = forms["20200905-01-02"]
    texts = [p.text for p in letter.paragraphs]
    assert texts[2:4] == ["贺信全文如下：", "贺 信"]
    assert texts[4].startswith("值此2020青山国际服务贸易博览会开幕之际，")
    assert texts[-1] == "希望博览会越办越好，为各方合作搭建更好平台。"
    assert [(p.name, p.role) for p in letter.people] == [("林国栋", "attended"), ("许朗", "reporter")]
    wired = read_heading(["贺　信", "（新华社南江9月4日电）"])
    assert (wired.series, wired.note) == (None, "（新华社南江9月4日电）")  # a wire dateline is no series
