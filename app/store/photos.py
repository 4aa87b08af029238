"""Queries over ``roots`` and ``photos``: plain functions taking the database first.

The JSON shape ``to_public`` returns is a contract (``albumwise list --json``); add fields,
never rename or remove them.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any, Iterator

from app.core import fspath
from app.core.jsontext import json_list
from app.core.timeutil import utc_now
from app.facts import clock, occasion
from app.store import grounding as grounding_public
from app.store import videos as video_store
from app.store.states import CAPTION_STATES, INDEX_STATES  # noqa: F401 - part of this module's API

if TYPE_CHECKING:
    from sqlite_utils import Database


def add_root(db: Database, path: str) -> int:
    """Register a root folder (idempotent) and return its id."""
    text, raw = fspath.columns(os.path.abspath(path))
    row = db.execute("SELECT id FROM roots WHERE path = ?", [text]).fetchone()
    if row:
        return int(row[0])
    cur = db.execute("INSERT INTO roots(path, path_bytes, added_at) VALUES (?, ?, ?)", [text, raw, utc_now()])
    db.conn.commit()
    return int(cur.lastrowid)


def roots(db: Database) -> list[dict[str, Any]]:
    """Root rows; open one with ``fspath.from_row(row)`` (``path`` is the readable text form)."""
    return list(db.query("SELECT * FROM roots ORDER BY path"))


def get(db: Database, photo_id: int) -> dict[str, Any] | None:
    rows = list(db.query("SELECT * FROM photos WHERE id = ?", [photo_id]))
    return rows[0] if rows else None


def get_by_path(db: Database, path: str) -> dict[str, Any] | None:
    rows = list(db.query("SELECT * FROM photos WHERE path = ?", [fspath.to_text(os.path.abspath(path))]))
    return rows[0] if rows else None


REPLACED = "another picture now has this name; this photo's file is gone (its captions stay with it here)"


def vacate(db: Database, photo_id: int) -> None:
    """Another picture now has this photo's name: the record gives the name up and keeps its history.

    Its ``path`` gets a suffix no file has (`` [replaced #ID]``), it is marked missing with the
    reason, leaves its group (the caller prunes groups) and its queued jobs are cancelled. If its
    picture turns up again under some name, the scanner finds it there and it is whole again.
    Runs inside the scanner's transaction."""
    row = db.execute("SELECT path, path_bytes, filename FROM photos WHERE id = ?", [photo_id]).fetchone()
    if row is None:
        return
    suffix = f" [replaced #{photo_id}]"
    raw = row[1] + os.fsencode(suffix) if row[1] is not None else None
    now = utc_now()
    db.execute("UPDATE photos SET path = ?, path_bytes = ?, filename = ?, state = 'missing', error = ?, "
               "group_id = NULL WHERE id = ?", [row[0] + suffix, raw, row[2] + suffix, REPLACED, photo_id])
    db.execute("UPDATE photo_groups SET best_photo_id = NULL WHERE best_photo_id = ?", [photo_id])
    db.execute("UPDATE jobs SET state = 'cancelled', lease_owner = NULL, finished_at = ?, updated_at = ? "
               "WHERE photo_id = ? AND state = 'queued'", [now, now, photo_id])


def mark_unreadable(db: Database, photo_id: int, reason: str) -> None:
    """The photo could not be decoded for captioning: not queued again until its file changes (a
    rescan that reads the file anew clears this)."""
    with db.conn:
        db.execute("UPDATE photos SET unreadable = ? WHERE id = ?", [reason, photo_id])


def iter_photos(
    db: Database, *, folder: str | None = None, state: str | None = None, caption_state: str | None = None
) -> Iterator[dict[str, Any]]:
    """Photos in path order. ``folder`` includes sub-folders; ``state`` is the index state."""
    where, params = [video_store.VISIBLE], []  # a Live Photo's clip is listed through its photo
    if folder:
        folder = fspath.to_text(os.path.abspath(folder)).rstrip(os.sep)
        where.append("(photos.folder = ? OR photos.folder LIKE ? ESCAPE '\\')")
        escaped = folder.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        params += [folder, escaped + os.sep + "%"]
    if state:
        where.append("photos.state = ?")
        params.append(state)
    if caption_state:
        where.append("photos.caption_state = ?")
        params.append(caption_state)
    # caption_error: why the last captioning attempt failed (kept as the failed version's note).
    sql = ("SELECT photos.*, CASE WHEN photos.caption_state = 'failed' THEN c.note END AS caption_error, "
           "c.language AS caption_language, c.language_check AS caption_language_check, "
           # the size of the photo's group of bursts and duplicates
           "(SELECT count(*) FROM photos gm WHERE gm.group_id = photos.group_id AND gm.state != 'missing') AS group_size, "
           "(SELECT f.path FROM photos f WHERE f.id = c.from_photo_id) AS caption_from, "
           "(SELECT r.path FROM roots r WHERE r.id = photos.root_id) AS root_path, "
           "(SELECT lc.path FROM photos lc WHERE lc.live_photo_id = photos.id LIMIT 1) AS live_clip, "
           f"{grounding_public.SELECT} "
           f"FROM photos LEFT JOIN captions c ON c.id = photos.caption_id {grounding_public.JOIN}")
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY photos.path"
    yield from db.query(sql, params)


def counts(db: Database) -> dict[str, dict[str, int]]:
    """Counts per index state and per caption state (zero counts included)."""
    index = {s: 0 for s in INDEX_STATES}
    visible = video_store.VISIBLE  # a Live Photo counts once
    for state, n in db.execute(f"SELECT state, count(*) FROM photos WHERE {visible} GROUP BY state").fetchall():
        index[state] = n
    caption = {s: 0 for s in CAPTION_STATES}
    for state, n in db.execute(
        f"SELECT caption_state, count(*) FROM photos WHERE state != 'missing' AND {visible} GROUP BY caption_state"
    ).fetchall():
        caption[state] = n
    return {"index": index, "caption": caption}


def to_public(row: dict[str, Any]) -> dict[str, Any]:
    """The ``list --json`` object for a photo row."""
    camera = " ".join(p for p in (row.get("camera_make"), row.get("camera_model")) if p) or None
    gps = None
    if row.get("gps_lat") is not None and row.get("gps_lon") is not None:
        gps = {"lat": row["gps_lat"], "lon": row["gps_lon"]}
    return {
        "id": row["id"],
        "path": row["path"],
        "folder": row["folder"],
        "format": row.get("format"),
        "size": row.get("size"),
        "width": row.get("width"),
        "height": row.get("height"),
        "orientation": row.get("orientation"),
        "taken_at": row.get("taken_at"),
        "camera": camera,
        "gps": gps,
        "title": row.get("file_title"),
        "description": row.get("file_description"),
        "keywords": json_list(row.get("file_keywords")),
        "state": row.get("state"),
        "error": row.get("error"),
        "caption": row.get("caption"),
        "caption_keywords": json_list(row.get("caption_keywords")),
        "caption_state": row.get("caption_state") or "none",
        "caption_flags": json_list(row.get("caption_flags")),
        "caption_model": row.get("caption_model"),
        "caption_error": row.get("caption_error"),
        "description_source": row.get("file_description_source"),
        "conflict": _conflict(row.get("conflict")),
        "group": row.get("group_id"),  # near-repeats captioned together; None when alone
        "group_size": (row.get("group_size") or 1) if row.get("group_id") is not None else 1,
        "place": grounding_public.place(row),  # {"city","region","country","source"} or null
        "people": grounding_public.people(row),
        "caption_from": row.get("caption_from"),  # the frame a group's shared draft was made from
        "media": row.get("media") or "photo",  # photo | video
        "duration": row.get("duration"),  # a video's length in seconds
        "live_clip": row.get("live_clip"),  # a Live Photo's clip (it shares this photo's caption)
        **_dates(row),
        **languages_public(row),
    }


def translations_public(value: Any) -> dict[str, dict[str, Any]]:
    """``{"de": {"caption", "alt_text", "keywords"}}`` from a stored translations value."""
    import json

    try:
        data = json.loads(value or "{}") if isinstance(value, str) else (value or {})
    except ValueError:
        return {}
    if not isinstance(data, dict):
        return {}
    return {str(code): {"caption": item.get("text") or None, "alt_text": item.get("alt_text") or None,
                        "keywords": [str(k) for k in item.get("keywords") or []]}
            for code, item in data.items() if isinstance(item, dict)}


def languages_public(row: dict[str, Any]) -> dict[str, Any]:
    """Alt text, the caption's other languages and the language check (``list --json``; added fields)."""
    import json

    try:
        check = json.loads(row["caption_language_check"]) if row.get("caption_language_check") else None
    except ValueError:
        check = None
    return {
        "alt_text": row.get("caption_alt_text") or None,
        "translations": translations_public(row.get("caption_translations")),
        "caption_language": row.get("caption_language"),
        "language_check": check if isinstance(check, dict) else None,  # requested, detected, wrong, checked
        "file_alt_text": row.get("file_alt_text") or None,
        "file_translations": translations_public(row.get("file_translations")),
    }


def _dates(row: dict[str, Any]) -> dict[str, Any]:
    """``folder_date`` (what the folder names say) and ``clock_looks_wrong`` (the capture date is
    years away from it, or a camera's reset value: the captions use the folder's date instead)."""
    occ = occasion.parse_folders(row.get("folder") or "", row.get("root_path"))
    return {"folder_date": occ.date, "clock_looks_wrong": clock.check(row.get("taken_at"), occ).wrong}


def _conflict(value: Any) -> dict[str, Any] | None:
    """The outside edit waiting for a decision: both texts side by side (None when there is none)."""
    if not value:
        return None
    import json

    try:
        rec = json.loads(value)
    except ValueError:
        return None
    if not isinstance(rec, dict):
        return None
    return {"mine": rec.get("mine"), "theirs": rec.get("theirs"), "theirs_source": rec.get("theirs_source"),
            "fields": [{"field": f.get("name"), "theirs": f.get("theirs"), "ours": f.get("ours")}
                       for f in rec.get("fields", [])],
            "detected": rec.get("detected")}
