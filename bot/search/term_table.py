"""A saved segment's terms, numbered and found without building a dictionary of them at start.

A segment of a million paragraphs holds millions of terms: a ``dict`` of them costs seconds to build at
every start and hundreds of megabytes of heap. The saved index keeps them instead as arrays, memory-mapped
on load: every term's UTF-8 bytes end to end with byte offsets, and every term's 64-bit FNV-1a hash,
sorted, with the term's number beside it. A look-up hashes the term, finds the hash by binary search and
compares the stored bytes, so two terms sharing a hash are still told apart: the answer is the one a
dictionary gives. Only the pages a look-up touches are read.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence

import numpy as np

from bot.corpus.packed import decode, packed

FNV_OFFSET = 0xCBF29CE484222325
FNV_PRIME = 0x100000001B3
_MASK = (1 << 64) - 1
NAMES = ("term_bytes", "term_offsets", "term_hashes", "term_order")
"""The arrays a table is saved as (``arrays``)."""


def fnv1a(data: bytes) -> int:
    """The 64-bit FNV-1a hash of some bytes."""
    h = FNV_OFFSET
    for byte in data:
        h = ((h ^ byte) * FNV_PRIME) & _MASK
    return h


def fnv1a_all(blob: np.ndarray, offsets: np.ndarray) -> np.ndarray:
    """``fnv1a`` of each byte string ``blob[offsets[i]:offsets[i + 1]]``, all at once (uint64)."""
    starts = np.asarray(offsets[:-1], np.int64)
    lengths = np.diff(np.asarray(offsets, np.int64))
    longest_first = np.argsort(-lengths, kind="stable")
    starts, lengths = starts[longest_first], lengths[longest_first]
    hashes = np.full(len(starts), FNV_OFFSET, np.uint64)
    data = np.asarray(blob, np.uint8)
    prime = np.uint64(FNV_PRIME)
    still = len(lengths)
    for position in range(int(lengths[0]) if len(lengths) else 0):
        while still and lengths[still - 1] <= position:  # the terms this long or longer come first
            still -= 1
        hashes[:still] ^= data[starts[:still] + position]
        hashes[:still] *= prime  # wraps modulo 2**64, as FNV-1a does
    out = np.empty_like(hashes)
    out[longest_first] = hashes
    return out


class TermTable(Mapping[str, int]):
    """Terms numbered 0 to n-1 (a mapping from term to number, like the ``dict`` it replaces), from
    the arrays ``arrays`` gives, mapped or not."""

    def __init__(self, arrays: Mapping[str, np.ndarray]) -> None:
        self._blob = np.asarray(arrays["term_bytes"], np.uint8)
        self._offsets = np.asarray(arrays["term_offsets"], np.int64)
        self._hashes = np.asarray(arrays["term_hashes"], np.uint64)
        self._order = np.asarray(arrays["term_order"])  # int32 mostly: mapped as it is, not copied
        n = len(self._offsets) - 1
        if n < 0 or len(self._hashes) != n or len(self._order) != n or self._order.dtype.kind != "i":
            raise ValueError("term table arrays of different lengths or kinds")
        if n and (int(self._offsets[0]) != 0 or int(self._offsets[-1]) != len(self._blob)):
            raise ValueError("term offsets do not span the term bytes")

    @classmethod
    def of(cls, terms: Sequence[str]) -> TermTable:
        """The table of ``terms``, numbered in their order."""
        blob, offsets = packed(list(terms))
        hashes = fnv1a_all(blob, offsets)
        order = np.argsort(hashes, kind="stable")
        return cls(
            {
                "term_bytes": blob,
                "term_offsets": offsets,
                "term_hashes": hashes[order],
                "term_order": order.astype(np.int32 if len(order) < 2**31 else np.int64),
            }
        )

    def arrays(self) -> dict[str, np.ndarray]:
        """The arrays to save (``NAMES``)."""
        order = self._order.astype(np.int32 if len(self._order) < 2**31 else np.int64)
        return dict(zip(NAMES, (self._blob, self._offsets, self._hashes, order), strict=True))

    def __len__(self) -> int:
        return len(self._order)

    def _bytes(self, number: int) -> bytes:
        return self._blob[self._offsets.item(number) : self._offsets.item(number + 1)].tobytes()

    def term(self, number: int) -> str:
        """The term with this number."""
        return decode(self._bytes(number))

    def _find(self, data: bytes, h: int, at: int) -> int:
        """The number of the term whose bytes are ``data`` (hash ``h``), its hash first sought at ``at``; -1."""
        hashes, order = self._hashes, self._order
        while at < len(hashes) and hashes.item(at) == h:
            if self._bytes(order.item(at)) == data:
                return int(order.item(at))
            at += 1
        return -1

    def __getitem__(self, term: str) -> int:
        if not isinstance(term, str):
            raise KeyError(term)
        data = term.encode("utf-8", "surrogatepass")
        h = fnv1a(data)
        number = self._find(data, h, int(self._hashes.searchsorted(np.uint64(h))))
        if number < 0:
            raise KeyError(term)
        return number

    def numbers(self, terms: Sequence[str]) -> np.ndarray:
        """Each term's number, -1 for a term not in the table (many terms at once)."""
        blob, offsets = packed(list(terms))
        hashes = fnv1a_all(blob, offsets)
        at = np.searchsorted(self._hashes, hashes)
        hit = at < len(self._hashes)
        hit[hit] = self._hashes[at[hit]] == hashes[hit]
        found = np.full(len(terms), -1, np.int64)
        for i in np.flatnonzero(hit).tolist():
            data = blob[offsets[i] : offsets[i + 1]].tobytes()
            found[i] = self._find(data, int(hashes[i]), int(at[i]))
        return found

    def __iter__(self) -> Iterator[str]:
        """Every term in number order (the whole table decoded once)."""
        text = decode(self._blob.tobytes())
        # A character starts at every byte that does not continue one (UTF-8: not 0b10xxxxxx).
        starts = np.flatnonzero((self._blob & 0xC0) != 0x80)
        chars = np.searchsorted(starts, self._offsets).tolist()
        for a, b in zip(chars[:-1], chars[1:], strict=True):
            yield text[a:b]


class Terms(Sequence[str]):
    """A table's terms as a sequence (term ``i`` is numbered ``i``), each decoded when asked for."""

    def __init__(self, table: TermTable) -> None:
        self.table = table

    def __len__(self) -> int:
        return len(self.table)

    def __getitem__(self, i: int) -> str:  # type: ignore[override]
        if not -len(self) <= i < len(self):
            raise IndexError(i)
        return self.table.term(i % len(self))

    def __iter__(self) -> Iterator[str]:
        return iter(self.table)


def numbers_in(lookup: Mapping[str, int], terms: Sequence[str]) -> np.ndarray:
    """Each term's number in ``lookup`` (a ``TermTable`` or a ``dict``), -1 where it has none."""
    if isinstance(lookup, TermTable):
        return lookup.numbers(terms)
    return np.fromiter((lookup.get(t, -1) for t in terms), np.int64, len(terms))
