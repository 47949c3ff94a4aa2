"""People and roles extracted at ingest: the seed page checked name by name, and small articles of
other papers with other bylines and other lists of names."""

from __future__ import annotations

from pathlib import Path

from bot.answers.who import who
from bot.config import IngestConfig, TemplatesConfig
from bot.corpus.models import Article, Paragraph, SourceSpan
from bot.ingestion.ingest import ingest_paths
from bot.ingestion.names import is_name, name_at, titled_name
from bot.ingestion.people import extract_people, reporter_title

CITY_LEADERS = (
    "杜新军 高义 吕挺琳 牛卫国 虎强 李喜安 史占勇 马义中 李黔淼 陈宏伟 潘开名 王万鹏 杨东方".split()
)
VICE_CHAIRS = "张春阳 蔡红 袁三军 王福松 孙黎 宋书杰 蒿铁群".split()


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
        ("王凯", ("省长",), "spoke", 3),  # 作…报告 is a speech; 汇报 above is a report
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


def people_of(
    *paragraphs: str, byline: str | None = None, reporters: list[str] | None = None
) -> list[tuple[str, tuple[str, ...], str]]:
    people, _ = extract_people(make_article(*paragraphs, byline=byline, reporters=reporters))
    return [(p.name, tuple(p.titles), p.role) for p in people]


def test_a_name_ending_in_a_joining_character_stays_whole_before_a_predicate() -> None:
    """和/与 after a name joins only when another person follows it; before a predicate it is the name's
    last character (温家和出席), and 作工作报告 opens no person 作工."""
    assert name_at("何永和出席开幕式并致辞") == ("何永和", "出席开幕式并致辞")
    assert name_at("罗德和主持会议") == ("罗德和", "主持会议")
    assert name_at("孙永和作工作报告") == ("孙永和", "作工作报告")
    assert name_at("范明与到会代表交流") == ("范明与", "到会代表交流")
    assert name_at("何雄和李五出席") == ("何雄", "和李五出席")  # a joining word, a person after it
    assert name_at("何雄和夫人出席") == ("何雄", "和夫人出席")
    assert name_at("何雄和出席会议的代表握手") == ("何雄", "和出席会议的代表握手")  # 和 + a relative clause
    assert name_at("何雄和作家王五出席") == ("何雄", "和作家王五出席")  # 作家 is a word, not 作
    assert people_of(
        "省政协副主席何永和出席开幕式并致辞。市长孙永和作工作报告。副市长罗德和主持。",
        "市委书记葛平和区长孟林一同出席。",
    ) == [
        ("何永和", ("省政协副主席",), "spoke"),
        ("孙永和", ("市长",), "spoke"),
        ("罗德和", ("副市长",), "presided"),
        ("葛平", ("市委书记",), "attended"),
        ("孟林", ("区长",), "attended"),
    ]
    assert people_of("会上，何永和作工作报告。", "市长孙永和出席。孙永和作工作报告。") == [
        ("孙永和", ("市长",), "spoke")  # later bare mention is the same person, and no 作工
    ]


def test_a_compound_surname_with_a_one_character_given_name() -> None:
    assert is_name("司马南") and is_name("上官燕") and not is_name("欧阳")
    assert people_of("副主任何清、司马南、上官燕，秘书长卢平出席会议。", "副县长诸葛亮出席并讲话。") == [
        ("何清", ("副主任",), "attended"),
        ("司马南", ("副主任",), "attended"),
        ("上官燕", ("副主任",), "attended"),
        ("卢平", ("秘书长",), "attended"),
        ("诸葛亮", ("副县长",), "spoke"),
    ]


def test_taking_a_post_or_giving_a_report_is_a_verb_phrase_not_a_name() -> None:
    assert name_at("任组长") is None and name_at("任副组长，负责统筹") is None
    assert name_at("作工作报告") is None
    assert name_at("任正非出席") == ("任正非", "出席")  # 任 is a surname too
    assert people_of("成立工作专班，由县委书记任组长，县长任副组长。") == []


