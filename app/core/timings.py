"""Seconds spent per phase of a long job, added up from any thread: how a benchmark shows where the time
of a write-back goes. Code that is not being measured passes ``None`` and pays nothing."""

from __future__ import annotations

import threading
import time
from contextlib import contextmanager, nullcontext
from typing import ContextManager, Iterator


class Timings:
    """Phase name -> seconds (and how many times it ran)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.seconds: dict[str, float] = {}
        self.counts: dict[str, int] = {}

    def add(self, name: str, seconds: float) -> None:
        with self._lock:
            self.seconds[name] = self.seconds.get(name, 0.0) + seconds
            self.counts[name] = self.counts.get(name, 0) + 1

    @contextmanager
    def phase(self, name: str) -> Iterator[None]:
        t0 = time.perf_counter()
        try:
            yield
        finally:
            self.add(name, time.perf_counter() - t0)


def timed(timings: Timings | None, name: str) -> ContextManager[None]:
    """``timings.phase(name)``, or nothing when nobody measures."""
    return timings.phase(name) if timings is not None else nullcontext()
