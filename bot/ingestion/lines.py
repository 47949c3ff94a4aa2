"""A page's lines: splitting, sentence ends, and page furniture (jump marks, page headers, editor lines).

Furniture is never dropped silently: each furniture line is kept with its line number, and the page
header's date, page number and section name are read from it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.ingestion.punctuation import full_width

SENTENCE_END = "。．！？!?；;…"
CLOSERS = "”’」』）)】》\"'"
INNER_PUNCT = "，,、。；;：:！!？?"
INDENT = " \t\u3000\xa0"
CJK = r"\u3400-\u4dbf\u4e00-\u9fff"

# Jump marks (（下转第二版）) anywhere in a line; editor and source lines, dates and page headers on their own.
JUMP_MARK = re.compile(r"[（(](?:下转|上接|转|接)第?\s*[0-9一二三四五六七八九十A-Za-z]{1,3}\s*版[）)]")
_WEEKDAY = r"(?:星期|礼拜|周)[一二三四五六日天]"
_PAGE = rf"第?[\s\u3000]*[A-Za-z]?[0-9０-９一二三四五六七八九十]{{1,3}}[\s\u3000]*版(?:[\s\u3000:：]*(?P<section>[{CJK}·]{{2,8}}))?"
_EDITION = rf"[A-Z][0-9]{{1,2}}[\s\u3000]+[{CJK}·]{{2,6}}"
"""A page named by its edition letter and number and its section: A08 体育."""
FURNITURE_LINE = re.compile(
    r"^(?:[（(【]?(?:责任编辑|责编|编辑|校对|审核|审校|监制|来源|稿源|本版编辑|美编|发布时间|发布日期|作者|版式设计)[:：]"
    r"|(?:19|20)\d{2}[-/.]\d{1,2}[-/.]\d{1,2}(?:[\sT]+\d{1,2}:\d{2}(?::\d{2})?)?(?:\s|$))"
)
# A page header: a full date with its weekday, and/or the page number with its section, the edition
# before or after the date (2021年3月15日 星期一, 第4版 要闻, 人民日报 2021年3月15日 第04版,
# 人民日报 2021-03-15 第 4 版, 某某日报 2025年6月11日 星期三 A04 港闻).
_DAY = r"(?:(?:(?:19|20)\d{2}年)?\d{1,2}月\d{1,2}日|(?:19|20)\d{2}[-/.]\d{1,2}[-/.]\d{1,2})"
PAGE_HEADER = re.compile(
    rf"^(?:[{CJK}]{{2,8}}[\s\u3000]+)?(?:{_EDITION}[\s\u3000]*)?(?:{_DAY}(?:[\s\u3000]*{_WEEKDAY})?)?"
    rf"(?:[\s\u3000]*(?:{_PAGE}|{_EDITION}))?(?:[\s\u3000]*(?:责任编辑|责编|编辑)[\s\u3000:：]*[{CJK}]{{2,4}})?$"
)
PAPER_NAME = rf"[{CJK}]{{1,8}}(?:日报|晚报|早报|时报|商报|青年报|法治报)"
"""A daily's name (人民日报, 南江晚报)."""
PAPER_LINE = re.compile(rf"^{PAPER_NAME}$")
"""A line that is only a paper's name, at the top of a page: part of its header."""
SECTION_PAGE_LINE = re.compile(
    rf"^(?:(?P<section>[{CJK}·]{{2,6}})[\s\u3000]+(?P<number>\d{{1,2}})|(?P<number2>\d{{1,2}})[\s\u3000]+(?P<section2>[{CJK}·]{{2,6}}))$"
)
"""A section's name and a bare page number (``国际 5``, ``5 国际``) alone on a page's top line: its header."""
SOURCE_NOTE = re.compile(
    rf"^《[\s\u3000]*(?P<paper>[{CJK}]{{2,12}})[\s\u3000]*》[\s\u3000]*[（(][\s\u3000]*{_DAY}"
    rf"(?:[\s\u3000]*{_PAGE})?[\s\u3000]*[）)]$"
)
"""An archive's source note: 《 人民日报 》（ 2021年03月15日 第 04 版）, the paper, date and page."""
FULL_WIDTH_ALNUM = str.maketrans(
    "０１２３４５６７８９ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚ",
    "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
)
"""Full-width digits and Latin letters (ＧＤＰ, ２０２１) read as their ASCII forms."""
SIGNATURE_DATE = re.compile(
    r"^(?P<y>(?:19|20)\d{2}|[〇零一二三四五六七八九]{4})年(?P<m>[0-9一二三四五六七八九十]{1,3})月"
    r"(?P<d>[0-9一二三四五六七八九十]{1,3})日$"
)
"""A date alone on a line after the news began: a document's date at its foot (落款), no page header."""
AD_MARK = re.compile(r"^[（(【\[]?广[\s\u3000]*告(?:专版|专刊|特刊)?[）)】\]]?$")
"""A line that only says the space is an advertisement (广告, 广 告, 广告专版): page furniture."""
GENRE_LABEL = re.compile(
    r"^(?:贺|唁|慰问|感谢|公开|倡议|推荐|回|复)?[\s\u3000]*(?:信|电|词|书)$"
    r"|^(?:讲[\s\u3000]*话|全[\s\u3000]*文|致[\s\u3000]*辞|讲话全文)$"
)
"""A line naming the genre of the text under it (``贺　信``, ``讲话``, ``全文``) inside an article: a subhead
of that article, never a byline, a headline or the start of another article."""
DAMAGE_LINE = re.compile(r"^(?:[□■�?？]{2,}|\d{1,3}|[-—_=*·.。]{3,})$")
"""A line of missing glyphs (□□□), a stray page number, or a rule."""


