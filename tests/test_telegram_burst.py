"""Bursts: every chat of many writing at once is answered once, whichever state backend holds the
subscriptions, and every inline query of a burst is answered — the real bot against the Bot API test
server and a real redis-server.

The test server must itself take every connection of a burst, as Telegram does: with the listen backlog
of five that Python's HTTP server has by default, the kernel reset some of the bot's new connections
after the request had gone out, so the bot (which never repeats a send that may have been delivered)
left a reply unsent.
"""

from __future__ import annotations

import asyncio
import time
from pathlib import Path
from typing import Any

import httpx
import pytest
from botapi_server import BotApiServer
from conftest import BotProcess, RedisProcess
from test_telegram_live import DAY1, DayCorpus, live_config
from test_telegram_state import subscribed

pytestmark = [pytest.mark.slow, pytest.mark.e2e]

BURST = 64


def test_the_test_server_takes_every_connection_of_a_burst(server: BotApiServer) -> None:
    chats = [server.private(1000 + i).id for i in range(BURST)]
    url = f"{server.base_url}{server.token}/sendMessage"

    async def burst() -> list[Any]:
        async with httpx.AsyncClient(limits=httpx.Limits(max_connections=None), timeout=60) as client:
            sends = (client.post(url, data={"chat_id": chat, "text": f"hello {chat}"}) for chat in chats)
            return await asyncio.gather(*sends, return_exceptions=True)

    results = asyncio.run(burst())  # one new connection each, all opened at once
    assert [getattr(r, "status_code", repr(r)) for r in results] == [200] * BURST
    assert sorted(s.chat_id for s in server.sent()) == chats


@pytest.mark.parametrize("backend", ["sqlite", "redis"])
def test_forty_chats_subscribing_and_forty_inline_queries_at_once_are_each_answered_once(
    tmp_path: Path, server: BotApiServer, backend: str
) -> None:
    corpus = DayCorpus(tmp_path)
    corpus.publish(DAY1)
    sections: dict[str, Any] = {}
    redis = None
    if backend == "redis":
        redis = RedisProcess(tmp_path)
        sections["state"] = {"backend": "redis", "url": redis.url}
    config = live_config(tmp_path / "bot", corpus.link, **sections)
    question = "市图书馆东区新馆什么时候开放？"
    bot = BotProcess.start(server, config)
    chats = [700 + i for i in range(40)]
    try:
        for chat in chats:
            server.say(server.private(chat), "/subscribe")
        queries = [server.inline(800 + i, question) for i in range(40)]
        for chat in chats:
            assert len(server.wait_sent(chat, 1, timeout=60)) == 1, bot.log()  # slow when busy, never silent
        answers = [server.inline_results(query, timeout=60) for query in queries]
        assert all(answers), bot.log()
        assert len({results[0]["id"] for results in answers if results}) == 1  # the one answer, to each
        time.sleep(1)
        assert [len(server.sent(chat)) for chat in chats] == [1] * len(chats)  # once each
        log = bot.log()
        assert "may have been delivered" not in log and "Traceback" not in log and " ERROR " not in log
        assert subscribed(config, 7_000_001) == chats
    finally:
        assert bot.stop() == 0
        if redis is not None:
            redis.stop()
