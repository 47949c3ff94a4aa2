"""Living through an outage of the state store: one warning when it begins, one line when it ends, and
a retry at most every few seconds meanwhile (each call in between fails at once, so no message waits on
a connection timeout)."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import TypeVar

from bot.state.store import StoreUnavailable

log = logging.getLogger(__name__)

T = TypeVar("T")

RETRY_SECONDS = 2.0
"""While the store is down, how often a call tries it again."""


class Outage:
    """Runs calls to a store that may go down, turning its connection errors into ``StoreUnavailable``
    (or a fallback's answer)."""

    def __init__(self, what: str, errors: tuple[type[BaseException], ...]) -> None:
        self.what = what
        self.errors = errors
        self._lock = threading.Lock()
        self._down_since: float | None = None
        self._next_try = 0.0

    @property
    def down(self) -> bool:
        return self._down_since is not None

    def call(self, work: Callable[[], T], fallback: Callable[[], T] | None = None) -> T:
        """``work()``; while the store is down, ``fallback()`` or ``StoreUnavailable``."""
        if self._down_since is not None and time.monotonic() < self._next_try:
            return self._without(fallback, None)
        try:
            result = work()
        except self.errors as exc:
            self._failed(exc)
            return self._without(fallback, exc)
        if self._down_since is not None:
            with self._lock:
                if self._down_since is not None:
                    seconds = time.monotonic() - self._down_since
                    log.warning("%s is reachable again after %.0f s", self.what, seconds)
                    self._down_since = None
        return result

    def _failed(self, exc: BaseException) -> None:
        with self._lock:
            now = time.monotonic()
            if self._down_since is None:
                log.warning(
                    "%s is unreachable (%s): answering without it, digests wait until it is back",
                    self.what,
                    exc,
                )
                self._down_since = now
            self._next_try = now + RETRY_SECONDS

    def _without(self, fallback: Callable[[], T] | None, exc: BaseException | None) -> T:
        if fallback is not None:
            return fallback()
        raise StoreUnavailable(f"{self.what} is unreachable") from exc
