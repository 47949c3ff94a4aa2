"""What a reply quotes: the answering sentence whole when it fits in 200 characters, else a window of
whole clauses around the answer; the short answer line first. Over invented one-article pages."""

from __future__ import annotations

from bot.answers import pairs
from bot.answers.sentences import MAX_EVIDENCE_CHARS
from bot.config import Settings
from bot.corpus.chunks import Chunk
from bot.corpus.models import Article, Corpus, Paragraph, Person, SourceSpan
from bot.engine import Engine
from bot.search.retrieval import Hit
from bot.text.terms import Tokenizer


def _engine(*articles: tuple[str, list[str]], people: tuple[str, ...] = ()) -> Engine:
    """An engine over invented articles, each a headline and its paragraphs (naming ``people``)."""
    span = SourceSpan(file="p.txt", line_start=1, line_end=1)
    return Engine(
        Settings(),
        Corpus(
            articles=[
                Article(
                    id=f"p-{n:02d}",
                    page="p",
                    headline=headline,
                    paragraphs=[Paragraph(text=text, source=span) for text in texts],
                    people=[Person(name=name, role="presided", paragraph=0) for name in people],
                )
                for n, (headline, texts) in enumerate(articles, 1)
            ]
        ),
        Tokenizer(),
    )


BRIDGE = (
    "青溪大桥由省交通规划设计院设计，主桥为双塔斜拉结构，全长1860米，桥面宽32米，双向六车道，"
    "设计时速80公里，工程总投资约21亿元，历经四年建设，克服了深水基础施工、台风季节高空作业等多项难题，"
    "最终由省路桥集团第二工程公司承建完成，并于2019年10月正式建成通车。"
)
"""An invented answering sentence of between 120 and 200 characters, its answer at the end."""

FERRY_CLAUSES = [
    "据介绍",
    "青溪渡口始建于清代道光年间",
    "曾是连接南北两岸的唯一通道",
    "最繁忙时每天往返的渡船多达四十余班",
    "两岸的集市贸易也因渡口而兴",
    "上世纪八十年代以后",
    "随着公路网络的不断完善和私家车的普及",
    "渡口客流逐年下降",
    "渡船班次一再减少",
    "老船工们相继转行或者退休",
    "镇里曾多次组织专家论证渡口的去留问题",
    "最终决定保留渡口并改建为旅游码头",
    "改建工程由青溪镇文化旅游发展有限公司负责实施",
    "码头于2021年5月重新开放",
    "如今每逢节假日",
    "前来乘船观光的游客络绎不绝",
    "渡口周边的民宿和餐馆也重新热闹起来",
    "成为当地乡村振兴的一张新名片",
]
FERRY = "，".join(FERRY_CLAUSES) + "。"
"""An invented answering sentence over 200 characters, its answer in a middle clause."""


def test_an_answering_sentence_of_up_to_200_characters_is_quoted_whole() -> None:
    assert 120 < len(BRIDGE) <= MAX_EVIDENCE_CHARS == 200
    engine = _engine(("青溪大桥建成通车", ["青溪大桥位于青溪镇东侧。", BRIDGE]))
    reply = engine.reply("青溪大桥是哪家设计院设计的？")
    assert reply.found and BRIDGE in reply.text
    reply = engine.reply("青溪大桥什么时候建成通车？")
    # The short answer stays first; the sentence is quoted whole under it.
    assert reply.blocks[0].text.endswith("2019年10月") and BRIDGE in reply.blocks[1].text


def test_a_longer_sentence_is_quoted_as_whole_clauses_around_the_answer() -> None:
    assert len(FERRY) > MAX_EVIDENCE_CHARS
    engine = _engine(("青溪渡口改建为旅游码头", ["青溪渡口位于青溪镇北侧。", FERRY]))
    reply = engine.reply("青溪渡口改建后的码头什么时候重新开放？")
    assert reply.found and reply.blocks[0].text.endswith("2021年5月")
    quote = reply.blocks[1].text
    inner = quote.strip("…")
    assert inner in FERRY and len(inner) <= MAX_EVIDENCE_CHARS and "码头于2021年5月重新开放" in inner
    # Never cut inside a clause: the quote is a run of whole clauses, each as printed, and says where
    # it was cut.
    assert all(clause in FERRY_CLAUSES for clause in inner.strip("，。").split("，"))
    assert quote.startswith("…") == (not FERRY.startswith(inner))
    assert quote.endswith("…") == (not FERRY.endswith(inner))


def test_a_clause_too_long_to_quote_is_cut_after_a_phrase_never_inside_one() -> None:
    phrases = ["沿江的", "老街的", "青石板路的", "两侧的", "百年老店的", "木雕门楣的"] * 9
    clause = "青溪老街修缮工程于2023年4月完工后" + "".join(phrases) + "面貌焕然一新"
    assert len(clause) > MAX_EVIDENCE_CHARS and "、" not in clause and "，" not in clause
    engine = _engine(("青溪老街修缮完工", ["青溪老街位于镇中心。", clause + "。"]))
    reply = engine.reply("青溪老街的修缮工程什么时候完工？")
    assert reply.blocks[0].text.endswith("2023年4月")
    cut = reply.blocks[1].text
    assert cut.endswith("的…") and clause.startswith(cut.rstrip("…"))


def _long_paragraph(*sentences: str, before: int = 7) -> str:
    """A paragraph long enough to be cut into several passages, so a sentence may open one of them."""
    filler = [
        f"青溪镇第{n}个村的道路、路灯和供水管网在这一轮改造中全部更新，村容村貌明显改善。"
        for n in range(before)
    ]
    return "".join([*filler, *sentences])


