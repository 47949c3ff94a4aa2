"""Personal names and the titles before them, found by structure and checked against jieba.

A candidate is a name when it has the shape of one (two to four characters, or a dotted name such as
``艾力更·依明巴海``), does not end like a place or body (区, 局, 委 …), does not open like a title, and
is not a common word in jieba's dictionary (unless it opens with a common surname); where the dictionary
cannot say, jieba's tagger decides (a verb or pronoun opens no name). A name ends where a predicate or
joining word begins (出席, 主持, 发表, 作, 和 …).

Titles are found without scanning the title list at every position: each position is checked only
against the few titles ending in its character, so finding a titled name is linear in the text.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

import jieba
import jieba.posseg

from bot.ingestion.surnames import CLAN_NAMES, COMMON_SURNAMES, COMPOUND_SURNAMES, opens_like_name

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
        议员 长官 特首 选手 运动员 教练 教练员 主教练 学生 村民 居民 市民 捐赠人 主持人 候选人 传承人 合伙人 策展人 制片人
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
TITLE_AHEAD = re.compile("(?=(" + "|".join(map(re.escape, TITLE_SUFFIXES)) + "))")
"""Every place a title word starts (overlapping ones too), found in one pass."""
NAME_WINDOW = 32
"""Characters after a title in which its name and the word ending it must stand."""

# Words that end a name: the predicate or a joining word right after it. Multi-character ones first.
NAME_ENDERS = tuple(
    sorted(
        """
        出席 列席 主持 参加 参会 与会 讲话 指出 强调 要求 表示 介绍 汇报 通报 报告 同志 分别 一行 率队
        带队 带领 陪同 会见 会晤 看望 慰问 调研 考察 视察 检查 督导 代表 宣读 宣布 致辞 致词 发言 主讲
        先后 一同 共同 参观 走访 深入 专程 前往 听取 接见 会同 提出 认为 希望 说明 作出 批示 签署 颁发
        揭牌 主礼 指导 召开 召集 当选 回答 解读 部署 出任 担任 兼任 主持召开 发表 夫人 曾经 已经 曾 已 皆
        作 做 在 等 和 与 及 就 对 向 为 以 到 赴 率 说 的 是 任 兼 被 于 也 还 同 来 和 答 摄
        """.split(),
        key=len,
        reverse=True,
    )
)

# The role a predicate gives, strongest first: a person who presides and speaks presided.

LEAD_IN = re.compile(r"^.*(?:的有|还有|的是|是|由|请|包括|对话|专访)")
QUOTE_OR_BRACKET = re.compile(r"[“”‘’\"'「」『』《》（）()【】\[\]]")
"""Marks that belong to the sentence, never to a title or name: a title is what follows the last one."""
VERB_BEFORE_TITLE = re.compile(r"^.*了")
"""A finished verb before a title (打动了国家队主教练某某): the title is what follows it."""
CLAUSE_BEFORE_TITLE = re.compile(
    r"^.*(?:出席|列席|参加|陪同|参会|与会|到会|应邀|来访|到访|来华|访华)[\u4e00-\u9fff]{0,6}?的"
)
"""A clause before a title (应邀出席的全国政协副主席): the title is what follows it."""
DOT = "·•・‧"
HAN = r"\u4e00-\u9fff"
PLAIN_NAME = re.compile(rf"[{HAN}]{{2,4}}")
DOTTED_NAME = re.compile(rf"[{HAN}]{{1,8}}[{DOT}][{HAN}]{{1,10}}(?:[{DOT}][{HAN}]{{1,10}})*")
PLACE_ENDINGS = tuple("区市县省局厅委办院镇乡村街路处队校馆站所部司")
"""Last characters of places and bodies (高新区, 市工信局), never of a personal name."""
NEVER_INITIAL = frozenset("们的地得了着过之其这那哪每各该本此某")
"""Characters that never open a personal name (代表们认为 holds no name 们认)."""
FUNCTION_TAGS = ("v", "d", "p", "c", "u", "r", "f")
"""jieba tags (verb, adverb, preposition, conjunction, particle, pronoun, locative) that never open a name."""
COMMON_WORD_FREQ = 50
MODIFIER_TAGS = ("a", "d", "c", "p")
FREQUENT_MODIFIER_FREQ = 1000
"""An adjective, adverb or joining word this frequent (方便, 马上, 平安) is no two-character name either."""
FREQUENT_WORD_FREQ = 5000
"""A two-character candidate opening with a common surname is still no name when jieba knows it as an
ordinary word this often (方面, 任务, 高度; 高远 and 高峰 stay names)."""
"""A candidate jieba knows as an ordinary (non-name) word at least this often is no name."""

CLAN_NAME = re.compile(rf"[{HAN}]{{4}}")
LAY_TITLES = frozenset("学生 村民 居民 市民".split())
"""Words for lay people, titles only before a name (市民张某): after a word (方便市民) they are its object."""
CONJUNCTION_CHARS = "和与及同"
"""Joining characters that also end given names (温家和, 李永和)."""
NOUN_ENDERS = frozenset("同志 夫人 代表 一行".split())
"""Words that end a name yet may follow a conjunction as its second member (张三和夫人)."""
OBJECT_VERBS = "任作做"
"""Verbs that take a post or a work as their object (任组长, 作报告)."""
CLAUSE_END = re.compile(r"[，。、；：,;:！？!?]")
RELATIVE_CLAUSE_CHARS = 10
"""How far after a conjunction a 的 still makes the words before it a relative clause."""
GENDER_MARKS = "男女"
NAME_BOUNDARY_CHARS = '0123456789（(“"《<[【 　。！？!?；;…'


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


def is_frequent_word(word: str) -> bool:
    """True when jieba knows the word as a very frequent ordinary word (not a name): 方面, 任务."""
    tag = _jieba_tags().get(word)
    if tag is None or tag.startswith("nr"):
        return False
    least = FREQUENT_MODIFIER_FREQ if tag.startswith(MODIFIER_TAGS) else FREQUENT_WORD_FREQ
    return jieba.get_FREQ(word, 0) >= least


@lru_cache(maxsize=1 << 16)
def is_name(candidate: str) -> bool:
    """Whether a candidate found by structure can be a personal name."""
    if DOTTED_NAME.fullmatch(candidate):
        return True
    if not PLAIN_NAME.fullmatch(candidate) or candidate.endswith(PLACE_ENDINGS):
        return False
    if candidate.startswith(TITLE_SUFFIXES) or not opens_like_name(candidate):
        return False
    if candidate[:2] in COMPOUND_SURNAMES:  # 欧阳宁, 司马南: a compound surname needs a given name
        return len(candidate) > 2
    if len(candidate) == 4 and candidate[0] in COMMON_SURNAMES:
        return True
    if candidate[0] in COMMON_SURNAMES:
        return len(candidate) > 2 or not is_frequent_word(candidate)  # 方面, 任务, 高度 are words
    if candidate[0] in NEVER_INITIAL:
        return False
    if is_common_word(candidate) or is_common_word(candidate[:2]) or _known_word(candidate):
        return False
    if len(candidate) == 4 and is_common_word(candidate[2:]):
        return False  # 4 characters without a common surname (吉克阿依) only when neither half is a word
    if len(candidate) == 4 and any(len(w) > 1 and is_common_word(w) for w in jieba.lcut(candidate)):
        return False  # 总|人数|达: a common word inside is no name
    if len(candidate) == 3 and _frequent_word(candidate[1:]):
        return False  # 总|人数: a rare first character before a very frequent word (牛|卫国 stays)
    _jieba_tags()
    first = next(iter(jieba.posseg.cut(candidate, HMM=False)))  # a dictionary word: no HMM needed
    if len(first.word) == 1 and len(candidate) < 4:  # four characters: the dictionary decides alone
        opening = first.flag
        first = next(iter(jieba.posseg.cut(candidate)))
        if first.word == candidate and opening.startswith(FUNCTION_TAGS) and not first.flag.startswith("nr"):
            return False  # 来家: a verb and a noun read as one word, not a name
    return not first.flag.startswith(FUNCTION_TAGS)  # 要发挥, 各级, 这位: a verb or pronoun opens no name


KNOWN_WORD_FREQ = 10
KNOWN_WORD_TAGS = ("n", "v", "a", "d", "b", "f", "m", "q", "r", "t")
"""A candidate without a common surname that jieba's dictionary holds as an ordinary word (a noun, verb,
adjective …, not a name or place) used at least this often is that word (昵称), however rare."""


def _frequent_word(word: str) -> bool:
    """A very frequent noun or verb (人数, 进行), never the given name after a rare surname."""
    tag = _jieba_tags().get(word) or "x"
    return tag in ("n", "v", "vn", "s") and jieba.get_FREQ(word, 0) >= FREQUENT_WORD_FREQ


def _known_word(candidate: str) -> bool:
    tag = _jieba_tags().get(candidate)
    return (
        tag is not None
        and tag.startswith(KNOWN_WORD_TAGS)
        and not tag.startswith(("nr", "ns", "nt", "nz"))
        and jieba.get_FREQ(candidate, 0) >= KNOWN_WORD_FREQ
    )


def _ends_name(rest: str) -> bool:
    """Whether a name may end right before ``rest``: at a predicate, a joining word, a date or a bracket.
    A joining character followed by a predicate joins nothing (温家和出席, 张德和主持): it is the
    name's last character, so the name does not end before it."""
    if not rest or rest[0] in NAME_BOUNDARY_CHARS:
        return True
    if rest[0] in CONJUNCTION_CHARS and _opens_predicate(rest[1:]) and not _opens_relative_clause(rest[1:]):
        return False
    return rest.startswith(NAME_ENDERS)


