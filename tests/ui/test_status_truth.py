"""The status bar is a function of the queue's real state: "Captioning NAME" names every photo in
turn (not just the first), a queue resumed at start never says "Ready", and a host that answered
stays green after the settings are saved."""

from __future__ import annotations

import asyncio
import os
import time
from typing import Any, Iterator

import pytest

from tests.ui.helpers import run, until
from tests.ui.status_truth import StatusWatch

pytestmark = [pytest.mark.gui, pytest.mark.slow]


async def _watch_until(watch: StatusWatch, cond: Any, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not cond():
        watch.check(time.monotonic())
        if time.monotonic() > deadline:
            raise AssertionError("timed out")
        await asyncio.sleep(0.05)
    watch.check(time.monotonic())


def test_every_photo_is_named_while_it_is_captioned(settings_for_double: Any, window: Any, ollama: Any) -> None:
    ollama.token_delay = 0.03
    cap = window.services["captioning"]
    names: list[str] = []
    window.status.changed.connect(lambda: names.append(window.queue_status.current.text()))
    watch = StatusWatch(window, window.ctx.paths.db_path)
    ids = window.library["ids"]

    async def flow() -> None:
        await until(lambda: window.model.rowCount() == 3, msg="photos")
        await cap.enqueue(ids)
        await _watch_until(watch, lambda: window.status.state == "idle" and window.status.message == "3 captioned", 90)

    run(flow(), timeout=120)
    watch.close()
    files = [os.path.basename(p) for p in _paths(window, ids)]
    for f in files:
        assert f"Captioning {f}" in names, (f, sorted(set(names)))
    assert not watch.stale, watch.stale
    assert window.queue_status.message.text() == "3 captioned" and window.queue_status.current.text() == ""


def _paths(window: Any, ids: list[int]) -> list[str]:
    from app.store import db as dbmod

    db = dbmod.connect(window.ctx.paths.db_path, readonly=True)
    try:
        return [db.execute("SELECT path FROM photos WHERE id = ?", [i]).fetchone()[0] for i in ids]
    finally:
        db.conn.close()


@pytest.fixture
def resumed_window(qloop: asyncio.AbstractEventLoop, library: dict[str, Any], settings_for_double: Any, ollama: Any,
                   qtbot: Any) -> Iterator[Any]:
    """A window opened on a library whose caption queue the last session left unfinished."""
    from app.captioning import queue as jobq
    from app.store import db as dbmod
    from app.ui.app import make_qapp, open_window, shutdown

    ollama.token_delay = 0.03
    db = dbmod.connect(library["paths"].db_path)
    jobq.enqueue(db, library["ids"])
    db.conn.close()
    make_qapp()
    ctx, win = run(open_window(None, library["paths"], check_hosts=True))
    qtbot.addWidget(win)
    win.library = library
    yield win
    run(shutdown(ctx, win))


def test_a_resumed_queue_never_says_ready_and_lights_stay(resumed_window: Any, ollama: Any) -> None:
    win = resumed_window
    watch = StatusWatch(win, win.ctx.paths.db_path)

    async def flow() -> None:
        await until(lambda: "captioning" in win.services, msg="services")
        await _watch_until(watch, lambda: win.status.state == "running", 30)
        assert win.queue_status.message.text() != "Ready"
        await _watch_until(watch, lambda: win.status.state == "idle" and win.status.message == "3 captioned", 90)
        await until(lambda: win.host_lights.states.get(ollama.url) == "ok", msg="the host answered")
        win.apply_settings(win.ctx.settings)  # Settings → OK
        assert win.host_lights.states[ollama.url] == "ok", "grey again after OK"
        watch.check(time.monotonic())

    run(flow(), timeout=120)
    watch.close()
    assert "Ready" not in [t for t in watch.texts if t and watch.texts.index(t) > 0][:-1], watch.texts
    assert not watch.stale, watch.stale


def test_the_checker_sees_a_stale_text(window: Any) -> None:
    """The checker itself: a bar that says "Ready" while the queue runs is a problem."""
    from tests.ui.status_truth import status_problems

    cap = window.services.get("captioning")
    window.status.run_started(3)
    window.queue_status.message.setText("Ready")  # what the old bar showed
    problems = status_problems(window, {"pending": 3, "paused": False, "reason": None, "running": set()})
    if cap is not None and not cap.is_active():  # no run task here: only the text rules apply
        assert any("'Ready' in state running" in p for p in problems), problems
    window.queue_status.current.setText("Captioning other.jpg")
    problems = status_problems(window, {"pending": 3, "paused": False, "reason": None, "running": {"a.jpg"}})
    assert any("other.jpg" in p for p in problems), problems
    window.status.run_finished()
    assert not status_problems(window, {"pending": 0, "paused": False, "reason": None, "running": set()})


def test_the_run_keeps_the_total_the_window_announced(qapp) -> None:
    """The window says "0 / 5" when five photos are asked for; the pipeline then starts before the
    intake queued any and reports 0 pending: the bar stayed, and kept its total."""
    from app.ui.status_model import StatusModel
    from app.ui.widgets.status import QueueStatus

    view = QueueStatus()
    model = StatusModel(view)
    model.run_started(5)  # the window, on "Caption"
    model.run_started(0)  # the pipeline, before the intake queued a photo
    assert not view.bar.isHidden() and view.bar.maximum() == 5
    model.run_finished()
    model.run_started(0)  # a new run from idle counts afresh
    assert model.total == 0
