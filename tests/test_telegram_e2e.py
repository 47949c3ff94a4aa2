"""The real bot process over HTTP against tests/botapi_server.py: scripted users, replies read back.

Assertions hold whatever the retrieval finds: one reply per message, valid HTML (the server rejects
anything Telegram would), the greeting from the config, and the same text as `newsbot ask` prints.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
from botapi_server import BotApiServer
from conftest import TG_ADMIN, TG_GREETING, TG_TOKEN, BotProcess

from bot.corpus.models import Article

pytestmark = [pytest.mark.slow, pytest.mark.e2e]

EXAMPLE = "郑州市委书记是谁？"
BOT = "newsbot_test_bot"


def bad_requests(server: BotApiServer) -> list[Any]:
    return [c for c in server.calls("sendMessage") if c.status == 400]


def test_start_greets_with_the_configured_text(tg_bot: BotProcess, tg_server: BotApiServer) -> None:
    replies = tg_server.ask(1001, "/start")
    assert [r.text for r in replies] == [TG_GREETING.format(example=EXAMPLE)]


def test_question_gets_one_reply_equal_to_the_console(
    tg_bot: BotProcess, tg_server: BotApiServer, console_answer: Any
) -> None:
    replies = tg_server.ask(1002, EXAMPLE)
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
    replies = tg_server.ask(1003, question)
    assert len(replies) == 1
    (expected,) = console_answer(question)
    # The server decodes the HTML the bot sent: equal text means every <, > and & was escaped.
    assert replies[0].text == expected.strip()
    assert not bad_requests(tg_server)


def test_commands_menu_is_registered_in_chinese(tg_bot: BotProcess, tg_server: BotApiServer) -> None:
    commands = {c["command"]: c["description"] for c in tg_server.state.commands}
    assert set(commands) == {"start", "help", "summary", "who", "articles", "subscribe", "unsubscribe"}
    assert all(any("\u4e00" <= ch <= "\u9fff" for ch in d) for d in commands.values())


def test_help_who_summary_articles_answer_once_like_the_console(
    tg_bot: BotProcess, tg_server: BotApiServer, console_answer: Any
) -> None:
    commands = ["/help", "/who 安伟", "/summary", "/summary 1", "/articles"]
    expected = console_answer(*commands)
    for i, (command, text) in enumerate(zip(commands, expected, strict=True)):
        replies = tg_server.ask(1100 + i, command)
        assert "".join(r.text for r in replies) == text.strip(), command
    assert not bad_requests(tg_server)


def test_news_text_with_markup_is_escaped(
    tg_bot: BotProcess, tg_server: BotApiServer, console_answer: Any
) -> None:
    # The test corpus holds an article headlined “<智慧交通>”试点 & A&B 项目启动.
    questions = ["/articles", "智慧交通试点项目什么时候启动？"]
    for i, (question, text) in enumerate(zip(questions, console_answer(*questions), strict=True)):
        replies = tg_server.ask(1200 + i, question)
        assert [r.text for r in replies] == [text.strip()]
    assert "“<智慧交通>”试点 & A&B" in tg_server.sent(1200)[0].text
    assert not bad_requests(tg_server)


def test_emoji_only_and_a_sticker(tg_bot: BotProcess, tg_server: BotApiServer, console_answer: Any) -> None:
    emoji, empty = console_answer("😀🎉👍", "")
    assert [r.text for r in tg_server.ask(1300, "😀🎉👍")] == [emoji.strip()]
    chat = tg_server.private(1301)
    tg_server.sticker(chat)
    assert [r.text for r in tg_server.wait_sent(1301, 1)] == [empty.strip()]


def test_a_4000_character_message_gets_one_reply_like_the_console(
    tg_bot: BotProcess, tg_server: BotApiServer, console_answer: Any
) -> None:
    question = ("郑州市一季度经济运行情况怎么样" * 300)[:4000]
    replies = tg_server.ask(1400, question)
    (expected,) = console_answer(question)
    assert [r.text for r in replies] == [expected.strip()]
    assert not bad_requests(tg_server)


def test_source_button_shows_the_full_paragraph(
    tg_bot: BotProcess, tg_server: BotApiServer, tg_corpus: Path
) -> None:
    # Ask each article's headline: at least the engine's found answers carry the button.
    articles = [Article.model_validate_json(p.read_bytes()) for p in sorted(tg_corpus.glob("*.json"))]
    with_button = []
    for i, article in enumerate(articles):
        replies = tg_server.ask(1500 + i, article.headline)
        with_button += [r for r in replies if r.reply_markup]
    assert with_button, "no answer carried a source button"
    reply = with_button[0]
    data = reply.reply_markup["inline_keyboard"][0][0]["callback_data"]  # type: ignore[index]
    _, article_id, index = data.split("|")
    query = tg_server.press(tg_server.private(reply.chat_id), reply.message_id, data)
    shown = tg_server.wait_sent(reply.chat_id, len(tg_server.sent(reply.chat_id)) + 1)[-1]
    article = next(a for a in articles if a.id == article_id)
    assert shown.text == f"{article.headline}\n{article.paragraphs[int(index)].text}"
    assert tg_server.state.callback_queries[query] is not None  # answered, so the client stops spinning


def test_group_answers_commands_mentions_and_replies_only(
    tg_bot: BotProcess, tg_server: BotApiServer, console_answer: Any
) -> None:
    for chat_id, supergroup in ((-2001, False), (-1002002, True)):
        group = tg_server.group(chat_id, supergroup)
        said = [
            tg_server.say(group, "今天天气不错，大家好", user_id=11),
            tg_server.say(group, "/who@other_bot 安伟", user_id=11),
            tg_server.say(group, "/foo 不是给我的命令", user_id=12),
            tg_server.say(group, f"/who@{BOT} 安伟", user_id=11),
            tg_server.say(group, f"@{BOT} {EXAMPLE}", user_id=12),
        ]
        replies = tg_server.wait_sent(chat_id, 2)
        follow_up = tg_server.say(group, "会议是哪天召开的？", user_id=13, reply_to=replies[-1].message_id)
        replies = tg_server.wait_sent(chat_id, 3)
        tg_server.say(group, f"/start@{BOT}", user_id=13)
        replies = tg_server.wait_sent(chat_id, 4)
        expected = console_answer("/who 安伟", EXAMPLE, "会议是哪天召开的？", "/start")
        assert [r.text for r in replies] == [t.strip() for t in expected]
        # Each reply quotes the message it answers; the chatter and other bots' commands got none.
        answered = [said[3]["message_id"], said[4]["message_id"], follow_up["message_id"]]
        assert [r.reply_to for r in replies[:3]] == answered
        assert tg_server.wait(lambda: tg_server.pending_updates() == 0)
    assert not bad_requests(tg_server)


def test_per_user_rate_limit_refuses_politely(tg_bot: BotProcess, tg_server: BotApiServer) -> None:
    chat = tg_server.private(1600)
    for i in range(11):  # the test config allows 8 a minute
        tg_server.say(chat, f"第{i}个问题：安伟强调了什么？")
    replies = tg_server.wait_sent(1600, 9)
    assert tg_server.wait(lambda: tg_server.pending_updates() == 0)
    refusals = [r for r in replies if r.text == "您发送得太快了，请稍等一分钟再问。"]
    assert len(replies) == 9 and len(refusals) == 1


def test_many_chats_each_answered_once_and_in_order(
    tg_bot: BotProcess, tg_server: BotApiServer, console_answer: Any
) -> None:
    script = ["/start", "/help", "/articles", "/start", "/help"]
    expected = [t.strip() for t in console_answer(*script)]
    privates = [tg_server.private(3000 + i) for i in range(20)]
    groups = [tg_server.group(-3000 - i, supergroup=i % 2 == 0) for i in range(20)]
    questions: dict[int, list[int]] = {g.id: [] for g in groups}
    for step in range(5):  # interleaved: every chat's message k before any chat's message k+1
        for chat in privates:
            tg_server.say(chat, script[step])
        for i, chat in enumerate(groups):
            message = tg_server.say(chat, f"@{BOT} 第{step}问：安伟出席了什么会议？", user_id=4000 + i)
            questions[chat.id].append(message["message_id"])
    for chat in privates:
        assert [r.text for r in tg_server.wait_sent(chat.id, 5, timeout=60)] == expected
    for chat in groups:
        replies = tg_server.wait_sent(chat.id, 5, timeout=60)
        assert [r.reply_to for r in replies] == questions[chat.id]
    assert tg_server.wait(lambda: tg_server.pending_updates() == 0)
    assert len(tg_server.sent(None)) == len({(s.chat_id, s.message_id) for s in tg_server.sent(None)})
    assert sum(len(tg_server.sent(c.id)) for c in privates + groups) == 200
    assert not bad_requests(tg_server)


def test_flood_control_429_is_honoured_and_nothing_lost(tg_bot: BotProcess, tg_server: BotApiServer) -> None:
    tg_server.fail("sendMessage", 429, retry_after=2, chat_id=1700)
    replies = tg_server.ask(1700, EXAMPLE)
    assert tg_server.wait(lambda: len(calls_for(tg_server, "sendMessage", 1700)) == 2)
    calls = calls_for(tg_server, "sendMessage", 1700)
    assert [c.status for c in calls] == [429, 200]
    assert calls[1].at - calls[0].at >= 2.0
    assert len(replies) == 1 and len(tg_server.sent(1700)) == 1


def test_a_burst_of_5xx_is_survived(tg_bot: BotProcess, tg_server: BotApiServer, console_answer: Any) -> None:
    tg_server.fail("getUpdates", 502, times=3)
    tg_server.fail("sendMessage", 500, times=2)
    chats = [tg_server.private(1800 + i) for i in range(3)]
    for chat in chats:
        tg_server.say(chat, EXAMPLE)
    (expected,) = console_answer(EXAMPLE)
    for chat in chats:
        assert [r.text for r in tg_server.wait_sent(chat.id, 1, timeout=30)] == [expected.strip()]
    assert [r.text for r in tg_server.ask(1803, EXAMPLE)] == [expected.strip()]  # still serving
    assert not tg_server.state.faults["getUpdates"] and not tg_server.state.faults["sendMessage"]
    # Polling errors are logged in one line each, without a traceback.
    lines = tg_bot.log().splitlines()
    failures = [i for i, line in enumerate(lines) if "fetching updates failed" in line]
    assert failures
    assert all(not lines[i + 1].startswith("Traceback") for i in failures if i + 1 < len(lines))


def test_a_failing_update_is_logged_and_the_user_told(tg_bot: BotProcess, tg_server: BotApiServer) -> None:
    tg_server.fail("sendMessage", 400)
    replies = tg_server.ask(1900, EXAMPLE)
    assert [r.text for r in replies] == ["抱歉，处理您的消息时出了点问题，请稍后再试。"]
    assert "Traceback" in tg_bot.log() and "BadRequest: Injected fault" in tg_bot.log()
    assert len(tg_server.ask(1900, "/start")) == 1  # the chat keeps working


def test_reload_is_for_admins_and_questions_meanwhile_are_answered(
    tg_bot: BotProcess, tg_server: BotApiServer, tg_corpus: Path
) -> None:
    assert [r.text for r in tg_server.ask(1950, "/reload")] == ["只有管理员可以使用 /reload。"]
    admin = tg_server.private(TG_ADMIN)
    readers = [tg_server.private(1960 + i) for i in range(5)]
    tg_server.say(admin, "/reload")
    for chat in readers:
        tg_server.say(chat, EXAMPLE)
    articles = len(list(tg_corpus.glob("*.json")))
    assert [r.text for r in tg_server.wait_sent(TG_ADMIN, 1)] == [f"新闻已重新载入：共 {articles} 篇。"]
    for chat in readers:
        assert len(tg_server.wait_sent(chat.id, 1)) == 1
    assert len(tg_server.ask(1970, EXAMPLE)) == 1  # the new engine answers


def test_the_token_is_in_no_log_line(tg_bot: BotProcess) -> None:
    log = tg_bot.log()
    assert "ready (polling mode)" in log and "Traceback" in log  # the log saw errors, not just start-up
    secret = TG_TOKEN.split(":")[1]
    assert all(TG_TOKEN not in line and secret not in line for line in log.splitlines())


def test_typing_indicators_do_not_slow_a_busy_group(tg_bot: BotProcess, tg_server: BotApiServer) -> None:
    # Flood control allows 20 messages a minute in one group: 15 answers fit, with their 15 typing
    # indicators, only if the indicators do not spend that budget.
    group = tg_server.group(-1002900, supergroup=True)
    asked = [
        tg_server.say(group, f"@{BOT} 第{i}问：会议部署了什么工作？", user_id=2900 + i) for i in range(15)
    ]
    replies = tg_server.wait_sent(group.id, 15, timeout=10)
    assert [r.reply_to for r in replies] == [m["message_id"] for m in asked]
    typing = [c for c in tg_server.calls("sendChatAction") if c.params.get("chat_id") == str(group.id)]
    assert len(typing) >= 15


def test_a_slow_chat_does_not_hold_up_the_others(
    tg_bot: BotProcess, tg_server: BotApiServer, console_answer: Any
) -> None:
    slow, quick = tg_server.private(2500), tg_server.private(2501)
    tg_server.slow(slow.id, 3.0)
    tg_server.say(slow, "/start")
    tg_server.say(slow, "/help")  # waits behind /start: same chat, in order
    tg_server.say(quick, "/start")
    (quick_reply,) = tg_server.wait_sent(quick.id, 1)
    slow_replies = tg_server.wait_sent(slow.id, 2)
    assert quick_reply.at < slow_replies[0].at < slow_replies[1].at
    assert [r.text for r in slow_replies] == [t.strip() for t in console_answer("/start", "/help")]


def test_a_send_that_timed_out_is_not_repeated(tg_bot: BotProcess, tg_server: BotApiServer) -> None:
    # Delivered at once, answered after python-telegram-bot's 5 s read timeout: the client cannot know
    # the message arrived, and repeating it would show the reader the answer twice.
    chat = tg_server.private(2600)
    tg_server.late(chat.id, 7.0)
    tg_server.say(chat, "/start")
    assert tg_server.wait(lambda: "may have been delivered" in tg_bot.log(), timeout=20)
    assert tg_server.wait(lambda: len(calls_for(tg_server, "sendMessage", chat.id)) >= 1, timeout=10)
    time.sleep(2)  # room for a wrong retry to show up
    assert len(tg_server.sent(chat.id)) == 1
    assert len(calls_for(tg_server, "sendMessage", chat.id)) == 1
    assert len(tg_server.ask(chat.id, "/help")) == 1  # the chat keeps working, nothing else was sent


def test_one_chats_flood_wait_does_not_delay_another(tg_bot: BotProcess, tg_server: BotApiServer) -> None:
    flooded, other = tg_server.private(2700), tg_server.private(2701)
    tg_server.fail("sendMessage", 429, retry_after=8, chat_id=flooded.id)
    tg_server.say(flooded, "/start")
    assert tg_server.wait(lambda: bool(calls_for(tg_server, "sendMessage", flooded.id)))
    refused = calls_for(tg_server, "sendMessage", flooded.id)[0]
    assert refused.status == 429
    tg_server.say(other, "/start")
    (reply,) = tg_server.wait_sent(other.id, 1)
    (late,) = tg_server.wait_sent(flooded.id, 1, timeout=30)
    assert reply.at < late.at  # not held behind the other chat's 8 s
    assert late.at - refused.at >= 8
    assert tg_server.wait(lambda: len(calls_for(tg_server, "sendMessage", flooded.id)) == 2)
    assert [c.status for c in calls_for(tg_server, "sendMessage", flooded.id)] == [429, 200]


def calls_for(server: BotApiServer, method: str, chat_id: int) -> list[Any]:
    return [c for c in server.calls(method) if str(c.params.get("chat_id")) == str(chat_id)]