def _opens_predicate(text: str) -> bool:
    """Whether ``text`` opens with a predicate: a word of two or more characters that ends names
    (出席, 主持, 发表), or a one-character verb or preposition jieba reads as a word of its own
    (作|工作报告, 在|会上 — not 作家, 在座)."""
    ender = next((e for e in NAME_ENDERS if text.startswith(e)), None)
    if ender is None or ender in NOUN_ENDERS:
        return False
    return len(ender) > 1 or _first_word(text[:8]) == (ender, True)


def _opens_relative_clause(text: str) -> bool:
    """Whether a predicate opening ``text`` ends in 的 within a few characters of its clause
    (和|出席会议的代表): it describes the person joined by the conjunction."""
    return "的" in CLAUSE_END.split(text[:RELATIVE_CLAUSE_CHARS], maxsplit=1)[0]


@lru_cache(maxsize=1 << 14)
def _first_word(text: str) -> tuple[str, bool]:
    """jieba's first word of ``text`` and whether it is tagged a verb or preposition."""
    _jieba_tags()
    first = next(iter(jieba.posseg.cut(text, HMM=False)))  # dictionary words: no HMM needed
    return first.word, first.flag.startswith(("v", "p"))


def _opens_verb_phrase(text: str) -> bool:
    """Whether ``text`` opens with 任/作 and its object: a title (任组长) or a word jieba splits
    off the verb (作|工作报告). Such a phrase is no name even though 任 is a surname."""
    if not text or text[0] not in OBJECT_VERBS:
        return False
    return text[1:].startswith(TITLE_SUFFIXES) or _first_word(text[:8]) == (text[0], True)


