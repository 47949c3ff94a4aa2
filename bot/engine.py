"""The engine: turns one incoming message (and the chat's small state) into a ``Reply``.

Every door calls ``Engine.reply``. It routes ``/start``, ``/help``, ``/summary``, ``/who`` and
``/articles``, and answers anything else as a question about the news.
"""

from __future__ import annotations

import datetime as dt
import functools
import gc
import logging
import re
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from bot.answers.articles_about import SEARCH_PASSAGES, ArticlesAbout
from bot.answers.compose import Answer, Composer
from bot.answers.digest import Calendar, DayRequest, digest, no_news, no_such_day
from bot.answers.reply import Block, Reply
from bot.answers.summary import summary
from bot.answers.who import who
from bot.config import Settings
from bot.corpus.article_text import people_of
from bot.corpus.grown import GrownCorpus, grow
from bot.corpus.models import AnyArticle, Corpus
from bot.corpus.store import StoredCorpus, open_corpus
from bot.search.by_day import dated_first, newest_day
from bot.search.dates import DateRange, TimeQuery, day_label
from bot.search.fields import Fields
from bot.search.question import Question, QuestionReader
from bot.search.retrieval import Hit, Retriever
from bot.search.settle import read_grown, save_grown
from bot.state.chat import ChatState
from bot.storage.apart import run_apart
from bot.text.lexicon import read_lexicon
from bot.text.script import Script, script_of, to_traditional
from bot.text.terms import Tokenizer

log = logging.getLogger(__name__)

COMMAND = re.compile(r"^/(?P<name>[A-Za-z0-9_]+)(?:@(?P<bot>[A-Za-z0-9_]+))?(?:\s+(?P<args>.*))?$", re.S)


BUTTON_COMMAND = re.compile(r"^/summary(?:\s|$)")
"""The commands buttons stand for (``bot.answers.digest``)."""
NEWS_OF_THE_DAY = re.compile(
    r"^(?:的|有|什么|哪些|啥|新闻|消息|报道|要闻|报纸|本报|说了|讲了|发生了|了|吗|呢|[\W_])*$"
)
"""What is left of 昨天的新闻, 1月15日有什么新闻 once the day is taken out: a request for the day's digest."""

LOGGED_COMMANDS = ("who", "summary")
"""Commands that are questions (the question log keeps them; /start, /help, /articles it does not)."""
NOT_A_WORD = re.compile(r"[\W_]+")
MODAL_WORDS = frozenset(
    "能 能够 会 可 可以 应 应该 应当 需要 将 将要 已 已经 曾 曾经 正 正在 才 再 还会 还能".split()
)
"""Modal verbs and aspect adverbs: 什么时候能建成 asks what 什么时候建成 asks (the question log's key)."""

SUMMARY_CACHE = 256
"""/summary replies remembered per engine (the most recently asked)."""


@dataclass(frozen=True)
class Asked:
    """What the question log keeps of a question besides its words: its kind, the day of news it was
    about, and two keys that paraphrases share (its sorted content words, its normalised text)."""

    kind: str
    day: str
    topic: str
    norm: str


def read_articles(settings: Settings) -> dict[str, AnyArticle]:
    """The corpus's articles by id, without the index or the tokenizer (what a page showing articles
    needs; the corpus store makes it quick)."""
    corpus = open_corpus(settings.paths.corpus, settings.retrieval, settings.paths.cache)
    return {a.id: a for a in corpus.articles}


