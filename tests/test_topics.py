"""A reader names a field of news in everyday words (看病, 房子, 外贸, 天气) where the paper prints its own
terms (医疗服务, 住房, 进出口, 寒潮): questions about articles find them through the concept table in
config.yaml (``retrieval.concepts``), over a third invented paper in tests/data/topics/ (a whole-day file
with page markers, an archive of one article per file, a page in traditional characters). The question
set is tests/qa_topics.yaml."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import ingested
from qa_scorer import assert_passes

from bot.answers.articles_about import ArticlesAbout, printed_title
from bot.answers.digest import Calendar
from bot.config import load_settings
from bot.corpus.models import Article, Corpus, Paragraph, Person, SourceSpan, load_corpus
from bot.engine import Engine
from bot.search.fields import Fields
from bot.search.question import QuestionReader
from bot.text.lexicon import read_lexicon
from bot.text.terms import Tokenizer, normalise

ROOT = Path(__file__).resolve().parent.parent
TOPICS = ROOT / "tests" / "data" / "topics"
CONCEPTS = load_settings(ROOT / "config.yaml").retrieval.concepts


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return ingested(TOPICS, tmp_path_factory.mktemp("topics"))


@pytest.fixture(scope="module")
def engine(corpus: Path) -> Engine:
    settings = load_settings(ROOT / "config.yaml")
    return Engine(settings, load_corpus(corpus), Tokenizer(read_lexicon(corpus)))


@pytest.mark.slow
def test_question_set_passes(corpus: Path) -> None:
    assert_passes("qa_topics.yaml", corpus)


@pytest.mark.parametrize(
    "question",
    [
        "有关冰雪的新闻有哪些",
        "有没有关于中欧班列的报道？",
        "某某昨天有什么活动",
        "某某最近在忙什么",
        "春运相关报道",
        "关于春运的报道",
        "有什么国际新闻",
    ],
)
def test_more_ways_of_asking_for_articles_are_questions_about_articles(question: str) -> None:
    reader = QuestionReader(Tokenizer(), lambda word: 1.0)
    assert reader.read(question).kind == "about"


@pytest.mark.parametrize(
    "question", ["这是哪天的新闻", "他做了什么", "有没有春运首日的客流数字", "新闻发布会是什么时候"]
)
def test_fact_questions_about_news_keep_their_kind(question: str) -> None:
    reader = QuestionReader(Tokenizer(), lambda word: 1.0)
    assert reader.read(question).kind != "about"


@pytest.mark.parametrize(
    ("words", "days"), [("这两天", 2), ("近两天", 2), ("最近几天", 3), ("这几天", 3), ("这些天", 3)]
)
def test_a_few_days_are_the_papers_last_days(words: str, days: int) -> None:
    today = dt.date(2027, 3, 10)
    question = QuestionReader(Tokenizer(), lambda word: 1.0).read(f"{words}关于春运的新闻", today)
    assert question.kind == "about"  # 几天 here says when, it does not ask how long
    (period,) = question.when.ranges
    assert (period.start, period.end) == (today - dt.timedelta(days=days - 1), today)


def test_the_shipped_table_names_fields_with_terms_of_their_own() -> None:
    assert CONCEPTS and all(terms and word not in terms for word, terms in CONCEPTS.items())


def test_only_a_question_about_articles_is_widened() -> None:
    reader = QuestionReader(Tokenizer(), lambda word: 1.0, concepts=CONCEPTS)
    topic = reader.read("关于找工作有什么新闻")
    assert topic.concepts == ("找工作",) and "就业" in topic.variants["找工作"]
    assert "就业" in topic.terms
    fact = reader.read("找工作的补贴是多少")  # one value: the field's other terms do not pin it down
    assert fact.concepts == () and "找工作" not in fact.variants


def test_a_fields_term_counts_only_where_the_article_says_what_it_is_about(engine: Engine) -> None:
    """寒潮 heads the weather report; the meeting's 推动局势降温 in its second paragraph is no weather."""
    reply = engine.reply("关于天气有什么消息")
    assert [s.title for s in reply.sources] == ["神州北方迎来今年首场寒潮"]


