"""Live updates: the running bot watches the corpus folder and swaps in a new engine when it changes.

The folder's signature (file names, sizes and times; no file is read) is taken every
``telegram.corpus_poll_seconds``. A change is acted on once the signature has held still for one more
look, so a writer that is not atomic is not caught half-way. Loading happens off the event loop;
questions keep being answered from the old engine until the new one is ready.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from pathlib import Path

from bot.storage.watch import Signature, corpus_signature

log = logging.getLogger(__name__)


class CorpusWatcher:
    """Calls ``reload`` whenever the corpus at ``corpus_dir`` has changed and settled."""

    def __init__(
        self,
        corpus_dir: Path,
        every: float,
        reload: Callable[[], Awaitable[object]],
        seen: Signature,
        noticed: Callable[[], None] = lambda: None,
    ) -> None:
        """``noticed`` is called at every change seen, before it has settled and loaded."""
        self.corpus_dir = corpus_dir
        self.every = every
        self.reload = reload
        self.seen = seen
        self.noticed = noticed

    async def run(self) -> None:
        """Watch until cancelled."""
        pending: Signature | None = None
        while True:
            await asyncio.sleep(self.every)
            now = await asyncio.to_thread(corpus_signature, self.corpus_dir)
            if not now or now == self.seen:
                pending = None
                continue
            if now != pending:  # changed: look once more before loading, in case a writer is mid-way
                pending = now
                self.noticed()
                continue
            log.info("the corpus changed; loading it")
            self.seen, pending = now, None
            try:
                await self.reload()
            except Exception:
                log.exception("loading the changed corpus failed; keeping the current engine")
