"""Chunked work on a small process pool, with a same-thread fallback (probing and thumbnails).

Why processes: header parsing and JPEG decoding hold the GIL. Why the fallback: below a threshold a
pool costs more than it saves, a frozen (PyInstaller) app cannot start workers, and a worker killed
by the OOM killer breaks the pool; the rest of the chunks then run here, so nothing is lost.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import queue
import sys
import threading
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, Callable, Iterator, TypeVar

from app.core.children import worker_initializer
from app.core.progress import CancelToken

log = logging.getLogger(__name__)
T = TypeVar("T")


def pool_context() -> multiprocessing.context.BaseContext:
    """forkserver on POSIX (safe from threaded GUI processes), preloading the imaging modules once so
    each worker starts in milliseconds; spawn elsewhere."""
    if os.name != "posix":
        return multiprocessing.get_context("spawn")
    ctx = multiprocessing.get_context("forkserver")
    # forkserver_guard first: the forkserver (and so its workers) dies with the app, kill -9 included
    ctx.set_forkserver_preload(["app.core.forkserver_guard", "app.library.probe", "app.library.thumbs",
                                "app.library.imaging_preload"])
    return ctx


_KEEPER: queue.SimpleQueue[tuple[Callable[[], None], queue.SimpleQueue[BaseException | None]]] | None = None
_KEEPER_LOCK = threading.Lock()


def _keep() -> None:
    assert _KEEPER is not None
    while True:
        fn, reply = _KEEPER.get()
        try:
            fn()
        except BaseException as exc:  # noqa: BLE001 - handed back to the caller
            reply.put(exc)
        else:
            reply.put(None)


def ensure_forkserver() -> None:
    """Start multiprocessing's fork server (if it is not running) from a thread that lasts as long as
    the app, and wait for it.

    Why: ``forkserver_guard`` asks the kernel to kill the fork server when its parent dies, and the
    kernel's parent is the *thread* that forked it. Started from a thumbnail or scan thread, the
    server, and every pool worker with it, was killed the moment that thread ended: the next
    thumbnails fell back to this process, and a worker killed while sending its result left the
    pool's manager thread waiting for ever, so the app could not exit.
    """
    global _KEEPER
    if os.name != "posix":
        return
    from multiprocessing import forkserver  # noqa: PLC0415

    with _KEEPER_LOCK:
        if _KEEPER is None:
            _KEEPER = queue.SimpleQueue()
            threading.Thread(target=_keep, name="forkserver-keeper", daemon=True).start()
    reply: queue.SimpleQueue[BaseException | None] = queue.SimpleQueue()
    _KEEPER.put((forkserver.ensure_running, reply))
    exc = reply.get()
    if exc is not None:
        raise exc


#: Most worker processes a pool starts: each holds the imaging libraries it used (~50 MB), and beyond
#: four cores a scan waits for its one database writer, not for reading files.
MAX_WORKERS = 4


def default_workers() -> int:
    """Processes for probing and thumbnails: one a core (at most ``MAX_WORKERS``), but none in a
    frozen (PyInstaller) app, where starting a worker would re-run the app's executable."""
    if getattr(sys, "frozen", False):
        return 1
    return max(1, min(MAX_WORKERS, os.cpu_count() or 1))


def run_chunks(fn: Callable[[Any], T], chunks: list[Any], *, workers: int | None, cancel: CancelToken,
               use_pool: bool = True, what: str = "work") -> Iterator[T]:
    """``fn(chunk)`` for each chunk, results in order; stops early when ``cancel`` is set."""
    n = workers if workers is not None else default_workers()
    done = 0
    if use_pool and n > 1:
        try:
            ctx = pool_context()
            ensure_forkserver()
            with ProcessPoolExecutor(max_workers=n, mp_context=ctx,
                                     initializer=worker_initializer) as pool:  # workers die with the app
                futures = [pool.submit(fn, c) for c in chunks]
                try:
                    for fut in futures:
                        if cancel.cancelled:
                            return
                        result = fut.result()
                        done += 1
                        yield result
                finally:
                    for fut in futures:
                        fut.cancel()
            return
        except (OSError, BrokenProcessPool) as exc:  # no processes allowed, a worker killed (OOM), ...
            log.warning("%s pool failed (%s); continuing on this thread", what, exc)
    for chunk in chunks[done:]:
        if cancel.cancelled:
            return
        yield fn(chunk)
