"""Writing many photos at the pace of exiftool's own writing, every check kept.

Photos go in groups of ``GROUP``. For each group: one database round trip loads them, one exiftool call
reads them all (and their sidecars), the writes are planned, one transaction journals them all as
``pending``, and their exiftool commands go out as one stream (``WriteStream``: exiftool always has the
next command waiting). One call re-reads every written file to verify it, and one transaction closes
the journal, marks the captions written and updates the index (``group_db``; the index rows are worked
out, not probed again: ``index_state``).

Two exiftool processes share the work: the writer's, and a reader (``ReadAhead``) on its own thread.
While the writer's exiftool rewrites group k, this thread plans group k+1 (read ahead by the reader)
and closes group k-1 (verified by the reader):

    reader:   pre-read k+1 | verify k-1 | pre-read k+2 | verify k   | ...
    writer:   write k ...................| write k+1 .............. | ...
    thread:   plan+journal k+1, close k-1 | drain k | plan+journal k+2, close k | ...
"""

from __future__ import annotations

import concurrent.futures
import logging
import os
from dataclasses import dataclass, field
from typing import Any, Callable

from app.core.progress import CancelToken, Progress, ProgressFn, no_progress
from app.core.timings import Timings, timed
from app.metadata import fields as F
from app.metadata import jpeg_state
from app.metadata.escape import UnsafePathError, safe_path
from app.metadata.stream import WriteStream
from app.metadata.writer import MetadataWriter, PreparedWrite, sidecar_candidates
from app.review import group_db, journal
from app.review.outcome import DbCall, WriteOutcome
from app.review.write_one import Pending, Planned, finish_write, plan_photo, write_planned

log = logging.getLogger(__name__)


GROUP = 48  # photos per batched pre-read / verification (≤ 100 files per exiftool call, sidecars included)
MIN_GROUP = 8  # a short run is cut into groups this small at least, so reading and writing still overlap


class ReadAhead:
    """A second exiftool on its own thread for the batched reads: while the writer's exiftool
    rewrites one group of photos, this one verifies the group before and pre-reads the next,
    so a write costs about one exiftool call of wall time on a machine with two cores."""

    def __init__(self, policy: Any) -> None:
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
    """The group's files as they are before the write: a plain JPEG from its own bytes (``jpeg_state``:
    exiftool's answer for every field a write looks at), everything else (and sidecars) in one
    batched exiftool read."""
    out: dict[str, F.FileMeta] = {}
    rest: list[str] = []
    for p in paths:
        try:
            meta = jpeg_state.plain_meta(safe_path(p))
        except UnsafePathError:
            meta = None
        if meta is None:
            rest.append(p)
        else:
            out[meta.path] = meta
    rest += [s for p in paths for s in sidecar_candidates(p).values() if os.path.isfile(s)]
    try:
        return {**reader.read_many(rest), **out} if rest else out
    except Exception as exc:  # noqa: BLE001 - each photo is then read on its own
        log.warning("batched read failed, reading one by one: %s", exc)
        return out


def verify_group(reader: MetadataWriter, plans: list[PreparedWrite]) -> dict[str, F.FileMeta]:
    try:
        return reader.verify_many(plans) if plans else {}
    except Exception as exc:  # noqa: BLE001 - each write is then verified on its own
        log.warning("batched verification failed, verifying one by one: %s", exc)
        return {}


def write_photo(dbcall: DbCall, writer: MetadataWriter, photo_id: int, *, force: bool = False,
                pre: dict[str, F.FileMeta] | None = None) -> WriteOutcome:
    """Write the photo's approved caption (a group of one). Never raises for per-photo problems: see ``error``."""
    return write_group(dbcall, writer, [photo_id], force=force, pre=pre)[0]


def write_many(dbcall: DbCall, writer: MetadataWriter, photo_ids: list[int] | None = None, *, force: bool = False,
               progress: ProgressFn = no_progress, cancel: CancelToken | None = None,
               timings: Timings | None = None) -> list[WriteOutcome]:
    """Write every approved, unwritten caption (or the photos named). ``timings``: where the time went."""
    ids = dbcall(journal.approved_ids, photo_ids, force)
    return write_group(dbcall, writer, ids, force=force, progress=progress, cancel=cancel, timings=timings)


@dataclass
class _Group:
    """One group on its way: planned and journaled, then written, then verified and closed."""

    ids: list[int]
    metas: dict[str, F.FileMeta] = field(default_factory=dict)  # the group's pre-read (photos and sidecars)
    results: dict[int, WriteOutcome] = field(default_factory=dict)
    planned: list[tuple[Planned, int]] = field(default_factory=list)  # (photo, its first target's journal id)
    pending: list[Pending] = field(default_factory=list)
    stream: WriteStream | None = None
    drained: bool = False  # every streamed result read
    verify: Any = None  # the future of the batched re-read