class Engine:
    """Answers messages over one loaded corpus. Immutable once built, so it can be swapped atomically."""

    def __init__(
        self,
        settings: Settings,
        corpus: Corpus | StoredCorpus | GrownCorpus,
        tokenizer: Tokenizer,
        retriever: Retriever | None = None,
        fields: Fields | None = None,
    ) -> None:
        """An engine over the corpus; its ``retriever`` and ``fields`` when they are ready (a day added
        to another engine's)."""
        self.settings = settings
        self.corpus = corpus
        self.articles: dict[str, AnyArticle] = {a.id: a for a in corpus.articles}
        stored = corpus if isinstance(corpus, StoredCorpus | GrownCorpus) else None
        self.retriever = retriever or Retriever(
            corpus.articles,
            tokenizer,
            settings.retrieval,
            settings.paths.cache,
            chunks=stored.chunks if stored else None,
            digest=stored.docs_digest if stored else None,
        )
        if stored is None:
            # Texts on the heap are analysed as the corpus loads; a stored corpus holds every article's
            # analysis, made when the store was built, and reads it when the article is first asked about.
            for article in corpus.articles:
                article.analysed  # noqa: B018 - made once and kept with the article
        people = {p.name for a in corpus.articles for p in people_of(a)}
        fields = fields or Fields(corpus.articles)
        self.reader = QuestionReader(
            tokenizer,
            self.retriever.weight,
            settings.retrieval.synonyms,
            people,
            fields.mastheads,
            settings.retrieval.concepts,
        )
        self.composer = Composer(self.articles, settings.templates)
        self.about = ArticlesAbout(
            corpus.articles,
            fields,
            lambda: self.calendar,
            lambda article_id: self.retriever.analysed(article_id).whole,
            settings.templates,
            tokenizer.frequency,
        )
        self._summaries = functools.lru_cache(maxsize=SUMMARY_CACHE)(self._summary)
        self._day_digests = functools.lru_cache(maxsize=SUMMARY_CACHE)(self._day_digest)
        self.taught = False  # the lexicon gained words since the index was saved (``updated``)
        self.newest: dt.date | None = max((a.page_date for a in corpus.articles if a.page_date), default=None)
        """The newest page date: the paper's "today", which 今天 and 昨天 count from."""

    @property
    def newest_day(self) -> dt.date | None:
        """The newest page date in the corpus (the day a digest is about), None when no page is dated."""
        return self.newest

    def digest(self) -> Reply:
        """The newest day at a glance (the reply to /summary alone), as subscribers get it."""
        return self.reply("/summary")

    @classmethod
    def load(cls, settings: Settings) -> Engine:
        """Load the corpus named by the settings (from the corpus store when it is unchanged) and build
        everything needed to answer."""
        corpus_dir = settings.paths.corpus.resolve()  # one version of a switched folder, read whole
        # An engine replaced since the last load (by a /reload) was frozen with everything else: it becomes
        # collectable again and is freed now, so at most one replaced engine outlives the next load.
        gc.unfreeze()
        gc.collect()
        # The corpus store is read (mostly checksumming, which frees the interpreter) while jieba loads.
        with ThreadPoolExecutor(1) as pool:
            corpus = pool.submit(open_corpus, corpus_dir, settings.retrieval, settings.paths.cache)
            tokenizer = Tokenizer(read_lexicon(corpus_dir), cache_dir=settings.paths.cache)
            engine = cls(settings, corpus.result(), tokenizer)
        # What is loaded lives as long as the engine: moved out of the collector's generations, later
        # collections never rescan it (no pauses while serving). The collector itself stays on, also
        # while an admin's /reload loads a new engine beside the one serving.
        gc.freeze()
        for problem in engine.corpus.problems:  # nothing is dropped without a word: console and log
            log.warning("corpus problem: %s: %s", problem.file, problem.reason)
        return engine

    def updated(self) -> Engine:
        """The engine for the corpus as its folder holds it now: a day's files added (``corpus.grown``)
        are read, chunked and tokenised alone and searched as a segment beside the index, every score
        exact over the whole corpus, until ``settled`` saves them; anything else loads anew (``load``)."""
        folder, config = self.settings.paths.corpus.resolve(), self.settings.retrieval  # one version
        corpus = self.corpus if isinstance(self.corpus, StoredCorpus | GrownCorpus) else None
        day = grow(corpus, folder, config) if corpus is not None else None
        tokenizer = self.retriever.tokenizer.taught(read_lexicon(folder)) if day else None
        if day is None or tokenizer is None:
            return Engine.load(self.settings)
        retriever = self.retriever.add(day.articles, tokenizer, first=day.first)
        words = len(tokenizer.lexicon) - len(self.retriever.tokenizer.lexicon)
        log.info("took in %d new article(s) as a segment (%d new lexicon word(s))", len(day.articles), words)
        fields = self.about.fields.added(day.articles, day.first)
        engine = Engine(self.settings, day.corpus, tokenizer, retriever, fields)
        engine.taught = self.taught or tokenizer is not self.retriever.tokenizer
        if "calendar" in self.__dict__:  # sorted once per corpus: only the day's own days again
            engine.calendar = self.calendar.added(day.articles, day.first)
        return engine

    @property
    def unsettled(self) -> bool:
        """Whether days were added since the corpus store and the index were saved (``settled``)."""
        return isinstance(self.corpus, GrownCorpus) and not self.corpus.saved

    def settled(self) -> Engine:
        """This engine with the days added (``updated``) saved as a start would find them (``save_grown``,
        in a process of its own: no reply waits on the save), served on from the index saved (one
        segment) with the same answers, from the same scores; nothing else is read again. Meant for a
        background thread while this engine serves; itself if the save failed."""
        if not isinstance(self.corpus, GrownCorpus) or self.corpus.saved:
            return self
        cache, folder = self.settings.paths.cache, self.settings.paths.corpus.resolve()
        tokenizer = self.retriever.tokenizer
        if not tokenizer.in_order:  # a start's tokenizer: the lexicon taught in its order
            tokenizer = Tokenizer(tokenizer.lexicon, cache_dir=cache)
        save = functools.partial(
            save_grown, self.corpus, self.retriever, tokenizer, folder, cache, self.taught
        )
        retriever = read_grown(self.corpus, self.retriever, tokenizer, cache) if run_apart(save) else None
        if retriever is None:
            return self
        engine = Engine(self.settings, self.corpus.as_saved(), tokenizer, retriever, self.about.fields)
        engine.calendar = self.calendar  # the same articles
        log.info("the added day(s) saved: %d article(s), index in one segment", len(self.articles))
        return engine

    def reply(self, message: str, state: ChatState | None = None) -> Reply:
        """The reply to one message."""
        text = message.strip()
        templates = self.settings.templates
        if not text:
            return Reply.plain(templates.empty.format(example=templates.example))
        match = COMMAND.match(text)
        if match:
            # A command's words are cut like a question's: its cost is bounded by the limit, not the message.
            args = (match.group("args") or "")[: self.settings.retrieval.max_question_chars].strip()
            return self._in_script(self._command(match.group("name").lower(), args), script_of(args))
        return self.answer(text, state)

    def _command(self, name: str, args: str) -> Reply:
        templates = self.settings.templates
        if name == "start":
            return Reply.plain(templates.start.format(example=templates.example), found=True)
        if name == "help":
            return Reply.plain(templates.help.format(example=templates.example), found=True)
        if name == "articles":
            return self.headlines(args)
        if name == "who":
            return who(self.corpus.articles, args, templates)
        if name == "summary":
            return self._summaries(args).model_copy(deep=True)
        return Reply.plain(templates.unknown_command.format(command="/" + name))

    def _summary(self, args: str) -> Reply:
        """``/summary ARGS`` (remembered per engine in ``_summaries``: the corpus does not change)."""
        templates = self.settings.templates
        words, rarity = self.retriever.tokenizer.words, self.retriever.weight
        day = digest(self.calendar, DayRequest.parse(self.calendar, args), templates, words, rarity)
        return day or summary(self.corpus.articles, args, templates, words, rarity, self._find)

    def _day_digest(self, day: DateRange) -> Reply:
        """The digest of the day a question asks the news of (昨天的新闻), from the day as parsed."""
        request = DayRequest(self.calendar, TimeQuery((day,), ""), "")
        words, rarity = self.retriever.tokenizer.words, self.retriever.weight
        reply = digest(self.calendar, request, self.settings.templates, words, rarity)
        assert reply is not None  # a request naming a day and nothing else is always a day's digest
        return reply

    def _find(self, query: str) -> list[str]:
        """The ids of the articles whose passages hold the query's words, best first (from the index)."""
        hits = self.retriever.search(self.reader.read(query), dated=False)
        held = [h.chunk.article_id for h in hits if h.coverage >= self.settings.retrieval.min_coverage]
        return list(dict.fromkeys(held))

    def _follow_up_hint(self, question: Question, state: ChatState | None) -> tuple[str, str | None]:
        """For a follow-up (这次会议…, 他还…): the words that point retrieval back to what the chat was
        last about (that article's headline, that person's name), and the article's id."""
        if state is None or question.refers_to is None:
            return "", None
        last = self.articles.get(state.last_article_id or "")
        if last is None:
            return "", None
        person = state.last_person if question.refers_to == "person" and state.last_person else ""
        return f"{last.headline} {person}".strip(), last.id

    @functools.cached_property
    def calendar(self) -> Calendar:
        """The corpus by day, in page order (sorted on the first /summary or /articles that needs it)."""
        return Calendar(self.corpus.articles)

    def press(self, command: str, state: ChatState | None = None) -> Reply | None:
        """The reply a button press shows in place of the message it was under; None when the button's
        data is not one of the engine's buttons (``Button.command``)."""
        if not BUTTON_COMMAND.match(command):
            return None
        return self.reply(command, state)

    def headlines(self, args: str = "") -> Reply:
        """The headlines, numbered in page order: of the day named (昨天, 1月15日), else of every day."""
        articles: Sequence[AnyArticle] = self.corpus.articles
        request = DayRequest.parse(self.calendar, args)
        head: list[Block] = []
        if request.refused:
            return no_such_day(request.refused, self.calendar, self.settings.templates)
        if request.named:
            articles = request.articles
            if not articles:
                return no_news(request, self.calendar, self.settings.templates)
            label = day_label(request.day) if request.day else ""
            head = [
                Block(
                    style="heading",
                    text=self.settings.templates.articles_heading.format(day=label, count=len(articles)),
                )
            ]
        blocks = [Block(style="item", text=f"{i}. {a.headline}") for i, a in enumerate(articles, 1)]
        return Reply(blocks=head + blocks, found=bool(blocks))

    def asked(self, message: str, reply: Reply) -> Asked | None:
        """What the question log keeps of a message and its reply; None for what is not a question (a
        greeting, /help, /articles, an unknown command, an empty message)."""
        text = message.strip()
        match = COMMAND.match(text)
        if match and match.group("name").lower() not in LOGGED_COMMANDS:
            return None
        words = (match.group("args") or "") if match else text
        if not words and not match:
            return None
        question = self.reader.read(words[: self.settings.retrieval.max_question_chars], self.newest)
        kind = f"/{match.group('name').lower()}" if match else question.kind
        cited = self.page_day(reply.sources[0].article_id) if reply.sources else None
        named = question.when.ranges[0].end if question.when.of_issues else None
        day = cited or named or self.newest
        return Asked(
            kind=kind,
            day=day.isoformat() if day else "",
            topic=" ".join(sorted(w for w in question.words if w not in MODAL_WORDS)),
            norm=NOT_A_WORD.sub("", question.text),
        )

    def page_day(self, article_id: str) -> dt.date | None:
        article = self.articles.get(article_id)
        return article.page_date if article else None

    def answer(self, message: str, state: ChatState | None = None) -> Reply:
        """Answer a free-text question from the news, or say plainly that the news holds no answer.

        The message is analysed once (``Question``); a question in traditional characters is answered
        in traditional characters. A question that names a time (昨天, 1月15日, 上周) is answered from
        the articles of that time (undated ones after them); among several days that hold an answer,
        the newest is chosen. Either way the reply says which day it used.
        """
        limit = self.settings.retrieval.max_question_chars
        templates = self.settings.templates
        min_coverage = self.settings.retrieval.min_coverage
        question = self.reader.read(message[:limit], self.newest)
        when = question.when
        if when.of_issues and NEWS_OF_THE_DAY.match(when.rest):  # 昨天的新闻: that day's digest
            day = next(r for r in when.ranges if r.of_issues)
            return self._in_script(self._day_digests(day).model_copy(deep=True), question.script)
        hint, about = self._follow_up_hint(question, state)
        newest: dt.date | None = None
        others: list[dt.date] = []
        # 今天的《今日谈》是谁写的: the report under the column named
        column = self.about.report_target(question, min_coverage) if question.report else None
        report = self.composer.report(question, column) if column else None
        if question.kind == "about" and question.report is None:  # 谈的是什么: the articles themselves
            answer = self._articles_about(question, hint)
        elif report is not None:
            answer = report
        else:
            hits = self.retriever.search(question, hint=hint)
            if when:
                hits = dated_first(hits, self.page_day, min_coverage)
            hits, newest, others = newest_day(hits, self.page_day, min_coverage)
            answer = self.composer.compose(question, hits, min_coverage, about)
        reply = answer.reply
        # The day named is said only where the corpus has dates (else 今天 would be the clock's day).
        if when.of_issues and self.newest is not None:
            self._say_days(reply, question, hint)
        if reply.found and newest is not None:
            days = "、".join(day_label(d) for d in others)
            said = templates.newest_day.format(day=day_label(newest), others=days)
            reply.blocks.append(Block(style="text", text=said))
        if state is not None and answer.article_id is not None:
            state.remember(answer.article_id, answer.person)
        if len(message) > limit:
            note = Block(style="text", text=self.settings.templates.too_long_note.format(limit=limit))
            reply.blocks.insert(0, note)
        return self._in_script(reply, question.script)

    def _articles_about(self, question: Question, hint: str) -> Answer:
        """The articles a question is about (a topic, a column, a person's doings), newest first."""
        hits = [] if question.mastheads else self.retriever.search(question, hint=hint, k=SEARCH_PASSAGES)
        reply, first = self.about.reply(question, hits, self.settings.retrieval.min_coverage)
        return Answer(reply, first, None)

    @staticmethod
    def _in_script(reply: Reply, script: Script) -> Reply:
        """The reply in the asker's script: traditional characters for a traditional question."""
        if script == "traditional":
            for block in reply.blocks:
                block.text = to_traditional(block.text)
            for button in (b for row in reply.buttons for b in row):  # labels only: commands stay
                button.text = to_traditional(button.text)
        return reply

    def _say_days(self, reply: Reply, question: Question, hint: str) -> None:
        """Say which days the question named: the day an answer is from, or that those days' news holds
        none (and whether other days' does). An answer from an undated article says it is undated."""
        templates = self.settings.templates
        label = question.when.label
        if not reply.found:
            text = templates.dated_not_found.format(dates=label, question=question.asked)
            reply.blocks[:] = [Block(style="text", text=text)]
            if self._answers_elsewhere(question, hint):
                reply.blocks.append(Block(style="text", text=templates.dated_elsewhere))
        elif reply.sources and self.page_day(reply.sources[0].article_id) is not None:
            reply.blocks.insert(0, Block(style="text", text=templates.dates_used.format(dates=label)))
        else:
            reply.blocks.insert(0, Block(style="text", text=templates.dated_undated.format(dates=label)))

    def _answers_elsewhere(self, question: Question, hint: str) -> bool:
        """Whether some other day's news answers the question (said when the named day's does not)."""
        about = question.kind == "about" and question.report is None
        k = SEARCH_PASSAGES if about else None
        hits: list[Hit] = self.retriever.search(question, hint=hint, k=k, dated=False)
        if about:
            return self.about.elsewhere(question, hits, self.settings.retrieval.min_coverage)
        return any(h.coverage >= self.settings.retrieval.min_coverage and not h.unmet for h in hits)
