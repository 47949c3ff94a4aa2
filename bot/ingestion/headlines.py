"""The lines above a body: which is the headline, and where the others go.

An article's headline lines are the short lines (at most ``HEADLINE_MAX_CHARS``, not ending a sentence)
above its byline or first paragraph. Each goes to a field of its own, and only one is the headline:

* a document's number (``某政发〔2023〕12号``) is a headline note, and so is a line wholly in brackets
  (``（2021年3月14日…通过）``) or, when short and without a date, a series tag (``（新春走基层）``); a
  bracketed tag at the end of a headline line
  (``…（深聚焦·乡村振兴②）``) is a series tag too, unless it states a document's status (草案, 试行);
* a line cut by a narrow column is joined back to the line above it: a line without a verb
  (``全省首个万亿级产业集群``, ``今年全市将为老旧小区``) and the line holding it, opening without a
  subject (``在南江诞生``, ``加装电梯600部``), never a document's title (``关于…的通知``); an event's last words
  (``…营商环境`` / ``大会召开``), a number cut at its point or before its unit (``…增长6.`` / ``1%``,
  ``…10.2亿`` / ``人次``), a lead-in's last word with its dash (``…扎根盐碱`` / ``地——``), and any
  line under one that cannot end a headline (``…会议在`` / ``京闭幕``);
* a very short line (a column's name: ``今日谈``, ``人民时评``) beside other headline lines is the column,
  unless it names a person and what they did (``某某主持``: a subtitle);
* a lead-in ending in a dash or a colon (``…十年攻关——``, ``专访某某：``) is the kicker; a line opening with a dash is a subtitle;
* a line that only names a meeting (``…第三次会议``, with no act such as 召开 or 选举) is the kicker of
  the line under it that says what the meeting did;
* of two lines with no dash, colon or space between them, the first is the main title when it opens with
  its subject and holds a verb (``南江马拉松2.6万人开跑`` over ``某某夺冠``), or when the second opens
  with a speaker and a colon (``专家提醒：…``); a first line opening with a verb (``聚焦…``), a bare
  name or ending in a reporting verb (``…报告显示``) is the kicker;
* among the rest the main headline is the most headline-like: the longest, plus a bonus for ending in an
  event word (召开, 举行, 会议, 调研 …), minus a penalty for two phrases set apart by a space or for a
  comma (the usual shapes of 引题/副题). Lines above it are the kicker, lines below it the subtitles.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import jieba
import jieba.posseg

from bot.ingestion.ads import is_slogan
from bot.ingestion.bylines import PHOTO_CREDIT, byline_match
from bot.ingestion.dates import DATELINE, FULL_DATE
from bot.ingestion.lines import CJK, CLOSERS, cut_number, ends_sentence
from bot.ingestion.names import is_name
from bot.ingestion.people import ANY_ROLE

ITEM_MARKS = "■□●◆◇▲△★☆"
HEADLINE_MAX_CHARS = 40
HEADLINE_MAX_LINES = 6
COLUMN_MAX_CHARS = 5
SERIES_MAX_CHARS = 16
NUMBER_CHARS = "0123456789十百千万亿"
EVENT_END = re.compile(
    r"(?:召开|举行|举办|开幕|闭幕|启动|发布|会议|大会|座谈会|论坛|调研|视察|督导|检查|慰问|会见|会谈"
    r"|开通|开工|签约|揭牌|成立|出台|印发|通过)[”\"]?$"
)
SPACED_PHRASES = re.compile(rf"[{CJK}”》）!！?？][\s\u3000]+[{CJK}“《（]")
BRACKETED = re.compile(r"^[（(【\[](?P<inner>[^（()）【】\[\]]+)[）)】\]]$")
TRAILING_TAG = re.compile(r"^(?P<head>.+?)[\s\u3000]*[（(【](?P<tag>[^（()）【】]{2,16})[）)】]$")
DOCUMENT_NUMBER = re.compile(
    rf"^[{CJK}]{{0,10}}[〔\[［(（]\d{{4}}[〕\]］)）][{CJK}\d]{{0,12}}?第?\d{{1,5}}号$"
)
"""A document's number under its title (``临政发〔2023〕12号``, a case's ``（2024）某01破12号``): a
headline note."""
DOCUMENT_STATUS = re.compile(r"草案|试行|修订|修正|征求意见稿|摘要|全文|节选|暂行|送审稿")
LEAD_IN_END = ("——", "--", "—")
BLOCK_LABEL = re.compile(rf"^[{CJK}]{{0,4}}(?:速览|简讯|短波|快讯|集锦|简报|速递|短讯|动态|一览|播报)$")
"""The label over a block of brief items (新闻速览, 简讯, 体育短波): the items' column, never a headline."""
COLUMN_NAME_MAX_CHARS = 8
COMMENTARY_END = re.compile(r"(?:时评|快评|短评|锐评|热评|微评)$")
"""A commentary column's name may be longer than other columns' (南江日报时评)."""
COLUMN_NAME = re.compile(rf"^[{CJK}·]{{0,6}}(?:时评|快评|短评|锐评|热评|微评|评论|论坛|随笔|杂谈|漫谈|谈)$")
"""A commentary column's name (南江时评, 今日谈), bracketed over its headline (【南江时评】): the column."""
BOX_LABEL = re.compile(
    r"^[【\[（(]?(?P<label>核心阅读|人物小传|编者按|记者手记|编后|短评|相关链接|延伸阅读|链接|背景链接|记者观察)"
    r"[】\]）)]?[:：]?[\s\u3000]*(?P<rest>.*)$"
)


