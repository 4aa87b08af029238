"""Helpers for the GUI tests: a library DB with real corpus photos, and running coroutines on a
qasync loop (pytest-qt drives Qt events but not asyncio)."""

from __future__ import annotations

import asyncio
import os
import shutil
import time
from pathlib import Path
from typing import Any, Callable

from app.core.timeutil import utc_now
from app.store import db as dbmod

JPEGS = [
    "Phone/Camera Roll/Apple iPhone 4.jpg",
    "Phone/Camera Roll/HTC Desire.jpg",
    "Phone/Camera Roll/Samsung GT-I9000 (Galaxy S).jpg",
]


def make_library(corpus_dir: Path, dest: Path, db_path: Path, files: list[str] | None = None,
                 extra_rows: int = 0) -> list[int]:
    """Copy a few corpus JPEGs into ``dest`` and register them as indexed photos; returns their ids."""
    dest.mkdir(parents=True, exist_ok=True)
    db = dbmod.connect(db_path)
    root = str(dest)
    db.execute("INSERT OR IGNORE INTO roots(path, added_at) VALUES (?, ?)", [root, utc_now()])
    root_id = db.execute("SELECT id FROM roots WHERE path = ?", [root]).fetchone()[0]
    ids = []
    for rel in files or JPEGS:
        src = corpus_dir / rel
        target = dest / ("album" if "Phone" in rel else "misc") / Path(rel).name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(src, target)
        target.chmod(0o644)
        st = target.stat()
        cur = db.execute(
            "INSERT INTO photos(path, root_id, folder, filename, size, mtime_ns, format, width, height, state, indexed_at)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            [str(target), root_id, str(target.parent), target.name, st.st_size, st.st_mtime_ns, "JPEG", 800, 600, "ok", utc_now()],
        )
        ids.append(int(cur.lastrowid))
    for i in range(extra_rows):
        db.execute(
            "INSERT INTO photos(path, root_id, folder, filename, size, mtime_ns, format, width, height, state)"
            " VALUES (?,?,?,?,?,?,?,?,?,?)",
            [os.path.join(root, "synthetic", f"img_{i:06d}.jpg"), root_id, os.path.join(root, "synthetic"),
             f"img_{i:06d}.jpg", 1000, 0, "JPEG", 640, 480, "ok"],
        )
    db.conn.commit()
    db.conn.close()
    return ids


def run(coro: Any, timeout: float = 30) -> Any:
    """Run a coroutine on the current (qasync) loop."""
    loop = asyncio.get_event_loop()
    return loop.run_until_complete(asyncio.wait_for(coro, timeout))


async def until(cond: Callable[[], Any], timeout: float = 10.0, msg: str = "") -> Any:
    """Wait (letting Qt and asyncio run) until ``cond()`` is truthy."""
    deadline = time.monotonic() + timeout
    while True:
        value = cond()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {msg or cond}")
        await asyncio.sleep(0.02)
