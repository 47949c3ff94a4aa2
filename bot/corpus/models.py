"""The corpus: validated article records, one UTF-8 JSON file per article in ``corpus/``.

These models are the contract between ingestion (which writes them) and every later stage (which reads
them). Loading validates every file; a malformed file is reported by name and skipped.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

if TYPE_CHECKING:
    from bot.corpus.article_text import ArticleText

Role = Literal[
    "presided",
    "officiated",
    "spoke",
    "deployed",
    "attended",
    "reported",
    "reporter",
    "elected",
    "appointed",
    "removed",
]
"""A person's part in an article's event: 主持, 主礼 (officiating at a ceremony), 出席并讲话, 作具体部署, 出席/列席/参加, 汇报, 记者, 当选, 任命, 免职."""


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
    page_number: int | None = Field(None, ge=0, description="the page number printed on (第4版 → 4)")
    section: str | None = Field(None, description="the page's section name where the page gives one (要闻)")
    pages: list[str] = Field([], description="every raw file it was printed in, the stored one first")
    page_numbers: list[int] = Field([], description="every page number it was printed on")
    headline: str = Field(min_length=1)
    kicker: str | None = Field(None, description="引题 above the headline, or a lead-in ending in ——")
    subtitles: list[str] = []
    headline_note: str | None = Field(None, description="a note in brackets under the headline")
    series: str | None = Field(None, description="a series tag such as 深聚焦·乡村振兴②")
    column: str | None = Field(None, description="the column name printed with the headline (今日谈)")
    byline: str | None = None
    reporters: list[str] = []
    photographers: list[str] = Field(
        [], description="who took its photos (记者 某某 摄): no person in the news"
    )
    dateline: str | None = Field(None, description="the date as written, e.g. 4月24日 or 昨日")
    date: dt.date | None = Field(None, description="the event date, resolved where the text allows")
    publication: str | None = None
    page_date: dt.date | None = None
    follows: str | None = Field(None, description="id of the article a 又讯 item follows")
    jump_from: int | None = Field(None, ge=0, description="the page this text is continued from (上接第N版)")
    jump_to: int | None = Field(None, ge=0, description="the page it is continued on (下转第N版)")
    continues: str | None = Field(None, description="id of the article whose text this continues")
    order: int = Field(0, ge=0, description="position on its page")
    kind: Literal["news", "advertorial"] = Field(
        "news", description="advertorial: paid text (a slogan, an ad mark, a contact line), listed after news"
    )
    paragraphs: list[Paragraph] = Field(min_length=1)
    people: list[Person] = []
    speakers: list[str] = Field([], description="bodies that spoke (作交流发言, 作表态发言)")
    captions: list[str] = Field(
        [],
        description="photo captions printed with it, each also one of its last paragraphs (searched, quoted)",
    )
    caption_photographers: list[list[str]] = Field(
        [], description="who took each caption's photo, in their order ([]: no credit printed with it)"
    )
    pull_quotes: list[str] = Field([], description="sentences repeated in large type between paragraphs")
    furniture: list[str] = Field(
        [], description="page furniture of its file (jump marks, page headers, editor lines), 'line N: text'"
    )

    @functools.cached_property
    def analysed(self) -> ArticleText:
        """Its text analysed once (``bot.corpus.article_text``), kept with the article."""
        from bot.corpus.article_text import ArticleText  # it reads articles: imported when first needed

        return ArticleText.of(self)

    def paragraphs_between(self, start: int, stop: int) -> list[Paragraph]:
        """Its paragraphs ``start`` to ``stop`` (what a question reads of a long article)."""
        return self.paragraphs[max(0, start) : stop]


class StoredArticle:
    """An article served from the corpus store (``bot.corpus.store``): every field of ``Article`` but
    the paragraphs, which are read from the store each time they are asked for, and its analysed text,
    which the store keeps for the articles most recently asked about.

    It is a view of the article's row in the store's records (``STORED_FIELDS``, as JSON gives them):
    a field is read from the row when asked for, a date or a person made on first use and kept, so a
    start does not build every article's fields (tens of thousands of articles) before the first answer.
    """

    __slots__ = ("_row", "read_paragraphs", "read_analysed")

    id: str
    page: str
    page_number: int | None
    section: str | None
    pages: list[str]
    page_numbers: list[int]
    headline: str
    kicker: str | None
    subtitles: list[str]
    headline_note: str | None
    series: str | None
    column: str | None
    byline: str | None
    reporters: list[str]
    photographers: list[str]
    dateline: str | None
    date: dt.date | None
    publication: str | None
    page_date: dt.date | None
    follows: str | None
    jump_from: int | None
    jump_to: int | None
    continues: str | None
    order: int
    kind: str
    people: list[Person]
    speakers: list[str]
    captions: list[str]
    caption_photographers: list[list[str]]
    pull_quotes: list[str]
    furniture: list[str]

    def __init__(
        self,
        row: list[Any],
        read_paragraphs: Callable[[int, int | None], list[Paragraph]],
        read_analysed: Callable[[], ArticleText],
    ) -> None:
        """``row``: the values of ``STORED_FIELDS`` in order, as JSON holds them (kept, not copied);
        ``read_paragraphs`` reads its paragraphs from ``start`` to ``stop`` (None: to the end)."""
        if len(row) != len(STORED_FIELDS):
            raise ValueError(f"an article row of {len(row)} fields, not {len(STORED_FIELDS)}")
        self._row = row
        self.read_paragraphs = read_paragraphs
        self.read_analysed = read_analysed

    def __repr__(self) -> str:
        return f"StoredArticle(id={self.id!r}, headline={self.headline!r})"

    def replaced(self, **fields: Any) -> StoredArticle:
        """The same article with some fields changed (their values as this class gives them)."""
        row = list(self._row)
        for name, value in fields.items():
            row[_COLUMN[name]] = value
        return StoredArticle(row, self.read_paragraphs, self.read_analysed)

    @property
    def paragraphs(self) -> list[Paragraph]:
        return self.read_paragraphs(0, None)

    def paragraphs_between(self, start: int, stop: int) -> list[Paragraph]:
        """Its paragraphs ``start`` to ``stop``, the others not read."""
        return self.read_paragraphs(max(0, start), stop)

    @property
    def analysed(self) -> ArticleText:
        """Its text analysed once (``bot.corpus.article_text``)."""
        return self.read_analysed()


STORED_FIELDS = tuple(name for name in StoredArticle.__annotations__ if not name.startswith("read_"))
"""The fields of a ``StoredArticle``, in the order of a row of the corpus store."""
_COLUMN = {name: i for i, name in enumerate(STORED_FIELDS)}


def _plain(i: int) -> property:
    return property(lambda article: article._row[i])


def _date(i: int) -> property:
    """Column ``i``, a date: parsed on first use and kept in the row (whichever thread does it)."""

    def get(article: StoredArticle) -> dt.date | None:
        value = article._row[i]
        if isinstance(value, str):
            value = article._row[i] = dt.date.fromisoformat(value)
        return value

    return property(get)


def _people(i: int) -> property:
    """Column ``i``, people: made on first use and kept in the row."""

    def get(article: StoredArticle) -> list[Person]:
        value = article._row[i]
        if value and isinstance(value[0], dict):
            value = article._row[i] = [Person.model_construct(**p) for p in value]
        return value

    return property(get)


for _i, _name in enumerate(STORED_FIELDS):
    setattr(
        StoredArticle, _name, {"date": _date, "page_date": _date, "people": _people}.get(_name, _plain)(_i)
    )


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
    return article.model_dump_json(indent=2) + "\n"


def _replace_text(path: Path, text: str) -> None:
    """Write a file so that a reader sees the old content or the new, never a part: a temporary file in
    the same folder, renamed over the target. Not fsynced (``bot.storage.atomic`` is, for single files): a day
    of ten thousand articles would spend a minute in fsync on this machine."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def write_corpus(articles: list[Article], out_dir: Path) -> list[Path]:
    """Write one file per article, each atomically; a file whose content would not change is left
    untouched."""
    if articles and not out_dir.is_dir():
        out_dir.mkdir(parents=True, exist_ok=True)
    changed = []
    for article in articles:
        path = out_dir / f"{article.id}.json"
        text = article_json(article)
        try:
            same = path.read_text(encoding="utf-8") == text
        except (OSError, UnicodeDecodeError):
            same = False
        if not same:
            _replace_text(path, text)
            changed.append(path)
    return changed


