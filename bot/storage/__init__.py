"""Storage: files on disk, shared by every stage that writes or watches them — atomic writes
(``atomic``), file sets switched in one rename (``fileset``), progress of long writes (``progress``),
the digest of the code a cache depends on (``code_digest``),
the corpus folder's change signature (``watch``) and saves run in a process of their own (``apart``).

Imports nothing else of the bot.
"""
