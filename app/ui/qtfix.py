"""Work around a reference-count bug of PySide6 6.12 on Python 3.11.

PySide6 6.12 returns ``None``, ``True`` and ``False`` from wrapped C++ calls without taking a
reference (harmless on Python ≥ 3.12, where those objects are immortal, PEP 683). On 3.11 every
void call (``painter.fillRect``, ``label.setText``, …) and every bool return drops one reference
from the singleton; a window that paints a grid makes millions of such calls and dies after a few
thousand with "Fatal Python error: none_dealloc" (found by the 100,000-photo benchmark, and
reproduced with 3,000 ``QRect.setX`` calls). Until the wheel is fixed we give the three singletons
a reference count no session can use up, which is exactly what 3.12 does.
"""

from __future__ import annotations

import ctypes
import sys

_DONE = False
PIN = 1 << 40  # 10^12 calls of headroom; a 64-bit count cannot overflow from here


def pin_singletons() -> bool:
    """Make None/True/False effectively immortal on Python < 3.12 (idempotent). True if applied."""
    global _DONE
    if _DONE or sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return False
    for obj in (None, True, False):
        ref = ctypes.c_ssize_t.from_address(id(obj))  # ob_refcnt is the first field of PyObject
        ref.value += PIN
    _DONE = True
    return True
