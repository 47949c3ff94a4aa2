"""The answer composer: from an analysed question and its retrieved passages to a templated, cited reply.

Every answer is quoted from the news. The composer never invents text: it chooses the sentence that
answers (``bot.answers.sentences``), puts the answer phrase first where the question's kind has one
(``bot.answers.phrases``), then the evidence cut to the clause that holds it, then the source line. A
passage whose article misses one of the question's deciding constraints is never the answer: then the
reply is the not-found one, naming the closest article as related at most.
"""

from __future__ import annotations

from typing import NamedTuple

from bot.answers import deciding, framing, items, pairs, phrases, slots, years
from bot.answers.measures import asked_measure, of_another
from bot.answers.phrases import figures, short_answer
from bot.answers.reply import Block, Reply, Source
from bot.answers.report import credit_title, photographers_shown, report_answer
from bot.answers.sentences import (
    CLOSE_SECOND,
    Candidate,
    enumeration,
    evidence,
    ranked_sentences,
    runner_up,
    sentence_before,
    wants_items,
)
from bot.config import TemplatesConfig
from bot.corpus.article_text import people_of
from bot.corpus.models import AnyArticle
from bot.search.question import Question
from bot.search.retrieval import Hit
from bot.search.subkinds import CLASSIFIERS
from bot.text.terms import normalise

RELATIVE_DAYS = ("昨日", "昨天", "今日", "今天", "前日", "前天")
SAYS_IT_ALL = 0.8
"""A short answer at least this share of the quote's length is not put before it."""


class Answer(NamedTuple):
    reply: Reply
    article_id: str | None
    """The article the reply is about (what a follow-up refers to)."""
    person: str | None
    """The person the reply names first (what 他/她 in a follow-up refers to)."""


