"""Bylines and credits: ``本报讯（记者 某某）``, ``新华社北京3月14日电（记者 某某）``, credit lines
(``本报记者 王  芳``, ``（记者 某某）``, ``□本报评论员``), author notes (``（作者为某大学教授）``) and photo
credits (``记者 某某 摄``), and the reporters they name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.ingestion.lines import CJK, INDENT, Line, is_genre_label

_CJK = CJK
# 本报讯 / 又讯 / 本报北京2月27日电 / 新华社北京5月21日电 / 郑州晚报讯 / 据新华社电, each with an optional (credit).
_AGENCY = rf"本报|晚报|早报|又|另|新华社|中新社|中新网|人民网|新华网|央视网|央广网|[{_CJK}]{{2,6}}(?:日报|晚报|时报|商报|新闻网|电视台)"
# A line that is only a credit: 本报记者 张三 通讯员 李四 / （记者 某某）
_NAMES = rf"[{_CJK}·]{{2,6}}(?:[\s\u3000、]+[{_CJK}·]{{2,6}})*"
# After an unbracketed 本报讯, each name stands apart (本报讯 记者 王丽 通讯员 李强 2月18日，…),
# so the start of the text (昨日，…) is never taken for a name.
_LOOSE_NAMES = rf"(?:[{_CJK}·]{{2,6}}(?:[\s\u3000、]+|(?=】)))+"
_ROLES = r"通讯员|实习生|见习记者|摄影|摄像"
_REPORTED = r"(?:报道|报导)?[:：]?"  # 记者 某某 报道：
# 本报讯 / 本报北京4月10日讯 / 新华社北京5月21日电, a credit in brackets or loose names (roles in any
# order: 通讯员 某某 记者 某某 报道：), the whole optionally in 【】 (【某某日报讯 记者 某某】).
BYLINE = re.compile(
    rf"^(?P<square>【)?(?P<byline>据?(?:{_AGENCY})(?:(?:(?!记者)[{_CJK}]){{0,5}}?(?P<date>\d{{1,2}}月\d{{1,2}}日)?(?:讯|电))"
    rf"[\s\u3000]*(?:[（(](?P<credit>[^（()）]{{0,60}})[）)]"
    rf"|(?P<loose>(?:(?:{_ROLES}|[{_CJK}]{{0,8}}记者)[\s\u3000:：]+{_LOOSE_NAMES})+{_REPORTED}))?)"
    rf"(?(square)[\s\u3000]*】)[\s\u3000]*"
)
# Unbracketed, the name must be set apart (记者 张三), so a headline such as 新华社记者手记 is no credit.
_MARK = r"^[□■◇◆●][\s\u3000]*|^"  # the box some pages print before a credit
_TEXT_AND_PHOTO = r"(?:文/图|文／图|文图|文|图)[/／:：]?"  # 文/图 本报记者 某某, 本报记者 某某 文/图
CREDIT_LINE = re.compile(
    rf"(?:{_MARK})(?P<open>[（(])?(?:{_TEXT_AND_PHOTO}[\s\u3000]*)?"
    rf"(?P<credit>[{_CJK}]{{0,8}}记者(?(open)[\s\u3000:：]*|[\s\u3000:：]+){_NAMES}"
    rf"(?:[\s\u3000]*(?:{_ROLES})[\s\u3000:：]*{_NAMES})*"
    rf"(?:[\s\u3000]+图[/／:：][\s\u3000]*[{_CJK}]{{0,8}}记者[\s\u3000:：]*{_NAMES})?)"
    rf"(?:[\s\u3000]+{_TEXT_AND_PHOTO})?(?(open)[）)])$"
)
"""A credit line: ``本报记者 某某 通讯员 某某``, ``文/图 晚报记者 某某``, ``文/本报记者 某某 图/本报记者 某某``
(the writer, then the photographer)."""
PHOTO_PART = re.compile(r"[\s\u3000]+图[/／:：].*$")
"""The photographer's part of a credit (`` 图/本报记者 某某``): no reporter of the text."""
LETTER_SIGNATURE = re.compile(
    rf"^(?:[{_CJK}]{{2,10}}[\s\u3000]+)?(?:读者|市民|网友|村民|居民|听众|观众)[\s\u3000]+[{_CJK}]{{2,4}}$"
)
"""A letter's signature on its own line (``西湖区 读者 刘先生``, ``读者 陈建华``): the letter's byline."""
_PHOTO_ROLE = r"记者|通讯员|实习生|摄影"
_SHOOTER = rf"(?:(?!本报|{_PHOTO_ROLE})[{_CJK}·]){{2,6}}"  # a name: never a role, nor 本报讯
_SHOOTER_ROLE = rf"[{_CJK}]{{0,8}}?(?:{_PHOTO_ROLE})[\s\u3000:：]*"
# 本报记者 某某 通讯员 某某, or names alone set apart from 摄 (新华社发 某某 摄)
_SHOT_BY = (
    rf"{_SHOOTER_ROLE}{_SHOOTER}(?:[\s\u3000、]+(?:{_SHOOTER_ROLE})?{_SHOOTER})*"
    rf"|{_SHOOTER}(?:[\s\u3000、]+{_SHOOTER})?(?=[\s\u3000])"
)
PHOTO_CREDIT = re.compile(rf"(?:{_MARK})[（(]?(?P<credit>{_SHOT_BY})[\s\u3000]*摄[）)]?$")
CAPTION_CREDIT = re.compile(
    rf"(?<=[。！？!?）)])[\s\u3000]*(?P<line>[（(]?(?P<credit>{_SHOT_BY})[\s\u3000]*摄[）)]?)$"
)
"""A photo credit closing a caption's line (``图为…。本报记者 某某 摄``, ``…（通讯员 某某 摄）``)."""
_PHOTO_ROLE_WORD = re.compile(rf"[{_CJK}]{{0,8}}?(?:{_PHOTO_ROLE})[:：]?")
_AGENCY_CREDIT = re.compile(r"(?:社|报|网|台|站)发?$|供图$")
"""A source credited beside a photographer (新华社发, 某某报): no name."""
COMMENTATOR_LINE = re.compile(rf"(?:{_MARK})[（(]?[{_CJK}]{{0,6}}评论员[）)]?$")
AUTHOR_LINE = re.compile(rf"^[{_CJK}](?:[\s\u3000]+[{_CJK}]){{1,2}}$")
"""An author's name alone on a line, padded with spaces (``李  明``) under a commentary's headline."""
AUTHOR_NOTE = re.compile(r"^[（(](?:作者(?:为|系|是|单位[:：]?)|本文作者)[^（()）]{1,60}[）)]$")
"""``（作者为某大学教授）`` at the end of a commentary: its byline."""
CREDIT_WORD = re.compile(r"报道|报导|整理|撰文|采写|编译|摄影?|文图|文|图")
"""Words a credit writes after a name for what the person did: never a name."""
REPORTER_ROLE_END = r"(?=通讯员|实习生|见习记者|摄影|摄像|编辑|$)"
_SPACED_SINGLES = re.compile(rf"(?<![{_CJK}])([{_CJK}])[\s\u3000]+([{_CJK}])(?![{_CJK}])")
_CREDIT_HINT = re.compile(r"记者|通讯员|评论员")


