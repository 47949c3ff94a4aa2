"""Saving the days taken in as segments (``Engine.updated``) as a start would find them: the corpus store
of the whole grown corpus, and the index in one segment. Meant to run in a process of its own
(``storage.apart``) while the serving process answers from the segments."""

from __future__ import annotations

import logging
from pathlib import Path

from bot.corpus.grown import GrownCorpus
from bot.search.index import BM25Index
from bot.search.index_store import fingerprint
from bot.search.retrieval import Retriever
from bot.storage.fileset import FileSetError
from bot.text.terms import Tokenizer

log = logging.getLogger(__name__)


def save_grown(
    corpus: GrownCorpus,
    retriever: Retriever,
    tokenizer: Tokenizer,
    corpus_dir: Path,
    cache_dir: Path,
    taught: bool,
) -> bool:
    """Write the store of ``corpus`` and its index: ``retriever``'s segments merged (the full build's index
    when every segment was cut by one tokenizer), or, when the lexicon gained words (``taught``), built
    from the token cache with ``tokenizer`` (a text naming a new word is cut again, as a start cuts it).
    Whether it worked (a failure is logged)."""
    config = retriever.config
    try:
        if taught and tokenizer.in_order:
            tokenizer.save_taught(cache_dir)
        corpus.save(
            corpus_dir, config, cache_dir
        )  # first: a store without its index costs a build, not a rebuild of the store
        if taught:  # built from the token cache and saved, as a start would
            Retriever(corpus.articles, tokenizer, config, cache_dir, corpus.chunks, corpus.docs_digest)
        else:
            key = fingerprint(corpus.docs_digest, tokenizer, config)
            retriever.index.merged().save(cache_dir / "index", key)
    except (OSError, FileSetError) as exc:
        log.warning("could not save the added day(s) in %s: %s", cache_dir, exc)
        return False
    return True


def read_grown(
    corpus: GrownCorpus, retriever: Retriever, tokenizer: Tokenizer, cache_dir: Path
) -> Retriever | None:
    """``retriever`` over the index ``save_grown`` wrote for ``corpus`` and ``tokenizer`` (memory-mapped,
    in one segment), its chunks' days worked out; None when it cannot be read (logged)."""
    key = fingerprint(corpus.docs_digest, tokenizer, retriever.config)
    try:
        index = BM25Index.load(cache_dir / "index", key, retriever.config)
    except FileSetError as exc:
        log.warning("could not read back the index saved in %s: %s", cache_dir, exc)
        return None
    saved = retriever.with_index(index, tokenizer)
    saved.warm()
    return saved