def write_group(dbcall: DbCall, writer: MetadataWriter, ids: list[int], *, force: bool = False,
                pre: dict[str, F.FileMeta] | None = None, progress: ProgressFn = no_progress,
                cancel: CancelToken | None = None, timings: Timings | None = None) -> list[WriteOutcome]:
    """Write the photos ``ids`` (one outcome each, in order; fewer when cancelled). ``pre``: their
    files' fields, already read."""
    size = min(GROUP, max(MIN_GROUP, -(-len(ids) // 4)))  # four groups at least, when there are enough photos
    chunks = [ids[i:i + size] for i in range(0, len(ids), size)]
    out: list[WriteOutcome] = []
    if not chunks:
        return out
    ahead = ReadAhead(writer.policy) if len(chunks) > 1 else None

    def submit(fn: Callable[[MetadataWriter], Any]) -> Any:
        if ahead is not None:
            return ahead.submit(fn)
        fut: Any = concurrent.futures.Future()
        fut.set_result(fn(writer))
        return fut

    cancelled = lambda: cancel is not None and cancel.cancelled  # noqa: E731
    reads: list[Any] = [None] * len(chunks)

    def prepare(k: int) -> _Group:
        """Load, read (ahead), plan and journal group k."""
        g = _Group(chunks[k])
        nxt = chunks[k + 1] if k + 1 < len(chunks) else None
        ctxs, next_paths = dbcall(group_db.load_group, g.ids, nxt, timings)
        with timed(timings, "wait for reads"):
            g.metas = metas = pre if pre is not None else (reads[k].result() or {})
        if nxt:
            reads[k + 1] = submit(lambda r, p=next_paths: pre_read(r, p))
        plans: list[Planned] = []
        with timed(timings, "plan"):
            for pid in g.ids:
                if cancelled():
                    break
                try:
                    res = plan_photo(dbcall, writer, pid, ctxs[pid], force=force, pre=metas)
                except Exception as exc:  # noqa: BLE001 - one photo's surprise never stops the others
                    log.exception("writing photo %s failed", pid)
                    res = _failed(ctxs[pid].photo, pid, exc)
                if isinstance(res, WriteOutcome):
                    g.results[pid] = res
                else:
                    plans.append(res)
        _journal(g, plans)
        return g

    def _journal(g: _Group, plans: list[Planned]) -> None:
        rows = [(p.photo_id, p.caption["id"], p.plans[0], p.befores[0], p.op) for p in plans]
        try:
            wids = dbcall(group_db.start_many, rows, timings) if rows else []
        except Exception:  # noqa: BLE001 - one bad row: journal them one by one, that photo fails alone
            log.warning("journaling %d writes at once failed; one by one", len(rows), exc_info=True)
            wids = []
            for p, row in zip(plans, rows):
                try:
                    wids.append(dbcall(journal.journal_start, *row))
                except Exception as exc:  # noqa: BLE001
                    log.exception("writing photo %s failed", p.photo_id)
                    g.results[p.photo_id] = _failed(p.photo, p.photo_id, exc)
                    wids.append(-1)
        g.planned = [(p, wid) for p, wid in zip(plans, wids) if wid != -1]

    def write(g: _Group) -> None:
        """Read every streamed result, finish each photo's writes (retries, fallbacks, clips), verify."""
        assert g.stream is not None
        with timed(timings, "exiftool write"):
            items = g.stream.drain()
            g.drained = True
            for (p, wid), item in zip(g.planned, items):
                try:
                    res = write_planned(dbcall, writer, p, (wid, item), g.metas)
                except Exception as exc:  # noqa: BLE001 - one photo's surprise never stops the others
                    log.exception("writing photo %s failed", p.photo_id)
                    res = _failed(p.photo, p.photo_id, exc)
                if isinstance(res, WriteOutcome):
                    g.results[p.photo_id] = res
                else:
                    g.pending.append(res)
        plans = [plan for pend in g.pending for _, plan in pend.done]
        g.verify = submit(lambda r, pl=plans: verify_group(r, pl))

    def finish(g: _Group) -> None:
        """Check the re-read, then one transaction for the journal, the captions and the index."""
        with timed(timings, "wait for reads"):
            metas = g.verify.result()
        commit = group_db.GroupCommit()
        with timed(timings, "verify"):
            for pend in g.pending:
                try:
                    g.results[pend.photo_id] = finish_write(writer, pend, metas, commit, timings)
                except Exception as exc:  # noqa: BLE001
                    log.exception("verifying photo %s failed", pend.photo_id)
                    g.results[pend.photo_id] = _failed(pend.row or {}, pend.photo_id, exc)
        dbcall(group_db.finish_group, commit, timings)
        for pid in g.ids:
            if pid in g.results:
                out.append(g.results[pid])
                progress(Progress("write", len(out), len(ids), g.results[pid].path))

    current: _Group | None = None
    try:
        if pre is None:
            paths0 = dbcall(journal.paths_to_read, chunks[0])
            if ahead is not None:
                ahead.submit(lambda r: None)  # the reader's exiftool starts meanwhile, on the other core
            # The first group is read by the writer's exiftool, already running: the write starts without
            # waiting for a second exiftool to start (a noticeable part of a short run).
            reads[0] = concurrent.futures.Future()
            reads[0].set_result(pre_read(writer, paths0))
        current = prepare(0)
        previous: _Group | None = None
        k = 0
        while current is not None:
            with timed(timings, "exiftool write"):
                current.stream = WriteStream.start(writer, [p.plans[0] for p, _ in current.planned])
            nxt = prepare(k + 1) if k + 1 < len(chunks) and not cancelled() else None
            if previous is not None:
                finish(previous)
            write(current)
            previous, current, k = current, nxt, k + 1
        if previous is not None:
            finish(previous)
    finally:
        if current is not None and current.stream is not None and not current.drained:
            current.stream.abandon()  # an error between sending and reading: leave exiftool and the folder clean
        if ahead is not None:
            ahead.close()
    return out


def _failed(photo: dict[str, Any], pid: int, exc: BaseException) -> WriteOutcome:
    return WriteOutcome(photo.get("path") or f"photo {pid}", None, photo.get("caption_state") or "none",
                        "cannot write: " + (str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__))
