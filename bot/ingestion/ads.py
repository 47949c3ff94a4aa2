"""Advertising on a page: placeholders kept as furniture, slogans never headlines, advertorials marked.

* An ad placeholder -- a line that is only ``广告`` / ``广 告`` / ``广告专版`` / ``（广告）`` -- is page
  furniture wherever it stands; a page of nothing but an advertiser's slogan (``热烈祝贺…开幕``) and names,
  with no sentence of news, is furniture as a whole: neither becomes an article, so neither reaches the
  digest or an answer.
* A congratulatory slogan (``热烈祝贺…隆重开幕``, ``恭祝…圆满成功``) over a headline is its kicker.
* An advertorial -- a slogan over its headline, a placeholder on its page, or a contact line
  (``咨询电话：…``) closing an unsigned text -- is an article of ``kind: advertorial``, listed after news.
"""

from __future__ import annotations

import re

from bot.ingestion.lines import AD_MARK, Line, ends_sentence

SLOGAN = re.compile(r"^(?:热烈|隆重|衷心)?(?:祝贺|庆祝|恭祝|恭贺|喜迎|欢迎|祝)[^，。；]{2,40}$")
"""An advertiser's congratulation (热烈祝贺…开幕, 恭祝…圆满成功): never a headline."""
SLOGAN_LEAD = re.compile(r"^(?:热烈|隆重|衷心)(?:祝贺|庆祝|欢迎)|^(?:恭祝|恭贺|喜迎)")
CONTACT = re.compile(
    r"^(?:咨询|服务|订购|报名|招商|投诉|联系|预约|客服)?(?:电话|热线)[:：]|^(?:地址|网址)[:：]"
)
"""A line giving a telephone number or address (咨询电话：…, 地址：…): the close of an advertisement."""


def is_slogan(text: str) -> bool:
    """An advertiser's congratulatory slogan (``热烈祝贺…隆重开幕``, ``恭祝…``)."""
    return bool(SLOGAN_LEAD.match(text)) and bool(SLOGAN.match(text))


def is_ad_mark(text: str) -> bool:
    """A line that only says the space is an advertisement (广告, 广 告, 广告专版)."""
    return bool(AD_MARK.match(text))


def is_slogan_page(lines: list[Line]) -> bool:
    """A page of an advertiser's slogan and names only (no sentence of news): furniture as a whole."""
    return (
        bool(lines)
        and any(is_slogan(line.text) for line in lines)
        and not any(ends_sentence(line.text) and len(line.text) > 20 for line in lines)
    )


def is_advertorial(heading_lines: list[str], paragraphs: list[str], signed: bool, marked: bool) -> bool:
    """Whether an article is an advertorial: a slogan among its headline lines, an ad placeholder on its
    page (``marked``), or, unsigned, a paragraph opening with a telephone number or an address."""
    if marked or any(is_slogan(text) for text in heading_lines):
        return True
    return not signed and any(CONTACT.match(text) for text in paragraphs)
