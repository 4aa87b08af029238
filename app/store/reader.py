"""Opening the library to read only, without sqlite-utils: for commands that never write (``search``).

Why: a command's time is mostly its start. Loading sqlite-utils (and through it click, pluggy and
the migrations) costs about 45 ms of the 200 ms a search at a million photos may take, and the
migrations check another query per migration. A search only reads, through ``conn`` and the two
methods of sqlite-utils' ``Database`` it uses (``execute``, ``query``), so ``ReadOnlyDatabase``
offers those over a plain read-only connection. Not memory-mapped, unlike the window's readers: a command reads
each page once, and a map's page faults and its unmapping at the end (~8 ms at a million photos)
cost a one-off search more than the copies they save.

``open_reader`` declines (returns None) whenever the writer has something to do first, so the caller
opens the library the usual way (``app.store.db.connect``) and nothing changes for the user:

- no library file yet (the writer creates it);
- a library an older version left (its migrations are not all applied: the writer applies them);
- many changes waiting to be folded into search's ranking lists (the writer's command folds them
  when it ends; a few are merged by the search itself, as for any reader).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Iterator, Sequence

import sqlean

from app.store.db import _load_vec

#: The newest migration (``app.store.migrations``; a test keeps the two in step). Migrations are
#: applied in order, each with its record, so a library that records this one has them all.
LATEST_MIGRATION = "m130_rank_log_once_per_batch"
MIGRATION_SET = "albumwise"
FOLD_AT = 500  # changes waiting for the ranking lists above which the writer opens (ranking.MAINTAIN_AT)


class ReadOnlyDatabase:
    """The part of ``sqlite_utils.Database`` that reading code uses, over a read-only connection."""

    def __init__(self, conn: sqlean.Connection, *, vec_enabled: bool) -> None:
        self.conn = conn
        self.vec_enabled = vec_enabled

    def execute(self, sql: str, parameters: Sequence[Any] | dict[str, Any] | None = None) -> Any:
        return self.conn.execute(sql) if parameters is None else self.conn.execute(sql, parameters)

    def query(self, sql: str, params: Sequence[Any] | dict[str, Any] | None = None) -> Iterator[dict[str, Any]]:
        """Rows as dictionaries, as sqlite-utils' ``query`` gives them."""
        cursor = self.execute(sql, params)
        keys = [d[0] for d in cursor.description]
        for row in cursor:
            yield dict(zip(keys, row))

    def close(self) -> None:
        self.conn.close()


def open_reader(path: str | os.PathLike[str]) -> ReadOnlyDatabase | None:
    """A read-only connection to the library at ``path``, or None when the writer must open it first
    (see the module doc); never raises for a file it cannot read (the writer then says why)."""
    path = Path(path)
    if not path.is_file():
        return None
    try:
        conn = sqlean.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
    except sqlean.Error:
        return None
    try:
        conn.execute("PRAGMA busy_timeout = 10000")
        conn.execute("PRAGMA temp_store = MEMORY")
        conn.execute("PRAGMA cache_size = -65536")  # 64 MiB page cache, as the writer's
        if not _current(conn) or _changes_waiting(conn) >= FOLD_AT:
            conn.close()
            return None
    except sqlean.Error:
        conn.close()
        return None
    return ReadOnlyDatabase(conn, vec_enabled=_load_vec(conn))


def _current(conn: sqlean.Connection) -> bool:
    if conn.execute("SELECT 1 FROM sqlite_master WHERE name = '_sqlite_migrations'").fetchone() is None:
        return False
    return conn.execute("SELECT 1 FROM _sqlite_migrations WHERE migration_set = ? AND name = ?",
                        [MIGRATION_SET, LATEST_MIGRATION]).fetchone() is not None


def _changes_waiting(conn: sqlean.Connection) -> int:
    if conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'search_rank_dirty'").fetchone() is None:
        return 0
    return int(conn.execute("SELECT count(*) FROM (SELECT 1 FROM search_rank_dirty LIMIT ?)", [FOLD_AT]).fetchone()[0])
