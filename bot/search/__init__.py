"""Search: the question read once (``question``, ``kinds``, ``dates``, ``constraints``), the BM25 index
(scores as rank-bm25 defines them, served from a sparse matrix), its persistence, and retrieval with the
found/not-found decision.

May import ``bot.config``, ``bot.corpus``, ``bot.text`` and ``bot.storage``; never ``bot.answers``,
``bot.state``, ``bot.engine`` or ``bot.doors``.
"""
