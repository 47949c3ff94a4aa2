"""A page's segmented lines into validated ``Article`` records: ids, headline fields, byline, dates,
page place, furniture and people.

Ids are unique across the corpus and stable: the source file's folder and name (``seeds/p1.txt`` →
``seeds.p1-01``), with a short hash where the name holds characters an id cannot.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from bot.corpus.models import Article, Paragraph
from bot.ingestion.ads import is_ad_mark, is_advertorial
from bot.ingestion.bylines import Byline, read_byline
from bot.ingestion.dates import (
    DATELINE,
    PagePlace,
    event_date,
    near_page,
    note_date,
    resolve_date,
    signature_date,
)
from bot.ingestion.headlines import derived_headline, read_heading
from bot.ingestion.jumps import jumps_of
from bot.ingestion.lines import Line
from bot.ingestion.page import RawArticle
from bot.ingestion.paragraphs import paragraphs_of
from bot.ingestion.people import extract_people


class PageMeta(BaseModel):
    """The sidecar file ``PAGE.meta.yaml`` next to a raw page."""

    model_config = ConfigDict(extra="forbid")
    publication: str | None = None
    date: dt.date | None = None
    page: int | None = None
    section: str | None = None


def source_id(file: str) -> str:
    """An id prefix naming a source file (``seeds/p1.txt`` → ``seeds.p1``); a short hash of the name
    keeps names with other characters (spaces, Chinese, undecodable bytes) distinct."""
    stem = file.rsplit(".", 1)[0] if "." in file.rsplit("/", 1)[-1] else file
    parts = stem.split("/")
    slug = ".".join(re.sub(r"[^0-9A-Za-z_-]+", "_", part).strip("_") or "x" for part in parts)
    if any(re.search(r"[^0-9A-Za-z_-]", part) or not part for part in parts):
        slug += "_" + hashlib.sha1(file.encode("utf-8", "surrogatepass")).hexdigest()[:8]
    return slug


def read_meta(path: Path, suffix: str) -> PageMeta:
    """The page's sidecar, or empty metadata when there is none; a bad sidecar raises ValueError."""
    sidecar = path.with_name(path.stem + suffix)
    if not sidecar.is_file():
        return PageMeta()
    try:
        data = yaml.safe_load(sidecar.read_text(encoding="utf-8-sig")) or {}
        return PageMeta.model_validate(data)
    except (OSError, ValueError, yaml.YAMLError) as exc:
        detail = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        if isinstance(exc, ValidationError):
            first = exc.errors()[0]
            detail = f"{'.'.join(str(p) for p in first['loc']) or 'top level'}: {first['msg']}"
        raise ValueError(f"sidecar {sidecar.name}: {detail}") from exc


def annotate(article: Article) -> Article:
    """The single place where later stages add what they find in an article (people, speakers).

    Every article passes through here after it is built and before it is written.
    """
    people, speakers = extract_people(article)
    return article.model_copy(update={"people": people, "speakers": speakers})


PULL_QUOTE_MAX_CHARS = 60
PULL_QUOTE_MIN_CHARS = 6
OPENING_SENTENCE = re.compile(r"^.+?[。！？!?][”’」』]?")
_GRAM = 6


def core_of(text: str) -> str:
    """A paragraph without its closing punctuation: what a pull quote repeats of it."""
    return text.rstrip('。！？!?…；;”’"')


def pull_quotes_of(texts: list[str]) -> set[int]:
    """Indices of short paragraphs that repeat words printed in a longer paragraph, or its opening
    sentence (pull quotes).

    Linear in the text: each distinct paragraph is looked for only in the distinct paragraphs sharing
    its first characters (a line printed many times is looked for once).
    """
    cores = {n: core_of(text) for n, text in enumerate(texts) if len(text) <= PULL_QUOTE_MAX_CHARS}
    cores = {n: core for n, core in cores.items() if len(core) >= 2 * _GRAM}
    if not cores or len(texts) < 2:
        return set()
    wanted = {core[:_GRAM] for core in cores.values()}
    holders: dict[str, set[str]] = {}  # gram → the distinct paragraphs holding it (repeats count once)
    for text in dict.fromkeys(texts):
        for i in range(len(text) - _GRAM + 1):
            gram = text[i : i + _GRAM]
            if gram in wanted:
                holders.setdefault(gram, set()).add(text)
    quoted = {
        text
        for text, core in {texts[n]: core for n, core in cores.items()}.items()
        if any(len(held) > len(text) and core in held for held in holders[core[:_GRAM]])
    }
    return {n for n in cores if texts[n] in quoted} | _repeated_openings(texts)


def _repeated_openings(texts: list[str]) -> set[int]:
    """Indices of short paragraphs that are the opening sentence of a later, longer paragraph: a pull
    quote printed above the paragraph it comes from (``民生无小事，枝叶总关情。``), however short."""
    openings: dict[str, int] = {}
    for m, text in enumerate(texts):
        first = OPENING_SENTENCE.match(text)
        if first and len(first[0]) < len(text):
            openings[first[0]] = m  # the last paragraph opening so
    return {
        n
        for n, text in enumerate(texts)
        if PULL_QUOTE_MIN_CHARS <= len(text) <= PULL_QUOTE_MAX_CHARS and openings.get(text, -1) > n
    }


