"""The question log in Redis, shared by replicas: keys ``<prefix>:log:…``.

``log:entries`` maps an entry id to its JSON, ``log:at`` orders the ids by time (for retention and
reading from a time on), ``log:up``/``log:down`` count the votes and ``log:voted:<id>:<voter>`` keeps
one vote per reader (expiring with the entry). A day's salt expires on its own. What is read or voted
while Redis is down raises ``StoreUnavailable`` (what is added is the writer's: ``log_writer``).
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

import redis

from bot.state.question_log import SALT_SECONDS, Choice, LogEntry, QuestionLog
from bot.state.store import StoreUnavailable

READ_BATCH = 5_000
"""Entries fetched per round trip when reading the log."""


class RedisQuestionLog(QuestionLog):
    """The log in the same Redis as the rest of the state."""

    def __init__(self, url: str, prefix: str, retention_days: float) -> None:
        self._redis = redis.Redis.from_url(url, socket_timeout=5, socket_connect_timeout=5)
        self.prefix = prefix
        self.vote_seconds = max(int(retention_days * 86_400), 1)

    def _key(self, *parts: str) -> str:
        return ":".join([self.prefix, "log", *parts])

    def add(self, entries: Iterable[LogEntry]) -> None:
        pipe = self._redis.pipeline()
        for entry in entries:
            pipe.hset(self._key("entries"), entry.id, entry.to_json())
            pipe.zadd(self._key("at"), {entry.id: entry.at})
        pipe.execute()

    def vote(self, entry_id: str, voter: str, choice: Choice) -> bool:
        with reachable():
            if not self._redis.set(self._key("voted", entry_id, voter), 1, nx=True, ex=self.vote_seconds):
                return False
            self._redis.hincrby(self._key(choice), entry_id, 1)
        return True

    def entries(self, since: float = 0.0) -> Iterator[LogEntry]:
        with reachable():
            ids: list[bytes] = self._redis.zrangebyscore(self._key("at"), since, "+inf")  # type: ignore[assignment]
            votes = self.votes()
            for start in range(0, len(ids), READ_BATCH):
                batch = ids[start : start + READ_BATCH]
                found: list[bytes | None] = self._redis.hmget(self._key("entries"), batch)  # type: ignore[assignment]
                for raw_id, data in zip(batch, found, strict=True):
                    if data is not None:
                        entry_id = raw_id.decode()
                        yield LogEntry.from_json(entry_id, data, *votes.get(entry_id, (0, 0)))

    def votes(self) -> dict[str, tuple[int, int]]:
        pipe = self._redis.pipeline()
        pipe.hgetall(self._key("up"))
        pipe.hgetall(self._key("down"))
        up, down = pipe.execute()
        return {i.decode(): (int(up.get(i, 0)), int(down.get(i, 0))) for i in set(up) | set(down)}

    def entry(self, entry_id: str) -> LogEntry | None:
        pipe = self._redis.pipeline()
        pipe.hget(self._key("entries"), entry_id)
        pipe.hget(self._key("up"), entry_id)
        pipe.hget(self._key("down"), entry_id)
        with reachable():
            data, up, down = pipe.execute()
        return LogEntry.from_json(entry_id, data, int(up or 0), int(down or 0)) if data else None

    def forget(self, before: float, keep: int) -> int:
        old: list[bytes] = self._redis.zrangebyscore(self._key("at"), "-inf", f"({before}")  # type: ignore[assignment]
        over = int(self._redis.zcard(self._key("at"))) - len(old) - keep  # type: ignore[arg-type]
        if over > 0:
            old += self._redis.zrange(self._key("at"), len(old), len(old) + over - 1)  # type: ignore[arg-type]
        voted = set(self.votes())  # votes outlive no entry (nor one never written)
        kept: list[bytes] = self._redis.hkeys(self._key("entries"))  # type: ignore[assignment]
        old += [i.encode() for i in voted - {k.decode() for k in kept}]
        for start in range(0, len(old), READ_BATCH):
            batch = old[start : start + READ_BATCH]
            pipe = self._redis.pipeline()
            for name in ("entries", "up", "down"):
                pipe.hdel(self._key(name), *batch)
            pipe.zrem(self._key("at"), *batch)
            pipe.execute()
        return len(old)

    def salt(self, day: str) -> bytes:
        key = self._key("salt", day)
        self._redis.set(key, secrets.token_bytes(16), nx=True, ex=SALT_SECONDS)
        return bytes(self._redis.get(key))  # type: ignore[arg-type]

    def close(self) -> None:
        self._redis.close()


@contextmanager
def reachable() -> Iterator[None]:
    """Redis's connection errors as ``StoreUnavailable`` (said in one line, never a traceback)."""
    try:
        yield
    except (redis.ConnectionError, redis.TimeoutError) as exc:
        raise StoreUnavailable(f"the question log in Redis is unreachable: {exc}") from None