def close_spaced_names(text: str) -> str:
    """A credit line pads two-character names to the width of three (``本报记者  王  芳``): join them."""
    if len(text) > 60 or not _CREDIT_HINT.search(text):
        return text
    return _SPACED_SINGLES.sub(r"\1\2", text)


def byline_match(text: str) -> re.Match[str] | None:
    """The byline at the start of a line, a line that is only a reporter or commentator credit, or an
    author's spaced-out name."""
    return (
        BYLINE.match(text)
        or CREDIT_LINE.match(text)
        or LETTER_SIGNATURE.match(text)
        or COMMENTATOR_LINE.match(text)
        or (AUTHOR_LINE.match(text) if not is_genre_label(text) else None)  # 贺　信 names no author
    )


def opening_text(line: Line) -> str:
    """The text after a byline on its own line (the start of the first paragraph), or ''."""
    match = BYLINE.match(line.text)
    return line.text[match.end() :].strip(INDENT) if match else ""


def reporters_of(credit: str | None) -> list[str]:
    """Names after 记者 in a credit such as ``郑报全媒体记者 陈锋 张昕`` or ``记者 某某 通讯员 某某``."""
    if not credit:
        return []
    names: list[str] = []
    credit = PHOTO_PART.sub("", credit)
    credit = _SPACED_SINGLES.sub(r"\1\2", credit)  # （记者 郑  洁 黄志强）: a name padded with spaces
    for match in re.finditer(rf"记者[\s\u3000:：]*(?P<names>.*?){REPORTER_ROLE_END}", credit):
        for name in re.split(r"[\s\u3000、，,/]+", match.group("names")):
            if CREDIT_WORD.fullmatch(name):  # 记者 某某 报道, 本报记者 某某 整理
                continue
            if len(name) > 2 and name.endswith("摄"):  # 新华社记者 方喆摄: the photo's credit, not the name
                name = name[:-1]
            if re.fullmatch(rf"[{_CJK}]{{2,4}}|[{_CJK}]+·[{_CJK}·]+", name) and name not in names:
                names.append(name)
    return names


