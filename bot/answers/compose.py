"""The answer composer: recognise what is asked, pick the sentences that answer it, fill the templates.

Every answer is quoted from the news. The composer never invents text: it chooses sentences (or, for
an enumeration, the heads of its items) and names their source.
"""

from __future__ import annotations

import re
from typing import Literal, NamedTuple

from bot.answers.reply import Block, Reply, Source
from bot.config import TemplatesConfig
from bot.corpus.models import AnyArticle
from bot.search.retrieval import Hit, Retriever, presence
from bot.search.text import normalise, split_sentences

Kind = Literal["who", "when", "where", "number", "list", "why", "how", "yesno", "content"]

# What a question asks, from its question words; the first cue that matches decides.
KIND_CUES: list[tuple[Kind, re.Pattern[str]]] = [
    ("when", re.compile(r"什么时[候间]|何时|哪[一]?天|哪年|几月|几号|几日|几天|多久|多长时间|日期|哪个月")),
    (
        "who",
        re.compile(r"谁|哪位|哪些人|什么人|何人|哪些领导|哪些单位|哪些部门|哪些地方|职务|职位|身份|头衔"),
    ),
    ("where", re.compile(r"哪里|哪儿|在哪|何地|何处|什么地方|地点|以什么形式")),
    ("number", re.compile(r"多少|第?几[个项次位家条名届倍成点]|数量|比例|百分之")),
    ("list", re.compile(r"哪些|有哪|分别|包括|几个方面|哪几")),
    ("why", re.compile(r"为什么|为何|原因|目的|为了什么")),
    (
        "how",
        re.compile(
            r"(怎么|怎样|如何)(做|抓|办|干|推进|落实|开展|实现|加强|提升|保障|解决|完成)|什么(措施|举措|办法|要求)"
        ),
    ),
    ("yesno", re.compile(r"吗[?？]?$|是否|是不是|有没有|能不能|会不会")),
]

# What an answering sentence looks like, for each kind.
KIND_SIGNS: dict[Kind, re.Pattern[str]] = {
    "when": re.compile(
        r"\d{1,4}年|\d{1,2}月(\d{1,2}日)?|\d{1,2}日|[昨今明前]日|[昨今明]天|月底|年底|上半年|下半年|季度"
    ),
    "who": re.compile(
        r"(书记|市长|省长|主任|主席|委员|部长|局长|厅长|区长|县长|领导|记者|代表|负责人)[\u4e00-\u9fff·]{2,5}"
        r"|主持|出席|列席|参加|讲话|部署|发言"
    ),
    "where": re.compile(
        r"在[\u4e00-\u9fff]{1,12}(举行|召开|出席)|会场|主场|分会场|以视频形式|[省市区县镇村]"
    ),
    "number": re.compile(r"\d|[一二三四五六七八九十百千万亿两]+[个项次位家条名倍成届]"),
    "list": re.compile(r"、"),
    "why": re.compile(r"为了|因为|由于|旨在|以便|为.{1,30}(奠定|提供|创造|作出|多作)|目的"),
    "how": re.compile(r"要[^求]|强调|要求|通过|采取|加强|推进|确保|着力|持续|深化"),
    "yesno": re.compile(r"."),
    "content": re.compile(r"."),
}

ASKS_FOR_REPORTER = re.compile(r"记者|报道|采写|撰稿|作者")
ENUMERATION_CUE = re.compile(r"分别|哪几|几个方面|几项|几点|各是")
ENUMERATION_ITEM = re.compile(
    r"^(?:[一二三四五六七八九十]+(?:要|是|方面|、)|第[一二三四五六七八九十]+[,，、是]|首先|其次|再次|最后|[(（][一二三四五六七八九十]+[)）])"
)
ITEM_HEAD_END = re.compile(r"[,，:：;；]")
CLAUSE_END = re.compile(r"(?<=[;；])")
FOCUS_ABOVE_CHARS = 150
PRONOUN_START = re.compile(r"^(他|她|其|该|此|这|对此|同时)")
RELATIVE_DAYS = ("昨日", "昨天", "今日", "今天", "前日", "前天")
MAX_ANSWER_CHARS = 360
# A sentence's score: the share of the question's words it holds (0–1), plus these bonuses.
PASSAGE_COVERAGE = 0.35  # × the coverage of the passage it is in
PASSAGE_RANK = 0.25  # × the passage's BM25 score relative to the best passage's
LOOKS_LIKE_ANSWER = 0.4  # it has the signs of the kind of answer asked for (a date for 什么时候, …)
TITLE_BEFORE_NAME = 0.3  # for 谁: a title from the question stands right before a name


