"""Writing many photos: batched reads and verification on a second exiftool, overlapping the writes."""

from __future__ import annotations

import logging
import os
from typing import Any, Callable

from app.core.progress import CancelToken, Progress, ProgressFn, no_progress
from app.metadata import fields as F
from app.metadata.writer import MetadataWriter, PreparedWrite, sidecar_candidates
from app.review import journal
from app.review.outcome import DbCall, WriteOutcome
from app.review.write_one import Pending, finish_write, write_unverified

log = logging.getLogger(__name__)


GROUP = 48  # photos per batched pre-read / verification (≤ 100 files per exiftool call, sidecars included)


class ReadAhead:
    """A second exiftool on its own thread for the batched reads: while the writer's exiftool
    rewrites one group of photos, this one verifies the group before and pre-reads the next,
    so a write costs about one exiftool call of wall time on a machine with two cores."""

    def __init__(self, policy: Any) -> None:
        import concurrent.futures

        self._pool = concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="exiftool-read")
        self._policy = policy
        self._reader: MetadataWriter | None = None

    def _get(self) -> MetadataWriter:
        if self._reader is None:  # created on the pool's thread, which then owns it
            from app.metadata.exiftool import ExifTool

            self._reader = MetadataWriter(ExifTool(timeout=120).start(), self._policy)
        return self._reader

    def submit(self, fn: Callable[[MetadataWriter], Any]) -> Any:
        return self._pool.submit(lambda: fn(self._get()))

    def close(self) -> None:
        def _close() -> None:
            if self._reader is not None:
                self._reader.et.close()
                self._reader = None

        try:
            self._pool.submit(_close).result(timeout=30)
        finally:
            self._pool.shutdown(wait=True)


def pre_read(reader: MetadataWriter, paths: list[str]) -> dict[str, F.FileMeta]:
    side = [s for p in paths for s in sidecar_candidates(p).values() if os.path.isfile(s)]
    try:
        return reader.read_many([*paths, *side])
    except Exception as exc:  # noqa: BLE001 - each photo is then read on its own
        log.warning("batched read failed, reading one by one: %s", exc)
        return {}


def verify_group(reader: MetadataWriter, plans: list[PreparedWrite]) -> dict[str, F.FileMeta]:
    try:
        return reader.verify_many(plans) if plans else {}
    except Exception as exc:  # noqa: BLE001 - each write is then verified on its own
        log.warning("batched verification failed, verifying one by one: %s", exc)
        return {}


def write_many(dbcall: DbCall, writer: MetadataWriter, photo_ids: list[int] | None = None, *, force: bool = False,
               progress: ProgressFn = no_progress, cancel: CancelToken | None = None) -> list[WriteOutcome]:
    """Write every approved, unwritten caption (or the photos named).

    Per group of photos: one exiftool call reads them all (and their sidecars), then each photo gets
    its own journaled write, then one call re-reads every written file to verify it. The reads run
    on a second exiftool (``ReadAhead``) overlapping the next group's writes; every check is kept.
    """
    ids = dbcall(journal.approved_ids, photo_ids, force)
    groups = [ids[i:i + GROUP] for i in range(0, len(ids), GROUP)]
    out: list[WriteOutcome] = []
    if not groups:
        return out
    ahead = ReadAhead(writer.policy) if len(groups) > 1 else None

    def submit(fn: Callable[[MetadataWriter], Any]) -> Any:
        if ahead is not None:
            return ahead.submit(fn)
        import concurrent.futures

        fut: Any = concurrent.futures.Future()
        fut.set_result(fn(writer))
        return fut

    done_count = 0
    previous: tuple[list[int], dict[int, WriteOutcome], list[tuple[int, Pending]], Any] | None = None

    def finish(item: tuple[list[int], dict[int, WriteOutcome], list[tuple[int, Pending]], Any]) -> None:
        nonlocal done_count
        group, results, pending, fut = item
        metas = fut.result()
        for pid, pend in pending:
            results[pid] = finish_write(dbcall, writer, pend, metas)
        written = [pid for pid, r in results.items() if r.state == "written" and r.error is None]
        if written:
            dbcall(journal.refresh_many, written)
        for pid in group:
            if pid in results:
                out.append(results[pid])
                done_count += 1
                progress(Progress("write", done_count, len(ids), results[pid].path))

    try:
        paths0 = dbcall(journal.paths_to_read, groups[0])
        next_pre = submit(lambda r: pre_read(r, paths0))
        for k, group in enumerate(groups):
            if cancel is not None and cancel.cancelled:
                break
            pre = next_pre.result() or {}
            if k + 1 < len(groups):
                paths = dbcall(journal.paths_to_read, groups[k + 1])
                next_pre = submit(lambda r, p=paths: pre_read(r, p))
            results: dict[int, WriteOutcome] = {}
            pending: list[tuple[int, Pending]] = []
            for pid in group:
                if cancel is not None and cancel.cancelled:
                    break
                try:
                    res = write_unverified(dbcall, writer, pid, force=force, pre=pre)
                except Exception as exc:  # noqa: BLE001 - one photo's surprise never stops the others
                    log.exception("writing photo %s failed", pid)
                    photo = dbcall(journal.photo_row, pid) or {}
                    res = WriteOutcome(photo.get("path") or f"photo {pid}", None,
                                       photo.get("caption_state") or "none", "cannot write: "
                                       + (str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__))
                if isinstance(res, WriteOutcome):
                    results[pid] = res
                else:
                    pending.append((pid, res))
            plans = [p for _, pend in pending for _, p in pend.done]
            verify = submit(lambda r, pl=plans: verify_group(r, pl))
            if previous is not None:
                finish(previous)
            previous = (group, results, pending, verify)
        if previous is not None:
            finish(previous)
    finally:
        if ahead is not None:
            ahead.close()
    return out
