"""Search filters on grounding: ``place:``, ``person:``, ``event:`` (plain words go through the word
index, whose names column holds the same place, people and occasion words)."""

from __future__ import annotations

from typing import Any

_SQL = {
    "place": ("p.id IN (SELECT g.photo_id FROM photo_grounding g WHERE (coalesce(g.sublocation, '') || ' | ' || "
              "coalesce(g.city, '') || ' | ' || coalesce(g.region, '') || ' | ' || coalesce(g.country, '')) "
              "LIKE ? ESCAPE '\\')"),
    "person": ("p.id IN (SELECT g.photo_id FROM photo_grounding g, json_each(g.people) j "
               "WHERE json_extract(j.value, '$.name') LIKE ? ESCAPE '\\')"),
    "event": "p.id IN (SELECT g.photo_id FROM photo_grounding g WHERE coalesce(g.event, '') LIKE ? ESCAPE '\\')",
}


def filter_sql(key: str, like: str) -> tuple[str, list[Any]]:
    """SQL on ``photos AS p`` for one filter; ``like`` is an escaped ``%…%`` pattern."""
    return _SQL[key], [like]