@dataclass
class Line:
    """One non-blank line of a page, stripped, with where and how it stood."""

    text: str
    number: int
    indented: bool
    after_blank: bool
    cut: bool = False  # furniture (a jump mark) was cut out of it: its width is not the column's


def split_lines(text: str) -> list[Line]:
    """Non-blank lines with their 1-based numbers, indentation, and whether a blank line precedes them;
    full-width digits and letters read as ASCII, ASCII punctuation in Chinese text as full-width."""
    lines: list[Line] = []
    blank = False
    for number, raw in enumerate(full_width(text.translate(FULL_WIDTH_ALNUM)).split("\n"), start=1):
        stripped = raw.strip(INDENT + "\ufeff")
        if not stripped:
            blank = True
            continue
        indented = raw[:1] == "\u3000" or raw.startswith(("  ", "\t", "\xa0"))
        lines.append(Line(stripped, number, indented, blank))
        blank = False
    return lines


def is_page_header(text: str) -> bool:
    """A line that is only a page header: a date with its weekday, a page number, or both."""
    if len(text) > 48 or not re.search(r"\d|版", text):
        return False
    match = PAGE_HEADER.match(text)
    return bool(match) and bool(
        re.search(rf"月.*日.*(?:星期|礼拜|周)|年.*日|版|(?:^|[\s\u3000]){_EDITION}", text)
    )


def set_furniture_apart(lines: list[Line]) -> tuple[list[Line], list[Line]]:
    """Remove jump marks from lines and set furniture lines apart: (news lines, furniture lines). A
    paper's name alone on a line is furniture above the first news line.

    A jump mark inside a line is cut out and recorded as furniture of its own on that line number. A
    date alone on a line below news text is a document's date (落款), kept with the text.
    """
    kept: list[Line] = []
    furniture: list[Line] = []
    for line in lines:
        marks = JUMP_MARK.findall(line.text)
        furniture += [Line(mark, line.number, False, False) for mark in marks]
        text = JUMP_MARK.sub("", line.text).strip(INDENT) if marks else line.text
        if not text:
            continue
        if kept and SIGNATURE_DATE.match(text):  # a page header sits above the first article
            kept.append(Line(text, line.number, line.indented, line.after_blank))
        elif (
            FURNITURE_LINE.match(text)
            or is_page_header(text)
            or DAMAGE_LINE.match(text)
            or SOURCE_NOTE.match(text)
            or AD_MARK.match(text)
            or (not kept and (PAPER_LINE.match(text) or SECTION_PAGE_LINE.match(text)))
        ):
            furniture.append(Line(text, line.number, line.indented, line.after_blank))
        else:
            kept.append(Line(text, line.number, line.indented, line.after_blank, bool(marks)))
    return kept, furniture


def is_genre_label(text: str) -> bool:
    """A line that only names the genre of the text under it (贺信, 讲话, 全文)."""
    return (
        len(text) <= 8
        and bool(GENRE_LABEL.match(text))
        and len(text.replace(" ", "").replace("\u3000", "")) > 1
    )


def ends_sentence(text: str) -> bool:
    """True when the text ends with sentence-final punctuation, possibly followed by closing marks."""
    core = text.rstrip(CLOSERS + INDENT)
    return bool(core) and core[-1] in SENTENCE_END


_NUMBER_CUT = re.compile(r"\d[.．]$|\d$")


def cut_number(left: str, right: str) -> bool:
    """A number cut at a line end (``同比增长7.`` / ``4%``, ``增长21`` / ``.3%``): the point between two
    digits is a decimal point, never a sentence end, and the two lines join with no space."""
    if not _NUMBER_CUT.search(left) or not right:
        return False
    if left[-1].isdigit():
        return right[0] in ".．" and right[1:2].isdigit()
    return right[0].isdigit()
