"""The question log's backends (SQLite, a real Redis): entries, votes once per reader, retention, the
size bound, day salts, masking, and the grouping of unanswered questions asked in other words."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.config import Settings
from bot.engine import Engine
from bot.state.log_summary import by_day, unanswered
from bot.state.log_writer import LogWriter
from bot.state.open import open_question_log
from bot.state.question_log import LogEntry, QuestionLog, mask, new_entry_id

ZONE = ZoneInfo("Asia/Shanghai")
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def opener(
    backend_settings: Settings, closing: Callable[[QuestionLog], QuestionLog]
) -> Callable[[], QuestionLog]:
    """Opens the question log of one backend; every log opened in one test shares the same data."""

    def open_one() -> QuestionLog:
        log = open_question_log(backend_settings)
        assert log is not None
        return closing(log)

    return open_one


def entry(question: str, at: float, found: bool = False, **fields: object) -> LogEntry:
    return LogEntry(id=new_entry_id(), at=at, question=question, kind="content", found=found, **fields)  # type: ignore[arg-type]


def test_entries_are_kept_in_time_order_and_seen_by_a_second_store(opener: Callable[[], QuestionLog]) -> None:
    now = time.time()
    first = [entry("二", now - 10, True, articles=["a-1"]), entry("一", now - 20)]
    opener().add(first)
    assert [e.question for e in opener().entries()] == ["一", "二"]
    assert [e.question for e in opener().entries(since=now - 15)] == ["二"]
    assert opener().entry(first[0].id) == first[0]


def test_a_vote_counts_once_per_reader(opener: Callable[[], QuestionLog]) -> None:
    log = opener()
    one = entry("问题", time.time(), True)
    log.add([one])
    assert log.vote(one.id, "reader-a", "down") is True
    assert log.vote(one.id, "reader-a", "down") is False
    assert log.vote(one.id, "reader-a", "up") is False
    assert log.vote(one.id, "reader-b", "up") is True
    assert opener().votes() == {one.id: (1, 1)}
    got = opener().entry(one.id)
    assert got is not None and (got.up, got.down) == (1, 1)


def test_retention_and_the_size_bound_delete_the_oldest_with_their_votes(
    opener: Callable[[], QuestionLog],
) -> None:
    log = opener()
    now = time.time()
    old = entry("九十多天前", now - 91 * 86_400)
    kept = [entry(f"问题{i}", now - 100 + i) for i in range(5)]
    log.add([old, *kept])
    log.vote(old.id, "r", "down")
    log.vote(kept[0].id, "r", "up")
    assert log.forget(before=now - 90 * 86_400, keep=4) == 2
    assert [e.question for e in opener().entries()] == ["问题1", "问题2", "问题3", "问题4"]
    assert opener().votes() == {}


def test_a_day_salt_is_shared_and_differs_by_day(opener: Callable[[], QuestionLog]) -> None:
    salt = opener().salt("2026-01-02")
    assert len(salt) == 16 and opener().salt("2026-01-02") == salt
    assert opener().salt("2026-01-03") != salt


def test_the_writer_hashes_the_chat_per_day_and_writes_in_order(opener: Callable[[], QuestionLog]) -> None:
    log = opener()
    writer = LogWriter(log, ZONE, retention_days=90, max_entries=1000)
    now = time.time()
    for i, chat in enumerate((-1001234567891, -1001234567891, 987654321)):
        writer.put(entry(f"问{i}", now + i), chat)
    writer.close()
    readers = [e.reader for e in opener().entries()]
    assert readers[0] == readers[1] != readers[2] and all(len(r) == 16 for r in readers)
    assert "1234567891" not in readers[0] and "987654321" not in readers[2]
    (day,) = by_day(opener().entries(), ZONE)
    assert (day.questions, day.readers) == (3, 2)


def test_phone_id_card_and_email_are_masked() -> None:
    text = "我的手机13812345678、+86 139 1234 5678，座机0371-65551234，身份证410105199003071234，邮箱wang.li@example.com"
    masked = mask(text)
    assert masked == "我的手机[电话]、[电话]，座机[电话]，身份证[身份证号]，邮箱[邮箱]"
    assert mask("2023年GDP增长5.2%，投资1200亿元") == "2023年GDP增长5.2%，投资1200亿元"


def test_paraphrases_of_an_unanswered_question_are_one_group(engine: Engine) -> None:
    asked = [
        "火星基地什么时候建成？",
        "火星基地何时建成",
        "火星基地什么时候能建成呢？",
        "什么时候建成火星基地？",
        "月球上有几家超市？",
        "月球上有几家超市",
    ]
    now = time.time()
    entries = []
    for i, question in enumerate(asked):
        reply = engine.reply(question)
        facts = engine.asked(question, reply)
        assert facts is not None and not reply.found
        entries.append(entry(question, now + i, topic=facts.topic, norm=facts.norm))
    groups = unanswered(entries)
    assert [(g.count, g.question) for g in groups][:2] == [
        (4, "火星基地什么时候建成？"),
        (2, "月球上有几家超市？"),
    ]
    assert len(groups) == 2
