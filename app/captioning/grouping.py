"""Caption a group once: plan which frame to send, share its draft with the others.

The plan (``enqueue_grouped``) runs when photos are queued. Inside each group, members whose
*context* agrees (``same_context``) form one unit; the unit's best frame (the one a person picked,
else the sharpest) gets the only job, its params name the other members (``group_followers``).
The followers get no job. When the best frame's caption is stored, ``share_draft`` gives every
follower the same draft in the same transaction, marked with ``from_photo_id`` and a note; if the
best frame fails, ``release_followers`` queues the followers one by one so nobody is left out.

Who counts as a follower: members that were asked for, plus members that have no caption yet
(a burst is one moment: captioning one frame of it covers the others). Members with a caption of
their own that were not asked for are left alone.

Context hook for grounding: ``CONTEXT_CHECKS`` holds functions ``(a, b) -> bool``
over two photo rows, False when their context differs (another person tagged, another place);
such members get their own unit and their own caption. Append to it; don't replace it.
"""

from __future__ import annotations

import json
import math
import os
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable

from sqlite_utils import Database

from app.captioning import queue as jobq
from app.captioning.due import needs_caption, still_missing
from app.library import groups
from app.store import captions
from app.store.tx import transaction

FOLLOWERS_KEY = "group_followers"
PLACE_METRES = 200.0  # two GPS fixes further apart than this are different places


def _keywords(photo: dict[str, Any]) -> frozenset[str]:
    try:
        value = json.loads(photo.get("file_keywords") or "[]")
    except (TypeError, ValueError):
        return frozenset()
    if not isinstance(value, list):
        return frozenset()
    return frozenset(str(v).strip().casefold() for v in value if str(v).strip())


def _metres(a: dict[str, Any], b: dict[str, Any]) -> float | None:
    if None in (a.get("gps_lat"), a.get("gps_lon"), b.get("gps_lat"), b.get("gps_lon")):
        return None
    la1, lo1, la2, lo2 = map(math.radians, (a["gps_lat"], a["gps_lon"], b["gps_lat"], b["gps_lon"]))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 2 * 6371000.0 * math.asin(min(1.0, math.sqrt(h)))


def same_place(a: dict[str, Any], b: dict[str, Any]) -> bool:
    d = _metres(a, b)
    return d is None or d <= PLACE_METRES  # a copy without GPS is not "somewhere else"


