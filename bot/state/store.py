"""The storage interface: what the bot remembers between messages, whichever backend holds it."""

from __future__ import annotations

import dataclasses
import json
from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import Literal

from bot.state.chat import ChatState

Verdict = Literal["ok", "tell", "quiet"]
"""A rate-limit decision: answer, refuse and say why, or refuse silently (the user was already told)."""


class StoreUnavailable(Exception):
    """The state store cannot be reached now (Redis down): what needs it waits, answers go on."""


CLAIM_SECONDS = 40 * 86_400
"""How long a claim (one digest of one day to one chat) is remembered."""


@dataclass(frozen=True)
class Subscription:
    """A chat that gets the newest day's digest: daily at a local time ``at`` ("07:30"), or (None) when a
    new day arrives."""

    chat_id: int
    at: str | None = None

    def to_json(self) -> str:
        return json.dumps(dataclasses.asdict(self))

    @classmethod
    def from_json(cls, text: str) -> Subscription:
        data = json.loads(text)
        return cls(int(data["chat_id"]), data.get("at"))


def chat_state_json(state: ChatState) -> str:
    return json.dumps(dataclasses.asdict(state), ensure_ascii=False)


def chat_state_from_json(text: str | bytes | None) -> ChatState:
    """The stored state, or a fresh one; fields a newer or older version does not know are ignored."""
    if not text:
        return ChatState()
    data = json.loads(text)
    known = {f.name for f in dataclasses.fields(ChatState)}
    return ChatState(**{k: v for k, v in data.items() if k in known})


class StateStore(ABC):
    """Chat follow-up state, per-user rate limits, subscriptions and one-time claims.

    Every method is synchronous and short; the Telegram door calls them off the event loop.
    """

    shared: bool = False
    """Whether other processes see the same state (rate limits are then counted across them)."""

    @abstractmethod
    def chat(self, chat_id: int) -> ChatState:
        """The chat's follow-up state (a fresh one for a chat not seen, or forgotten)."""

    @abstractmethod
    def save_chat(self, chat_id: int, state: ChatState) -> None:
        """Remember the chat's state after a reply."""

    @abstractmethod
    def rate(self, user_id: int, per_minute: int) -> Verdict:
        """Count one message of the user; whether it may be answered within ``per_minute``."""

    @abstractmethod
    def subscribe(self, subscription: Subscription) -> None:
        """Add or replace the chat's subscription."""

    @abstractmethod
    def unsubscribe(self, chat_id: int) -> bool:
        """Remove the chat's subscription; whether there was one."""

    @abstractmethod
    def subscription(self, chat_id: int) -> Subscription | None:
        """The chat's subscription, if any."""

    @abstractmethod
    def subscriptions(self) -> list[Subscription]:
        """Every subscription, by chat id."""

    @abstractmethod
    def claim(self, key: str, seconds: float = CLAIM_SECONDS) -> bool:
        """Take ``key`` for ``seconds``: True for exactly one caller across every process sharing the store."""

    @abstractmethod
    def close(self) -> None:
        """Release connections and files."""
