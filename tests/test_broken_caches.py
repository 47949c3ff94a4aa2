"""No cache state can crash a start or change an answer: every cache file (the search index, the token
cache, the corpus store, the places list, jieba's dictionary cache) is checked and rebuilt when bad."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from bot.config import load_settings
from bot.engine import Engine

ROOT = Path(__file__).resolve().parent.parent
ASKED = ("郑州市委书记是谁？", "上海市委书记是谁？", "/summary 1", "/who 胡荃")
FILE_SETS = ("index", "tokens", "corpus", "places")


def answers(cache: Path) -> list[str]:
    settings = load_settings(ROOT / "config.yaml")
    settings.paths.cache = cache
    engine = Engine.load(settings)
    return [engine.reply(question).text for question in ASKED]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    """A cache as a start leaves it, and the answers given over it."""
    cache = tmp_path_factory.mktemp("built") / "cache"
    expected = answers(cache)
    assert "安伟" in expected[0] and "没有找到" in expected[1]
    return cache, expected


def damage(path: Path, how: str) -> None:
    if how == "emptied":
        path.write_bytes(b"")
    elif how == "random bytes":
        path.write_bytes(os.urandom(max(64, path.stat().st_size)))
    else:
        raise AssertionError(how)


@pytest.mark.slow
@pytest.mark.parametrize("how", ["emptied", "random bytes", "manifest of the wrong type"])
@pytest.mark.parametrize("name", FILE_SETS)
def test_a_broken_file_set_is_rebuilt_and_answers_stay_the_same(
    built: tuple[Path, list[str]], tmp_path: Path, name: str, how: str
) -> None:
    source, expected = built
    cache = tmp_path / "cache"
    shutil.copytree(source, cache, symlinks=True)
    folder = (cache / name).resolve()
    if how == "manifest of the wrong type":
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        manifest["files"] = {
            n: {"bytes": str(f["bytes"]), "sha256": f["sha256"]} for n, f in manifest["files"].items()
        }
        (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    else:
        for path in folder.iterdir():
            damage(path, how)
    assert answers(cache) == expected


@pytest.mark.slow
@pytest.mark.parametrize("how", ["emptied", "random bytes"])
def test_a_broken_jieba_cache_is_rebuilt_and_answers_stay_the_same(
    built: tuple[Path, list[str]], tmp_path: Path, how: str
) -> None:
    source, expected = built
    cache = tmp_path / "cache"
    shutil.copytree(source, cache, symlinks=True)
    jieba_caches = list(cache.glob("jieba*.cache"))
    assert jieba_caches
    for path in jieba_caches:
        damage(path, how)
    assert answers(cache) == expected


@pytest.mark.slow
def test_a_cache_path_that_is_a_file_changes_nothing_but_speed(
    built: tuple[Path, list[str]], tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    cache.write_text("not a folder", encoding="utf-8")
    assert answers(cache) == built[1]
    assert cache.read_text(encoding="utf-8") == "not a folder"


@pytest.mark.slow
@pytest.mark.skipif(
    not Path("/proc/self").is_dir(), reason="needs /proc: a folder nobody can write, root included"
)
def test_a_cache_folder_that_cannot_be_written_changes_nothing_but_speed(
    built: tuple[Path, list[str]],
) -> None:
    assert answers(Path("/proc")) == built[1]
