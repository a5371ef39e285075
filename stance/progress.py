"""A small progress line on stderr for long runs (only on a terminal).

Nothing shows during the first ``delay`` seconds, so short runs stay silent; the line is
redrawn at most ``interval`` times a second and erased when the run ends.
"""

from __future__ import annotations

import time
from typing import TextIO

__all__ = ["Progress"]


class Progress:
    def __init__(self, stream: TextIO | None, *, delay: float = 0.5, interval: float = 0.1) -> None:
        self.stream = stream  # None: disabled
        self.delay, self.interval = delay, interval
        self.start = self.last = time.monotonic()
        self.articles = self.paragraphs = self.errors = 0
        self.shown = False

    def update(self, articles: int = 0, paragraphs: int = 0, errors: int = 0) -> None:
        self.articles += articles
        self.paragraphs += paragraphs
        self.errors += errors
        if self.stream is None:
            return
        now = time.monotonic()
        if now - self.start < self.delay or now - self.last < self.interval:
            return
        self.last = now
        rate = self.paragraphs / max(now - self.start, 1e-9)
        failed = f", {self.errors:,} failed" if self.errors else ""
        line = (f"scoring: {self.articles:,} articles, {self.paragraphs:,} paragraphs "
                f"({rate:,.0f}/s){failed}")
        self.stream.write("\r" + line + "\x1b[K")
        self.stream.flush()
        self.shown = True

    def clear(self) -> None:
        """Erase the line (before an error message, and at the end)."""
        if self.shown and self.stream is not None:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self.shown = False
