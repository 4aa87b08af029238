"""Resolve and store each photo's place, people and occasion (``photo_grounding``).

Called by the scanner for every probed batch (inside its transaction), by the captioning pipeline
(``load``) and when the user sets a folder's context (``set_context``). The rules themselves are
pure (``app.facts``); this module feeds them from the database and writes the answer back.
"""

from __future__ import annotations

import json
import logging
import os
from typing import Any, Iterable

from sqlite_utils import Database

from app.core.fspath import to_text
from app.core.timeutil import utc_now
from app.facts import clock, geocoder, occasion, vocabulary
from app.facts.grounding import (MAX_FIELD, MAX_NOTES, FolderContext, Grounding, clip, filter_texts, norm_folder,
                                 resolve_fields, search_text, split_people)
from app.store import grounding as gstore
from app.store import photos as photostore

log = logging.getLogger(__name__)


def _json(text: Any, default: Any) -> Any:
    try:
        return json.loads(text) if text else default
    except (TypeError, ValueError):
        return default


_NO_GEO = dict.fromkeys(gstore.GEO_COLUMNS)


def load_soon() -> None:
    """Load the geocoder's index and the country names on a helper thread (seconds of unpacking and
    building, mostly outside the GIL), so the first batch a scan writes does not wait for them."""
    import threading  # noqa: PLC0415

    from app.facts import countries  # noqa: PLC0415

    def load() -> None:
        try:
            countries.load()  # first: the writer needs the names for every file place, not only GPS fixes
            geocoder.index()
        except Exception as exc:  # noqa: BLE001 - the writer loads them itself (and reports) on first use
            log.debug("preloading places: %s", exc)

    if not geocoder.loaded():
        threading.Thread(target=load, name="places-load", daemon=True).start()


PENDING_KEY = "places_pending"


def _geocode(items: list[dict[str, Any]], *, wait: bool = True) -> bool:
    """Fill ``geo_*`` for items whose fix changed since it was last looked up (one batch query).

    With ``wait=False`` and the place data still loading, the fixes are left unresolved (``geo_lat``
    stays NULL) and False is returned: a scan does not stop for the data, it resolves those photos
    at its end (``finish_pending``)."""
    todo = [it for it in items if it.get("gps_lat") is not None and it.get("gps_lon") is not None
            and (it.get("geo_lat"), it.get("geo_lon")) != (it["gps_lat"], it["gps_lon"])]
    for it in items:
        if it.get("gps_lat") is None or it.get("gps_lon") is None:
            it.update(_NO_GEO)
    if not todo:
        return True
    if not wait and not geocoder.ready():
        for it in todo:
            it.update(_NO_GEO)
        return False
    found = geocoder.lookup([(it["gps_lat"], it["gps_lon"]) for it in todo])
    for it, g in zip(todo, found):
        it.update(_NO_GEO, geo_lat=it["gps_lat"], geo_lon=it["gps_lon"])
        if g is not None:
            it.update(geo_city=g.city or None, geo_region=g.region or None, geo_country=g.country or None,
                      geo_km=g.distance_km if g.name else None, geo_name=g.name or None, geo_sea=1 if g.sea else 0,
                      geo_code=g.country_code or None)
    return True


def _km_to(item: dict[str, Any]) -> Any:
    """For ``resolve_fields``: km from this item's GPS fix to a town named in its file (None while
    its fix waits for the place data)."""
    def km_to(city: str, code: str | None) -> float | None:
        if item.get("gps_lat") is None or item.get("geo_lat") is None:  # no fix, or not looked up yet
            return None
        idx = geocoder.index()
        if idx is None:
            return None
        return idx.km_to_named(item["gps_lat"], item["gps_lon"], city, code)
    return km_to


def _finish(db: Database, items: list[dict[str, Any]], *, wait: bool = True) -> None:
    """Geocode, resolve with the folder context and write ``items`` (dicts keyed like the table).
    ``wait=False``: see ``_geocode``; a fix left for later is noted in the settings (committed with
    the rows), so a scan that never reaches its end has it resolved by the next one."""
    if not _geocode(items, wait=wait):
        db.execute("INSERT OR REPLACE INTO settings(key, value) VALUES (?, '1')", [PENDING_KEY])
    roots = gstore.roots(db)
    cache: dict[str, Any] = {}
    any_ctx = gstore.has_any_context(db)
    now = utc_now()
    rows = []
    for it in items:
        ctx = gstore.effective(db, it["folder"], cache) if any_ctx else FolderContext()
        occ = occasion.parse_folders(it["folder"], roots.get(it.get("root_id")))
        it["file_people"] = it.get("file_people") or "[]"
        if (not it.get("updated_at") and it["file_people"] == "[]" and not it.get("file_place")
                and it.get("gps_lat") is None and not occ.event and not ctx.place and not ctx.event):
            continue  # nothing known and no row yet (most photos of a first scan): nothing to resolve
        read = it.pop("_read", None)  # the probe's own lists: no JSON round trip for a scanned photo
        people = read[1] if read else _json(it["file_people"], [])
        res = resolve_fields(read[0] if read else _json(it.get("file_place"), None), it, ctx, occ, _km_to(it))
        res["people"] = it["file_people"] if read else json.dumps(people, ensure_ascii=False)
        res["search_text"] = search_text(res, people)
        res.update(filter_texts(res, people))
        if not it.get("updated_at") and not (res["search_text"] or it.get("file_place") or it.get("geo_lat") is not None
                                             or it.get("gps_lat") is not None):
            continue  # nothing known and no row yet: no row (and no search index work) for it
        rows.append((it["photo_id"], {**it, **res, "updated_at": now}))
    gstore.write_rows(db, rows)


