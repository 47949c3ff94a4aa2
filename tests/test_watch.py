"""The corpus signature: changes with every way an ingest can change the folder, and only then."""

from __future__ import annotations

import os
import time
from pathlib import Path

from bot.storage.watch import corpus_signature


def test_signature_follows_files_and_folder_switches(tmp_path: Path) -> None:
    day1 = tmp_path / "corpus.1"
    day1.mkdir()
    (day1 / "a.json").write_text("{}")
    link = tmp_path / "corpus"
    link.symlink_to(day1)
    first = corpus_signature(link)
    assert first and corpus_signature(link) == first

    time.sleep(0.01)
    (day1 / "a.json").write_text("{} ")  # rewritten in place
    rewritten = corpus_signature(link)
    assert rewritten != first

    (day1 / "b.json").write_text("{}")  # a file added
    added = corpus_signature(link)
    assert added != rewritten

    day2 = tmp_path / "corpus.2"  # a new folder switched in atomically
    day2.mkdir()
    for name in ("a.json", "b.json"):
        os.link(day1 / name, day2 / name)
    tmp_link = tmp_path / "corpus.new"
    tmp_link.symlink_to(day2)
    os.replace(tmp_link, link)
    assert corpus_signature(link) != added


def test_missing_folder_has_an_empty_signature(tmp_path: Path) -> None:
    assert corpus_signature(tmp_path / "nothing") == ()
