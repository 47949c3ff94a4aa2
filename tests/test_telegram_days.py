"""Days in Telegram, end to end: the real bot process against tests/botapi_server.py over two invented days
(tests/data/days) and a newer, bigger day of four numbered pages. The digest comes in one message with an
inline keyboard; pressing a button edits that message in place and answers the callback query."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from botapi_server import BotApiServer, Call, Sent
from conftest import TG_TOKEN, BotProcess, console, write_config
from test_digest import big_day

from bot.config import IngestConfig
from bot.corpus.models import write_corpus
from bot.ingestion.ingest import ingest_paths

pytestmark = [pytest.mark.slow, pytest.mark.e2e]

DAYS = Path(__file__).resolve().parent / "data" / "days"
NEWEST = dt.date(2024, 3, 16)
ITEM = re.compile(r"^(\d+)\. ")


@pytest.fixture(scope="module")
def days_config(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("tg-days")
    ingest_paths([DAYS], folder / "corpus", IngestConfig())
    write_corpus(big_day(NEWEST, 20), folder / "corpus")
    return write_config(folder, folder / "corpus", {"rate_limit_per_minute": 60})


@pytest.fixture(scope="module")
def server() -> Iterator[BotApiServer]:
    server = BotApiServer(TG_TOKEN).start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def days_bot(server: BotApiServer, days_config: Path) -> Iterator[BotProcess]:
    bot = BotProcess.start(server, days_config)
    yield bot
    bot.stop()


def keyboard(message: dict[str, Any] | Sent) -> list[list[tuple[str, str]]]:
    markup = message.reply_markup if isinstance(message, Sent) else message.get("reply_markup")
    rows = (markup or {}).get("inline_keyboard", [])
    return [[(b["text"], b["callback_data"]) for b in row] for row in rows]


def button(message: dict[str, Any], label: str) -> str:
    return next(data for row in keyboard(message) for text, data in row if text.startswith(label))


def edits(server: BotApiServer, chat_id: int) -> list[Call]:
    """Every editMessageText the bot called in the chat, refused or not."""
    return [c for c in server.calls("editMessageText") if str(c.params.get("chat_id")) == str(chat_id)]


def items(message: dict[str, Any]) -> list[int]:
    """The article numbers a digest message lists."""
    return [int(m[1]) for line in message["text"].splitlines() if (m := ITEM.match(line))]


def press(server: BotApiServer, chat_id: int, message_id: int, label: str) -> dict[str, Any]:
    """Press a button of the message; the message once the bot edited it and answered the query."""
    edits = len(server.edits(chat_id))
    query = server.press(
        server.private(chat_id), message_id, button(server.message(chat_id, message_id), label)
    )
    assert server.wait(lambda: len(server.edits(chat_id)) > edits and server.answered(query) is not None)
    return server.message(chat_id, message_id)


def test_summary_is_one_message_with_buttons_like_the_console(
    days_bot: BotProcess, server: BotApiServer, days_config: Path
) -> None:
    chat = server.private(3100)
    server.say(chat, "/summary")
    (sent,) = server.wait_sent(3100, 1)
    (expected,) = console(days_config, "/summary")
    assert sent.text == expected["text"]
    assert sent.text.startswith("2024年3月16日 测试日报（共 80 篇）\n【第1版 要闻】\n1. ")
    assert keyboard(sent) == [[(b["text"], b["command"]) for b in row] for row in expected["buttons"]]


def test_pressing_a_page_and_an_article_edits_the_message_in_place(
    days_bot: BotProcess, server: BotApiServer, days_config: Path
) -> None:
    chat = server.private(3200)
    server.say(chat, "/summary")
    (sent,) = server.wait_sent(3200, 1)
    first = server.message(3200, sent.message_id)
    seen = items(first)
    pages = [text for text, _ in keyboard(first)[-1]]
    assert pages == ["第2版 经济", "第3版 社会", "第4版 文化"]  # one button per other page
    for page in pages:
        seen += items(press(server, 3200, sent.message_id, page))
    assert seen == list(range(1, 81))  # every article, once
    assert len(server.sent(3200)) == 1  # all of it in the one message
    article = press(server, 3200, sent.message_id, "80")
    assert article["text"].startswith("《第4版第20条：城区第20片区完成管网改造 新增停车位》")
    assert [t for row in keyboard(article) for t, _ in row] == ["◀ 返回版面", "上一篇"]
    back = press(server, 3200, sent.message_id, "◀ 返回版面")
    assert "【第4版 文化】" in back["text"]
    assert all(c.status == 200 for c in server.calls("editMessageText"))
    assert all(c.status == 200 for c in server.calls("answerCallbackQuery"))


def test_a_double_press_edits_once_and_answers_both(days_bot: BotProcess, server: BotApiServer) -> None:
    chat = server.private(3300)
    server.say(chat, "/summary 昨天")
    (sent,) = server.wait_sent(3300, 1)
    data = button(server.message(3300, sent.message_id), "2")
    queries = [server.press(chat, sent.message_id, data) for _ in range(2)]
    assert server.wait(lambda: all(server.answered(q) is not None for q in queries))
    assert server.wait(lambda: len(edits(server, 3300)) == 2)
    assert server.message(3300, sent.message_id)["text"].startswith("《地铁2号线开始空载试运行》")
    assert len(server.sent(3300)) == 1  # no error message: the second edit changed nothing
    first, second = edits(server, 3300)
    assert first.status == 200 and second.status == 400 and "message is not modified" in str(second.error)


def test_dated_questions_name_the_day(days_bot: BotProcess, server: BotApiServer) -> None:
    chat = server.private(3400)
    server.say(chat, "前天政协会议在哪里开幕？")
    (sent,) = server.wait_sent(3400, 1)
    assert sent.text.splitlines()[0] == "日期：前天（2024年3月14日）"
    assert "青川会议中心开幕" in sent.text


def test_a_message_that_cannot_be_edited_gets_the_answer_as_a_new_message(
    days_bot: BotProcess, server: BotApiServer
) -> None:
    chat = server.private(3500)
    server.say(chat, "/summary 昨天")
    (sent,) = server.wait_sent(3500, 1)
    server.fail("editMessageText", 400, chat_id=3500)  # as for a message too old to edit
    query = server.press(chat, sent.message_id, button(server.message(3500, sent.message_id), "2"))
    replies = server.wait_sent(3500, 2)
    assert replies[1].text.startswith("《地铁2号线开始空载试运行》")
    assert keyboard(replies[1])[0][0][0] == "◀ 返回版面"
    assert server.answered(query) is not None
