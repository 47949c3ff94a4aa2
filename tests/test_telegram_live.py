"""Issue 12 end to end: live corpus updates, subscriptions and their digests, replicas on Redis, inline
mode — the real bot process against tests/botapi_server.py, with days of invented pages.

A new day is published the way an atomic ingest does it: the day's folder is written in full, then the
``corpus`` symlink is moved over to it in one rename.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import yaml
from botapi_server import BotApiServer, Sent
from conftest import BotProcess, dated_page, free_port, write_config
from conftest import console as ask_console

from bot.config import load_settings
from bot.corpus.models import Article, write_corpus
from bot.engine import Engine
from bot.state.chat import ChatState
from bot.state.open import open_store

pytestmark = [pytest.mark.slow, pytest.mark.e2e]

DAY1, DAY2, DAY3 = dt.date(2026, 1, 14), dt.date(2026, 1, 15), dt.date(2026, 1, 16)

# Invented pages: (headline, paragraph) per article, per day.
PAGES: dict[dt.date, list[tuple[str, str]]] = {
    DAY1: [
        (
            "市图书馆东区新馆下月开放",
            "本报讯 市图书馆东区新馆建设完工，将于下月一日起对读者开放，新馆设有少儿阅览区和自习室四百个座位。",
        ),
        (
            "七条公交线路调整走向",
            "本报讯 市公交集团宣布，七条公交线路自本周六起调整走向，新增站点十二个，方便沿线居民出行。",
        ),
    ],
    DAY2: [
        (
            "滨湖公园元宵灯会开幕",
            "本报讯 滨湖公园元宵灯会昨晚开幕，园内布置彩灯三百余组，灯会将持续到正月十八。",
        ),
        (
            "城南学校食堂改造完工",
            "本报讯 城南实验学校食堂改造完工，可同时容纳一千二百名学生就餐，今起启用。",
        ),
    ],
    DAY3: [
        (
            "青石河大桥合龙",
            "本报讯 青石河大桥主桥昨日合龙，大桥全长一千六百米，预计年底通车。",
        ),
    ],
}


def day_articles(day: dt.date) -> list[Article]:
    return dated_page(day, PAGES[day])


class DayCorpus:
    """The ``corpus`` symlink of a test bot and the days published into it so far."""

    def __init__(self, root: Path) -> None:
        self.root, self.link, self.days = root, root / "corpus", []  # type: list[dt.date]

    def publish(self, day: dt.date) -> None:
        self.days.append(day)
        folder = self.root / f"corpus.{len(self.days)}"
        write_corpus([a for d in self.days for a in day_articles(d)], folder)
        temporary = self.root / "corpus.switching"
        temporary.symlink_to(folder.name)
        os.replace(temporary, self.link)


def live_config(folder: Path, corpus: Path, telegram: dict[str, Any] | None = None, **sections: Any) -> Path:
    """A test bot's config: the day corpus, quick corpus polling and digest checks, its own state folder."""
    keys = {
        "corpus_poll_seconds": 0.3,
        "digest_check_seconds": 0.5,
        "digest_settle_seconds": 1,
        "rate_limit_per_minute": 1000,
    }
    path = write_config(folder, corpus, {**keys, **(telegram or {})})
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["paths"]["state"] = str(folder / "state")
    data.update(sections)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def console(config: Path, *messages: str) -> list[str]:
    """What `newsbot ask` answers to each message, over the corpus as it is now."""
    return [reply["text"].strip() for reply in ask_console(config, *messages)]


def texts(sent: list[Sent]) -> list[str]:
    return [s.text for s in sent]


def wait_log(bot: BotProcess, pattern: str, count: int = 1, timeout: float = 30) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if len(re.findall(pattern, bot.log())) >= count:
            return True
        time.sleep(0.1)
    return False


def assert_no_errors(server: BotApiServer, *bots: BotProcess) -> None:
    assert not [c for c in server.calls("sendMessage") if c.status == 400]
    for bot in bots:
        assert " ERROR " not in bot.log() and "Traceback" not in bot.log(), bot.log()


