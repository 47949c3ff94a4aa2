"""The key of the keyed hashes that stand for chats and users in the state (never their ids)."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from bot.config import Settings, telegram_token

_PROCESS_KEY = secrets.token_bytes(32)
"""Without a Telegram token (the console, tests) no id reaches the store from outside this process."""


def state_key(settings: Settings) -> bytes:
    """Derived from the bot's token, which every replica has and the state store never holds: the store
    alone does not tell which chat a row is about."""
    token = telegram_token(settings)
    if token is None:
        return _PROCESS_KEY
    return hashlib.sha256(b"newsbot state key\x00" + token.encode()).digest()


def keyed(key: bytes, *parts: object) -> str:
    """A keyed hash of the parts (32 hex digits): stable under one key, meaningless without it."""
    message = "\x1f".join(map(str, parts)).encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()[:32]
