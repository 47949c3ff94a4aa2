"""Pages of forms met on real days, invented (tests/data/ingest/days/): a national daily's day in one file
(a roundup under 新闻速览, a commentary page: a column's commentary and an interview under it), a Hong
Kong page in traditional characters under its masthead, and an evening paper's one-article files."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from bot.answers.report import report_answer
from bot.config import IngestConfig, TemplatesConfig
from bot.corpus.models import Article, Paragraph, SourceSpan
from bot.ingestion.dates import from_header
from bot.ingestion.headlines import read_heading
from bot.ingestion.ingest import ingest_paths
from bot.ingestion.lines import Line, is_page_header
from bot.ingestion.people import extract_people
from bot.text.script import simplified, to_simplified

DATA = Path(__file__).resolve().parent / "data" / "ingest" / "days"


@pytest.fixture(scope="module")
def articles(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Article]:
    report = ingest_paths([DATA], tmp_path_factory.mktemp("days"), IngestConfig())
    assert not report.problems
    return {a.headline: a for a in report.articles}


def test_an_interview_under_a_commentary_is_an_article_of_its_own(articles: dict[str, Article]) -> None:
    """A commentary (column, headline, the author spaced under it), then an interview: its lead-in ending
    in a colon, its headline, an editor's note and its byline open a second article with its 问/答."""
    commentary = articles["让“小食堂”撑起“大民生”"]
    interview = articles["让每一片林子都有人管"]
    assert (commentary.column, commentary.byline, commentary.reporters) == ("东岭时评", "魏然", ["魏然"])
    assert [p.text[:4] for p in commentary.paragraphs] == ["老人吃饭", "社区长者", "办好社区"]
    assert interview.kicker == "对话东岭省林业和草原局局长邱景山："
    assert (interview.byline, interview.reporters) == ("本报记者 温晓岚", ["温晓岚"])
    assert interview.paragraphs[0].text.startswith("编者按：今年是全省全面推行林长制的第五年。")
    assert [p.text[:2] for p in interview.paragraphs[1:]] == ["问：", "答："] * 3
    assert (interview.page_number, interview.section, interview.page_date) == (
        5,
        "评论",
        dt.date(2025, 5, 20),
    )


def test_a_commentarys_author_is_its_author_never_a_reporter(articles: dict[str, Article]) -> None:
    commentary = articles["让“小食堂”撑起“大民生”"]
    assert [(p.name, p.titles, p.role) for p in commentary.people] == [("魏然", ["作者"], "reporter")]
    assert report_answer(commentary, "reporters", TemplatesConfig()) == "作者：魏然"
    interview = articles["让每一片林子都有人管"]
    assert report_answer(interview, "reporters", TemplatesConfig()) == "记者：温晓岚"


def _people(text: str) -> list[tuple[str, list[str]]]:
    span = SourceSpan(file="x.txt", line_start=1, line_end=1)
    article = Article(id="x-01", page="x", headline="标题", paragraphs=[Paragraph(text=text, source=span)])
    return [(p.name, p.titles) for p in extract_people(article)[0]]


@pytest.mark.parametrize(
    "sentence",
    [
        "截至目前，全市已建成社区长者食堂312家，日均服务老人4.6万人次。",
        "有的社区把食堂开在菜市场旁边，方便市民买菜就餐。",
        "办好社区长者食堂，需要政府、社会、家庭同向发力。",
        "全区新建社区长者助餐点46个，方便居民就近用餐。",
        "街道为辖区居民办实事20件，参加活动的市民纷纷点赞。",
    ],
)
def test_words_around_a_title_word_are_no_person(sentence: str) -> None:
    """社区长者食堂 holds 区长 and 方便市民买菜 holds 市民, yet 者食堂 and 买菜 open with no surname and 方便
    is a word: no person, and no title."""
    assert _people(sentence) == []


def test_names_with_a_surname_are_still_found_beside_the_near_misses() -> None:
    assert _people("社区长者食堂由区长邵明宇揭牌，市民代表卢小禾发言。") == [
        ("邵明宇", ["区长"]),
        ("卢小禾", ["市民代表"]),
    ]


def test_every_item_of_a_roundup_takes_its_label_as_column(articles: dict[str, Article]) -> None:
    items = [a for a in articles.values() if a.column == "新闻速览"]
    assert [a.headline for a in items] == [
        "全省新增高标准农田86万亩",
        "东岭机场夏航季新开6条航线",
        "省博物馆“青铜纪”特展开幕",
        "全省首批“银龄讲师”上岗",
    ]
    assert all(len(a.paragraphs) == 1 and a.page_number == 1 for a in items)


