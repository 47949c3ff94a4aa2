"""Issue 19: what the bot remembers belongs to one bot and survives Redis blinking, and one chat never
stalls the others — the real bot processes against Bot API test servers and a real redis-server."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from botapi_server import BotApiServer
from conftest import TG_ADMIN, BotProcess, RedisProcess
from test_telegram_faults import run
from test_telegram_live import DAY1, DAY2, DayCorpus, console, day_articles, live_config, wait_log

from bot.config import load_settings
from bot.corpus.models import write_corpus
from bot.state.open import open_store

pytestmark = [pytest.mark.slow, pytest.mark.e2e]

OTHER_TOKEN = "5012345679:AAFnewsbotSecondBotTokenQzX_9-kLmNoPq"


def subscribed(config: Path, bot_id: int) -> list[int]:
    store = open_store(load_settings(config), bot_id)
    try:
        return [s.chat_id for s in store.subscriptions()]
    finally:
        store.close()


@pytest.mark.parametrize("backend", ["sqlite", "redis"])
def test_two_bots_started_from_one_folder_keep_their_own_subscribers(
    tmp_path: Path, server: BotApiServer, backend: str
) -> None:
    other = BotApiServer(OTHER_TOKEN, username="other_news_bot", bot_id=7_000_002).start()
    corpus = DayCorpus(tmp_path)
    corpus.publish(DAY1)
    sections: dict[str, Any] = {}
    if backend == "redis":
        redis = RedisProcess(tmp_path)
        sections["state"] = {"backend": "redis", "url": redis.url}  # the default prefix for both
    config = live_config(tmp_path / "bots", corpus.link, **sections)  # one folder, one config
    bots = [
        BotProcess.start(server, config, log_name="a.log"),
        BotProcess.start(other, config, log_name="b.log"),
    ]
    try:
        readers = {server: [100 + i for i in range(10)], other: [200 + i for i in range(10)]}
        for api, chats in readers.items():
            for chat in chats:
                api.say(api.private(chat), "/subscribe")
        for api, chats in readers.items():
            for chat in chats:
                assert len(api.wait_sent(chat, 1, timeout=60)) == 1  # a busy machine is slow, never silent
        corpus.publish(DAY2)
        (expected,) = console(config, "/summary")
        for api, chats in readers.items():
            for chat in chats:
                assert api.wait_sent(chat, 2, timeout=30)[1].text == expected
        time.sleep(1)
        for bot in bots:
            assert "unsubscribed" not in bot.log() and "Traceback" not in bot.log()
    finally:
        for bot in bots:
            assert bot.stop() == 0
        other.stop()
    assert subscribed(config, 7_000_001) == readers[server]
    assert subscribed(config, 7_000_002) == readers[other]
    if backend == "redis":
        redis.stop()


def test_a_chat_not_found_once_is_checked_again_before_unsubscribing(
    tmp_path: Path, server: BotApiServer
) -> None:
    corpus = DayCorpus(tmp_path)
    corpus.publish(DAY1)
    config = live_config(tmp_path / "bot", corpus.link)
    bot = BotProcess.start(server, config)
    try:
        for chat in (301, 302):
            server.say(server.private(chat), "/subscribe")
            assert len(server.wait_sent(chat, 1, timeout=60)) == 1  # a busy machine is slow, never silent
        server.fail("sendMessage", 400, chat_id=301, description="Bad Request: chat not found")
        corpus.publish(DAY2)
        assert len(server.wait_sent(302, 2, timeout=30)) == 2
        assert wait_log(bot, r"digest to chat 301 refused .* but the chat exists: kept")
    finally:
        assert bot.stop() == 0
    assert subscribed(config, 7_000_001) == [301, 302]


def test_redis_down_at_start_is_waited_for_then_exit_1(tmp_path: Path, server: BotApiServer) -> None:
    redis = RedisProcess(tmp_path)
    redis.stop()
    corpus = DayCorpus(tmp_path)
    corpus.publish(DAY1)
    state = {"backend": "redis", "url": redis.url}
    config = live_config(tmp_path / "gives-up", corpus.link, {"startup_retries": 1}, state=state)
    result = run(config, "run", env={"TELEGRAM_API_BASE_URL": server.base_url})
    assert result.returncode == 1, result.stderr  # not 2: systemd restarts it (Restart=on-failure)
    assert "start-up: opening the state store failed, attempt 1/2" in result.stderr
    assert "Traceback" not in result.stderr and "config error" not in result.stderr
    config = live_config(tmp_path / "waits", corpus.link, {"startup_retries": -1}, state=state)
    process = subprocess.Popen(
        run_command(config), env=bot_env(server), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        assert server.wait(lambda: len(server.calls("getMe")) >= 1, timeout=60)
        time.sleep(2)  # a few attempts while Redis is down
        assert not server.calls("setMyCommands")
        redis.start()
        assert server.wait(lambda: bool(server.calls("setMyCommands")), timeout=60)
        server.say(server.private(401), "/start")
        assert len(server.wait_sent(401, 1)) == 1
    finally:
        process.terminate()
        assert process.wait(30) == 0
        redis.stop()


def test_redis_down_while_running_degrades_and_a_day_published_meanwhile_reaches_everyone(
    tmp_path: Path, server: BotApiServer
) -> None:
    redis = RedisProcess(tmp_path)
    corpus = DayCorpus(tmp_path)
    corpus.publish(DAY1)
    state = {"backend": "redis", "url": redis.url}
    config = live_config(tmp_path / "bot", corpus.link, {"rate_limit_per_minute": 5}, state=state)
    bot = BotProcess.start(server, config)
    subscribers = [500 + i for i in range(30)]
    try:
        for chat in subscribers:
            server.say(server.private(chat), "/subscribe")
        for chat in subscribers:
            assert len(server.wait_sent(chat, 1, timeout=60)) == 1  # a busy machine is slow, never silent
        redis.stop()
        question = "市图书馆东区新馆什么时候开放？"
        (expected,) = console(config, question)
        asker = server.private(601)
        for _ in range(7):
            server.say(asker, question)
        replies = server.wait_sent(601, 6, timeout=30)
        time.sleep(1)
        texts = [r.text for r in server.sent(601)]
        limited = load_settings(config).telegram.texts.rate_limited
        assert sorted(texts) == sorted([expected] * 5 + [limited]), texts  # answered, limit in-process
        assert replies and server.inline_results(server.inline(602, question))  # inline answered too
        unavailable = load_settings(config).telegram.texts.store_unavailable
        server.say(server.private(TG_ADMIN), "/stats")  # what needs the store says so, in words
        assert server.wait_sent(TG_ADMIN, 1, timeout=30)[0].text == unavailable
        voter = server.private(603)
        server.say(voter, question)
        (answer,) = server.wait_sent(603, 1, timeout=30)
        buttons = [b["callback_data"] for row in answer.reply_markup["inline_keyboard"] for b in row]
        up = next(data for data in buttons if data.startswith("fb|up|"))
        pressed = server.press(voter, answer.message_id, up)
        assert server.wait(lambda: server.answered(pressed) is not None, timeout=30)
        assert server.answered(pressed) == {"text": unavailable[:200]}
        corpus.publish(DAY2)
        assert wait_log(bot, "the new day's digests wait for the state store")
        time.sleep(2)
        assert all(len(server.sent(chat)) == 1 for chat in subscribers)  # nothing sent while down
        redis.start()
        (digest,) = console(config, "/summary")
        for chat in subscribers:
            assert server.wait_sent(chat, 2, timeout=60)[1].text == digest
        time.sleep(2)
        assert all(len(server.sent(chat)) == 2 for chat in subscribers)  # once each
        log = bot.log()
        assert len(re.findall(r"Redis at \S+ is unreachable", log)) == 1  # one warning per outage
        assert "Traceback" not in log and " ERROR " not in log
        assert "is reachable again" in log
    finally:
        assert bot.stop() == 0
        redis.stop()


def run_command(config: Path) -> list[str]:
    return [sys.executable, "-m", "bot", "run", "--config", str(config)]


def bot_env(server: BotApiServer) -> dict[str, str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("TELEGRAM_")}
    return {**clean, "TELEGRAM_BOT_TOKEN": server.token, "TELEGRAM_API_BASE_URL": server.base_url}


def test_a_digest_answered_with_a_server_error_is_sent_again(tmp_path: Path, server: BotApiServer) -> None:
    corpus = DayCorpus(tmp_path)
    corpus.publish(DAY1)
    config = live_config(tmp_path / "bot", corpus.link)
    bot = BotProcess.start(server, config)
    try:
        for chat in (311, 312):
            server.say(server.private(chat), "/subscribe")
            assert len(server.wait_sent(chat, 1, timeout=60)) == 1  # a busy machine is slow, never silent
        server.fail("sendMessage", 502, times=2, chat_id=311)  # Telegram answered: nothing was delivered
        corpus.publish(DAY2)
        (digest,) = console(config, "/summary")
        for chat in (311, 312):
            assert server.wait_sent(chat, 2, timeout=60)[1].text == digest
        time.sleep(1)
        assert [len(server.sent(chat)) for chat in (311, 312)] == [2, 2]  # once each
    finally:
        assert bot.stop() == 0


def test_unsubscribe_stops_a_digest_already_queued(tmp_path: Path, server: BotApiServer) -> None:
    corpus = DayCorpus(tmp_path)
    corpus.publish(DAY1)
    config = live_config(tmp_path / "bot", corpus.link)
    texts = load_settings(config).telegram.texts
    chats = [9100 + i for i in range(150)]
    bot = BotProcess.start(server, config)
    try:
        for chat in chats:
            server.say(server.private(chat), "/subscribe")
        for chat in chats:
            assert len(server.wait_sent(chat, 1, timeout=30)) == 1
        corpus.publish(DAY2)
        assert wait_log(bot, "engine swapped in")
        leaving = chats[50:]  # digests go out at about 30 a second: these are still queued
        for chat in leaving:
            server.say(server.private(chat), "/unsubscribe")
        for chat in leaving:
            assert server.wait_sent(chat, 2, timeout=60)
        assert server.wait(lambda: len(server.sent()) >= 150 + 50 + len(leaving), timeout=60)
        time.sleep(2)
        late = [
            chat
            for chat in leaving
            if [s.text for s in server.sent(chat)][1:2] == [texts.unsubscribed] and len(server.sent(chat)) > 2
        ]
        assert late == []  # no digest after "已取消订阅"
        assert all(len(server.sent(chat)) == 2 for chat in chats[:50])  # the others got theirs
    finally:
        assert bot.stop() == 0


def test_a_busy_group_and_a_flooding_reader_do_not_hold_up_another_chat(
    tmp_path: Path, server: BotApiServer
) -> None:
    corpus = DayCorpus(tmp_path)
    corpus.publish(DAY1)
    keys = {"rate_limit_per_minute": 20, "shutdown_grace": 1}
    config = live_config(tmp_path / "bot", corpus.link, keys)
    bot = BotProcess.start(server, config)
    try:
        group = server.group(-700)
        for reader in range(100):  # 100 readers each ask once; the group gets 20 messages a minute
            server.say(group, f"@{server.username} 市图书馆东区新馆什么时候开放？", user_id=7000 + reader)
        other = server.private(701)
        asked = time.monotonic()
        server.say(other, "/start")
        (reply,) = server.wait_sent(701, 1, timeout=60)
        print(f"another chat answered {reply.at - asked:.2f}s after asking, the group had 100 questions")
        assert len(server.sent(-700)) < 100  # answered while the group's answers are still going out

        flooder = server.private(702)
        server.fail("sendMessage", 429, retry_after=8, chat_id=702)  # the flooder's chat waits 8 s
        for _ in range(1000):
            server.say(flooder, "市图书馆东区新馆什么时候开放？")
        third = server.private(703)
        asked = time.monotonic()
        server.say(third, "/start")
        (reply,) = server.wait_sent(703, 1, timeout=60)
        print(f"another chat answered {reply.at - asked:.2f}s after asking, during a 1,000-message flood")
        assert len(server.sent(702)) < 21  # before the flood's answers are through (they wait 8 s)
        assert len(server.wait_sent(702, 21, timeout=60)) == 21  # 20 answers and one "too fast"
    finally:
        bot.stop()


def test_a_day_written_in_pieces_is_sent_whole_and_an_emptied_folder_is_not_taken(
    tmp_path: Path, server: BotApiServer
) -> None:
    folder = tmp_path / "corpus"  # a plain folder, written article by article (no atomic switch)
    write_corpus(day_articles(DAY1), folder)
    config = live_config(tmp_path / "bot", folder, {"digest_settle_seconds": 3})
    bot = BotProcess.start(server, config)
    try:
        chat = server.private(801)
        server.say(chat, "/subscribe")
        assert len(server.wait_sent(801, 1)) == 1
        first, second = day_articles(DAY2)
        write_corpus([first], folder)
        assert wait_log(bot, "engine swapped in", 1)
        time.sleep(1.5)  # a pause of five polls: the half day is swapped in, not sent
        write_corpus([second], folder)
        assert wait_log(bot, "engine swapped in", 2)
        (whole,) = console(config, "/summary")
        assert server.wait_sent(801, 2, timeout=30)[1].text == whole and "共 2 篇" in whole
        time.sleep(2)
        assert len(server.sent(801)) == 2  # one digest: the whole day

        question = "城南学校食堂改造完工了吗？"
        (answer,) = console(config, question)
        shutil.rmtree(folder)  # a re-ingest that is not atomic: the folder gone, then back empty
        folder.mkdir()
        assert wait_log(bot, "the corpus now holds no article: keeping the 4 loaded")
        server.say(chat, question)
        assert server.wait_sent(801, 3)[2].text == answer  # still answered from the news loaded
        time.sleep(2)
        assert len(server.sent(801)) == 3  # no "现在还没有新闻。" sent to subscribers
    finally:
        assert bot.stop() == 0
