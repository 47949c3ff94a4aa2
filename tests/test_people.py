"""People and roles extracted at ingest: the seed page checked name by name, and small articles of
other papers with other bylines and other lists of names."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import IngestConfig
from bot.corpus.models import Article, Paragraph, SourceSpan
from bot.ingestion.ingest import ingest_paths
from bot.ingestion.names import is_name, name_at, titled_name
from bot.ingestion.people import extract_people, reporter_title

SEED = Path(__file__).resolve().parent.parent / "seeds" / "000_09621e14e5a96519.txt"
CITY_LEADERS = (
    "杜新军 高义 吕挺琳 牛卫国 虎强 李喜安 史占勇 马义中 李黔淼 陈宏伟 潘开名 王万鹏 杨东方".split()
)
VICE_CHAIRS = "张春阳 蔡红 袁三军 王福松 孙黎 宋书杰 蒿铁群".split()


@pytest.fixture(scope="module")
def seed(tmp_path_factory: pytest.TempPathFactory) -> list[Article]:
    """The seed page as ingestion writes it (people are filled in at ingest)."""
    report = ingest_paths([SEED], tmp_path_factory.mktemp("corpus"), IngestConfig())
    assert len(report.articles) == 4
    return report.articles


def people_table(article: Article) -> list[tuple[str, tuple[str, ...], str]]:
    return [(p.name, tuple(p.titles), p.role) for p in article.people]


def make_article(*paragraphs: str, byline: str | None = None, reporters: list[str] | None = None) -> Article:
    return Article(
        id="t-01",
        page="t",
        headline="测试新闻",
        byline=byline,
        reporters=reporters or [],
        paragraphs=[
            Paragraph(text=text, source=SourceSpan(file="t.txt", line_start=n + 1, line_end=n + 1))
            for n, text in enumerate(paragraphs)
        ],
    )


def test_economic_meeting_people_titles_roles_and_speakers(seed: list[Article]) -> None:
    article = seed[0]
    assert people_table(article) == [
        ("安伟", ("省委常委", "市委书记"), "spoke"),
        ("何雄", ("市委副书记", "代市长"), "deployed"),
        *[(name, ("市领导",), "attended") for name in CITY_LEADERS],
        ("陈锋", ("郑报全媒体记者",), "reporter"),
        ("张昕", ("郑报全媒体记者",), "reporter"),
    ]
    assert article.speakers == [
        "航空港区", "金水区", "巩义市", "市工信局", "市城建局",
        "高新区", "惠济区", "荣阳市", "市交通局", "市商务局",
    ]  # fmt: skip


def test_party_group_meeting_distributes_vice_chair_over_the_list(seed: list[Article]) -> None:
    assert people_table(seed[1]) == [
        ("周富强", ("市人大常委会党组书记",), "presided"),
        ("胡荃", ("市人大常委会主任",), "attended"),
        *[(name, ("副主任",), "attended") for name in VICE_CHAIRS],
        ("董艳竹", ("郑报全媒体记者",), "reporter"),
    ]
    assert seed[1].speakers == []


def test_follow_on_chairpersons_meeting(seed: list[Article]) -> None:
    assert people_table(seed[2]) == [
        ("胡荃", ("市人大常委会主任",), "presided"),
        ("周富强", ("党组书记",), "attended"),
        *[(name, ("副主任",), "attended") for name in VICE_CHAIRS],
        ("董艳竹", ("郑报全媒体记者",), "reporter"),
    ]


def test_meeting_without_named_people_has_only_its_reporter(seed: list[Article]) -> None:
    assert people_table(seed[3]) == [("赵文静", ("郑报全媒体记者",), "reporter")]


def test_every_name_and_title_is_written_in_the_paragraph_cited(seed: list[Article]) -> None:
    for article in seed:
        for person in article.people:
            if person.role == "reporter":
                assert person.name in article.reporters
                assert all(title in (article.byline or "") for title in person.titles)
                continue
            text = article.paragraphs[person.paragraph].text
            assert person.name in text
            assert all(title in text for title in person.titles)
            assert text.index(person.titles[-1]) < text.index(person.name)


def test_later_mentions_are_the_person_already_named(seed: list[Article]) -> None:
    names = [p.name for p in seed[0].people]
    assert names.count("安伟") == 1  # 安伟指出 / 安伟强调 / 安伟要求 are the same person
    assert not any(name.startswith("他") for name in names)  # 他强调 is no new person


def test_structure_finds_names_jieba_does_not_know() -> None:
    assert name_at("蒿铁群出席或列席会议") == ("蒿铁群", "出席或列席会议")
    assert name_at("虎强") == ("虎强", "")
    assert name_at("何雄作具体部署") == ("何雄", "作具体部署")
    assert name_at("杨东方在主场出席会议") == ("杨东方", "在主场出席会议")
    assert name_at("艾力更·依明巴海出席会议") == ("艾力更·依明巴海", "出席会议")
    assert titled_name("市人大常委会主任胡荃") == ("市人大常委会主任", "胡荃", "")
    assert titled_name("第四十九次主任会议") is None
    assert titled_name("习近平总书记重要讲话精神") is None
    assert not is_name("会议")


def test_other_paper_byline_lists_and_roles() -> None:
    article = make_article(
        "国务院总理李强2月26日主持召开国务院常务会议。",
        "自治区党委书记马兴瑞,自治区党委副书记、自治区主席艾尔肯·吐尼亚孜出席会议并讲话。",
        "会议由市委副书记张志远主持。市委常委、宣传部部长黎明辉,副市长孔德、欧阳明华等参加会议。",
        "市发改委主任赵春生汇报了全市重点项目建设情况。省长王凯作政府工作报告。他强调,要抓落实。",
        "出席会议的还有市领导蒲公平、窦一。全国人大常委会委员长赵乐际出席。",
        "会上,中原区、二七区负责同志作交流发言,市委常委龙飞作典型发言。",
        byline="本报北京2月27日电（记者 王小明 实习生 丁一）",
        reporters=["王小明"],
    )
    people, speakers = extract_people(article)
    assert [(p.name, tuple(p.titles), p.role, p.paragraph) for p in people] == [
        ("李强", ("国务院总理",), "presided", 0),
        ("马兴瑞", ("自治区党委书记",), "spoke", 1),
        ("艾尔肯·吐尼亚孜", ("自治区党委副书记", "自治区主席"), "spoke", 1),
        ("张志远", ("市委副书记",), "presided", 2),
        ("黎明辉", ("市委常委", "宣传部部长"), "attended", 2),
        ("孔德", ("副市长",), "attended", 2),
        ("欧阳明华", ("副市长",), "attended", 2),
        ("赵春生", ("市发改委主任",), "reported", 3),
        ("王凯", ("省长",), "reported", 3),
        ("蒲公平", ("市领导",), "attended", 4),
        ("窦一", ("市领导",), "attended", 4),
        ("赵乐际", ("全国人大常委会委员长",), "attended", 4),
        ("龙飞", ("市委常委",), "spoke", 5),
        ("王小明", ("记者",), "reporter", 0),
    ]
    assert speakers == ["中原区", "二七区负责同志"]


def test_text_without_people_names_nobody() -> None:
    article = make_article(
        "会议指出,要深入学习贯彻习近平总书记重要讲话精神,召开第四十九次主任会议和主席会议。",
        "市人大常委会、市政协各专门委员会要抓好落实,全市各级人大和人大代表要发挥作用。",
    )
    assert extract_people(article) == ([], [])


def test_reporter_title_as_the_byline_writes_it() -> None:
    assert reporter_title("本报讯(郑报全媒体记者 陈锋 张昕)") == "郑报全媒体记者"
    assert reporter_title("本报北京2月27日电（记者 王小明）") == "记者"
    assert reporter_title(None) == "记者"


def test_untitled_lists_of_names_before_a_role_verb() -> None:
    article = make_article(
        "中共中央总书记、国家主席、中央军委主席习近平出席会议并发表重要讲话。李强、赵乐际、王沪宁、丁薛祥出席会议。",
        "张伟主持会议。王小明说,今年收成不错。蔡奇、石泰峰分别出席。",
        "高新区、惠济区、荥阳市作表态发言。郑州市、洛阳市、省商务厅负责同志作交流发言。",
        byline="新华社北京5月21日电",
    )
    people, speakers = extract_people(article)
    assert [(p.name, tuple(p.titles), p.role) for p in people] == [
        ("习近平", ("中共中央总书记", "国家主席", "中央军委主席"), "spoke"),
        ("李强", (), "attended"),
        ("赵乐际", (), "attended"),
        ("王沪宁", (), "attended"),
        ("丁薛祥", (), "attended"),
        ("张伟", (), "presided"),
        ("蔡奇", (), "attended"),
        ("石泰峰", (), "attended"),
    ]
    assert speakers == ["高新区", "惠济区", "荥阳市", "郑州市", "洛阳市", "省商务厅负责同志"]


def test_lead_ins_and_longer_words_are_not_titles() -> None:
    article = make_article(
        "在主席台就座的有市委书记安伟。市委书记处书记王沪宁出席。主任医师刘芳为患者义诊。",
        "民警张磊、志愿者李娜参加活动。国有企业董事长王五出席。安伟同志在讲话中要求抓好落实。",
    )
    people, _ = extract_people(article)
    assert [(p.name, tuple(p.titles), p.role) for p in people] == [
        ("安伟", ("市委书记",), "spoke"),  # seated on the rostrum, then 在讲话中要求
        ("王沪宁", ("市委书记处书记",), "attended"),
        ("刘芳", ("主任医师",), "attended"),
        ("张磊", ("民警",), "attended"),
        ("李娜", ("志愿者",), "attended"),
        ("王五", ("国有企业董事长",), "attended"),
    ]


def test_names_joined_by_conjunctions_and_shared_speech() -> None:
    article = make_article(
        "区委书记张志与区长李平一同出席。市长何雄和李五、王六出席活动。受表彰代表张爱华作典型发言。代表们认为很受鼓舞。",
        "郑州大学校长宋毛平,河南大学党委书记汪明义分别介绍了各自学校的情况。",
    )
    people, _ = extract_people(article)
    assert [(p.name, tuple(p.titles), p.role) for p in people] == [
        ("张志", ("区委书记",), "attended"),
        ("李平", ("区长",), "attended"),
        ("何雄", ("市长",), "attended"),
        ("李五", (), "attended"),  # after 和 a name does not take the titles before it
        ("王六", (), "attended"),
        ("张爱华", ("表彰代表",), "spoke"),
        ("宋毛平", ("郑州大学校长",), "spoke"),
        ("汪明义", ("河南大学党委书记",), "spoke"),
    ]


def test_a_title_after_according_to_starts_after_it() -> None:
    """据某某介绍: 据 opens the clause, it is no part of the title."""
    article = make_article("据开发区管委会主任吴海波介绍，开发区今年计划实施重点项目120个。")
    people, _ = extract_people(article)
    assert [(p.name, tuple(p.titles), p.role) for p in people] == [("吴海波", ("开发区管委会主任",), "spoke")]