def apply_records(db: Database, pairs: Iterable[tuple[int | None, dict[str, Any]]], *, wait: bool = True) -> None:
    """Store the file facts of freshly probed records (scanner hook; the caller commits).

    ``pairs``: (photo id, probe record); an id of None is looked up by the record's path.
    ``wait=False`` (a scan's batches): GPS fixes met before the place data has loaded are resolved
    by ``finish_pending`` at the scan's end instead of holding up the writer."""
    pairs = list(pairs)
    if not pairs:
        return
    try:
        _apply_records(db, pairs, wait)
    except Exception:  # noqa: BLE001 - grounding must never cost the scan its batch
        log.exception("could not store places and people for %d photos", len(pairs))


def finish_pending(db: Database) -> int:
    """Resolve the GPS fixes a scan left for later (waits for the place data); commits. Cheap when
    none are noted (one settings row). Returns the photos resolved."""
    try:
        noted = db.execute("SELECT 1 FROM settings WHERE key = ?", [PENDING_KEY]).fetchone()
    except Exception:  # noqa: BLE001 - a database without the settings table: nothing noted
        return 0
    if noted is None:
        return 0
    from app.search import deferred as search_index  # noqa: PLC0415

    with db.conn, search_index.deferred(db):
        ids = [r[0] for r in db.execute(
            "SELECT p.id FROM photos p LEFT JOIN photo_grounding g ON g.photo_id = p.id "
            "WHERE p.state != 'missing' AND p.gps_lat IS NOT NULL AND p.gps_lon IS NOT NULL "
            "AND (g.geo_lat IS NOT p.gps_lat OR g.geo_lon IS NOT p.gps_lon)").fetchall()]
        n = refresh(db, ids)
        db.execute("DELETE FROM settings WHERE key = ?", [PENDING_KEY])
    return n


def _apply_records(db: Database, pairs: list[tuple[int | None, dict[str, Any]]], wait: bool = True) -> None:
    by_path = gstore.ids_by_path(db, [to_text(r["path"]) for pid, r in pairs if pid is None])
    ids = [pid if pid is not None else by_path.get(to_text(r["path"])) for pid, r in pairs]
    known = gstore.rows_for(db, [i for i in ids if i is not None])
    items = []
    for pid, (_, rec) in zip(ids, pairs):
        if pid is None or rec.get("state") == "missing":
            continue
        old = known.get(pid, {})
        place, people = rec.get("file_place") or None, rec.get("file_people") or []
        items.append({
            "updated_at": old.get("updated_at"),
            "photo_id": pid, "folder": os.path.dirname(to_text(rec["path"])), "root_id": rec.get("root_id"),
            "gps_lat": rec.get("gps_lat"), "gps_lon": rec.get("gps_lon"),
            "file_place": json.dumps(place, ensure_ascii=False) if place else None,
            "file_people": json.dumps(people, ensure_ascii=False) if people else "[]",
            "_read": (place, people),
            **{k: old.get(k) for k in gstore.GEO_COLUMNS},
        })
    _finish(db, items, wait=wait)


PLACES_VERSION_KEY = "places_version"


def upgrade_places(db: Database) -> int:
    """Work out again every stored place an older geocoder decided (after an update: borders, sea,
    near); no file is read. Cheap when current (one settings row). Returns the photos re-resolved."""
    try:
        row = db.execute("SELECT value FROM settings WHERE key = ?", [PLACES_VERSION_KEY]).fetchone()
    except Exception:  # noqa: BLE001 - a database without the settings table: nothing to upgrade
        return 0
    if row is not None and str(row[0]) == str(geocoder.VERSION):
        return 0
    with db.conn:
        ids = [r[0] for r in db.execute(
            "SELECT p.id FROM photos p LEFT JOIN photo_grounding g ON g.photo_id = p.id "
            "WHERE p.state != 'missing' AND (g.photo_id IS NOT NULL OR p.gps_lat IS NOT NULL)").fetchall()]
        db.execute("UPDATE photo_grounding SET geo_lat = NULL, geo_lon = NULL")
        n = refresh(db, ids)
        db.execute("INSERT OR REPLACE INTO settings(key, value) VALUES (?, ?)", [PLACES_VERSION_KEY, str(geocoder.VERSION)])
    if n:
        log.info("worked out the places of %d photos again", n)
    return n


