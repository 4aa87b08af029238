"""The single owner of the write connection.

SQLite allows one writer at a time and a connection belongs to its thread, so every write in
the app goes through one ``DbOwner``: a dedicated thread that opened the database and runs the
functions it is given, in order (Anki's collection executor, datasette's write thread).

    owner = DbOwner(path)
    photo = owner.call(photos.get, 42)          # from any thread, blocking
    photo = await owner.run(photos.get, 42)     # from asyncio code
    owner.close()

The functions receive the ``sqlite_utils.Database`` as their first argument.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import os
import threading
from typing import Any, Callable, TypeVar

import sqlite_utils

from app.search import ranking
from app.store import db as dbmod

T = TypeVar("T")


class DbOwner:
    """Runs store functions on one thread that owns the connection."""

    def __init__(self, path: str | os.PathLike[str] | None = None, *, database: sqlite_utils.Database | None = None) -> None:
        self._executor = concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="db-owner")
        self._thread_id: int | None = None
        self._changes = -1
        if database is not None:
            self._db = database
            self._thread_id = self._executor.submit(threading.get_ident).result()
        else:
            assert path is not None
            self._db = self._executor.submit(self._open, path).result()
        self.path = path

    def _open(self, path: str | os.PathLike[str]) -> sqlite_utils.Database:
        self._thread_id = threading.get_ident()
        return dbmod.connect(path)

    @property
    def vec_enabled(self) -> bool:
        return bool(getattr(self._db, "vec_enabled", False))

    def submit(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> "concurrent.futures.Future[T]":
        return self._executor.submit(self._run, fn, *args, **kwargs)

    def call(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run ``fn(db, ...)`` on the owner thread and wait for it (runs inline if already there)."""
        if threading.get_ident() == self._thread_id:
            return self._run(fn, *args, **kwargs)
        return self.submit(fn, *args, **kwargs).result()

    def _run(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        result = fn(self._db, *args, **kwargs)
        conn = self._db.conn
        if conn.total_changes != self._changes and not conn.in_transaction:
            # Search's ranking lists: fold recorded changes in once enough wait (cheap otherwise).
            ranking.maintain_if_busy(self._db)
            self._changes = conn.total_changes
        return result

    async def run(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Await ``fn(db, ...)`` from asyncio code without blocking the event loop."""
        return await asyncio.wrap_future(self.submit(fn, *args, **kwargs))

    def close(self) -> None:
        def _close(db: sqlite_utils.Database) -> None:
            ranking.maintain(db)
            try:
                db.execute("PRAGMA optimize")
            except Exception:  # noqa: BLE001 - best effort on the way out
                pass
            db.conn.close()

        try:
            self._executor.submit(_close, self._db).result(timeout=30)
        finally:
            self._executor.shutdown(wait=True, cancel_futures=True)
