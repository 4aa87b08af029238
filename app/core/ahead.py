"""Run a generator on its own thread, a few items ahead of the loop that consumes them.

Why: a scan plans (walks, feeds the probe pool, collects its results) and writes (SQLite) in turn.
On one thread the pool's workers wait while a batch is written, and under load the two halves
queue behind each other. With the planner on its own thread, the writer keeps the database
connection on the thread that owns it and the probe workers are fed meanwhile (SQLite and the
workers' results do their heavy work outside the GIL).
"""

from __future__ import annotations

import queue
import threading
from typing import Callable, Iterator, TypeVar

T = TypeVar("T")

_DONE = object()
_WAIT_S = 0.1  # how often a producer blocked on a full queue looks whether the consumer has gone


class _Failed:
    def __init__(self, exc: BaseException) -> None:
        self.exc = exc


def ahead(items: Iterator[T], depth: int = 2, *, stop: Callable[[], None] | None = None,
          name: str = "ahead") -> Iterator[T]:
    """Yield ``items`` in order while a thread produces up to ``depth`` more. An exception in the
    producer is raised here. When the consumer stops early (break, an exception, Ctrl-C), ``stop``
    is called (e.g. a scan's cancel, so a long walk ends soon), the producer stops at its next item
    and the generator is closed on its own thread before this returns."""
    q: queue.Queue[object] = queue.Queue(maxsize=max(1, depth))
    gone = threading.Event()

    def put(item: object) -> bool:
        while not gone.is_set():
            try:
                q.put(item, timeout=_WAIT_S)
                return True
            except queue.Full:
                continue
        return False

    def produce() -> None:
        try:
            for item in items:
                if not put(item):
                    return
            put(_DONE)
        except BaseException as exc:  # noqa: BLE001 - handed to the consumer, raised there
            put(_Failed(exc))
        finally:
            close = getattr(items, "close", None)
            if close is not None:
                close()

    worker = threading.Thread(target=produce, name=name, daemon=True)
    worker.start()
    ended = False  # the producer has put its last item
    try:
        while True:
            item = q.get()
            if item is _DONE or isinstance(item, _Failed):
                ended = True
                if item is _DONE:
                    return
                raise item.exc  # type: ignore[union-attr]
            yield item  # type: ignore[misc]
    finally:
        if not ended and stop is not None:
            stop()
        gone.set()
        worker.join()