def test_the_title_reads_as_printed() -> None:
    span = SourceSpan(file="p.txt", line_start=1, line_end=1)
    article = Article(
        id="p-01",
        page="p",
        headline="抓好春季农业生产",
        kicker="某某在江城考察时强调",
        subtitles=["——访某某"],
        page_date=dt.date(2027, 3, 9),
        paragraphs=[Paragraph(text="某某在江城考察。", source=span)],
    )
    assert printed_title(article) == "某某在江城考察时强调 抓好春季农业生产——访某某"
    plain = article.model_copy(update={"kicker": "聚焦春耕", "subtitles": ["稳住粮食基本盘"]})
    assert printed_title(plain) == "抓好春季农业生产——稳住粮食基本盘"


def test_a_button_opens_the_article_under_the_date_the_list_gave(engine: Engine) -> None:
    """The list gives the paper's date; the summary a button opens heads with the same one and says the
    event's own day (the 8th, printed on the 9th) on its labelled line."""
    reply = engine.reply("关于看病有什么新闻")
    assert reply.text.splitlines()[1].startswith("1. 2027年3月9日《")
    opened = engine.press(reply.buttons[0][0].command)
    assert opened is not None
    assert opened.text.splitlines()[0] == "《全省医疗服务“一张网”月底建成》（2027年3月9日）"
    assert "时间：2027年3月8日" in opened.text.splitlines()


def test_a_whole_day_in_one_file_is_read_page_by_page(corpus: Path, engine: Engine) -> None:
    """Each page header below news text opens the next page: its articles take its number and section."""
    day = [a for a in load_corpus(corpus).articles if a.page == "changhe_20270309"]
    assert [(a.page_number, a.section, a.headline) for a in day] == [
        (1, "要闻", "方立平会见冰岛议长"),
        (1, "要闻", "全省医疗服务“一张网”月底建成"),
        (1, "要闻", "神州北方迎来今年首场寒潮"),
        (2, "要闻", "抓好春季农业生产 稳住粮食基本盘"),
        (4, "评论", "让公积金更好帮助新市民安家"),
    ]
    assert len({a.id for a in day}) == len(day)
    assert {a.page_date for a in day} == {dt.date(2027, 3, 9)}
    assert "版面：第4版 评论" in engine.reply("让公积金更好帮助新市民安家的文章在哪一版").text.splitlines()


def test_of_a_persons_articles_those_reporting_the_act_asked_come_first() -> None:
    """A leader is in the paper every day: 主持了什么会议 lists the meeting presided over before the newer
    event attended."""
    span = SourceSpan(file="p.txt", line_start=1, line_end=1)

    def article(number: int, day: int, headline: str, text: str) -> Article:
        leader = Person(name="方立平", titles=["国家副主席"], role="attended", paragraph=0)
        return Article(
            id=f"p-{number:02d}",
            page=f"p{day}",
            page_date=dt.date(2027, 3, day),
            page_number=1,
            headline=headline,
            paragraphs=[Paragraph(text=text, source=span)],
            people=[leader],
        )

    corpus = Corpus(
        articles=[
            article(1, 10, "方立平出席义务植树活动", "国家副主席方立平9日出席首都义务植树活动。"),
            article(2, 9, "方立平主持召开座谈会", "国家副主席方立平8日主持召开极地科考座谈会。"),
        ]
    )
    engine = Engine(load_settings(ROOT / "config.yaml"), corpus, Tokenizer())
    assert [s.title for s in engine.reply("方立平主持了什么会议").sources][:1] == ["方立平主持召开座谈会"]
    assert [s.title for s in engine.reply("方立平出席了什么活动").sources][:1] == ["方立平出席义务植树活动"]


def test_the_subject_a_series_names_after_its_dot_is_held() -> None:
    """非遗 in 文化中国行·非遗新春③ says what the series is about; its other words, like a column's name,
    count only when the question names the series."""
    span = SourceSpan(file="p.txt", line_start=1, line_end=1)
    article = Article(
        id="p-01",
        page="p",
        headline="一把剪刀剪出四季",
        series="文化中国行·非遗新春③",
        paragraphs=[Paragraph(text="剪纸艺人的工作室里挤满了学艺的年轻人。", source=span)],
    )
    settings = load_settings(ROOT / "config.yaml")
    about = ArticlesAbout(
        [article],
        Fields([article]),
        lambda: Calendar([article]),
        lambda _: normalise(f"{article.series} {article.headline} {article.paragraphs[0].text}"),
        settings.templates,
        lambda word: 0.0,
    )
    reader = QuestionReader(Tokenizer(), lambda word: 1.0)
    assert about.holds(reader.read("关于非遗有什么新闻"), "p-01", 0.55)
    assert not about.holds(reader.read("关于文化中国行有什么新闻"), "p-01", 0.55)
