"""The state backends: the same behaviour from SQLite (a file) and Redis (a real redis-server)."""

from __future__ import annotations

import dataclasses
import sqlite3
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from conftest import RedisProcess

from bot.config import ConfigError, Settings, load_settings
from bot.state.chat import ChatState
from bot.state.open import open_store
from bot.state.outage import RETRY_SECONDS
from bot.state.store import StateStore, StoreUnavailable, Subscription

BOT_ID = 7_000_001


@pytest.fixture
def opener(
    backend_settings: Settings, closing: Callable[[StateStore], StateStore]
) -> Callable[[], StateStore]:
    """Opens a store of one backend; every store opened in one test shares the same data."""
    return lambda: closing(open_store(backend_settings, BOT_ID))


OpenFor = Callable[[int], StateStore]


@pytest.fixture
def opener_for_bots(backend_settings: Settings, closing: Callable[[StateStore], StateStore]) -> OpenFor:
    """Opens the store of a given bot in one backend with default keys (one folder, one prefix)."""
    return lambda bot_id: closing(open_store(backend_settings, bot_id))


def test_chat_state_is_kept_and_seen_by_a_second_store(opener: Callable[[], StateStore]) -> None:
    first, second = opener(), opener()
    assert first.chat(5) == ChatState()
    every_field = ChatState(**{f.name: f"value of {f.name}" for f in dataclasses.fields(ChatState)})
    first.save_chat(5, every_field)
    assert second.chat(5) == every_field
    assert second.chat(6) == ChatState()


def test_subscriptions_are_added_replaced_listed_and_removed(opener: Callable[[], StateStore]) -> None:
    store = opener()
    store.subscribe(Subscription(-100))
    store.subscribe(Subscription(7, "07:30"))
    store.subscribe(Subscription(7, "08:00"))
    assert opener().subscriptions() == [Subscription(-100), Subscription(7, "08:00")]
    assert store.subscription(7) == Subscription(7, "08:00")
    assert store.unsubscribe(7) is True
    assert store.unsubscribe(7) is False
    assert store.subscription(7) is None
    assert [s.chat_id for s in store.subscriptions()] == [-100]


def test_a_claim_is_won_exactly_once_across_stores_and_threads(opener: Callable[[], StateStore]) -> None:
    stores = [opener(), opener()]
    with ThreadPoolExecutor(8) as pool:
        wins = list(pool.map(lambda i: stores[i % 2].claim("digest:42:2026-01-15"), range(16)))
    assert wins.count(True) == 1
    assert stores[0].claim("digest:43:2026-01-15") is True


def test_an_expired_claim_can_be_taken_again(opener: Callable[[], StateStore]) -> None:
    store = opener()
    assert store.claim("short", seconds=1) is True
    assert store.claim("short", seconds=1) is False
    time.sleep(1.6)
    assert store.claim("short", seconds=1) is True


def test_rate_limit_answers_then_tells_once_then_stays_quiet(opener: Callable[[], StateStore]) -> None:
    store = opener()
    verdicts = [store.rate(11, per_minute=3) for _ in range(6)]
    assert verdicts == ["ok", "ok", "ok", "tell", "quiet", "quiet"]
    assert store.rate(12, per_minute=3) == "ok"


def test_redis_rate_limits_are_shared_by_replicas(tmp_path: Path, redis_url: str) -> None:
    settings = Settings()
    settings.state.backend, settings.state.url, settings.state.prefix = "redis", redis_url, "shared-rate"
    first, second = open_store(settings, BOT_ID), open_store(settings, BOT_ID)
    assert first.shared and second.shared
    verdicts = [(first if i % 2 else second).rate(13, per_minute=4) for i in range(6)]
    assert verdicts == ["ok", "ok", "ok", "ok", "tell", "quiet"]


def test_sqlite_state_survives_a_restart(tmp_path: Path) -> None:
    settings = Settings()
    settings.paths.state = tmp_path / "state"
    store = open_store(settings, BOT_ID)
    store.save_chat(1, ChatState(last_article_id="a-01"))
    store.subscribe(Subscription(1, "07:30"))
    store.claim("digest:1:2026-01-15")
    store.close()
    again = open_store(settings, BOT_ID)
    assert again.chat(1).last_article_id == "a-01"
    assert again.subscriptions() == [Subscription(1, "07:30")]
    assert again.claim("digest:1:2026-01-15") is False
    assert (tmp_path / "state" / f"bot{BOT_ID}.sqlite3").is_file()


