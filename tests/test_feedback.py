"""Readers' 👍/👎 under answers and the question log, against the real bot and tests/botapi_server.py:
a press, a second press, a forged press, the rate limit, /stats, and what the log keeps."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from botapi_server import BotApiServer, Sent
from conftest import TG_ADMIN, BotProcess, write_config

from bot.state.question_log import LogEntry
from bot.state.question_log_sqlite import SqliteQuestionLog

pytestmark = [pytest.mark.slow, pytest.mark.e2e]

READER, OTHER_READER, STRANGER = 6101, 6102, 6199
ANSWERED = "郑州市委书记是谁？"
THANKS = "谢谢，已记下"
RATE_LIMITED = "您发送得太快了，请稍等一分钟再问。"


@pytest.fixture
def bot(tmp_path: Path, tg_corpus: Path, server: BotApiServer) -> Iterator[BotProcess]:
    """A polling bot for two readers and the admin, 5 updates per user per minute."""
    keys = {"allowed_chats": [READER, OTHER_READER, TG_ADMIN], "rate_limit_per_minute": 5}
    bot = BotProcess.start(server, write_config(tmp_path, tg_corpus, keys))
    yield bot
    bot.stop()


def feedback_buttons(sent: Sent | dict[str, Any]) -> list[dict[str, str]]:
    markup = sent.reply_markup if isinstance(sent, Sent) else sent.get("reply_markup")
    rows = (markup or {}).get("inline_keyboard", [])
    return [b for row in rows for b in row if b.get("callback_data", "").startswith("fb|")]


def logged(folder: Path, count: int) -> list[LogEntry]:
    """The bot's question log once it holds ``count`` entries (it is written off the event loop)."""
    deadline = time.monotonic() + 15
    while True:
        log = SqliteQuestionLog(folder / "state")
        entries = list(log.entries())
        log.close()
        if len(entries) >= count or time.monotonic() > deadline:
            return entries
        time.sleep(0.1)


def test_a_press_counts_once_is_thanked_and_replaces_the_buttons_by_the_choice(
    bot: BotProcess, server: BotApiServer
) -> None:
    answer = server.ask(READER, ANSWERED)[0]
    up, down = feedback_buttons(answer)
    assert (up["text"], down["text"]) == ("👍", "👎")
    first = server.press(server.private(READER), answer.message_id, down["callback_data"])
    assert server.wait(lambda: server.answered(first) is not None)
    assert server.answered(first) == {"text": THANKS}
    assert server.wait(lambda: bool(server.state.markup_edits))
    shown = server.message(READER, answer.message_id)
    assert [b["text"] for b in feedback_buttons(shown)] == ["👎"]  # the choice, in place of the two
    # The source button stays.
    assert any(
        b["callback_data"].startswith("src|") for row in shown["reply_markup"]["inline_keyboard"] for b in row
    )
    second = server.press(server.private(READER), answer.message_id, down["callback_data"])
    assert server.wait(lambda: server.answered(second) is not None)
    assert server.answered(second) == {"text": THANKS}
    (entry,) = logged(bot.config.parent, 1)
    time.sleep(0.5)
    log = SqliteQuestionLog(bot.config.parent / "state")
    assert log.votes() == {entry.id: (0, 1)}  # counted once
    log.close()
    assert entry.question == ANSWERED and entry.found and entry.chat == "private"
    assert entry.articles and entry.first_line == answer.text.split("\n")[0]


def test_no_buttons_under_a_digest_or_a_reply_that_found_nothing(
    bot: BotProcess, server: BotApiServer
) -> None:
    assert feedback_buttons(server.ask(READER, "/summary")[0]) == []
    assert feedback_buttons(server.ask(READER, "火星上今年下了几场雪？")[0]) == []
    entries = logged(bot.config.parent, 2)
    assert [(e.kind, e.found) for e in entries] == [("/summary", True), ("number", False)]


def test_a_press_forged_in_another_chat_or_by_a_stranger_counts_nothing(
    bot: BotProcess, server: BotApiServer
) -> None:
    answer = server.ask(READER, ANSWERED)[0]
    data = feedback_buttons(answer)[0]["callback_data"]
    other = server.private(OTHER_READER)
    forged = server.earlier_bot_message(other, "一条旧回答", [data])
    query = server.press(other, forged["message_id"], data)
    assert server.wait(lambda: server.answered(query) is not None)
    assert server.answered(query) == {"text": "这条回答已不在记录中。"}
    stranger = server.private(STRANGER)
    message = server.earlier_bot_message(stranger, "一条旧回答", [data])
    ignored = server.press(stranger, message["message_id"], data)
    assert server.wait(lambda: server.pending_updates() == 0)
    assert server.wait(lambda: f"from chat {STRANGER} ignored" in bot.log())
    time.sleep(1)
    assert server.answered(ignored) is None and server.sent(STRANGER) == []
    log = SqliteQuestionLog(bot.config.parent / "state")
    assert log.votes() == {}
    log.close()


def test_presses_fall_under_the_rate_limit(bot: BotProcess, server: BotApiServer) -> None:
    answer = server.ask(READER, ANSWERED)[0]  # 1 of the 5 a minute
    data = feedback_buttons(answer)[1]["callback_data"]
    queries = [server.press(server.private(READER), answer.message_id, data)]
    assert server.wait(lambda: server.answered(queries[0]) is not None)
    for _ in range(6):  # the button showing the choice carries the same data
        queries.append(server.press(server.private(READER), answer.message_id, data))
    assert server.wait(lambda: server.pending_updates() == 0)
    time.sleep(1.5)
    answers = [server.answered(q) for q in queries]
    assert [a["text"] if a else None for a in answers] == [THANKS] * 4 + [RATE_LIMITED, None, None]


def test_stats_for_admins_only(bot: BotProcess, server: BotApiServer) -> None:
    server.ask(READER, ANSWERED)[0]
    for _ in range(2):
        server.ask(READER, "火星上今年下了几场雪？")[0]
    assert server.ask(READER, "/stats")[0].text == "只有管理员可以使用 /stats。"
    logged(bot.config.parent, 3)
    stats = server.ask(TG_ADMIN, "/stats")[0].text
    assert "今天：3 个问题，答出 33%" in stats
    assert "1. 火星上今年下了几场雪？（2）" in stats


def test_the_console_logs_questions_and_takes_wrong_after_an_answer(tmp_path: Path, tg_corpus: Path) -> None:
    config = write_config(tmp_path, tg_corpus, {})
    lines = ["/wrong", ANSWERED, "/wrong", "/wrong", "火星上今年下了几场雪？"]
    result = subprocess.run(
        [sys.executable, "-m", "bot", "chat", "--config", str(config)],
        input="\n".join(lines) + "\n",
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.count(THANKS) == 2 and "现在还没有可以标记的回答" in result.stdout
    log = SqliteQuestionLog(tmp_path / "state")
    entries = list(log.entries())
    log.close()
    assert [(e.question, e.chat, e.found, e.down) for e in entries] == [
        (ANSWERED, "console", True, 1),
        ("火星上今年下了几场雪？", "console", False, 0),
    ]
