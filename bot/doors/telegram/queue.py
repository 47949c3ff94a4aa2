"""One chat's messages answered one at a time, in the order they arrived, without holding a slot of the
application while waiting: a place in the chat's queue is taken at once (no await), and waited for only
after the cheap checks (the rate limit) have passed, so a flooding or slow chat delays only itself."""

from __future__ import annotations

import asyncio
from types import TracebackType


class ChatQueue:
    """The queues of every chat; a chat's entry is dropped when its last place is left."""

    def __init__(self) -> None:
        self._tails: dict[int, asyncio.Event] = {}

    def join(self, chat_id: int) -> Place:
        """A place behind everything of this chat joined so far (taken now, in arrival order)."""
        before = self._tails.get(chat_id)
        mine = asyncio.Event()
        self._tails[chat_id] = mine
        return Place(self._tails, chat_id, before, mine)

    def __len__(self) -> int:
        return len(self._tails)


class Place:
    """A place in one chat's queue: ``async with place`` waits for the places before it; leaving it (at
    the block's end, or by ``leave`` when the message is refused before waiting) lets the next one on."""

    def __init__(
        self, tails: dict[int, asyncio.Event], chat_id: int, before: asyncio.Event | None, mine: asyncio.Event
    ) -> None:
        self._tails, self._chat_id, self._before, self._mine = tails, chat_id, before, mine

    def leave(self) -> None:
        self._mine.set()
        if self._tails.get(self._chat_id) is self._mine:
            del self._tails[self._chat_id]

    async def __aenter__(self) -> Place:
        try:
            if self._before is not None:
                await self._before.wait()
        except BaseException:
            self.leave()
            raise
        return self

    async def __aexit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.leave()
