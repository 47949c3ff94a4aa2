"""Ingestion: raw pages as received (``seeds/``) → structured articles.

Owns decoding (encodings, damage), page parsing (headlines, bylines, bodies, furniture), people and
their titles and roles, and the corpus lexicon jieba is taught. May import ``bot.config``,
``bot.corpus`` (the models it produces), ``bot.text`` and ``bot.storage``; nothing of the stages above.
"""