def test_unreachable_redis_is_no_config_error_but_unavailable(tmp_path: Path) -> None:
    from conftest import free_port

    settings = Settings()
    settings.state.backend, settings.state.url = "redis", f"redis://127.0.0.1:{free_port()}/0"
    with pytest.raises(StoreUnavailable, match=r"^cannot reach Redis at state\.url"):
        open_store(settings, BOT_ID)  # start-up waits and retries (issue 19): not a configuration error


def test_state_settings_are_checked_and_paths_resolved(tmp_path: Path) -> None:
    path = tmp_path / "config.yaml"
    path.write_text("paths: {state: st}\nstate: {backend: redis, url: 'redis://r:6379/1'}\n")
    settings = load_settings(path)
    assert settings.paths.state == tmp_path / "st"
    assert (settings.state.backend, settings.state.url) == ("redis", "redis://r:6379/1")
    path.write_text("state: {backend: memcached}\n")
    with pytest.raises(ConfigError, match=r"state\.backend"):
        load_settings(path)


# --- issue 19: state belongs to one bot; Redis down degrades ------------------------------------------


def test_two_bots_sharing_a_backend_keep_their_own_subscriptions(opener_for_bots: OpenFor) -> None:
    first, second = opener_for_bots(7_000_001), opener_for_bots(7_000_002)
    first.subscribe(Subscription(10))
    second.subscribe(Subscription(20))
    assert first.claim("digest:10:2026-01-15") and second.claim("digest:10:2026-01-15")
    assert [s.chat_id for s in first.subscriptions()] == [10]
    assert [s.chat_id for s in second.subscriptions()] == [20]


def test_a_sqlite_file_of_another_bot_is_refused(tmp_path: Path) -> None:
    settings = Settings()
    settings.paths.state = tmp_path / "state"
    open_store(settings, 7_000_001).close()
    (tmp_path / "state" / "bot7000001.sqlite3").rename(tmp_path / "state" / "bot7000002.sqlite3")
    with pytest.raises(ConfigError, match=r"is the state of bot 7000001, not of this bot \(7000002\)"):
        open_store(settings, 7_000_002)


def test_the_shared_sqlite_file_of_old_is_taken_over_by_the_first_bot(tmp_path: Path) -> None:
    settings = Settings()
    settings.paths.state = tmp_path / "state"
    store = open_store(settings, BOT_ID)
    store.subscribe(Subscription(5))
    store.close()
    legacy = tmp_path / "state" / "state.sqlite3"
    (tmp_path / "state" / f"bot{BOT_ID}.sqlite3").rename(legacy)
    with sqlite3.connect(legacy) as db:  # as the file was before state was kept per bot: no owner
        db.execute("DROP TABLE owner")
    first, second = open_store(settings, 7_000_009), open_store(settings, 7_000_010)
    assert [s.chat_id for s in first.subscriptions()] == [5] and second.subscriptions() == []
    first.close()
    second.close()


def test_with_redis_down_answers_go_on_and_subscriptions_wait(tmp_path: Path) -> None:
    redis = RedisProcess(tmp_path)
    settings = Settings()
    settings.state.backend, settings.state.url = "redis", redis.url
    store = open_store(settings, BOT_ID)
    store.subscribe(Subscription(3))
    store.save_chat(3, ChatState(last_article_id="a-01"))
    redis.stop()
    assert store.chat(3) == ChatState()  # a fresh state: the question is still answered
    store.save_chat(3, ChatState(last_article_id="b-01"))  # dropped, no error
    assert [store.rate(8, per_minute=2) for _ in range(4)] == ["ok", "ok", "tell", "quiet"]  # in-process
    with pytest.raises(StoreUnavailable):
        store.subscriptions()
    with pytest.raises(StoreUnavailable):
        store.claim("digest:3:2026-01-15")
    redis.start()
    time.sleep(RETRY_SECONDS + 0.5)
    assert store.subscriptions() == [Subscription(3)]
    assert store.chat(3).last_article_id == "a-01"
    store.close()
    redis.stop()
