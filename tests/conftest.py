"""Shared test fixtures. Each owner keeps their fixtures in one clearly named section."""

from __future__ import annotations

# ==== Telegram end-to-end fixtures (issue 5: tests/test_telegram*.py) ================================
# A Bot API server of our own on 127.0.0.1 (tests/botapi_server.py) and the real bot as a subprocess
# (`python -m bot run`) pointed at it through TELEGRAM_API_BASE_URL, with a test config and corpus.
import datetime as dt
import itertools
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, TypeVar

import pytest
import yaml
from botapi_server import BotApiServer

from bot.config import IngestConfig, Settings, load_settings
from bot.corpus.models import Article, Corpus, Paragraph, SourceSpan, load_corpus, write_corpus
from bot.engine import Engine
from bot.ingestion.ingest import corpus_articles, ingest_paths
from bot.ingestion.lexicon import write_lexicon
from bot.text.lexicon import read_lexicon
from bot.text.terms import Tokenizer

REPO = Path(__file__).resolve().parent.parent
TG_TOKEN = "5012345678:AAFnewsbotE2eSecretTokenQzX_9-kLmNoPq"
TG_ADMIN = 900
TG_GREETING = "测试问候：您好，请问本报新闻。例如：{example}"


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def markup_article() -> Article:
    """A small article whose news text holds HTML-like characters, so escaping of news is exercised."""
    text = "本报讯 “<智慧交通>”试点 & A&B 项目昨日启动，</i>线路 <b>1</b> 号先行，票价 <5 元。"
    return Article(
        id="zz_markup-01",
        page="zz_markup",
        headline="“<智慧交通>”试点 & A&B 项目启动",
        paragraphs=[Paragraph(text=text, source=SourceSpan(file="zz_markup.txt", line_start=1, line_end=1))],
    )


@pytest.fixture(scope="session")
def tg_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's corpus (built from the real seed) plus one article with markup characters."""
    corpus = tmp_path_factory.mktemp("tg") / "corpus"
    shutil.copytree(REPO / "corpus", corpus)
    write_corpus([markup_article()], corpus)
    return corpus


@pytest.fixture(scope="session")
def tg_big_corpus(tmp_path_factory: pytest.TempPathFactory, tg_corpus: Path) -> Path:
    """The test corpus plus 100 short articles, so that /articles needs more than one message."""
    corpus = tmp_path_factory.mktemp("tg-big") / "corpus"
    shutil.copytree(tg_corpus, corpus)
    articles = []
    for i in range(1, 101):
        text = f"本报讯 第{i}个社区完成老旧小区改造，新增停车位与养老服务站点，居民反映良好。"
        articles.append(
            Article(
                id=f"zz_many-{i:03d}",
                page="zz_many",
                order=i,
                headline=f"第{i}个社区老旧小区改造完工 新增停车位和养老服务站点 & 便民设施",
                paragraphs=[
                    Paragraph(text=text, source=SourceSpan(file="zz_many.txt", line_start=i, line_end=i))
                ],
            )
        )
    write_corpus(articles, corpus)
    return corpus


def write_config(folder: Path, corpus: Path, telegram: dict[str, Any]) -> Path:
    """A config file for a test bot: the test corpus, a greeting of its own, the given telegram keys."""
    folder.mkdir(parents=True, exist_ok=True)
    data = {
        "paths": {"seeds": str(REPO / "seeds"), "corpus": str(corpus), "cache": str(folder / "cache")},
        "templates": {"start": TG_GREETING},
        "telegram": {"admin_ids": [TG_ADMIN], **telegram},
        "logging": {"level": "INFO"},
    }
    path = folder / "config.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


