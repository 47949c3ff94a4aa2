"""Questions about articles (…谈的是什么, …有什么消息, …最新进展, 某某出席了什么活动, 今天的《今日谈》):
answered with the matching articles, newest first, each its date, headline and one line, at most
``MAX_ARTICLES``, with a button opening each one's summary (the ``/summary 日期 N`` view).

Which articles match:
- a question naming a column or series (``Question.mastheads``) means the articles printed under it,
  that also hold the question's other words;
- otherwise an article matches when a retrieved passage of it covers the question's words (as a fact
  answer must) and holds every name, place and number the question decides on. Those whose printed
  fields (headline, kicker, subtitles: ``bot.search.fields``) hold the topic, or that give a person the
  question names a part in the event, come first (newest first), before those that mention it in
  passing (best passage first).
A question naming days of the paper (昨天的…, 1月15日的…) takes only the articles printed on them. When
nothing holds the topic's words the reply is the plain not-found one: no article is offered.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import itertools
import re
from collections.abc import Callable, Mapping, Sequence
from typing import NamedTuple

from bot.answers.digest import LINE_CHARS, Calendar, command, day_arg
from bot.answers.reply import Block, Button, Reply, Source
from bot.answers.summary import MAX_SENTENCES, trim
from bot.config import TemplatesConfig
from bot.corpus.models import AnyArticle
from bot.search.dates import TimeQuery
from bot.search.fields import Fields, masthead_names, series_number
from bot.search.kinds import SAME_EVENT
from bot.search.question import Question
from bot.search.retrieval import COMMON_WORD, Hit
from bot.text.numerals import arabic
from bot.text.terms import normalise, split_sentences

MAX_ARTICLES = 3
SEARCH_PASSAGES = 12
"""Passages retrieved for a topic: enough to reach several articles; each retrieved passage's article is
checked (a dozen cost about what the fact path's five do twice over)."""
IN_FIELDS = 0.5
"""A topic whose words are this much in an article's printed fields is what the article is about."""
BUTTON_TITLE_CHARS = 16


LEADS_IN = re.compile(r"(?:指出|强调|表示|要求|提出|认为|显示|表明|称|说|——|[:：])$")
"""A kicker that opens the sentence its headline finishes (某某在某地考察时强调 / 扎实做好…)."""
DASHES = "—－-"


def printed_title(article: AnyArticle) -> str:
    """The title as the paper prints it: the headline, after the kicker that leads into it, and its first
    subtitle after a dash (主题——副题; a subtitle printed with its own dash keeps that one)."""
    title = article.headline
    kicker = (article.kicker or "").strip()
    if kicker and LEADS_IN.search(kicker):
        title = f"{kicker.rstrip(DASHES)} {title}"
    if article.subtitles:
        title = f"{title}——{article.subtitles[0].lstrip(DASHES)}"
    return title


class Match(NamedTuple):
    article: AnyArticle
    about: bool
    """Whether the article is about the topic (fields, a part in the event), not a passing mention."""
    score: float
    paragraph: int


def paid(article: AnyArticle) -> bool:
    """An advertorial: listed after every news article."""
    return article.kind == "advertorial"


def newest_first(article: AnyArticle) -> tuple[int, int, str, int]:
    """Newest page date first; within a day, the paper's page order (undated articles last)."""
    day = article.page_date or article.date
    number = article.page_number if article.page_number is not None else 10_000
    return -(day or dt.date.min).toordinal(), number, article.page, article.order


class ArticlesAbout:
    """Finds and lists the articles a question is about."""

    def __init__(
        self,
        articles: Sequence[AnyArticle],
        fields: Fields,
        calendar: Callable[[], Calendar],
        text_of: Callable[[str], str],
        templates: TemplatesConfig,
        frequency: Callable[[str], float],
    ) -> None:
        self.order = articles
        self.articles = {a.id: a for a in articles}
        self.fields = fields
        self.calendar = calendar
        self.text_of = text_of
        """An article's whole text, normalised (``Retriever.article_text``)."""
        self.templates = templates
        self.frequency = frequency
        """How often a word is met in Chinese at large (``Tokenizer.frequency``)."""

    def in_days(self, question: Question, article: AnyArticle) -> bool:
        """Whether the article belongs to the days the question names (any, when it names none): printed
        on them when the question speaks of the paper or a column (昨天的报纸上…, 昨天的《今日谈》), else
        printed on them or telling of an event on them (3月13日某某主持了什么会议)."""
        when = question.when
        if not when.of_issues:
            return True
        days = [article.page_date]
        if not (question.mastheads or question.sub.of_the_paper):
            days.append(article.date)
        return any(day is not None and when.holds(day) for day in days)

    def topic(self, question: Question) -> dict[str, float]:
        """The words that say what the question is about, with their weights: its words besides the
        column or series it names, and of those the ones not common in Chinese at large when there are
        such (清江大桥 in 清江大桥建设有什么消息: an article about the bridge need not say 建设)."""
        words = {w: wt for w, wt in question.weights.items() if not any(w in m for m in question.mastheads)}
        telling = {w: wt for w, wt in words.items() if self.frequency(w) <= COMMON_WORD}
        return telling or words

    def holds(self, question: Question, article_id: str, min_coverage: float) -> bool:
        """Whether the article's text holds the topic's words (rarity-weighted share) and every name the
        question quotes whole (“人民时评”); a column's or series' name counts only when the question
        names it (时评 in 人民时评 is not held by a column called 海州时评), but the subject a series
        names after its dot does (非遗 in 文化中国行·非遗新春: the series is about it)."""
        if question.sub.instalment and series_number(self.articles[article_id]) != question.sub.instalment:
            return False  # 系列第一篇: the series' article numbered 1 (①)
        text = self.text_of(article_id)
        for name in masthead_names(self.articles[article_id]):
            if not any(named in name or name in named for named in question.mastheads):
                subject = name.rpartition("·")[2] if "·" in name else ""
                text = text.replace(arabic(name), f" {arabic(subject)} ")
        if any(arabic(normalise(q)) not in text for q in question.sub.quoted):
            return False
        weights = self.topic(question)
        total = sum(weights.values())
        if not total:
            return True
        held = (wt for w, wt in weights.items() if self.names(question, w, article_id, text))
        return sum(held) / total >= min_coverage

    def names(self, question: Question, word: str, article_id: str, text: str) -> bool:
        """Whether the article names the topic's word: the word itself anywhere in its text, another name
        of it (a synonym) anywhere too; a field's term standing for an everyday word (医保 for 看病:
        ``Question.concepts``) only in its printed fields or its lead, where an article says what it is
        about (a passing 降温 in a report on a crisis is no weather news)."""
        if arabic(word) in text:
            return True
        variants = question.variants.get(word, ())
        if word in question.concepts:
            text = self.heading(article_id)
        return any(arabic(v) in text for v in variants)

    def heading(self, article_id: str) -> str:
        """The article's printed fields and lead paragraph, normalised: what it says it is about."""
        article = self.articles[article_id]
        lead = next((p.text for p in article.paragraphs_between(0, 1)), "")
        return arabic(" ".join([*self.fields.texts(article_id).values(), normalise(lead)]))

    def under_masthead(self, question: Question, min_coverage: float) -> list[Match]:
        """The articles printed under the column or series the question names, in its days."""
        found = []
        for article_id in self.fields.under(question.mastheads):
            article = self.articles[article_id]
            if self.in_days(question, article) and self.holds(question, article_id, min_coverage):
                found.append(Match(article, True, 1.0, 0))
        return found

    def retrieved(self, question: Question, hits: list[Hit], min_coverage: float) -> list[Match]:
        """The articles of the retrieved passages whose text holds the topic and meets what the question
        decides on (names, places, numbers)."""
        best: dict[str, Hit] = {}
        for hit in hits:
            if not hit.unmet:
                best.setdefault(hit.chunk.article_id, hit)
        matches = []
        for article_id, hit in best.items():
            article = self.articles[article_id]
            if not self.in_days(question, article) or not self.holds(question, article_id, min_coverage):
                continue
            takes_part = any(p.name in question.names and p.role != "reporter" for p in article.people)
            about = (
                takes_part
                or self.fields.score(self.topic(question), article_id, question.variants) >= IN_FIELDS
            )
            matches.append(Match(article, about, hit.score, hit.chunk.paragraph))
        return matches

    def matches(self, question: Question, hits: list[Hit], min_coverage: float) -> list[Match]:
        """Every matching article: those about the topic newest first, then those that mention it in
        passing (best passage first); in each, news before advertorials."""
        if question.mastheads:
            found = self.under_masthead(question, min_coverage)
        else:
            found = self.retrieved(question, hits, min_coverage)
        doing = self.doing(question)
        about = sorted(
            (m for m in found if m.about),
            key=lambda m: (paid(m.article), not self.does(doing, m.article.id), newest_first(m.article)),
        )
        mentions = sorted((m for m in found if not m.about), key=lambda m: (paid(m.article), -m.score))
        return about + mentions

    @staticmethod
    def doing(question: Question) -> tuple[str, ...]:
        """The act a question about a person's doings names (主持 in 主持了什么会议, 会见 in 会见了谁), with
        the paper's other words for it (``SAME_EVENT``: 会晤 for 会见)."""
        act = question.sub.act
        return (act, *SAME_EVENT.get(act, ())) if act and question.names else ()

    def does(self, doing: Sequence[str], article_id: str) -> bool:
        """Whether the article's headline fields name the act asked (某某主持召开… for 主持了什么会议): of a
        leader's several articles, those reporting that act come first."""
        return any(act in text for act in doing for text in self.fields.texts(article_id).values())

    def line(self, question: Question, article: AnyArticle) -> str:
        """The article's one line: the first sentence holding every person and number the question
        decides on (what 某某 did there, what happened in 1989年), else its lead (news says what
        happened first), cut to one line; never a sentence only echoing the headline."""
        wanted = [*question.names, *question.constraints]
        headline = normalise(article.headline)
        paragraphs = article.paragraphs_between(0, MAX_SENTENCES)  # each holds a sentence at least
        sentences = (s for p in paragraphs for s in split_sentences(p.text))
        lead = ""
        for sentence in itertools.islice(sentences, MAX_SENTENCES):
            text = arabic(normalise(sentence))
            if not lead and text.strip("。!?") != headline:
                lead = sentence
                if not wanted:
                    break
            if wanted and all(w in text for w in wanted):
                return trim(sentence, LINE_CHARS)
        return trim(lead, LINE_CHARS)

    def elsewhere(self, question: Question, hits: list[Hit], min_coverage: float) -> bool:
        """Whether articles of other days than those the question names match it."""
        anyday = dataclasses.replace(question, when=TimeQuery((), question.when.rest))
        return bool(self.matches(anyday, hits, min_coverage))

    def reply(self, question: Question, hits: list[Hit], min_coverage: float) -> tuple[Reply, str | None]:
        """The list of matching articles (those about the topic newest first, then passing mentions), or
        not-found; and the first article's id."""
        found = self.matches(question, hits, min_coverage)
        if not found:
            text = self.templates.not_found.format(question=question.asked)
            return Reply.plain(text), None
        shown = found[:MAX_ARTICLES]  # those about the topic newest first, then passing mentions
        templates = self.templates
        blocks = [Block(style="heading", text=templates.about_heading.format(count=len(found)))]
        buttons = []
        for number, match in enumerate(shown, 1):
            article = match.article
            day = article.page_date or article.date
            date = f"{day.year}年{day.month}月{day.day}日" if day else ""
            title = printed_title(article)
            item = templates.about_item.format(number=number, date=date, title=title)
            blocks.append(Block(style="item", text=item.strip()))
            line = self.line(question, article)
            if line:
                blocks.append(Block(style="text", text=line))
            label = f"{number}. {trim(article.headline, BUTTON_TITLE_CHARS)}"
            buttons.append([Button(text=label, command=self.command(article.id))])
        if len(found) > len(shown):
            blocks.append(
                Block(style="text", text=templates.about_more.format(count=len(found) - len(shown)))
            )
        sources = [
            Source(title=m.article.headline, article_id=m.article.id, paragraph=m.paragraph, score=m.score)
            for m in shown
        ]
        return Reply(blocks=blocks, found=True, sources=sources, buttons=buttons), shown[0].article.id

    def command(self, article_id: str) -> str:
        """The command that opens the article's summary: ``/summary 日期 N`` as that day's digest numbers
        it, or ``/summary N`` as ``/articles`` numbers an undated one."""
        day, number = self.positions[article_id]
        return command(day_arg(day), str(number)) if day else command(str(number))

    @functools.cached_property
    def positions(self) -> Mapping[str, tuple[dt.date | None, int]]:
        """Each article's day and number in that day's digest (undated: in the whole corpus), worked
        out on the first question about articles."""
        calendar = self.calendar()
        found: dict[str, tuple[dt.date | None, int]] = {
            a.id: (None, i) for i, a in enumerate(self.order, 1) if a.page_date is None
        }
        for day in calendar.days:
            found |= {a.id: (day, i) for i, a in enumerate(calendar.articles(day), 1)}
        return found

    def report_target(self, question: Question, min_coverage: float) -> str | None:
        """For a question about the report (谁写的) that names a column or series: its newest article
        holding the question's other words, in the days named."""
        found = self.under_masthead(question, min_coverage) if question.mastheads else []
        return min(found, key=lambda m: newest_first(m.article)).article.id if found else None
