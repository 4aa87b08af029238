"""Read-only queries behind the window's views (grid ids, page rows, sidebar counts).

Plain functions taking the database first, like ``app.store``; they run on the UI's reader thread,
never on the main thread. Kept in ``app.ui`` because their shapes (smart lists, pages of grid rows)
exist only for the window; they contain no Qt so they are testable without a display.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any, Iterable

if TYPE_CHECKING:  # imported for types only: sqlite-utils loads on the reader thread, not at startup
    from sqlite_utils import Database

# Smart list key -> (label, SQL condition). Missing files never appear in the window.
SMART_LISTS: dict[str, tuple[str, str]] = {
    "all": ("All photos", "1"),
    "uncaptioned": ("Uncaptioned", "caption_state = 'none' AND state = 'ok'"),
    "review": ("To review", "caption_state = 'draft'"),
    "approved": ("Approved", "caption_state = 'approved'"),
    "written": ("In file", "caption_state = 'written'"),
    "failed": ("Failed", "(caption_state = 'failed' OR state = 'error')"),
    "flagged": ("Flagged", "caption_flags NOT IN ('[]', '')"),
    "duplicates": ("Duplicates", "group_id IS NOT NULL AND state = 'ok'"),  # bursts and copies
    "conflict": ("Changed elsewhere", "caption_state = 'conflict'"),  # outside edits to decide
}

# A Live Photo's clip is shown through its photo (app.store.videos.VISIBLE).
HIDE_CLIPS = "live_photo_id IS NULL"

# The columns one grid cell needs: small, so a page of 200 rows costs a few milliseconds.
GRID_COLUMNS = (
    "id, path, folder, filename, width, height, orientation, size, mtime_ns, state, error, format, "
    "caption, caption_state, caption_flags, caption_model, fingerprint, path_bytes, group_id, "
    "(SELECT count(*) FROM photos g WHERE g.group_id = photos.group_id AND g.state != 'missing') AS group_size, "
    # every member's state, so a stacked tile can say what its whole group needs (not just its best frame's)
    "(SELECT group_concat(CASE WHEN g.state = 'error' THEN 'error' ELSE coalesce(g.caption_state, 'none') END) "
    "FROM photos g WHERE g.group_id = photos.group_id AND g.state != 'missing') AS group_states, "
    "media, duration, "  # a video: the grid marks it with its length; a Live Photo with LIVE
    "(SELECT count(*) FROM photos c WHERE c.live_photo_id = photos.id) AS live_clips"
)


def _folder_clause(folder: str | None) -> tuple[str, list[Any]]:
    if not folder:
        return "1", []
    folder = os.path.abspath(folder).rstrip(os.sep) or os.sep
    escaped = folder.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return "(folder = ? OR folder LIKE ? ESCAPE '\\')", [folder, escaped + os.sep + "%"]


Place = tuple[str, "str | None", "str | None"]  # (country, region, city); None: any (see grounding_view.place_key)


def _grounding_clause(place: Place | None, person: str | None) -> tuple[str, list[Any]]:
    """Exact matches on the sidebar's keys: a place's path level by level, a person's whole name."""
    parts: list[str] = []
    params: list[Any] = []
    if place is not None:
        conds = ["g.country = ?"]
        params.append(place[0])
        for column, value in (("region", place[1]), ("city", place[2])):
            if value is not None:
                conds.append(f"coalesce(g.{column}, '') = ?")
                params.append(value)
        parts.append(f"id IN (SELECT g.photo_id FROM photo_grounding g WHERE {' AND '.join(conds)})")
    if person is not None:
        parts.append("id IN (SELECT g.photo_id FROM photo_grounding g, json_each(g.people) j "
                     "WHERE json_extract(j.value, '$.name') = ?)")
        params.append(person)
    return (" AND ".join(parts) or "1"), params


def photo_ids(db: Database, smart: str = "all", folder: str | None = None, place: Place | None = None,
              person: str | None = None) -> list[int]:
    """Ids of the photos in a smart list, folder, place or of a person, in folder/file order."""
    cond = SMART_LISTS.get(smart, SMART_LISTS["all"])[1]
    fclause, params = _folder_clause(folder)
    gclause, gparams = _grounding_clause(place, person)
    sql = (f"SELECT id FROM photos WHERE state != 'missing' AND {HIDE_CLIPS} AND {cond} AND {fclause} AND {gclause} "
           "ORDER BY folder, filename")
    return [r[0] for r in db.execute(sql, params + gparams).fetchall()]


def filter_ids(db: Database, ids: Iterable[int], smart: str = "all", folder: str | None = None,
               place: Place | None = None, person: str | None = None) -> list[int]:
    """Keep the ids (in their given order, e.g. search rank) that are in the scope."""
    ids = list(ids)
    if not ids or (smart == "all" and not folder and place is None and person is None):
        return ids
    keep = set(photo_ids(db, smart, folder, place, person))
    return [i for i in ids if i in keep]


def grid_rows(db: Database, ids: list[int]) -> dict[int, dict[str, Any]]:
    """The grid columns for these ids (one query; ids are chunked under SQLite's variable limit)."""
    out: dict[int, dict[str, Any]] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ",".join("?" * len(chunk))
        cur = db.execute(f"SELECT {GRID_COLUMNS} FROM photos WHERE id IN ({marks})", chunk)
        cols = [d[0] for d in cur.description]
        for values in cur.fetchall():  # plain zip: less Python work while the main thread paints
            row = dict(zip(cols, values))
            out[row["id"]] = row
    return out


def smart_counts(db: Database) -> dict[str, int]:
    """How many photos each smart list holds (one pass over the table)."""
    parts = ", ".join(f"sum(CASE WHEN {cond} THEN 1 ELSE 0 END)" for _, cond in SMART_LISTS.values())
    row = db.execute(f"SELECT {parts} FROM photos WHERE state != 'missing' AND {HIDE_CLIPS}").fetchone()
    return {key: int(n or 0) for key, n in zip(SMART_LISTS, row)}


def folder_counts(db: Database) -> dict[str, int]:
    """Photos directly in each folder (the sidebar adds sub-folders up)."""
    return {
        folder: n
        for folder, n in db.execute(
            f"SELECT folder, count(*) FROM photos WHERE state != 'missing' AND {HIDE_CLIPS} GROUP BY folder"
        ).fetchall()
    }


def root_paths(db: Database) -> list[str]:
    return [r[0] for r in db.execute("SELECT path FROM roots ORDER BY path").fetchall()]


def photo_detail(db: Database, photo_id: int) -> dict[str, Any] | None:
    """Everything the detail pane shows: the photo row plus its caption history (newest first)."""
    rows = list(db.query("SELECT * FROM photos WHERE id = ?", [photo_id]))
    if not rows:
        return None
    photo = rows[0]
    photo["history"] = list(
        db.query(
            "SELECT id, text, keywords, source, state, model, style, flags, note, created_at, done_reason, "
            "alt_text, language_check "
            "FROM captions WHERE photo_id = ? ORDER BY id DESC LIMIT 50",
            [photo_id],
        )
    )
    from app.services import grounding as grounding_detail  # noqa: PLC0415 - reader thread only

    return grounding_detail.enrich(db, photo)  # place, people, occasion, ungrounded names


def queue_counts(db: Database) -> dict[str, int]:
    """Caption jobs per state (status bar progress)."""
    return {s: n for s, n in db.execute("SELECT state, count(*) FROM jobs GROUP BY state").fetchall()}
