"""The analysed question: a message read once, then used by retrieval and the composer alike.

``QuestionReader.read`` normalises (in simplified characters, ``bot.text.script``), and works
out everything later stages need: the kind, the content words with their weights, the search terms,
places, deciding constraints (numbers, ordinals, dates, contrasting time words), names, whether it
refers back to what the chat was about (这次会议, 他), and whether it asks about the report itself.
Nothing after it tokenises the question again.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Literal

from bot.search.constraints import constraints
from bot.search.dates import TimeQuery, parse_dates
from bot.search.kinds import (
    BODY,
    FACT_KINDS,
    PHOTO_WORDS,
    SAME_EVENT,
    Kind,
    ReportField,
    kind_cue,
    report_field,
    without_report_words,
)
from bot.search.subkinds import INSTALMENT, SubKinds, sub_kinds
from bot.text.numerals import arabic
from bot.text.script import Printed, Script, script_of
from bot.text.terms import Tokenizer, normalise

Reference = Literal["article", "person"]

# A question that starts with, or holds, one of these speaks of what the chat was last about.
REFERS_TO_PERSON = re.compile(
    r"^(?:那么|那)?(?:他|她)(?!们)|(?<![其])(?:他|她)(?:的|还|又|是|在|曾|有|说|提)|^其"
)
REFERS_TO_ARTICLE = re.compile(
    r"^(?:那么|那)?(?:他们|该|此|这|那|会上|会议上|还有)|这次|那次|这个会|这场|该会|上述|此次|同一|本次|这篇|这条"
)
ASKED_THING = re.compile(r"(?<=什么|哪些|哪样|哪种|哪个)东西|(?<=，)东西")
VENUE_VERBS = re.compile(r"举行|召开|举办|进行")
# Latin words and codes (RCEP, AGG01, MIT) name things: a passage must hold them whole.
LATIN_NAME = re.compile(r"(?<![a-z0-9])(?=[a-z0-9\-]*[a-z])[a-z0-9][a-z0-9\-]+")
# What is left of a question naming a column once the column and the day are taken out (今天的《今日谈》):
# it asks for the article(s) under it.
MASTHEAD_ONLY = re.compile(r"^(?:的|栏目|专栏|系列|文章|评论|报纸上?|本报|都?有|什么|哪些|啥|内容|[\W_])*$")
TOPIC_ONLY = re.compile(
    r"^(?:(?:关于|有关)?[^，,。？?]{1,20}?(?:的|相关的?)|有(?:什么|哪些|啥)[^，,。？?]{1,8}?)(?:新闻|消息|报道|文章)"
    r"[吗呢啊]?[?？。!！]*$"
)
"""A message that only names a topic and asks for its news (春运相关报道, 关于春运的报道, 有什么国际新闻): it
asks for the articles, as 关于春运有什么新闻 does."""
# How readers say "lately" (the newest come first anyway) or "the series" when asking what the news says.
ABOUT_FILLER = re.compile(r"最近|近期|近来|最新|目前|现在|这几天|有关|系列|栏目|专栏|专题")
ASKED_PERIODS = re.compile(
    r"前[\d两二三四五六七八九十]{1,3}个?月份?|(?<![\d.])[1一][-—至到~][\d二三四五六七八九十]{1,3}月份?(?![\d日号])"
    r"|前?第?[1-4一二三四]季度"
)
"""The first months of a year and its quarters as a question writes them (前两个月, 1—2月, 第一季度): for a
question of one value the answering sentence must hold that period, however it writes it (1—3月 for
一季度: ``deciding.holds_period``), so its words are no words the sentence must print."""
# Titles in book-title marks (《SOUL EATER》) name works.
TITLE_MARKS = re.compile(r"《([^》]{1,40})》")


@dataclass(frozen=True)
class Question:
    """One message, analysed once."""

    asked: str
    """The message as received (cut to the length limit)."""
    text: str
    """Normalised and in simplified characters."""
    script: Script
    kind: Kind
    asks: str
    """The words that ask (多少, 几点, 哪座城市): the answer stands where they stand in the question."""
    words: tuple[str, ...]
    """Content words, as jieba cuts them, each once."""
    weights: Mapping[str, float]
    """How much each content word says about which passage is meant (rarer words weigh more)."""
    terms: tuple[str, ...]
    """What BM25 searches: the question's terms and those of other names of its words (synonyms)."""
    variants: Mapping[str, tuple[str, ...]]
    """Other names of a content word that a passage may use instead (GDP → 地区生产总值)."""
    places: tuple[str, ...]
    """Places and bodies named (上海, 河南省委): a passage about another place does not answer."""
    constraints: tuple[str, ...]
    """Numbers, ordinals, dates and contrasting time words a passage must hold whole (``arabic`` form)."""
    names: tuple[str, ...]
    """People, Latin names and titles of works named: the article must name them."""
    refers_to: Reference | None
    """Whether it speaks of the article (这次会议) or the person (他, 她, 其) the chat was last about."""
    report: ReportField | None
    """The article field asked for when the question is about the report itself (记者, 哪一版)."""
    when: TimeQuery
    """The periods it names (昨天, 1月15日, 上周) as date ranges; its words, content words and terms are
    those of the question without the periods that name days of the paper (``when.rest``)."""
    mastheads: tuple[str, ...] = ()
    """The corpus's column names and series tags it names (人民时评, 新春走基层), normalised."""
    concepts: tuple[str, ...] = ()
    """Everyday names of a field of news it names (看病, 买房), whose ``variants`` are the terms papers
    use for the field (``QuestionReader.concepts_in``): only a question about articles has them."""
    sub: SubKinds = SubKinds()
    """What it asks for within its kind (调整前, 比分, 多少个国家, 市长是谁 …), read once."""

    @property
    def searchable(self) -> bool:
        return bool(self.terms)

    @property
    def names_photo(self) -> bool:
        """Whether it speaks of a photo (照片, 图片): 这部电影是谁拍的 asks for no photographer."""
        return bool(PHOTO_WORDS.search(self.text))


