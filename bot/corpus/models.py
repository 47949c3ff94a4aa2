"""The corpus: validated article records, one UTF-8 JSON file per article in ``corpus/``.

These models are the contract between ingestion (which writes them) and every later stage (which reads
them). Loading validates every file; a malformed file is reported by name and skipped.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

Role = Literal["presided", "spoke", "deployed", "attended", "reported", "reporter"]
"""A person's part in an article's event: 主持, 出席并讲话, 作具体部署, 出席/列席/参加, 汇报, 记者."""


class Record(BaseModel):
    """Base of corpus records: strict keys, so a typo in a hand-edited file is caught."""

    model_config = ConfigDict(extra="forbid")


class SourceSpan(Record):
    """Where a paragraph came from: the raw file and its 1-based line span."""

    file: str
    line_start: int = Field(ge=1)
    line_end: int = Field(ge=1)


class Paragraph(Record):
    text: str = Field(min_length=1)
    source: SourceSpan


class Person(Record):
    """One person named in an article, with titles exactly as written and their role in the event."""

    name: str = Field(min_length=1)
    titles: list[str] = []
    role: Role
    paragraph: int = Field(ge=0, description="index of the paragraph that names them")


class Article(Record):
    id: str = Field(pattern=r"^[0-9A-Za-z_.-]+$")
    page: str = Field(min_length=1, description="the page it was printed on (the raw file's stem)")
    headline: str = Field(min_length=1)
    kicker: str | None = None
    subtitles: list[str] = []
    byline: str | None = None
    reporters: list[str] = []
    dateline: str | None = Field(None, description="the date as written, e.g. 4月24日 or 昨日")
    date: dt.date | None = Field(None, description="the event date, resolved where the text allows")
    publication: str | None = None
    page_date: dt.date | None = None
    follows: str | None = Field(None, description="id of the article a 又讯 item follows")
    order: int = Field(0, ge=0, description="position on its page")
    paragraphs: list[Paragraph] = Field(min_length=1)
    people: list[Person] = []
    speakers: list[str] = Field([], description="bodies that spoke (作交流发言, 作表态发言)")


@dataclass(frozen=True, slots=True, eq=False)
class StoredArticle:
    """An article served from the corpus store (``bot.corpus.store``): every field of ``Article`` held
    in memory except the paragraphs, which are read from the store each time they are asked for."""

    id: str
    page: str
    headline: str
    kicker: str | None
    subtitles: list[str]
    byline: str | None
    reporters: list[str]
    dateline: str | None
    date: dt.date | None
    publication: str | None
    page_date: dt.date | None
    follows: str | None
    order: int
    people: list[Person]
    speakers: list[str]
    read_paragraphs: Callable[[], list[Paragraph]] = field(repr=False)

    @property
    def paragraphs(self) -> list[Paragraph]:
        return self.read_paragraphs()


AnyArticle = Article | StoredArticle
"""What answering reads: a loaded ``Article`` or a ``StoredArticle``."""


class CorpusProblem(Record):
    file: str
    reason: str


class Corpus(Record):
    articles: list[Article]
    problems: list[CorpusProblem] = []


def article_json(article: Article) -> str:
    """The article as it is stored: readable UTF-8 JSON, stable key order, trailing newline."""
    data = article.model_dump(mode="json")
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def write_corpus(articles: list[Article], out_dir: Path) -> list[Path]:
    """Write one file per article; a file whose content would not change is left untouched."""
    out_dir.mkdir(parents=True, exist_ok=True)
    changed = []
    for article in articles:
        path = out_dir / f"{article.id}.json"
        text = article_json(article)
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            changed.append(path)
    return changed


def load_corpus(corpus_dir: Path) -> Corpus:
    """Load and validate every ``*.json`` article; bad files become problems, not crashes."""
    articles: list[Article] = []
    problems: list[CorpusProblem] = []
    if not corpus_dir.is_dir():
        return Corpus(articles=[], problems=[CorpusProblem(file=str(corpus_dir), reason="no such folder")])
    for path in sorted(corpus_dir.glob("*.json")):
        try:
            articles.append(Article.model_validate_json(path.read_bytes()))
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first["loc"])
            problems.append(CorpusProblem(file=str(path), reason=f"{where}: {first['msg']}"))
        except OSError as exc:
            problems.append(CorpusProblem(file=str(path), reason=str(exc)))
    articles.sort(key=lambda a: (-(a.page_date or dt.date.min).toordinal(), a.page, a.order))
    return Corpus(articles=articles, problems=problems)
