"""The window's handles on the outside world: paths, settings, the DB owner and its executors.

The database is opened on background threads (the owner and the reader in parallel) so the window
can be built and shown while SQLite, sqlite-utils and the migrations load; nothing on the main
thread waits for them.

The app owns its executors (never asyncio's default one; see docs/architecture.md, Threads):
- ``owner`` (``DbOwner``): the one writer thread; every write goes through it;
- ``reader``: one thread with its own read-only connection, so paging the grid never waits behind
  a long write (WAL lets it read while the owner writes);
- ``cpu``: decoding and resizing pictures.
Background asyncio tasks are kept in ``tasks`` (qasync holds no references; lost tasks vanish).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import dataclasses
import logging
import threading
from typing import TYPE_CHECKING, Any, Callable, Coroutine, TypeVar

from app.config import AppPaths, Settings, load_settings, save_settings

if TYPE_CHECKING:
    from app.store.owner import DbOwner

log = logging.getLogger(__name__)
T = TypeVar("T")


class AppContext:
    """Shared services for every widget; created once by ``app.run`` (or a test), closed once."""

    def __init__(self, paths: AppPaths, settings: Settings | None = None, *, cpu_workers: int = 2) -> None:
        self.paths = paths.ensure()
        self.settings = settings if settings is not None else load_settings(paths)
        self.caption_language_follows = False  # True: the caption language is the window's (none chosen)
        self._follow_window_language(self.settings)
        self._owner_future: "concurrent.futures.Future[DbOwner]" = concurrent.futures.Future()
        threading.Thread(target=self._open_owner, name="db-open", daemon=True).start()
        self._local = threading.local()
        self.reader = concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="ui-reader")
        self.cpu = concurrent.futures.ThreadPoolExecutor(cpu_workers, thread_name_prefix="ui-cpu")
        self.tasks: set[asyncio.Task[Any]] = set()
        self.closed = False

    # -- database ---------------------------------------------------------------------------
    def _open_owner(self) -> None:
        try:
            from app.store.owner import DbOwner  # noqa: PLC0415 - heavy imports off the main thread

            self._owner_future.set_result(DbOwner(self.paths.db_path))
        except BaseException as exc:  # noqa: BLE001 - handed to whoever waits for the owner
            self._owner_future.set_exception(exc)

    @property
    def owner(self) -> "DbOwner":
        """The single writer (waits for it to open; only worker threads and awaited code get here)."""
        return self._owner_future.result()

    async def get_owner(self) -> "DbOwner":
        """The DB owner, awaited (never blocks the loop while the database opens)."""
        return await asyncio.wrap_future(self._owner_future)

    def _reader_db(self) -> Any:
        db = getattr(self._local, "db", None)
        if db is None:
            db = self.open_reader()
            self._local.db = db
        return db

    def open_reader(self) -> Any:
        """A read-only connection to a fully migrated database (called on the thread that will use it).

        The owner creates and migrates the file; until every migration is applied a reader waits
        for it, so no query ever sees a half-migrated schema."""
        from app.store import db as dbmod  # noqa: PLC0415

        if self.paths.db_path.exists():
            try:
                db = dbmod.connect(self.paths.db_path, readonly=True)
            except dbmod.StoreError:
                db = None
            if db is not None and dbmod.is_current(db):
                return db
            if db is not None:
                db.conn.close()
        self._owner_future.result()  # the owner has migrated (or created) the database
        return dbmod.connect(self.paths.db_path, readonly=True)

    def read(self, fn: Callable[..., T], *args: Any) -> "concurrent.futures.Future[T]":
        """Run ``fn(db, *args)`` on the reader thread (read-only connection)."""
        return self.reader.submit(lambda: fn(self._reader_db(), *args))

    async def aread(self, fn: Callable[..., T], *args: Any) -> T:
        return await asyncio.wrap_future(self.read(fn, *args))

    async def write(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run ``fn(db, ...)`` on the single DB owner thread."""
        owner = await asyncio.wrap_future(self._owner_future)
        return await owner.run(fn, *args, **kwargs)

    # -- tasks ------------------------------------------------------------------------------
    def spawn(self, coro: Coroutine[Any, Any, T], *, name: str = "") -> "asyncio.Task[T]":
        """Start a background task and keep a reference; its failure is logged, never lost."""
        task = asyncio.ensure_future(coro)
        if name:
            task.set_name(name)
        self.tasks.add(task)
        task.add_done_callback(self._task_done)
        return task

    def _task_done(self, task: "asyncio.Task[Any]") -> None:
        self.tasks.discard(task)
        if task.cancelled():
            return
        exc = task.exception()
        if exc is not None:
            log.error("%s failed: %s", task.get_name(), exc, exc_info=exc)

    async def cancel_tasks(self) -> None:
        tasks = [t for t in self.tasks if not t.done()]
        for t in tasks:
            t.cancel()
        if tasks:
            await asyncio.wait(tasks, timeout=5)

    # -- settings ---------------------------------------------------------------------------
    def _follow_window_language(self, settings: Settings) -> None:
        """No caption language chosen (""): captions are written in the window's language. The
        settings in memory name it (the services read them); the file keeps "" (see save_settings)."""
        self.caption_language_follows = not settings.language
        if self.caption_language_follows:
            from app.ui import i18n  # noqa: PLC0415

            settings.language = i18n.caption_language()

    def save_settings(self, settings: Settings | None = None) -> None:
        """Save (``settings`` replaces the current ones; its caption language "" = the window's)."""
        if settings is not None:
            self.settings = settings
            self._follow_window_language(settings)
        on_disk = dataclasses.replace(self.settings, language="") if self.caption_language_follows else self.settings
        save_settings(self.paths, on_disk)

    # -- shutdown ---------------------------------------------------------------------------
    def close(self) -> None:
        """Close the reader, the CPU pool and the DB owner (each on its own thread)."""
        if self.closed:
            return
        self.closed = True

        def _close_reader() -> None:
            db = getattr(self._local, "db", None)
            if db is not None:
                db.conn.close()
                self._local.db = None

        try:
            self.reader.submit(_close_reader).result(timeout=10)
        except Exception as exc:  # noqa: BLE001 - shutting down anyway
            log.debug("reader close: %s", exc)
        self.reader.shutdown(wait=True, cancel_futures=True)
        self.cpu.shutdown(wait=True, cancel_futures=True)
        try:
            owner = self._owner_future.result(timeout=60)
        except Exception as exc:  # noqa: BLE001 - it never opened: nothing to close
            log.debug("owner: %s", exc)
            return
        owner.close()