def split_head(sentence: str) -> tuple[str, str]:
    """An enumeration item's head (up to its first comma, colon or semicolon) and the rest."""
    parts = ITEM_HEAD_END.split(sentence, maxsplit=1)
    return parts[0], parts[1] if len(parts) > 1 else ""


def focus(sentence: str, weights: dict[str, float]) -> str:
    """A long sentence cut to the run of its semicolon-separated parts that hold the question's words.

    A part is kept when it holds at least half the (rarity-weighted) words the best part holds.
    Dropped parts are marked with …; a sentence none of whose parts holds a word stays whole.
    """
    parts = [p for p in CLAUSE_END.split(sentence) if p]
    if len(sentence) <= FOCUS_ABOVE_CHARS or len(parts) < 2:
        return sentence
    held = [sum(wt for w, wt in weights.items() if w in normalise(part)) for part in parts]
    if not max(held):
        return sentence
    keep = [h >= max(held) / 2 for h in held]
    first, last = keep.index(True), len(keep) - 1 - keep[::-1].index(True)
    text = "".join(parts[first : last + 1])
    return ("…" if first > 0 else "") + text + ("…" if last < len(parts) - 1 else "")


def question_kind(question: str) -> Kind:
    """What kind of answer the question wants."""
    text = normalise(question)
    for kind, cue in KIND_CUES:
        if cue.search(text):
            return kind
    return "content"


class Candidate(NamedTuple):
    """One sentence of a retrieved passage, with how well it answers."""

    hit: Hit
    position: int
    sentence: str
    score: float