def test_a_sentence_that_leans_on_the_one_before_is_quoted_with_it_even_across_passages() -> None:
    text = _long_paragraph(
        "青溪镇志由镇文化站站长吴明远主持编纂，历时五年完成。",
        "该书收录了青溪镇自明代以来的沿革、人物和物产资料。",
        "青溪镇的沿革、人物和物产资料此前散见于各村的族谱和账册之中。",
        before=4,
    )
    engine = _engine(("青溪镇志出版", [text]))
    # The sentence opens the second passage, which holds more of the question's words than the first.
    assert [c.text.startswith("该书") for c in engine.retriever.chunks] == [False, True]
    reply = engine.reply("哪本书收录了青溪镇自明代以来的沿革、人物和物产资料？")
    assert reply.found and "青溪镇志由镇文化站站长吴明远主持编纂" in reply.text


def test_a_date_asked_but_held_only_by_the_sentence_before_is_quoted_with_it() -> None:
    text = _long_paragraph(
        "2016年春，青溪镇启动老粮仓保护工程，镇政府邀请省古建筑研究所进行勘察。",
        "青溪镇老粮仓随后被改建为农耕文化展示馆，向游客免费开放。",
    )
    engine = _engine(("青溪镇老粮仓变身展示馆", [text]))
    reply = engine.reply("青溪镇老粮仓是哪一年被改建为农耕文化展示馆的？")
    assert reply.found and "2016年" in reply.text and "改建为农耕文化展示馆" in reply.text
    # The sentence before is never added where the answering one holds a date itself.
    reply = engine.reply("青溪镇是哪一年启动老粮仓保护工程的？")
    assert reply.found and "改建为农耕文化展示馆" not in reply.text


def test_the_share_of_a_questions_character_pairs_a_text_holds() -> None:
    engine = _engine(("x", ["x。"]))
    question = engine.reader.read("青溪古桥是哪一年修缮的？")
    assert pairs.held(question, "青溪古桥于2019年修缮完工") == 1.0
    assert 0 < pairs.held(question, "古桥于2019年完工") < 1.0
    assert pairs.held(question, "东湖大坝于2019年完工") == 0.0


def test_an_answer_sharing_little_of_the_questions_wording_is_not_given() -> None:
    """However well its passage covers the question, a sentence (with the one before it and its
    headline) holding under ``MIN_HELD`` of the question's character pairs is about something else."""
    text = "东湖风光带沿岸种植了樱花和桂花。"
    engine = _engine(("东湖风光带建成", [text]))
    question = engine.reader.read("青溪古桥是县文物局组织哪些工匠修缮的？")
    hit = Hit(Chunk("p-01", 0, text), 1.0, 0.9)
    assert not engine.composer.compose(question, [hit], engine.settings.retrieval.min_coverage).reply.found
    question = engine.reader.read("东湖风光带沿岸种植了什么花？")
    assert engine.composer.compose(question, [hit], engine.settings.retrieval.min_coverage).reply.found


def test_a_question_said_in_other_words_is_answered_from_an_article_about_its_subject() -> None:
    """A passage short of the coverage an answer needs (the reader's rarest word is not the paper's)
    answers when one of its sentences holds most of the question's character pairs and its headline
    names the subject; another article's sentence of the same wording does not."""
    sentence = "青溪古桥由县文物局组织古建筑工匠修缮完成，桥面石板全部按原样铺回。"
    other = "西山铁桥由县文物局组织古建筑工匠修缮完成，桥面钢板全部更换。"
    engine = _engine(("青溪古桥修缮完成", [sentence]), ("东湖风光带建成", [other]))
    question = engine.reader.read("青溪古桥是县文物局组织哪些工匠修缮的？")
    ours, theirs = (Hit(Chunk(f"p-0{n}", 0, text), 1.0, 0.45) for n, text in ((1, sentence), (2, other)))
    assert pairs.paraphrased(question, [ours, theirs], engine.articles) == [ours]
    composer, least = engine.composer, engine.settings.retrieval.min_coverage
    assert least > 0.45
    answer = composer.compose(question, [ours, theirs], least).reply
    assert answer.found and sentence in answer.text
    assert not composer.compose(question, [theirs], least).reply.found
    # Under the paraphrase coverage, or missing a deciding element, a passage never answers.
    assert not composer.compose(question, [ours._replace(coverage=0.3)], least).reply.found
    assert not composer.compose(question, [ours._replace(unmet=("2019年",))], least).reply.found


def test_a_paraphrase_is_not_carried_by_a_name_alone() -> None:
    """A short question whose name is most of its character pairs (孙某某 + 出生) is answered as a
    paraphrase only where what else it asks is said: a sentence about the person's meeting holds the
    name but says nothing of a birth, so the reply is "not found", not the meeting's date."""
    meeting = "3月2日，县长孙立平主持召开县政府常务会议，研究部署春季农业生产工作。"
    engine = _engine(("孙立平主持召开县政府常务会议", [meeting]), people=("孙立平",))
    question = engine.reader.read("孙立平是哪一年出生的？")
    assert question.names == ("孙立平",)
    assert pairs.held(question, meeting) > pairs.PARAPHRASE_HELD  # the name's pairs alone would do
    assert pairs.held(question, meeting, names_apart=True) == 0.0
    hit = Hit(Chunk("p-01", 0, meeting), 1.0, 0.45)
    composer, least = engine.composer, engine.settings.retrieval.min_coverage
    assert not composer.compose(question, [hit], least).reply.found
    born = "孙立平，1971年出生于青溪县，1993年参加工作。"
    engine = _engine(("孙立平同志简历", [born]), people=("孙立平",))
    answer = engine.composer.compose(
        engine.reader.read("孙立平是哪一年出生的？"), [hit._replace(chunk=Chunk("p-01", 0, born))], least
    ).reply
    assert answer.found and "1971年" in answer.text
