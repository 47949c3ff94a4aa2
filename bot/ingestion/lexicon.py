"""The corpus's own vocabulary, built at ingest time so jieba keeps names and slogans whole.

``corpus/lexicon.txt`` holds one word a line: people's names and titles, reporters, the bodies that
spoke, column names and series tags (今日谈), numbered meetings (第四十九次主任会议) and quoted slogans (“双双过半”, “13710”).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from bot.corpus.models import Article
from bot.storage.atomic import write_text_atomic
from bot.text.lexicon import LEXICON_FILE, WORD
from bot.text.script import simplified

QUOTED = re.compile(r"[“\"「『]([^”\"」』]{2,12})[”\"」』]")
NUMERAL = "一二三四五六七八九十百零〇0-9"
NUMBERED_MEETING = re.compile(
    rf"(?:[{NUMERAL}]+届)?(?:第)?[{NUMERAL}]+次[\u4e00-\u9fff]{{0,4}}?会议|第[{NUMERAL}]+届[\u4e00-\u9fff]{{0,8}}?委员会"
)


def lexicon_words(articles: Iterable[Article]) -> list[str]:
    """The words to teach jieba, sorted and without duplicates."""
    words: set[str] = set()
    for article in articles:
        texts = [article.headline, *article.subtitles, *(p.text for p in article.paragraphs)]
        for text in map(simplified, texts):  # a traditional page's words as jieba reads them
            words.update(QUOTED.findall(text))
            words.update(NUMBERED_MEETING.findall(text))
        words.update(name for name in (article.column, article.series) if name)
        words.update([*article.reporters, *article.photographers])
        words.update(article.speakers)
        for person in article.people:
            words.add(person.name)
            words.update(part for title in person.titles for part in re.split(r"[、,，]", title))
    return sorted(w for w in words if WORD.match(w))


def write_lexicon(articles: Iterable[Article], corpus_dir: Path) -> Path:
    """Write the lexicon next to the articles, atomically; an unchanged lexicon leaves the file untouched."""
    path = corpus_dir / LEXICON_FILE
    text = "".join(f"{word}\n" for word in lexicon_words(articles))
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        write_text_atomic(path, text)
    return path
