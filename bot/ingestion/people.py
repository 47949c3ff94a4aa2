"""People and roles: who an article names, with their titles as written and their part in the event.

Names are found by the structure around them, not by a name dictionary, so names jieba has never seen
(two characters, rare surnames, ``艾力更·依明巴海``) are found as well (``bot.ingestion.names``):

* a title ends right before a name: ``省委常委、市委书记安伟`` (titles ending in 书记, 主任, 市领导 …);
  a clause before the title is not part of it (``应邀出席的全国政协副主席某某`` → 全国政协副主席);
* a ``、``-list after a titled name continues it, each name taking the same titles:
  ``副主任张春阳、蔡红、…、蒿铁群出席或列席会议``;
* the name ends where the predicate starts (出席, 主持, 作, 发表, 在, 指出 …) or where the list item ends;
* names joined by 和/与/及 share the predicate but keep their own titles (区委书记甲与区长乙一同出席);
* a list without titles counts only when every item looks like a surname and given name and a role verb
  follows (李强、赵乐际出席会议) or a lead-in names the role (出席会议的还有甲、乙);
* elections and appointments: ``选举某某为…主任``, ``任命某某、某某为…`` give the title after 为;
* a spouse in brackets: ``某某（某某夫人）`` gives the bracketed words as the title.

The role is read from the predicate after the name (or after the list it belongs to; a name without a
predicate of its own takes the next one in the sentence): 主持 → presided, 讲话/致辞 → spoke, 部署 →
deployed, 汇报/报告 → reported, 出席/列席/参加 → attended; 选举/当选 → elected, 任命 → appointed. A later
bare mention of a known name (``安伟强调``) is the same person. Bodies listed before 作交流发言 / 作表态发言
are speakers, not people. Reporters come from the byline. Every step is linear in the text.
"""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass, field

from bot.corpus.models import Article, Person, Role
from bot.ingestion.bylines import PHOTO_CREDIT
from bot.ingestion.names import HAN, is_name, name_at, name_then_title, plain_person, tagged_name, titled_name
from bot.ingestion.names import TITLE_SUFFIXES as TITLE_SUFFIXES
from bot.text.terms import split_sentences

# The role a predicate gives, the first that matches: a person who presides and speaks presided; 作报告,
# 作主旨演讲 and 作…讲座 are speeches, a bare 报告/汇报 reports.
ROLE_PATTERNS: tuple[tuple[Role, re.Pattern[str]], ...] = (
    ("presided", re.compile(r"主持")),
    ("officiated", re.compile(r"主礼")),
    ("spoke", re.compile(r"讲话|致辞|致词|发言|演讲|讲座|[作做][^，。；,;]{0,16}?报告")),
    ("deployed", re.compile(r"部署")),
    ("reported", re.compile(r"汇报|通报|报告")),
    ("attended", re.compile(r"出席|列席|参加|参会|与会|在主场|在分会场|陪同")),
    ("elected", re.compile(r"选举|当选|推选")),
    ("appointed", re.compile(r"任命|聘任")),
)
ANY_ROLE = re.compile("|".join(pattern.pattern for _, pattern in ROLE_PATTERNS))
RANKED_ROLES: tuple[Role, ...] = (
    "elected",
    "appointed",
    "removed",
    "presided",
    "officiated",
    "spoke",
    "deployed",
    "reported",
    "attended",
)
ROLE_RANK: dict[Role, int] = {role: rank for rank, role in enumerate(RANKED_ROLES)}
"""Which of a person's roles in one article is kept: a change of post (elected, appointed, removed) is
the news about them even when they also speak (选举某某为… 某某作表态发言), then 主持 over 讲话 …"""
SPEECH = re.compile(r"指出|强调|要求|表示|提出|认为|介绍|说")
SPEAKERS = re.compile(r"^(?P<bodies>[^,，:：]+?)(?:等|分别|先后)*(?:作|做)了?[\u4e00-\u9fff]{0,4}发言")

