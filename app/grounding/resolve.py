"""Resolve and store each photo's place, people and occasion (``photo_grounding``).

Precedence for the place: a place the user set (folder context) > the file's own location fields >
the offline geocoder on the GPS fix. People: the file's named regions and tags only. Event: the
user's context > the folder names. Called by the scanner for every probed batch (inside its
transaction) and by ``context.set_context`` for the photos below a folder.
"""

from __future__ import annotations

import difflib
import json
import logging
import os
from dataclasses import dataclass, field
from typing import Any, Iterable

from sqlite_utils import Database

from app.core.fspath import to_text
from app.core.timeutil import utc_now
from app.grounding import context as ctxmod
from app.grounding import geocoder, occasion

log = logging.getLogger(__name__)
SOURCES = ("user", "file", "file+gps", "gps")
COUNTRY_ALIASES = {"usa": "united states", "us": "united states", "u.s.a.": "united states", "u.s.": "united states",
                   "united states of america": "united states", "uk": "united kingdom", "gb": "united kingdom",
                   "great britain": "united kingdom", "england": "united kingdom", "scotland": "united kingdom",
                   "wales": "united kingdom"}


def same_country(a: str | None, b: str | None) -> bool:
    """Whether a typed country (maybe misspelt or abbreviated) is the geocoder's; no country = yes."""
    if not a:
        return True
    if not b:
        return False
    x, y = a.strip().casefold(), b.strip().casefold()
    x, y = COUNTRY_ALIASES.get(x, x), COUNTRY_ALIASES.get(y, y)
    return x == y or difflib.SequenceMatcher(None, x, y).ratio() >= 0.85


@dataclass
class Grounding:
    """What is known about one photo's where, who and when (for prompts, the window and JSON)."""

    city: str | None = None
    region: str | None = None
    country: str | None = None
    sublocation: str | None = None
    place_source: str | None = None
    place_km: float | None = None
    people: list[dict[str, Any]] = field(default_factory=list)
    event: str | None = None
    event_source: str | None = None
    date_words: str = ""
    folder_date: str | None = None
    context: ctxmod.FolderContext = field(default_factory=ctxmod.FolderContext)

    def place_label(self) -> str:
        """"Florence, Tuscany, Italy" (with "near" when the GPS fix is out of town)."""
        parts = [p for p in (self.city, self.region, self.country) if p]
        out: list[str] = []
        for p in parts:
            if not out or out[-1].casefold() != p.casefold():  # "Tokyo, Tokyo, Japan" → "Tokyo, Japan"
                out.append(p)
        label = ", ".join(out)
        if label and self.place_source == "gps" and (self.place_km or 0) > geocoder.NEAR_KM and self.city:
            label = "near " + label
        if self.sublocation and label:
            label = f"{self.sublocation}, {label}"
        return label or (self.sublocation or "")

    def place_public(self) -> dict[str, Any] | None:
        if not (self.city or self.region or self.country):
            return None
        return {"city": self.city, "region": self.region, "country": self.country, "source": self.place_source}

    def names(self) -> list[str]:
        return [p["name"] for p in self.people]


def parse_place(text: str | None) -> tuple[str | None, str | None, str | None]:
    """A typed place: "Florence" → city; "Florence, Italy"; "Florence, Tuscany, Italy"."""
    parts = [p.strip() for p in (text or "").split(",") if p.strip()]
    if not parts:
        return None, None, None
    if len(parts) == 1:
        return parts[0], None, None
    if len(parts) == 2:
        return parts[0], None, parts[1]
    return parts[0], ", ".join(parts[1:-1]), parts[-1]


def _json(text: Any, default: Any) -> Any:
    try:
        return json.loads(text) if text else default
    except (TypeError, ValueError):
        return default


