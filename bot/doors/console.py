"""The console chat: the same engine as Telegram, with line editing and history.

Its questions go to the question log like the readers' (chat "console"); ``/wrong`` after an answer
marks it wrong, as 👎 does in Telegram.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from functools import partial

from bot.config import Settings
from bot.doors.logged import log_entry
from bot.engine import Engine, Reply
from bot.state.chat import ChatState
from bot.state.open import open_question_log
from bot.state.question_log import LogEntry


def run_console(settings: Settings) -> int:
    """Chat on the terminal until EOF or /quit; without a terminal, answer each input line."""
    engine = Engine.load(settings)
    state = ChatState()
    log = ConsoleLog(settings)
    print(engine.reply("/start").text)
    print("（输入 /quit 退出）")
    read: Callable[[], str]
    if sys.stdin.isatty():
        from prompt_toolkit import PromptSession
        from prompt_toolkit.history import FileHistory

        settings.paths.cache.mkdir(parents=True, exist_ok=True)
        session: PromptSession[str] = PromptSession(
            history=FileHistory(str(settings.paths.cache / "history"))
        )
        read = partial(session.prompt, "> ")
    else:
        read = _read_plain_line
    while True:
        try:
            line = read()
        except (EOFError, KeyboardInterrupt):
            print()
            return 0
        if line.strip() in {"/quit", "/exit"}:
            return 0
        if line.strip() == "/wrong":
            print(log.wrong(), flush=True)
            continue
        reply = engine.reply(line, state)
        log.record(engine, line, reply)
        print(reply.text, flush=True)
        for line in reply.button_lines:  # here a button is the command to type
            print(line, flush=True)
        print(flush=True)


class ConsoleLog:
    """The console's questions in the question log, and ``/wrong`` on the last answer."""

    def __init__(self, settings: Settings) -> None:
        self.texts = settings.telegram.texts
        self.store = open_question_log(settings)
        self.last: LogEntry | None = None
        if self.store is not None:
            log = settings.log
            self.store.forget(time.time() - log.retention_days * 86_400, log.max_entries)

    def record(self, engine: Engine, text: str, reply: Reply) -> None:
        entry = log_entry(engine, text, reply, "console") if self.store is not None else None
        if self.store is not None and entry is not None:
            self.store.add([entry])
            self.last = entry if entry.found and entry.kind != "/summary" else None

    def wrong(self) -> str:
        """Mark the last answer wrong (once)."""
        if self.store is None or self.last is None:
            return self.texts.console_nothing_to_mark
        self.store.vote(self.last.id, "console", "down")
        return self.texts.feedback_thanks


def _read_plain_line() -> str:
    line = sys.stdin.readline()
    if not line:
        raise EOFError
    return line.rstrip("\r\n")