def is_box_label(text: str) -> bool:
    """A line that only names a box (核心阅读, 人物小传, （记者手记）): the label of what follows."""
    match = BOX_LABEL.match(text)
    return match is not None and not match["rest"]


def is_headline_like(text: str) -> bool:
    """Short, not a byline, credit or box label, and not ending a sentence with 。 or ；."""
    return (
        len(text) <= HEADLINE_MAX_CHARS
        and not byline_match(text)
        and not PHOTO_CREDIT.match(text)
        and not is_box_label(text)
        and not text.endswith(("：", ":", "，", ","))  # a salutation (各区县、各部门：) opens a body; a
        # line ending in a comma is a clause cut by the column (值此…开幕之际，)
        and not (ends_sentence(text) and text.rstrip(CLOSERS)[-1] in "。．；;…")
    )


@dataclass
class Heading:
    """What an article's headline lines say, each line in its own field."""

    headline: str | None = None
    kicker: str | None = None
    subtitles: list[str] = field(default_factory=list)
    note: str | None = None
    series: str | None = None
    column: str | None = None
    boxes: list[str] = field(default_factory=list)  # figure boxes and pull quotes printed with the headline


WIRE_DATELINE = re.compile(r"(?:社|报|台)[^（()）]{0,12}电$")
"""A wire dateline in brackets (``（新华社北京9月4日电）``): a note, never a series tag."""


SERIES_LINE = re.compile(
    rf"[{CJK}]{{2,10}}[·•・‧][{CJK}]{{1,12}}(?:[①-⑳]|[(（][一二三四五六七八九十\d]{{1,3}}[)）]|之[一二三四五六七八九十]{{1,3}})"
)
"""A line that is a numbered series tag on its own (老巷新声·匠人①, 深聚焦·乡村振兴（三）): the series."""


def _is_series(inner: str) -> bool:
    return (
        len(inner) <= SERIES_MAX_CHARS
        and not FULL_DATE.search(inner)
        and not DOCUMENT_STATUS.search(inner)
        and not WIRE_DATELINE.search(inner)
    )