def _resolve(file_place: dict[str, str] | None, geo: dict[str, Any], ctx: ctxmod.FolderContext,
             folder_occ: occasion.FolderOccasion) -> dict[str, Any]:
    out: dict[str, Any] = {"city": None, "region": None, "country": None, "sublocation": None,
                           "place_source": None, "place_km": None}
    fp = file_place or {}
    if ctx.place:
        out["city"], out["region"], out["country"] = parse_place(ctx.place)
        out["place_source"] = "user"
    elif fp.get("city") or fp.get("region") or fp.get("country"):
        out.update(city=fp.get("city"), region=fp.get("region"), country=fp.get("country"), place_source="file")
        if not fp.get("city") and geo.get("geo_city") and same_country(fp.get("country"), geo.get("geo_country")):
            # The file names the country (or region) only: the GPS fix says which town.
            out.update(city=geo["geo_city"], region=fp.get("region") or geo.get("geo_region"),
                       country=fp.get("country") or geo.get("geo_country"), place_source="file+gps",
                       place_km=geo.get("geo_km"))
    elif geo.get("geo_country"):
        out.update(city=geo.get("geo_city") or None, region=geo.get("geo_region") or None,
                   country=geo.get("geo_country"), place_source="gps", place_km=geo.get("geo_km"))
    if out["place_source"] != "user":
        out["sublocation"] = fp.get("sublocation")
    if ctx.event:
        out["event"], out["event_source"] = ctx.event, "user"
    elif folder_occ.event:
        out["event"], out["event_source"] = folder_occ.event, "folder"
    else:
        out["event"], out["event_source"] = None, None
    return out


def _search_text(res: dict[str, Any], people: list[dict[str, Any]]) -> str:
    words = [res.get(k) or "" for k in ("sublocation", "city", "region", "country", "event")]
    words += [p.get("name") or "" for p in people]
    return " ".join(w for w in words if w)


_COLS = ("file_place", "file_people", "geo_lat", "geo_lon", "geo_city", "geo_region", "geo_country", "geo_km",
         "city", "region", "country", "sublocation", "place_source", "place_km", "people", "event", "event_source",
         "search_text", "updated_at")


def _write(db: Database, rows: list[tuple[int, dict[str, Any]]]) -> None:
    if not rows:
        return
    sets = ",".join(f"{c}=excluded.{c}" for c in _COLS)
    db.conn.executemany(
        f"INSERT INTO photo_grounding(photo_id, {','.join(_COLS)}) VALUES (?{',?' * len(_COLS)}) "
        f"ON CONFLICT(photo_id) DO UPDATE SET {sets}",
        [[pid] + [r.get(c) for c in _COLS] for pid, r in rows])


def _geocode(items: list[dict[str, Any]]) -> None:
    """Fill ``geo_*`` for items whose fix changed since it was last looked up (one batch query)."""
    todo = [it for it in items if it.get("gps_lat") is not None and it.get("gps_lon") is not None
            and (it.get("geo_lat"), it.get("geo_lon")) != (it["gps_lat"], it["gps_lon"])]
    for it in items:
        if it.get("gps_lat") is None or it.get("gps_lon") is None:
            it.update(geo_lat=None, geo_lon=None, geo_city=None, geo_region=None, geo_country=None, geo_km=None)
    if not todo:
        return
    found = geocoder.lookup([(it["gps_lat"], it["gps_lon"]) for it in todo])
    for it, g in zip(todo, found):
        it.update(geo_lat=it["gps_lat"], geo_lon=it["gps_lon"], geo_city=g.city if g else None,
                  geo_region=g.region if g else None, geo_country=g.country if g else None,
                  geo_km=g.distance_km if g else None)


def _roots(db: Database) -> dict[int, str]:
    return {rid: p for rid, p in db.execute("SELECT id, path FROM roots").fetchall()}


def _finish(db: Database, items: list[dict[str, Any]]) -> None:
    """Geocode, resolve with the folder context and write ``items`` (dicts keyed like the table)."""
    _geocode(items)
    roots = _roots(db)
    cache: dict[str, Any] = {}
    any_ctx = ctxmod.has_any(db)
    now = utc_now()
    rows = []
    for it in items:
        ctx = ctxmod.effective(db, it["folder"], cache) if any_ctx else ctxmod.FolderContext()
        occ = occasion.parse_folders(it["folder"], roots.get(it.get("root_id")))
        it["file_people"] = it.get("file_people") or "[]"
        people = _json(it["file_people"], [])
        res = _resolve(_json(it.get("file_place"), None), it, ctx, occ)
        res["people"] = json.dumps(people, ensure_ascii=False)
        res["search_text"] = _search_text(res, people)
        if not it.get("updated_at") and not (res["search_text"] or it.get("file_place") or it.get("geo_lat") is not None):
            continue  # nothing known and no row yet: no row (and no search index work) for it
        rows.append((it["photo_id"], {**it, **res, "updated_at": now}))
    _write(db, rows)


