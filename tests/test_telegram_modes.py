"""The bot's other ways to run: webhook mode with a secret and an allow-list, the token from a file,
graceful SIGTERM with a reply in flight, and a config mistake reported in one line."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from botapi_server import BotApiServer
from conftest import TG_ADMIN, TG_TOKEN, BotProcess, free_port, post_update, write_config

from bot.config import ConfigError, Settings, telegram_token
from bot.corpus.models import Article, Paragraph, SourceSpan, write_corpus

pytestmark = [pytest.mark.slow, pytest.mark.e2e]

EXAMPLE = "郑州市委书记是谁？"
BOT = "newsbot_test_bot"
SECRET = "s3cret_Webhook-token"


def assert_token_not_logged(bot: BotProcess) -> None:
    secret = TG_TOKEN.split(":")[1]
    assert all(TG_TOKEN not in line and secret not in line for line in bot.log().splitlines())


def test_webhook_mode_checks_the_secret_and_the_allow_list(
    tmp_path: Path, tg_big_corpus: Path, server: BotApiServer, console_answer: Any
) -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}/hook"
    webhook = {"listen": "127.0.0.1", "port": port, "path": "hook", "url": url, "secret_token": SECRET}
    config = write_config(
        tmp_path, tg_big_corpus, {"mode": "webhook", "webhook": webhook, "allowed_chats": [2101, -2102]}
    )
    bot = BotProcess.start(server, config, ready="setWebhook")
    try:
        assert server.state.webhook_url == url and server.state.webhook_secret == SECRET
        allowed, group, stranger = server.private(2101), server.group(-2102), server.private(2103)
        server.say(stranger, EXAMPLE)
        server.say(allowed, EXAMPLE)
        server.say(group, f"@{BOT} {EXAMPLE}", user_id=77)
        expected, headlines = console_answer(EXAMPLE, "/articles", config=config)
        assert [r.text for r in server.wait_sent(2101, 1)] == [expected.strip()]
        assert [r.text for r in server.wait_sent(-2102, 1)] == [expected.strip()]
        assert server.wait(lambda: server.pending_updates() == 0)
        assert server.sent(2103) == []  # not on the allow-list: silence
        forged = {"update_id": 9999, "message": {**server.say(allowed, "/start"), "text": "/articles"}}
        assert post_update(url, forged, "wrong-secret") == 403
        assert post_update(url, forged, None) == 403
        replies = server.wait_sent(2101, 2)
        assert len(replies) == 2 and replies[1].text.startswith("测试问候")  # /start, never /articles
        # More than 4,096 characters of headlines: several messages, cut between lines, nothing lost.
        server.say(allowed, "/articles")
        parts = lambda: server.sent(2101)[2:]  # noqa: E731
        assert server.wait(lambda: "\n".join(p.text for p in parts()) == headlines.strip())
        assert len(parts()) >= 2 and all(len(p.text) <= 4096 for p in parts())
        assert all(re.match(r"\d+\. ", p.text) for p in parts())  # each part starts at a headline
        assert not [c for c in server.calls("sendMessage") if c.status != 200]
        # Telegram's own deliveries carry the right secret and are accepted (an early one may find the
        # port not yet open: PTB calls setWebhook before it starts serving; the server retries).
        assert 200 in server.state.webhook_statuses and 403 not in server.state.webhook_statuses
        assert server.calls("getUpdates") == []
    finally:
        code = bot.stop(signal.SIGINT)
    assert code == 0
    assert_token_not_logged(bot)


def test_sigterm_finishes_the_reply_in_flight_and_exits_0(
    tmp_path: Path, tg_corpus: Path, server: BotApiServer, console_answer: Any
) -> None:
    token_file = tmp_path / "token"
    token_file.write_text(TG_TOKEN + "\n", encoding="utf-8")
    config = write_config(tmp_path, tg_corpus, {"token_file": str(token_file)})
    bot = BotProcess.start(server, config, token_in_env=False)
    server.fail("sendMessage", 429, retry_after=2)
    server.say(server.private(2201), EXAMPLE)
    assert server.wait(lambda: any(c.status == 429 for c in server.calls("sendMessage")))
    assert bot.stop(signal.SIGTERM) == 0  # while the reply waits out the flood control
    (expected,) = console_answer(EXAMPLE)
    assert [r.text for r in server.sent(2201)] == [expected.strip()]
    assert "stopped" in bot.log().splitlines()[-1]
    assert_token_not_logged(bot)


def test_webhook_mode_without_a_url_is_a_config_error(tmp_path: Path, tg_corpus: Path) -> None:
    config = write_config(tmp_path, tg_corpus, {"mode": "webhook"})
    env = {k: v for k, v in os.environ.items() if not k.startswith("TELEGRAM_")}
    result = subprocess.run(
        [sys.executable, "-m", "bot", "run", "--config", str(config)],
        env={**env, "TELEGRAM_BOT_TOKEN": TG_TOKEN},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert (
        result.stderr.strip().splitlines()[-1]
        == "config error: telegram.webhook.url: required in webhook mode"
    )
    assert TG_TOKEN not in result.stderr + result.stdout


def test_a_rejected_token_is_reported_without_the_token(
    tmp_path: Path, tg_corpus: Path, server: BotApiServer
) -> None:
    wrong = "999999:WrongTokenValueThatMustNotBeLogged"
    config = write_config(tmp_path, tg_corpus, {"startup_retries": 0})
    env = {k: v for k, v in os.environ.items() if not k.startswith("TELEGRAM_")}
    result = subprocess.run(
        [sys.executable, "-m", "bot", "run", "--config", str(config)],
        env={**env, "TELEGRAM_BOT_TOKEN": wrong, "TELEGRAM_API_BASE_URL": server.base_url},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert result.stderr.strip().splitlines()[-1] == "config error: telegram: the Bot API rejected the token"
    assert [c.status for c in server.calls("getMe")] == [401]
    assert "WrongTokenValue" not in result.stderr + result.stdout


def test_token_file_named_by_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    secret = tmp_path / "telegram_bot_token"
    secret.write_text(f"  {TG_TOKEN}\n", encoding="utf-8")
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN_FILE", str(secret))
    assert telegram_token(Settings()) == TG_TOKEN
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN_FILE", str(tmp_path / "missing"))
    with pytest.raises(ConfigError, match=r"^TELEGRAM_BOT_TOKEN_FILE: cannot read"):
        telegram_token(Settings())


def test_reload_swaps_in_the_corpus_as_it_is_now(
    tmp_path: Path, tg_corpus: Path, server: BotApiServer
) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(tg_corpus, corpus)
    config = write_config(tmp_path, corpus, {"base_url": server.base_url})
    bot = BotProcess.start(server, config, api_in_env=False)  # the base URL from the config file
    try:
        admin = server.private(TG_ADMIN)
        server.say(admin, "/articles")
        (before,) = server.wait_sent(TG_ADMIN, 1)
        headline = "市政府召开防汛工作专题会议 部署汛期安全措施"
        paragraph = Paragraph(
            text="本报讯 市政府召开防汛工作专题会议。",
            source=SourceSpan(file="new.txt", line_start=1, line_end=1),
        )
        write_corpus(
            [Article(id="zz_new-01", page="zz_new", headline=headline, paragraphs=[paragraph])], corpus
        )
        server.say(admin, "/articles")
        assert server.wait_sent(TG_ADMIN, 2)[1].text == before.text  # nothing changes until /reload
        server.say(admin, "/reload")
        articles = len(list(corpus.glob("*.json")))
        assert server.wait_sent(TG_ADMIN, 3)[2].text == f"新闻已重新载入：共 {articles} 篇。"
        server.say(admin, "/articles")
        after = server.wait_sent(TG_ADMIN, 4)[3].text
        assert headline in after and headline not in before.text
        assert len(after.splitlines()) == len(before.text.splitlines()) + 1
    finally:
        assert bot.stop() == 0
