"""Review workflows for asyncio code (the app): lifecycle on the DB owner, writes on one exiftool thread.

The database belongs to ``DbOwner``; exiftool belongs to this service's own single thread (one
long-lived process, never the default executor). Writes run on the exiftool thread and reach the
database through ``owner.call``, so neither blocks the event loop and neither is shared.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
from typing import Any, Callable, Iterable

from app.core.progress import CancelToken, ProgressFn, no_progress
from app.metadata.writer import WritePolicy
from app.review import lifecycle, writeback
from app.store.owner import DbOwner


class ReviewService:
    """approve / reject / edit / restore / write / undo, awaitable, safe to call from the event loop."""

    def __init__(self, owner: DbOwner, policy: WritePolicy | None = None, *,
                 write_on_approve: bool = True) -> None:
        self.owner = owner
        self.policy = policy or WritePolicy()
        self.write_on_approve = write_on_approve
        self._exif = concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="exiftool")
        self._session: writeback.WriterSession | None = None

    # -- lifecycle (DB owner thread) ----------------------------------------------------------
    async def approve(self, photo_ids: Iterable[int], *, write: bool | None = None) -> list[writeback.WriteOutcome]:
        """Approve drafts; with write-on-approve (default) write them at once. Returns write outcomes."""
        ids = list(photo_ids)
        approved = await self.owner.run(_approve_many, ids)
        if approved and (self.write_on_approve if write is None else write):
            return await self.write(approved)
        return []

    async def reject(self, photo_id: int) -> int:
        return await self.owner.run(lifecycle.reject, photo_id)

    async def edit(self, photo_id: int, text: str, keywords: list[str] | None = None, title: str | None = None,
                   *, write: bool | None = None) -> list[writeback.WriteOutcome]:
        await self.owner.run(lifecycle.edit, photo_id, text, keywords, title)
        if self.write_on_approve if write is None else write:
            return await self.write([photo_id])
        return []

    async def restore(self, photo_id: int, version: int) -> int:
        return await self.owner.run(lifecycle.restore, photo_id, version)

    async def history(self, photo_id: int) -> dict[str, Any]:
        versions = await self.owner.run(lifecycle.versions, photo_id)
        writes = await self.owner.run(lifecycle.writes, photo_id)
        return {"versions": versions, "writes": writes}

    # -- exiftool thread ----------------------------------------------------------------------
    def _writer(self) -> Any:
        if self._session is None or self._session.policy != self.policy:
            if self._session is not None:
                self._session.close()
            self._session = writeback.WriterSession(self.policy)
        return self._session.writer

    async def _on_exif(self, fn: Callable[..., Any], *args: Any) -> Any:
        return await asyncio.wrap_future(self._exif.submit(fn, *args))

    async def write(self, photo_ids: list[int] | None = None, *, force: bool = False,
                    progress: ProgressFn = no_progress, cancel: CancelToken | None = None,
                    ) -> list[writeback.WriteOutcome]:
        """Write approved captions (all, or the photos named); per-photo problems are in ``error``."""
        return await self._on_exif(lambda: writeback.write_many(self.owner.call, self._writer(), photo_ids,
                                                                force=force, progress=progress, cancel=cancel))

    async def undo(self, photo_id: int) -> writeback.WriteOutcome:
        return await self._on_exif(lambda: writeback.undo_photo(self.owner.call, self._writer(), photo_id))

    def close(self) -> None:
        """Stop exiftool (on its own thread) and the thread itself."""
        def _close() -> None:
            if self._session is not None:
                self._session.close()
                self._session = None

        try:
            self._exif.submit(_close).result(timeout=30)
        finally:
            self._exif.shutdown(wait=True, cancel_futures=True)


def _approve_many(db: Any, ids: list[int]) -> list[int]:
    out = []
    for pid in ids:
        try:
            if lifecycle.approve(db, pid, names=[]) is not None:  # a flagged draft is skipped, not explained
                out.append(pid)
        except lifecycle.ReviewError:
            continue
    return out
