"""Work run in a process of its own (forked), so that a long save never holds this one's interpreter.

A thread of a serving process that writes a million paragraphs' store and index spends seconds in single
calls that hold the interpreter lock (parsing and writing JSON, concatenating arrays), and every reply
waits for them. Forked, the work runs beside the serving threads on a copy of their memory, and the thread
that started it waits for it without the lock.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable


def run_apart(work: Callable[[], bool], name: str = "newsbot-save") -> bool:
    """Run ``work`` in a forked process and wait for it; whether it returned true there (an exception
    is printed by that process, and counts as false). Where fork is not available, it runs in this thread."""
    if "fork" not in multiprocessing.get_all_start_methods():
        return work()
    # Not a daemon, so that it may start workers of its own (tokenising); a stop waits for it, as it
    # waits for the thread that started it. Killed, it leaves each file set it writes whole or untouched.
    process = multiprocessing.get_context("fork").Process(target=_exit_with, args=(work,), name=name)
    process.start()
    process.join()
    return process.exitcode == 0


def _exit_with(work: Callable[[], bool]) -> None:
    raise SystemExit(0 if work() else 1)
