"""Engine.load leaves the garbage collector on (a /reload runs beside a serving bot) and freezes what it
loaded, so later collections do not rescan it."""

from __future__ import annotations

import gc
import threading
import time
import weakref
from pathlib import Path

import pytest

from bot.config import load_settings
from bot.engine import Engine

ROOT = Path(__file__).resolve().parent.parent


def test_loading_never_turns_the_collector_off_and_freezes_what_it_loaded(tmp_path: Path) -> None:
    settings = load_settings(ROOT / "config.yaml")
    settings.paths.cache = tmp_path / "cache"
    seen_off = threading.Event()
    done = threading.Event()

    def watch() -> None:  # the serving side of a /reload: the collector must stay on throughout
        while not done.is_set():
            if not gc.isenabled():
                seen_off.set()
            time.sleep(0.001)

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        engine = Engine.load(settings)
    finally:
        done.set()
        watcher.join()
    assert not seen_off.is_set() and gc.isenabled()
    assert gc.get_freeze_count() > 0
    assert engine.reply("郑州市委书记是谁？").found


@pytest.mark.slow
def test_an_engine_replaced_by_a_reload_is_freed_by_the_next_load(tmp_path: Path) -> None:
    settings = load_settings(ROOT / "config.yaml")
    settings.paths.cache = tmp_path / "cache"
    first = weakref.ref(Engine.load(settings))
    serving = Engine.load(settings)  # the /reload: the first engine is dropped once this one serves
    Engine.load(settings)  # the next /reload
    assert first() is None and serving.reply("/articles").found