def read_heading(lines: list[str]) -> Heading:
    """Sort an article's headline lines into headline, kicker, subtitles, note, series and column."""
    heading = Heading()
    candidates: list[str] = []
    notes: list[str] = []
    tagged: str | None = None  # the line a series tag ends: the headline
    lines, heading.boxes = _figure_boxes(lines)
    for text in lines:
        text = text.lstrip(ITEM_MARKS) or text  # ■省博物馆特展开幕: a brief item's mark, no part of it
        whole = BRACKETED.match(text)
        if whole and COLUMN_NAME.match(whole["inner"]) and heading.column is None and len(lines) > 1:
            heading.column = whole["inner"]  # 【南江时评】 over a commentary's headline: its column
            continue
        if whole and _is_series(whole["inner"]) and heading.series is None:
            heading.series = whole["inner"]
            continue
        if whole or DOCUMENT_NUMBER.match(text):
            notes.append(text)
            continue
        if SERIES_LINE.fullmatch(text) and heading.series is None:
            heading.series = text
            continue
        tag = TRAILING_TAG.match(text)
        if tag and _is_series(tag["tag"]) and heading.series is None and len(tag["head"]) >= 4:
            heading.series = tag["tag"]
            text = tagged = tag["head"]
        candidates.append(text)
    heading.note = " ".join(notes) or None
    labels = [text for text in candidates if BLOCK_LABEL.match(text)]
    if labels:
        heading.column = labels[0]
        candidates = [text for text in candidates if text != labels[0]]
    candidates = _wraps_rejoined(candidates)
    if len(candidates) > 1 and heading.column is None:
        short = [
            t
            for t in candidates
            if (len(t) <= COLUMN_MAX_CHARS or (len(t) <= COLUMN_NAME_MAX_CHARS and COMMENTARY_END.search(t)))
            and re.fullmatch(rf"[{CJK}·]+", t)
            and not names_a_doer(t)
        ]
        if short and len(short) < len(candidates):
            heading.column = short[0]
            candidates.remove(short[0])
    if not candidates:
        return heading
    main = next((i for i, t in enumerate(candidates) if tagged and t.startswith(tagged)), None)
    if main is None:
        main = choose_headline(candidates)
    else:  # a pull quote printed under a series commentary's headline is a box, never a subtitle
        heading.boxes += [t for t in candidates[main + 1 :] if QUOTED.fullmatch(t)]
        candidates = [t for n, t in enumerate(candidates) if n <= main or not QUOTED.fullmatch(t)]
    heading.headline = candidates[main]
    heading.kicker = " ".join(candidates[:main]) or None
    heading.subtitles = candidates[main + 1 :]
    return heading


FIGURE = re.compile(
    r"^[约近超逾]?\d+(?:[.．]\d+)?[万亿千百]*(?:多|余)?(?:%|‰|[个元吨人家项座户所倍件台辆次名岁天亩米])?(?:多|余|以上)?$"
)
"""A line that is only a figure (``7亿多``, ``1.7%``, ``2.6万个``): a statistic box with the line under it."""
QUOTED = re.compile(r"[“\"「『].+[”\"」』]")


def _figure_boxes(lines: list[str]) -> tuple[list[str], list[str]]:
    """The headline lines without their figure boxes, and the boxes (``2.6万个：全省累计完成…``): a
    figure alone on its line and the line saying what it counts, never a headline."""
    if not any(FIGURE.match(text) for text in lines):
        return lines, []
    kept: list[str] = []
    boxes: list[str] = []
    n = 0
    while n < len(lines):
        text = lines[n]
        if FIGURE.match(text) and kept and not cut_number(kept[-1], text):
            told = lines[n + 1] if n + 1 < len(lines) and not FIGURE.match(lines[n + 1]) else None
            boxes.append(f"{text}：{told}" if told else text)
            n += 2 if told else 1
            continue
        kept.append(text)
        n += 1
    return kept, boxes


HEADLINE_CUT_END = "在和与及或对把将向从被于第“《"
"""A headline line ending in one of these as a word of its own (``…会议在`` / ``京闭幕``, but not
``安全祥和`` or ``把准方向``) was cut by a narrow column."""
DASH_FRAGMENT = re.compile(rf"^[{CJK}]{{1,3}}(?:——|—|--)$")
UNIT_FRAGMENT = re.compile(rf"^[{CJK}]{{1,2}}$")
WRAPPED_LINE_MIN_CHARS = 6
WHOLE_LINE_CHARS = 10
"""A line this long opening with a verb under one ending in an activity is a heading line of its own."""


