"""Queries over ``photo_grounding`` (each photo's resolved place, people and occasion) and
``folder_context`` (what the user set for a folder). Plain functions taking the database first.

The ``place`` and ``people`` fields built here are JSON contracts (``list --json``, captioning
results, the export): ``place`` is ``{"city","region","country","source"}`` (plus ``near``, ``distance_km``, ``at_sea``,
``country_code``, ``label``, ``gps_disagrees``) or null, ``people`` a list
of names.
"""

from __future__ import annotations

import json
import os
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from app.core.timeutil import utc_now
from app.facts.grounding import FolderContext, ancestors, norm_folder, public_place

if TYPE_CHECKING:
    from sqlite_utils import Database

# Columns a photo query adds with ``LEFT JOIN photo_grounding g ON g.photo_id = photos.id``.
SELECT = ("g.city AS grounding_city, g.region AS grounding_region, g.country AS grounding_country, "
          "g.place_source AS grounding_place_source, g.people AS grounding_people, g.event AS grounding_event, "
          "g.near AS grounding_near, g.place_km AS grounding_place_km, g.at_sea AS grounding_at_sea, "
          "g.country_code AS grounding_country_code, g.place_conflict AS grounding_place_conflict")
JOIN = "LEFT JOIN photo_grounding g ON g.photo_id = photos.id"
GEO_COLUMNS = ("geo_lat", "geo_lon", "geo_city", "geo_region", "geo_country", "geo_km", "geo_name", "geo_sea",
               "geo_code")
COLUMNS = ("file_place", "file_people", *GEO_COLUMNS,
           "city", "region", "country", "sublocation", "place_source", "place_km", "people", "event", "event_source",
           "search_text", "updated_at", "near", "at_sea", "country_code", "place_conflict", "place_fold", "people_fold",
           "event_fold")
OLD_CONTEXT = "old_context"


def place(row: dict[str, Any]) -> dict[str, Any] | None:
    return public_place(row)


def people(row: dict[str, Any]) -> list[str]:
    try:
        items = json.loads(row.get("grounding_people") or "[]")
    except (TypeError, ValueError):
        return []
    return [str(p.get("name")) for p in items if isinstance(p, dict) and p.get("name")]


def for_ids(db: Database, ids: list[int]) -> dict[int, dict[str, Any]]:
    """``{photo_id: {"place": ..., "people": [...]}}`` for the photos that have grounding rows."""
    out: dict[int, dict[str, Any]] = {}
    for i in range(0, len(ids), 500):
        part = ids[i:i + 500]
        q = (f"SELECT photos.id AS id, {SELECT} FROM photos {JOIN} "
             f"WHERE photos.id IN ({','.join('?' * len(part))})")
        for r in db.query(q, part):
            out[r["id"]] = {"place": place(r), "people": people(r)}
    return out


# -- photo_grounding rows ---------------------------------------------------------------------------
def rows_for(db: Database, ids: list[int]) -> dict[int, dict[str, Any]]:
    """The stored rows of ``ids`` (those that have one)."""
    out: dict[int, dict[str, Any]] = {}
    for i in range(0, len(ids), 500):
        part = ids[i:i + 500]
        for r in db.query(f"SELECT * FROM photo_grounding WHERE photo_id IN ({','.join('?' * len(part))})", part):
            out[r["photo_id"]] = r
    return out


def row_of(db: Database, photo_id: int | None) -> dict[str, Any]:
    if not photo_id:
        return {}
    rows = list(db.query("SELECT * FROM photo_grounding WHERE photo_id = ?", [photo_id]))
    return rows[0] if rows else {}


def with_photos(db: Database, ids: list[int]) -> list[dict[str, Any]]:
    """Stored rows joined with the photo's folder, root and GPS fix (one item per photo, row or not)."""
    out: list[dict[str, Any]] = []
    for i in range(0, len(ids), 500):
        part = ids[i:i + 500]
        q = (f"SELECT g.*, p.id AS pid, p.folder, p.root_id, p.gps_lat, p.gps_lon FROM photos p "
             f"LEFT JOIN photo_grounding g ON g.photo_id = p.id WHERE p.id IN ({','.join('?' * len(part))})")
        out += [dict(r, photo_id=r.pop("pid")) for r in db.query(q, part)]
    return out


def write_rows(db: Database, rows: list[tuple[int, dict[str, Any]]]) -> None:
    """Upsert ``(photo_id, columns)`` rows (no commit: callers write inside their transaction)."""
    if not rows:
        return
    sets = ",".join(f"{c}=excluded.{c}" for c in COLUMNS)
    db.conn.executemany(
        f"INSERT INTO photo_grounding(photo_id, {','.join(COLUMNS)}) VALUES (?{',?' * len(COLUMNS)}) "
        f"ON CONFLICT(photo_id) DO UPDATE SET {sets}",
        [[pid] + [r.get(c) for c in COLUMNS] for pid, r in rows])


def ids_by_path(db: Database, paths: list[str]) -> dict[str, int]:
    out: dict[str, int] = {}
    for i in range(0, len(paths), 500):
        part = paths[i:i + 500]
        out.update(db.execute(f"SELECT path, id FROM photos WHERE path IN ({','.join('?' * len(part))})",
                              part).fetchall())
    return out


def roots(db: Database) -> dict[int, str]:
    return {rid: p for rid, p in db.execute("SELECT id, path FROM roots").fetchall()}


def root_path(db: Database, root_id: int | None) -> str | None:
    if root_id is None:
        return None
    r = db.execute("SELECT path FROM roots WHERE id = ?", [root_id]).fetchone()
    return r[0] if r else None


