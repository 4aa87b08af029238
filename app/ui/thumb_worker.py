"""Grid thumbnails made in worker *processes* (``app.library.grid_pixels`` runs there, without Qt).

Decoding and scaling hold the GIL for part of their work; in threads of the window's process they
made the main thread wait for the GIL while it painted (69–88 ms blocks while scrolling a new
library). A worker process makes (or reads from the disk cache) the thumbnail and returns its
pixels; the window's loader thread only wraps them in a ``QImage``, which it hands to the GUI ready.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, Callable

from app.core.fspath import from_row
from app.library import formats, grid_pixels
from app.library.pool import ensure_forkserver, pool_context

log = logging.getLogger(__name__)


#: The workers stop when no thumbnail was asked for this long (the grid shows what it has cached);
#: the next request starts them again in milliseconds (the fork server has the imaging modules
#: loaded). What a worker holds goes with it: the decoders a RAW, HEIC or video loaded (LibRaw,
#: FFmpeg, numpy: tens of MB) and a heap fragmented by large photos. Not ``max_tasks_per_child``:
#: on Python 3.11–3.13 a pool that replaces its workers can stop running queued tasks (gh-115634).
IDLE_STOP_S = 20.0

#: Working memory the light worker may spend on one photo (a 12 MP JPEG takes under 2 MB with draft
#: decoding; a 7 MP HEIC grid 16 MB a row of tiles at a time); what needs more goes to the other one.
LIGHT_BUDGET = 16 * 2**20


class _Lane:
    """One worker process (a pool of one), started on first use and stopped when idle. ``budget``:
    the light lane's decoding budget; None for the lane that takes every photo."""

    def __init__(self, name: str, budget: int | None) -> None:
        self.name = name
        self.budget = budget
        self.pool: ProcessPoolExecutor | None = None
        self.busy = 0  # requests in flight
        self.server_checked = False  # the fork server was made sure of for this worker (forked on first submit)
        self.last_use = 0.0
        self.libraries = False  # its worker was sent a video or RAW file (FFmpeg, LibRaw may be loaded)


