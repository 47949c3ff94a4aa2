"""Storage: files on disk, shared by every stage that writes or watches them — atomic writes
(``atomic``), file sets switched in one rename (``fileset``), progress of long writes (``progress``),
the digest of the code a cache depends on (``code_digest``)
and the corpus folder's change signature (``watch``).

Imports nothing else of the bot.
"""
