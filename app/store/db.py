"""Opening the library database.

One SQLite file per library. We connect through ``sqlean`` (sqlean.py), a drop-in for the stdlib
``sqlite3`` built with a current SQLite that can load extensions: Python's bundled sqlite3 often
cannot, and semantic search needs the sqlite-vec extension. ``sqlite_utils.Database`` wraps the
connection for convenient DDL and inserts (loaded when a connection is opened: a command that only
reads opens ``app.store.reader`` instead and never loads it).

A connection belongs to the thread that opened it. Writes go through exactly one owner (see
``app.store.owner``); other threads may open their own read connections (WAL lets them read
while the owner writes).
"""

from __future__ import annotations

import importlib.util
import logging
import os
from pathlib import Path
from typing import TYPE_CHECKING

import sqlean

if TYPE_CHECKING:
    import sqlite_utils

log = logging.getLogger(__name__)

# sqlean mirrors sqlite3's exception hierarchy; re-export for callers that catch them.
DatabaseError = sqlean.DatabaseError
OperationalError = sqlean.OperationalError
IntegrityError = sqlean.IntegrityError


class StoreError(Exception):
    """The database could not be opened or migrated; the message says why in plain words."""


def _vec_extension() -> str | None:
    """The sqlite-vec extension's file, found without importing the ``sqlite_vec`` package (whose
    ``__init__`` imports numpy: 50–150 ms for every command that opens the library)."""
    spec = importlib.util.find_spec("sqlite_vec")
    if spec is None or not spec.submodule_search_locations:
        return None
    return os.path.join(list(spec.submodule_search_locations)[0], "vec0")  # sqlite_vec.loadable_path()


def _load_vec(conn: sqlean.Connection) -> bool:
    """Load sqlite-vec if the package is installed; semantic search degrades gracefully without."""
    try:
        path = _vec_extension()
        if path is None:
            return False
        conn.enable_load_extension(True)
        conn.load_extension(path)
        conn.enable_load_extension(False)
        return True
    except Exception as exc:  # noqa: BLE001 - any failure just disables vector search
        log.debug("sqlite-vec not loaded: %s", exc)
        return False


MMAP_BYTES = 2**31 - 2**16  # SQLite's default compile-time ceiling (SQLITE_MAX_MMAP_SIZE)


def connect(path: str | os.PathLike[str], *, readonly: bool = False) -> sqlite_utils.Database:
    """Open (and for writers, create and migrate) the database at ``path``."""
    import sqlite_utils  # noqa: PLC0415 - ~45 ms that a read-only command (``reader``) does without

    from app.search import deferred  # noqa: PLC0415
    from app.store.migrations import migrations  # noqa: PLC0415 - imports sqlite-utils

    path = Path(path)
    try:
        if readonly:
            conn = sqlean.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlean.connect(str(path), check_same_thread=False)
        conn.execute("PRAGMA busy_timeout = 10000")
        if not readonly:
            conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA temp_store = MEMORY")
        conn.execute("PRAGMA cache_size = -65536")  # 64 MiB page cache
        if readonly:
            # Reads through a memory map skip a copy per page: search at 1 M captions walks large
            # FTS5 doclists, and its p99 drops by about a fifth (tests/bench/bench_search.py). The
            # writer keeps plain reads (bulk index builds were slower with a map).
            conn.execute(f"PRAGMA mmap_size = {MMAP_BYTES}")
    except sqlean.Error as exc:
        raise StoreError(f"cannot open the library database {path}: {exc}") from exc
    vec = _load_vec(conn)
    # no sqlite-utils plugins: looking for them reads every installed package's entry points (~10 ms)
    db = sqlite_utils.Database(conn, execute_plugins=False)
    db.vec_enabled = vec  # type: ignore[attr-defined]
    if not readonly:
        try:
            migrations.apply(db)
            deferred.repair(db)
        except sqlean.Error as exc:
            raise StoreError(f"cannot prepare the library database {path}: {exc}") from exc
    return db


def is_current(db: sqlite_utils.Database) -> bool:
    """Has every migration been applied? A reader must not query a database the writer is still
    migrating: its snapshot would lack the new columns ("no such column: group_id")."""
    from app.store.migrations import migrations  # noqa: PLC0415 - imports sqlite-utils

    try:
        return not migrations.pending(db)
    except sqlean.Error:  # no migrations table yet: a brand-new file
        return False


def memory() -> sqlite_utils.Database:
    """An in-memory, fully migrated database (tests and quick tools)."""
    import sqlite_utils  # noqa: PLC0415

    from app.store.migrations import migrations  # noqa: PLC0415

    conn = sqlean.connect(":memory:", check_same_thread=False)
    conn.execute("PRAGMA foreign_keys = ON")
    db = sqlite_utils.Database(conn, execute_plugins=False)
    db.vec_enabled = _load_vec(conn)  # type: ignore[attr-defined]
    migrations.apply(db)
    return db
