"""Background threads run at a lower CPU priority than the thread that started them."""

from __future__ import annotations

import concurrent.futures
import os
import sys
import threading

import pytest

from app.core import priority

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="per-thread priority is Linux's")


def _nice(tid: int) -> int:
    with open(f"/proc/self/task/{tid}/stat") as fh:
        return int(fh.read().rsplit(")", 1)[1].split()[16])  # field 19: nice


def test_a_pool_initializer_lowers_only_its_own_threads() -> None:
    before = _nice(threading.get_native_id())
    with concurrent.futures.ThreadPoolExecutor(1, initializer=priority.lower_this_thread) as pool:
        worker_nice = pool.submit(lambda: _nice(threading.get_native_id())).result()
    assert worker_nice == max(before, priority.BACKGROUND)
    assert _nice(threading.get_native_id()) == before  # the caller (the window's main thread) keeps its own


def test_a_thread_already_lower_is_left_alone() -> None:
    out: list[int] = []

    def run() -> None:
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 15)
        priority.lower_this_thread(10)
        out.append(_nice(threading.get_native_id()))

    t = threading.Thread(target=run)
    t.start()
    t.join()
    assert out == [15]


def test_background_threads_are_lowered_only_where_the_window_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    """A command line run keeps its threads' priority (they would lose CPU to the person's other work);
    the window's process lowers them."""
    def nice_in_pool() -> int:
        with concurrent.futures.ThreadPoolExecutor(1, initializer=priority.background_thread) as pool:
            return pool.submit(lambda: _nice(threading.get_native_id())).result()

    before = _nice(threading.get_native_id())
    monkeypatch.setattr(priority, "_level", 0)
    assert nice_in_pool() == before
    priority.use_in_this_process()
    assert nice_in_pool() == max(before, priority.BACKGROUND)