def test_a_new_day_arriving_while_questions_are_asked(tmp_path: Path, server: BotApiServer) -> None:
    corpus = DayCorpus(tmp_path)
    corpus.publish(DAY1)
    config = live_config(tmp_path / "bot", corpus.link)
    bot = BotProcess.start(server, config)
    try:
        chats = [server.private(4001), server.private(4002)]
        questions = ["市图书馆东区新馆什么时候开放？", "元宵灯会在哪里举行？"]
        new_day_found_at = None
        for turn in range(400):
            if turn == 4:
                corpus.publish(DAY2)
            chat = chats[turn % 2]
            before = len(server.sent(chat.id))
            server.say(chat, questions[turn % 2])
            # Every question is answered, while the new corpus loads too (how fast: `newsbot bench`);
            # the library, news of the first day, all along.
            (reply,) = server.wait_sent(chat.id, before + 1, timeout=10)[before:]
            assert turn % 2 or "市图书馆东区新馆" in reply.text, reply.text
            if turn % 2 and "滨湖公园元宵灯会开幕" in reply.text and new_day_found_at is None:
                new_day_found_at = turn
            if new_day_found_at is not None and turn >= new_day_found_at + 6:
                break
        assert new_day_found_at is not None, "the new day was never answered from"
        assert "the corpus changed; loading it" in bot.log()
        # After the swap the new day is served every time it is asked about.
        for _ in range(3):
            before = len(server.sent(4002))
            server.say(chats[1], questions[1])
            (reply,) = server.wait_sent(4002, before + 1, timeout=10)[before:]
            assert "滨湖公园元宵灯会开幕" in reply.text
        assert_no_errors(server, bot)
    finally:
        assert bot.stop() == 0


def test_subscriptions_through_restarts_with_429_and_a_blocked_chat(
    tmp_path: Path, server: BotApiServer
) -> None:
    corpus = DayCorpus(tmp_path)
    corpus.publish(DAY1)
    config = live_config(tmp_path / "bot", corpus.link)
    texts_config = load_settings(config).telegram.texts
    fans, blocker, quitter = (
        [server.private(5001), server.group(-5002)],
        server.private(5003),
        server.private(5004),
    )
    bot = BotProcess.start(server, config)
    try:
        for chat in [*fans, blocker, quitter]:
            server.say(chat, "/subscribe")
        for chat in [*fans, blocker, quitter]:
            assert texts(server.wait_sent(chat.id, 1)) == [texts_config.subscribed_new_day]
        server.say(fans[0], "/subscribe")
        assert texts(server.wait_sent(5001, 2))[1] == texts_config.subscription_unchanged.format(
            current=texts_config.subscribed_new_day
        )
        server.say(quitter, "/unsubscribe")
        assert texts(server.wait_sent(5004, 2))[1] == texts_config.unsubscribed
        server.say(fans[0], "/subscribe 25:99")
        assert texts(server.wait_sent(5001, 3))[2] == texts_config.subscribe_bad_time
        time.sleep(1.5)
        assert len(server.sent(5001)) == 3  # subscribing does not send the day already here
    finally:
        assert bot.stop() == 0

    # Restarted: the subscriptions are still there; a new day goes to each subscriber once.
    bot = BotProcess.start(server, config)
    try:
        server.block(blocker.id)
        server.fail("sendMessage", 429, retry_after=2, chat_id=5001)
        corpus.publish(DAY2)
        (expected,) = console(config, "/summary")
        for chat in fans:
            digest = server.wait_sent(chat.id, 4 if chat.id == 5001 else 2, timeout=20)[-1]
            assert digest.text == expected
        assert "滨湖公园元宵灯会开幕" in expected
        (throttled,) = [c for c in server.calls("sendMessage") if c.status == 429]
        retried = [s for s in server.sent(5001) if s.at > throttled.at]
        assert retried and retried[0].at - throttled.at >= 2.0  # retry_after honoured
        assert wait_log(bot, r"chat 5003 cannot be written to .*unsubscribed")
        assert server.sent(5004)[-1].text == texts_config.unsubscribed  # unsubscribed: no digest
    finally:
        assert bot.stop() == 0
    store = open_store(load_settings(config), server.bot_user["id"])
    assert [s.chat_id for s in store.subscriptions()] == [-5002, 5001]
    store.close()

    # A day published while the bot is stopped is sent at the next start, and no day twice.
    corpus.publish(DAY3)
    bot = BotProcess.start(server, config)
    try:
        (expected,) = console(config, "/summary")
        assert server.wait_sent(5001, 5, timeout=20)[-1].text == expected
        assert server.wait_sent(-5002, 3, timeout=20)[-1].text == expected
        time.sleep(1.5)
        assert (len(server.sent(5001)), len(server.sent(-5002))) == (5, 3)
        assert_no_errors(server, bot)
    finally:
        assert bot.stop() == 0


def test_a_timed_subscription_sends_at_the_chosen_minute(tmp_path: Path, server: BotApiServer) -> None:
    corpus = DayCorpus(tmp_path)
    corpus.publish(DAY1)
    config = live_config(tmp_path / "bot", corpus.link, {"time_zone": "Asia/Shanghai"})
    bot = BotProcess.start(server, config)
    try:
        now = dt.datetime.now(ZoneInfo("Asia/Shanghai"))
        if now.second > 55:  # so that 'the next minute' is not reached while subscribing
            time.sleep(61 - now.second)
            now = dt.datetime.now(ZoneInfo("Asia/Shanghai"))
        at = (now + dt.timedelta(minutes=1)).strftime("%H:%M")
        chat = server.private(6001)
        server.say(chat, f"/subscribe {at}")
        settings = load_settings(config)
        said = settings.telegram.texts.subscribed_at.format(time=at, zone="Asia/Shanghai")
        assert texts(server.wait_sent(6001, 1)) == [said]
        (expected,) = console(config, "/summary")
        digest = server.wait_sent(6001, 2, timeout=75)[1:]
        assert texts(digest) == [expected]
        arrived = dt.datetime.now(ZoneInfo("Asia/Shanghai")).strftime("%H:%M")
        assert arrived >= at
        assert_no_errors(server, bot)
    finally:
        assert bot.stop() == 0