@pytest.mark.parametrize(
    "header",
    [
        "維港日報 2025年6月11日 星期三 A04 港聞",
        "维港日报 2025年6月11日 星期三 A04 港闻",
        "南江晚报 2025年6月11日 A12 体育",
    ],
)
def test_a_masthead_with_its_edition_after_the_date_is_a_page_header(header: str) -> None:
    copy = to_simplified(header)
    assert is_page_header(copy)
    place = from_header([Line(copy, 1, False, False)])
    assert (place.date, place.number, place.section) == (
        dt.date(2025, 6, 11),
        int(copy.split()[-2][1:]),
        copy.split()[-1],
    )
    assert place.publication == copy.split()[0]


def test_a_traditional_page_under_its_masthead(articles: dict[str, Article]) -> None:
    """The masthead is furniture and names the paper, day, page and section, in the page's script."""
    first = articles["東涌新市鎮擴展區首批公屋入伙"]
    assert (first.publication, first.page_date, first.page_number, first.section) == (
        "維港日報",
        dt.date(2025, 6, 11),
        4,
        "港聞",
    )
    assert first.furniture == ["line 1: 維港日報 2025年6月11日 星期三 A04 港聞"]
    assert (first.kicker, first.subtitles, first.date) == (None, [], dt.date(2025, 6, 10))
    second = articles["啟德體育園下月舉辦國際龍舟賽"]
    assert (second.publication, second.section) == ("維港日報", "港聞")


def test_titles_and_roles_in_traditional_script(articles: dict[str, Article]) -> None:
    """局長 is a title and 主禮 (officiating at a ceremony) a role, in either script."""
    people = {p.name: (p.titles, p.role) for a in articles.values() for p in a.people}
    assert people["鄧家豪"] == (["房屋局局長"], "officiated")
    assert people["杜文傑"] == (["文化體育及旅遊局局長"], "attended")
    simplified = _people("房屋局局长邓家豪主礼，并向首批住户送上锁匙。")
    assert simplified == [("邓家豪", ["房屋局局长"])]


def test_an_evening_papers_two_heading_lines_stay_apart(articles: dict[str, Article]) -> None:
    """Two whole heading lines (the second as long as the first) are a headline and its subtitle, never one
    line cut by a column."""
    meeting = articles["市政府常务会议研究部署防汛工作"]
    assert (meeting.kicker, meeting.subtitles) == (None, ["审议通过城市内涝治理三年行动方案"])
    assert (meeting.byline, meeting.reporters, meeting.page_number) == (
        "晚报讯（记者 石立新）",
        ["石立新"],
        3,
    )
    lanes = articles["老城区背街小巷"]
    assert lanes.subtitles == ["年底前完成改造"]


@pytest.mark.parametrize(
    ("lines", "headline", "subtitles"),
    [
        (["全市第一个千亿级物流枢纽", "在临川落成"], "全市第一个千亿级物流枢纽在临川落成", []),
        (["全市安全生产工作", "取得新成效"], "全市安全生产工作取得新成效", []),
        (
            ["省政府常务会议研究部署森林防火工作", "审议通过全省湿地保护规划"],
            "省政府常务会议研究部署森林防火工作",
            ["审议通过全省湿地保护规划"],
        ),
        (
            ["市政府常务会议研究部署防汛工作", "审议通过城市内涝治理方案"],
            "市政府常务会议研究部署防汛工作",
            ["审议通过城市内涝治理方案"],
        ),
    ],
)
def test_a_line_cut_by_a_column_is_joined_and_two_whole_lines_are_not(
    lines: list[str], headline: str, subtitles: list[str]
) -> None:
    """A column's cut leaves a short rest; a second line as long as a headline, opening with a verb under
    a line ending in an activity (…防汛工作 / 审议通过…), is the subtitle, even when shorter than the first."""
    heading = read_heading(lines)
    assert (heading.headline, heading.kicker, heading.subtitles) == (headline, None, subtitles)


@pytest.mark.parametrize(
    ("printed", "person"),
    [
        ("發展局局長甯漢豪主持開幕禮。", ("甯汉豪", ["发展局局长"], "presided")),
        ("特首李家超為典禮主禮。", ("李家超", ["特首"], "officiated")),
        ("立法會議員陳志明出席活動。", ("陈志明", ["立法会议员"], "attended")),
        ("主禮嘉賓包括民政事務總署署長黃智祖。", ("黄智祖", ["民政事务总署署长"], "attended")),
        ("創新科技署署長潘婷婷主禮並致辭。", ("潘婷婷", ["创新科技署署长"], "officiated")),
    ],
)
def test_hong_kong_titles_and_roles_read_through_the_simplified_copy(
    printed: str, person: tuple[str, list[str], str]
) -> None:
    span = SourceSpan(file="x.txt", line_start=1, line_end=1)
    paragraph = Paragraph(text=simplified(printed), source=span)
    article = Article(id="x-01", page="x", headline="标题", paragraphs=[paragraph])
    assert [(p.name, p.titles, p.role) for p in extract_people(article)[0]] == [person]
