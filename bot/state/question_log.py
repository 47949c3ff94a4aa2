"""The question log: what readers asked and how it went, for the newsroom — never who asked.

An entry holds the time, the day of news asked about, the question (phone numbers, ID card numbers and
e-mail addresses masked), its kind, whether it was answered, the cited article ids, the reply's first
line and the 👍/👎 counts. No chat id, user id, username or name: a reader is counted by a hash of the
chat under a salt of the day, and the salt is deleted once the day is over, so not even the operator can
tell whose question it was or link one reader's days. Entries older than ``log.retention_days`` are
deleted; the number kept is bounded by ``log.max_entries``.
"""

from __future__ import annotations

import json
import re
import secrets
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from typing import Literal

Chat = Literal["private", "group", "inline", "console"]
Choice = Literal["up", "down"]

TEXT_CHARS = 300
"""The longest question or first line kept (longer ones are cut)."""

SALT_SECONDS = 2 * 86_400
"""How long a day's salt lives: past its day (and the next, for clocks that disagree), it is deleted."""

MASKS = (
    # e-mail first: its digits are no phone number
    (re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"), "[邮箱]"),
    # Chinese resident ID: 17 digits and a check digit or X
    (
        re.compile(r"(?<!\d)\d{6}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx](?!\d)"),
        "[身份证号]",
    ),
    # mobile numbers (1 3-9 …, 11 digits, optionally +86 and separators) and landlines (0XX-XXXXXXXX)
    (re.compile(r"(?<!\d)(?:\+?86[ -]?)?1[3-9]\d(?:[ -]?\d{4}){2}(?!\d)"), "[电话]"),
    (re.compile(r"(?<!\d)0\d{2,3}-?\d{7,8}(?!\d)"), "[电话]"),
)


def mask(text: str) -> str:
    """The text with what looks like personal data (e-mail, ID card number, phone number) masked."""
    for pattern, label in MASKS:
        text = pattern.sub(label, text)
    return text


@dataclass(slots=True)
class LogEntry:
    """One question and how it went; ``up``/``down`` count the readers' 👍 and 👎."""

    id: str
    at: float
    question: str
    kind: str
    found: bool
    day: str = ""
    """The day of news asked about (ISO date), "" when the news had none."""
    articles: list[str] = field(default_factory=list)
    first_line: str = ""
    chat: Chat = "private"
    reader: str = ""
    """The chat hashed under the day's salt: counts distinct readers of a day, identifies nobody."""
    topic: str = ""
    """The question's content words, sorted: paraphrases share it."""
    norm: str = ""
    """The question normalised (simplified, no punctuation): the same question written alike."""
    up: int = 0
    down: int = 0

    def to_json(self) -> str:
        data = asdict(self)
        del data["id"], data["up"], data["down"]
        return json.dumps(data, ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_json(cls, entry_id: str, text: str | bytes, up: int = 0, down: int = 0) -> LogEntry:
        data = json.loads(text)
        known = cls.__dataclass_fields__
        return cls(id=entry_id, up=up, down=down, **{k: v for k, v in data.items() if k in known})


def new_entry_id() -> str:
    return secrets.token_hex(8)


class QuestionLog(ABC):
    """The log's storage; every method is synchronous (the door writes from a thread of its own)."""

    @abstractmethod
    def add(self, entries: Iterable[LogEntry]) -> None:
        """Store new entries."""

    @abstractmethod
    def vote(self, entry_id: str, voter: str, choice: Choice) -> bool:
        """Count one reader's 👍 or 👎 on an entry, once per ``voter``; whether it was counted."""

    @abstractmethod
    def entries(self, since: float = 0.0) -> Iterator[LogEntry]:
        """Entries from ``since`` (a time), oldest first, with their counts."""

    @abstractmethod
    def votes(self) -> dict[str, tuple[int, int]]:
        """The (up, down) counts of every entry voted on."""

    @abstractmethod
    def entry(self, entry_id: str) -> LogEntry | None:
        """One entry, if still kept."""

    @abstractmethod
    def forget(self, before: float, keep: int) -> int:
        """Delete the entries older than ``before`` and the oldest beyond ``keep``; how many went."""

    @abstractmethod
    def salt(self, day: str) -> bytes:
        """The day's random salt, the same for every process sharing the store; deleted after the day."""

    @abstractmethod
    def close(self) -> None:
        """Release connections and files."""
