"""Per-user rate limit kept in this process's memory (the SQLite backend's; Redis counts in Redis)."""

from __future__ import annotations

import time
from collections import deque

from bot.state.store import Verdict

FORGET_USERS_ABOVE = 10_000


class UserRateLimit:
    """At most ``per_minute`` messages per user in any 60 seconds; tells the user once per window."""

    def __init__(self, per_minute: int) -> None:
        self.per_minute = per_minute
        self._seen: dict[int, deque[float]] = {}
        self._told: dict[int, float] = {}

    def check(self, user_id: int, now: float | None = None) -> Verdict:
        """``"ok"``, ``"tell"`` (refuse and say why) or ``"quiet"`` (refuse silently, already told)."""
        now = time.monotonic() if now is None else now
        if len(self._seen) > FORGET_USERS_ABOVE:  # forget users quiet for a minute: memory stays bounded
            self._seen = {u: times for u, times in self._seen.items() if times and times[-1] > now - 60}
            self._told = {u: told for u, told in self._told.items() if told > now - 60}
        seen = self._seen.setdefault(user_id, deque())
        while seen and seen[0] <= now - 60:
            seen.popleft()
        if len(seen) < self.per_minute:
            seen.append(now)
            self._told.pop(user_id, None)
            return "ok"
        if self._told.get(user_id, -1e9) > now - 60:
            return "quiet"
        self._told[user_id] = now
        return "tell"
