"""Issue 19 at the Telegram door, each fault against the real bot process and the Bot API test server:
bad webhook bodies, full-width subscription times, empty inline queries over the limit, a malformed Bot
API URL, a corpus path that is a file, a state folder the bot cannot write."""

from __future__ import annotations

import configparser
import json
import os
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from botapi_server import BotApiServer
from conftest import REPO, TG_TOKEN, BotProcess, free_port, post_update, write_config

from bot.config import load_settings, written_folders

pytestmark = [pytest.mark.slow, pytest.mark.e2e]

SECRET = "faults_secret_1"


def run(config: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """`newsbot <args> --config config` to its end, with the token and the given variables only."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith("TELEGRAM_")}
    return subprocess.run(
        [sys.executable, "-m", "bot", *args, "--config", str(config)],
        env={**clean, "TELEGRAM_BOT_TOKEN": TG_TOKEN, **(env or {})},
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.fixture(scope="module")
def server() -> Iterator[BotApiServer]:
    server = BotApiServer(TG_TOKEN).start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def hooked(
    tmp_path_factory: pytest.TempPathFactory, tg_corpus: Path, server: BotApiServer
) -> Iterator[tuple[BotProcess, str]]:
    """A webhook bot, 3 messages per user per minute; its webhook URL."""
    port = free_port()
    url = f"http://127.0.0.1:{port}/hook"
    webhook = {"listen": "127.0.0.1", "port": port, "path": "hook", "url": url, "secret_token": SECRET}
    keys = {"mode": "webhook", "webhook": webhook, "rate_limit_per_minute": 3}
    folder = tmp_path_factory.mktemp("faults")
    bot = BotProcess.start(server, write_config(folder, tg_corpus, keys), ready="setWebhook")
    yield bot, url
    assert bot.stop() == 0


def test_webhook_bodies_that_are_no_update_get_400(
    hooked: tuple[BotProcess, str], server: BotApiServer
) -> None:
    bot, url = hooked
    bodies = [b"[1,2]", b"null", b'"s"', b"12", b'{"update_id":"abc"}', b'{"update_id":true}', b"{"]
    statuses = []
    for body in bodies:
        request = urllib.request.Request(url, data=body, method="POST")
        request.add_header("X-Telegram-Bot-Api-Secret-Token", SECRET)
        try:
            with urllib.request.urlopen(request, timeout=5) as response:
                statuses.append(response.status)
        except urllib.error.HTTPError as exc:
            statuses.append(exc.code)
    assert statuses == [400] * len(bodies)
    reader = server.private(6101)
    assert post_update(url, {"update_id": 1, "message": server.say(reader, "/start")}, SECRET) == 200
    assert server.wait_sent(6101, 1)  # still serving
    assert "Traceback" not in bot.log()
    assert bot.log().count("refused a request that is not an update (400)") == len(bodies)


def test_full_width_digits_in_a_subscription_time(
    hooked: tuple[BotProcess, str], server: BotApiServer
) -> None:
    bot, _ = hooked
    texts = load_settings(bot.config).telegram.texts
    set_at = texts.subscribed_at.format(time="07:30", zone="Asia/Shanghai")
    chat = server.private(6201)
    server.say(chat, "/subscribe 07:3０")
    assert server.wait_sent(6201, 1)[0].text == set_at  # 07:30, not 07:3０ (which fired at 07:40)
    server.say(chat, "/subscribe ０７：３０")
    assert server.wait_sent(6201, 2)[1].text == texts.subscription_unchanged.format(current=set_at)


def test_empty_inline_queries_count_against_the_limit(
    hooked: tuple[BotProcess, str], server: BotApiServer
) -> None:
    bot, _ = hooked
    rate_limited = load_settings(bot.config).telegram.texts.rate_limited
    for _ in range(3):
        assert server.inline_results(server.inline(6301, "市图书馆什么时候开放？")) is not None
    queries = [server.inline(6301, "") for _ in range(20)]
    assert server.inline_results(queries[0]) == []
    server.wait(lambda: False, timeout=2)  # room for any answer to the others
    answered = [
        c for c in server.calls("answerInlineQuery") if c.params.get("inline_query_id") in set(queries)
    ]
    assert len(answered) == 1 and json.loads(answered[0].params["button"])["text"] == rate_limited


def test_a_malformed_bot_api_url_is_a_configuration_error(tmp_path: Path, tg_corpus: Path) -> None:
    config = write_config(tmp_path, tg_corpus, {"startup_retries": -1})
    for url in ("htp//127.0.0.1:1/bot", "not a url", "http://127.0.0.1:99999/bot", "http:///bot"):
        result = run(config, "run", env={"TELEGRAM_API_BASE_URL": url})
        assert result.returncode == 2, result.stderr
        assert result.stderr.strip().splitlines() == [
            result.stderr.strip().splitlines()[-1]
        ] and result.stderr.startswith("config error: TELEGRAM_API_BASE_URL: "), result.stderr


def test_a_corpus_path_that_is_a_file_refuses_to_start(tmp_path: Path, server: BotApiServer) -> None:
    corpus = tmp_path / "corpus.json"
    corpus.write_text("{}", encoding="utf-8")
    config = write_config(tmp_path, corpus, {})
    result = run(config, "run", env={"TELEGRAM_API_BASE_URL": server.base_url})
    assert result.returncode == 2
    assert result.stderr.strip() == f"config error: paths.corpus: {corpus}: is not a folder " + (
        "(run `newsbot ingest` or fix the path)"
    )


def test_an_unwritable_state_folder_is_one_line_at_check_and_at_start(
    tmp_path: Path, tg_corpus: Path, server: BotApiServer
) -> None:
    config = write_config(tmp_path, tg_corpus, {})
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("", encoding="utf-8")
    text = config.read_text(encoding="utf-8").replace("paths:\n", f"paths:\n  state: {blocker}/state\n")
    config.write_text(text, encoding="utf-8")
    check = run(config, "config", "--check")
    assert check.returncode == 2 and check.stderr.startswith(f"config error: paths.state: {blocker}/state: ")
    started = run(config, "run", env={"TELEGRAM_API_BASE_URL": server.base_url})
    assert started.returncode == 2, started.stderr
    last = started.stderr.strip().splitlines()[-1]
    assert (
        last.startswith(f"config error: paths.state: {blocker}/state: ") and "Traceback" not in started.stderr
    )


def test_the_systemd_unit_lets_the_bot_write_every_folder_it_writes() -> None:
    unit = configparser.ConfigParser(strict=False, interpolation=None)
    unit.read(REPO / "deploy" / "newsbot.service", encoding="utf-8")
    service = unit["Service"]
    home = Path(service["WorkingDirectory"])
    writable = [Path(p) for p in service["ReadWritePaths"].split()]
    settings = load_settings(REPO / "config.yaml")  # the shipped config, installed in the unit's home
    assert service["ExecStart"].endswith(f"--config {home / 'config.yaml'}")
    for key, folder in written_folders(settings).items():
        installed = home / folder.relative_to(REPO)
        assert any(installed.is_relative_to(w) for w in writable), f"{key}: {installed} is not writable"
    assert service.get("ProtectSystem") == "strict"


def test_a_year_zero_and_a_day_after_the_newest_get_clear_replies(
    hooked: tuple[BotProcess, str], server: BotApiServer
) -> None:
    bot, _ = hooked
    chat = server.private(6401)
    server.say(chat, "/summary 〇〇〇〇年")
    server.say(chat, "/articles 2099-01-01")
    replies = [r.text for r in server.wait_sent(6401, 2)]
    assert replies[0].startswith("没有〇〇〇〇年的报纸") and replies[1].startswith("没有2099年1月1日的报纸")
    assert server.inline_results(server.inline(6402, "〇〇〇〇年的新闻")) is not None  # answered
    assert "Traceback" not in bot.log() and "year 0 is out of range" not in bot.log()
