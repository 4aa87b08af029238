"""Grid thumbnails made in worker *processes* (``app.library.grid_pixels`` runs there, without Qt).

Decoding and scaling hold the GIL for part of their work; in threads of the window's process they
made the main thread wait for the GIL while it painted (69–88 ms blocks while scrolling a new
library). A worker process makes (or reads from the disk cache) the thumbnail and returns its
pixels; the window's loader thread only wraps them in a ``QImage``, which it hands to the GUI ready.
"""

from __future__ import annotations

import logging
import threading
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, Callable

from app.core.fspath import from_row
from app.library import grid_pixels

log = logging.getLogger(__name__)


class ProcessThumbs:
    """A decoder for ``ThumbnailLoader``: ``(row, size) -> QImage | None`` made in worker processes.

    The pool starts on first use (not at launch). If it cannot start or breaks (a frozen app, a
    worker killed), ``fallback`` decodes in the calling thread instead, so thumbnails still come.
    """

    def __init__(self, thumb_dir: str, fallback: Callable[[dict[str, Any], int], Any], workers: int = 2) -> None:
        self.thumb_dir = thumb_dir
        self.fallback = fallback
        self.workers = workers
        self._pool: ProcessPoolExecutor | None = None
        self._broken = False
        self._lock = threading.Lock()

    def _get_pool(self) -> ProcessPoolExecutor | None:
        import sys  # noqa: PLC0415

        with self._lock:
            if self._pool is None and not self._broken:
                if getattr(sys, "frozen", False):
                    self._broken = True
                    return None
                from app.library.pool import pool_context  # noqa: PLC0415

                ctx = pool_context()
                try:
                    ctx.set_forkserver_preload(["app.library.thumbs", "app.library.grid_pixels"])
                except AttributeError:
                    pass
                # the workers run at a lower priority: on a busy machine the window comes first
                self._pool = ProcessPoolExecutor(max_workers=self.workers, mp_context=ctx,
                                                 initializer=grid_pixels.lower_priority)
            return self._pool

    def __call__(self, row: dict[str, Any], size: int) -> Any:
        from PySide6.QtGui import QImage  # noqa: PLC0415 - the calling thread is in the window's process

        fp = row.get("fingerprint")
        pool = self._get_pool() if fp else None
        if pool is None:
            return self.fallback(row, size)
        try:
            out = pool.submit(grid_pixels.thumb_pixels, from_row(row), fp, self.thumb_dir, size).result()
        except (BrokenProcessPool, RuntimeError) as exc:  # RuntimeError: the pool was shut down
            if not self._broken:
                log.warning("thumbnail workers stopped (%s); making thumbnails in this process", exc)
            self._broken = True
            return self.fallback(row, size)
        if out is None:
            return None
        w, h, data = out
        return QImage(data, w, h, 3 * w, QImage.Format.Format_RGB888).copy()  # owns its pixels

    def close(self) -> None:
        with self._lock:
            pool, self._pool, self._broken = self._pool, None, True
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)