def name_at(text: str, titled: bool = False) -> tuple[str, str] | None:
    """A name at the start of ``text`` and the rest after it, when its end is clear; right after a title
    (``titled``) a verb jieba reads whole also ends it (…主任丁薛祥|接受了采访)."""
    if _opens_verb_phrase(text):
        return None
    dotted = DOTTED_NAME.match(text)
    if dotted:
        last_dot = max(dotted.group().rfind(d) for d in DOT)
        for end in range(last_dot + 2, dotted.end() + 1):
            rest = text[end:]
            if _ends_name(rest):
                return text[:end], rest
    if text[:2] in CLAN_NAMES and CLAN_NAME.fullmatch(text[:4]) and _ends_name(text[4:]):
        return text[:4], text[4:]
    for length in (2, 3, 4):
        candidate, rest = text[:length], text[length:]
        if (
            len(candidate) == length
            and _ends_name(rest)
            and is_name(candidate)
            and not _glued(candidate, rest)
        ):
            return candidate, rest
    if not titled:
        return None
    tags = _jieba_tags()
    for length in (3, 2):  # no ender: a name before a verb jieba reads whole (丁薛祥|接受, 郭永财|正和)
        candidate, rest = text[:length], text[length:]
        if len(rest) < 1:
            continue
        verb = (tags.get(rest[:2]) or "x")[0] == "v" or (tags.get(rest[:3]) or "x")[0] == "v"
        if not verb and (tags.get(rest[0]) or "x")[0] in "vd":
            verb = _verb_follows(text[: length + 6], length)
        if verb and is_name(candidate) and not _glued(candidate, rest):
            return candidate, rest
    return None


LONG_ENDER = re.compile("|".join(re.escape(e) for e in NAME_ENDERS if len(e) > 1))
"""A predicate of two or more characters opening the rest (出席, 主持): the name ends before it."""
GLUE_TAGS = ("d", "p", "c", "u")
"""jieba's tags of one-character words (正, 也, 在, 和) that follow a name and never end a four-character one."""


