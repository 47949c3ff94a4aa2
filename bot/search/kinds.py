"""Question kinds, from one table: the cue that recognises each kind and the shape of its answer.

The first kind whose cue matches the (normalised, simplified) question decides. ``shape`` is what an
answering sentence holds (a date for 什么时候, a number with its unit for 多少人); the composer extracts
the answer phrase with it. Report questions (记者, 哪一版 …) are answered from the article's fields.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

Kind = Literal[
    "about", "when", "who", "where", "number", "list", "why", "how", "state", "yesno", "define", "content"
]
ReportField = Literal["photographers", "reporters", "date", "page", "headline"]
FACT_KINDS: frozenset[Kind] = frozenset({"number", "when", "who", "where"})
"""The kinds whose answer is one value cut from a sentence (a figure, a person, a date, a place): a
sentence about a neighbouring thing always holds one, so a wrong one would be given confidently."""

N = r"[\d零〇一二两三四五六七八九十百千]"
CLASSIFIERS = "个项次家条届座所章节集层套间张本部支队辆台件种批轮场册头只棵株枝艘架枚篇首幅例份栋幢盏趟列"
"""Measure words that count things (4.8万份种质资源, 12栋): a figure with one is a count; so is 处 (146处
易涝点) where it opens no word (68000处理器)."""
PLACES_COUNTED = r"处(?![理长于在置分罚境])"
COUNT_UNITS = rf"(?:[{CLASSIFIERS}位名倍成人元块角米里斤吨克岁楼户]|{PLACES_COUNTED})"
MEASURES = (
    r"(?:万|亿|千|百)*(?:平方|立方)?(?:公里|千米|公顷|公斤|千克|公分|公尺|亿元|万元|美元|港元|欧元|日元|英里|英尺|英寸"
    r"|厘米|毫米|微米|纳米|米|吨|摄氏度|度|亩|升|毫升|秒|分钟|小时|人次|架次|车次|标准箱|标箱|teu|瓦时|瓦|微克|毫克|%|％|‰)"
    r"(?:/(?:立方米|升|平方米|千克|公斤|小时|秒))?"
)
DATE = (
    rf"(?:公元前?|前)?{N}{{1,4}}年(?:{N}{{1,2}}月(?:{N}{{1,3}}[日号])?)?"
    rf"(?:[(（][^)）]{{1,12}}[)）])?(?:[至到—\-~]{N}{{1,4}}年(?:{N}{{1,2}}月)?)?"
    rf"|{N}{{1,2}}月{N}{{1,3}}[日号](?:[至到—\-~]{N}{{1,2}}月?{N}{{0,3}}[日号]?)?(?:[上下]午|晚|凌晨)?"
    rf"|{N}{{1,2}}月(?:[上中下]旬|底|初)?|{N}{{1,2}}[日号]|{N}{{1,2}}[时点](?:{N}{{1,2}}分|半)?"
    r"|[昨今明前][日天]|[上下]半年|年[底初]|月[底初]|第?[一二三四1-4]季度"
    rf"|{N}+(?:个多?)?(?:天|周|星期|个?月|年)(?:时间|之久)?|{N}+世纪(?:{N}+年代)?|{N}+年代|[^\s,，。;；、]{{1,8}}(?:时期|时代|年间|朝)"
)
# A count or an amount with its unit; a lone 一 (一个, 一种) is an article, not an amount.
NUMBER_PHRASE = (
    rf"(?:约|近|超过|逾|达|共|仅|将近|大约)?(?!一(?![\d零〇一二两三四五六七八九十百千万亿]))"
    rf"(?:{N}+(?:[.．]\d+)?(?:[-—至到~]{N}+(?:[.．]\d+)?)?(?:多|余)?(?:万|亿)?{N}*)(?:{MEASURES}|{COUNT_UNITS}|倍)"
)
# One event told from either side: 甲当选主任 is 选举甲为主任, 甲获任 is 任命甲. A question in one voice
# finds news written in the other.
# Common news verbs said several ways (创办/创立/成立): a question in one word finds news in another.
# Matching only: an answer is always quoted as the paper words it.
NEWS_VERBS: tuple[tuple[str, ...], ...] = (
    ("创办", "创建", "创立", "成立", "组建"),
    ("担任", "出任", "就任", "上任"),
    ("召开", "举行", "举办"),
    ("会见", "会晤", "接见"),
    ("签署", "签订"),
    ("出生", "生于"),
    ("访问", "到访"),
    ("颁发", "授予"),
    ("别称", "别名", "又名", "又称", "亦称", "俗称", "简称", "旧称", "古称"),
    ("位于", "坐落", "座落", "地处"),
    ("隶属", "隶属于", "属于", "归属"),
    ("过世", "去世", "逝世", "离世", "病逝"),
)
SAME_EVENT: dict[str, tuple[str, ...]] = {
    word: tuple(w for w in group if w != word) for group in NEWS_VERBS for word in group
} | {
    "当选": ("选举", "选为", "推选"),
    "选举": ("当选",),
    "获任": ("任命",),
    "出任": ("任命", "担任", "就任", "上任"),
    "被免": ("免去",),
    "去": ("来到", "前往", "走进", "走访", "赴"),  # one way: 去 in 去年 is no visit
    "卸任": ("免去",),
}
# A body a question names (教育局, 发改委, 南江大学): news about another body does not answer it.
BODY = re.compile(
    r"^(?:[\u4e00-\u9fff]{1,12}(?:局|厅|署|委|院|集团|公司|银行|大学|学院|中学|小学|医院)|[\u4e00-\u9fff]{2,12}办)$"
)
"""A body (教育局, 市委, 扶贫办); one character and 办 is a verb (创办, 举办), no body."""
REASON = (
    r"因为|由于|为了|旨在|以便|因此|所以|是因|原因是|目的是|之所以|为此|以免|从而"
    r"|受[^,，。;；]{1,16}(?:影响|带动|拉动)|得益于|归功于|归因于|源于|缘于"
)


@dataclass(frozen=True)
class KindRule:
    kind: Kind
    cue: re.Pattern[str]
    """How a question of this kind is asked."""
    shape: re.Pattern[str]
    """What an answering sentence holds (its match is the answer phrase, where the kind has one)."""


def _rule(kind: Kind, cue: str, shape: str) -> KindRule:
    return KindRule(kind, re.compile(cue), re.compile(shape))


# What the news says about something (a topic, a column, a person's doings), asked at the question's
# end: 谈的是什么, 有什么消息, 最新进展, 出席了什么活动, 报道了什么. Answered with the matching articles,
# not a sentence (``bot.answers.articles_about``).
ABOUT_CUE = (
    r"(?:(?:谈|讲|说|写|评|报道|介绍|反映)(?:的是|了)|关注(?:的是|了)?|聚焦(?:的是|了)?)(?:什么|哪些|啥|哪次|哪件)"
    r"(?:内容|问题|事情?|话题|会议|新闻)?"
    r"|有(?:什么|哪些|啥)(?:新|最新)?(?:新闻|消息|报道|动态|进展|文章)"
    r"|(?:最新|新)进展(?:如何|怎么样|怎样)?|进展(?:如何|怎么样|怎样)"
    r"|(?:出席|参加|主持|召开|举行|参与|出访|调研|考察|视察)(?:召开|举行)?了?(?:什么|哪些|哪场|哪次|哪个)"
    r"(?:活动|会议|会|仪式|论坛|工作)?|开了?(?:什么|哪些|哪次|哪个)会议?"
    r"|有(?:什么|哪些|啥)(?=关于|有关)|有没有(?=关于|有关)"
    r"|(?<=新闻|消息|报道|文章|动态)(?:有|是)(?:哪些|什么|啥)"
    r"|有(?:什么|哪些|啥)(?:新的?)?(?:活动|行程)|(?:在)?忙(?:些)?(?:什么|啥)"
)
# After the asking words: the topic may follow them (有什么关于春运的新闻), then only particles.
ABOUT_END = r"(?:(?:关于|有关)[^，,。？?]{1,20}的(?:新闻|消息|报道|文章))?[吗呢啊呀]?[?？。!！]*$"


KINDS: tuple[KindRule, ...] = (
    _rule("about", f"({ABOUT_CUE}){ABOUT_END}", r"[^。]"),  # the group: the asking words alone
    _rule(
        "when",
        r"什么时[候间]|何时|何年|哪[一]?天|哪[一]?年|哪个月|哪一?日|几月|几号|几日|几点|几时|(?<!最近)(?<![这這近前])几天|多久"
        r"|多长时间|日期|什么日子|什么时期|哪个时期|哪个朝代|什么朝代|哪个年代",
        DATE,
    ),
    _rule(
        "who",
        r"谁|哪[位些](?:外宾|外国客人|客人|贵宾|嘉宾|领导人?|官员|人士|专家)|哪位|哪些人|什么人|何人|哪些领导|哪些单位|哪些部门|哪[个家一]?(?:公司|机构|组织|单位|部门|团队|球队)"
        r"|职务|职位|身份|头衔|叫什么(?:名字)?|(?:名字|姓名)是什么",
        r"(?:书记|市长|省长|主任|主席|委员|部长|局长|厅长|区长|县长|总统|总理|总裁|董事长|经理|教授|院长|校长|"
        r"导演|作家|演员|记者|代表|负责人)[\u4e00-\u9fff·]{2,5}|主持|出席|讲话|创作|发明|创立|创办|提出|担任"
        r"|(?:任命|选举|推选|聘任|免去)[\u4e00-\u9fff·]{2,5}?(?:为|的)|当选",
    ),
    _rule(
        "where",
        r"在?哪[座个一条片]?(?:城市|国家|国|省份?|地区|县|区|市|河|山|岛)|在?哪里|在?哪儿|在哪|在?何地|在?何处"
        r"|在?什么地方|地点|位置|位于|以(什么)形式|在什么",
        r"在[\u4e00-\u9fff]{1,12}(?:举行|召开|举办|开幕|出生|成立|建立)|位于|坐落|地处|分布于|以[^,，。]{1,8}形式",
    ),
    _rule(
        "number",
        rf"多少|第几|(?<!哪)几{COUNT_UNITS}|几[十百千万亿]|数量|比例|百分之|比重|多大|多高|多长|多重|多远|多快|多深|多厚|多宽|占地",
        NUMBER_PHRASE,
    ),
    _rule(
        "list",
        rf"哪(?:些|几个?)(?:地方|方面|领域|地区|城市|国家|省份)?|有哪|分别|包括哪|哪[{N[1:-1]}]+[个项点条种类]"
        r"|几个方面|几项|各是",
        r"、",
    ),
    _rule("why", r"为什么|为何|原因|何故|什么目的|目的是什么|为了什么|怎么会", REASON),
    _rule(
        "how",
        r"(怎么|怎样|如何)(?:做|抓|办|干|推进|落实|开展|实现|加强|提升|保障|解决|完成|进行|制作|使用)"
        r"|什么(?:措施|举措|办法|要求|方法|方式)|通过什么",
        r"要[^求]|强调|要求|通过|采取|加强|推进|确保|着力|持续|深化|方法|方式",
    ),
    _rule("state", r"怎么样|怎样|如何|情况", r"[^。]"),
    _rule(
        "define",
        r"^(?:什么是|何为|何谓)|是什么意思|^[^的]{1,16}((?:是|指)(?:什么|何物|啥))[?？]?$",
        r"^[^。]{1,40}?(?:是|为|指|也称)",
    ),
    _rule("yesno", r"吗[?？]?$|是否|是不是|有没有|能不能|会不会|能否", r"[^。]"),
)
CONTENT = _rule("content", r"$^", r"[^。]")
RULES: dict[Kind, KindRule] = {rule.kind: rule for rule in (*KINDS, CONTENT)}

# Questions about the report itself, answered from the article's fields.
REPORT_CUES: tuple[tuple[ReportField, re.Pattern[str]], ...] = (
    (  # before 记者是谁: 摄影记者是谁 asks for the photographer
        "photographers",
        re.compile(
            r"(?:由|是)?谁(?:拍摄?|摄)的|谁拍(?:摄)?了|由谁(?:拍摄|摄影)|哪位(?:摄影)?(?:记者|摄影师)(?:拍摄?|摄)的?"
            r"|(?:照片|图片|相片|组图)的?(?:作者|摄影者|摄影师|摄影记者|记者)|摄影(?:记者|师|者)?是(?:谁|哪位|哪个)"
        ),
    ),
    (
        "reporters",
        re.compile(
            r"哪[位个](?:记者|作者)(?:写|采写|撰写|报道)?的?|(?:由|是)?谁(?:写|采写|报道|撰写|执笔)的|由谁(?:采写|撰写|执笔)"
            r"|(?:报道|文章|新闻|稿子?|消息|评论)的?(?:记者|作者)|(?:记者|作者)是(?:谁|哪位|哪个)"
        ),
    ),
    ("page", re.compile(r"(?:哪一?|第几|什么|几)版(?!本|权|图|税|画)")),  # 哪一版本 asks for a version
    ("headline", re.compile(r"(?:报道|文章|新闻)的?(?:标题|题目)|标题是")),
    (
        "date",
        re.compile(
            r"(?:报道|文章|新闻|消息)是?(?:哪一?天|什么时候)的|哪一?天的(?:报纸|报道|新闻)|哪天(?:刊登|发表|见报)"
        ),
    ),
)


# Words that name the report itself (这篇报道, 哪天的报纸): in a question about the report they say
# which field is asked, not what the report is about.
REPORT_WORDS = re.compile(r"这篇|那篇|该篇|这条|报纸|报道|文章|新闻|消息|稿子|稿件|版面")
PHOTO_WORDS = re.compile(r"(?:这|那|该)?[张幅组]?(?:照片|图片|相片|组图)")
"""Words that name the photo a question about its photographer means (这张照片)."""


def question_kind(text: str) -> Kind:
    """The kind of answer a normalised, simplified question wants."""
    return kind_cue(text)[0]


def kind_cue(text: str) -> tuple[Kind, str]:
    """The kind of answer a normalised, simplified question wants, and the words that asked for it
    (哪座城市, 多少人): they say what shape the answer has, not what it is about."""
    for rule in KINDS:
        match = rule.cue.search(text)
        if match:  # a cue with a group asks with that group's words only
            return rule.kind, next((g for g in match.groups() if g), match.group(0))
    return "content", ""


def report_field(text: str) -> ReportField | None:
    """The article field a question about the report itself asks for, if it is one."""
    for name, cue in REPORT_CUES:
        if cue.search(text):
            return name
    return None


def without_report_words(text: str) -> str:
    """A question about the report itself without the words that ask for a field or name the report
    (社区食堂的报道是哪一版 → 社区食堂的是) or its photo (南门的照片是谁拍的 → 南门的): what is left
    says which report is meant."""
    if report_field(text) == "photographers":
        text = PHOTO_WORDS.sub("，", text)
    for _, cue in REPORT_CUES:
        text = cue.sub("，", text)
    return REPORT_WORDS.sub("，", text)
