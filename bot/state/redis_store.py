"""The shared backend for replicas: every process reads and writes the same Redis (``state.url``).

Keys start with ``state.prefix``; a chat or user appears in them only as a keyed hash (``keys.keyed``). Chat states expire after ``state.chat_days``; rate limits count per
user per minute (a fixed window, so a burst across a minute's edge may get up to twice the limit).
"""

from __future__ import annotations

import time

import redis

from bot.config import ConfigError
from bot.state.chat import ChatState
from bot.state.keys import keyed
from bot.state.store import (
    CLAIM_SECONDS,
    StateStore,
    Subscription,
    Verdict,
    chat_state_from_json,
    chat_state_json,
)


class RedisStore(StateStore):
    """State in Redis, shared by every replica."""

    shared = True

    def __init__(self, url: str, prefix: str, chat_days: float, key: bytes) -> None:
        self._redis = redis.Redis.from_url(
            url, socket_timeout=5, socket_connect_timeout=5, decode_responses=True
        )
        try:  # a wrong URL stops the start with a clear error, not the first message
            self._redis.ping()
        except redis.RedisError as exc:
            raise ConfigError(f"state.url: cannot reach Redis: {exc}") from exc
        self.prefix = prefix
        self.key = key
        self.chat_seconds = max(int(chat_days * 86_400), 1)

    def _key(self, *parts: object) -> str:
        return ":".join([self.prefix, *map(str, parts)])

    def chat(self, chat_id: int) -> ChatState:
        return chat_state_from_json(self._redis.get(self._key("chat", keyed(self.key, "chat", chat_id))))  # type: ignore[arg-type]

    def save_chat(self, chat_id: int, state: ChatState) -> None:
        self._redis.set(
            self._key("chat", keyed(self.key, "chat", chat_id)), chat_state_json(state), ex=self.chat_seconds
        )

    def rate(self, user_id: int, per_minute: int) -> Verdict:
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
        self._redis.hset(self._key("subscriptions"), str(subscription.chat_id), subscription.to_json())

    def unsubscribe(self, chat_id: int) -> bool:
        return bool(self._redis.hdel(self._key("subscriptions"), str(chat_id)))

    def subscription(self, chat_id: int) -> Subscription | None:
        data = self._redis.hget(self._key("subscriptions"), str(chat_id))
        return Subscription.from_json(data) if data else None  # type: ignore[arg-type]

    def subscriptions(self) -> list[Subscription]:
        found: dict[str, str] = self._redis.hgetall(self._key("subscriptions"))  # type: ignore[assignment]
        return sorted((Subscription.from_json(v) for v in found.values()), key=lambda s: s.chat_id)

    def claim(self, key: str, seconds: float = CLAIM_SECONDS) -> bool:
        return bool(self._redis.set(self._key("claim", key), 1, nx=True, ex=max(int(seconds), 1)))

    def close(self) -> None:
        self._redis.close()