def _glued(candidate: str, rest: str) -> bool:
    """Whether the candidate took the first character of the word after it: a verb cut from its second
    character (习近平发|来贺信: 发来), or a four-character name ending in an adverb or preposition
    (郭永财正|和老伴); never before a predicate of its own (诸葛亮|出席, whatever 亮出 is)."""
    last = _jieba_tags().get(candidate[-1]) or ""
    verb_cut = bool(rest) and last.startswith("v") and is_common_word(candidate[-1] + rest[0])
    four = (
        len(candidate) == 4
        and candidate[0] in COMMON_SURNAMES
        and candidate[:2] not in COMPOUND_SURNAMES
        and last.startswith(GLUE_TAGS + ("v",))
    )
    return (verb_cut or four) and not LONG_ENDER.match(rest)


@lru_cache(maxsize=1 << 14)
def _verb_follows(window: str, length: int) -> bool:
    """Whether jieba cuts ``window`` after its first ``length`` characters and reads the next word as a
    verb or adverb (接受, 举行, 发来, 正)."""
    _jieba_tags()
    end = 0
    words = iter(jieba.lcut(window))
    for word in words:
        end += len(word)
        if end >= length:
            break
    following = next(words, "")
    if end != length or not following:
        return False
    tag = _jieba_tags().get(following) or next(iter(jieba.posseg.cut(following))).flag
    return tag.startswith(("v", "d"))


def titled_name(item: str) -> tuple[str, str, str] | None:
    """``(title, name, rest)`` when the item is a title followed by a name, e.g. 市委书记安伟出席会议.

    Linear in the item: each position is checked only against the few titles ending in its character,
    and a name is looked for in a short window after it.
    """
    starts = (match.start() for match in TITLE_AHEAD.finditer(item))
    ends = sorted({s + len(t) for s in starts for t in _TITLES_BY_FIRST[item[s]] if item.startswith(t, s)})
    for end in ends:
        if end < 2 or end >= len(item):
            continue
        suffix = next((s for s in _TITLES_BY_LAST[item[end - 1]] if item.startswith(s, end - len(s))), None)
        if suffix is None or _word_goes_on(item, end - len(suffix), end):
            continue
        found = name_at(item[end : end + NAME_WINDOW], titled=True)
        if found and not _runs_into_title(item, end, end + len(found[0])):
            name = found[0]
            title = QUOTE_OR_BRACKET.split(CLAUSE_BEFORE_TITLE.sub("", LEAD_IN.sub("", item[:end])))[-1]
            title = VERB_BEFORE_TITLE.sub("", title)
            if not title:
                continue
            return title, name, item[end + len(name) :]
    return None


def name_then_title(item: str) -> tuple[str, str, str] | None:
    """``(title, name, rest)`` when the item opens with a name followed by its title and a predicate:
    ``钱立宏委员长主持会议`` → (委员长, 钱立宏, 主持会议). The title is one whole title word, not one
    that opens with a predicate (代表, 主持人) or goes on into a longer word; the name opens with a common
    surname or is a dotted name (法方主席 names a side, not a person)."""
    dotted = DOTTED_NAME.match(item)
    if dotted:
        last_dot = max(dotted.group().rfind(d) for d in DOT)
        starts: range | tuple[int, ...] = range(last_dot + 2, dotted.end())
    else:
        starts = (2, 3, 4)
    for start in starts:
        if start >= len(item):
            break
        if item[start - 1] in GENDER_MARKS:  # 女运动员: the mark belongs to the title
            continue
        for title in _TITLES_BY_FIRST.get(item[start], ()):
            end = start + len(title)
            if not item.startswith(title, start) or title.startswith(NAME_ENDERS) or title in LAY_TITLES:
                continue
            name = item[:start]
            surname = dotted or name[0] in COMMON_SURNAMES or name[:2] in COMPOUND_SURNAMES
            if surname and _ends_name(item[end:]) and not _word_goes_on(item, start, end) and is_name(name):
                return title, name, item[end:]
            break  # the longest title here decides (副市长, not 市长)
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


def plain_person(candidate: str) -> bool:
    if DOTTED_NAME.fullmatch(candidate):
        return True
    surname = candidate[:2] in COMPOUND_SURNAMES or candidate[:1] in COMMON_SURNAMES
    return surname and 2 <= len(candidate) <= 4 and is_name(candidate)


@lru_cache(maxsize=1 << 16)
def tagged_name(candidate: str) -> bool:
    _jieba_tags()
    return [w.flag for w in jieba.posseg.cut(candidate)] == ["nr"]
