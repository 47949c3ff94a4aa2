"""Text: the Chinese-text rules every stage shares — normalisation, sentence splitting and jieba terms
(``terms``), and the corpus lexicon as jieba is taught it (``lexicon``).

May import ``bot.storage`` (the terms' caches); nothing else of the bot.
"""
