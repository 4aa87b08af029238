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
