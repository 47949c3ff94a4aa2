"""The corpus: articles as pydantic models (``corpus/*.json``), loading them, and the corpus store
that lets a restart skip validating and chunking an unchanged corpus, and the watcher's signature
(``watch``) that tells a running bot the corpus changed.

May import ``bot.config`` and, for the store, ``bot.search`` (chunks and file sets); never
``bot.answers``, ``bot.state``, ``bot.engine`` or ``bot.doors``.
"""
