"""Hostile input and operator mistakes at the Telegram door (issue 13), each against the real bot process:
forged webhook posts, callbacks from outside the allow-list, button bursts, start-up failures, and SIGTERM
with a group backlog."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from botapi_server import BotApiServer
from conftest import TG_TOKEN, BotProcess, free_port, post_update, write_config

pytestmark = [pytest.mark.slow, pytest.mark.e2e]

BOT = "newsbot_test_bot"
ALLOWED, OTHER_READER, STRANGER = 5101, 5102, 5199
RATE_LIMITED = "您发送得太快了，请稍等一分钟再问。"


def run_bot(config: Path, env: dict[str, str], timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """`newsbot run` to its end; the token and any given variables in a clean environment."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith("TELEGRAM_")}
    return subprocess.run(
        [sys.executable, "-m", "bot", "run", "--config", str(config)],
        env={**clean, "TELEGRAM_BOT_TOKEN": TG_TOKEN, **env},
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def source_data(corpus: Path) -> str:
    """Callback data of a source button for a paragraph that exists."""
    article = json.loads(next(iter(sorted(corpus.glob("*.json")))).read_text(encoding="utf-8"))
    return f"src|{article['id']}|0"


# --- the webhook ---------------------------------------------------------------------------------------


def webhook_config(tmp_path: Path, corpus: Path, **webhook: Any) -> tuple[Path, str]:
    port = free_port()
    url = f"http://127.0.0.1:{port}/hook"
    keys = {"listen": "127.0.0.1", "port": port, "path": "hook", "url": url, **webhook}
    return write_config(tmp_path, corpus, {"mode": "webhook", "webhook": keys}), url


def test_a_webhook_secret_telegram_would_refuse_stops_the_start(
    tmp_path: Path, tg_corpus: Path, server: BotApiServer
) -> None:
    config, _ = webhook_config(tmp_path, tg_corpus)
    result = run_bot(
        config, {"TELEGRAM_WEBHOOK_SECRET": "bad secret!", "TELEGRAM_API_BASE_URL": server.base_url}
    )
    assert result.returncode == 2
    assert result.stderr.strip().splitlines()[-1] == (
        "config error: telegram.webhook.secret_token (or TELEGRAM_WEBHOOK_SECRET): "
        "Telegram allows 1-256 characters of A-Z a-z 0-9 _ -"
    )
    assert server.calls() == []  # refused before any contact with Telegram
    config, _ = webhook_config(tmp_path / "in-file", tg_corpus, secret_token="bad secret!")
    result = run_bot(config, {"TELEGRAM_API_BASE_URL": server.base_url})
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert result.stderr.startswith(f"config error: {config}: telegram.webhook.secret_token: ")


def test_a_webhook_without_a_secret_gets_a_random_one_and_forged_posts_are_refused_and_logged(
    tmp_path: Path, tg_corpus: Path, server: BotApiServer
) -> None:
    config, url = webhook_config(tmp_path, tg_corpus)
    bot = BotProcess.start(server, config, ready="setWebhook")
    try:
        assert "no secret token configured" in bot.log() and "using a random one" in bot.log()
        secret = server.state.webhook_secret
        assert secret and re.fullmatch(r"[A-Za-z0-9_-]{32,256}", secret) and secret not in bot.log()
        reader = server.private(5001)
        server.say(reader, "/start")
        assert len(server.wait_sent(5001, 1)) == 1  # Telegram's delivery, with the secret, is served
        forged = {"update_id": 777, "message": {**server.say(reader, "/help"), "text": "/articles"}}
        assert post_update(url, forged, None) == 403
        assert post_update(url, forged, "guessed-secret") == 403
        assert server.wait(lambda: "with a wrong secret token (403)" in bot.log())
        assert "refused a request from 127.0.0.1 with no secret token (403)" in bot.log()
        replies = server.wait_sent(5001, 2)
        time.sleep(1)
        assert [r.text.startswith("测试问候") for r in server.sent(5001)] == [True, False]  # /help only
        assert "1." not in replies[1].text[:3]  # never the forged /articles
    finally:
        assert bot.stop() == 0


# --- every update kind passes the allow-list and the rate limit -----------------------------------------


@pytest.fixture
def guarded(tmp_path: Path, tg_corpus: Path, server: BotApiServer) -> Iterator[BotProcess]:
    """A polling bot for two allowed readers, 8 messages per user per minute."""
    keys = {"allowed_chats": [ALLOWED, OTHER_READER], "rate_limit_per_minute": 8}
    bot = BotProcess.start(server, write_config(tmp_path, tg_corpus, keys))
    yield bot
    bot.stop()


def test_a_forged_callback_from_outside_the_allow_list_is_ignored(
    guarded: BotProcess, server: BotApiServer, tg_corpus: Path
) -> None:
    stranger = server.private(STRANGER)
    data = source_data(tg_corpus)
    message = server.earlier_bot_message(stranger, "一条旧回答", [data])
    query = server.press(stranger, message["message_id"], data)
    assert server.wait(lambda: server.pending_updates() == 0)
    assert server.wait(
        lambda: f"from chat {STRANGER} ignored: not in telegram.allowed_chats" in guarded.log()
    )
    time.sleep(1)
    assert server.sent(STRANGER) == [] and server.state.callback_queries[query] is None


def test_a_burst_of_100_presses_is_rate_limited(
    guarded: BotProcess, server: BotApiServer, tg_corpus: Path
) -> None:
    chat = server.private(ALLOWED)
    server.say(chat, "你好")  # not a question: the engine's hint, then the presses
    server.wait_sent(ALLOWED, 1)
    data = source_data(tg_corpus)
    message = server.earlier_bot_message(chat, "一条旧回答", [data])
    queries = [server.press(chat, message["message_id"], data) for _ in range(100)]
    assert server.wait(lambda: server.pending_updates() == 0)
    assert server.wait(lambda: len(server.calls("answerCallbackQuery")) >= 8, timeout=30)
    time.sleep(2)  # room for more than the limit to show up
    assert len(server.sent(ALLOWED)) == 1 + 7  # the hint spent one of the 8 a minute
    answers = [server.state.callback_queries[q] for q in queries]
    assert sorted((a["text"] or "") for a in answers if a) == [""] * 7 + [RATE_LIMITED]  # 92 cost nothing


def test_denied_reload_attempts_are_rate_limited(guarded: BotProcess, server: BotApiServer) -> None:
    chat = server.private(OTHER_READER)
    for _ in range(15):
        server.say(chat, "/reload")
    assert server.wait(lambda: server.pending_updates() == 0)
    server.wait_sent(OTHER_READER, 9, timeout=30)
    time.sleep(1)  # room for more than the limit to show up
    texts = sorted(r.text for r in server.sent(OTHER_READER))  # the replies run concurrently
    assert texts == sorted(["只有管理员可以使用 /reload。"] * 8 + [RATE_LIMITED])


# --- start-up ------------------------------------------------------------------------------------------


def test_an_unreachable_bot_api_is_retried_with_each_attempt_logged_then_one_line(
    tmp_path: Path, tg_corpus: Path
) -> None:
    config = write_config(tmp_path, tg_corpus, {"startup_retries": 2})
    nowhere = f"http://127.0.0.1:{free_port()}/bot"
    result = run_bot(config, {"TELEGRAM_API_BASE_URL": nowhere})
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    attempts = [line for line in lines if "start-up: connecting to the Bot API (getMe) failed" in line]
    assert [re.search(r"attempt (\d/\d)", line)[1] for line in attempts] == ["1/3", "2/3"]  # type: ignore[index]
    assert all("ConnectError" in line for line in attempts)
    assert lines[-1].endswith(
        "ERROR bot.doors.telegram.application: start-up failed: connecting to the Bot API "
        "(getMe): " + lines[-1].split("(getMe): ", 1)[1]
    )
    assert "ConnectError" in lines[-1] and "gave up after 3 attempt(s)" in lines[-1]
    assert "Traceback" not in result.stderr


def test_retrying_forever_logs_every_attempt_and_stops_on_sigterm(tmp_path: Path, tg_corpus: Path) -> None:
    config = write_config(tmp_path, tg_corpus, {"startup_retries": -1})
    env = {k: v for k, v in os.environ.items() if not k.startswith("TELEGRAM_")}
    env.update(TELEGRAM_BOT_TOKEN=TG_TOKEN, TELEGRAM_API_BASE_URL=f"http://127.0.0.1:{free_port()}/bot")
    log = tmp_path / "bot.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "bot", "run", "--config", str(config)], env=env, stdout=out, stderr=out
        )
    deadline = time.monotonic() + 60
    while "attempt 3" not in log.read_text() and time.monotonic() < deadline:
        time.sleep(0.2)
    process.send_signal(signal.SIGTERM)
    assert process.wait(10) == 0
    text = log.read_text()
    for attempt in (1, 2, 3):
        assert f"attempt {attempt} (startup_retries: -1, retrying until stopped): NetworkError" in text
    assert "Traceback" not in text