class Composer:
    """Turns an analysed question and its retrieved passages into a templated, cited reply."""

    def __init__(self, articles: dict[str, AnyArticle], templates: TemplatesConfig) -> None:
        self.articles = articles
        self.templates = templates

    def compose(
        self, question: Question, hits: list[Hit], min_coverage: float, about: str | None = None
    ) -> Answer:
        """The reply: short answer, quoted evidence and source line, or the not-found reply.

        ``about`` is the article a follow-up refers to; a question about the report itself is answered
        from it (or else from the best passage's article).
        """
        relevant = [h for h in hits if h.coverage >= min_coverage]
        answering = [h for h in relevant if not h.unmet]
        if question.kind == "number" and question.sub.unit in CLASSIFIERS:
            # The article names what it counts once (火普村小学 … 学校现有学生214名): for a count, its
            # other retrieved passages may hold the number without the subject's words.
            answers = {h.chunk.article_id for h in answering}
            answering += [h for h in hits if h.chunk.article_id in answers and h not in answering]
        if question.report is not None:
            target = about if question.refers_to == "article" and about else None
            photo = question.report == "photographers"
            if photo and target is None and answering:  # the photo asked about: its caption's credit
                shot = self._photographers(question, answering[0])
                if shot is not None or question.names_photo:  # 照片是谁拍的: no credit, no answer
                    return shot or self._not_found(question, relevant)
            else:
                target = target or (answering[0].chunk.article_id if answering else about)
                found = self.report(question, target) if target is not None else None
                if found is not None:
                    return found
                if photo and question.names_photo:
                    return self._not_found(question, relevant)  # no one in the text took it
        paraphrase = not answering
        if paraphrase:  # no passage holds enough of the question's words: it may say them otherwise
            answering = pairs.paraphrased(question, hits, self.articles)
            if not answering:
                return self._not_found(question, relevant)
        ranked = self._answering(question, ranked_sentences(question, answering, self.articles))
        if paraphrase:
            ranked = [
                c
                for c in ranked
                if self._pairs_held(question, c, sentence_before(c, None), names_apart=True)
                >= pairs.PARAPHRASE_HELD
            ]
        if not ranked:
            return self._not_found(question, relevant)
        # Paid text answers only where no news does (the sort is stable: the ranking stands otherwise).
        ranked.sort(key=lambda c: self.articles[c.hit.chunk.article_id].kind == "advertorial")
        best = ranked[0]
        article = self.articles[best.hit.chunk.article_id]
        before = sentence_before(best, article)
        if self._pairs_held(question, best, before) < pairs.MIN_HELD:  # its wording says something else
            return self._not_found(question, relevant)
        blocks, person = self._answer_blocks(question, best, article, runner_up(ranked), before)
        sources = [best.hit, *[h for h in answering if h is not best.hit]]
        reply = Reply(
            blocks=[*blocks, Block(style="source", text=self.source_line(article))],
            found=True,
            sources=[self._source(h) for h in sources],
        )
        return Answer(reply, article.id, person)

    def _answer_blocks(
        self,
        question: Question,
        best: Candidate,
        article: AnyArticle,
        second: Candidate | None = None,
        before: str = "",
    ) -> tuple[list[Block], str | None]:
        """The short answer (where there is one) and the evidence (with the sentence ``before`` it where
        it leans on it), and the person they name first."""
        templates = self.templates
        if question.kind == "list" and wants_items(question, best, article):
            items = "；".join(enumeration(article, best.sentence, best.hit.chunk.paragraph)) + "。"
            return [Block(style="answer", text=templates.answer.format(answer=items))], None
        short = self._short(question, best.sentence, article)
        if question.kind == "when" and question.sub.year:  # 哪一年当选: 2022年, not 2022年1月
            short = years.year_of(short, best.sentence)
        quote = self._resolve_relative_date(evidence(question, best, second, short, before), article)
        person = next((p.name for p in people_of(article) if p.name in best.sentence), None)
        # A phrase that is most of the quote says nothing first: the quote alone is shorter.
        if not short or len(short) >= SAYS_IT_ALL * len(quote):
            return [Block(style="answer", text=templates.answer.format(answer=quote))], person
        if question.kind == "yesno":
            head = templates.answer_yes if short == "是" else templates.answer_no
        else:
            head = templates.short_answer.format(short=self._resolve_relative_date(short, article))
        blocks = [
            Block(style="answer", text=head),
            Block(style="text", text=templates.evidence.format(evidence=quote)),
        ]
        return blocks, person

    def _answering(self, question: Question, ranked: list[Candidate]) -> list[Candidate]:
        """The ranked sentences that hold the question's deciding elements (``_answers``), read from the
        best down only as far as a runner-up may be (``CLOSE_SECOND`` below the best that answers)."""
        found: list[Candidate] = []
        for candidate in ranked:
            if found and found[0].score - candidate.score > CLOSE_SECOND:
                break
            if self._answers(question, candidate):
                found.append(candidate)
        return found

    def _answers(self, question: Question, candidate: Candidate) -> bool:
        """Whether the sentence holds the question's deciding elements itself (``deciding``): the years
        and paired words it names; for a number, the subject of the quantity and a figure of the kind
        and count asked (多少名学生: a sentence counting students); for a date of what a person did,
        a date of their own clause; for how long (开了几天), a length or a span."""
        article, plain = self._article(candidate), normalise(candidate.sentence)
        if not deciding.holds_period(question, plain, article):
            return False
        if question.kind in deciding.FACT_KINDS:
            if not framing.of_occasion(question, plain, article.analysed.headline):
                return False  # 下一届在哪里举办: not this one's place; 举办了几天: not the next one's
            if question.sub.occasion:  # the sentence about it gives the value itself
                return bool(self._short(question, candidate.sentence, article))
        if question.kind == "number":
            counts = question.sub.unit in CLASSIFIERS or question.sub.duration
            if counts and not self._short(question, candidate.sentence, article):
                return False  # 多少名学生, 为期多少天: only a sentence that counts them
            found: list[str] = []
            if question.sub.duration:  # 为期多少天: its length (a date to ``figures``) is the answer
                measure, bare = None, True
            else:
                measure, (found, bare) = asked_measure(question), figures(plain)
            if not found and not bare:
                return False  # 多少: a sentence holding no number (a year is none) does not answer
            present = plain[: framing.target_at(plain, article)]
            if not question.sub.future and present != plain and not figures(present)[0]:
                return False  # 目前普及率: not 到2027年…普及率达到93%, a target's figure
            if measure and found and not bare and all(of_another(measure, f) for f in found):
                return False  # 装机容量: not a sentence whose figures are all lengths
            if slots.lists_others(question, plain, article.analysed.whole):
                return False  # 文化体育资金 from a breakdown into 教育、卫生、社保
            if items.of_another_item(question, plain, article):
                return False  # 水运投资: not 全国完成交通固定资产投资3.8万亿元, nor 铁路 where never named
            named, subject = items.item_words(question), self._subject(article)
            if (
                not framing.holds_scope(question, plain, article)
                or not framing.tells_change(question, plain)
                or framing.of_another_part(question, plain, named, subject)
                or framing.whole_or_part(question, plain, named, subject)
            ):
                return False  # 全国: not 全省…; 茶叶产量: not 咖啡…产量; 总投资: not 主体工程投资
            measured = question.sub.duration or deciding.holds_measured(question, plain, article)
            return deciding.holds_subject(question, plain) and measured  # 持续多少天: 为期5天
        if question.kind == "when" and question.sub.year and not phrases.asks_length(question):
            before = normalise(sentence_before(candidate, article))
            if not years.names_year(plain) and not years.opens_with_year(before):
                # 哪一年: a sentence naming a day (3月5日) and no year does not answer, unless the one
                # before opens with the year (1388年，…): a year inside another statement dates that one
                return False
        if phrases.asks_length(question) and items.of_another_item(question, plain, article):
            return False  # 主跨施工用了多长时间: not 大桥…历时3年8个月
        if phrases.asks_length(question) or (
            question.kind == "when" and any(not n.isascii() for n in question.names)
        ):
            return bool(self._short(question, candidate.sentence, article))
        return True

    def _short(self, question: Question, sentence: str, article: AnyArticle) -> str:
        """The short answer, from the parts of a list sentence naming the item asked (``framing``), its
        Latin letters as printed (472万TEU, not the matching form 472万teu)."""
        part = framing.item_part(items.item_words(question), sentence, self._subject(article))
        short = short_answer(question, part, article)
        if not any(ch.isascii() and ch.isalpha() for ch in short):
            return short
        plain = normalise(part)
        at = plain.find(short)
        return part[at : at + len(short)] if at >= 0 and len(plain) == len(part) else short

    @staticmethod
    def _subject(article: AnyArticle) -> str:
        """What the article is about: its headline and opening sentence (normalised)."""
        return article.analysed.headline + "\n" + article.analysed.opening

    def _pairs_held(
        self, question: Question, candidate: Candidate, before: str, names_apart: bool = False
    ) -> float:
        """The share of the question's character pairs (``pairs``) the sentence, the one ``before`` it
        and its article's headline hold."""
        said = normalise(before + candidate.sentence) + " " + self._article(candidate).analysed.context
        return pairs.held(question, said, names_apart)

    def _article(self, candidate: Candidate) -> AnyArticle:
        return self.articles[candidate.hit.chunk.article_id]

    def _photographers(self, question: Question, hit: Hit) -> Answer | None:
        """Who took the photo asked about, from the best passage's article (``photographers_shown``);
        None when it credits no photo, or the caption asked about is printed without a credit."""
        article = self.articles[hit.chunk.article_id]
        names = (
            photographers_shown(article, hit.chunk.text, question.words) if article.photographers else None
        )
        return self.report(question, article.id, names) if names else None

    def report(self, question: Question, article_id: str, shot_by: list[str] | None = None) -> Answer | None:
        """The answer to a question about the report itself (记者, 哪天的报纸) from the article's fields
        (``shot_by``: the photographers of the photo asked about); None when the article does not record
        the field asked for."""
        article = self.articles[article_id]
        assert question.report is not None
        text = report_answer(article, question.report, self.templates, shot_by)
        if text is None:
            return None
        blocks = [
            Block(style="answer", text=text),
            Block(style="source", text=self.source_line(article)),
        ]
        source = Source(title=article.headline, article_id=article.id, paragraph=0, score=1.0)
        return Answer(Reply(blocks=blocks, found=True, sources=[source]), article.id, None)

    def _not_found(self, question: Question, relevant: list[Hit]) -> Answer:
        """Not found; with the closest article offered as related when one shares the question's topic
        but misses what decides it."""
        blocks = [Block(style="text", text=self.templates.not_found.format(question=question.asked))]
        if relevant:
            article = self.articles[relevant[0].chunk.article_id]
            blocks.append(Block(style="text", text=self.templates.related.format(title=article.headline)))
        return Answer(Reply(blocks=blocks, found=False), None, None)

    def _resolve_relative_date(self, text: str, article: AnyArticle) -> str:
        if article.date is None or article.dateline not in RELATIVE_DAYS or article.dateline not in text:
            return text
        resolved = f"{article.dateline}（{article.date.year}年{article.date.month}月{article.date.day}日）"
        return text.replace(article.dateline, resolved, 1)

    def source_line(self, article: AnyArticle) -> str:
        """One line naming where an answer comes from: headline, the paper's date (an event's date only
        where the paper's is unknown, and labelled so), reporters (or the author of a commentary)."""
        day = article.page_date or article.date
        if day is not None:
            date = f" {day.year}年{day.month}月{day.day}日"
            if article.page_date is None:
                date = " " + self.templates.source_event_date.format(date=date.strip())
        else:
            date = (
                f" {article.dateline}" if article.dateline and article.dateline not in RELATIVE_DAYS else ""
            )
        title = credit_title(article)
        reporters = f" {title} {' '.join(article.reporters)}" if article.reporters else ""
        return self.templates.source.format(
            title=article.headline, date=date, reporters=reporters, publication=article.publication or ""
        )

    def _source(self, hit: Hit) -> Source:
        article = self.articles[hit.chunk.article_id]
        return Source(
            title=article.headline,
            article_id=article.id,
            paragraph=hit.chunk.paragraph,
            score=round(hit.score, 4),
        )