def photographers_of(credit: str) -> list[str]:
    """The names a photo credit gives (``本报记者 某某 通讯员 某某``, ``新华社发 某某``), whatever their role."""
    names: list[str] = []
    text = _PHOTO_ROLE_WORD.sub(" ", _SPACED_SINGLES.sub(r"\1\2", credit))
    for name in re.split(r"[\s\u3000、，,/]+", text):
        name = name[:-1] if len(name) > 2 and name.endswith("摄") else name  # 方喆摄
        if CREDIT_WORD.fullmatch(name) or _AGENCY_CREDIT.search(name) or name in names:
            continue
        if re.fullmatch(rf"[{_CJK}]{{2,4}}|[{_CJK}]+·[{_CJK}·]+", name):
            names.append(name)
    return names


def photo_credit_names(text: str) -> list[str]:
    """The names of a line that is only a photo credit (``（本报记者 某某 摄）``), else none."""
    credit = PHOTO_CREDIT.match(text)
    return photographers_of(credit["credit"]) if credit else []


@dataclass
class Byline:
    """What an article's byline lines say."""

    text: str | None = None
    reporters: list[str] = field(default_factory=list)
    photographers: list[str] = field(default_factory=list)
    dateline: str | None = None
    follow_on: bool = False
    opening: Line | None = None  # the text after the byline on its line: the first paragraph's start


def read_byline(lines: list[Line]) -> Byline:
    """Combine an article's byline lines (``本报讯(…)``, ``新华社…电``, credit lines) into one ``Byline``."""
    byline = Byline()
    parts: list[str] = []
    photographers = byline.photographers  # a byline role (记者 某某 摄), never a person in the news
    for line in lines:
        match = BYLINE.match(line.text)
        credit_line = None if match else CREDIT_LINE.match(line.text) or PHOTO_CREDIT.match(line.text)
        credit = (match.group("credit") or match.group("loose")) if match else None
        credit = credit or (credit_line.group("credit") if credit_line else None)
        parts.append(match.group("byline").strip(INDENT) if match else line.text)
        author = AUTHOR_LINE.match(line.text)
        if author and (name := re.sub(r"[\s\u3000]+", "", line.text)) not in byline.reporters:
            parts[-1] = name
            byline.reporters.append(name)
        found = reporters_of(credit)
        shot_by = PHOTO_PART.search(credit or "")  # 文/本报记者 某某 图/本报记者 某某
        if shot_by:
            photo_names = reporters_of(shot_by.group(0).strip().lstrip("图/／:："))
            photographers += [name for name in photo_names if name not in photographers]
        if shot := PHOTO_CREDIT.match(line.text):  # a photographer credits the photo; the text: a photo item
            photographers += [name for name in photographers_of(shot["credit"]) if name not in photographers]
        else:
            byline.reporters += [name for name in found if name not in byline.reporters]
        if match:
            byline.follow_on = byline.follow_on or match.group("byline").startswith(("又", "另"))
            byline.dateline = byline.dateline or match.group("date")
            if opening_text(line):
                byline.opening = Line(opening_text(line), line.number, line.indented, line.after_blank)
    if all(PHOTO_CREDIT.match(line.text) for line in lines):  # a photo item: the photographer is its author
        byline.reporters = list(photographers)
    byline.text = re.sub(r"[\s\u3000]+", " ", " ".join(parts)) or None  # 本报记者 　林风: one space
    return byline
