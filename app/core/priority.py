"""CPU priority of the app's own background threads.

Why: on a machine with few cores the window's main thread shares them with its worker threads
(decoding photos for the model, hashing for groups, the caption checks). At equal priority a paint
can wait tens of milliseconds for a CPU while those threads run; a lower priority lets the kernel
hand the CPU to the main thread as soon as it wakes. Linux sets the priority per thread (its task id);
elsewhere this does nothing. The thumbnail worker processes lower themselves the same way
(``grid_pixels.lower_priority``).
Only the window asks for it (``use_in_this_process``): a command line run has no paint to protect,
and lowered threads would lose CPU to anything else the person runs.
"""

from __future__ import annotations

import os
import threading

BACKGROUND = 10  # the niceness of work nobody is looking at (the thumbnail processes use the same)
_level = 0  # what ``background_thread`` sets: 0 until the window asks


def use_in_this_process(niceness: int = BACKGROUND) -> None:
    """From now on ``background_thread`` lowers the threads that call it to ``niceness``."""
    global _level
    _level = niceness


def background_thread() -> None:
    """Mark the calling thread as background work (a ``ThreadPoolExecutor`` ``initializer``, or the first
    thing in a thread's target): lowered in the window's process, left alone elsewhere."""
    if _level:
        lower_this_thread(_level)


def lower_this_thread(niceness: int = BACKGROUND) -> None:
    """Run the calling thread at ``niceness`` (never raises: a priority is a wish, not a need)."""
    tid = threading.get_native_id()
    try:
        current = os.getpriority(os.PRIO_PROCESS, tid)
        if current < niceness:
            os.setpriority(os.PRIO_PROCESS, tid, niceness)  # Linux: this thread only
    except (AttributeError, OSError):  # no setpriority here, or not allowed
        pass
