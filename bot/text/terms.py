"""Text processing in one place: normalisation, sentence splitting and jieba tokenisation.

A text's terms are jieba's search-mode words plus the character bigrams of each run of content words,
so a name or phrase jieba cuts differently in a question and in the news still matches. Stop words and
punctuation never become terms.
"""

from __future__ import annotations

import copy
import functools
import hashlib
import json
import logging
import marshal
import re
import threading
import unicodedata
from collections.abc import Callable, Iterable
from pathlib import Path

import numpy as np

from bot.storage.atomic import write_bytes_atomic
from bot.storage.fileset import FileSetError, log_rebuild, read_fileset, write_fileset
from bot.text.script import simplified
from bot.text.segmenter import jieba

log = logging.getLogger(__name__)

QUOTE_VARIANTS = str.maketrans({c: '"' for c in "“”„‟«»「」『』〝〞＂"} | {c: "'" for c in "‘’‚‛"})
QUOTE = re.compile("[" + re.escape("".join(map(chr, QUOTE_VARIANTS))) + "]")
SPACE = re.compile(r"\s+")
CJK_SPACE = re.compile(r"(?<=[\u3400-\u9fff])\s+(?=[\u3400-\u9fff])")
CJK = re.compile(r"[\u3400-\u9fff]")
PLACE_TAGS = frozenset({"ns", "nt"})
SENTENCE_END = re.compile(r"(?<=[。！？!?…])(?![。！？!?…”’\"')）])|(?<=[。！？!?][”’\"'）)])|\n")

TERMS_VERSION = 2
"""Bump when a change to this module changes the terms of a text (normalising, cutting, filtering):
the token cache and the index are keyed by it (with jieba's version, its dictionary and the stop words),
so they are rebuilt; an edit that changes no term (a comment, a rename) keeps them."""

GLUED = frozenset(
    "会是于以在时从为中则上后来到和与及把被将对向就也都还又再才而并的了着过得地之其此由跟给让使所"
)
"""Function characters jieba's guess at an unknown word may take from beside it (南竿|会, 化|于)."""

TAUGHT_CACHE = "jieba-taught.cache"
"""jieba's dictionary as taught the corpus's lexicon (``marshal``), in the cache folder."""
SEARCH_MEMO_WORDS = 200_000
"""Words whose search-mode cut a tokenizer remembers (a few tens of megabytes at most)."""

# Generic Chinese function words and question words: they say how something is asked, not what about.
STOP_WORDS = frozenset(
    """
    的 地 得 了 着 过 是 要 在 和 与 及 或 等 把 被 由 对 于 为 以 将 从 向 也 都 就 而 并 又 还 之 其 此 这 那 这个 那个 这些 那些 有 没有 吗 呢 吧 啊 呀 么 嘛
    哦 个 些 一下 请问 告诉 知道 想 问 我 你 您 他 她 它 我们 你们 他们 她们 它们 谁 哪 哪个 哪些 哪位 哪里 哪儿 哪天 哪次 哪一天 哪一次 哪年 哪方面 哪种 哪家 什么
    什么样 什么时候 时候 啥 几 几个 几天 几点 几月 几号 几次 几位 几项 几年 多少 多久 多长 怎么 怎么样 怎样 如何 为什么 为何 何时 何地 何处 何人 是否 是不是 有没有 能否 分别
    都是 属于 方面 情况下 中 上 下 做 干 搞 提 提出 提到 说 讲 谈 表示 报道 报导 会上 会中 其中 内容 主要 有关 关于 相关 一些 担任 职务 职位 身份 头衔 要求 情况 第几
    第几次 第几届 第几个 第几项 如果 但 但是 所 或是 或者 当中 文中 提及
    """.split()
)
ASKING_WORD = re.compile(r"^(?:哪|何(?:$|年|种|处|时|地|人|物|方|者)|有何)")
"""Words that ask (哪一位, 哪边, 何年, 何种, 有何): they say what the answer is, not what it is about."""
REGIONAL = (("甚么", "什么"),)
"""Words printed one way in Taiwan and Hong Kong and another on the mainland (甚麼 → 什么), same length."""


def normalise(text: str) -> str:
    """NFKC (full- and half-width forms), simplified characters (``bot.text.script``), lower case, one
    kind of quote, no stray spacing: the form every match, term and index entry is made in."""
    text = simplified(unicodedata.normalize("NFKC", text))
    if QUOTE.search(text):  # (a search costs a few nanoseconds a character, a translation hundreds)
        text = text.translate(QUOTE_VARIANTS)
    text = text.lower()
    for regional, mainland in REGIONAL:
        text = text.replace(regional, mainland)
    if not text.isprintable():  # a control or format character, or a line break, somewhere in it
        text = "".join(ch for ch in text if unicodedata.category(ch) not in {"Cf", "Cc"} or ch in "\n\t")
    return SPACE.sub(" ", CJK_SPACE.sub("", text)).strip()


