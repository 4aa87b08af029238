"""Grid thumbnails made in worker *processes* (``app.library.grid_pixels`` runs there, without Qt).

Decoding and scaling hold the GIL for part of their work; in threads of the window's process they
made the main thread wait for the GIL while it painted (69–88 ms blocks while scrolling a new
library). A worker process makes (or reads from the disk cache) the thumbnail and returns its
pixels; the window's loader thread only wraps them in a ``QImage``, which it hands to the GUI ready.
"""

from __future__ import annotations

import logging
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, Callable

from app.core.fspath import from_row
from app.library import grid_pixels
from app.library.pool import ensure_forkserver, pool_context

log = logging.getLogger(__name__)


#: The workers stop when no thumbnail was asked for this long (the grid shows what it has cached);
#: the next request starts them again in milliseconds (the fork server has the imaging modules
#: loaded). What a worker holds goes with it: the decoders a RAW, HEIC or video loaded (LibRaw,
#: FFmpeg, numpy: tens of MB) and a heap fragmented by large photos. Not ``max_tasks_per_child``:
#: on Python 3.11–3.13 a pool that replaces its workers can stop running queued tasks (gh-115634).
IDLE_STOP_S = 20.0


class ProcessThumbs:
    """A decoder for ``ThumbnailLoader``: ``(row, size) -> QImage | None`` made in worker processes.

    The pool starts on first use (not at launch) and stops after ``IDLE_STOP_S`` without requests.
    If it cannot start or breaks (a frozen app, a worker killed), ``fallback`` decodes in the calling
    thread instead, so thumbnails still come.
    """

    def __init__(self, thumb_dir: str, fallback: Callable[[dict[str, Any], int], Any], workers: int = 2,
                 idle_stop_s: float = IDLE_STOP_S) -> None:
        self.thumb_dir = thumb_dir
        self.fallback = fallback
        self.workers = workers
        self.idle_stop_s = idle_stop_s
        self._pool: ProcessPoolExecutor | None = None
        self._broken = False
        self._lock = threading.Lock()
        self._busy = 0  # requests in flight
        self._last_use = 0.0
        self._idle = threading.Event()  # set: stop watching (the pool was closed)

    def _get_pool(self) -> ProcessPoolExecutor | None:
        import sys  # noqa: PLC0415

        with self._lock:
            if self._pool is None and not self._broken:
                if getattr(sys, "frozen", False):
                    self._broken = True
                    return None
                ctx = pool_context()
                try:  # the guard first: the fork server dies with the app (as the scan's pool sets it)
                    ctx.set_forkserver_preload(["app.core.forkserver_guard", "app.library.thumbs",
                                                "app.library.grid_pixels"])
                except AttributeError:
                    pass
                # the workers run at a lower priority: on a busy machine the window comes first
                self._pool = ProcessPoolExecutor(max_workers=self.workers, mp_context=ctx,
                                                 initializer=grid_pixels.lower_priority)
                self._idle.clear()
                threading.Thread(target=self._stop_when_idle, args=(self._pool,), name="thumb-idle",
                                 daemon=True).start()
            if self._pool is not None:
                self._busy += 1
                self._last_use = time.monotonic()
            return self._pool

    def _done(self) -> None:
        with self._lock:
            self._busy -= 1
            self._last_use = time.monotonic()

    def _stop_when_idle(self, pool: ProcessPoolExecutor) -> None:
        """Shut ``pool`` down once no request came for ``idle_stop_s`` (its workers' memory goes back)."""
        while not self._idle.wait(self.idle_stop_s / 4):
            with self._lock:
                if self._pool is not pool:
                    return
                if self._busy or time.monotonic() - self._last_use < self.idle_stop_s:
                    continue
                self._pool = None
            pool.shutdown(wait=False)
            return

    def __call__(self, row: dict[str, Any], size: int) -> Any:
        from PySide6.QtGui import QImage  # noqa: PLC0415 - the calling thread is in the window's process

        fp = row.get("fingerprint")
        pool = self._get_pool() if fp else None
        if pool is None:
            return self.fallback(row, size)
        try:
            ensure_forkserver()  # a new worker is forked on demand: by a server that outlives this thread
            out = pool.submit(grid_pixels.thumb_pixels, from_row(row), fp, self.thumb_dir, size).result()
        except (BrokenProcessPool, RuntimeError, OSError) as exc:  # RuntimeError: the pool was shut down
            if not self._broken:
                log.warning("thumbnail workers stopped (%s); making thumbnails in this process", exc)
            self._broken = True
            return self.fallback(row, size)
        finally:
            self._done()
        if out is None:
            return None
        w, h, data = out
        return QImage(data, w, h, 3 * w, QImage.Format.Format_RGB888).copy()  # owns its pixels

    def close(self) -> None:
        with self._lock:
            pool, self._pool, self._broken = self._pool, None, True
            self._idle.set()
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)