class Composer:
    """Turns a question and its retrieved passages into a templated, cited reply."""

    def __init__(
        self, retriever: Retriever, articles: dict[str, AnyArticle], templates: TemplatesConfig
    ) -> None:
        self.retriever = retriever
        self.articles = articles
        self.templates = templates

    def compose(self, question: str, hits: list[Hit], min_coverage: float) -> Reply:
        """The reply: quoted answer and source line, or the not-found reply."""
        answering = [h for h in hits if h.coverage >= min_coverage]
        if not answering:
            return Reply.plain(self.templates.not_found.format(question=question))
        kind = question_kind(question)
        words = list(dict.fromkeys(self.retriever.tokenizer.words(question)))
        weights = {w: self.retriever.weight(w) for w in words}
        needs_name = kind == "who" and not ASKS_FOR_REPORTER.search(normalise(question))
        best = self._best_sentence(weights, kind, answering, needs_name)
        if best is None:
            return Reply.plain(self.templates.not_found.format(question=question))
        article = self.articles[best.hit.chunk.article_id]
        if kind == "list" and self._asks_for_items(question, weights, best):
            answer = "；".join(self._enumeration(article, best.sentence)) + "。"
        else:
            answer = self._answer_text(best, article, weights)
        sources = [best.hit, *[h for h in answering if h is not best.hit]]
        return Reply(
            blocks=[
                Block(style="answer", text=self.templates.answer.format(answer=answer)),
                Block(style="source", text=self.source_line(article)),
            ],
            found=True,
            sources=[self._source(h) for h in sources],
        )

    def _best_sentence(
        self, weights: dict[str, float], kind: Kind, hits: list[Hit], needs_name: bool
    ) -> Candidate | None:
        """The sentence that best answers: it holds the question's words and looks like the answer.

        Words found in the article's headline or byline say more about which article is meant than
        about which sentence, so within an article they count half. A 谁 question is only answered
        by a sentence naming one of the article's people or speaking bodies; None when none does.
        """
        top_score = hits[0].score or 1.0
        sign = KIND_SIGNS[kind]
        best: Candidate | None = None
        for hit in hits:
            context = self.retriever.context(hit.chunk.article_id)
            telling = {w: wt / 2 if w in context else wt for w, wt in weights.items()}
            total = sum(telling.values()) or 1.0
            names = self._names(hit.chunk.article_id) if needs_name else ()
            for position, sentence in enumerate(split_sentences(hit.chunk.text)):
                plain = normalise(sentence)
                named = [name for name in names if name in plain]
                if needs_name and not named:
                    continue
                overlap = sum(wt * presence(w, plain) for w, wt in telling.items()) / total
                score = overlap + PASSAGE_COVERAGE * hit.coverage + PASSAGE_RANK * hit.score / top_score
                score += LOOKS_LIKE_ANSWER if sign.search(plain) else 0.0
                # 主任是谁 is answered where 主任 stands right before a name (主任胡荃).
                score += (
                    TITLE_BEFORE_NAME if any(w + name in plain for w in weights for name in named) else 0.0
                )
                if best is None or score > best.score:
                    best = Candidate(hit, position, sentence, score)
        return best

    def _names(self, article_id: str) -> list[str]:
        """The people (other than its reporters) and speaking bodies an article names, normalised."""
        article = self.articles[article_id]
        named = [p.name for p in article.people if p.role != "reporter"] + article.speakers
        return [normalise(name) for name in named]

    def _asks_for_items(self, question: str, weights: dict[str, float], best: Candidate) -> bool:
        """Whether the question wants the heads of a numbered enumeration (一要…二要…) rather than one item.

        It does when it says so (分别, 哪几) or when none of its own words is in the item's body.
        """
        if not ENUMERATION_ITEM.match(best.sentence):
            return False
        if ENUMERATION_CUE.search(normalise(question)):
            return True
        head, body = split_head(best.sentence)
        context = self.retriever.context(best.hit.chunk.article_id)
        return not any(w in normalise(body) for w in weights if w not in context and w not in normalise(head))

    def _answer_text(self, best: Candidate, article: AnyArticle, weights: dict[str, float]) -> str:
        sentences = split_sentences(best.hit.chunk.text)
        chosen = [focus(best.sentence, weights)]
        if PRONOUN_START.match(best.sentence) and best.position > 0:
            chosen.insert(0, sentences[best.position - 1])
        text = "".join(chosen)
        if len(text) > MAX_ANSWER_CHARS:
            text = text[: MAX_ANSWER_CHARS - 1] + "…"
        return self._resolve_relative_date(text, article)

    def _enumeration(self, article: AnyArticle, item: str) -> list[str]:
        """The heads of the numbered items (一要…、二要…) of the run the given item belongs to."""
        sentences = [s for p in article.paragraphs for s in split_sentences(p.text)]
        start = sentences.index(item) if item in sentences else 0
        while start > 0 and ENUMERATION_ITEM.match(sentences[start - 1]):
            start -= 1
        end = start
        while end < len(sentences) and ENUMERATION_ITEM.match(sentences[end]):
            end += 1
        return [split_head(s)[0] for s in sentences[start:end]]

    def _resolve_relative_date(self, text: str, article: AnyArticle) -> str:
        if article.date is None or article.dateline not in RELATIVE_DAYS or article.dateline not in text:
            return text
        resolved = f"{article.dateline}（{article.date.year}年{article.date.month}月{article.date.day}日）"
        return text.replace(article.dateline, resolved, 1)

    def source_line(self, article: AnyArticle) -> str:
        """One line naming where an answer comes from: headline, date, reporters."""
        if article.date is not None:
            date = f" {article.date.year}年{article.date.month}月{article.date.day}日"
        else:
            date = (
                f" {article.dateline}" if article.dateline and article.dateline not in RELATIVE_DAYS else ""
            )
        reporters = f" 记者 {' '.join(article.reporters)}" if article.reporters else ""
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