def split_sentences(text: str) -> list[str]:
    """Split at sentence-final punctuation, keeping each mark (and a closing quote) with its sentence,
    and at line breaks (a subhead joined to the paragraph after it in one chunk)."""
    return [s for s in (part.strip() for part in SENTENCE_END.split(text)) if s]


@functools.lru_cache(maxsize=1 << 20)
def _is_term(word: str) -> bool:
    """Whether a word can say what a text is about: not punctuation, a stop word, a lone Latin letter
    or a run of one repeated character (啊啊啊, 哈哈)."""
    return (
        any(ch.isalnum() for ch in word)
        and word not in STOP_WORDS
        and not ASKING_WORD.match(word)
        and not (len(word) == 1 and word.isascii() and word.isalpha())
        and not (len(word) > 1 and len(set(word)) == 1)
    )


class Tokenizer:
    """jieba, initialised once, taught the corpus's own names, titles, meetings and slogans."""

    def __init__(self, lexicon: Iterable[str] = (), cache_dir: Path | None = None) -> None:
        jieba.setLogLevel(logging.WARNING)
        self._jieba = jieba.Tokenizer()
        if cache_dir is not None:
            try:
                cache_dir.mkdir(parents=True, exist_ok=True)
                self._jieba.tmp_dir = str(cache_dir)
            except OSError as exc:  # a cache path that is a file, a read-only disk: work without it
                log.warning("cache folder %s unusable (%s): starting without a cache", cache_dir, exc)
                cache_dir = None
        self.lexicon = list(lexicon)
        self.code_key = terms_key(self._jieba)
        self.in_order = True
        """Taught its lexicon in the lexicon's order, as a start is (not so when ``taught`` had to
        append a word that sorts before one it knew)."""
        self._fresh()
        if not self._load_taught(cache_dir):
            self._jieba.initialize()
            self._teach(self.lexicon)
            self.save_taught(cache_dir)
        self._places = _place_names(self._jieba, cache_dir)

    def _load_taught(self, cache_dir: Path | None) -> bool:
        """Take jieba's dictionary as taught this lexicon from ``TAUGHT_CACHE`` (a big lexicon takes
        seconds to teach), when it was saved for this very tokenizer (``key``)."""
        if cache_dir is None:
            return False
        try:
            # Read whole, then unmarshalled: ``marshal.load`` from a file object reads it a piece at a
            # time (0.55 CPU s for a 9 MB dictionary, against 0.2 s from bytes).
            key, total, freq = marshal.loads((cache_dir / TAUGHT_CACHE).read_bytes())
            if key != self.key or type(total) is not int or type(freq) is not dict:
                return False
        except (OSError, EOFError, ValueError, TypeError):
            return False
        self._jieba.FREQ, self._jieba.total, self._jieba.initialized = freq, total, True
        return True

    def save_taught(self, cache_dir: Path | None) -> None:
        """Save jieba's dictionary as taught this lexicon for the next start (``_load_taught``)."""
        if cache_dir is not None and self.lexicon:
            data = marshal.dumps((self.key, self._jieba.total, self._jieba.FREQ))
            try:
                write_bytes_atomic(cache_dir / TAUGHT_CACHE, data)
            except OSError as exc:
                log.warning("could not save the taught dictionary in %s: %s", cache_dir, exc)

    def _teach(self, words: list[str]) -> None:
        total = self._jieba.total
        for word in words:
            self._jieba.add_word(simplified(word))  # texts are cut in simplified characters
            # Keeping jieba's frequency total fixed means a taught word changes only the cut of texts
            # that contain it, so cached terms of other texts stay valid when the lexicon grows.
            self._jieba.total = total

    def _fresh(self) -> None:
        # Words recur: their search-mode cuts are remembered, the least recently used forgotten first,
        # so words readers keep typing cannot grow the memo without bound.
        self._search_words = functools.lru_cache(maxsize=SEARCH_MEMO_WORDS)(self._cut_for_search)
        self.key = hashlib.sha256((self.code_key + "\n" + "\n".join(self.lexicon)).encode()).hexdigest()

    def taught(self, lexicon: list[str]) -> Tokenizer | None:
        """This tokenizer with the words of ``lexicon`` it lacks taught after its own (a day's new names),
        without loading jieba again (itself when there are none); None when ``lexicon`` lacks one of its words. Its cuts are those of
        ``Tokenizer(lexicon)`` when the new words come after the known ones in ``lexicon``; otherwise
        ``in_order`` is false: a word's taught frequency can depend on the words taught
        before it, so a start over the same lexicon may cut a text holding a new word differently."""
        known = set(self.lexicon)
        if not known <= set(lexicon):
            return None
        new = [w for w in lexicon if w not in known]
        if not new and lexicon == self.lexicon:
            return self
        grown = copy.copy(self)
        grown._jieba = copy.copy(self._jieba)
        grown._jieba.lock = threading.RLock()
        grown._jieba.FREQ = dict(self._jieba.FREQ)
        grown._jieba.user_word_tag_tab = dict(self._jieba.user_word_tag_tab)
        grown._teach(new)
        grown.lexicon = list(lexicon)
        grown.in_order = self.in_order and lexicon == [*self.lexicon, *new]
        grown._fresh()
        return grown

    def words(self, text: str) -> list[str]:
        """The content words of a text, as jieba cuts them (no overlapping sub-words), a function
        character jieba glued to a word it guessed taken off again (``_unglued``)."""
        return [w for cut in self._jieba.cut(normalise(text)) for w in self._unglued(cut) if _is_term(w)]

    def _unglued(self, word: str) -> tuple[str, ...]:
        """A word jieba does not know, guessed with a function character from beside it (南竿会, 化于,
        由沸流, 上以), as the word and that character: the news writes the word without it."""
        if len(word) < 2 or self._jieba.FREQ.get(word) or not CJK.match(word):
            return (word,)
        if word[-1] in GLUED:
            return (word[:-1], word[-1])
        if word[0] in GLUED:
            return (word[0], word[1:])
        return (word,)

    def frequency(self, word: str) -> float:
        """How often the word is met in Chinese text at large, per word read (jieba's dictionary); 0 for a
        word it lacks (a mis-cut such as 建对, or a name the corpus taught it)."""
        return (self._jieba.FREQ.get(word) or 0) / self._jieba.total

    def places(self, text: str) -> list[str]:
        """The words of a text that jieba's dictionary knows as places or organisations (上海, 河南省委)."""
        return [w for w in self._jieba.cut(normalise(text)) if w in self._places]

    def terms(self, text: str) -> list[str]:
        """The terms BM25 counts: content words plus the character bigrams of each run of them."""
        terms: list[str] = []
        run: list[str] = []
        for word in self._jieba.cut(normalise(text)):
            if _is_term(word) and CJK.search(word):
                run.append(word)
                continue
            terms.extend(_run_terms(run, self._search_words))
            run = []
            if _is_term(word):
                terms.append(word)
        terms.extend(_run_terms(run, self._search_words))
        return terms

    def _cut_for_search(self, word: str) -> list[str]:
        """jieba's search-mode words of one word that are terms."""
        return [w for w in self._jieba.cut_for_search(word) if _is_term(w)]


