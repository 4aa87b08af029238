"""Queueing photos as their groups become known, while the run goes (the ``Intake`` calls ``place``).

``grouping.enqueue_grouped`` plans a whole selection at once. Here photos arrive a few at a time (as
soon as their own signature and their neighbours' are known) while earlier ones are queued, being
captioned, or done. A photo whose group already has a frame under way in this intake (``mine``: the
job ids the intake queued) is handled so that no frame is sent twice and nobody is left out:

- that frame is claimed (being prepared or captioned): the photo joins the job's followers, so the
  draft reaches it in the transaction that stores the frame's caption (``grouping.share_draft``; if
  the frame fails, the followers get jobs of their own, ``grouping.release_followers``);
- that frame's caption is stored: the photo gets a copy of it now (``grouping.give_draft``);
- the group's frames in this intake are only queued: the group is planned again over all its
  waiting members, so the best of them is the one sent (a queued leader may become a follower).

A frame already sent keeps its own caption: when two frames of one group were sent before the group
was known (copies found through their hashes after both were captioned), each keeps its own.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Iterable

from sqlite_utils import Database

from app.captioning import queue as jobq
from app.captioning.due import still_missing
from app.captioning.grouping import FOLLOWERS_KEY, Unit, give_draft, plan, same_context
from app.library import groups
from app.store import captions
from app.store.tx import transaction


@dataclass
class Placed:
    """What one ``place`` call did."""

    job_ids: list[int] = field(default_factory=list)  # jobs queued (or reused) for the units below
    units: list[Unit] = field(default_factory=list)
    attached: dict[int, int] = field(default_factory=dict)  # photo -> the claimed job it now follows
    shared: list[dict[str, Any]] = field(default_factory=list)  # photos given a stored draft just now
    dropped: list[int] = field(default_factory=list)  # picked for having no caption, but have one now

    def covered(self) -> set[int]:
        """Photos this call gave a caption source (a unit, a claimed frame, a stored draft)."""
        out = {u.leader for u in self.units} | {f for u in self.units for f in u.followers}
        return out | set(self.attached) | {s["photo_id"] for s in self.shared}


def _params(raw: Any) -> dict[str, Any]:
    try:
        value = json.loads(raw or "{}")
    except (TypeError, ValueError):
        return {}
    return value if isinstance(value, dict) else {}


def _group_ids(db: Database, ids: list[int]) -> dict[int, int]:
    out: dict[int, int] = {}
    for i in range(0, len(ids), 500):
        part = ids[i : i + 500]
        out.update(db.execute(f"SELECT id, group_id FROM photos WHERE id IN ({','.join('?' * len(part))}) "
                              "AND group_id IS NOT NULL", part).fetchall())
    return out


def _under_way(db: Database, ids: list[int], mine: set[int], out: Placed) -> tuple[list[int], set[int]]:
    """Attach the photos whose group has a frame of ``mine`` claimed or done; returns (photos left to
    plan, with the group's queued frames of ``mine``; photos covered by frames under way)."""
    gid_of = _group_ids(db, ids)
    by_group: dict[int, list[int]] = {}
    for pid in ids:
        if pid in gid_of:
            by_group.setdefault(gid_of[pid], []).append(pid)
    covered: set[int] = set()
    waiting: list[int] = []  # queued frames of ``mine`` (and their followers) to plan again
    for gid, pids in by_group.items():
        jobs = [j for j in db.execute(
            "SELECT j.id, j.photo_id, j.state, j.result_caption_id, j.params FROM jobs j JOIN photos p "
            "ON p.id = j.photo_id WHERE p.group_id = ? AND j.kind = 'caption' "
            "AND j.state IN ('queued', 'running', 'done') ORDER BY j.id", [gid]).fetchall() if j[0] in mine]
        sent = [j for j in jobs if j[2] == "running" or (j[2] == "done" and j[3] is not None)]
        for j in sent:
            covered.add(j[1])
            covered.update(int(f) for f in _params(j[4]).get(FOLLOWERS_KEY) or [])
        for j in jobs:
            if j[2] == "queued":
                waiting += [j[1], *(int(f) for f in _params(j[4]).get(FOLLOWERS_KEY) or [])]
        if not sent:
            continue
        rows = {m["id"]: m for m in groups.members(db, gid)}
        for pid in pids:
            if pid in covered or pid not in rows or rows[pid]["state"] != "ok":
                continue
            if db.execute("SELECT 1 FROM jobs WHERE photo_id = ? AND state = 'running'", [pid]).fetchone():
                continue  # being captioned itself (another run): planned as before, never sent twice
            lead = next((j for j in sent if j[1] in rows and same_context(rows[j[1]], rows[pid])), None)
            if lead is None:
                continue  # another context (place, people): its own caption
            covered.add(pid)
            if lead[2] == "running":
                p = _params(db.execute("SELECT params FROM jobs WHERE id = ?", [lead[0]]).fetchone()[0])
                p[FOLLOWERS_KEY] = [*(p.get(FOLLOWERS_KEY) or []), pid]
                db.execute("UPDATE jobs SET params = ? WHERE id = ?", [json.dumps(p, sort_keys=True), lead[0]])
                jobq.cancel_photos(db, [pid])
                out.attached[pid] = lead[0]
                continue
            src = captions.get(db, lead[3]) or {}
            for given in give_draft(db, lead[1], lead[3], [pid]):  # its queued job, if any, is answered too
                out.shared.append({**given, "job_id": lead[0], "from_photo_id": lead[1], "caption": src.get("text"),
                                   "keywords": _params_list(src.get("keywords")), "model": src.get("model"),
                                   "host": src.get("host"), "flags": _params_list(src.get("flags"))})
    rest = [pid for pid in ids if pid not in covered]
    rest += [pid for pid in dict.fromkeys(waiting) if pid not in covered and pid not in set(rest)]
    return rest, covered


def _params_list(raw: Any) -> list[Any]:
    try:
        value = json.loads(raw or "[]")
    except (TypeError, ValueError):
        return []
    return value if isinstance(value, list) else []


def place(db: Database, photo_ids: Iterable[int], params: dict[str, Any] | None = None, *, priority: int = 0,
          every_frame: bool = False, mine: Iterable[int] = (), if_still_missing: Iterable[int] = (),
          scoped: bool = False) -> Placed:
    """Queue these photos (their groups are settled) in one transaction, next to what this intake queued
    before (``mine``: its job ids). ``if_still_missing``: photos picked for having no caption, queued only
    if that still holds. ``scoped``: the new jobs join the run's scope (``jobq.set_scope``)."""
    out = Placed()
    mine = set(mine)
    with transaction(db):
        ids = list(dict.fromkeys(int(i) for i in photo_ids))
        recheck = set(if_still_missing)
        if recheck:
            out.dropped = [i for i in ids if i in recheck and not still_missing(db, i)]
            ids = [i for i in ids if i not in set(out.dropped)]
        covered: set[int] = set()
        if not every_frame and mine:
            ids, covered = _under_way(db, ids, mine, out)
        for u in plan(db, ids, every_frame=every_frame, exclude=covered):
            p = dict(params or {})
            if u.followers:
                p[FOLLOWERS_KEY] = u.followers
                jobq.cancel_photos(db, u.followers)
            out.job_ids += jobq.enqueue(db, [u.leader], p, priority=priority, commit=False)
            out.units.append(u)
        if scoped and out.job_ids:
            db.conn.executemany("INSERT OR IGNORE INTO temp.job_scope(job_id) VALUES (?)",
                                [(j,) for j in out.job_ids])
    return out