def same_tags(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Keywords/people tagged in the files (a person tagged in one frame only changes the caption)."""
    return _keywords(a) == _keywords(b)


CONTEXT_CHECKS: list[Callable[[dict[str, Any], dict[str, Any]], bool]] = [same_place, same_tags]


def same_context(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """True when one caption fits both photos' context (every check in ``CONTEXT_CHECKS`` agrees)."""
    return all(check(a, b) for check in CONTEXT_CHECKS)


@dataclass
class Unit:
    """One generation: the frame sent to the model and the photos that share its draft."""

    leader: int
    followers: list[int] = field(default_factory=list)


def plan(db: Database, photo_ids: Iterable[int], *, every_frame: bool = False,
         exclude: Iterable[int] = ()) -> list[Unit]:
    """Units for the requested photos, in request order of their first photo. ``exclude``: photos already
    covered by a job that is under way (they are nobody's follower here)."""
    ids = list(dict.fromkeys(int(i) for i in photo_ids))
    skip = set(exclude)
    if every_frame:
        return [Unit(i) for i in ids]
    asked = set(ids)
    group_of: dict[int, int] = {}
    for i in range(0, len(ids), 500):  # one query per 500 photos, not one per photo
        part = ids[i : i + 500]
        group_of.update(db.execute(f"SELECT id, group_id FROM photos WHERE id IN ({','.join('?' * len(part))}) "
                                   "AND group_id IS NOT NULL", part).fetchall())
    units: list[Unit] = []
    done: set[int] = set()
    for pid in ids:
        if pid in done:
            continue
        gid = group_of.get(pid)
        if gid is None:
            units.append(Unit(pid))
            done.add(pid)
            continue
        busy = {r[0] for r in db.execute(
            "SELECT j.photo_id FROM jobs j JOIN photos p ON p.id = j.photo_id WHERE p.group_id = ? "
            "AND j.state = 'running'", [gid]).fetchall()}
        mates = [m for m in groups.members(db, gid)
                 if m["state"] == "ok" and m["id"] not in done and m["id"] not in busy and m["id"] not in skip
                 and (m["id"] in asked or needs_caption(m))]
        if pid not in {m["id"] for m in mates}:
            units.append(Unit(pid))
            done.add(pid)
            continue
        picked = groups.picked_frame(db, gid)
        clusters: list[list[dict[str, Any]]] = []
        for m in mates:  # best frame first, so each cluster's first photo is its best
            home = next((c for c in clusters if same_context(c[0], m)), None)
            if home is None:
                clusters.append([m])
            else:
                home.append(m)
        for c in clusters:
            lead = groups.best_of(c, picked)
            units.append(Unit(lead["id"], [m["id"] for m in c if m["id"] != lead["id"]]))
            done.update(m["id"] for m in c)
    return units


def enqueue_grouped(db: Database, photo_ids: Iterable[int], params: dict[str, Any] | None = None, *,
                    priority: int = 0, every_frame: bool = False,
                    if_still_missing: Iterable[int] = ()) -> tuple[list[int], int]:
    """Queue one job per unit (``jobq.enqueue`` does the queueing). Returns (job ids, photos covered).

    A follower's own queued job (from an earlier request) is cancelled: the unit's job covers it.
    Photos in ``if_still_missing`` were picked because they had no caption: they are queued only if
    that still holds now, in the same transaction (another run may have captioned them since)."""
    with transaction(db):
        ids = list(photo_ids)
        recheck = set(if_still_missing)
        if recheck:
            ids = [i for i in ids if i not in recheck or still_missing(db, i)]
        units = plan(db, ids, every_frame=every_frame)
        job_ids: list[int] = []
        for u in units:
            p = dict(params or {})
            if u.followers:
                p[FOLLOWERS_KEY] = u.followers
                jobq.cancel_photos(db, u.followers)
            job_ids += jobq.enqueue(db, [u.leader], p, priority=priority)
    return job_ids, sum(1 + len(u.followers) for u in units)


def _followers(db: Database, job_id: int) -> list[int]:
    row = db.execute("SELECT params FROM jobs WHERE id = ?", [job_id]).fetchone()
    try:
        params = json.loads(row[0] or "{}") if row else {}
    except ValueError:
        return []
    return [int(i) for i in params.get(FOLLOWERS_KEY) or []]


def share_draft(db: Database, job_id: int, photo_id: int, caption_id: int) -> list[dict[str, Any]]:
    """Give the best frame's new draft to the job's followers; call inside the storing transaction.

    Each follower gets its own caption version (its own history; the protection rule of
    ``captions.add_version`` applies), marked ``from_photo_id`` = the best frame. Returns one
    ``{"photo_id", "path", "caption_id", "state"}`` per follower."""
    return give_draft(db, photo_id, caption_id, _followers(db, job_id))


def give_draft(db: Database, photo_id: int, caption_id: int, follower_ids: Iterable[int]) -> list[dict[str, Any]]:
    """``share_draft`` for the given followers: each gets a copy of the frame's caption ``caption_id``."""
    ids = list(follower_ids)
    if not ids:
        return []
    src = captions.get(db, caption_id)
    if src is None:
        return []
    db.execute("UPDATE captions SET from_photo_id = ? WHERE id = ?", [photo_id, caption_id])
    frame = db.execute("SELECT path FROM photos WHERE id = ?", [photo_id]).fetchone()
    note = f"shared from {os.path.basename(frame[0]) if frame else 'the group'} (one caption for its group)"
    out = []
    for fid in ids:
        row = db.execute("SELECT path, state FROM photos WHERE id = ?", [fid]).fetchone()
        if row is None or row[1] != "ok":
            continue
        cid = captions.add_version(
            db, fid, text=src["text"], keywords=json.loads(src["keywords"] or "[]"), title=src["title"],
            source="model", state="draft", model=src["model"], host=src["host"], style=src["style"],
            language=src["language"], prompt=src["prompt"], options=json.loads(src["options"] or "{}"),
            metrics={"shared_from_caption": caption_id}, done_reason=src["done_reason"],
            flags=json.loads(src["flags"] or "[]"), raw_text=None, note=note, commit=False,
            alt_text=src.get("alt_text"), translations=src.get("translations"),
            language_check=json.loads(src["language_check"]) if src.get("language_check") else None,
        )
        db.execute("UPDATE captions SET from_photo_id = ? WHERE id = ?", [photo_id, cid])
        for (jid,) in db.execute("SELECT id FROM jobs WHERE photo_id = ? AND state = 'queued'", [fid]).fetchall():
            jobq.mark_done(db, jid, cid, commit=False)  # queued meanwhile: this draft answers it
        current = db.execute("SELECT caption_id FROM photos WHERE id = ?", [fid]).fetchone()
        out.append({"photo_id": fid, "path": row[0], "caption_id": cid,
                    "state": "draft" if current and current[0] == cid else "kept"})
    return out


def release_followers(db: Database, job_id: int) -> list[int]:
    """The best frame failed: queue its followers one by one (inside the run's scope). Returns job ids."""
    ids = [i for i in _followers(db, job_id)
           if (db.execute("SELECT state FROM photos WHERE id = ?", [i]).fetchone() or ("",))[0] == "ok"]
    if not ids:
        return []
    row = db.execute("SELECT params, priority FROM jobs WHERE id = ?", [job_id]).fetchone()
    params = {k: v for k, v in json.loads(row[0] or "{}").items() if k != FOLLOWERS_KEY}
    new = jobq.enqueue(db, ids, params, priority=int(row[1] or 0), commit=False)
    try:
        db.execute("SELECT 1 FROM temp.job_scope_on").fetchone()
        db.conn.executemany("INSERT OR IGNORE INTO temp.job_scope(job_id) VALUES (?)", [(j,) for j in new])
    except Exception:  # noqa: BLE001 - no scope: the whole queue runs anyway
        pass
    db.execute(f"UPDATE jobs SET params = json_remove(params, '$.{FOLLOWERS_KEY}') WHERE id = ?", [job_id])
    return new