def test_two_replicas_on_redis_send_one_digest_per_chat(
    tmp_path: Path, server: BotApiServer, redis_url: str
) -> None:
    corpus = DayCorpus(tmp_path)
    corpus.publish(DAY1)
    # Behind one URL: both replicas register the same webhook (here the first replica's address).
    port = free_port()
    url = f"http://127.0.0.1:{port}/hook"
    state = {"backend": "redis", "url": redis_url, "prefix": "replicas"}
    bots = []
    try:
        for name, listen in (("a", port), ("b", free_port())):
            # One secret for both: without it each replica would make its own and replace the other's.
            webhook = {
                "listen": "127.0.0.1",
                "port": listen,
                "path": "hook",
                "url": url,
                "secret_token": "replicas_1",
            }
            config = live_config(
                tmp_path / name, corpus.link, {"mode": "webhook", "webhook": webhook}, state=state
            )
            bots.append(BotProcess.start(server, config, ready="setWebhook"))
            assert wait_log(bots[-1], r"bot @\w+ ready")
        chats = [server.private(7000 + i) for i in range(12)]
        for chat in chats:
            server.say(chat, "/subscribe")
        for chat in chats:
            assert len(server.wait_sent(chat.id, 1)) == 1
        corpus.publish(DAY2)
        for bot in bots:
            assert wait_log(bot, "engine swapped in")
        (expected,) = console(bots[0].config, "/summary")
        for chat in chats:
            assert server.wait_sent(chat.id, 2, timeout=20)[1].text == expected
        time.sleep(2)
        assert all(len(server.sent(chat.id)) == 2 for chat in chats)  # exactly one digest each
        sent_by = [len(re.findall(r"digest of \S+ sent to chat", bot.log())) for bot in bots]
        print(f"digests sent by each replica: {sent_by}")
        assert sum(sent_by) == len(chats)
        assert_no_errors(server, *bots)
    finally:
        for bot in bots:
            bot.stop()


def test_inline_mode_offers_the_answer_within_the_rate_limit(tmp_path: Path, server: BotApiServer) -> None:
    corpus = DayCorpus(tmp_path)
    corpus.publish(DAY1)
    config = live_config(tmp_path / "bot", corpus.link, {"rate_limit_per_minute": 3})
    settings = load_settings(config)
    bot = BotProcess.start(server, config)
    try:
        question = "市图书馆东区新馆什么时候开放？"
        (expected,) = console(config, question)
        (result,) = server.inline_results(server.inline(8001, question)) or [None]
        assert result["type"] == "article"
        message = result["input_message_content"]
        from botapi_server import parse_html

        assert parse_html(message["message_text"])[0].strip() == expected
        assert result["title"] in expected and "市图书馆东区新馆" in result["description"]
        assert server.inline_results(server.inline(8001, "火星基地的建设进度如何？")) == []
        assert server.inline_results(server.inline(8001, question)) is not None
        refused = server.inline(8001, question)  # the fourth within a minute
        assert server.inline_results(refused) == []
        answers = [c for c in server.calls("answerInlineQuery") if c.status == 200]
        button = (
            json.loads(answers[-1].params["button"])
            if isinstance(answers[-1].params["button"], str)
            else answers[-1].params["button"]
        )
        assert button["text"] == settings.telegram.texts.rate_limited
        assert_no_errors(server, bot)
    finally:
        assert bot.stop() == 0


def test_a_follow_up_after_a_restart_remembers_the_chat(
    tmp_path: Path, server: BotApiServer, tg_corpus: Path
) -> None:
    first, follow_up = "郑州市委书记是谁？", "他还出席了什么会议？"
    config = live_config(tmp_path / "bot", tg_corpus)
    engine = Engine.load(load_settings(config))
    state = ChatState()
    engine.reply(first, state)
    remembered, fresh = engine.reply(follow_up, state).text, engine.reply(follow_up).text
    assert remembered != fresh  # the follow-up depends on what the chat asked before
    chat = server.private(9001)
    bot = BotProcess.start(server, config)
    try:
        server.say(chat, first)
        assert len(server.wait_sent(9001, 1)) == 1
    finally:
        assert bot.stop() == 0
    bot = BotProcess.start(server, config)
    try:
        server.say(chat, follow_up)
        assert server.wait_sent(9001, 2)[1].text == remembered.strip()
        assert_no_errors(server, bot)
    finally:
        assert bot.stop() == 0
