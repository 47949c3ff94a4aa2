"""What every door (Telegram, console, CLI) receives from the engine: a transport-neutral reply."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel

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


class Reply(BaseModel):
    blocks: list[Block]
    found: bool
    sources: list[Source] = []

    @property
    def text(self) -> str:
        """The reply exactly as a reader sees it, without markup."""
        return "\n".join(block.text for block in self.blocks)

    @classmethod
    def plain(cls, text: str, found: bool = False) -> Reply:
        """A reply of one ordinary block (greetings, help, not-found)."""
        return cls(blocks=[Block(style="text", text=text)], found=found)
