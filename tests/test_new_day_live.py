"""The running bot takes in a day written into its corpus folder (in place, file by file, as ``newsbot
ingest`` writes it) as a segment beside its index, answers from it, then saves it in the background and
serves the saved engine: the real bot process against tests/botapi_server.py, with invented pages."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
import yaml
from botapi_server import BotApiServer
from conftest import BotProcess, write_config
from test_new_day import DAYS, day_articles, publish

pytestmark = [pytest.mark.slow, pytest.mark.e2e]


def ask(server: BotApiServer, user: int, question: str) -> str:
    chat = server.private(user)
    before = len(server.sent(chat.id))
    server.say(chat, question)
    (reply,) = server.wait_sent(chat.id, before + 1, timeout=60)[before:]
    return reply.text


def wait_log(bot: BotProcess, pattern: str, timeout: float = 60) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if re.search(pattern, bot.log()):
            return True
        time.sleep(0.1)
    return False


def test_the_bot_answers_from_a_day_written_into_its_corpus_and_keeps_it_after_a_restart(
    tmp_path: Path, server: BotApiServer
) -> None:
    corpus = tmp_path / "corpus"
    first, second, third = DAYS
    publish(corpus, day_articles(first))
    config = write_config(
        tmp_path / "bot", corpus, {"corpus_poll_seconds": 0.3, "rate_limit_per_minute": 1000}
    )
    data = yaml.safe_load(config.read_text(encoding="utf-8"))
    data["paths"]["state"] = str(tmp_path / "bot" / "state")
    config.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    bot = BotProcess.start(server, config)
    try:
        assert "滨湖公园元宵灯会开幕" not in ask(server, 5001, "元宵灯会在哪里举行？")
        publish(corpus, day_articles(second))
        assert wait_log(bot, r"took in 2 new article\(s\) as a segment")
        assert "滨湖公园元宵灯会开幕" in ask(server, 5001, "元宵灯会在哪里举行？")
        assert wait_log(bot, r"engine swapped in with the added day\(s\) saved: 5 article")
        publish(corpus, day_articles(third, reporter="柳青岚"))
        assert wait_log(bot, r"took in 2 new article\(s\) as a segment \(1 new lexicon word")
        assert "东郊湿地公园候鸟归来" in ask(server, 5002, "东郊湿地公园什么时候迎来候鸟？")
        assert "滨湖公园元宵灯会开幕" in ask(server, 5001, "元宵灯会在哪里举行？")
        assert wait_log(bot, r"engine swapped in with the added day\(s\) saved: 7 article")
        assert "东郊湿地公园候鸟归来" in ask(server, 5002, "东郊湿地公园什么时候迎来候鸟？")
        assert " ERROR " not in bot.log() and "Traceback" not in bot.log(), bot.log()
    finally:
        assert bot.stop() == 0
    # A restart finds the store and the index saved: nothing is built again.
    started = len(server.calls("setMyCommands"))
    bot = BotProcess.start(server, config, log_name="restart.log")
    try:
        assert server.wait(lambda: len(server.calls("setMyCommands")) > started, timeout=120)
        assert "东郊湿地公园候鸟归来" in ask(server, 5003, "东郊湿地公园什么时候迎来候鸟？")
        assert not re.search(r"building the|rebuilding the|tokenised", bot.log()), bot.log()
    finally:
        assert bot.stop() == 0
