"""glibc's heap: decoded pictures must not leave freed memory behind in it (``app.core.heap``).

Each case runs in a fresh interpreter: the malloc state (its thresholds, what was freed before)
belongs to the process, and this one has decoded pictures already.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from app.core import heap

pytestmark = pytest.mark.skipif(heap._libc() is None, reason="not glibc")

# A 16 MB block (Pillow decodes a photo in blocks of this size) is freed, then an 8 MB one (a preview)
# is taken: is the 8 MB block mapped on its own (given back when freed) or carved out of the heap
# (where it leaves a hole)?
PROBE = """
import ctypes, json, sys
from app.core import heap
if sys.argv[1] == "fixed":
    assert heap.map_big_blocks()
class Info(ctypes.Structure):
    _fields_ = [(n, ctypes.c_size_t) for n in ("arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks",
                                               "fsmblks", "uordblks", "fordblks", "keepcost")]
libc = ctypes.CDLL("libc.so.6")
libc.malloc.restype = ctypes.c_void_p
libc.free.argtypes = [ctypes.c_void_p]
libc.mallinfo2.restype = Info
libc.free(libc.malloc(16 << 20))
before = libc.mallinfo2().hblkhd
block = libc.malloc(8 << 20)
mapped = libc.mallinfo2().hblkhd - before
libc.free(block)
print(json.dumps({"mapped": mapped}))
"""


def _mapped(mode: str) -> int:
    out = subprocess.run([sys.executable, "-c", PROBE, mode], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)["mapped"]


def test_a_picture_freed_after_a_larger_one_goes_back_to_the_system():
    assert _mapped("default") == 0  # glibc on its own: into the heap (its threshold grew to 16 MB)
    assert _mapped("fixed") >= 8 << 20  # mapped on its own: freeing it returns its pages