def build_articles(
    raws: list[RawArticle],
    file: str,
    stem: str,
    meta: PageMeta,
    place: PagePlace,
    furniture: list[Line],
    first: int = 1,
) -> list[Article]:
    """Turn a page's segmented lines into validated articles, in page order, numbered from ``first`` (a
    file of several pages numbers its articles on through them)."""
    articles: list[Article] = []
    prefix = source_id(file)
    starts = [min(line.number for line in _lines_of(raw)) for raw in raws]
    jumps = jumps_of(starts, furniture)
    marks = [line.number for line in furniture if is_ad_mark(line.text)]
    for n, (raw, (jump_from, jump_to)) in enumerate(zip(raws, jumps, strict=True)):
        byline = read_byline(raw.bylines)
        body = raw.lead + ([byline.opening] if byline.opening else []) + raw.body
        paragraphs = paragraphs_of(body, file, byline.opening)
        heading = read_heading([line.text for line in raw.headline_lines])
        captions = [p for line in raw.captions for p in paragraphs_of([line], file)]
        if not paragraphs and heading.headline and captions:  # a photo item: its caption is its text
            paragraphs, captions = captions, []
        if not paragraphs:
            if not heading.headline or not articles:
                paragraphs, captions = paragraphs_of(raw.headline_lines + raw.captions, file), []
                heading = read_heading([])
            if not paragraphs:
                continue
        quotes = pull_quotes_of([p.text for p in paragraphs])
        pull_quotes = heading.boxes + [p.text for n, p in enumerate(paragraphs) if n in quotes]
        paragraphs = [p for n, p in enumerate(paragraphs) if n not in quotes]
        dateline = DATELINE.match(byline.dateline or _first_body_text(raw, byline) or paragraphs[0].text)
        order = first + len(articles)
        article = Article(
            id=f"{prefix}-{order:02d}",
            page=stem,
            page_number=place.number,
            section=place.section,
            pages=[file],
            page_numbers=[place.number] if place.number is not None else [],
            headline=heading.headline or derived_headline(paragraphs[0].text),
            kicker=heading.kicker,
            subtitles=heading.subtitles,
            headline_note=heading.note,
            series=heading.series,
            column=heading.column or raw.column,
            byline=byline.text,
            reporters=byline.reporters,
            photographers=byline.photographers,
            dateline=dateline.group("dateline") if dateline else None,
            date=_article_date(dateline, place.date, paragraphs, heading.note, byline),
            publication=place.publication,
            page_date=place.date,
            follows=articles[-1].id if byline.follow_on and articles else None,
            jump_from=jump_from,
            jump_to=jump_to,
            order=order,
            kind="advertorial"
            if is_advertorial(
                [line.text for line in raw.headline_lines],
                [p.text for p in paragraphs],
                signed=bool(byline.text),
                marked=any((starts[n - 1] if n else 0) < mark < starts[n] for mark in marks),
            )
            else "news",
            paragraphs=paragraphs + captions,  # searched and quoted like the text, after it
            captions=[p.text for p in captions],
            caption_photographers=[raw.shot_by.get(p.source.line_start, []) for p in captions],
            pull_quotes=pull_quotes,
            furniture=[f"line {line.number}: {line.text}" for line in furniture] if not articles else [],
        )
        articles.append(annotate(article))
    return articles


def _article_date(
    dateline: re.Match[str] | None,
    page_date: dt.date | None,
    paragraphs: list[Paragraph],
    note: str | None,
    byline: Byline,
) -> dt.date | None:
    """The article's date: its dateline, a document's signature or adopting note, else the day its first
    sentence names -- the first of these on its paper's day or shortly before (``near_page``)."""
    return near_page(
        page_date,
        lambda: resolve_date(dateline, page_date) if dateline else None,
        lambda: signature_date(paragraphs[-1].text),
        lambda: note_date(note),
        lambda: None if byline.dateline else event_date(_first_paragraph(paragraphs, byline), page_date),
    )


def _lines_of(raw: RawArticle) -> list[Line]:
    return [*raw.headline_lines, *raw.bylines, *raw.lead, *raw.body, *raw.captions] or [
        Line("", 0, False, False)
    ]


def _first_paragraph(paragraphs: list[Paragraph], byline: Byline) -> str:
    """The whole paragraph the byline's text opens (its first sentence may run past the byline's line), or
    the first paragraph."""
    if byline.opening is not None:
        number = byline.opening.number
        for paragraph in paragraphs:
            if paragraph.source.line_start <= number <= paragraph.source.line_end:
                return paragraph.text
    return paragraphs[0].text


def _first_body_text(raw: RawArticle, byline: Byline) -> str | None:
    """The text right after the byline: where a dateline stands (a lead box comes before it)."""
    if byline.opening is not None:
        return byline.opening.text
    if not raw.bylines:
        return None
    return next((line.text for line in raw.body[:2] if DATELINE.match(line.text)), None)  # after a subhead
