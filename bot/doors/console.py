"""The console chat: the same engine as Telegram, with line editing and history."""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import partial

from bot.config import Settings
from bot.engine import Engine
from bot.state.chat import ChatState


def run_console(settings: Settings) -> int:
    """Chat on the terminal until EOF or /quit; without a terminal, answer each input line."""
    engine = Engine.load(settings)
    state = ChatState()
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
        reply = engine.reply(line, state)
        print(reply.text, flush=True)
        for line in reply.button_lines:  # here a button is the command to type
            print(line, flush=True)
        print(flush=True)


def _read_plain_line() -> str:
    line = sys.stdin.readline()
    if not line:
        raise EOFError
    return line.rstrip("\r\n")
