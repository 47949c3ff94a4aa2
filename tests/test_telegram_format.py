"""Telegram HTML rendering and splitting, and the bot's small pure parts, without a network.

Every rendered message is checked with the test Bot API server's own HTML parser, which refuses what
Telegram refuses, and its plain text is compared with the reply's.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import re

import pytest
from botapi_server import ApiError, parse_html, utf16_len
from telegram import Chat, Message, MessageEntity, User

from bot.answers.reply import Block
from bot.doors.telegram.format import MESSAGE_LIMIT, render_messages
from bot.doors.telegram.handlers import addressed_text
from bot.doors.telegram.limits import RedactToken
from bot.state.ratelimit import FORGET_USERS_ABOVE, UserRateLimit

BOT_ID, BOT = 7_000_001, "newsbot_test_bot"


def plain(messages: list[str]) -> str:
    return "\n".join(parse_html(m)[0] for m in messages)


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_styles_become_tags_and_text_is_escaped() -> None:
    blocks = [
        Block(style="answer", text="安伟 <b>出席</b> & 讲话"),
        Block(style="text", text="a < b > c &amp;"),
        Block(style="source", text="——《“<标题>”》"),
    ]
    (message,) = render_messages(blocks)
    assert message == (
        "<b>安伟 &lt;b&gt;出席&lt;/b&gt; &amp; 讲话</b>\na &lt; b &gt; c &amp;amp;\n<i>——《“&lt;标题&gt;”》</i>"
    )
    text, entities = parse_html(message)
    assert text == "\n".join(b.text for b in blocks)
    assert [e["type"] for e in entities] == ["bold", "italic"]


def test_empty_reply_gives_no_message() -> None:
    assert render_messages([]) == []
    assert render_messages([Block(style="text", text="  \n ")]) == []


def test_long_reply_splits_at_paragraphs_and_keeps_every_character() -> None:
    paragraph = "郑州市召开会议，部署二季度经济工作 & 防汛 <重点>。" * 12
    blocks = [Block(style="answer", text="答：" + paragraph)]
    blocks += [Block(style="text", text=f"{i}. {paragraph}") for i in range(30)]
    blocks += [Block(style="source", text="——《全市一季度经济运行分析会议召开》")]
    messages = render_messages(blocks)
    assert len(messages) > 1
    for message in messages:
        assert utf16_len(message) <= MESSAGE_LIMIT
        parse_html(message)  # balanced tags, nothing unescaped
        # Cuts fall between blocks here: every message starts a block and ends one.
        assert re.match(r"^(<b>答：|<i>|\d+\. )", message)
    assert plain(messages) == "\n".join(b.text for b in blocks)


def test_one_huge_line_splits_at_sentence_ends_inside_tags() -> None:
    sentence = "安伟强调，要奋力拉平拉高，实现“双双过半”！"
    text = sentence * 400
    messages = render_messages([Block(style="answer", text=text)])
    assert len(messages) >= 2
    for message in messages:
        assert message.startswith("<b>") and message.endswith("</b>")
        assert utf16_len(message) <= MESSAGE_LIMIT
        assert parse_html(message)[0].endswith("！")
    assert squeeze(plain(messages)) == squeeze(text)


def test_words_and_entities_are_never_cut() -> None:
    words = [f"transportation{i}&co" for i in range(600)]
    text = " ".join(words)
    messages = render_messages([Block(style="text", text=text)])
    assert len(messages) >= 2
    seen: list[str] = []
    for message in messages:
        assert utf16_len(message) <= MESSAGE_LIMIT
        seen += parse_html(message)[0].split()
    assert seen == words


def test_text_without_any_boundary_is_cut_anyway() -> None:
    emoji = "😀" * 5000  # two UTF-16 units each, as Telegram counts
    messages = render_messages([Block(style="text", text=emoji)])
    assert all(utf16_len(m) <= MESSAGE_LIMIT for m in messages)
    assert "".join(messages) == emoji
    assert len(messages) == 3


def test_the_test_server_refuses_what_telegram_refuses() -> None:
    for bad in ("a < b", "<b>x", "x</i>", "<b><i>x</b></i>", "<script>x</script>", "<a>x</a>"):
        with pytest.raises(ApiError, match="can't parse entities"):
            parse_html(bad)
    assert parse_html("&lt;b&gt; &amp;amp; &#9731; a & b")[0] == "<b> &amp; ☃ a & b"


def test_user_rate_limit_refuses_politely_once_per_window() -> None:
    limit = UserRateLimit(per_minute=3)
    verdicts = [limit.check(1, now=t) for t in (0, 1, 2, 3, 4, 5)]
    assert verdicts == ["ok", "ok", "ok", "tell", "quiet", "quiet"]
    assert limit.check(2, now=5) == "ok"  # other users are not affected
    assert limit.check(1, now=60.5) == "ok"  # the first message left the window


def _message(text: str, chat_type: str = "group", reply_to_bot: bool = False) -> Message:
    entities = [
        MessageEntity(MessageEntity.MENTION, m.start(), len(m.group())) for m in re.finditer(r"@\w+", text)
    ]
    bot_message = None
    if reply_to_bot:
        bot_message = Message(
            1, dt.datetime.now(dt.UTC), Chat(-5, chat_type), from_user=User(BOT_ID, "News", True), text="答"
        )
    return Message(
        2,
        dt.datetime.now(dt.UTC),
        Chat(-5 if chat_type != "private" else 5, chat_type),
        from_user=User(5, "Reader", False),
        text=text,
        entities=entities,
        reply_to_message=bot_message,
    )


def test_groups_answer_mentions_and_replies_only() -> None:
    assert addressed_text(_message(f"@{BOT} 郑州市委书记是谁？"), BOT, BOT_ID) == "郑州市委书记是谁？"
    assert addressed_text(_message(f"请问 @{BOT.upper()} 谁主持会议"), BOT, BOT_ID) == "请问 谁主持会议"
    assert addressed_text(_message("今天天气不错"), BOT, BOT_ID) is None
    assert addressed_text(_message("@other_bot 你好"), BOT, BOT_ID) is None
    assert addressed_text(_message("那会议在哪里开？", reply_to_bot=True), BOT, BOT_ID) == "那会议在哪里开？"
    assert addressed_text(_message("随便聊聊", chat_type="private"), BOT, BOT_ID) == "随便聊聊"
    assert addressed_text(_message(f"@{BOT}\n第一行\n第二行"), BOT, BOT_ID) == "第一行\n第二行"


def test_the_token_never_reaches_a_log_line() -> None:
    token = "123456:SECRET-token_value"
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RedactToken(token))
    logger = logging.getLogger("test.redact")
    logger.addHandler(handler)
    try:
        logger.warning("calling https://api.telegram.org/bot%s/getMe", token)
        try:
            raise RuntimeError(f"failed at /bot{token}/sendMessage")
        except RuntimeError:
            logger.exception("send failed")
    finally:
        logger.removeHandler(handler)
    output = stream.getvalue()
    assert token not in output
    assert output.count("<token>") == 2 and "RuntimeError" in output


def test_user_rate_limit_forgets_quiet_users() -> None:
    limit = UserRateLimit(per_minute=2)
    for user in range(FORGET_USERS_ABOVE + 1):
        limit.check(user, now=0)
    assert limit.check(-1, now=61) == "ok"  # every earlier user has been quiet for a minute
    assert len(limit._seen) == 1
    assert [limit.check(-1, now=62), limit.check(-1, now=63)] == ["ok", "tell"]
