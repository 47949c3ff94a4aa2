"""The real bot process over HTTP against tests/botapi_server.py: scripted users, replies read back.

Assertions hold whatever the retrieval finds: one reply per message, valid HTML (the server rejects
anything Telegram would), the greeting from the config, and the same text as `newsbot ask` prints.
"""

from __future__ import annotations

from typing import Any

from botapi_server import BotApiServer, Sent
from conftest import TG_GREETING, BotProcess

EXAMPLE = "郑州市委书记是谁？"
BOT = "newsbot_test_bot"


def ask(server: BotApiServer, chat_id: int, text: str, replies: int = 1) -> list[Sent]:
    """A user in a fresh private chat sends one message; the bot's messages in that chat."""
    chat = server.private(chat_id)
    before = len(server.sent(chat_id))
    server.say(chat, text)
    return server.wait_sent(chat_id, before + replies)[before:]


def bad_requests(server: BotApiServer) -> list[Any]:
    return [c for c in server.calls("sendMessage") if c.status == 400]


def test_start_greets_with_the_configured_text(tg_bot: BotProcess, tg_server: BotApiServer) -> None:
    replies = ask(tg_server, 1001, "/start")
    assert [r.text for r in replies] == [TG_GREETING.format(example=EXAMPLE)]


def test_question_gets_one_reply_equal_to_the_console(
    tg_bot: BotProcess, tg_server: BotApiServer, console_answer: Any
) -> None:
    replies = ask(tg_server, 1002, EXAMPLE)
    assert len(replies) == 1
    (expected,) = console_answer(EXAMPLE)
    assert replies[0].text == expected.strip()
    typing = [c for c in tg_server.calls("sendChatAction") if c.params.get("chat_id") == "1002"]
    assert typing and typing[0].params["action"] == "typing"
    assert typing[0].at <= replies[0].at


def test_markup_in_a_question_is_shown_literally(
    tg_bot: BotProcess, tg_server: BotApiServer, console_answer: Any
) -> None:
    question = "<b>安伟</b> 是谁？</i> &amp; <script>x</script>"
    replies = ask(tg_server, 1003, question)
    assert len(replies) == 1
    (expected,) = console_answer(question)
    # The server decodes the HTML the bot sent: equal text means every <, > and & was escaped.
    assert replies[0].text == expected.strip()
    assert not bad_requests(tg_server)


def test_commands_menu_is_registered_in_chinese(tg_bot: BotProcess, tg_server: BotApiServer) -> None:
    commands = {c["command"]: c["description"] for c in tg_server.state.commands}
    assert set(commands) == {"start", "help", "summary", "who", "articles"}
    assert all(any("\u4e00" <= ch <= "\u9fff" for ch in d) for d in commands.values())
