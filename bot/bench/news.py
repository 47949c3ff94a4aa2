"""The bench's "news" profile: paragraphs written from a real vocabulary with real word frequencies.

Words are drawn from jieba's dictionary (350,000 Chinese words with their counts in a large body of text,
falling off as Zipf's law says), so most words are rare and a few are common, as in news. Each article
also has a dozen topic words (things, places, organisations of middling rarity) and a few invented names
that recur in its paragraphs with the numbers that vary, as an article's subject does. The article of a
given number is the same at every corpus size (its own seed), so questions drawn from the first articles
hold at every size. Nothing is copied from any text: only the dictionary's words and counts are used.
"""

from __future__ import annotations

import functools
import itertools
import random
import re

import jieba
import numpy as np

from bot.bench.writer import GIVEN, SURNAMES

CJK_WORD = re.compile(r"^[\u4e00-\u9fff]{1,4}$")
TOPIC_TAGS = frozenset({"n", "ns", "nt", "nz", "vn"})
TOPIC_RANKS = (3_000, 60_000)
"""Topic words come from this band of the dictionary's words by frequency: neither common nor obscure."""
TOPIC_SHARE = 0.2
"""Share of an article's words that are its topic words or names."""


@functools.cache
def _dictionary() -> tuple[list[str], list[float], list[str]]:
    """jieba's Chinese words, their cumulative counts, and the band of them topic words come from."""
    entries = []
    with jieba.get_dict_file() as handle:
        for line in handle.read().decode("utf-8").splitlines():
            word, count, *tag = line.split()
            if CJK_WORD.match(word):
                entries.append((int(count), word, tag[0] if tag else ""))
    entries.sort(reverse=True)
    words = [w for _, w, _ in entries]
    cumulative = [float(c) for c in itertools.accumulate(c for c, _, _ in entries)]
    low, high = TOPIC_RANKS
    topics = [w for _, w, t in entries[low:high] if t in TOPIC_TAGS]
    return words, cumulative, topics


class NewsWriter:
    """Articles of invented news in the dictionary's words (see the module's docstring)."""

    def __init__(self, seed: int = 1) -> None:
        self.seed = seed
        words, cumulative, topics = _dictionary()
        self.words, self.topics = np.asarray(words, dtype=object), np.asarray(topics, dtype=object)
        self.cumulative = np.asarray(cumulative)

    def _name(self, rng: np.random.Generator) -> str:
        given = "".join(rng.choice(list(GIVEN), size=int(rng.integers(1, 3))))
        return str(rng.choice(list(SURNAMES))) + given

    def texts(self, number: int, count: int) -> tuple[str, list[str]]:
        """Article ``number``'s headline and ``count`` paragraphs (the same at every corpus size)."""
        rng = np.random.default_rng([self.seed, number])
        topic = np.asarray(
            [*self.topics[rng.integers(0, len(self.topics), 12)], *(self._name(rng) for _ in range(3))],
            dtype=object,
        )
        sentences = rng.integers(1, 6, size=count)
        lengths = rng.integers(10, 31, size=int(sentences.sum()))
        drawn = self.words[
            np.searchsorted(self.cumulative, rng.random(int(lengths.sum())) * self.cumulative[-1])
        ]
        on_topic = rng.random(len(drawn)) < TOPIC_SHARE
        drawn[on_topic] = topic[rng.integers(0, len(topic), size=int(on_topic.sum()))]
        figures = [
            f"{n}{u}"
            for n, u in zip(
                rng.integers(2, 10_000, len(lengths)),
                rng.choice(list("万亿个项人元"), len(lengths)),
                strict=True,
            )
        ]
        texts, at, sentence = [], 0, 0
        for in_paragraph in sentences.tolist():
            parts = []
            for _ in range(in_paragraph):
                words = drawn[at : at + lengths[sentence]].tolist()
                at += lengths[sentence]
                cut = len(words) // 2
                parts.append("".join(words[:cut]) + figures[sentence] + "，" + "".join(words[cut:]) + "。")
                sentence += 1
            texts.append("".join(parts))
        headline = "".join(topic[:3]) + str(rng.choice(["取得新进展", "工作会议召开", "启动", "见闻"]))
        return headline, texts

    def questions(self, count: int, articles: int, per_article: int, forms: tuple[str, ...]) -> list[str]:
        """Questions about phrases of the first ``articles`` articles' sentences, in everyday forms."""
        rng = random.Random(self.seed * 7)
        found = []
        for _ in range(count):
            _, texts = self.texts(rng.randrange(max(1, articles)), per_article)
            text = rng.choice(texts)
            sentence = re.sub(r"[\W_]+", "", rng.choice([s for s in text.split("。") if s] or [text]))
            size = min(len(sentence), rng.randint(4, 10))
            start = rng.randint(0, max(0, len(sentence) - size))
            found.append(rng.choice(forms).format(x=sentence[start : start + size]))
        return found