def live_photo_ids(db: Database) -> list[int]:
    return [r[0] for r in db.execute("SELECT id FROM photos WHERE state != 'missing'").fetchall()]


# -- sidebar counts -----------------------------------------------------------------------------------
def place_counts(db: Database) -> list[tuple[str, str, str, int]]:
    """(country, region, city, photos) for the sidebar's Places tree."""
    return [(c or "", r or "", t or "", n) for c, r, t, n in db.execute(
        "SELECT g.country, g.region, g.city, count(*) FROM photo_grounding g JOIN photos p ON p.id = g.photo_id "
        "WHERE p.state != 'missing' AND g.country IS NOT NULL GROUP BY 1, 2, 3 ORDER BY 1, 2, 3").fetchall()]


def people_counts(db: Database) -> list[tuple[str, int]]:
    """(name, photos) for the sidebar's People list, most photographed first."""
    return [(n, c) for n, c in db.execute(
        "SELECT json_extract(j.value, '$.name') AS name, count(DISTINCT g.photo_id) FROM photo_grounding g "
        "JOIN photos p ON p.id = g.photo_id, json_each(g.people) j WHERE p.state != 'missing' "
        "GROUP BY name ORDER BY 2 DESC, 1 LIMIT 500").fetchall() if n]


# -- folder_context -----------------------------------------------------------------------------------
def get_own(db: Database, folder: str) -> dict[str, Any] | None:
    rows = list(db.query("SELECT * FROM folder_context WHERE folder = ?", [norm_folder(folder)]))
    return rows[0] if rows else None


def effective(db: Database, folder: str, _cache: dict[str, dict[str, Any] | None] | None = None) -> FolderContext:
    """The context that applies to photos in ``folder`` (inherited field by field)."""
    chain = ancestors(folder)
    if _cache is None:
        q = f"SELECT * FROM folder_context WHERE folder IN ({','.join('?' * len(chain))})"
        own = {r["folder"]: r for r in db.query(q, chain)}
    else:
        own = {}
        for f in chain:
            if f not in _cache:
                _cache[f] = get_own(db, f)
            if _cache[f]:
                own[f] = _cache[f]
    ctx = FolderContext()
    for f in chain:
        row = own.get(f)
        if not row:
            continue
        for key in ("event", "place", "notes"):
            if getattr(ctx, key) is None and row.get(key):
                setattr(ctx, key, row[key])
                ctx.sources[key] = f
        names = json.loads(row.get("people") or "[]")
        if not ctx.people and names:
            ctx.people = names
            ctx.sources["people"] = f
        if ctx.vocabulary is None and row.get("vocabulary"):
            ctx.vocabulary = _vocabulary(row["vocabulary"])
            ctx.sources["vocabulary"] = f
    return ctx


@lru_cache(maxsize=16)
def _vocabulary(text: str) -> list[dict[str, Any]]:
    """Parsed once per distinct vocabulary (shared, read-only), so its matcher is built once."""
    return json.loads(text)


def has_any_context(db: Database) -> bool:
    return db.execute("SELECT 1 FROM folder_context LIMIT 1").fetchone() is not None


def put_context(db: Database, folder: str, row: dict[str, Any]) -> None:
    """Upsert a folder's own context row (no commit)."""
    db.execute(
        "INSERT INTO folder_context(folder, event, place, people, notes, vocabulary, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(folder) DO UPDATE SET event=excluded.event, "
        "place=excluded.place, people=excluded.people, notes=excluded.notes, vocabulary=excluded.vocabulary, "
        "updated_at=excluded.updated_at",
        [norm_folder(folder), row["event"], row["place"], row["people"], row["notes"], row["vocabulary"], utc_now()],
    )


def photo_ids_under(db: Database, folder: str) -> list[int]:
    folder = norm_folder(folder)
    esc = folder.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    sep = "" if folder.endswith(os.sep) else os.sep
    return [r[0] for r in db.execute(
        "SELECT id FROM photos WHERE folder = ? OR folder LIKE ? ESCAPE '\\'", [folder, esc + sep + "%"]).fetchall()]


def mark_old_context(db: Database, photo_ids: list[int]) -> int:
    """Flag current model drafts ``old_context`` (photos row and caption version). No commit."""
    n = 0
    for i in range(0, len(photo_ids), 500):
        part = photo_ids[i:i + 500]
        rows = db.execute(
            f"SELECT id, caption_id, caption_flags FROM photos WHERE id IN ({','.join('?' * len(part))}) "
            "AND caption_state = 'draft' AND caption_source = 'model'", part).fetchall()
        for pid, cid, flags_json in rows:
            flags = json.loads(flags_json or "[]")
            if OLD_CONTEXT in flags:
                continue
            flags.append(OLD_CONTEXT)
            db.execute("UPDATE photos SET caption_flags = ? WHERE id = ?", [json.dumps(flags), pid])
            if cid:
                db.execute("UPDATE captions SET flags = ? WHERE id = ?", [json.dumps(flags), cid])
            n += 1
    return n


def old_context_ids(db: Database, photo_ids: list[int] | None = None) -> list[int]:
    """Photos whose current draft is flagged ``old_context`` (among ``photo_ids``, or all)."""
    rows = db.execute("SELECT p.id FROM photos p, json_each(p.caption_flags) j WHERE j.value = ? "
                      "AND p.caption_state = 'draft' ORDER BY p.path", [OLD_CONTEXT]).fetchall()
    ids = [r[0] for r in rows]
    if photo_ids is None:
        return ids
    wanted = set(photo_ids)
    return [i for i in ids if i in wanted]