def _cut_after(above: str, text: str) -> bool:
    """Whether ``text`` is the rest of the headline line ``above``, cut by a narrow column: an event's last
    words (``全市优化营商环境`` / ``大会召开``), a number cut at its point (``…增长6.`` / ``1%``) or
    before its unit (``…10.2亿`` / ``人次``), a lead-in's last word with its dash (``…扎根盐碱`` /
    ``地——``), or anything after a line that cannot end a headline (``…会议在`` / ``京闭幕``). Past an
    event's last words, a line longer than the one above it is no rest of it: a column cuts a full line."""
    if cut_number(above, text):
        return True
    if not re.fullmatch(rf"[{CJK}\d.．%“”《》]+", above) or above.endswith(LEAD_IN_END):
        return False
    if len(text) <= COLUMN_MAX_CHARS and EVENT_END.search(text) and re.fullmatch(rf"[{CJK}]+", above + text):
        return True
    if len(above) < WRAPPED_LINE_MIN_CHARS or len(text) > len(above):
        return False  # a column cuts a line where it is full: the rest is never longer than the line above
    return bool(
        _predicate_continues(above, text)
        or DASH_FRAGMENT.match(text)
        or (above[-1] in NUMBER_CHARS and UNIT_FRAGMENT.match(text))
        or (above[-1] in HEADLINE_CUT_END and len(jieba.lcut(above)[-1]) == 1)  # 在 alone, not 无处不在
    )


SUBJECT_FLAGS = ("n", "t", "m", "r", "q")
"""jieba's tags of words that open a line with its subject (a noun, a time, a number, a pronoun)."""
DOCUMENT_TITLE_OPENING = "关于"
DOCUMENT_KIND_END = re.compile(r"(?:名单|公告|公示|通告|通知|决定|决议|声明|启事)$")
GENRE_END = re.compile(r"(?:手记|观察|时评|短评|随笔|札记|来信|特写|述评|综述|侧记|纪实|专访|访谈|点评)$")
"""A line ending in a genre's name (``新华社记者手记``, ``读者来信``) labels the piece: never a cut headline."""


def _flags(text: str) -> list[tuple[str, str]]:
    return [(pair.word, pair.flag) for pair in jieba.posseg.lcut(text)]


def _has_predicate(words: list[tuple[str, str]]) -> bool:
    return any(flag == "v" for _, flag in words)


def _predicate_continues(above: str, text: str) -> bool:
    """A headline line without a verb (``全省首个万亿级产业集群``) continued by a line that opens without a
    subject and holds the verb (``在南江诞生``), a line whose preposition still waits for its verb
    (``今年全市将为老旧小区`` / ``加装电梯600部``), or an issuer's name over its document
    (``…常务委员会`` / ``任免名单``): one headline cut in two. A document's title (``关于…的通知``) is a
    line of its own."""
    if len(above) + len(text) > HEADLINE_MAX_CHARS or text.startswith(DOCUMENT_TITLE_OPENING):
        return False
    if GENRE_END.search(above) or is_session_name(above):
        return False
    if not re.fullmatch(rf"[{CJK}\d.．%“”《》]+", text):
        return False
    words, below = _flags(above), _flags(text)
    if _has_predicate(words):
        return False
    if any(flag == "p" for _, flag in words[1:]) or DOCUMENT_KIND_END.search(text):
        return True  # a preposition waiting for its verb (将为…), or the issuer over its document
    if words[-1][1] == "vn" and below[0][1] == "v" and len(below[0][0]) > 1 and len(text) >= WHOLE_LINE_CHARS:
        return (
            False  # an activity ending a line (…研究部署防汛工作), a verb opening a long next one: two lines
        )
    return _has_predicate(below) and not below[0][1].startswith(SUBJECT_FLAGS)


DOER = re.compile(rf"(?:{ANY_ROLE.pattern})(?:并(?:{ANY_ROLE.pattern}))?")


def names_a_doer(text: str) -> bool:
    """A person's name and what they did (``某某主持``, ``某某出席``): a subtitle, never a column name."""
    return any(DOER.fullmatch(text[n:]) and is_name(text[:n]) for n in (2, 3) if len(text) > n)


def _wraps_rejoined(lines: list[str]) -> list[str]:
    """Headline lines cut by a narrow column joined back (see ``_cut_after``), so the rest of a line is
    neither a column name nor a subtitle, and a lead-in cut before its dash is still the kicker."""
    out: list[str] = []
    for text in lines:
        if out and _cut_after(out[-1], text):
            out[-1] += text
        else:
            out.append(text)
    return out


SESSION_NAME = re.compile(rf"^[{CJK}\d]*?[一二三四五六七八九十百零〇\d]+次(?:全体|常务|扩大)?(?:会议|大会)$")
ACTION = re.compile(r"召开|举行|举办|开幕|闭幕|启动|通过|审议|表决|选举|决定|部署|研究|学习")


