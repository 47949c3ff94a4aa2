"""People and roles: who an article names, with their titles as written and their part in the event.

Names are found by the structure around them, not by a name dictionary, so names jieba has never seen
(two characters, rare surnames, ``艾力更·依明巴海``) are found as well:

* a title ends right before a name: ``省委常委、市委书记安伟`` (titles ending in 书记, 主任, 市领导 …);
* a ``、``-list after a titled name continues it, each name taking the same titles:
  ``副主任张春阳、蔡红、…、蒿铁群出席或列席会议``;
* the name ends where the predicate starts (出席, 主持, 作, 在, 指出 …) or where the list item ends;
* names joined by 和/与/及 share the predicate but keep their own titles (区委书记甲与区长乙一同出席);
* a list without titles counts only when every item looks like a surname and given name and a role verb
  follows (李强、赵乐际出席会议).

The role is read from the predicate after the name (or after the list it belongs to; a name without a
predicate of its own takes the next one in the sentence): 主持 → presided, 讲话 → spoke, 部署 → deployed,
汇报/报告 → reported, 出席/列席/参加 → attended. A later bare mention of a known name (``安伟强调``) is the
same person. Bodies listed before 作交流发言 / 作表态发言 are speakers, not people. Reporters come from
the byline.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache, lru_cache

import jieba
import jieba.posseg

from bot.corpus.models import Article, Person, Role
from bot.search.text import split_sentences

# Generic Chinese title endings, longest first so 副主任 wins over 主任.
TITLE_SUFFIXES = tuple(
    sorted(
        """
        书记 副书记 总书记 常委 委员 委员长 副委员长 政协委员 人大代表 党代表 市长 副市长 代市长 省长 副省长 代省长 区长 副区长
        代表 县长 副县长 镇长 乡长 村长 州长 主任 副主任 主席 副主席 部长 副部长 局长 副局长 厅长 副厅长 处长
        科长 司长 署长 院长 副院长 校长 副校长 所长 行长 会长 副会长 理事长 董事长 总经理 副总经理 经理 总裁
        秘书长 副秘书长 科员 医生 医师 护士 教师 律师 工程师 民警 警官 法官 检察官 志愿者 创始人 首席执行官 总统 副总统 首相 国王 议长 检察长 庭长 审判长 队长 站长 领导 市领导 省领导 区领导 县领导 总理 副总理 大使 总监
        主委 馆长 台长 社长 总编辑 主编 党组成员 负责人 教授 研究员 院士 政委 司令员 参谋长 巡视员 调研员
        督察长 顾问 指挥长 组长 副组长 召集人 发言人 特派员 专员 主任委员 盟员 军长 师长 团长 总工程师
        """.split(),
        key=len,
        reverse=True,
    )
)

_TITLES_BY_LAST: dict[str, tuple[str, ...]] = {}
_TITLES_BY_FIRST: dict[str, tuple[str, ...]] = {}
for _title in TITLE_SUFFIXES:  # longest first within each group, as in TITLE_SUFFIXES
    _TITLES_BY_LAST[_title[-1]] = (*_TITLES_BY_LAST.get(_title[-1], ()), _title)
    _TITLES_BY_FIRST[_title[0]] = (*_TITLES_BY_FIRST.get(_title[0], ()), _title)
NAME_WINDOW = 32
"""Characters after a title in which its name and the word ending it must stand."""

# Words that end a name: the predicate or a joining word right after it. Multi-character ones first.
NAME_ENDERS = tuple(
    sorted(
        """
        出席 列席 主持 参加 参会 与会 讲话 指出 强调 要求 表示 介绍 汇报 通报 报告 同志 分别 一行 率队
        带队 带领 陪同 会见 会晤 看望 慰问 调研 考察 视察 检查 督导 代表 宣读 宣布 致辞 致词 发言 主讲
        先后 一同 共同 参观 走访 深入 专程 前往 听取 接见 会同 提出 认为 希望 说明 作出 批示 签署 颁发
        揭牌 指导 召开 召集 当选 回答 解读 部署 出任 担任 兼任 主持召开
        作 做 在 等 和 与 及 就 对 向 为 以 到 赴 率 说 的 是 任 兼 被 于 也 还 同 来 和 答
        """.split(),
        key=len,
        reverse=True,
    )
)

# The role a predicate gives, strongest first: a person who presides and speaks presided.
ROLE_PATTERNS: tuple[tuple[Role, re.Pattern[str]], ...] = (
    ("presided", re.compile(r"主持")),
    ("spoke", re.compile(r"讲话|致辞|致词|发言")),
    ("deployed", re.compile(r"部署")),
    ("reported", re.compile(r"汇报|通报|报告")),
    ("attended", re.compile(r"出席|列席|参加|参会|与会|在主场|在分会场|陪同")),
)
ROLE_RANK: dict[Role, int] = {role: rank for rank, (role, _) in enumerate(ROLE_PATTERNS)}
SPEECH = re.compile(r"指出|强调|要求|表示|提出|认为|介绍|说")
SPEAKERS = re.compile(r"^(?P<bodies>[^,，:：]+?)(?:等|分别|先后)*(?:作|做)了?[\u4e00-\u9fff]{0,4}发言")

# What may precede a title inside a list item without being part of it: time words and joining words.
LEADING_NOISE = re.compile(
    r"^(?:\d{1,4}年|\d{1,2}月\d{1,2}日|[上下]午|昨日|昨天|今日|今天|当天|近日|日前|会上|会议上|会议由|随后|"
    r"同时|其中|此外|另外|并|由|经|受|请|邀请|出席会议的还有|出席会议的有|参加会议的还有|参加会议的有|还有)+"
)
# Words that introduce people inside a clause (在主席台就座的有…, 会议由…): not part of their titles.
LEAD_IN = re.compile(r"^.*(?:的有|还有|的是|是|由|请)")
CONJUNCTION = re.compile(r"^(?:以及|和|与|及|同(?!志))(?=.)")
ITEM_SPLIT = re.compile(r"([、,，:：])")
DOT = "·•・‧"
HAN = r"\u4e00-\u9fff"
PLAIN_NAME = re.compile(rf"[{HAN}]{{2,4}}")
DOTTED_NAME = re.compile(rf"[{HAN}]{{1,8}}[{DOT}][{HAN}]{{1,10}}(?:[{DOT}][{HAN}]{{1,10}})*")
PLACE_ENDINGS = tuple("区市县省局厅委办院镇乡村街路处队校馆站所部司")
"""Last characters of places and bodies (高新区, 市工信局), never of a personal name."""
NEVER_INITIAL = frozenset("们的地得了着过之其这那哪每各该本此某")
"""Characters that never open a personal name (代表们认为 holds no name 们认)."""
FUNCTION_TAGS = ("v", "d", "p", "c", "u", "r")
"""jieba tags (verb, adverb, preposition, conjunction, particle, pronoun) that never open a name."""
COMMON_WORD_FREQ = 50
"""A candidate jieba knows as an ordinary (non-name) word at least this often is no name."""

# The most common Chinese surnames: a candidate that is also an ordinary word may still be a name.
COMMON_SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
    "姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)

COMPOUND_SURNAMES = frozenset(
    "欧阳 司马 上官 诸葛 东方 皇甫 尉迟 公孙 慕容 令狐 长孙 宇文 司徒 夏侯 端木 呼延 轩辕 独孤 南宫 西门 百里 东郭".split()
)
NAME_BOUNDARY_CHARS = '0123456789（(“"《<[【 　。！？!?；;…'


@dataclass
class Mention:
    """One name found in a sentence, before its role is known."""

    name: str
    titles: list[str]
    paragraph: int


@dataclass
class Group:
    """Names that share one predicate: a titled name and the ``、``-list that continues it."""

    mentions: list[Mention] = field(default_factory=list)
    predicate: str = ""


@cache
def _jieba_tags() -> dict[str, str]:
    """jieba's word → part-of-speech table; loads jieba's dictionary once, quietly."""
    jieba.setLogLevel(60)
    jieba.dt.check_initialized()
    table: dict[str, str] = jieba.posseg.dt.word_tag_tab
    return table


def is_common_word(word: str) -> bool:
    """True when jieba knows the word as an ordinary word (not a name) that is used often."""
    tags = _jieba_tags()
    tag = tags.get(word)
    return tag is not None and not tag.startswith("nr") and jieba.get_FREQ(word, 0) >= COMMON_WORD_FREQ


@lru_cache(maxsize=1 << 16)
def is_name(candidate: str) -> bool:
    """Whether a candidate found by structure can be a personal name."""
    if DOTTED_NAME.fullmatch(candidate):
        return True
    if not PLAIN_NAME.fullmatch(candidate) or candidate.endswith(PLACE_ENDINGS):
        return False
    if any(candidate.startswith(suffix) for suffix in TITLE_SUFFIXES):
        return False
    if len(candidate) == 4:
        return candidate[:2] in COMPOUND_SURNAMES or candidate[0] in COMMON_SURNAMES
    if candidate[0] in COMMON_SURNAMES:
        return True
    if candidate[0] in NEVER_INITIAL:
        return False
    if is_common_word(candidate) or is_common_word(candidate[:2]):
        return False
    _jieba_tags()
    first = next(iter(jieba.posseg.cut(candidate, HMM=False)))  # a dictionary word: no HMM needed
    if len(first.word) == 1:
        first = next(iter(jieba.posseg.cut(candidate)))
    return not first.flag.startswith(FUNCTION_TAGS)  # 要发挥, 各级, 这位: a verb or pronoun opens no name


def _ends_name(rest: str) -> bool:
    """Whether a name may end right before ``rest``: at a predicate, a joining word, a date or a bracket."""
    return not rest or rest[0] in NAME_BOUNDARY_CHARS or rest.startswith(NAME_ENDERS)


def name_at(text: str) -> tuple[str, str] | None:
    """A name at the start of ``text`` and the rest after it, when its end is clear."""
    dotted = DOTTED_NAME.match(text)
    if dotted:
        last_dot = max(dotted.group().rfind(d) for d in DOT)
        for end in range(last_dot + 2, dotted.end() + 1):
            rest = text[end:]
            if _ends_name(rest):
                return text[:end], rest
    for length in (2, 3, 4):
        candidate, rest = text[:length], text[length:]
        if len(candidate) == length and _ends_name(rest) and is_name(candidate):
            return candidate, rest
    return None


def titled_name(item: str) -> tuple[str, str, str] | None:
    """``(title, name, rest)`` when the item is a title followed by a name, e.g. 市委书记安伟出席会议.

    Linear in the item: each position is checked only against the few titles ending in its character,
    and a name is looked for in a short window after it.
    """
    for end in range(2, len(item)):
        suffix = next((s for s in _TITLES_BY_LAST.get(item[end - 1], ()) if item.startswith(s, end - len(s))), None)
        if suffix is None or _word_goes_on(item, end - len(suffix), end):
            continue
        found = name_at(item[end : end + NAME_WINDOW])
        if found and not _runs_into_title(item, end, end + len(found[0])):
            name = found[0]
            return LEAD_IN.sub("", item[:end]), name, item[end + len(name) :]
    return None


def _word_goes_on(text: str, start: int, end: int) -> bool:
    """True when the title word ``text[start:end]`` is the start of a longer common word (主席台, 书记处)."""
    return any(is_common_word(text[start : end + extra]) for extra in (1, 2, 3) if end + extra <= len(text))


def _runs_into_title(text: str, start: int, end: int) -> bool:
    """True when a title word begins inside ``text[start:end]`` and ends after it (常委|会主|任)."""
    return any(
        text.startswith(suffix, k) and k + len(suffix) > end
        for k in range(start + 1, end)
        for suffix in _TITLES_BY_FIRST.get(text[k], ())
    )


def untitled_list(clause: str, paragraph: int) -> list[tuple[Mention, Role]]:
    """People named without titles in a clause that is only their 、-list and a role verb
    (李强、赵乐际、王沪宁出席会议): every item must look like a surname and given name, and a lone name
    must also be one jieba knows as a name."""
    items = clause.split("、")
    last = name_at(items[-1])
    if last is None or titled_name(items[-1]):
        return []
    role = role_of(last[1])
    names = [*items[:-1], last[0]]
    if role is None or not all(_plain_person(n) for n in names):
        return []
    if len(names) == 1 and not _tagged_name(names[0]):
        return []
    return [(Mention(name, [], paragraph), role) for name in names]


def _plain_person(candidate: str) -> bool:
    if DOTTED_NAME.fullmatch(candidate):
        return True
    surname = candidate[:2] in COMPOUND_SURNAMES or candidate[:1] in COMMON_SURNAMES
    return surname and 2 <= len(candidate) <= 4 and is_name(candidate)


@lru_cache(maxsize=1 << 16)
def _tagged_name(candidate: str) -> bool:
    _jieba_tags()
    return [w.flag for w in jieba.posseg.cut(candidate)] == ["nr"]


def role_of(predicate: str) -> Role | None:
    """The strongest role a predicate names, or None when it names none."""
    return next((role for role, pattern in ROLE_PATTERNS if pattern.search(predicate)), None)


def _items(sentence: str) -> list[tuple[str, str]]:
    """The sentence's items, each with the delimiter that follows it (``、``, a comma or nothing)."""
    parts = ITEM_SPLIT.split(sentence)
    return [(parts[i].strip(), parts[i + 1] if i + 1 < len(parts) else "") for i in range(0, len(parts), 2)]


