"""Issue 19, fault 12: `newsbot ingest --out C` builds the new corpus beside the old one and swaps it in
only when complete — a real ingest process killed half-way leaves the old corpus whole, and a bot
watching C never loads half a corpus; an unchanged re-ingest reuses the cache and swaps nothing."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from botapi_server import BotApiServer
from conftest import BotProcess
from test_telegram_live import live_config, wait_log

from bot.corpus.models import load_corpus
from bot.storage.versions import BuildRefused, new_version, versions_of

PAGES = 300
ARTICLES_PER_PAGE = 4


def write_pages(folder: Path, count: int, edition: str) -> None:
    """``count`` invented pages of four short articles each; ``edition`` changes every text."""
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        lines = []
        for j in range(ARTICLES_PER_PAGE):
            lines += [
                f"{edition}第{i}号新区第{j}期工程开工",
                f"本报讯 第{i}号新区第{j}期工程昨日开工，总投资{i + j}亿元，预计{j + 1}年后竣工（{edition}）。",
                "",
            ]
        (folder / f"p{i:04d}.txt").write_text("\n".join(lines), encoding="utf-8")


def ingest(pages: Path, out: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "bot", "ingest", str(pages), "--out", str(out)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its workers too are killed with it
    )


def headlines(corpus: Path) -> set[str]:
    return {a.headline for a in load_corpus(corpus).articles}


@pytest.mark.slow
@pytest.mark.e2e
def test_an_ingest_killed_half_way_leaves_the_old_corpus_and_a_watching_bot_loads_only_whole_ones(
    tmp_path: Path, server: BotApiServer
) -> None:
    old_pages, new_pages, corpus = tmp_path / "old", tmp_path / "new", tmp_path / "corpus"
    write_pages(old_pages, 3, "旧版")
    assert ingest(old_pages, corpus).wait(300) == 0
    before = headlines(corpus)
    assert len(before) == 3 * ARTICLES_PER_PAGE
    config = live_config(tmp_path / "bot", corpus)
    bot = BotProcess.start(server, config)
    try:
        write_pages(new_pages, PAGES, "新版")
        killed = ingest(new_pages, corpus)
        # Killed as soon as the first new article is on disk, wherever the ingest writes it.
        while killed.poll() is None and not next(tmp_path.glob("corpus*/**/new.p*.json"), None):
            time.sleep(0.01)
        os.killpg(killed.pid, signal.SIGKILL)
        assert killed.wait(60) == -signal.SIGKILL  # killed half-way, not finished
        assert headlines(corpus) == before  # the old corpus, whole
        time.sleep(2)  # several looks of the bot's watcher at whatever the kill left
        assert ingest(new_pages, corpus).wait(600) == 0
        after = headlines(corpus)
        assert len(after) == len(before) + PAGES * ARTICLES_PER_PAGE
        assert wait_log(bot, r"engine swapped in", timeout=120)
        time.sleep(1)
        loads = re.findall(r"engine swapped in: (\d+) article", bot.log())
        assert loads == [str(len(after))], bot.log()  # one load, of the whole corpus
        assert "Traceback" not in bot.log()
    finally:
        assert bot.stop() == 0
    again = ingest(new_pages, corpus)
    out, _ = again.communicate(timeout=600)
    assert again.returncode == 0
    assert f"{PAGES} file(s) read ({PAGES} unchanged)" in out  # the cache: nothing parsed again
    versions = sorted(p.name for p in versions_of(corpus).iterdir() if p.name.isdigit())
    assert len(versions) == 2 and corpus.resolve().name == versions[-1]  # the current one and the one before


def put(path: Path, text: str) -> None:
    """Write as every writer of a corpus does: a new file renamed over the old (never in place)."""
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


def test_a_build_that_fails_or_holds_nothing_new_leaves_the_folder_as_it_was(tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    put(folder / "a.json", "old")
    with pytest.raises(RuntimeError), new_version(folder) as build:
        put(build.path / "a.json", "half")
        raise RuntimeError("killed")
    assert folder.is_dir() and not folder.is_symlink() and (folder / "a.json").read_text("utf-8") == "old"
    with new_version(folder) as build:  # nothing a reader sees changed: the plain folder stays
        put(build.path / ".bookkeeping", "kept")
    assert not folder.is_symlink() and (folder / ".bookkeeping").read_text("utf-8") == "kept"
    with new_version(folder) as build:
        assert (build.path / "a.json").read_text("utf-8") == "old"  # a copy of the current version
        put(build.path / "b.json", "new")
    assert folder.is_symlink() and sorted(p.name for p in folder.iterdir()) == [
        ".bookkeeping",
        "a.json",
        "b.json",
    ]
    with pytest.raises(BuildRefused), new_version(folder), new_version(folder):
        pass  # one build at a time
    with new_version(folder) as build:
        build.swap = False
        put(build.path / "c.json", "not taken")
    assert not (folder / "c.json").exists()


def test_a_swap_killed_between_its_two_renames_is_finished_by_the_next_build(tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    put(folder / "a.json", "old")
    versions = versions_of(folder)
    (versions / "2").mkdir(parents=True)
    put(versions / "2" / "a.json", "new")
    folder.rename(versions / "1")  # moved aside; the new link not yet renamed over the folder
    (tmp_path / "corpus.swap").symlink_to(Path(versions.name) / "2")
    with new_version(folder) as build:
        assert (build.path / "a.json").read_text("utf-8") == "new"
        build.swap = False
    assert (folder / "a.json").read_text("utf-8") == "new" and not (tmp_path / "corpus.swap").exists()
