"""Thumbnails for the grid, decoded on worker threads, visible ones first.

Requests go on a stack (last painted = visible now = decoded first) capped at ``max_queue``; what
scrolled away is dropped and asked for again if it comes back (TagStudio's queue clearing). Workers
return a ``QImage`` (safe off the GUI thread); the main thread turns it into a ``QPixmap`` once and
keeps it in an LRU cache. Decoding uses ``app.library.thumbs`` (disk cache, every format the
library reads) when available, else Qt's own reader.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from typing import Any, Callable

from PySide6.QtCore import QObject, QSize, Qt, Signal
from PySide6.QtGui import QImage, QImageReader, QPixmap

log = logging.getLogger(__name__)

Decoder = Callable[[dict[str, Any], int], QImage | None]


def qt_decode(row: dict[str, Any], size: int) -> QImage | None:
    """Decode with Qt's reader (scaled while reading, EXIF rotation applied). Worker threads only."""
    reader = QImageReader(str(row["path"]))
    reader.setAutoTransform(True)
    src = reader.size()
    if src.isValid() and src.width() > 0 and src.height() > 0:
        scale = min(1.0, size / max(src.width(), src.height()))
        reader.setScaledSize(QSize(max(1, int(src.width() * scale)), max(1, int(src.height() * scale))))
    image = reader.read()
    return None if image.isNull() else image


class ThumbnailLoader(QObject):
    """Asynchronous thumbnail cache keyed by photo id."""

    ready = Signal(int)  # photo id whose pixmap is now in the cache
    _decoded = Signal(int, object)  # worker -> main thread (queued)

    def __init__(
        self,
        decoder: Decoder = qt_decode,
        *,
        size: int = 256,
        workers: int = 2,
        max_queue: int = 300,
        cache_items: int = 1500,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.size = size
        self._decoder = decoder
        self._max_queue = max_queue
        self._cache: OrderedDict[int, QPixmap] = OrderedDict()
        self._cache_items = cache_items
        self._failed: set[int] = set()
        self._stack: OrderedDict[int, dict[str, Any]] = OrderedDict()  # newest last
        self._in_flight: set[int] = set()
        self._cond = threading.Condition()
        self._stop = False
        self._decoded.connect(self._on_decoded, Qt.ConnectionType.QueuedConnection)
        self._threads = [
            threading.Thread(target=self._work, name=f"thumbs-{i}", daemon=True) for i in range(workers)
        ]
        for t in self._threads:
            t.start()

    # -- main thread ------------------------------------------------------------------------
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
            self._stack[pid] = {"id": pid, "path": row.get("path"), "mtime_ns": row.get("mtime_ns"),
                                "size": row.get("size"), "orientation": row.get("orientation"),
                                "format": row.get("format"), "fingerprint": row.get("fingerprint")}
            while len(self._stack) > self._max_queue:
                self._stack.popitem(last=False)  # scrolled out of view long ago
            self._cond.notify()
        return None

    def invalidate(self, photo_id: int) -> None:
        self._cache.pop(photo_id, None)
        self._failed.discard(photo_id)

    def pending(self) -> int:
        with self._cond:
            return len(self._stack) + len(self._in_flight)

    def _on_decoded(self, pid: int, image: QImage | None) -> None:
        if image is None:
            self._failed.add(pid)
        else:
            self._cache[pid] = QPixmap.fromImage(image)
            while len(self._cache) > self._cache_items:
                self._cache.popitem(last=False)
        self.ready.emit(pid)

    def shutdown(self) -> None:
        with self._cond:
            self._stop = True
            self._stack.clear()
            self._cond.notify_all()
        for t in self._threads:
            t.join(timeout=5)

    # -- worker threads ---------------------------------------------------------------------
    def _work(self) -> None:
        while True:
            with self._cond:
                while not self._stack and not self._stop:
                    self._cond.wait()
                if self._stop:
                    return
                pid, row = self._stack.popitem(last=True)  # most recently painted first
                self._in_flight.add(pid)
            image: QImage | None = None
            try:
                image = self._decoder(row, self.size)
                if image is not None and max(image.width(), image.height()) > self.size:
                    image = image.scaled(self.size, self.size, Qt.AspectRatioMode.KeepAspectRatio,
                                         Qt.TransformationMode.SmoothTransformation)
            except Exception as exc:  # noqa: BLE001 - a bad file is a placeholder, not a crash
                log.debug("thumbnail %s: %s", row.get("path"), exc)
            with self._cond:
                self._in_flight.discard(pid)
                stopping = self._stop
            if not stopping:
                try:
                    self._decoded.emit(pid, image)
                except RuntimeError:
                    return