def test_removal_from_a_post_names_the_person_and_the_post() -> None:
    assert people_of(
        "任命邵一舟为东河市交通运输局局长。",
        "免去卞志远的东河市交通运输局局长职务；免去岑立、葛文的东河市交通运输局副局长职务。",
    ) == [
        ("邵一舟", ("东河市交通运输局局长",), "appointed"),
        ("卞志远", ("东河市交通运输局局长",), "removed"),
        ("岑立", ("东河市交通运输局副局长",), "removed"),
        ("葛文", ("东河市交通运输局副局长",), "removed"),
    ]


def test_a_spouse_in_brackets_after_a_titled_name_keeps_both_in_order() -> None:
    assert people_of("参加仪式的还有捐赠人孔德源、白雪梅（孔德源夫人）等。") == [
        ("孔德源", ("捐赠人",), "attended"),
        ("白雪梅", ("孔德源夫人",), "attended"),  # her own title, not 捐赠人
    ]


def test_keynotes_lectures_and_reports_are_speeches() -> None:
    assert people_of(
        "英国皇家学会院士约翰·史密斯作主旨演讲。",
        "省社科院研究员梁秋实作题为《乡村与城市》的专题讲座。",
        "市发改委主任钟伟作专题报告。区农业局局长邹平汇报了春耕情况。",
    ) == [
        ("约翰·史密斯", ("英国皇家学会院士",), "spoke"),
        ("梁秋实", ("省社科院研究员",), "spoke"),
        ("钟伟", ("市发改委主任",), "spoke"),
        ("邹平", ("区农业局局长",), "reported"),
    ]


def test_athletes_are_people_with_their_team_as_title() -> None:
    assert people_of(
        "女子100米蛙泳决赛中，东河二中选手阮小溪以1分08秒夺冠。",
        "国家队选手祁明远以2分01秒获得亚军，省队主教练庞立出席颁奖仪式。",
    ) == [
        ("阮小溪", ("东河二中选手",), "attended"),
        ("祁明远", ("国家队选手",), "attended"),
        ("庞立", ("省队主教练",), "attended"),
    ]


def test_a_title_right_after_a_name_is_that_persons_title() -> None:
    assert people_of(
        "孔德源委员长主持会议。卢平市长出席并讲话，阿卜杜·热西提院士作报告。",
        "会议强调，全体委员要履职尽责。两位院士出席。",
    ) == [
        ("孔德源", ("委员长",), "presided"),
        ("卢平", ("市长",), "spoke"),
        ("阿卜杜·热西提", ("院士",), "spoke"),
    ]


def test_an_election_outranks_a_speech_by_the_same_person() -> None:
    assert people_of(
        "会议选举邵一舟为东河市人民检察院检察长，任命卞志远为东河市副市长。",
        "邵一舟作表态发言。副市长卞志远讲话。",
    ) == [
        ("邵一舟", ("东河市人民检察院检察长",), "elected"),
        ("卞志远", ("东河市副市长", "副市长"), "appointed"),
    ]
    _, speakers = extract_people(make_article("会议选举邵一舟为检察长。邵一舟作表态发言。"))
    assert speakers == []  # a person who spoke is no speaking body


def test_a_column_author_gets_the_post_in_the_author_note() -> None:
    byline = "余  舟 （作者为东河师范大学文学院副教授）"
    people = people_of("文章正文。", byline=byline, reporters=["余舟"])
    assert people == [("余舟", ("作者", "东河师范大学文学院副教授"), "reporter")]
    assert reporter_title(byline) == "作者"
    assert people_of("文章正文。", byline="（记者 余舟）", reporters=["余舟"]) == [
        ("余舟", ("记者",), "reporter")
    ]


