"""`newsbot web` as a real process over HTTP: refused without a token, 401 without or with a wrong one,
a login form for browsers, and every page and CSV rendered from a log of 100,000 entries (how fast is
`newsbot bench --web`'s to say, not this test's)."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from conftest import REPO, free_port

from bot.state.question_log import LogEntry, new_entry_id
from bot.state.question_log_sqlite import SqliteQuestionLog

pytestmark = [pytest.mark.slow, pytest.mark.e2e]

TOKEN = "editors-token-0123456789"
ENTRIES = 100_000
TOPICS = 500


@dataclass
class WebProcess:
    url: str
    process: subprocess.Popen[bytes]
    log_path: Path

    def get(
        self, path: str, token: str | None = TOKEN, accept: str = "*/*"
    ) -> tuple[int, str, dict[str, str]]:
        request = urllib.request.Request(self.url + path, headers={"Accept": accept})
        if token is not None:
            request.add_header("Authorization", f"Bearer {token}")
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                headers = {k.lower(): v for k, v in response.headers.items()}
                return response.status, response.read().decode("utf-8"), headers
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode("utf-8"), {k.lower(): v for k, v in exc.headers.items()}


def web_config(folder: Path, corpus: Path, port: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    data = {
        "paths": {"corpus": str(corpus), "cache": str(folder / "cache"), "state": str(folder / "state")},
        "web": {"port": port},
    }
    path = folder / "config.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


def start_web(config: Path, env: dict[str, str] | None = None, timeout: float = 120) -> WebProcess:
    """`newsbot web` started with the token in the environment; returned once it answers."""
    port = yaml.safe_load(config.read_text(encoding="utf-8"))["web"]["port"]
    environment = {**os.environ, "NEWSBOT_WEB_TOKEN": TOKEN, **(env or {})}
    log_path = config.parent / "web.log"
    with log_path.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "bot", "web", "--config", str(config)],
            cwd=config.parent,
            env=environment,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    web = WebProcess(f"http://127.0.0.1:{port}", process, log_path)
    deadline = time.monotonic() + timeout
    while True:
        try:
            web.get("/login")
            return web
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                raise AssertionError(f"newsbot web did not start:\n{log_path.read_text()}") from None
            time.sleep(0.2)


def stop_web(web: WebProcess) -> None:
    web.process.terminate()
    web.process.wait(20)


def year_of_questions(state: Path) -> None:
    """100,000 invented entries over 85 days: a topic asked in several wordings, a third unanswered,
    one answer in 100 voted on."""
    log = SqliteQuestionLog(state)
    now = time.time()
    entries = []
    for i in range(ENTRIES):
        topic = f"话题{i * 7 % TOPICS:03d}"
        found = i % 3 != 0
        entries.append(
            LogEntry(
                id=new_entry_id(),
                at=now - (ENTRIES - i) * 85 * 86_400 / ENTRIES,
                question=f"{topic}怎么样了？" if (i // TOPICS) % 2 else f"{topic}现在怎么样？",
                kind="how",
                found=found,
                day=f"2026-11-{1 + i % 28:02d}",
                articles=[f"zz_article-{i % 300:03d}"] if found else [],
                first_line="回答的第一行" if found else "没有找到。",
                reader=f"{i % 4000:016x}",
                topic=topic,
                norm=topic,
            )
        )
    log.add(entries)
    for entry in entries[1::100]:
        log.vote(entry.id, "reader", "down")
    log.close()


@pytest.fixture(scope="module")
def big_web(tmp_path_factory: pytest.TempPathFactory, tg_corpus: Path) -> Iterator[WebProcess]:
    folder = tmp_path_factory.mktemp("web-big")
    config = web_config(folder, tg_corpus, free_port())
    year_of_questions(folder / "state")
    web = start_web(config, timeout=300)
    yield web
    stop_web(web)


def test_without_a_token_the_command_refuses_to_start(tmp_path: Path, tg_corpus: Path) -> None:
    config = web_config(tmp_path, tg_corpus, free_port())
    env = {k: v for k, v in os.environ.items() if k != "NEWSBOT_WEB_TOKEN"}
    result = subprocess.run(
        [sys.executable, "-m", "bot", "web", "--config", str(config)],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert "web: no token" in result.stderr and "Traceback" not in result.stderr


def test_help_documents_the_options() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bot", "web", "--help"], capture_output=True, text=True, timeout=60, cwd=REPO
    )
    assert result.returncode == 0
    assert "--listen" in result.stdout and "--port" in result.stdout and "NEWSBOT_WEB_TOKEN" in result.stdout


@pytest.mark.parametrize("path", ["/", "/unanswered", "/wrong", "/articles", "/unanswered.csv", "/article/x"])
def test_every_page_is_refused_without_the_token_or_with_a_wrong_one(big_web: WebProcess, path: str) -> None:
    for token in (None, "wrong-token-0123456789", TOKEN[:-1]):
        status, body, headers = big_web.get(path, token)
        assert status == 401, (path, token)
        assert headers.get("www-authenticate") == "Bearer"
        assert "话题" not in body
    status, body, _ = big_web.get(path, None, accept="text/html")
    assert status == 401 and 'name="token"' in body  # a browser gets the login form


def test_the_login_form_sets_a_session_and_a_wrong_token_is_refused(big_web: WebProcess) -> None:
    def login(token: str) -> tuple[int, str]:
        data = urllib.parse.urlencode({"token": token, "next": "/wrong"}).encode()
        request = urllib.request.Request(big_web.url + "/login", data=data, method="POST")
        opener = urllib.request.build_opener(NoRedirect)
        try:
            with opener.open(request, timeout=30) as response:
                return response.status, response.headers.get("Set-Cookie", "")
        except urllib.error.HTTPError as exc:
            return exc.code, exc.headers.get("Set-Cookie", "") or ""

    assert login("wrong-token-0123456789") == (401, "")
    status, cookie = login(TOKEN)
    assert status == 303 and "HttpOnly" in cookie and TOKEN not in cookie
    request = urllib.request.Request(big_web.url + "/wrong", headers={"Cookie": cookie.split(";")[0]})
    with urllib.request.urlopen(request, timeout=30) as response:
        assert response.status == 200 and "读者标为错误的回答" in response.read().decode()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def test_pages_render_from_100000_entries(big_web: WebProcess) -> None:
    status, overview, _ = big_web.get("/")
    assert status == 200 and f"<b>{ENTRIES}</b>" in overview
    status, page, _ = big_web.get("/unanswered")
    assert status == 200 and f"共 {TOPICS} 组" in page
    first = page.index('<td class="n">')
    assert page[first:].startswith(f'<td class="n">{ENTRIES // 3 // TOPICS + 1}</td>')  # most asked first
    assert "也问：" in page  # the other wording of the same question, in the same group
    status, page, _ = big_web.get("/wrong")
    assert status == 200 and "共 1000 条" in page and 'href="/article/zz_article-' in page
    status, page, _ = big_web.get("/articles?day=2026-11-05")
    assert status == 200 and "zz_article-" in page
    status, page, _ = big_web.get("/article/zz_markup-01")
    assert status == 200 and "智慧交通" in page


@pytest.mark.parametrize("name", ["overview", "unanswered", "wrong", "articles"])
def test_each_list_downloads_as_csv(big_web: WebProcess, name: str) -> None:
    query = "?day=2026-11-05" if name == "articles" else ""
    status, body, headers = big_web.get(f"/{name}.csv{query}")
    assert status == 200 and headers["content-type"].startswith("text/csv")
    assert f"newsbot-{name}.csv" in headers["content-disposition"]
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))[1:]
    if name == "overview":  # 85 days of questions: 85 or 86 calendar days
        assert len(rows) in (85, 86) and sum(int(r[1]) for r in rows) == ENTRIES
    else:
        articles_of_the_5th = {i % 300 for i in range(ENTRIES) if i % 3 and i % 28 == 4}
        assert len(rows) == {"unanswered": TOPICS, "wrong": 1000, "articles": len(articles_of_the_5th)}[name]


def test_bench_web_times_every_page(tmp_path: Path, tg_corpus: Path) -> None:
    config = web_config(tmp_path, tg_corpus, free_port())
    out = tmp_path / "bench-web.json"
    result = subprocess.run(
        [sys.executable, "-m", "bot", "bench", "--web", "2000", "--config", str(config)]
        + ["--work", str(tmp_path / "work"), "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["entries"] == 2000
    assert set(report["pages"]) >= {"/", "/unanswered", "/wrong", "/articles"}
    assert all(row["median_ms"] > 0 for row in report["pages"].values())


def test_with_the_log_in_redis_a_redis_outage_gets_503_in_words_and_the_page_comes_back(
    tmp_path: Path, tg_corpus: Path
) -> None:
    """The question log in a real redis-server that stops and starts again under the running page."""
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("redis-server is not installed (Debian: apt-get install redis-server)")
    redis_port = free_port()

    def start_redis() -> subprocess.Popen[bytes]:
        command = [
            binary,
            "--port",
            str(redis_port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
        ]
        server = subprocess.Popen(command, cwd=tmp_path, stdout=subprocess.DEVNULL)
        deadline = time.monotonic() + 20
        while True:
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", redis_port)) == 0:
                    return server
            assert server.poll() is None and time.monotonic() < deadline, "redis-server did not start"
            time.sleep(0.05)

    redis_server = start_redis()
    config = web_config(tmp_path / "site", tg_corpus, free_port())
    data = yaml.safe_load(config.read_text(encoding="utf-8"))
    data["state"] = {"backend": "redis", "url": f"redis://127.0.0.1:{redis_port}/0"}
    config.write_text(yaml.safe_dump(data), encoding="utf-8")
    web = start_web(config)
    try:
        assert web.get("/")[0] == 200
        redis_server.terminate()
        redis_server.wait(10)
        status, body, _ = web.get("/")
        assert status == 503 and "Redis" in body, (status, body)
        assert web.process.poll() is None
        redis_server = start_redis()
        status, body, _ = web.get("/")
        assert status == 200, (status, body)
    finally:
        stop_web(web)
        redis_server.terminate()
        redis_server.wait(10)
