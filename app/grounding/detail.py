"""What the window shows about a photo's where, who and when (no Qt here: the reader thread calls it)."""

from __future__ import annotations

import json
from typing import Any

from sqlite_utils import Database

from app.grounding import resolve
from app.review import names_guard

SOURCE_WORDS = {"user": "set by you", "file": "from the file", "file+gps": "from the file and GPS", "gps": "from GPS"}


def enrich(db: Database, photo: dict[str, Any]) -> dict[str, Any]:
    """Add ``grounding_facts`` to a detail row: place label with its source and the coordinates
    (secondary), people, occasion, date in words, and the caption's ungrounded names."""
    g = resolve.load(db, photo)
    coords = ""
    if photo.get("gps_lat") is not None and photo.get("gps_lon") is not None:
        coords = f"{photo['gps_lat']:.5f}, {photo['gps_lon']:.5f}"
    label = g.place_label()
    place = label + (f"  ({SOURCE_WORDS.get(g.place_source or '', '')})" if label and g.place_source else "")
    if coords:
        place = f"{place}\n{coords}" if place else coords
    try:
        kws = json.loads(photo.get("caption_keywords") or "[]")
    except (TypeError, ValueError):
        kws = []
    ungrounded = []
    if photo.get("caption_source") == "model":
        ungrounded = names_guard.check(photo.get("caption") or "", kws, photo, g, gazetteer=False)
    photo["grounding_facts"] = {
        "place": place, "people": ", ".join(g.names()) + (
            f"  (may appear: {', '.join(g.context.people)})" if g.context.people else ""),
        "occasion": (g.event or "") + ("  (set by you)" if g.event and g.event_source == "user" else ""),
        "when": g.date_words, "ungrounded": ungrounded,
    }
    photo["grounding"] = g
    return photo


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
