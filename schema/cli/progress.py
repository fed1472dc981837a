"""A small progress bar on stderr for long CLI work (large imports and exports).

On a terminal it redraws one line; elsewhere (CI logs, pipes) it prints each phase once.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO

__all__ = ["Progress"]


class Progress:
    """Report ``done`` of ``total`` for one phase at a time."""

    def __init__(self, stream: TextIO | None = None, width: int = 30) -> None:
        self.stream = stream or sys.stderr
        self.width = width
        self.live = self.stream.isatty()
        self._phase = ""
        self._started = time.monotonic()
        self._last_draw = 0.0

    def phase(self, name: str) -> None:
        """Start a new phase; on a terminal the previous one's line is kept."""
        if self._phase and self.live:
            self.stream.write("\n")
        self._phase = name
        self._started = time.monotonic()
        if not self.live:
            self.stream.write(f"{name}…\n")
            self.stream.flush()

    def update(self, done: int, total: int) -> None:
        """Redraw the bar (at most ten times a second) on a terminal."""
        now = time.monotonic()
        if not self.live or (now - self._last_draw < 0.1 and done < total):
            return
        self._last_draw = now
        share = 1.0 if total <= 0 else min(done / total, 1.0)
        filled = round(share * self.width)
        bar = "#" * filled + "-" * (self.width - filled)
        self.stream.write(f"\r{self._phase:<12} [{bar}] {share:6.1%}")
        self.stream.flush()

    def done(self, message: str) -> None:
        """End the last phase with a summary line."""
        if self.live and self._phase:
            self.stream.write("\n")
        self.stream.write(f"{message} ({time.monotonic() - self._started:.1f} s)\n")
        self.stream.flush()
