"""Search filters on grounding: ``place:``, ``person:``, ``event:`` (plain words go through the word
index, whose names column holds the same place, people and occasion words).

Values are compared folded (``app.core.fold``: case, accents, NFC/NFD, Ł→l, ß→ss, Å→a) against
folded copies stored with each photo (``photo_grounding.place_fold`` / ``people_fold`` /
``event_fold``), so ``place:Zurich`` finds Zürich and ``person:Zoe`` an NFD-stored Zoë. A place
that names a country in any language or by an everyday alias (``place:USA``, ``place:"Vereinigte
Staaten"``, ``place:Italia``) matches the photo's country code; ``place:"Florence, Italy"`` needs
every part to match.
"""

from __future__ import annotations

from typing import Any

from app.core.fold import fold
from app.facts import countries

_IN = "p.id IN (SELECT g.photo_id FROM photo_grounding g WHERE {})"
# Rows resolved before the folded columns existed (until the next scan works them out again).
_OLD_PLACE = ("lower(coalesce(g.sublocation, '') || '|' || coalesce(g.city, '') || '|' || coalesce(g.region, '') "
              "|| '|' || coalesce(g.country, ''))")


def _like(value: str) -> str:
    return "%" + value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _place_part(part: str) -> tuple[str, list[Any]]:
    folded = fold(part)
    code = countries.code_of(part)
    if code:  # a country: its code, or a field that is exactly this name ("Georgia" the state)
        return ("(g.country_code = ? OR coalesce(g.place_fold, '|' || " + _OLD_PLACE + " || '|') LIKE ? ESCAPE '\\')",
                [code, _like("|" + folded + "|")])
    return f"coalesce(g.place_fold, {_OLD_PLACE}) LIKE ? ESCAPE '\\'", [_like(folded)]


def filter_sql(key: str, value: str) -> tuple[str, list[Any]]:
    """SQL on ``photos AS p`` for one filter and its raw value."""
    if key == "place":
        parts = [p for p in (s.strip() for s in value.split(",")) if p] or [value]
        sqls = [_place_part(p) for p in parts]
        return _IN.format(" AND ".join(s for s, _ in sqls)), [x for _, ps in sqls for x in ps]
    if key == "person":
        return (_IN.format("coalesce(g.people_fold, lower(g.people)) LIKE ? ESCAPE '\\'"), [_like(fold(value))])
    if key == "event":
        return (_IN.format("coalesce(g.event_fold, lower(coalesce(g.event, ''))) LIKE ? ESCAPE '\\'"),
                [_like(fold(value))])
    raise KeyError(key)
