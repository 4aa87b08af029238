"""Keep the window's resident memory flat through a long day.

Measured with ``tests/bench/bench_soak.py``: Python's own objects stayed flat (tracemalloc), yet RSS
grew 40–100 MB per caption/compare cycle and never came down. The growth was glibc's heap: every
photo decoded for the model, a preview or a comparison (tens to hundreds of MB, on worker threads)
left freed memory behind in per-thread malloc arenas (up to 8 per core). Two remedies, both no-ops
where glibc is absent (macOS, Windows, musl):

- ``limit_arenas``: at most two arenas, set before the app starts its threads;
- ``trim``: hand freed heap pages back to the system after heavy work (a caption run, a comparison);
  it runs on a worker thread, never on the main one.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import logging
from typing import Any

log = logging.getLogger(__name__)

M_ARENA_MAX = -8


@functools.lru_cache(maxsize=1)
def _libc() -> Any:
    name = ctypes.util.find_library("c")
    if not name:
        return None
    try:
        libc = ctypes.CDLL(name)
        libc.malloc_trim  # glibc only  # noqa: B018
        libc.mallopt  # noqa: B018
    except (OSError, AttributeError):
        return None
    return libc


def limit_arenas(n: int = 2) -> bool:
    libc = _libc()
    return bool(libc and libc.mallopt(M_ARENA_MAX, n))


def trim() -> bool:
    """True when the heap was trimmed (glibc present), whether or not pages were released."""
    libc = _libc()
    if libc is None:
        return False
    libc.malloc_trim(0)
    return True


def trim_soon(ctx: Any) -> None:
    """Trim on the app's CPU pool (malloc_trim walks the heap: milliseconds the main thread keeps)."""
    try:
        ctx.cpu.submit(trim)
    except RuntimeError:  # shutting down
        pass
