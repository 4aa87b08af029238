"""The grounding fields of the JSON contracts: ``place`` ``{"city","region","country","source"}`` (or
null) and ``people`` (a list of names), for ``list --json``, captioning results and the export."""

from __future__ import annotations

import json
from typing import Any

from sqlite_utils import Database

# Columns a photo query adds with ``LEFT JOIN photo_grounding g ON g.photo_id = photos.id``.
SELECT = ("g.city AS grounding_city, g.region AS grounding_region, g.country AS grounding_country, "
          "g.place_source AS grounding_place_source, g.people AS grounding_people, g.event AS grounding_event")
JOIN = "LEFT JOIN photo_grounding g ON g.photo_id = photos.id"


def place(row: dict[str, Any]) -> dict[str, Any] | None:
    city, region, country = row.get("grounding_city"), row.get("grounding_region"), row.get("grounding_country")
    if not (city or region or country):
        return None
    return {"city": city, "region": region, "country": country, "source": row.get("grounding_place_source")}


def people(row: dict[str, Any]) -> list[str]:
    try:
        items = json.loads(row.get("grounding_people") or "[]")
    except (TypeError, ValueError):
        return []
    return [str(p.get("name")) for p in items if isinstance(p, dict) and p.get("name")]


def label(pl: dict[str, Any] | None) -> str:
    if not pl:
        return ""
    parts: list[str] = []
    for p in (pl.get("city"), pl.get("region"), pl.get("country")):
        if p and (not parts or parts[-1].casefold() != p.casefold()):
            parts.append(p)
    return ", ".join(parts)


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