def test_who_shows_elections_removals_and_authors(tmp_path: Path) -> None:
    """/who as a reader sees it: an elected person who also spoke shows 当选, a removal 免职, a name
    ending in 和 is found whole, and a commentary's author shows 作者 with the post from the note."""
    page = tmp_path / "2023-05-09_A02_1.txt"
    page.write_text(
        "东河市人大常委会举行第十二次会议\n"
        "本报讯（记者 蓝晴）8日，东河市人大常委会举行第十二次会议。会议选举邵一舟为东河市监察委员会主任，"
        "免去卞志远的东河市交通运输局局长职务。\n"
        "　　市人大常委会主任贺永和主持会议。邵一舟作表态发言。\n"
        "\n"
        "让每条街巷都亮起来\n"
        "余  舟\n"
        "　　夜间照明是小事，也是民生大事。\n"
        "（作者为东河师范大学文学院副教授）\n",
        encoding="utf-8",
    )
    articles = ingest_paths([page], tmp_path / "corpus", IngestConfig()).articles
    templates = TemplatesConfig()
    shown = {
        name: who(articles, name, templates).text.splitlines()
        for name in ("邵一舟", "卞志远", "贺永和", "余舟")
    }
    assert shown["邵一舟"] == [
        "邵一舟：东河市监察委员会主任",
        "《东河市人大常委会举行第十二次会议》（2023年5月8日）：当选",
    ]
    assert shown["卞志远"] == [
        "卞志远：东河市交通运输局局长",
        "《东河市人大常委会举行第十二次会议》（2023年5月8日）：免职",
    ]
    assert shown["贺永和"] == [
        "贺永和：市人大常委会主任",
        "《东河市人大常委会举行第十二次会议》（2023年5月8日）：主持",
    ]
    assert shown["余舟"] == [
        "余舟：作者、东河师范大学文学院副教授",
        "《让每条街巷都亮起来》（2023年5月9日）：作者",
    ]


def test_adverbs_gender_marks_and_frequent_words_are_no_part_of_a_name() -> None:
    """New titles (选手, 运动员) must not let ordinary words through: an adverb after a name ends it
    (林帆曾在…), 男/女 before a title belongs to the title, a frequent word (方面) is no name, and a
    finished verb before a title is no part of it."""
    assert name_at("卢一帆曾在本赛事夺冠") == ("卢一帆", "曾在本赛事夺冠")
    assert name_at("卢一帆皆曾在本赛事夺冠") == ("卢一帆", "皆曾在本赛事夺冠")
    assert not is_name("方面") and not is_name("任务") and is_name("高远")
    assert people_of(
        "东河队选手卢一帆曾在2019年夺冠。而女子选手方面，成绩同样出色。",
        "领队：葛平男运动员（8人）：沈力、孔明。",
        "他的表现打动了省队主教练庞立。",
    ) == [
        ("卢一帆", ("东河队选手",), "attended"),
        ("庞立", ("省队主教练",), "attended"),
    ]


def test_people_quoted_by_their_standing_and_four_character_names_without_a_common_surname() -> None:
    """村民/居民/学生 are titles as much as 校长; a four-character name without a common surname (彝族
    names such as 吉克曲布) counts when neither half is an ordinary word."""
    assert people_of(
        "“今年新建了产房。”乡卫生院院长吉克曲布说。",
        "居民罗晓芸说，食堂饭菜实惠。五年级学生马小雨说，想当医生。",
        "书记深入一线调研。",
    ) == [
        ("吉克曲布", ("乡卫生院院长",), "spoke"),
        ("罗晓芸", ("居民",), "spoke"),
        ("马小雨", ("五年级学生",), "spoke"),
    ]


def test_a_side_before_a_title_is_no_name() -> None:
    """某某和法方主席、某某: 法方 names a side of the talks; a name before its title opens with a surname."""
    article = make_article("委员会中方主席、集团董事长温立刚和法方主席、海运集团董事长马克·贝尔分别致辞。")
    people, _ = extract_people(article)
    assert [p.name for p in people] == ["温立刚", "马克·贝尔"]
