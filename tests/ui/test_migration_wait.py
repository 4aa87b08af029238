"""The window's reader waits for the migrations: a library from an older version opens without
"reload counts failed: no such column: group_id" (the reader used to query the half-migrated file
while the writer was still adding the column)."""

from __future__ import annotations

import asyncio
import logging
import time
from pathlib import Path
from typing import Any

import pytest
import sqlean
import sqlite_utils

from app.core.timeutil import utc_now
from tests.ui.helpers import run, until

pytestmark = [pytest.mark.gui]

LAST_OLD = "m050_photo_groups"  # the library was made by a version before photo groups


def _old_library(db_path: Path) -> None:
    from app.store.migrations import migrations

    db_path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite_utils.Database(sqlean.connect(str(db_path)))
    migrations.apply(db, stop_before=LAST_OLD)
    db.execute("INSERT INTO roots(path, added_at) VALUES ('/pics', ?)", [utc_now()])
    db.execute("INSERT INTO photos(path, root_id, folder, filename, size, mtime_ns, format, width, height, state) "
               "VALUES ('/pics/a.jpg', 1, '/pics', 'a.jpg', 1, 0, 'JPEG', 10, 10, 'ok')")
    db.conn.commit()
    db.conn.close()


def test_the_first_counts_wait_for_the_migration(qloop: asyncio.AbstractEventLoop, isolated_home: Path, qtbot: Any,
                                                 caplog: pytest.LogCaptureFixture,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    from app.config import app_paths
    from app.store.migrations import migrations
    from app.ui.app import make_qapp, open_window, shutdown
    from app.ui.models.sidebar_model import COUNT_ROLE

    paths = app_paths().ensure()
    _old_library(paths.db_path)
    step = next(m for m in migrations._migrations if m.name == LAST_OLD)
    real = step.fn

    def slow(db: Any) -> None:  # a large library: adding the columns takes a while
        time.sleep(1.0)
        real(db)

    monkeypatch.setattr(step, "fn", slow)
    make_qapp()
    caplog.set_level(logging.WARNING)
    ctx, win = run(open_window(None, paths, check_hosts=False))
    qtbot.addWidget(win)
    try:
        async def flow() -> None:
            await until(lambda: win.model.rowCount() == 1, timeout=20, msg="the photo")
            await until(lambda: win.sidebar_model.smart_index("all").data(COUNT_ROLE) == 1, timeout=20,
                        msg="the counts")
            await asyncio.sleep(0.3)

        run(flow(), timeout=40)
        failures = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
        assert not failures, failures
        assert win.sidebar_model.smart_index("duplicates").data(COUNT_ROLE) == 0
    finally:
        run(shutdown(ctx, win))
