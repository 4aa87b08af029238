"""glibc's heap, handed back: freed memory of decoded photos otherwise stays in the process.

Python's own objects can stay flat while resident memory grows: every photo decoded (tens to hundreds
of MB, often on worker threads) leaves freed memory behind in per-thread malloc arenas (up to 8 per
core), and a worker process that decoded one large photo keeps its size. Two remedies, both no-ops
where glibc is absent (macOS, Windows, musl):

- ``limit_arenas``: at most ``n`` arenas, set before the process starts its threads;
- ``trim``: hand freed heap pages back to the system after heavy work (it walks the heap: some
  milliseconds, so never on a thread that paints);
- ``map_big_blocks``: blocks of a megabyte and more (decoded pictures) get pages of their own, given
  back the moment they are freed. glibc's default threshold grows to 32 MB once such a block is
  freed, after which every decoded picture lands in the heap and leaves holes there: in an hour of
  use the heap in use stayed flat while its freed part (and so the resident size) kept growing.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
from typing import Any

M_ARENA_MAX = -8
M_MMAP_THRESHOLD = -3
BIG_BLOCK = 1 << 20  # bytes; a 1,600-pixel preview is 7.7 MB, a grid thumbnail 0.1 MB


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


def map_big_blocks(threshold: int = BIG_BLOCK) -> bool:
    """Blocks of ``threshold`` bytes and more are mapped on their own (fixed: no longer raised by glibc)."""
    libc = _libc()
    return bool(libc and libc.mallopt(M_MMAP_THRESHOLD, threshold))
