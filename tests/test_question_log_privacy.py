"""What the state store keeps of readers: every stored byte of SQLite and of a real Redis is read after
questions in a private chat, a group and inline, and a press of 👍: no chat id, user id, username or name
is there (only a subscription keeps a chat id, and none is made here)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
import redis
import yaml
from botapi_server import BotApiServer
from conftest import BotProcess, write_config

from bot.state.question_log_sqlite import SqliteQuestionLog

pytestmark = [pytest.mark.slow, pytest.mark.e2e]

USER, OTHER_USER, GROUP = 7_123_456_789, 7_234_567_891, -1_009_876_543_210
NAMES = {"username": "reader_wangxiaoming", "first_name": "Xiaoming", "last_name": "Wangreader"}
OTHER_NAMES = {"username": "reader_lihua", "first_name": "Huahua", "last_name": "Lireader"}
QUESTION = "郑州市委书记是谁？"


def identifying(*ids: int) -> list[bytes]:
    """Every way an id or a name may be written: decimal text, and the integer as SQLite or a
    serializer stores it (big- and little-endian, 6 and 8 bytes)."""
    found: list[bytes] = []
    for number in ids:
        found.append(str(abs(number)).encode())
        for size in (6, 8):
            for order in ("big", "little"):
                found.append(number.to_bytes(size, order, signed=True))  # type: ignore[arg-type]
    for names in (NAMES, OTHER_NAMES):
        found += [name.encode() for name in names.values()]
    return found


def converse(server: BotApiServer, bot: BotProcess) -> None:
    """Questions in a private chat, a group and inline mode, and a 👍 in each chat."""
    server.profile(USER, **NAMES)
    server.profile(OTHER_USER, **OTHER_NAMES)
    private = server.private(USER)
    server.say(private, QUESTION)
    server.say(private, "这次会议是哪天召开的？")  # a follow-up: the chat's state is stored
    answer = server.wait_sent(USER, 2)[0]
    group = server.group(GROUP, supergroup=True)
    server.say(group, f"@{server.username} {QUESTION}", user_id=OTHER_USER)
    in_group = server.wait_sent(GROUP, 1)[0]
    for chat, sent, user in ((private, answer, USER), (group, in_group, OTHER_USER)):
        data = next(
            b["callback_data"]
            for row in sent.reply_markup["inline_keyboard"]
            for b in row  # type: ignore[index]
            if b["callback_data"].startswith("fb|up")
        )
        query = server.press(chat, sent.message_id, data, user_id=user)
        assert server.wait(lambda q=query: server.answered(q) is not None)  # type: ignore[misc]
    server.inline_results(server.inline(USER, QUESTION))
    time.sleep(1.5)  # the log is written off the event loop
    assert bot.stop() == 0


def assert_nothing_identifying(stored: bytes) -> None:
    for needle in identifying(USER, OTHER_USER, GROUP):
        assert needle not in stored, f"{needle!r} is stored"


def test_sqlite_keeps_no_chat_id_user_id_username_or_name(
    tmp_path: Path, tg_corpus: Path, server: BotApiServer
) -> None:
    bot = BotProcess.start(server, write_config(tmp_path, tg_corpus, {}))
    converse(server, bot)
    files = sorted((tmp_path / "state").glob("state.sqlite3*"))
    stored = b"".join(path.read_bytes() for path in files)
    assert b"\xe9\x83\x91\xe5\xb7\x9e" in stored  # 郑州: the questions themselves are there
    assert_nothing_identifying(stored)
    log = SqliteQuestionLog(tmp_path / "state")
    chats = sorted(e.chat for e in log.entries())
    log.close()
    assert chats == ["group", "inline", "private", "private"]  # group and private told apart


def test_redis_keeps_no_chat_id_user_id_username_or_name(
    tmp_path: Path, tg_corpus: Path, server: BotApiServer, redis_url: str
) -> None:
    config = write_config(tmp_path, tg_corpus, {})
    data = yaml.safe_load(config.read_text(encoding="utf-8"))
    data["state"] = {"backend": "redis", "url": redis_url, "prefix": "privacy"}
    config.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    client = redis.Redis.from_url(redis_url)
    client.flushdb()
    bot = BotProcess.start(server, config)
    converse(server, bot)
    keys = list(client.scan_iter("*"))
    assert any(key.startswith(b"privacy:log:") for key in keys)
    stored = b"".join(key + b"".join(values(client, key)) for key in keys)
    assert "郑州".encode() in stored
    assert_nothing_identifying(stored)


def values(client: redis.Redis, key: bytes) -> list[bytes]:
    """Everything stored under a key, decoded from Redis's types (scores as text)."""
    kind = client.type(key)
    if kind == b"string":
        return [client.get(key) or b""]
    if kind == b"hash":
        return [part for pair in client.hgetall(key).items() for part in pair]
    if kind == b"zset":
        return [
            part
            for m, score in client.zrange(key, 0, -1, withscores=True)
            for part in (m, repr(score).encode())
        ]
    if kind == b"set":
        return list(client.smembers(key))
    if kind == b"list":
        return list(client.lrange(key, 0, -1))
    raise AssertionError(f"unexpected type {kind!r} of {key!r}")