def is_session_name(text: str) -> bool:
    """Only a meeting's name (``某市第十六届人民代表大会第三次会议``), no act: over a line saying what the
    meeting did, it is the kicker."""
    return bool(SESSION_NAME.match(text)) and not ACTION.search(text)


def choose_headline(lines: list[str]) -> int:
    """Index of the main headline among an article's headline lines (see the module docstring)."""

    def score(i: int) -> int:
        text = lines[i]
        below = lines[i + 1] if i + 1 < len(lines) else None
        if is_slogan(text) or (below is not None and REPORTING_END.search(text)):
            return -100  # an advertiser's slogan; a lead-in ending in 强调/指出 over the headline it leads to
        if below is not None and LEAD_IN_CLAUSE.search(text) and not LEAD_IN_CLAUSE.search(below):
            return -100  # a lead-in sentence (清晨五点，老周…) standing above the headline
        value = len(text)
        if EVENT_END.search(text):
            value += 20
        if SPACED_PHRASES.search(text):
            value -= 10
        if any(mark in text for mark in "，,"):  # a subtitle listing facts
            value -= 10
        if text.startswith(("—", "-")) or text.endswith(LEAD_IN_END + ("：", ":")) or is_session_name(text):
            value -= 100  # a subtitle, a lead-in (…十年攻关——, 专访某某：) or a bare meeting name
        return value

    if len(lines) == 2 and _first_is_main(*lines):
        return 0
    return max(range(len(lines)), key=lambda i: (score(i), -i))


SPEAKER_COLON = re.compile(rf"^[{CJK}]{{1,10}}[：:]")
"""A line opening with a speaker and a colon (``专家提醒：…``, ``市民说：…``): a subtitle."""
REPORTING_END = re.compile(r"(?:显示|表明|指出|认为|透露|强调|提出|表示|称|说)$")
"""A line ending in a reporting verb (``…报告显示``) leads in to what the line under it says."""
MARKS = ("——", "—", "--", "：", ":", " ", "\u3000")
LEAD_IN_CLAUSE = re.compile(rf"[{CJK}]{{4,}}[，,][{CJK}]")
"""A headline line holding a clause break (清晨五点，老周的渔船…): over a line without one, its lead-in."""


def _first_is_main(first: str, second: str) -> bool:
    """Of two headline lines with no dash, colon or space to tell them apart, the first is the main title
    when it says something of its subject (a subject, then a verb), or when the second opens with a
    speaker and a colon; a line opening with a verb (``聚焦…``, ``奋力推进…``), a bare name
    (``某市人民政府``) or a line ending in a reporting verb (``…报告显示``) is a lead-in to the second."""
    if any(mark in first for mark in MARKS) or first.endswith(LEAD_IN_END) or is_session_name(first):
        return False
    if is_slogan(first) or (LEAD_IN_CLAUSE.search(first) and not LEAD_IN_CLAUSE.search(second)):
        return False
    if SPEAKER_COLON.match(second):
        return True
    if any(mark in second for mark in MARKS) or REPORTING_END.search(first):
        return False
    words = _flags(first)
    if not words[0][1].startswith(SUBJECT_FLAGS):
        return False
    return _has_predicate(words) or _flags(second)[0][1] == "v"  # the second goes on of the first's subject


PHOTO_MARK = re.compile(r"^(?:(?:图[①-⑳\d]?|上图|下图|左图|右图|图片)[：:]|图为)")
"""What a caption opens with (图①：, 图为): no word of a headline derived from it."""


def derived_headline(text: str) -> str:
    """A headline for an article printed without one: its first sentence, without the dateline."""
    text = PHOTO_MARK.sub("", text.lstrip("■□●◆◇▲△★☆·"))
    sentence = re.split(r"[。！？!?；;]", text, maxsplit=1)[0]
    dateline = DATELINE.match(sentence)
    if dateline:
        sentence = sentence[dateline.end() :].lstrip("，, ")
    first = re.split(r"[，,]", sentence, maxsplit=1)[0]
    if len(sentence) > HEADLINE_MAX_CHARS // 2 and 6 <= len(first) <= HEADLINE_MAX_CHARS:
        sentence = first  # its first clause, when that says enough
    elif len(sentence) > HEADLINE_MAX_CHARS:
        sentence = sentence[:HEADLINE_MAX_CHARS] + "…"
    return sentence or text[:HEADLINE_MAX_CHARS]
