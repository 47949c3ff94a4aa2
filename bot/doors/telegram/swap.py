"""The engine a running bot answers with, and how a new one is swapped in.

A changed corpus is loaded off the event loop (``Engine.updated``: only a new day's files when that is all
that changed) and swapped in between answers; an answer keeps the engine it began with. A day taken in is
then saved in the background (``Engine.settled``) and the saved engine swapped in, unless another has
replaced it meanwhile. Background work (the corpus watcher, the digest clock, a save) runs as tasks kept
until done, logged if they fail, cancelled at stop.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine
from typing import Any

from bot.engine import Engine

log = logging.getLogger(__name__)


class EngineSwap:
    """The current engine, its reloads and saves, and the bot's background tasks."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.loading = asyncio.Lock()
        """Held while a corpus is read and swapped in."""
        self._saving = asyncio.Lock()
        self._tasks: set[asyncio.Task[None]] = set()
        self.on_changing: Callable[[], None] = lambda: None
        """Called when the corpus starts changing (the digests wait for it to settle)."""
        self.on_swapped: Callable[[], None] = lambda: None
        """Called once a new engine serves."""

    async def reload(self) -> Engine:
        """Load the corpus off the event loop and swap the engine in (never an empty corpus for one with
        news); a day taken in is saved afterwards in the background."""
        async with self.loading:
            self.on_changing()
            engine = await asyncio.to_thread(self.engine.updated)
            if not engine.corpus.articles and self.engine.corpus.articles:  # a folder emptied mid-ingest
                log.warning(
                    "the corpus now holds no article: keeping the %d loaded", len(self.engine.articles)
                )
                return self.engine
            self.engine = engine
        log.info(
            "engine swapped in: %d article(s), newest day %s", len(engine.corpus.articles), engine.newest_day
        )
        self.on_swapped()
        if engine.unsettled:
            self.in_background(self.settle(engine))
        return engine

    async def settle(self, engine: Engine) -> None:
        """Save the days added to ``engine`` (``Engine.settled``) in a thread while it serves, then swap
        in the settled engine unless another has replaced it meanwhile (that one settles itself)."""
        async with self._saving:
            if self.engine is not engine:
                return
            settled = await asyncio.to_thread(engine.settled)
        async with self.loading:
            if self.engine is engine:
                self.engine = settled
                log.info(
                    "engine swapped in with the added day(s) saved: %d article(s)", len(settled.articles)
                )

    def in_background(self, work: Coroutine[Any, Any, object]) -> None:
        """Run ``work`` as a task of its own, kept until done, logged if it fails, cancelled at stop."""

        async def logged() -> None:
            try:
                await work
            except Exception:
                log.exception("background work failed")

        task = asyncio.create_task(logged())
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def cancel_all(self) -> None:
        """Cancel every background task and wait for them to end."""
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