def _invalid(error: ValidationError, data: bytes) -> str:
    """Why an article file is refused, in one line: empty, not JSON, or which field is wrong."""
    if not data.strip():
        return "empty file (an interrupted write?); not loaded"
    first = error.errors()[0]
    where = ".".join(str(p) for p in first["loc"])
    return f"{where}: {first['msg']}; not loaded" if where else f"{first['msg']}; not loaded"


def load_corpus(corpus_dir: Path) -> Corpus:
    """Load and validate every ``*.json`` article; bad files become problems, not crashes."""
    articles: list[Article] = []
    problems: list[CorpusProblem] = []
    if not corpus_dir.is_dir():
        return Corpus(articles=[], problems=[CorpusProblem(file=str(corpus_dir), reason="no such folder")])
    first_file: dict[str, Path] = {}
    for path in sorted(corpus_dir.glob("*.json")):
        try:
            data = path.read_bytes()
            article = Article.model_validate_json(data)
        except ValidationError as exc:
            problems.append(CorpusProblem(file=str(path), reason=_invalid(exc, data)))
            continue
        except OSError as exc:
            problems.append(CorpusProblem(file=str(path), reason=f"cannot read: {exc.strerror or exc}"))
            continue
        if article.id in first_file:
            # Two files with one id would cite answers under the wrong headline: the second is refused.
            reason = f"duplicate article id {article.id!r}, also in {first_file[article.id]}; not loaded"
            problems.append(CorpusProblem(file=str(path), reason=reason))
            continue
        first_file[article.id] = path
        articles.append(article)
    articles.sort(key=page_order)
    return Corpus(articles=articles, problems=problems)


def page_order(article: AnyArticle) -> tuple[int, int, str, int]:
    """Where an article goes in the corpus: newest day first; within a day, in the paper's page order
    (unnumbered pages after numbered ones); articles alike in all of these, in the order of their files."""
    return (
        -(article.page_date or dt.date.min).toordinal(),
        article.page_number if article.page_number is not None else 10_000,
        article.page,
        article.order,
    )
