"""The shared backend for replicas: every process reads and writes the same Redis (``state.url``).

Keys start with ``state.prefix`` and the bot's id (``newsbot:7000001:``), so two bots sharing one Redis
never see each other's state; keys written before state was kept per bot (``newsbot:subscriptions``)
are taken over by the first bot that starts. A chat or user appears in them only as a keyed hash
(``keys.keyed``). Chat states expire after ``state.chat_days``; rate limits count per user per minute (a
fixed window, so a burst across a minute's edge may get up to twice the limit).

While Redis is down (``bot.state.outage``): a chat's state is a fresh one and is not saved, rate limits
are counted in this process, and subscriptions and claims raise ``StoreUnavailable``.
"""

from __future__ import annotations

import logging
import threading
import time

import redis

from bot.config import ConfigError
from bot.state.chat import ChatState
from bot.state.keys import keyed
from bot.state.outage import Outage
from bot.state.ratelimit import UserRateLimit
from bot.state.store import (
    CLAIM_SECONDS,
    StateStore,
    StoreUnavailable,
    Subscription,
    Verdict,
    chat_state_from_json,
    chat_state_json,
)

log = logging.getLogger(__name__)

LEGACY_KINDS = ("subscriptions", "claim:*", "chat:*")
"""Keys of a store from before state was kept per bot, taken over by the first bot to start."""


class RedisStore(StateStore):
    """State in Redis, shared by every replica of one bot."""

    shared = True

    def __init__(self, url: str, prefix: str, chat_days: float, key: bytes, bot_id: int) -> None:
        try:
            self._redis = redis.Redis.from_url(
                url, socket_timeout=5, socket_connect_timeout=5, decode_responses=True
            )
        except ValueError as exc:
            raise ConfigError(f"state.url: {exc}") from None
        self.outage = Outage(f"Redis at {url.split('@')[-1]}", (redis.ConnectionError, redis.TimeoutError))
        try:  # start-up waits for Redis (the caller retries): unreachable is not a configuration error
            self._redis.ping()
        except redis.AuthenticationError as exc:
            raise ConfigError(f"state.url: Redis refused the credentials: {exc}") from None
        except redis.RedisError as exc:
            raise StoreUnavailable(f"cannot reach Redis at state.url: {exc}") from None
        self.prefix = f"{prefix}:{bot_id}"
        self.key = key
        self.chat_seconds = max(int(chat_days * 86_400), 1)
        self._local: dict[int, UserRateLimit] = {}
        self._local_lock = threading.Lock()  # the fallback is called from several threads at once
        self._take_over(prefix)

    def _take_over(self, old: str) -> None:
        """Move a store written before state was kept per bot under this bot's prefix, once."""
        if not self._redis.set(f"{old}:migrated", self.prefix, nx=True):
            return
        moved = 0
        for kind in LEGACY_KINDS:
            for key in self._redis.scan_iter(match=f"{old}:{kind}", count=1000):
                self._redis.renamenx(key, f"{self.prefix}:{key[len(old) + 1 :]}")
                moved += 1
        if moved:
            log.warning(
                "state: %d key(s) of %s (from before state was kept per bot) are now this bot's", moved, old
            )

    def _key(self, *parts: object) -> str:
        return ":".join([self.prefix, *map(str, parts)])

    def chat(self, chat_id: int) -> ChatState:
        key = self._key("chat", keyed(self.key, "chat", chat_id))
        return chat_state_from_json(self.outage.call(lambda: self._redis.get(key), lambda: None))  # type: ignore[arg-type]

    def save_chat(self, chat_id: int, state: ChatState) -> None:
        key, value = self._key("chat", keyed(self.key, "chat", chat_id)), chat_state_json(state)
        self.outage.call(lambda: self._redis.set(key, value, ex=self.chat_seconds), lambda: None)

    def rate(self, user_id: int, per_minute: int) -> Verdict:
        def local() -> Verdict:  # Redis down: counted in this process until it is back
            with self._local_lock:
                return self._local.setdefault(per_minute, UserRateLimit(per_minute)).check(user_id)

        return self.outage.call(lambda: self._rate(user_id, per_minute), local)

    def _rate(self, user_id: int, per_minute: int) -> Verdict:
        minute = int(time.time() // 60)
        user = keyed(self.key, "user", user_id)
        key = self._key("rate", user, minute)
        pipe = self._redis.pipeline()
        pipe.incr(key)
        pipe.expire(key, 120)
        count = int(pipe.execute()[0])
        if count <= per_minute:
            return "ok"
        told = self._redis.set(self._key("told", user, minute), 1, nx=True, ex=120)
        return "tell" if told else "quiet"

    def subscribe(self, subscription: Subscription) -> None:
        key, field, value = self._key("subscriptions"), str(subscription.chat_id), subscription.to_json()
        self.outage.call(lambda: self._redis.hset(key, field, value))

    def unsubscribe(self, chat_id: int) -> bool:
        return bool(self.outage.call(lambda: self._redis.hdel(self._key("subscriptions"), str(chat_id))))

    def subscription(self, chat_id: int) -> Subscription | None:
        data = self.outage.call(lambda: self._redis.hget(self._key("subscriptions"), str(chat_id)))
        return Subscription.from_json(data) if data else None  # type: ignore[arg-type]

    def subscriptions(self) -> list[Subscription]:
        found: dict[str, str] = self.outage.call(lambda: self._redis.hgetall(self._key("subscriptions")))  # type: ignore[arg-type, return-value]
        return sorted((Subscription.from_json(v) for v in found.values()), key=lambda s: s.chat_id)

    def claim(self, key: str, seconds: float = CLAIM_SECONDS) -> bool:
        name, ttl = self._key("claim", key), max(int(seconds), 1)
        return bool(self.outage.call(lambda: self._redis.set(name, 1, nx=True, ex=ttl)))

    def close(self) -> None:
        self._redis.close()