# What may precede a title inside a list item without being part of it: time words and joining words.
LEADING_NOISE = re.compile(
    r"^(?:\d{1,4}年|\d{1,2}月\d{1,2}日|[上下]午|昨日|昨天|今日|今天|当天|近日|日前|会上|会议上|会议由|随后|"
    r"同时|其中|此外|另外|并|由|经|受|请|邀请|还有|据)+"
)
# A lead-in naming the role of the list after it: 出席会议的还有, 参加活动的有.
ROLE_LEAD_IN = re.compile(rf"^(?P<verb>出席|列席|参加|陪同)[{HAN}]{{0,8}}?的(?:还有|有|是)")
CONJUNCTION = re.compile(r"^(?:以及|和|与|及|同(?!志))(?=.)")
ITEM_SPLIT = re.compile(r"([、,，:：])")
# 选举某某为…主任 / 任命某某、某某为…
ELECTION = re.compile(
    rf"(?P<verb>选举|推选|当选为|任命|决定任命|聘任)(?P<names>[{HAN}·、]{{2,40}}?)为(?P<title>[{HAN}·（）()]{{2,40}}?)(?=[，。；,;、]|$|职务)"
)
# 免去某某的…职务 / 免去某某、某某的…职务: the title after 的 is the post they leave.
REMOVAL = re.compile(
    rf"(?:免去|免除|撤销)(?P<names>[{HAN}·、]{{2,40}}?)的(?P<title>[{HAN}·、（）()]{{2,60}}?)职务"
)
# 某某（某某夫人）: a spouse named in brackets after a name.
SPOUSE = re.compile(rf"(?P<name>[{HAN}·]{{2,8}}?)[（(](?P<title>[{HAN}·]{{2,8}}(?:夫人|丈夫|先生))[）)]")
AUTHOR_TITLE = re.compile(r"[（(]作者(?:为|系|是)(?P<title>[^（()）]{2,60})[）)]")
"""The author's post in a commentary's note (``（作者为某大学教授）``)."""
LIST_END = re.compile(r"(?:等|等人|等同志|同志)$")


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


def untitled_list(clause: str, paragraph: int) -> list[tuple[Mention, Role]]:
    """People named without titles in a clause that is only their 、-list and a role verb
    (李强、赵乐际、王沪宁出席会议), or a lead-in naming the role and the list (出席会议的还有甲、乙): every
    item must look like a surname and given name, and a lone name must also be one jieba knows as a name."""
    if not ANY_ROLE.search(clause):
        return []
    lead = ROLE_LEAD_IN.match(clause)
    if lead:
        names = [LIST_END.sub("", item) for item in clause[lead.end() :].rstrip("。！？!?…").split("、")]
        if names and all(plain_person(n) for n in names) and (len(names) > 1 or tagged_name(names[0])):
            lead_role: Role = role_of(lead["verb"]) or "attended"
            return [(Mention(name, [], paragraph), lead_role) for name in names]
        return []
    items = clause.split("、")
    last = name_at(items[-1])
    role = role_of(last[1]) if last else None
    if last is None or role is None or titled_name(items[-1]):
        return []
    names = [*items[:-1], last[0]]
    if not all(plain_person(n) for n in names):
        return []
    if len(names) == 1 and not tagged_name(names[0]):
        return []
    return [(Mention(name, [], paragraph), role) for name in names]


HEARD = re.compile(r"听取[^，。；,;]*?(?:汇报|报告)")
"""A report someone hears (听取…汇报) is the role of whoever gave it, never of the one hearing it."""


def role_of(predicate: str) -> Role | None:
    """The strongest role a predicate names, or None when it names none (陪同考察并听取汇报: 陪同)."""
    if "听取" in predicate:
        predicate = HEARD.sub("", predicate)
    return next((role for role, pattern in ROLE_PATTERNS if pattern.search(predicate)), None)


def _items(sentence: str) -> list[tuple[str, str]]:
    """The sentence's items, each with the delimiter that follows it (``、``, a comma or nothing)."""
    parts = ITEM_SPLIT.split(sentence)
    return [(parts[i].strip(), parts[i + 1] if i + 1 < len(parts) else "") for i in range(0, len(parts), 2)]


