"""The value objects of grounding and the pure rules that combine them.

``Grounding`` is what is known about one photo (place with its source, people, occasion, the date in
words and the folder context that applies); ``FolderContext`` is what the user set for a folder.
``resolve_fields`` applies the precedence: a place the user set > the file's own location fields >
the offline geocoder on the GPS fix; the user's event > the folder names.
"""

from __future__ import annotations

import difflib
import os
from dataclasses import dataclass, field
from typing import Any

from app.facts import geocoder
from app.facts.occasion import FolderOccasion

SOURCES = ("user", "file", "file+gps", "gps")
COUNTRY_ALIASES = {"usa": "united states", "us": "united states", "u.s.a.": "united states", "u.s.": "united states",
                   "united states of america": "united states", "uk": "united kingdom", "gb": "united kingdom",
                   "great britain": "united kingdom", "england": "united kingdom", "scotland": "united kingdom",
                   "wales": "united kingdom"}
MAX_FIELD = 200
MAX_NOTES = 600
MAX_PEOPLE = 30


@dataclass
class FolderContext:
    """What the user set for a folder (inherited field by field by its sub-folders)."""

    event: str | None = None
    place: str | None = None
    people: list[str] = field(default_factory=list)
    notes: str | None = None
    vocabulary: list[dict[str, Any]] | None = None  # [{"path": [...], "synonyms": [...]}]
    sources: dict[str, str] = field(default_factory=dict)  # field -> folder it was set on

    def to_public(self) -> dict[str, Any]:
        return {"event": self.event, "place": self.place, "people": list(self.people), "notes": self.notes,
                "vocabulary_terms": len(self.vocabulary or []), "set_on": dict(self.sources)}


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
    event_kind: str | None = None  # what the folder's occasion is: "wedding", "christmas", ... (None: not known)
    date_words: str = ""  # the capture date in words; empty when unknown or the clock looks wrong
    folder_date: str | None = None
    clock_wrong: bool = False  # the capture date is not believable: the folder's date is used instead
    clock_note: str = ""  # why, for people: "the camera says 1 January 2005, 00:00, ..."
    context: FolderContext = field(default_factory=FolderContext)

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


def same_country(a: str | None, b: str | None) -> bool:
    """Whether a typed country (maybe misspelt or abbreviated) is the geocoder's; no country = yes."""
    if not a:
        return True
    if not b:
        return False
    x, y = a.strip().casefold(), b.strip().casefold()
    x, y = COUNTRY_ALIASES.get(x, x), COUNTRY_ALIASES.get(y, y)
    return x == y or difflib.SequenceMatcher(None, x, y).ratio() >= 0.85


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


def resolve_fields(file_place: dict[str, str] | None, geo: dict[str, Any], ctx: FolderContext,
                   folder_occ: FolderOccasion) -> dict[str, Any]:
    """The resolved place and event columns from the file's place, the geocoder's ``geo_*`` answer,
    the folder context and the folder names (precedence in the module docstring)."""
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


def search_text(res: dict[str, Any], people: list[dict[str, Any]]) -> str:
    """The place, occasion and people words the word index holds for a photo."""
    words = [res.get(k) or "" for k in ("sublocation", "city", "region", "country", "event")]
    words += [p.get("name") or "" for p in people]
    return " ".join(w for w in words if w)


# -- folder context, pure parts ---------------------------------------------------------------------
def norm_folder(folder: str) -> str:
    return os.path.abspath(folder).rstrip(os.sep) or os.sep


def clip(text: Any, limit: int) -> str | None:
    """One line of at most ``limit`` characters, or None when empty."""
    t = " ".join(str(text or "").split())[:limit]
    return t or None


def split_people(text: str | list[str] | None) -> list[str]:
    """"Anna Schmidt, Ben Okafor" (or ';') → names; a list passes through cleaned."""
    items = text if isinstance(text, list) else str(text or "").replace(";", ",").split(",")
    out: list[str] = []
    for n in items:
        n = clip(n, 80)
        if n and n.casefold() not in {o.casefold() for o in out}:
            out.append(n)
    return out[:MAX_PEOPLE]


def ancestors(folder: str) -> list[str]:
    """``folder`` and every folder above it, nearest first."""
    out, cur = [], norm_folder(folder)
    while True:
        out.append(cur)
        parent = os.path.dirname(cur)
        if parent == cur:
            return out
        cur = parent


def public_place(row: dict[str, Any]) -> dict[str, Any] | None:
    """The ``place`` JSON contract ``{"city","region","country","source"}`` from ``grounding_*`` columns."""
    city, region, country = row.get("grounding_city"), row.get("grounding_region"), row.get("grounding_country")
    if not (city or region or country):
        return None
    return {"city": city, "region": region, "country": country, "source": row.get("grounding_place_source")}


def label(pl: dict[str, Any] | None) -> str:
    """"City, Region, Country" of a public place (repeats dropped)."""
    if not pl:
        return ""
    parts: list[str] = []
    for p in (pl.get("city"), pl.get("region"), pl.get("country")):
        if p and (not parts or parts[-1].casefold() != p.casefold()):
            parts.append(p)
    return ", ".join(parts)
