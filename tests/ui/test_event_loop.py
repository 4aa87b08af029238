"""The window's event loop closes abandoned async generators on the loop, as asyncio's own does."""

from __future__ import annotations

import asyncio
import gc
import threading

import pytest

pytestmark = pytest.mark.gui


async def _abandon_stream(closed: list[str]) -> None:
    async def stream():
        try:
            while True:
                yield 1
        finally:
            await asyncio.sleep(0)  # an HTTP stream's aclose awaits like this
            closed.append(threading.current_thread().name)

    gen = stream()
    await gen.__anext__()
    del gen  # abandoned mid-stream, never closed by its consumer


def test_abandoned_async_generator_is_closed_on_the_loop(qloop) -> None:
    closed: list[str] = []

    async def scenario() -> None:
        await _abandon_stream(closed)
        gc.collect()
        for _ in range(20):
            if closed:
                break
            await asyncio.sleep(0.01)

    qloop.run_until_complete(scenario())
    assert closed == [threading.main_thread().name]


def test_shutdown_asyncgens_finds_open_generators(qloop) -> None:
    closed: list[str] = []

    async def stream():
        try:
            yield 1
            yield 2
        finally:
            closed.append("closed")

    async def start():
        gen = stream()
        await gen.__anext__()
        return gen

    gen = qloop.run_until_complete(start())
    qloop.run_until_complete(qloop.shutdown_asyncgens())
    assert closed == ["closed"]
    del gen


def test_close_leaves_no_qt_timer_behind(qapp) -> None:
    """Callbacks still scheduled when the loop closes must not leave Qt timers on its timer object
    (freed later off the GUI thread, such a timer fired on a deleted object: a segfault)."""
    from PySide6.QtCore import QAbstractEventDispatcher

    from app.ui.event_loop import QtEventLoop

    loop = QtEventLoop(qapp, already_running=False)
    fired: list[int] = []
    loop.call_later(300, fired.append, 1)  # like a heartbeat or a long timeout
    loop.call_later(0.01, fired.append, 2)
    loop.run_until_complete(asyncio.sleep(0.05))
    timer = loop._timer
    dispatcher = QAbstractEventDispatcher.instance()
    assert len(dispatcher.registeredTimers(timer)) == 1  # the 300 s one is pending
    loop.close()
    assert dispatcher.registeredTimers(timer) == []
    assert fired == [2]