def test_a_webhook_telegram_refuses_is_one_line(
    tmp_path: Path, tg_corpus: Path, server: BotApiServer
) -> None:
    port = free_port()
    webhook = {"listen": "127.0.0.1", "port": port, "path": "hook", "url": "http://bot.example.org/hook"}
    config = write_config(tmp_path, tg_corpus, {"mode": "webhook", "webhook": webhook})
    result = run_bot(config, {"TELEGRAM_API_BASE_URL": server.base_url, "TELEGRAM_WEBHOOK_SECRET": "s3cret"})
    assert result.returncode == 2
    last = result.stderr.strip().splitlines()[-1]
    assert (
        last.startswith("config error: telegram: setWebhook: Telegram refused it: ")
        and "https" in last.lower()
    )
    assert "Traceback" not in result.stderr


def test_a_webhook_port_already_taken_is_one_line(
    tmp_path: Path, tg_corpus: Path, server: BotApiServer
) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        url = f"http://127.0.0.1:{port}/hook"
        webhook = {"listen": "127.0.0.1", "port": port, "path": "hook", "url": url}
        config = write_config(tmp_path, tg_corpus, {"mode": "webhook", "webhook": webhook})
        result = run_bot(
            config, {"TELEGRAM_API_BASE_URL": server.base_url, "TELEGRAM_WEBHOOK_SECRET": "s3cret"}
        )
    assert result.returncode == 2
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith(f"config error: telegram.webhook: cannot listen on 127.0.0.1:{port}: ")
    assert "Traceback" not in result.stderr
    assert server.calls("setWebhook") == []  # Telegram is not sent to a port the bot does not hold


