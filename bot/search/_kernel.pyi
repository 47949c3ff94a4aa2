"""Types of the compiled query kernel (``kernel/module.c``); ``topk`` says what it does."""

from collections.abc import Sequence

import numpy as np

def top(
    segments: Sequence[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, float, int, int]],
    idf: np.ndarray,
    terms: Sequence[int],
    order: Sequence[int],
    k: int,
    buffer: np.ndarray,
    bits: np.ndarray,
    lookup_cost: float,
    block: int,
) -> list[tuple[int, float]]: ...
def dense(
    segments: Sequence[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, float, int, int]],
    idf: np.ndarray,
    terms: Sequence[int],
    order: Sequence[int],
    buffer: np.ndarray,
) -> None: ...
