"""A memory budget for decoding in the current thread: what would need more is refused *before* it
is decoded, so a caller with a budget can send that photo elsewhere.

Why: the window's thumbnail workers must stay small together. One worker keeps a budget and never
loads the large decoders (FFmpeg, LibRaw, numpy: 10–17 MB each, held for as long as the process
lives); whatever it refuses goes to the other worker, which has none. So at most one large decode
runs at a time, and the large decoders are loaded in one process only.

    with decode_budget.limited(24 * 2**20):
        img = decode.open_image(path, max_edge=256)   # may raise decode_budget.OverBudget

Without ``limited`` (captioning, the scan, the CLI) every check passes.
"""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar
from typing import Iterator

_BUDGET: ContextVar[int | None] = ContextVar("decode_budget", default=None)


class OverBudget(Exception):
    """Decoding this photo needs more than the budget (``str``: what it needs). Not a fault of the photo."""


@contextmanager
def limited(nbytes: int) -> Iterator[None]:
    """Decodes inside refuse work that needs more than ``nbytes`` or a large decoder library."""
    token = _BUDGET.set(nbytes)
    try:
        yield
    finally:
        _BUDGET.reset(token)


def check(nbytes: int, what: str) -> None:
    """Raise ``OverBudget`` when a budget is set and ``nbytes`` of working memory exceed it."""
    budget = _BUDGET.get()
    if budget is not None and nbytes > budget:
        raise OverBudget(f"{what}: {nbytes / 2**20:,.0f} MB to decode")


def check_library(name: str) -> None:
    """Raise ``OverBudget`` when a budget is set: decoding needs ``name`` (a decoder library that stays
    loaded in the process once imported)."""
    if _BUDGET.get() is not None:
        raise OverBudget(f"needs {name}")
