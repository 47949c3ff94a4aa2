"""Progress of long work: a tqdm bar on a terminal, a few log lines otherwise (systemd, CI, a log file).

A bar writes a carriage-return update many times a second, which fills a log file with thousands of
lines; so without a terminal on stderr the work is reported at each quarter, through the logger.
"""

from __future__ import annotations

import logging
import sys
from types import TracebackType

from tqdm import tqdm

STEPS = 4
"""Log lines without a terminal: one per quarter of the work."""


class Progress:
    """Count work done toward ``total``; shown only when ``total`` reaches ``min_total``."""

    def __init__(self, total: int, what: str, unit: str, log: logging.Logger, min_total: int = 0) -> None:
        self.total, self.what, self.unit, self.log = total, what, unit, log
        self.shown = total >= min_total and total > 0
        self.done = 0
        self._next_step = 1
        self._bar = (
            tqdm(total=total, unit=unit, unit_scale=True, desc=what, leave=False, file=sys.stderr)
            if self.shown and sys.stderr.isatty()
            else None
        )

    def update(self, amount: int) -> None:
        self.done += amount
        if self._bar is not None:
            self._bar.update(amount)
        elif self.shown and self._next_step <= STEPS and self.done * STEPS >= self._next_step * self.total:
            self._next_step = self.done * STEPS // self.total + 1
            self.log.info(
                "%s: %d%% (%s of %s %s)",
                self.what,
                100 * self.done // self.total,
                f"{self.done:,}",
                f"{self.total:,}",
                self.unit,
            )

    def __enter__(self) -> Progress:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        if self._bar is not None:
            self._bar.close()
