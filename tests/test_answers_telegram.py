"""The answer path through the real Telegram bot: a follow-up stays with the chat's article, and a
question in traditional characters is answered in traditional characters."""

from __future__ import annotations

from typing import Any

import pytest
from botapi_server import BotApiServer
from conftest import BotProcess

pytestmark = [pytest.mark.slow, pytest.mark.e2e]


def test_readme_follow_up_works_in_telegram(tg_bot: BotProcess, tg_server: BotApiServer) -> None:
    chat = tg_server.private(1201)
    tg_server.say(chat, "政协第五次会议开几天？")
    first = tg_server.wait_sent(1201, 1)[0]
    assert first.text.startswith("4月26日至28日")
    tg_server.say(chat, "这次会议的日程是谁审议通过的？")
    follow_up = tg_server.wait_sent(1201, 2)[1]
    assert "第五次会议日程" in follow_up.text and "没有找到" not in follow_up.text


def test_traditional_question_in_telegram(
    tg_bot: BotProcess, tg_server: BotApiServer, console_answer: Any
) -> None:
    chat = tg_server.private(1202)
    tg_server.say(chat, "鄭州市長是誰？")
    reply = tg_server.wait_sent(1202, 1)[0]
    assert reply.text.startswith("市委副書記、代市長何雄")
    (expected,) = console_answer("鄭州市長是誰？")
    assert reply.text == expected.strip()
