"""``newsbot bench --web N``: the newsroom's pages timed over a question log of N invented entries.

A fresh SQLite log is filled (paraphrased questions over some hundred topics, a third unanswered, one
answer in a hundred voted 👎, over 85 days), a real ``newsbot web`` process is started on it, and each
page and CSV is fetched over HTTP: the first time, then the median and the slowest of the next ones.
"""

from __future__ import annotations

import json
import os
import random
import secrets
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

import yaml

from bot.config import Settings
from bot.state.question_log import LogEntry, new_entry_id
from bot.state.question_log_sqlite import SqliteQuestionLog

PAGES = ["/", "/unanswered", "/wrong", "/articles", "/unanswered.csv", "/wrong.csv", "/overview.csv"]
REPEATS = 5
TOPICS = 2_000
WORDINGS = ["{t}怎么样了？", "{t}现在怎么样？", "{t}进展如何", "请问{t}怎么样"]


def invent_log(state: Path, entries: int, seed: int = 7) -> None:
    """``entries`` invented questions over 85 days in a fresh log under ``state``."""
    rng = random.Random(seed)
    now = time.time()
    made = []
    for i in range(entries):
        topic = f"话题{rng.randrange(TOPICS):04d}"
        found = rng.random() < 0.67
        made.append(
            LogEntry(
                id=new_entry_id(),
                at=now - (entries - i) * 85 * 86_400 / entries,
                question=rng.choice(WORDINGS).format(t=topic),
                kind="how",
                found=found,
                day=f"2026-11-{rng.randint(1, 28):02d}",
                articles=[f"bench-{rng.randrange(3000):04d}"] if found else [],
                first_line="回答的第一行" if found else "没有找到。",
                reader=f"{rng.randrange(20_000):016x}",
                topic=topic,
                norm=topic,
            )
        )
    log = SqliteQuestionLog(state)
    log.add(made)
    for entry in made[::100]:
        log.vote(entry.id, "bench", "down")
    log.close()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _get(url: str, token: str) -> float:
    """Seconds to fetch one page whole."""
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})
    started = time.perf_counter()
    with urllib.request.urlopen(request, timeout=120) as response:
        response.read()
    return time.perf_counter() - started


def run_web_bench(settings: Settings, entries: int, work: Path, out: Path) -> int:
    """Fill the log, start the page, time every page; print a table and write the JSON to ``out``."""
    folder = work / f"web-{entries}"
    state = folder / "state"
    for old in state.glob("state.sqlite3*"):
        old.unlink()
    print(f"bench --web: inventing {entries:,} log entries …", file=sys.stderr, flush=True)
    invent_log(state, entries)
    port, token = _free_port(), secrets.token_urlsafe(24)
    config = folder / "config.yaml"
    paths = {"corpus": str(settings.paths.corpus), "cache": str(settings.paths.cache), "state": str(state)}
    config.write_text(yaml.safe_dump({"paths": paths, "web": {"port": port}}), encoding="utf-8")
    env = {**os.environ, "NEWSBOT_WEB_TOKEN": token}
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "web", "--config", str(config)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        while True:
            try:
                _get(base + "/", token)
                break
            except OSError:
                if process.poll() is not None:
                    print("bench --web: newsbot web did not start", file=sys.stderr)
                    return 1
                time.sleep(0.2)
        result: dict[str, Any] = {"entries": entries, "start_s": round(time.perf_counter() - started, 2)}
        pages = {}
        for page in PAGES:
            first = _get(base + page, token)
            times = [_get(base + page, token) for _ in range(REPEATS)]
            pages[page] = {
                "first_ms": round(first * 1000, 1),
                "median_ms": round(statistics.median(times) * 1000, 1),
                "max_ms": round(max(times) * 1000, 1),
            }
        result["pages"] = pages
    finally:
        process.terminate()
        process.wait(30)
    print(f"newsbot web over {entries:,} log entries (ready {result['start_s']} s after start)")
    print(f"{'page':<18}{'first ms':>10}{'median ms':>11}{'max ms':>9}")
    for page, row in pages.items():
        print(f"{page:<18}{row['first_ms']:>10}{row['median_ms']:>11}{row['max_ms']:>9}")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2), encoding="utf-8")
    return 0