class _Extractor:
    """Walks an article's sentences in order, collecting its people (one record per name)."""

    def __init__(self) -> None:
        self.people: dict[str, Person] = {}

    def sentence(self, text: str, paragraph: int) -> None:
        groups: list[Group] = []
        group: Group | None = None  # the open 、-list a bare name may continue
        pending: list[str] = []  # titles written before a name: 省委常委、
        known_only: list[tuple[str, str]] = []
        queue = [(item, delimiter, False) for item, delimiter in _items(text)]
        while queue:
            item, delimiter, joined = queue.pop(0)
            item = LEADING_NOISE.sub("", item)
            found = self._item(item, pending, group, paragraph, joined)
            if found is None:
                if item.endswith(TITLE_SUFFIXES) and delimiter == "、":
                    pending.append(item)
                else:
                    pending = []
                    group = None
                    bare = name_at(item)
                    if bare and bare[0] in self.people:
                        known_only.append(bare)
                continue
            mention, rest, new_group = found
            pending = []
            if new_group or group is None:
                group = Group()
                groups.append(group)
            group.mentions.append(mention)
            group.predicate = rest
            conjunction = CONJUNCTION.match(rest)
            if conjunction:  # 张三与区长李四一同出席: the rest names more people of the same group
                queue.insert(0, (rest[conjunction.end() :], delimiter, True))
            elif delimiter != "、" or rest:
                group = None
        self._assign(groups)
        for name, rest in known_only:
            self._upgrade(name, role_of(rest))
        for clause in re.split(r"[,，;；:：]", text):
            for mention, role in untitled_list(LEADING_NOISE.sub("", clause.strip()), paragraph):
                self._add(mention, role)

    def _item(
        self, item: str, pending: list[str], group: Group | None, paragraph: int, joined: bool
    ) -> tuple[Mention, str, bool] | None:
        """A mention in one list item: a titled name, or a bare name continuing a list. A bare name
        after 、 shares the titles before it (副主任甲、乙); one after 和/与 (``joined``) does not."""
        titled = titled_name(item)
        if titled:
            title, name, rest = titled
            return Mention(name, [*pending, title], paragraph), rest, True
        bare = name_at(item)
        if bare is None:
            return None
        name, rest = bare
        if group is not None:
            titles = [] if joined else list(group.mentions[-1].titles)
            return Mention(name, titles, paragraph), rest, False
        return None

    def _assign(self, groups: list[Group]) -> None:
        """Give each group the role of its own predicate, else of the next one in the sentence."""
        for n, group in enumerate(groups):
            roles = (role_of(g.predicate) for g in groups[n:])
            role = next((r for r in roles if r), None)
            if role is None and any(SPEECH.search(g.predicate) for g in groups[n:]):
                role = "spoke"
            for mention in group.mentions:
                self._add(mention, role or "attended")

    def _add(self, mention: Mention, role: Role) -> None:
        known = self.people.get(mention.name)
        if known is None:
            self.people[mention.name] = Person(
                name=mention.name, titles=mention.titles, role=role, paragraph=mention.paragraph
            )
            return
        for title in mention.titles:
            if title not in known.titles:
                known.titles.append(title)
        self._upgrade(mention.name, role)

    def _upgrade(self, name: str, role: Role | None) -> None:
        known = self.people[name]
        if role is not None and ROLE_RANK[role] < ROLE_RANK[known.role]:
            known.role = role


