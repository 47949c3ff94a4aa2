"""Search: text normalisation and jieba terms, paragraph chunks, the BM25 index (scores as rank-bm25
defines them, served from a sparse matrix), its persistence, and retrieval with the found/not-found
decision.

May import ``bot.config`` and ``bot.corpus``; never ``bot.answers``, ``bot.state``, ``bot.engine``
or ``bot.doors``.
"""
