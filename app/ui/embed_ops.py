"""Keeps the meaning-search vectors current while the window is open.

``app.services.search.EmbedWorker`` on its own thread, reading and writing through the DB owner;
the window wakes it whenever captions change (a caption arrives, an edit, an approval) and it also
looks every minute. Without an embedding model in the settings it does nothing: word search still
works and the search box says meaning search is off.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from app.ui.context import AppContext

log = logging.getLogger("albumwise.ui")

POLL_SECONDS = 60.0
WAKE_DELAY = 3.0  # captions arriving in a burst are embedded together, one pass per few seconds


class EmbedOps:
    def __init__(self, ctx: AppContext) -> None:
        self.ctx = ctx
        self.worker: Any = None
        self.last_error: str | None = None
        self._wake_pending: asyncio.TimerHandle | None = None

    async def start(self) -> None:
        """Start (or restart, after a settings change) the worker for the configured model."""
        from app.search.embedder import make_embedder  # noqa: PLC0415
        from app.services.search import EmbedWorker  # noqa: PLC0415

        loop = asyncio.get_running_loop()
        if self._wake_pending is not None:
            self._wake_pending.cancel()
            self._wake_pending = None
        await loop.run_in_executor(self.ctx.cpu, self.stop)  # joining a busy worker must not block the window
        embedder = make_embedder(self.ctx.settings)
        if embedder is None:
            return
        owner = await self.ctx.get_owner()
        self.worker = EmbedWorker(owner, embedder, interval=POLL_SECONDS, on_report=self._report).start()

    def _report(self, report: Any) -> None:  # worker thread: log only, touch no widget
        if report.error and report.error != self.last_error:
            log.warning("Meaning search: cannot compute vectors with %s: %s", report.model, report.error)
        elif report.embedded:
            log.info("Meaning search: %d captions embedded with %s", report.embedded, report.model)
        self.last_error = report.error

    def wake(self) -> None:
        """Captions changed: embed them soon (coalesced, so a run of captions costs one pass)."""
        if self.worker is None or self._wake_pending is not None:
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            self.worker.wake()
            return
        self._wake_pending = loop.call_later(WAKE_DELAY, self._wake_now)

    def _wake_now(self) -> None:
        self._wake_pending = None
        if self.worker is not None:
            self.worker.wake()

    def stop(self) -> None:
        """Stop the worker (joins its thread: call it off the event loop). A pending wake finds no
        worker and does nothing."""
        worker, self.worker = self.worker, None
        if worker is not None:
            worker.stop()

    def close(self) -> None:
        self.stop()
