"""Texts kept end to end in one UTF-8 array with byte offsets: how the corpus store holds paragraphs,
chunks and analysed texts off the heap."""

from __future__ import annotations

import os

import numpy as np


class Texts:
    """UTF-8 texts end to end, read a span at a time. A mapped array is read from its file with
    ``pread``, not through the mapping: the OS caches what is read, but it never counts in this
    process's memory (a page fault maps whole cached folios, hundreds of kilobytes around each text)."""

    def __init__(self, array: np.ndarray) -> None:
        self._array: np.ndarray | None = array
        self._file: int | None = None
        if isinstance(array, np.memmap) and array.filename:
            self._file = os.open(array.filename, os.O_RDONLY)
            self._offset = array.offset
            self._array = None

    def __del__(self) -> None:
        if self._file is not None:
            os.close(self._file)

    def read(self, start: int, end: int) -> bytes:
        """The bytes from ``start`` to ``end``."""
        if self._array is not None:
            return self._array[start:end].tobytes()
        assert self._file is not None
        return os.pread(self._file, end - start, self._offset + start)


def decode(data: bytes) -> str:
    """UTF-8 as the store writes it (a lone surrogate kept, as Python strings may hold one)."""
    return data.decode("utf-8", "surrogatepass")


def packed(texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Texts as UTF-8 end to end, and the byte offsets where each starts (one more than texts)."""
    encoded = [t.encode("utf-8", "surrogatepass") for t in texts]
    offsets = np.zeros(len(encoded) + 1, np.int64)
    np.cumsum([len(b) for b in encoded], out=offsets[1:])
    return np.frombuffer(b"".join(encoded), np.uint8), offsets