def apply_records(db: Database, pairs: Iterable[tuple[int | None, dict[str, Any]]]) -> None:
    """Store the file facts of freshly probed records (scanner hook; the caller commits).

    ``pairs``: (photo id, probe record); an id of None is looked up by the record's path."""
    pairs = list(pairs)
    if not pairs:
        return
    try:
        _apply_records(db, pairs)
    except Exception:  # noqa: BLE001 - grounding must never cost the scan its batch
        log.exception("could not store places and people for %d photos", len(pairs))


def _apply_records(db: Database, pairs: list[tuple[int | None, dict[str, Any]]]) -> None:
    missing = [to_text(r["path"]) for pid, r in pairs if pid is None]  # stored form (any file name)
    by_path: dict[str, int] = {}
    for i in range(0, len(missing), 500):
        part = missing[i:i + 500]
        by_path.update(db.execute(f"SELECT path, id FROM photos WHERE path IN ({','.join('?' * len(part))})",
                                  part).fetchall())
    ids = [pid if pid is not None else by_path.get(to_text(r["path"])) for pid, r in pairs]
    known = _existing(db, [i for i in ids if i is not None])
    items = []
    for pid, (_, rec) in zip(ids, pairs):
        if pid is None or rec.get("state") == "missing":
            continue
        old = known.get(pid, {})
        items.append({
            "updated_at": old.get("updated_at"),
            "photo_id": pid, "folder": os.path.dirname(to_text(rec["path"])), "root_id": rec.get("root_id"),
            "gps_lat": rec.get("gps_lat"), "gps_lon": rec.get("gps_lon"),
            "file_place": json.dumps(rec["file_place"], ensure_ascii=False) if rec.get("file_place") else None,
            "file_people": json.dumps(rec.get("file_people") or [], ensure_ascii=False),
            **{k: old.get(k) for k in ("geo_lat", "geo_lon", "geo_city", "geo_region", "geo_country", "geo_km")},
        })
    _finish(db, items)


def _existing(db: Database, ids: list[int]) -> dict[int, dict[str, Any]]:
    out: dict[int, dict[str, Any]] = {}
    for i in range(0, len(ids), 500):
        part = ids[i:i + 500]
        for r in db.query(f"SELECT * FROM photo_grounding WHERE photo_id IN ({','.join('?' * len(part))})", part):
            out[r["photo_id"]] = r
    return out


def refresh(db: Database, photo_ids: list[int] | None = None) -> int:
    """Re-resolve stored photos (after a context change); no file is read. The caller commits."""
    if photo_ids is None:
        photo_ids = [r[0] for r in db.execute("SELECT id FROM photos WHERE state != 'missing'").fetchall()]
    n = 0
    for i in range(0, len(photo_ids), 500):
        part = photo_ids[i:i + 500]
        q = (f"SELECT g.*, p.id AS pid, p.folder, p.root_id, p.gps_lat, p.gps_lon FROM photos p "
             f"LEFT JOIN photo_grounding g ON g.photo_id = p.id WHERE p.id IN ({','.join('?' * len(part))})")
        items = [dict(r, photo_id=r.pop("pid")) for r in db.query(q, part)]
        _finish(db, items)
        n += len(items)
    return n


def load(db: Database, photo: dict[str, Any]) -> Grounding:
    """Everything known for one photo row (a stored row, or the folder alone when none yet)."""
    rows = list(db.query("SELECT * FROM photo_grounding WHERE photo_id = ?", [photo.get("id")])) if photo.get("id") else []
    g = rows[0] if rows else {}
    folder = photo.get("folder") or os.path.dirname(photo.get("path") or "")
    ctx = ctxmod.effective(db, folder) if folder else ctxmod.FolderContext()
    root = None
    if photo.get("root_id") is not None:
        r = db.execute("SELECT path FROM roots WHERE id = ?", [photo["root_id"]]).fetchone()
        root = r[0] if r else None
    occ = occasion.parse_folders(folder, root)
    if not g:  # not stored yet (e.g. indexed before a migration re-read it): resolve on the fly
        g = {"geo_lat": None, "geo_lon": None, "gps_lat": photo.get("gps_lat"), "gps_lon": photo.get("gps_lon")}
        _geocode([g])
        g.update(_resolve(None, g, ctx, occ))
    return Grounding(
        city=g.get("city"), region=g.get("region"), country=g.get("country"), sublocation=g.get("sublocation"),
        place_source=g.get("place_source"), place_km=g.get("place_km"), people=_json(g.get("people"), []),
        event=g.get("event"), event_source=g.get("event_source"),
        date_words=occasion.date_in_words(photo.get("taken_at")), folder_date=occ.date, context=ctx,
    )