@dataclass
class BotProcess:
    """The bot under test, running as `python -m bot run` against a BotApiServer."""

    server: BotApiServer
    config: Path
    process: subprocess.Popen[bytes]
    log_path: Path

    @classmethod
    def start(
        cls,
        server: BotApiServer,
        config: Path,
        ready: str = "setMyCommands",
        token_in_env: bool = True,
        api_in_env: bool = True,
        log_name: str = "bot.log",
    ) -> BotProcess:
        """Start the bot and wait until it has called ``ready``.

        The token and the server's base URL go in the environment unless the config names them.
        """
        env = {k: v for k, v in os.environ.items() if not k.startswith("TELEGRAM_")}
        env["PYTHONUNBUFFERED"] = "1"
        if token_in_env:
            env["TELEGRAM_BOT_TOKEN"] = server.token
        if api_in_env:
            env["TELEGRAM_API_BASE_URL"] = server.base_url
            env["TELEGRAM_API_BASE_FILE_URL"] = f"http://127.0.0.1:{server.port}/file/bot"
        log_path = config.parent / log_name
        with log_path.open("wb") as log:
            process = subprocess.Popen(
                [sys.executable, "-m", "bot", "run", "--config", str(config)],
                cwd=config.parent,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        bot = cls(server, config, process, log_path)
        if not server.wait(lambda: bool(server.calls(ready)) or process.poll() is not None, timeout=60):
            bot.stop()
            raise AssertionError(f"bot did not start:\n{bot.log()}")
        if process.poll() is not None:
            raise AssertionError(f"bot exited with {process.returncode}:\n{bot.log()}")
        return bot

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 30) -> int:
        """Signal the bot and wait for it to exit; its exit code."""
        if self.process.poll() is None:
            self.process.send_signal(sig)
        try:
            return self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            raise AssertionError(f"bot did not stop within {timeout}s:\n{self.log()}") from None


@pytest.fixture(scope="session")
def tg_server() -> Iterator[BotApiServer]:
    """The Bot API test server shared by the polling bot's tests."""
    server = BotApiServer(TG_TOKEN).start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def tg_config(tmp_path_factory: pytest.TempPathFactory, tg_corpus: Path) -> Path:
    """The shared polling bot's config: admin 900, 8 messages per user per minute."""
    return write_config(tmp_path_factory.mktemp("tg-polling"), tg_corpus, {"rate_limit_per_minute": 8})


@pytest.fixture(scope="session")
def tg_bot(tg_server: BotApiServer, tg_config: Path) -> Iterator[BotProcess]:
    """One polling bot for most end-to-end tests; stopped with SIGTERM at the end."""
    bot = BotProcess.start(tg_server, tg_config)
    yield bot
    bot.stop()


