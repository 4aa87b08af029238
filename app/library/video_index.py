"""The scanner's video step: store what ``video_probe`` found, and pair Live Photos.

``apply_batch`` runs inside the scanner's transaction, after the batch's rows are written: it sets
``photos.media``/``duration``/``content_id`` and ``video_facts`` for every probed record (a photo
that was re-probed gets its content identifier refreshed too), then pairs Live Photo clips with
their photos (``live_photos.pair``).
"""

from __future__ import annotations

from typing import Any, Iterable

from sqlite_utils import Database

from app.core import fspath
from app.library import live_photos
from app.library.formats import is_video
from app.store import videos as video_store


def apply_batch(db: Database, inserts: list[dict[str, Any]], updates: list[tuple[int, dict[str, Any]]],
                missing_ids: Iterable[int] = ()) -> None:
    pairs: list[tuple[int, dict[str, Any]]] = list(updates)
    wanted = [r for r in inserts if is_video(r["path"]) or r.get("content_id")]
    for i in range(0, len(wanted), 500):
        part = wanted[i:i + 500]
        by_path = {fspath.to_text(r["path"]): r for r in part}
        q = f"SELECT id, path FROM photos WHERE path IN ({','.join('?' * len(by_path))})"
        for pid, path in db.execute(q, list(by_path)).fetchall():
            pairs.append((pid, by_path[path]))
    rows = []
    facts = []
    for pid, rec in pairs:
        video = is_video(rec["path"])
        v = rec.get("video") or {}
        rows.append(["video" if video else None, v.get("duration") if video else None, rec.get("content_id")
                     or v.get("content_id"), pid])
        if video and v:
            facts.append((pid, v))
    if rows:
        db.conn.executemany("UPDATE photos SET media = ?, duration = ?, content_id = ? WHERE id = ?", rows)
    if facts:
        video_store.store_facts(db, facts)
    missing = list(missing_ids)
    cids = [r[2] for r in rows if r[2]]
    if cids or missing:
        live_photos.pair(db, cids, missing)