def terms_key(tokenizer: jieba.Tokenizer) -> str:
    """What decides a text's terms besides the lexicon: this module's terms version, jieba's version (and
    the dictionary it ships, which the tokenizer uses) and the stop words."""
    head = [TERMS_VERSION, jieba.__version__, tokenizer.dictionary, sorted(STOP_WORDS)]
    return hashlib.sha256(json.dumps(head, ensure_ascii=False).encode()).hexdigest()


PLACES_VERSION = 1
"""Bump when the places cache's arrays change."""


def _place_names(tokenizer: jieba.Tokenizer, cache_dir: Path | None) -> frozenset[str]:
    """Words jieba's dictionary tags as places (ns) or organisations (nt), cached as a checksummed file
    set keyed by jieba's version and the tags: a damaged, emptied or foreign cache is rebuilt, never
    trusted (an empty list would make 上海市委书记 look like 郑州's), and a cache that cannot be written
    only costs the next start a second."""
    folder = cache_dir / "places" if cache_dir is not None else None
    key = json.dumps([jieba.__version__, sorted(PLACE_TAGS)])
    if folder is not None:
        try:
            words = read_fileset(folder, PLACES_VERSION, key, mmap=False).arrays["words"]
            return frozenset(words.tobytes().decode("utf-8").split("\n"))
        except FileSetError as exc:
            log_rebuild(log, "places cache", folder, exc)
        except (KeyError, UnicodeDecodeError) as exc:
            log.warning("rebuilding the places cache: unreadable words in %s: %r", folder, exc)
    with tokenizer.get_dict_file() as dictionary:
        entries = (line.decode("utf-8").split() for line in dictionary)
        found = frozenset(e[0] for e in entries if len(e) == 3 and e[2] in PLACE_TAGS)
    if folder is not None:
        blob = np.frombuffer("\n".join(sorted(found)).encode("utf-8"), np.uint8)
        try:
            write_fileset(folder, PLACES_VERSION, key, {"words": blob}, {"words": len(found)})
        except OSError as exc:
            log.warning("could not save the places cache in %s: %s", folder, exc)
    return found


def _run_terms(run: list[str], search_words: Callable[[str], list[str]]) -> list[str]:
    """Search-mode words of a run of adjacent content words, and the run's character bigrams."""
    if not run:
        return []
    chars = "".join(run)
    words = [w for word in run for w in search_words(word)]
    seen = set(words)
    return words + [b for b in (chars[i : i + 2] for i in range(len(chars) - 1)) if b not in seen]
