"""Every article's analysed text (``ArticleText``) kept in the corpus store, so that no question analyses
an article: a question over the longest article costs what its candidate sentences cost.

Each article is analysed once, when the store is built. A rebuild (a new day's page, an edited file)
takes the analyses of the articles the old store already held, unchanged, from it, and analyses only
the others. An article is known by the digest of its record; the old analyses count only when they
were made by the same text rules (``RULES``: the code of ``bot/text`` and of ``ArticleText``).
"""

from __future__ import annotations

import hashlib
import itertools
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from bot.corpus.article_text import ArticleText
from bot.corpus.models import Article, article_json
from bot.corpus.packed import Texts, decode, packed
from bot.storage.code_digest import code_digest

PARTS = ("headline", "context", "opening", "whole", "sentences", "sample", "people", "speakers")
"""The texts kept of each analysis, in this order (names and speakers one a line)."""
DIGEST_BYTES = 16


def _rules() -> str:
    """The digest of the code an analysis depends on: the text rules and ``ArticleText`` itself."""
    here = Path(__file__).resolve().parent
    return code_digest((*sorted((here.parent / "text").glob("*.py")), here / "article_text.py"))


RULES = _rules()


def article_digest(article: Article) -> bytes:
    """What identifies an article's record (every field and paragraph)."""
    return hashlib.sha256(article_json(article).encode("utf-8", "surrogatepass")).digest()[:DIGEST_BYTES]


def _parts(text: ArticleText) -> list[str]:
    sample = "" if text.sample is text.sentences else text.sample
    return [
        *(getattr(text, name) for name in PARTS[:5]),
        sample,
        "\n".join(text.people),
        "\n".join(text.speakers),
    ]


class Analyses:
    """The analyses of a store's articles, read from its arrays when asked for (``analysis_*``)."""

    def __init__(self, arrays: dict[str, np.ndarray]) -> None:
        self._texts = Texts(arrays["analysis_bytes"])
        self._offsets = arrays["analysis_offsets"]
        self._counts = arrays["analysis_counts"]
        self._digests = arrays["analysis_digests"]

    def __len__(self) -> int:
        return len(self._counts)

    def kept(self, number: int) -> tuple[list[str], tuple[int, int]]:
        """The kept texts of article ``number``'s analysis (``PARTS``), its count of sentences and of
        sentences in its sample."""
        offsets = self._offsets[len(PARTS) * number : len(PARTS) * (number + 1) + 1].tolist()
        data = self._texts.read(offsets[0], offsets[-1])
        parts = [decode(data[a - offsets[0] : b - offsets[0]]) for a, b in itertools.pairwise(offsets)]
        count, sampled = self._counts[number].tolist()
        return parts, (count, sampled)

    def get(self, number: int) -> ArticleText:
        """Article ``number``'s analysed text, as ``ArticleText.of`` made it when the store was built."""
        parts, counts = self.kept(number)
        headline, context, opening, whole, sentences, sample, people, speakers = parts
        return ArticleText(
            headline=headline,
            context=context,
            opening=opening,
            whole=whole,
            people=tuple(people.split("\n")) if people else (),
            speakers=tuple(speakers.split("\n")) if speakers else (),
            sentences=sentences,
            count=counts[0],
            sample=sample or sentences,
            sampled=counts[1],
        )

    def numbers(self) -> dict[bytes, int]:
        """Each analysed article's digest and its number."""
        return {bytes(d): n for n, d in enumerate(self._digests)}


def analysis_arrays(articles: Sequence[Article], previous: Analyses | None = None) -> dict[str, np.ndarray]:
    """The store's arrays of the articles' analyses, those of ``previous`` (the old store's, made by
    the same rules) reused for the articles it holds."""
    known = previous.numbers() if previous is not None else {}
    texts: list[str] = []
    counts: list[tuple[int, int]] = []
    digests = np.zeros((len(articles), DIGEST_BYTES), np.uint8)
    for number, article in enumerate(articles):
        digest = article_digest(article)
        digests[number] = np.frombuffer(digest, np.uint8)
        old = known.get(digest)
        if previous is not None and old is not None:
            parts, count = previous.kept(old)
            texts += parts
            counts.append(count)
        else:
            text = ArticleText.of(article)
            texts += _parts(text)
            counts.append((text.count, text.sampled))
    data, offsets = packed(texts)
    return {
        "analysis_bytes": data,
        "analysis_offsets": offsets,
        "analysis_counts": np.asarray(counts, np.int64).reshape(-1, 2),
        "analysis_digests": digests,
    }
