"""The corpus's own vocabulary as jieba is taught it: ``corpus/lexicon.txt``, one word a line (written at
ingest time by ``bot.ingestion.lexicon``), read here by whoever tokenises the corpus.
"""

from __future__ import annotations

import re
from pathlib import Path

LEXICON_FILE = "lexicon.txt"
WORD = re.compile(r"^[\u4e00-\u9fff0-9A-Za-z·]{2,16}$")
"""What a lexicon word may be: 2 to 16 Chinese characters, digits, Latin letters or ·."""


def read_lexicon(corpus_dir: Path) -> list[str]:
    """The lexicon of a corpus folder, or nothing when the corpus has none."""
    path = corpus_dir / LEXICON_FILE
    if not path.exists():
        return []
    return [w for w in path.read_text(encoding="utf-8").split() if WORD.match(w)]