def test_a_rejected_token_is_one_line_without_a_traceback(
    tmp_path: Path, tg_corpus: Path, server: BotApiServer
) -> None:
    config = write_config(tmp_path, tg_corpus, {})
    result = run_bot(config, {"TELEGRAM_API_BASE_URL": server.base_url, "TELEGRAM_BOT_TOKEN": "1:Wrong"})
    assert result.returncode == 2
    assert result.stderr.strip().splitlines()[-1] == "config error: telegram: the Bot API rejected the token"
    assert "Traceback" not in result.stderr and "Wrong" not in result.stderr
    assert [c.status for c in server.calls("getMe")] == [401]  # not retried: retrying cannot help


# --- shutdown ------------------------------------------------------------------------------------------


def test_sigterm_with_a_group_backlog_stops_within_the_grace_and_counts_what_it_dropped(
    tmp_path: Path, tg_corpus: Path, server: BotApiServer
) -> None:
    config = write_config(tmp_path, tg_corpus, {"shutdown_grace": 3})
    bot = BotProcess.start(server, config)
    group = server.group(-5300, supergroup=True)
    for i in range(40):  # Telegram allows 20 messages a minute in a group: half of them must wait
        server.say(group, f"@{BOT} 第{i}问：会议部署了什么工作？", user_id=5300 + i)
    assert server.wait(lambda: len(server.sent(group.id)) >= 20, timeout=30)
    assert bot.stop(signal.SIGTERM) == 0  # within the grace: the backlog left is dropped, not waited out
    answered = len(server.sent(group.id))
    last = bot.log().strip().splitlines()[-1]
    dropped = int(re.search(r"stopped; (\d+) update\(s\) dropped unanswered at shutdown", last)[1])  # type: ignore[index]
    assert answered + dropped == 40 and dropped > 0
    assert "the 3 s grace is over; dropped" in bot.log()
    assert len({s.message_id for s in server.sent(group.id)}) == answered
