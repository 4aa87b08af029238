"""Where, who and when for the front ends: the window's detail facts, the sidebar's counts and the
folder context (no Qt here: the window's reader thread calls it)."""

from __future__ import annotations

import json
from typing import Any

from sqlite_utils import Database

from app.facts import names_guard
from app.facts.grounding import ancestors
from app.library import grounding as resolve
from app.library import own_writes
from app.library.grounding import set_context
from app.store.grounding import effective, get_own, old_context_ids, people_counts, place_counts

__all__ = ["ancestors", "effective", "enrich", "get_own", "old_context_ids", "people_counts", "place_counts",
           "set_context"]

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
