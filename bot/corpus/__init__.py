"""The corpus: articles as pydantic models (``corpus/*.json``), loading them, their paragraph chunks
(``chunks``), and the corpus store that lets a restart skip validating and chunking an unchanged corpus.

May import ``bot.config``, ``bot.text`` and ``bot.storage``; nothing of the stages above it.
"""