class ProcessThumbs:
    """A decoder for ``ThumbnailLoader``: ``(row, size) -> QImage | None`` made in worker processes.

    Two workers, not alike, so that together they stay small (≤ 100 MB with the fork server):
    the *light* one decodes within ``LIGHT_BUDGET`` and never loads FFmpeg, LibRaw or numpy (it
    reads RAW files' JPEG previews itself); the *heavy* one takes what the light one cannot (videos,
    RAW files without a usable preview, large PNGs, TIFFs and HEICs) and helps with the rest when it
    is free. So the large decoders live in one process, two large decodes never overlap, and a large
    photo is never decoded beside FFmpeg or LibRaw. With ``workers=1`` one worker takes everything.

    Each worker starts on first use (not at launch) and stops after ``IDLE_STOP_S`` without requests.
    If it cannot start or breaks (a frozen app, a worker killed), ``fallback`` decodes in the calling
    thread instead, so thumbnails still come.
    """

    def __init__(self, thumb_dir: str, fallback: Callable[[dict[str, Any], int], Any], workers: int = 2,
                 idle_stop_s: float = IDLE_STOP_S) -> None:
        self.thumb_dir = thumb_dir
        self.fallback = fallback
        self.idle_stop_s = idle_stop_s
        self._heavy = _Lane("heavy", None)
        self._light = _Lane("light", LIGHT_BUDGET) if workers >= 2 else None
        self._broken = False
        self._lock = threading.Condition()
        self._alone = 0  # over-budget decodes running or waiting: they run while the light worker rests
        self._draining = 0  # over-budget decodes waiting for both workers to finish what they have
        self._watching = False  # a thread stops idle workers
        self._closed = threading.Event()

    def _lanes(self) -> list[_Lane]:
        return [self._heavy] + ([self._light] if self._light is not None else [])

    def worker_pids(self) -> set[int]:
        """The worker processes now running (for measurements)."""
        with self._lock:
            return {pid for lane in self._lanes() if lane.pool is not None for pid in (lane.pool._processes or {})}

    def _take(self, heavy_only: bool, alone: bool = False, libraries: bool = False) -> _Lane | None:
        """The lane for the next request (its worker started if needed), marked busy; None when broken.
        ``alone``: a decode over the light worker's budget; it waits until the light worker is idle,
        and meanwhile every new request queues behind it, so it never overlaps another decode. If the
        other worker has FFmpeg or LibRaw loaded, it is replaced by a fresh one first: the large decode
        and those libraries are never in one process (together they passed the 100 MB of both workers).
        ``libraries``: the request is a video or RAW file."""
        import sys  # noqa: PLC0415

        retired: ProcessPoolExecutor | None = None
        with self._lock:
            if getattr(sys, "frozen", False):
                self._broken = True
            light = self._light
            heavy = self._heavy
            if alone:
                self._alone += 1
                draining = False
                while ((light is not None and light.busy) or (heavy.libraries and heavy.busy)) and not self._broken:
                    if heavy.libraries and not draining:  # new requests wait, so the other worker comes to rest
                        draining = True
                        self._draining += 1
                    self._lock.wait(1.0)
                if draining:
                    self._draining -= 1
                    self._lock.notify_all()
                if heavy.libraries and heavy.pool is not None and not self._broken:
                    retired, heavy.pool = heavy.pool, None
                heavy.libraries = False
            else:
                while self._draining and not self._broken:
                    self._lock.wait(1.0)
            if self._broken:
                self._alone -= alone
                return None
            lane = (heavy if heavy_only or alone or self._alone or light is None or light.busy > heavy.busy
                    else light)
            lane.libraries |= libraries
            if retired is not None:  # idle: it exits at once; waited for, so the two never overlap
                retired.shutdown(wait=True)
            if lane.pool is None:
                ctx = pool_context()
                try:  # the guard first: the fork server dies with the app (as the scan's pool sets it)
                    ctx.set_forkserver_preload(["app.core.forkserver_guard", "app.library.thumbs",
                                                "app.library.grid_pixels", "app.library.imaging_preload"])
                except AttributeError:
                    pass
                # the workers run at a lower priority: on a busy machine the window comes first
                lane.pool = ProcessPoolExecutor(max_workers=1, mp_context=ctx, initializer=grid_pixels.lower_priority)
                lane.server_checked = False
                if not self._watching:
                    self._watching = True
                    threading.Thread(target=self._stop_when_idle, name="thumb-idle", daemon=True).start()
            lane.busy += 1
            lane.last_use = time.monotonic()
            return lane

    def _done(self, lane: _Lane, alone: bool = False) -> None:
        with self._lock:
            lane.busy -= 1
            self._alone -= alone
            lane.last_use = time.monotonic()
            self._lock.notify_all()

    def _stop_when_idle(self) -> None:
        """Shut each worker down once it had no request for ``idle_stop_s`` (its memory goes back)."""
        while not self._closed.wait(self.idle_stop_s / 4):
            idle = []
            with self._lock:
                for lane in self._lanes():
                    if lane.pool is not None and not lane.busy and \
                            time.monotonic() - lane.last_use >= self.idle_stop_s:
                        idle.append(lane.pool)
                        lane.pool = None
                done = all(lane.pool is None for lane in self._lanes())
                if done:
                    self._watching = False  # the next request starts a new watcher
            for pool in idle:
                pool.shutdown(wait=False)
            if done:
                return

    def __call__(self, row: dict[str, Any], size: int) -> Any:
        from PySide6.QtGui import QImage  # noqa: PLC0415 - the calling thread is in the window's process

        fp = row.get("fingerprint")
        if not fp:
            return self.fallback(row, size)
        path = from_row(row)
        name = os.fsdecode(os.path.basename(path))
        heavy_only = formats.is_video(name)  # it loads FFmpeg
        raw = formats.is_raw(name)  # the light worker reads its JPEG preview; if it finds none, LibRaw is needed
        out: Any = grid_pixels.OVER_BUDGET
        alone = False
        while out == grid_pixels.OVER_BUDGET:
            lane = self._take(heavy_only, alone, libraries=heavy_only and not alone)
            if lane is None:
                return self.fallback(row, size)
            pool = lane.pool  # None only once the window closed the workers
            try:
                if pool is None:
                    raise RuntimeError("the thumbnail workers were closed")
                if not lane.server_checked:  # its worker is forked at the first submit, by a lasting server
                    ensure_forkserver()
                    lane.server_checked = True
                budget = lane.budget
                if budget is None and not (heavy_only or alone) and (lane.libraries or raw):
                    # helping: no large photo beside FFmpeg or LibRaw, and a RAW file's preview only (LibRaw
                    # is loaded on the next try, with the worker marked as having it)
                    budget = LIGHT_BUDGET
                out = pool.submit(grid_pixels.thumb_pixels, path, fp, self.thumb_dir, size, budget).result()
            except (BrokenProcessPool, RuntimeError, OSError) as exc:  # RuntimeError: the pool was shut down
                if not self._broken:
                    log.warning("thumbnail workers stopped (%s); making thumbnails in this process", exc)
                self._broken = True
                return self.fallback(row, size)
            finally:
                self._done(lane, alone)
            if raw:  # LibRaw: the other worker, like a video
                heavy_only = True
            else:  # over the light worker's budget: the other one makes it, alone
                heavy_only = alone = True
        if out is None:
            return None
        w, h, data = out
        return QImage(data, w, h, 3 * w, QImage.Format.Format_RGB888).copy()  # owns its pixels

    def close(self) -> None:
        with self._lock:
            pools = [lane.pool for lane in self._lanes() if lane.pool is not None]
            for lane in self._lanes():
                lane.pool = None
            self._broken = True
            self._closed.set()
            self._lock.notify_all()
        for pool in pools:
            pool.shutdown(wait=False, cancel_futures=True)