MASTHEAD_MAX_CHARS = 16
"""The longest column name or series tag looked for in a question (深聚焦·乡村振兴②)."""


class QuestionReader:
    """Reads messages into ``Question``s with the corpus's tokenizer, word weights and synonyms."""

    def __init__(
        self,
        tokenizer: Tokenizer,
        weight: Callable[[str], float],
        synonyms: Mapping[str, Iterable[str]] = {},
        people: Iterable[str] = (),
        mastheads: Iterable[str] = (),
        concepts: Mapping[str, Iterable[str]] = {},
    ) -> None:
        self.tokenizer = tokenizer
        self.weight = weight
        self.synonyms = dict(SAME_EVENT) | {
            normalise(k): tuple(normalise(v) for v in vs) for k, vs in synonyms.items()
        }
        self.concepts = {
            normalise(k): tuple(normalise(v) for v in vs)
            for k, vs in sorted(concepts.items(), key=lambda kv: -len(kv[0]))
        }
        """Everyday words for a field of news → the terms papers use for it (``concepts_in``)."""
        self.people = frozenset(normalise(p) for p in people)
        self.mastheads = frozenset(m for m in map(normalise, mastheads) if len(m) <= MASTHEAD_MAX_CHARS)
        """The corpus's column names and series tags (今日谈): a date word inside one is no date."""

    def _mastheads_in(self, text: str) -> list[str]:
        """The corpus's column names and series tags the text holds, found by its own substrings: the
        cost follows the message, never the number of mastheads."""
        return [
            text[i:j]
            for i in range(len(text))
            for j in range(i + 2, min(len(text), i + MASTHEAD_MAX_CHARS) + 1)
            if text[i:j] in self.mastheads
        ]

    def concepts_in(self, text: str) -> tuple[dict[str, tuple[str, ...]], str]:
        """The everyday words for a field of news a topic question names (看病, 买房, 找工作), each with
        the terms papers use for that field (就医, 医保; 商品房, 住房; 就业), and the text without them.

        Only a question about articles (…有什么新闻) is widened so: it asks for the news *in a field*,
        and an article on 医保 or 诊疗 is news about 看病 whoever words it. A fact question asks for
        one value, which a field's other terms do not pin down (物价 may be CPI, PPI or the price of
        pork), so it keeps its own words and synonyms. The table (``retrieval.concepts``) holds the
        common everyday names of news fields, none keyed to a question: any paper's reader says 看病
        where the paper prints 医疗服务. A name of several words (找工作) is kept whole, longest first.
        """
        found: dict[str, tuple[str, ...]] = {}
        for word, terms in self.concepts.items():
            if word in text:
                found[word] = terms
                text = text.replace(word, "，")
        return found, text

    def read(self, message: str, today: dt.date | None = None) -> Question:
        """The analysed question; ``today`` is the day 今天 and 昨天 count from (the newest page date)."""
        script = script_of(message)
        whole = normalise(message)  # in simplified characters, whatever the script
        found = self._mastheads_in(whole)
        when = _as_written(parse_dates(whole, today, found), message)
        text = normalise(when.rest)
        mastheads = tuple(m for m in dict.fromkeys(found) if not any(m != o and m in o for o in found))
        kind, cue = kind_cue(whole)
        if kind == "content" and mastheads and MASTHEAD_ONLY.match(_without(text, mastheads)):
            kind = "about"  # 今天的《今日谈》: the column's article
        elif kind == "content" and TOPIC_ONLY.match(text):
            kind = "about"  # 春运相关报道: the articles on it
        # The words that ask (哪座城市, 哪三个国家) say what the answer is, not what the passage is about.
        report = report_field(whole)
        asked = without_report_words(text) if report else text
        asked = asked.replace(cue, "，") if cue else asked
        if kind == "about":  # 报纸上关于…的文章讲了什么: what the articles are about
            asked = ABOUT_FILLER.sub("，", without_report_words(_without(asked, mastheads)))
        if kind == "where":  # 在哪里举行: the event's verb only asks for its venue
            asked = VENUE_VERBS.sub("，", asked)
        if kind in ("who", "list"):  # 两位领导是谁: how many, and of whom, is the answer's shape
            asked = HOW_MANY_ASKED.sub("，", asked)
        asked = ASKED_THING.sub("，", asked)  # 什么东西: the thing asked for, no word of the subject
        held_apart = whole
        if kind == "about":  # 某系列第一篇: which article of the series, no word its text must hold
            asked, held_apart = INSTALMENT.sub("，", asked), INSTALMENT.sub("，", whole)
        if kind in FACT_KINDS:
            asked, held_apart = ASKED_PERIODS.sub("，", asked), ASKED_PERIODS.sub("，", whole)
        concepts, asked = self.concepts_in(asked) if kind == "about" else ({}, asked)
        words = tuple(dict.fromkeys([*concepts, *self.tokenizer.words(asked)]))
        variants = {w: self.synonyms[w] for w in words if w in self.synonyms} | concepts
        extra = " ".join(v for vs in variants.values() for v in vs)
        terms = tuple(self.tokenizer.terms(text)) + (tuple(self.tokenizer.terms(extra)) if extra else ())
        names = [w for w in words if w in self.people]
        names += [m for m in LATIN_NAME.findall(text) if not m.isdigit()]
        names += [normalise(t) for t in TITLE_MARKS.findall(text)]
        sub = sub_kinds(text, words, cue, when)
        return Question(
            asked=message,
            text=text,
            script=script,
            kind=kind,
            asks=cue,
            words=words,
            weights={w: self.weight(w) for w in words},
            terms=terms,
            variants=variants,
            # Places and bodies (上海, 河南省委, 教育局): a passage about another one does not answer.
            # The kind of place asked for (哪一个城市) is none of them.
            places=tuple(
                w
                for w in dict.fromkeys([*self.tokenizer.places(asked), *(w for w in words if BODY.match(w))])
                if w != sub.category
            ),
            # Dates stay constraints even where they also choose the days searched: undated news
            # (and the article's own date) must still hold them.
            constraints=tuple(c for c in constraints(arabic(held_apart)) if not _only_counts(c, kind)),
            names=tuple(dict.fromkeys(names)),
            refers_to=_reference(text),
            report=report,
            when=when,
            mastheads=mastheads,
            concepts=tuple(concepts),
            sub=sub,
        )


def _as_written(when: TimeQuery, message: str) -> TimeQuery:
    """The periods with the words the reader wrote (上週, not the normal form 上周): replies echo them."""
    printed = Printed(message)
    return replace(when, ranges=tuple(replace(r, words=printed.restore(r.words)) for r in when.ranges))


def _without(text: str, parts: Iterable[str]) -> str:
    for part in parts:
        text = text.replace(part, "，")
    return text


# A count that only says how many people or things are asked for (两位领导是谁, 三个专业是什么): the
# answer's shape, not text the news must print.
HOW_MANY = re.compile(r"^\d{1,2}[位个名项家条种件]$")
HOW_MANY_ASKED = re.compile(r"[\d两二三四五六七八九十]{1,2}[位个名](?:领导|负责人|人员|人士|同志|嘉宾|官员)?")


def _only_counts(constraint: str, kind: Kind) -> bool:
    return kind in ("who", "list", "content") and HOW_MANY.match(constraint) is not None


def _reference(text: str) -> Reference | None:
    if REFERS_TO_PERSON.search(text):
        return "person"
    if REFERS_TO_ARTICLE.search(text):
        return "article"
    return None
