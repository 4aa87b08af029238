"""glibc's heap, handed back: freed memory of decoded photos otherwise stays in the process.

Python's own objects can stay flat while resident memory grows: every photo decoded (tens to hundreds
of MB, often on worker threads) leaves freed memory behind in per-thread malloc arenas (up to 8 per
core), and a worker process that decoded one large photo keeps its size. Two remedies, both no-ops
where glibc is absent (macOS, Windows, musl):

- ``limit_arenas``: at most ``n`` arenas, set before the process starts its threads;
- ``trim``: hand freed heap pages back to the system after heavy work (it walks the heap: some
  milliseconds, so never on a thread that paints).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
from typing import Any

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
