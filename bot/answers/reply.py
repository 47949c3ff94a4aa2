"""What every door (Telegram, console, CLI) receives from the engine: a transport-neutral reply."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field, field_validator

BlockStyle = Literal["answer", "text", "item", "heading", "source"]
"""How a transport may set a block apart: the answer in bold, the source line in italics, ..."""


class Block(BaseModel):
    style: BlockStyle
    text: str


class Source(BaseModel):
    title: str
    article_id: str
    paragraph: int
    score: float


BUTTON_DATA_BYTES = 64
"""Telegram carries at most this many bytes of data with an inline button."""


class Button(BaseModel):
    """A button under a reply. It stands for a command a reader could type: the console lists the command,
    Telegram sends it back as the button's data when pressed, and the engine answers it by editing."""

    text: str = Field(min_length=1)
    command: str = Field(pattern=r"^/")

    @field_validator("command")
    @classmethod
    def fits_telegram(cls, command: str) -> str:
        if len(command.encode()) > BUTTON_DATA_BYTES:
            raise ValueError(f"over {BUTTON_DATA_BYTES} bytes: {command!r}")
        return command


class Reply(BaseModel):
    blocks: list[Block]
    found: bool
    sources: list[Source] = []
    buttons: list[list[Button]] = []
    """Rows of buttons; a press is answered by editing the reply in place (``Engine.press``)."""

    @property
    def text(self) -> str:
        """The reply exactly as a reader sees it, without markup."""
        return "\n".join(block.text for block in self.blocks)

    @property
    def button_lines(self) -> list[str]:
        """The buttons as a text-only door shows them: each row a line of ``[label] command to type``."""
        return ["  ".join(f"[{b.text}] {b.command}" for b in row) for row in self.buttons]

    @classmethod
    def plain(cls, text: str, found: bool = False) -> Reply:
        """A reply of one ordinary block (greetings, help, not-found)."""
        return cls(blocks=[Block(style="text", text=text)], found=found)
