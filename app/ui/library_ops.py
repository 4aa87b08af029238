"""Indexing from the window: the scanner's split form (plan on a worker, apply on the DB owner).

``app.services.library`` documents it: ``plan_scan`` walks and reads files on a thread of its own
and yields batches; each batch is applied by the DB owner while the next one is planned, so the
single-writer rule holds, the probe workers are fed meanwhile and the grid can show new photos while
the scan goes on.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
from typing import Any, Callable

from PySide6.QtCore import QCoreApplication

from app.core.ahead import ahead
from app.core.progress import CancelToken, Progress
from app.ui.context import AppContext

translate = QCoreApplication.translate  # the summary shows in the main window's status bar


class LibraryOps:
    def __init__(self, ctx: AppContext) -> None:
        from app.library import scanner  # noqa: F401,PLC0415 - fail early if absent

        self.ctx = ctx
        self._pool = concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="scan")
        self.cancel_token: CancelToken | None = None
        self.on_progress: Callable[[Progress], None] | None = None
        self.on_batch: Callable[[], None] | None = None

    def _scan(self, folders: list[str] | None, loop: asyncio.AbstractEventLoop) -> Any:
        from app.library import scanner  # noqa: PLC0415
        from app.services.library import check_folders  # noqa: PLC0415
        from app.store import photos as photos_store  # noqa: PLC0415

        owner = self.ctx.owner
        if folders is None:
            from app.core.fspath import from_row  # noqa: PLC0415

            roots = [(r["id"], from_row(r)) for r in owner.call(photos_store.roots)]
        else:
            roots = [(owner.call(photos_store.add_root, f), f) for f in check_folders(folders)]
        known = owner.call(scanner.load_known)
        summary = scanner.ScanSummary()
        token = self.cancel_token = CancelToken()

        def progress(p: Progress) -> None:
            if self.on_progress is not None:
                loop.call_soon_threadsafe(self.on_progress, p)

        write_errors: list[dict[str, str]] = []
        planned = scanner.plan_scan(known, roots, summary, progress=progress, cancel=token)
        for batch in ahead(planned, stop=token.cancel, name="scan-plan"):  # the next batch planned meanwhile
            write_errors.extend(owner.call(scanner.apply_batch, batch) or [])
            if self.on_batch is not None:
                loop.call_soon_threadsafe(self.on_batch)
        owner.call(scanner.finish_places)
        summary.errors.extend(write_errors)
        _group_cached(self.ctx, owner, token)
        return summary

    async def index(self, folders: list[str] | None) -> str:
        """Index (or, with None, rescan) and return a one-line summary."""
        loop = asyncio.get_running_loop()
        s = await loop.run_in_executor(self._pool, self._scan, folders, loop)
        parts = [translate("MainWindow", "%Ln new", None, s.added), translate("MainWindow", "%Ln changed", None, s.changed)]
        if s.moved:
            parts.append(translate("MainWindow", "%Ln moved", None, s.moved))
        if s.missing:
            parts.append(translate("MainWindow", "%Ln missing", None, s.missing))
        if s.errors:
            parts.append(translate("MainWindow", "%Ln unreadable (see the log)", None, len(s.errors)))
            import logging  # noqa: PLC0415

            for e in s.errors[:50]:
                logging.getLogger("albumwise.ui").warning("Cannot read %s: %s", e.get("path"), e.get("error") or e.get("reason"))
        return translate("MainWindow", "Library updated: {changes}").format(changes=", ".join(parts))

    def close(self) -> None:
        if self.cancel_token is not None:
            self.cancel_token.cancel()
        self._pool.shutdown(wait=True, cancel_futures=True)


def _group_cached(ctx: AppContext, owner: Any, token: CancelToken) -> None:
    """Index time is grouping time: hash photos whose grid thumbnail is cached (the grid
    made it) and group them. Photos without one are hashed when they are queued for captioning."""
    from app.library.groups import Rules  # noqa: PLC0415
    from app.services import grouping as grouping_service  # noqa: PLC0415
    from app.services.library import thumb_dir  # noqa: PLC0415

    try:
        grouping_service.refresh(owner.call, thumb_dir(ctx.paths, ctx.settings), Rules.from_settings(ctx.settings),
                                 make=False, cancel=token)
    except Exception as exc:  # noqa: BLE001 - grouping never fails a scan
        import logging  # noqa: PLC0415

        logging.getLogger("albumwise.ui").warning("Grouping after the scan failed: %s", exc)
