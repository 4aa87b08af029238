"""Work the window must not do on its main thread (found by the soak benchmark's block traces).

Each test watches *where* the work runs, not how long it takes: timings on a shared machine say
little, while a slow call on the main thread is a stall on every machine.
"""

from __future__ import annotations

import importlib
import importlib.abc
import shutil
import sys
import threading
from contextlib import contextmanager
from typing import Any, Iterator

import pytest

from app.store import captions
from app.store import db as dbmod
from tests.ui.helpers import run

pytestmark = pytest.mark.gui


@contextmanager
def import_threads(*names: str) -> Iterator[dict[str, bool]]:
    """Forget these modules for a while and record, for each one imported again, whether the main
    thread imported it. The original modules come back afterwards (other tests hold their classes)."""
    saved = {n: sys.modules.pop(n) for n in names if n in sys.modules}
    seen: dict[str, bool] = {}

    class Spy(importlib.abc.MetaPathFinder):
        def find_spec(self, name: str, path: Any, target: Any = None) -> None:
            if name in names:
                seen[name] = threading.current_thread() is threading.main_thread()
            return None  # the usual finders load it

    spy = Spy()
    sys.meta_path.insert(0, spy)
    try:
        yield seen
    finally:
        sys.meta_path.remove(spy)
        for name in names:
            sys.modules.pop(name, None)
        for name, module in saved.items():
            sys.modules[name] = module
            parent, _, child = name.rpartition(".")
            if parent in sys.modules:
                setattr(sys.modules[parent], child, module)


@pytest.mark.exiftool
@pytest.mark.skipif(not shutil.which("exiftool"), reason="exiftool missing")
def test_the_first_write_loads_the_writer_off_the_main_thread(window):
    """The write-back modules (metadata writer, exiftool, journal) cost ~50 ms to import: the first
    write of a session loaded them on the main thread, the longest block of a soak's first minutes."""
    pid = window.library["ids"][0]
    db = dbmod.connect(window.ctx.paths.db_path)
    captions.add_version(db, pid, text="A harbour at noon", source="human", state="approved")
    db.conn.close()
    with import_threads("app.services.review") as seen:
        assert run(window._review().write_approved([pid]))["written"] == 1
    assert seen == {"app.services.review": False}


def test_progress_paints_with_the_window_not_there_and_then(window, qtbot):
    """QProgressBar repaints at once when its value or range changes, and a repaint then paints every
    widget waiting for one (the whole grid), inside whatever set the progress: enqueueing photos
    spent ~20 ms a time painting. The bar must paint when the event loop paints the window."""
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QApplication

    from tests.ui.helpers import until

    run(until(lambda: window.model.rowCount() == 3))
    window.show()
    qtbot.waitExposed(window)
    painted: list[str] = []

    class Spy(QObject):
        def eventFilter(self, obj: Any, ev: Any) -> bool:
            if ev.type() == QEvent.Type.Paint:
                painted.append(type(obj).__name__)
            return False

    spy = Spy()
    for w in (window.grid.viewport(), window.queue_status.bar):
        w.installEventFilter(spy)
    bar = window.queue_status
    bar.set_progress(0, 6)
    QApplication.processEvents()
    painted.clear()
    window.grid.viewport().update()  # the grid has something to repaint (a thumbnail arrived, say)
    bar.set_progress(1, 6)
    bar.set_progress(2, 7)
    assert painted == []
    qtbot.waitUntil(lambda: "QProgressBar" in painted and painted.count("QWidget") >= 1, timeout=5000)
    assert bar.bar.value() == 2 and bar.bar.maximum() == 7
