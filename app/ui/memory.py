"""Keep the window's resident memory flat through a long day.

Measured with ``tests/bench/bench_soak.py``: Python's own objects stayed flat (tracemalloc), yet RSS
grew 40–100 MB per caption/compare cycle and never came down. The growth was glibc's heap: every
photo decoded for the model, a preview or a comparison left freed memory behind in per-thread malloc
arenas. The window allows two arenas (``limit_arenas``, before it starts its threads), gives decoded
pictures pages of their own that go back when freed (``map_big_blocks``), and trims the
heap after heavy work (a caption run, a comparison) on a worker thread (``trim_soon``); the helpers
live in ``app.core.heap``.
"""

from __future__ import annotations

from typing import Any

from app.core.heap import limit_arenas, map_big_blocks, trim

__all__ = ["limit_arenas", "map_big_blocks", "trim", "trim_soon"]


def trim_soon(ctx: Any) -> None:
    """Trim on the app's CPU pool (malloc_trim walks the heap: milliseconds the main thread keeps)."""
    try:
        ctx.cpu.submit(trim)
    except RuntimeError:  # shutting down
        pass