class _Extractor:
    """Walks an article's sentences in order, collecting its people (one record per name)."""

    def __init__(self) -> None:
        self.people: dict[str, Person] = {}
        self.spouses: dict[str, str] = {}  # name → the title in their own brackets, this sentence

    def sentence(self, text: str, paragraph: int) -> None:
        groups: list[Group] = []
        group: Group | None = None  # the open 、-list a bare name may continue
        pending: list[str] = []  # titles written before a name: 省委常委、
        known_only: list[tuple[str, str]] = []
        text = self._spouses(text, paragraph)
        self._elections(text, paragraph)
        self._removals(text, paragraph)
        queue = deque((item, delimiter, False) for item, delimiter in _items(text))
        while queue:
            item, delimiter, joined = queue.popleft()
            item = LEADING_NOISE.sub("", item)
            found = self._item(item, pending, group, paragraph, joined)
            if found is None:
                if item.endswith(TITLE_SUFFIXES) and delimiter == "、":
                    pending.append(item)
                else:
                    pending = []
                    group = None
                    bare = name_at(item) if self.people else None
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
                queue.appendleft((rest[conjunction.end() :], delimiter, True))
            elif titled_name(rest):  # 市长甲会见了来访的某大学校长乙: the guest is named in the rest
                queue.appendleft((rest, delimiter, True))
                group = None
            elif delimiter != "、" or rest:
                group = None
        self._assign(groups)
        for name, rest in known_only:
            self._upgrade(name, role_of(rest))
        for clause in re.split(r"[,，;；:：]", text):
            for mention, role in untitled_list(LEADING_NOISE.sub("", clause.strip()), paragraph):
                self._add(mention, role)
        for name, title in self.spouses.items():
            self._add(Mention(name, [title], paragraph), "attended")

    def _item(
        self, item: str, pending: list[str], group: Group | None, paragraph: int, joined: bool
    ) -> tuple[Mention, str, bool] | None:
        """A mention in one list item: a titled name, or a bare name continuing a list. A bare name
        after 、 shares the titles before it (副主任甲、乙); one after 和/与 (``joined``) does not."""
        titled = titled_name(item) or name_then_title(item)
        if titled:
            title, name, rest = titled
            return Mention(name, [*pending, title], paragraph), rest, True
        if group is None:
            return None
        bare = name_at(item)
        if bare is None:
            return None
        name, rest = bare
        own_titles = joined or name in self.spouses  # 秦德厚、林婉仪（秦德厚夫人）: her title is her own
        titles = [] if own_titles else list(group.mentions[-1].titles)
        return Mention(name, titles, paragraph), rest, False

    def _assign(self, groups: list[Group]) -> None:
        """Give each group the role of its own predicate, else of the next one in the sentence (one pass
        from the end, so a long list costs no more than its length)."""
        role: Role | None = None
        speech = False
        roles: list[Role] = []
        for group in reversed(groups):
            role = role_of(group.predicate) or role
            speech = speech or bool(SPEECH.search(group.predicate))
            roles.append(role or ("spoke" if speech else "attended"))
        for group, found in zip(groups, reversed(roles), strict=True):
            for mention in group.mentions:
                self._add(mention, found)

    def _spouses(self, text: str, paragraph: int) -> str:
        """Note each ``某某（某某夫人）`` (recorded after the sentence's lists, so the paper's order is
        kept) and return the text without the brackets, so the list reads on."""
        self.spouses = {}
        for match in SPOUSE.finditer(text):
            name = re.split(r"[、，,和及与有]", match["name"])[-1]
            if plain_person(name):
                self.spouses[name] = match["title"]
        return SPOUSE.sub(lambda m: m["name"], text) if "（" in text or "(" in text else text

    def _elections(self, text: str, paragraph: int) -> None:
        """``选举某某为…主任``, ``任命某某、某某为…``: each name with the title after 为."""
        for match in ELECTION.finditer(text):
            names = match["names"].split("、")
            if all(is_name(n) for n in names):
                role = role_of(match["verb"]) or "appointed"
                for name in names:
                    self._add(Mention(name, [match["title"]], paragraph), role)

    def _removals(self, text: str, paragraph: int) -> None:
        """``免去某某的…职务``: each name, with the post they leave as their title."""
        for match in REMOVAL.finditer(text):
            names = match["names"].split("、")
            if all(is_name(n) for n in names):
                titles = [t for t in match["title"].split("、") if t]
                for name in names:
                    self._add(Mention(name, titles, paragraph), "removed")

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
            bodies = speaking_bodies(sentence)
            speakers += [b for b in bodies if b not in speakers and b not in extractor.people]
    people = list(extractor.people.values())
    titles = [reporter_title(article.byline)]
    note = AUTHOR_TITLE.search(article.byline or "") if titles == ["作者"] else None
    if note:  # 孟凡 （作者为南江大学社会学院教授）
        titles.append(note["title"])
    byline = article.byline or ""
    reporters = [
        Person(name=n, titles=["作者"] if _author_first(byline, n) else titles, role="reporter", paragraph=0)
        for n in article.reporters
    ]
    return people + reporters, speakers


def _author_first(byline: str, name: str) -> bool:
    """A name printed before the byline's 记者 credit (``李明 本报记者 某某``): the author spaced under a
    column's headline, never one of the reporters."""
    at = byline.find(name)
    return at >= 0 and "记者" in byline[at:] and "记者" not in byline[:at]


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
    """The reporters' title as the byline writes it (郑报全媒体记者), plain 记者, 作者 for an author
    named alone under a commentary's headline, or 摄影 for a photo item's photographer (记者 某某 摄)."""
    if PHOTO_CREDIT.match(byline or ""):
        return "摄影"
    match = re.search(rf"[{HAN}]*记者", byline or "")
    return match.group() if match else "记者" if not byline or "记者" in byline else "作者"