def extract_people(article: Article) -> tuple[list[Person], list[str]]:
    """The people an article names (in the paper's order) and the bodies that spoke."""
    extractor = _Extractor()
    speakers: list[str] = []
    for number, paragraph in enumerate(article.paragraphs):
        for sentence in split_sentences(paragraph.text):
            extractor.sentence(sentence, number)
            speakers += [b for b in speaking_bodies(sentence) if b not in speakers]
    people = list(extractor.people.values())
    title = reporter_title(article.byline)
    reporters = [Person(name=n, titles=[title], role="reporter", paragraph=0) for n in article.reporters]
    return people + reporters, speakers


def speaking_bodies(sentence: str) -> list[str]:
    """Bodies listed before 作交流发言 / 作表态发言 in a clause that names no person."""
    bodies: list[str] = []
    for clause in re.split(r"[,，;；。]", sentence):
        match = SPEAKERS.match(LEADING_NOISE.sub("", clause.strip()))
        if not match:
            continue
        items = [i.strip() for i in match.group("bodies").split("、") if i.strip()]
        if any(titled_name(i) for i in items):
            continue
        bodies.extend(items)
    return bodies


def reporter_title(byline: str | None) -> str:
    """The reporters' title as the byline writes it (郑报全媒体记者), or plain 记者."""
    match = re.search(rf"[{HAN}]*记者", byline or "")
    return match.group() if match else "记者"
