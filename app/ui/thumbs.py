"""Thumbnails for the grid, decoded on worker threads, visible ones first.

Requests go on a stack (last painted = visible now = decoded first) capped at ``max_queue``; what
scrolled away is dropped and asked for again if it comes back (TagStudio's queue clearing). Workers
put a ``QImage`` (a value, safe off the GUI thread) on a plain queue and never touch a QObject: a
worker emitting a signal on a loader that the window is destroying crashed the process. The main
thread drains the queue on a short timer, turns each image into a ``QPixmap`` once and keeps it in
an LRU cache. Decoding uses ``app.library.thumbs`` (disk cache, every format the
library reads) when available, else Qt's own reader.
"""

from __future__ import annotations

import functools
import logging
import queue
import threading
import time
from collections import OrderedDict
from typing import Any, Callable

import shiboken6
from PySide6.QtCore import QObject, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QImage, QImageReader, QPixmap

from app.core.fspath import from_row

log = logging.getLogger(__name__)

Decoder = Callable[[dict[str, Any], int], QImage | None]


def qt_decode(row: dict[str, Any], size: int) -> QImage | None:
    """Decode with Qt's reader (scaled while reading, EXIF rotation applied). Worker threads only."""
    reader = QImageReader(from_row(row))
    reader.setAutoTransform(True)
    src = reader.size()
    if src.isValid() and src.width() > 0 and src.height() > 0:
        scale = min(1.0, size / max(src.width(), src.height()))
        reader.setScaledSize(QSize(max(1, int(src.width() * scale)), max(1, int(src.height() * scale))))
    image = reader.read()
    return None if image.isNull() else image


def _halt(cond: threading.Condition, stop: threading.Event, stack: OrderedDict[int, Any], *_: Any) -> None:
    """Tell the workers to finish (touches no Qt object, so it is safe during destruction)."""
    with cond:
        stop.set()
        stack.clear()
        cond.notify_all()


class ThumbnailLoader(QObject):
    """Asynchronous thumbnail cache keyed by photo id."""

    DRAIN_SECONDS = 0.004

    ready = Signal(int)  # photo id whose pixmap is now in the cache

    def __init__(
        self,
        decoder: Decoder = qt_decode,
        *,
        size: int = 256,
        workers: int = 2,
        max_queue: int = 300,
        cache_items: int = 1500,
        fit: QSize | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.size = size
        self.fit = fit  # the box the grid draws into: scaled to it here, painting never scales
        self._decoder = decoder
        self._max_queue = max_queue
        self._cache: OrderedDict[int, QPixmap] = OrderedDict()
        self._cache_items = cache_items
        self._failed: set[int] = set()
        self.made = 0  # thumbnails delivered to the grid (the benchmark counts them)
        self._stack: OrderedDict[int, dict[str, Any]] = OrderedDict()  # newest last
        self._in_flight: set[int] = set()
        self._cond = threading.Condition()
        self._stop = threading.Event()
        self._results: queue.SimpleQueue[tuple[int, QImage | None]] = queue.SimpleQueue()
        self._drain = QTimer(self)
        self._drain.setInterval(15)
        self._drain.timeout.connect(self._drain_results)
        self._threads = [
            threading.Thread(target=self._work, name=f"thumbs-{i}", daemon=True) for i in range(workers)
        ]
        for t in self._threads:
            t.start()
        # When the window goes, its children go with it: stop the workers even if nobody called
        # shutdown() (the slot is a plain function; this object's methods are gone by then).
        self.destroyed.connect(functools.partial(_halt, self._cond, self._stop, self._stack))

    # -- main thread ------------------------------------------------------------------------
    def cached(self, photo_id: int) -> QPixmap | None:
        """The cached pixmap of this photo, if any (never schedules a decode)."""
        return self._cache.get(photo_id)

    def pixmap(self, row: dict[str, Any]) -> QPixmap | None:
        """The cached pixmap, or None after scheduling a decode (the ``ready`` signal follows)."""
        pid = int(row["id"])
        pm = self._cache.get(pid)
        if pm is not None:
            self._cache.move_to_end(pid)
            return pm
        if pid in self._failed:
            return None
        with self._cond:
            if pid in self._in_flight:
                return None
            self._stack.pop(pid, None)
            self._stack[pid] = {"id": pid, "path": row.get("path"), "path_bytes": row.get("path_bytes"),
                                "mtime_ns": row.get("mtime_ns"),
                                "size": row.get("size"), "orientation": row.get("orientation"),
                                "format": row.get("format"), "fingerprint": row.get("fingerprint")}
            while len(self._stack) > self._max_queue:
                self._stack.popitem(last=False)  # scrolled out of view long ago
            self._cond.notify()
        if not self._drain.isActive():
            self._drain.start()
        return None

    def invalidate(self, photo_id: int) -> None:
        self._cache.pop(photo_id, None)
        self._failed.discard(photo_id)

    def pending(self) -> int:
        with self._cond:
            return len(self._stack) + len(self._in_flight)

    def _drain_results(self) -> None:
        """Move finished decodes into the cache; the timer stops when nothing is left to wait for.

        At most ``DRAIN_SECONDS`` per tick: with a warm disk cache a whole page of thumbnails is ready
        at once, and turning them all into pixmaps in one go blocked painting for 70 ms."""
        deadline = time.perf_counter() + self.DRAIN_SECONDS
        while time.perf_counter() < deadline:
            try:
                pid, image = self._results.get_nowait()
            except queue.Empty:
                break
            self._on_decoded(pid, image)
        if self.pending() == 0 and self._results.empty():
            self._drain.stop()

    def _on_decoded(self, pid: int, image: QImage | None) -> None:
        if image is None:
            self._failed.add(pid)
        else:
            self._cache[pid] = QPixmap.fromImage(image)
            self.made += 1
            while len(self._cache) > self._cache_items:
                self._cache.popitem(last=False)
        self.ready.emit(pid)

    def shutdown(self) -> None:
        """Stop the workers (waiting up to 5 s each). Safe after Qt has destroyed the loader."""
        if shiboken6.isValid(self._drain):
            self._drain.stop()
        _halt(self._cond, self._stop, self._stack)
        close = getattr(self._decoder, "close", None)
        if close is not None:  # worker processes (app.ui.thumb_worker)
            close()
        for t in self._threads:
            t.join(timeout=5)

    # -- worker threads ---------------------------------------------------------------------
    def _work(self) -> None:
        while True:
            with self._cond:
                while not self._stack and not self._stop.is_set():
                    self._cond.wait()
                if self._stop.is_set():
                    return
                pid, row = self._stack.popitem(last=True)  # most recently painted first
                self._in_flight.add(pid)
            image: QImage | None = None
            try:
                image = self._decoder(row, self.size)
                box = self.fit if self.fit is not None else QSize(self.size, self.size)
                if image is not None and (image.width() > box.width() or image.height() > box.height()):
                    image = image.scaled(box, Qt.AspectRatioMode.KeepAspectRatio,
                                         Qt.TransformationMode.SmoothTransformation)
            except Exception as exc:  # noqa: BLE001 - a bad file is a placeholder, not a crash
                log.debug("thumbnail %s: %s", row.get("path"), exc)
            with self._cond:
                # Queued before leaving in-flight, so the drain timer never stops with a result due.
                if not self._stop.is_set():
                    self._results.put((pid, image))
                self._in_flight.discard(pid)