def console(config: Path, *messages: str) -> list[dict[str, Any]]:
    """What `newsbot ask --json` answers to each message (text and buttons), over the corpus as it is now."""
    result = subprocess.run(
        [sys.executable, "-m", "bot", "ask", "--json", "--config", str(config)],
        input="\n".join(messages) + "\n",
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return [json.loads(line) for line in result.stdout.splitlines()]


@pytest.fixture(scope="session")
def console_answer(tg_config: Path) -> Any:
    """``console_answer(*questions, config=None)``: what `newsbot ask` prints for each question, with the
    shared bot's config unless another is given."""
    cache: dict[tuple[Path, str], str] = {}

    def answer(*questions: str, config: Path | None = None) -> list[str]:
        config = config or tg_config
        missing = [q for q in questions if (config, q) not in cache]
        if missing:
            for question, reply in zip(missing, console(config, *missing), strict=True):
                cache[config, question] = reply["text"]
        return [cache[config, q] for q in questions]

    return answer


# ==== State backends (issue 12: tests/test_state.py, tests/test_live*.py) ============================
# A real redis-server on a loopback port when the Debian package is installed; skipped otherwise.


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The URL of a fresh redis-server of our own on 127.0.0.1 (no persistence), stopped at the end."""
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("redis-server is not installed (Debian: apt-get install redis-server)")
    port = free_port()
    folder = tmp_path_factory.mktemp("redis")
    process = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        cwd=folder,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 20
    while True:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                break
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            raise AssertionError(f"redis-server did not start on port {port}")
        time.sleep(0.05)
    yield f"redis://127.0.0.1:{port}/0"
    process.terminate()
    process.wait(10)


_prefixes = itertools.count(1)


@pytest.fixture(params=["sqlite", "redis"])
def backend_settings(request: pytest.FixtureRequest, tmp_path: Path) -> Settings:
    """Settings of one state backend: a SQLite file in the test's folder, or the real Redis under a key
    prefix of the test's own. Every store opened from them shares the same data."""
    settings = Settings()
    settings.paths.state = tmp_path / "state"
    if request.param == "redis":
        settings.state.backend = "redis"
        settings.state.url = request.getfixturevalue("redis_url")
        settings.state.prefix = f"test{next(_prefixes)}"
    return settings


class Closable(Protocol):
    def close(self) -> None: ...


C = TypeVar("C", bound=Closable)


@pytest.fixture
def closing() -> Iterator[Callable[[C], C]]:
    """Keeps each store a test opens (``closing(open_store(...))``) and closes them all at its end."""
    opened: list[Closable] = []

    def keep(store: C) -> C:
        opened.append(store)
        return store

    yield keep
    for store in opened:
        store.close()


def post_update(url: str, update: dict[str, Any], secret: str | None) -> int:
    """POST an update to the bot's webhook as Telegram would; the HTTP status."""
    request = urllib.request.Request(url, data=json.dumps(update).encode(), method="POST")
    request.add_header("Content-Type", "application/json")
    if secret is not None:
        request.add_header("X-Telegram-Bot-Api-Secret-Token", secret)
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return int(response.status)
    except urllib.error.HTTPError as exc:
        return exc.code


class RedisProcess:
    """A redis-server of one test that can be stopped and started again on the same port and folder
    (append-only, so what was written before a stop is there after it): Redis going down and coming back.
    Skips the test when redis-server is not installed."""

    def __init__(self, folder: Path) -> None:
        self.binary = shutil.which("redis-server")
        if self.binary is None:
            pytest.skip("redis-server is not installed (Debian: apt-get install redis-server)")
        self.folder, self.port = folder / "redis-data", free_port()
        self.folder.mkdir(parents=True, exist_ok=True)
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen[bytes] | None = None
        self.start()

    def start(self) -> None:
        assert self.binary is not None
        args = ["--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "yes"]
        self.process = subprocess.Popen(
            [self.binary, *args], cwd=self.folder, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        deadline = time.monotonic() + 20
        while True:
            with socket.socket() as sock:
                if sock.connect_ex(("127.0.0.1", self.port)) == 0:
                    return
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.process.kill()
                raise AssertionError(f"redis-server did not start on port {self.port}")
            time.sleep(0.05)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)
        self.process = None


# ==== Shared by the answer and text tests: the seed, the bundled corpus, the days corpus, a tokenizer ====

SEED = REPO / "seeds" / "000_09621e14e5a96519.txt"
DAYS = REPO / "tests" / "data" / "days"


@pytest.fixture
def server() -> Iterator[BotApiServer]:
    """A Bot API test server of the test's own (module-scoped ones are kept where a module shares one)."""
    server = BotApiServer(TG_TOKEN).start()
    yield server
    server.stop()


def ingested(pages: Path, out: Path) -> Path:
    """The pages ingested into ``out`` as `newsbot ingest` does it: the articles, then their lexicon."""
    write_lexicon(corpus_articles(out, ingest_paths([pages], out, IngestConfig())), out)
    return out


def engine_over(corpus: Path) -> Engine:
    """The engine over an ingested corpus folder, its lexicon taught to the tokenizer."""
    return Engine(Settings(), load_corpus(corpus), Tokenizer(read_lexicon(corpus)))


def engine_of(articles: list[Article], tokenizer: Tokenizer | None = None) -> Engine:
    """The engine over these articles (held in memory), with default settings."""
    return Engine(Settings(), Corpus(articles=articles), tokenizer or Tokenizer())


@pytest.fixture(scope="session")
def tokenizer() -> Tokenizer:
    """jieba without a lexicon (no corpus's names taught)."""
    return Tokenizer()


@pytest.fixture(scope="session")
def seed(tmp_path_factory: pytest.TempPathFactory) -> list[Article]:
    """The seed page as ingestion writes it (people, dates and all)."""
    return ingest_paths([SEED], tmp_path_factory.mktemp("seed"), IngestConfig()).articles


@pytest.fixture(scope="session")
def engine() -> Engine:
    """The engine over the bundled corpus, as `newsbot` loads it (a module may override it with its own)."""
    return Engine.load(load_settings(REPO / "config.yaml"))


@pytest.fixture(scope="session")
def days_engine(tmp_path_factory: pytest.TempPathFactory, tokenizer: Tokenizer) -> Engine:
    """The engine over the invented pages of several days (tests/data/days)."""
    corpus = tmp_path_factory.mktemp("days")
    ingest_paths([DAYS], corpus, IngestConfig())
    return Engine(Settings(), load_corpus(corpus), tokenizer)


def dated_page(day: dt.date, items: list[tuple[str, str]], reporter: str = "") -> list[Article]:
    """A day's page of one-paragraph articles (headline, text), dated ``day``; ``reporter`` signs the
    first."""
    page = f"p{day:%Y%m%d}"
    return [
        Article(
            id=f"{page}-{i:02d}",
            page=page,
            order=i,
            headline=headline,
            page_date=day,
            reporters=[reporter] if reporter and i == 1 else [],
            paragraphs=[
                Paragraph(text=text, source=SourceSpan(file=f"{page}.txt", line_start=i, line_end=i))
            ],
        )
        for i, (headline, text) in enumerate(items, 1)
    ]
