"""Group workflows shared by the CLI and the window: refresh, show, split, merge, pick.

``refresh`` reads thumbnails on the calling thread and writes through ``call`` (``owner.call`` in
the window, ``direct(db)`` in the CLI), so the window can run it on a worker thread while the DB
owner keeps the single-writer rule.
"""

from __future__ import annotations

import os
from typing import Any, Callable, Iterable

from sqlite_utils import Database

from app.core.progress import CancelToken, ProgressFn, Progress, no_progress
from app.library import groups, thumbs
from app.library.groups import Rules
from app.library.phash import Signature

Call = Callable[..., Any]
BATCH = 64


def direct(db: Database) -> Call:
    """``call(fn, *args)`` running ``fn(db, *args)`` on this thread (the CLI's owner)."""
    return lambda fn, *a, **k: fn(db, *a, **k)


def _store_many(db: Database, items: list[tuple[int, str, Signature]], rules: Rules) -> None:
    with db.conn:
        for pid, fp, sig in items:
            groups.store_signature(db, pid, fp, sig)
        for pid, _fp, _sig in items:
            groups.assign(db, pid, rules)


def refresh(call: Call, thumb_dir: str | os.PathLike[str], rules: Rules = Rules(), *,
            photo_ids: Iterable[int] | None = None, make: bool = True, progress: ProgressFn = no_progress,
            cancel: CancelToken | None = None) -> dict[str, int]:
    """Hash the photos without a current signature (making grid thumbnails when ``make``) and group them."""
    todo = call(groups.stale, None if photo_ids is None else list(photo_ids))
    hashed = failed = 0
    pending: list[tuple[int, str, Signature]] = []
    if make and todo:  # missing thumbnails first, on every core (the thumbnailer's process pool)
        thumbs.make_missing(todo, thumb_dir, sizes=(thumbs.GRID,), progress=progress, cancel=cancel)
    progress(Progress("grouping", 0, len(todo)))
    for pid, fp, sig, _err in groups.compute(todo, thumb_dir, make=False, cancel=cancel):
        if sig is None:
            failed += 1
            continue
        pending.append((pid, fp, sig))
        if len(pending) >= BATCH:
            call(_store_many, pending, rules)
            hashed += len(pending)
            pending = []
            progress(Progress("grouping", hashed + failed, len(todo)))
    if pending:
        call(_store_many, pending, rules)
        hashed += len(pending)
    progress(Progress("grouping", hashed + failed, len(todo)))
    return {"hashed": hashed, "failed": failed, "groups": call(groups.count)}


def group_of(db: Database, photo_id: int) -> dict[str, Any] | None:
    """``{"id", "kind", "best", "members": [rows, best first]}`` for the photo's group, or None."""
    row = db.execute("SELECT group_id FROM photos WHERE id = ?", [photo_id]).fetchone()
    if row is None or row[0] is None:
        return None
    g = db.execute("SELECT kind, best_photo_id FROM photo_groups WHERE id = ?", [row[0]]).fetchone()
    members = groups.members(db, row[0])
    return {"id": row[0], "kind": g[0] if g else None, "picked": g[1] if g else None,
            "best": members[0]["id"] if members else None, "members": members}


def member_ids(db: Database, photo_id: int) -> list[int]:
    """The photo's group members (the photo alone when it is in no group)."""
    g = group_of(db, photo_id)
    return [m["id"] for m in g["members"]] if g else [photo_id]


def public_member(row: dict[str, Any], best: int | None) -> dict[str, Any]:
    return {"id": row["id"], "path": row["path"], "best": row["id"] == best, "taken_at": row.get("taken_at"),
            "sharpness": round(row["sharpness"], 1) if row.get("sharpness") is not None else None,
            "caption_state": row.get("caption_state") or "none", "caption": row.get("caption")}
