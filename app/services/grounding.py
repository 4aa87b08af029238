"""Where, who and when for the front ends: the window's detail facts, the sidebar's counts and the
folder context (no Qt here: the window's reader thread calls it)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from app.facts import names_guard
from app.facts.occasion import partial_date_in_words
from app.facts.grounding import ancestors
from app.library import grounding as resolve
from app.library import own_writes
from app.library.grounding import set_context
from app.store import db as dbmod
from app.store import photos as photostore
from app.store.grounding import effective, get_own, old_context_ids, people_counts, place_counts

__all__ = ["ancestors", "effective", "enrich", "get_own", "known_photo", "old_context_ids", "people_counts",
           "place_counts", "set_context"]

SOURCE_WORDS = {"user": "set by you", "file": "from the file", "file+gps": "from the file and GPS", "gps": "from GPS"}


def enrich(db: Database, photo: dict[str, Any]) -> dict[str, Any]:
    """Add ``grounding_facts`` to a detail row: place label with its source and the coordinates
    (secondary), people, occasion, date in words, and the caption's ungrounded names."""
    g = resolve.load(db, photo)
    own_writes.attach(db, photo)  # text Albumwise wrote into the file is not evidence for the names in it
    coords = ""
    if photo.get("gps_lat") is not None and photo.get("gps_lon") is not None:
        coords = f"{photo['gps_lat']:.5f}, {photo['gps_lon']:.5f}"
    label = g.place_label()
    place = label + (f"  ({SOURCE_WORDS.get(g.place_source or '', '')})" if label and g.place_source else "")
    if g.place_conflict:  # the file's words are used; the window says what the GPS says
        place = f"{place}\n{g.place_conflict[0].upper()}{g.place_conflict[1:]}" if place else g.place_conflict
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
        "place": place, "place_disagrees": g.place_conflict or "", "people": ", ".join(g.names()) + (
            f"  (may appear: {', '.join(g.context.people)})" if g.context.people else ""),
        "occasion": (g.event or "") + ("  (set by you)" if g.event and g.event_source == "user" else ""),
        "when": _when(g), "clock_looks_wrong": g.clock_wrong, "ungrounded": ungrounded,
    }
    photo["grounding"] = g
    return photo


def known_photo(db_path: Path, path: str) -> dict[str, Any] | None:
    """The library's row for ``path`` with its place and people (``enrich``), so a question about it
    is answered knowing where and who; None when it is not indexed (no library is ever created)."""
    if not Path(db_path).is_file():
        return None
    try:
        db = dbmod.connect(db_path)
    except dbmod.StoreError:
        return None
    try:
        row = photostore.get_by_path(db, path)
        return enrich(db, dict(row)) if row is not None else None
    finally:
        db.conn.close()


def _when(g: Any) -> str:
    """The date line of the detail facts; when the camera's clock looks wrong, the folder's date and why."""
    if not g.clock_wrong:
        return g.date_words
    folder = partial_date_in_words(g.folder_date)
    head = f"{folder} (from the folder name)" if folder else "unknown"
    return f"{head}\nClock looks wrong: {g.clock_note}"
