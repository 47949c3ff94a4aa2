"""The answer composer: from an analysed question and its retrieved passages to a templated, cited reply.

Every answer is quoted from the news. The composer never invents text: it chooses the sentence that
answers (``bot.answers.sentences``), puts the answer phrase first where the question's kind has one
(``bot.answers.phrases``), then the evidence cut to the clause that holds it, then the source line. A
passage whose article misses one of the question's deciding constraints is never the answer: then the
reply is the not-found one, naming the closest article as related at most.
"""

from __future__ import annotations

from typing import NamedTuple

from bot.answers.phrases import CLASSIFIERS, asked_count, asks_money, only_other_measures, short_answer
from bot.answers.reply import Block, Reply, Source
from bot.answers.report import is_authored, report_answer
from bot.answers.sentences import Candidate, enumeration, evidence, ranked_sentences, runner_up, wants_items
from bot.config import TemplatesConfig
from bot.corpus.article_text import people_of
from bot.corpus.models import AnyArticle
from bot.search.question import Question
from bot.search.retrieval import Hit

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
        counts = question.kind == "number" and asked_count(question)[0] in CLASSIFIERS
        if counts:
            # The article names what it counts once (火普村小学 … 学校现有学生214名): for a count, its
            # other retrieved passages may hold the number without the subject's words.
            answers = {h.chunk.article_id for h in answering}
            answering += [h for h in hits if h.chunk.article_id in answers and h not in answering]
        if question.report is not None:
            target = about if question.refers_to == "article" and about else None
            target = target or (answering[0].chunk.article_id if answering else about)
            if target is not None:
                found = self._report(question, target)
                if found is not None:
                    return found
        if not answering:
            return self._not_found(question, relevant)
        ranked = ranked_sentences(question, answering, self.articles)
        if counts:
            # 多少名学生, 多少条: only a sentence that counts that (a measure may be written otherwise: cm).
            ranked = [c for c in ranked if short_answer(question, c.sentence, self._article(c))]
        if asks_money(
            question
        ):  # 总投资多少: a sentence whose figures are all times or head counts is no answer
            ranked = [c for c in ranked if not only_other_measures(c.sentence)]
        if not ranked:
            return self._not_found(question, relevant)
        best = ranked[0]
        article = self.articles[best.hit.chunk.article_id]
        blocks, person = self._answer_blocks(question, best, article, runner_up(ranked))
        sources = [best.hit, *[h for h in answering if h is not best.hit]]
        reply = Reply(
            blocks=[*blocks, Block(style="source", text=self.source_line(article))],
            found=True,
            sources=[self._source(h) for h in sources],
        )
        return Answer(reply, article.id, person)

    def _answer_blocks(
        self, question: Question, best: Candidate, article: AnyArticle, second: Candidate | None = None
    ) -> tuple[list[Block], str | None]:
        """The short answer (where there is one) and the evidence, and the person they name first."""
        templates = self.templates
        if question.kind == "list" and wants_items(question, best, article):
            items = "；".join(enumeration(article, best.sentence)) + "。"
            return [Block(style="answer", text=templates.answer.format(answer=items))], None
        quote = self._resolve_relative_date(evidence(question, best, second), article)
        short = short_answer(question, best.sentence, article)
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

    def _article(self, candidate: Candidate) -> AnyArticle:
        return self.articles[candidate.hit.chunk.article_id]

    def _report(self, question: Question, article_id: str) -> Answer | None:
        article = self.articles[article_id]
        assert question.report is not None
        text = report_answer(article, question.report, self.templates)
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
        """One line naming where an answer comes from: headline, date (the event's, else the paper's),
        reporters (or the author of a commentary)."""
        day = article.date or article.page_date
        if day is not None:
            date = f" {day.year}年{day.month}月{day.day}日"
        else:
            date = (
                f" {article.dateline}" if article.dateline and article.dateline not in RELATIVE_DAYS else ""
            )
        authored = is_authored(article)
        reporters = (
            f" {'作者' if authored else '记者'} {' '.join(article.reporters)}" if article.reporters else ""
        )
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
