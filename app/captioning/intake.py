"""Queue a selection for captioning photo by photo while the run goes: the GPU never waits for the
thumbnails of photos it is not about to caption.

A burst or a copy is captioned once, so a photo's group must be known before it is sent, and groups
come from signatures (hashes of the grid thumbnail, made if missing: tens of milliseconds per photo,
minutes for a fresh library). Making them all before the first request kept the GPU idle all that
time. The intake instead, in the selection's order:

- queues at once the photos whose group cannot change any more (hashed, and so are their neighbours);
- hashes the others on a CPU thread, each photo together with its *time neighbours* (the same camera
  within ``Rules.seconds``: the only photos it can form a burst with, ``groups.time_neighbours``),
  and queues a photo as soon as it and its neighbours are hashed and grouped (``placement.place``).
  A photo with no neighbour waits only for its own thumbnail, the first one for a fraction of a second;
- a group found later than one of its frames was queued (a copy anywhere in time, found through its
  hashes; a burst longer than the neighbourhood) joins the frame already under way, so no frame is
  sent twice (``placement``).

Grouping is a saving, never a reason not to caption: if hashing fails, the rest is queued as it is.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import logging
import os
from typing import Any, Callable, Iterable

from sqlite_utils import Database

from app.captioning import placement
from app.captioning.early_images import EarlyImages, thumbnail_and_image
from app.captioning.run_types import PhotoResult
from app.core import priority
from app.core.progress import CancelToken
from app.library import groups, phash, thumbs
from app.library.groups import Rules
from app.library.phash import Signature
from app.store.owner import DbOwner

log = logging.getLogger(__name__)

FIRST_BATCH = 1  # hashed before the first placement: one thumbnail, then the GPU has work
MAX_BATCH = 16  # photos hashed per round later (one DB transaction each)
QUICK_PLACE = 64  # photos queued per transaction when nothing needs hashing (the first request goes early)


def _rows(db: Database, ids: list[int]) -> tuple[list[dict[str, Any]], set[int]]:
    """The selection's rows (what grouping needs) and the ids among them whose signature is out of date
    (``groups.stale``'s rule), in one read: 10,000 photos are read before the first request."""
    rows: list[dict[str, Any]] = []
    stale: set[int] = set()
    for i in range(0, len(ids), 500):
        part = ids[i : i + 500]
        for r in db.query(
                "SELECT p.id, p.path, p.path_bytes, p.fingerprint, p.state, p.group_id, p.taken_at, p.camera_make, "
                f"p.camera_model, p.media, ({groups.STALE_SIGNATURE}) AS stale_signature FROM photos p "
                "LEFT JOIN photo_signatures s ON s.photo_id = p.id "
                f"WHERE p.id IN ({','.join('?' * len(part))})", [phash.VERSION, *part]):
            if r.pop("stale_signature"):
                stale.add(int(r["id"]))
            rows.append(r)
    return rows, stale


def _store(db: Database, items: list[tuple[int, str, Signature]], rules: Rules) -> bool:
    """Store signatures and group the photos; True when a photo's group changed (the window restacks)."""
    ids = [pid for pid, _fp, _sig in items]
    marks = ",".join("?" * len(ids))
    before = db.execute(f"SELECT id, group_id FROM photos WHERE id IN ({marks}) ORDER BY id", ids).fetchall()
    with db.conn:
        for pid, fp, sig in items:
            groups.store_signature(db, pid, fp, sig)
        for pid in ids:
            groups.assign(db, pid, rules)
    after = db.execute(f"SELECT id, group_id FROM photos WHERE id IN ({marks}) ORDER BY id", ids).fetchall()
    return before != after


def _hash(rows: list[dict[str, Any]], thumb_dir: str, cancel: CancelToken, early: EarlyImages | None = None,
          solo: frozenset[int] = frozenset()) -> list[tuple[int, str, Signature | None]]:
    """CPU thread: thumbnails made as needed, then signatures. A photo of ``solo`` (queued as soon as
    it is hashed) without a thumbnail is decoded once for both, its model image kept in ``early``."""
    out: list[tuple[int, str, Signature | None]] = []
    for r in rows:
        if (early is not None and r["id"] in solo and r.get("media") != "video"
                and thumbs.cached_path(r["fingerprint"], thumb_dir) is None and early.room(cancel)):
            try:
                sig, image = thumbnail_and_image(r, thumb_dir, early.max_edge)
            except Exception:  # noqa: BLE001 - the usual thumbnail below says what is wrong, if anything
                log.debug("one decode for thumbnail and model image failed", exc_info=True)
            else:
                if image is not None:
                    early.put(int(r["id"]), r["fingerprint"], image)
                out.append((int(r["id"]), r["fingerprint"], sig))
                continue
        out += [(pid, fp, sig) for pid, fp, sig, _e in groups.compute([r], thumb_dir, make=True, cancel=cancel)]
    return out


class Intake:
    """One selection on its way into the queue (see the module docstring). ``run`` it as a task; a run
    (``Pipeline.attach``) keeps claiming while ``finished`` is False and hears of each new job."""

    def __init__(self, owner: DbOwner, photo_ids: Iterable[int], params: dict[str, Any] | None = None, *,
                 priority: int = 0, every_frame: bool = False, rules: Rules | None = None,
                 thumb_dir: str | os.PathLike[str] | None = None, if_still_missing: Iterable[int] = (),
                 scoped: bool = False) -> None:
        self.owner = owner
        self.asked = list(dict.fromkeys(int(i) for i in photo_ids))
        self.params = dict(params or {})
        self.priority = priority
        self.every_frame = every_frame
        self.rules = rules or Rules()
        self.thumb_dir = None if thumb_dir is None else str(thumb_dir)
        self.recheck = set(if_still_missing)
        self.scoped = scoped
        self.mine: set[int] = set()  # job ids queued (or reused) for this selection
        self.covered: set[int] = set()  # photos given a job, a claimed frame to follow, or a draft
        self.finished = False
        self.placed_first: asyncio.Event | None = None  # set once the first photo is queued (or none will be)
        self._listeners: list[Callable[[], None]] = []
        self.on_shared: Callable[[list[PhotoResult]], None] | None = None  # drafts given at once
        self.on_regrouped: Callable[[], None] | None = None  # some photo's group changed
        self._cancel = CancelToken()
        self._stopped = False  # the person cancelled the queue: nothing more is queued
        self._stop_waiting: asyncio.Event | None = None  # wakes ``_hash_all`` from a batch still hashing
        self._task: asyncio.Task[None] | None = None  # ``start``
        self._placed: set[int] = set()
        self.dropped: set[int] = set()  # picked for having no caption, captioned meanwhile: not queued
        self.early: EarlyImages | None = None  # a run's feeder takes the model images hashing made

    @property
    def job_ids(self) -> list[int]:
        return sorted(self.mine)

    def subscribe(self, on_queued: Callable[[], None]) -> None:
        """``on_queued()`` is called (on the loop) whenever jobs were queued, and when the intake ends."""
        self._listeners.append(on_queued)

    def _tell(self) -> None:
        for fn in list(self._listeners):
            fn()

    # -- the work ------------------------------------------------------------------------------

    @property
    def total(self) -> int:
        """Photos this selection covers: the ones asked for (less those captioned meanwhile by another
        run, when picked for having none) and the uncaptioned members of their groups."""
        return len(self.covered | (set(self.asked) - self.dropped))

    def start(self) -> "asyncio.Task[None]":
        """``run`` as a task on the running loop (once: later calls return the same task)."""
        if self._task is None:
            self._task = asyncio.create_task(self.run(), name="caption-intake")
        return self._task

    @property
    def started(self) -> bool:
        return self._task is not None

    async def run(self) -> None:
        self.placed_first = self.placed_first or asyncio.Event()
        try:
            if self.every_frame or self.thumb_dir is None or not self.asked:
                await self._place_in_chunks(self.asked)
            else:
                await self._hash_and_place()
        except asyncio.CancelledError:
            raise
        except Exception:  # noqa: BLE001 - a database error: what is queued stays queued, the run goes on
            log.exception("queueing the photos for captioning failed")
        finally:
            self.finished = True
            self._cancel.cancel()
            self.placed_first.set()
            self._tell()

    async def _place(self, ids: list[int]) -> None:
        ids = [i for i in ids if i not in self._placed]
        if not ids or self._stopped:
            return
        self._placed.update(ids)
        out = await self.owner.run(placement.place, ids, self.params, priority=self.priority,
                                   every_frame=self.every_frame, mine=set(self.mine),
                                   if_still_missing=[i for i in ids if i in self.recheck], scoped=self.scoped)
        self.mine.update(out.job_ids)
        if self.early is not None:  # only a unit's leader is sent: the others' images are not needed
            self.early.discard(set(ids) - {u.leader for u in out.units})
        self.covered |= out.covered()
        self.dropped.update(out.dropped)
        if out.shared and self.on_shared is not None:
            self.on_shared([PhotoResult(s["job_id"], s["photo_id"], s["path"], s["state"], s.get("caption") or "",
                                        list(s.get("keywords") or []), s.get("model"), s.get("host"),
                                        list(s.get("flags") or []), None, s["caption_id"],
                                        {"shared_from": s["from_photo_id"]}) for s in out.shared])
        if out.job_ids and self.placed_first is not None:
            self.placed_first.set()
        self._tell()

    async def _place_in_chunks(self, ids: list[int]) -> None:
        for i in range(0, len(ids), QUICK_PLACE):
            await self._place(ids[i : i + QUICK_PLACE])

    async def _hash_and_place(self) -> None:
        rows, stale = await self.owner.run(_rows, self.asked)
        by_id = {int(r["id"]): r for r in rows}
        order = [i for i in self.asked if i in by_id]
        near = groups.time_neighbours(rows, self.rules)
        mates: dict[int, list[int]] = {}
        for r in rows:
            if r["group_id"] is not None:
                mates.setdefault(r["group_id"], []).append(int(r["id"]))
        waits: dict[int, set[int]] = {}
        for pid in order:
            gid = by_id[pid]["group_id"]
            need = {pid, *near.get(pid, ()), *(mates.get(gid, ()) if gid is not None else ())}
            waits[pid] = {q for q in need if q in stale}
        ready = [pid for pid in order if not waits[pid]]
        if ready:  # nothing to hash for these: queued first, a chunk at a time
            await self._place(ready[:8])
        schedule: list[int] = []  # photos to hash, in the order the selection needs them
        seen: set[int] = set()
        for pid in order:
            for q in sorted(waits[pid], key=lambda q: (q != pid, q)):
                if q not in seen:
                    seen.add(q)
                    schedule.append(q)
        await self._place_in_chunks(ready[8:])
        try:
            await self._hash_all(schedule, by_id, order, waits)
        except asyncio.CancelledError:
            raise
        except Exception:  # noqa: BLE001 - grouping saves GPU time; it never stops the captioning
            log.warning("grouping failed; the rest is queued as it is", exc_info=True)
        await self._place_in_chunks([pid for pid in order if pid not in self._placed])

    async def _hash_all(self, schedule: list[int], by_id: dict[int, dict[str, Any]], order: list[int],
                        waits: dict[int, set[int]]) -> None:
        loop = asyncio.get_running_loop()
        left = {pid: len(w) for pid, w in waits.items() if w}  # signatures each photo still waits for
        waiting_on: dict[int, list[int]] = {}
        for pid in left:
            for q in waits[pid]:
                waiting_on.setdefault(q, []).append(pid)
        rank = {pid: i for i, pid in enumerate(order)}
        # queued as soon as their own signature is known: their model image can come from the same decode
        solo = frozenset(q for q, w in waiting_on.items() if w == [q] and waits[q] == {q})
        pool = concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="caption-grouping",
                                                     initializer=priority.background_thread)
        size, pos = FIRST_BATCH, 0

        def start() -> "asyncio.Future[list[tuple[int, str, Signature | None]]] | None":
            nonlocal size, pos
            if pos >= len(schedule):
                return None
            ids = schedule[pos : pos + size]
            if self.early is not None:  # a batch ends with a photo whose image is made: it is queued at once
                ids = ids[: next((i + 1 for i, q in enumerate(ids) if q in solo), len(ids))]
            pos += len(ids)
            size = min(MAX_BATCH, size * 2)
            return loop.run_in_executor(pool, _hash, [by_id[q] for q in ids], self.thumb_dir, self._cancel,
                                        self.early, solo)

        self._stop_waiting = asyncio.Event()
        stopped = asyncio.ensure_future(self._stop_waiting.wait())
        try:
            nxt = start()
            while nxt is not None and not self._stopped:
                await asyncio.wait([nxt, stopped], return_when=asyncio.FIRST_COMPLETED)
                if self._stopped:
                    break  # the batch being hashed finishes on its thread, unused
                results = nxt.result()
                nxt = start()  # the next thumbnails are made while this batch is stored and queued
                good = [(pid, fp, sig) for pid, fp, sig in results if sig is not None]
                if good and await self.owner.run(_store, good, self.rules) and self.on_regrouped is not None:
                    self.on_regrouped()
                now: list[int] = []
                for q, _fp, _sig in results:  # failed ones count as done: they stay ungrouped
                    for pid in waiting_on.pop(q, ()):
                        left[pid] -= 1
                        if left[pid] == 0:
                            now.append(pid)
                if now:
                    await self._place(sorted(now, key=rank.__getitem__))
        finally:
            stopped.cancel()
            self._cancel.cancel()
            pool.shutdown(wait=False, cancel_futures=True)

    def cancel(self) -> None:
        """Stop hashing (the current thumbnail finishes); what is queued stays queued, the photos not yet
        queued are queued ungrouped."""
        self._cancel.cancel()

    def stop(self) -> None:
        """Queue nothing more (the queue was cancelled): the current transaction finishes, then ``run``
        ends; what is queued stays queued for the caller to cancel."""
        self._stopped = True
        self._cancel.cancel()
        if self._stop_waiting is not None:
            self._stop_waiting.set()
