"""Progress reporting and cooperative cancellation for long jobs (scans, thumbnails, writes).

The core calls a ``ProgressFn`` with a ``Progress`` value; the CLI draws a bar from it, the GUI
re-emits it as a Qt signal. A ``CancelToken`` is checked between units of work.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Callable


class Cancelled(Exception):
    """Raised inside a job when its ``CancelToken`` was set."""


class CancelToken:
    """A thread-safe flag; set it from any thread, check it in the worker."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def raise_if_cancelled(self) -> None:
        if self._event.is_set():
            raise Cancelled()


@dataclass(frozen=True)
class Progress:
    """How far a job has come. ``total`` is None while it is still unknown (e.g. during a walk)."""

    phase: str
    done: int
    total: int | None = None
    current: str = ""


ProgressFn = Callable[[Progress], None]


def no_progress(_: Progress) -> None:
    """The default progress sink: report nothing."""


def one_at_a_time(fn: ProgressFn) -> ProgressFn:
    """``fn`` behind a lock, for a job that reports from two threads (a scan's planner and writer):
    a terminal bar is drawn by one of them at a time."""
    if fn is no_progress:
        return fn
    lock = threading.Lock()

    def report(p: Progress) -> None:
        with lock:
            fn(p)

    return report