def refresh(db: Database, photo_ids: list[int] | None = None) -> int:
    """Re-resolve stored photos (after a context change); no file is read. The caller commits."""
    if photo_ids is None:
        photo_ids = gstore.live_photo_ids(db)
    n = 0
    for i in range(0, len(photo_ids), 500):
        items = gstore.with_photos(db, photo_ids[i:i + 500])
        _finish(db, items)
        n += len(items)
    return n


def load(db: Database, photo: dict[str, Any]) -> Grounding:
    """Everything known for one photo row (a stored row, or the folder alone when none yet)."""
    g = gstore.row_of(db, photo.get("id"))
    folder = photo.get("folder") or os.path.dirname(photo.get("path") or "")
    ctx = gstore.effective(db, folder) if folder else FolderContext()
    occ = occasion.parse_folders(folder, gstore.root_path(db, photo.get("root_id")))
    if not g:  # not stored yet (e.g. indexed before a migration re-read it): resolve on the fly
        g = {"geo_lat": None, "geo_lon": None, "gps_lat": photo.get("gps_lat"), "gps_lon": photo.get("gps_lon")}
        _geocode([g])
        g.update(resolve_fields(None, g, ctx, occ))
    elif photo.get("gps_lat") is not None and g.get("geo_lat") is None:  # its fix waits for a scan's end
        g = {**g, "gps_lat": photo.get("gps_lat"), "gps_lon": photo.get("gps_lon")}
        _geocode([g])
        g.update(resolve_fields(_json(g.get("file_place"), None), g, ctx, occ, _km_to(g)))
    checked = clock.check(photo.get("taken_at"), occ)
    return Grounding(
        city=g.get("city"), region=g.get("region"), country=g.get("country"), sublocation=g.get("sublocation"),
        place_source=g.get("place_source"), place_km=g.get("place_km"), near=g.get("near"),
        at_sea=bool(g.get("at_sea")), country_code=g.get("country_code"), place_conflict=g.get("place_conflict"),
        people=_json(g.get("people"), []),
        event=g.get("event"), event_source=g.get("event_source"),
        event_kind=occ.kind if g.get("event_source") == "folder" and g.get("event") == occ.event else None,
        date_words="" if checked.wrong else occasion.date_in_words(photo.get("taken_at")), folder_date=occ.date,
        clock_wrong=checked.wrong, clock_note=checked.reason, clock_kind=checked.kind,
        clock_folder=checked.folder, context=ctx,
    )


def set_context(db: Database, folder: str, *, event: str | None = None, place: str | None = None,
                people: str | list[str] | None = None, notes: str | None = None,
                vocabulary: list[dict[str, Any]] | None = None, clear: bool = False) -> dict[str, Any]:
    """Set (``None`` = leave, ``""`` = clear) fields for ``folder``; re-resolve the photos below and
    mark their model drafts as made with the old context (the user is offered a regenerate, it is
    never automatic). Returns what changed."""
    folder = norm_folder(folder)
    empty = {"event": None, "place": None, "people": "[]", "notes": None, "vocabulary": None}
    row = empty if clear else (gstore.get_own(db, folder) or dict(empty))
    if event is not None:
        row["event"] = clip(event, MAX_FIELD)
    if place is not None:
        row["place"] = clip(place, MAX_FIELD)
    if people is not None:
        row["people"] = json.dumps(split_people(people), ensure_ascii=False)
    if notes is not None:
        row["notes"] = " ".join(str(notes).split())[:MAX_NOTES] or None
    if vocabulary is not None:
        row["vocabulary"] = json.dumps(vocabulary, ensure_ascii=False) if vocabulary else None
    with db.conn:
        gstore.put_context(db, folder, row)
        ids = gstore.photo_ids_under(db, folder)
        refresh(db, ids)
        marked = gstore.mark_old_context(db, ids)
    return {"folder": folder, "photos": len(ids), "drafts_marked_old_context": marked}


def write_facts(db: Database, photo_id: int, keywords: list[str]) -> tuple[dict[str, list[str]], dict[str, Any] | None]:
    """(keyword → vocabulary path, resolved place or None) for a photo about to be written."""
    row = photostore.get(db, photo_id)
    if row is None:
        return {}, None
    g = load(db, row)
    place = g.place_public() if g.place_source in ("gps", "file+gps", "user") else None
    return vocabulary.hierarchy(keywords, g.context.vocabulary, place=g), place
