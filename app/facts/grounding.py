"""The value objects of grounding and the pure rules that combine them.

``Grounding`` is what is known about one photo (place with its source, people, occasion, the date in
words and the folder context that applies); ``FolderContext`` is what the user set for a folder.
``resolve_fields`` applies the precedence: a place the user set > the file's own location fields >
the offline geocoder on the GPS fix; the user's event > the folder names. A file that names only
its country (in any language: "Italia", "Schweiz", "日本") gets its town from the GPS fix; where the
file's town and the GPS fix are more than a few km apart, the file's words are used and what the
GPS says is kept beside them (``place_conflict``) for the window.
"""

from __future__ import annotations

import difflib
import os
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from app.core.fold import fold
from app.facts import countries, place_words

if TYPE_CHECKING:  # reading stored places (search results) must not build the occasion tables
    from app.facts.occasion import FolderOccasion

SOURCES = ("user", "file", "file+gps", "gps")
CONFLICT_KM = 10.0  # a file's town this far from the GPS fix disagrees with it
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
    near: str | None = None  # the town the GPS fix is near or off (``city`` is then empty)
    at_sea: bool = False
    country_code: str | None = None
    place_conflict: str | None = None  # what the GPS says where it disagrees with the file's place
    people: list[dict[str, Any]] = field(default_factory=list)
    event: str | None = None
    event_source: str | None = None
    event_kind: str | None = None  # what the folder's occasion is: "wedding", "christmas", ... (None: not known)
    date_words: str = ""  # the capture date in words; empty when unknown or the clock looks wrong
    folder_date: str | None = None
    clock_wrong: bool = False  # the capture date is not believable: the folder's date is used instead
    clock_note: str = ""  # why, for people: "the camera says 1 January 2005, 00:00, ..."
    clock_kind: str = ""  # why, as a key (``clock.ClockCheck.kind``), for the window's own words
    clock_folder: str = ""  # the folder's date the capture date contradicts (``clock.ClockCheck.folder``)
    context: FolderContext = field(default_factory=FolderContext)

    def place_label(self, **wording: Any) -> str:
        """"Florence, Tuscany, Italy"; "near Amesbury (3 km), England, United Kingdom"; "at sea,
        44 km off Ventnor"; with the sublocation first when the file names one. ``wording``: the
        ``words`` and ``km_text`` of ``place_words.describe`` (another language)."""
        label = place_words.describe(self.city, self.region, self.country, near=self.near, km=self.place_km,
                                  sea=self.at_sea, **wording)
        if self.sublocation and label:
            label = f"{self.sublocation}, {label}"
        return label or (self.sublocation or "")

    def place_public(self) -> dict[str, Any] | None:
        return public_place({"grounding_city": self.city, "grounding_region": self.region,
                             "grounding_country": self.country, "grounding_place_source": self.place_source,
                             "grounding_near": self.near, "grounding_place_km": self.place_km,
                             "grounding_at_sea": self.at_sea, "grounding_country_code": self.country_code,
                             "grounding_place_conflict": self.place_conflict,
                             "grounding_sublocation": self.sublocation})

    def names(self) -> list[str]:
        return [p["name"] for p in self.people]


def same_country(a: str | None, b: str | None) -> bool:
    """Whether a typed country (in any language, an alias, maybe misspelt) is the geocoder's; no
    country = yes."""
    if not a:
        return True
    if not b:
        return False
    ca, cb = countries.code_of(a), countries.code_of(b)
    if ca and cb:
        return ca == cb
    x, y = fold(a), fold(b)
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


def _gps_place(geo: dict[str, Any]) -> dict[str, Any]:
    """The resolved columns the GPS answer alone gives."""
    return {"city": geo.get("geo_city") or None, "region": geo.get("geo_region") or None,
            "country": geo.get("geo_country") or None, "near": None if geo.get("geo_city") else geo.get("geo_name") or None,
            "at_sea": 1 if geo.get("geo_sea") else 0, "place_km": geo.get("geo_km"),
            "country_code": geo.get("geo_code") or None}


def _has_gps_place(geo: dict[str, Any]) -> bool:
    return bool(geo.get("geo_country") or geo.get("geo_name") or geo.get("geo_sea"))


def gps_label(geo: dict[str, Any]) -> str:
    g = _gps_place(geo)
    return place_words.describe(g["city"], g["region"], g["country"], near=g["near"], km=g["place_km"], sea=bool(g["at_sea"]))


def conflict(fp: dict[str, Any], geo: dict[str, Any], km_to: Any = None) -> str | None:
    """What the GPS says, where it disagrees with the file's place by more than a few km (None:
    they agree, or there is no telling). ``km_to(city, country_code)``: GPS fix → named town (km)."""
    if not _has_gps_place(geo):
        return None
    code = countries.code_of(fp.get("country")) if fp.get("country") else None
    gps_code = geo.get("geo_code") or None
    gps = gps_label(geo)
    if code and gps_code and code != gps_code:
        return f"the GPS fix is in {gps}" if not geo.get("geo_sea") else f"the GPS fix is {gps}"
    city = fp.get("city")
    if not city or fold(city) in {fold(geo.get("geo_city") or ""), fold(geo.get("geo_name") or "")}:
        return None
    km = km_to(city, code or gps_code) if km_to is not None else None
    if km is not None and km > CONFLICT_KM:
        return f"the GPS fix is {gps}, {round(km)} km from {city}"
    return None


def resolve_fields(file_place: dict[str, str] | None, geo: dict[str, Any], ctx: FolderContext,
                   folder_occ: FolderOccasion, km_to: Any = None) -> dict[str, Any]:
    """The resolved place and event columns from the file's place, the geocoder's ``geo_*`` answer,
    the folder context and the folder names (precedence in the module docstring). ``km_to`` measures
    a file's town against the GPS fix (see ``conflict``)."""
    out: dict[str, Any] = {"city": None, "region": None, "country": None, "sublocation": None,
                           "place_source": None, "place_km": None, "near": None, "at_sea": 0, "country_code": None,
                           "place_conflict": None}
    fp = file_place or {}
    if ctx.place:
        out["city"], out["region"], out["country"] = parse_place(ctx.place)
        out["place_source"] = "user"
    elif fp.get("city") or fp.get("region") or fp.get("country"):
        out.update(city=fp.get("city"), region=fp.get("region"), country=fp.get("country"), place_source="file")
        if not fp.get("city") and _has_gps_place(geo) and same_country(fp.get("country"), geo.get("geo_country")):
            # The file names the country (or region) only, in any language: the GPS fix says which town.
            g = _gps_place(geo)
            out.update(g, region=fp.get("region") or g["region"], country=fp.get("country") or g["country"],
                       place_source="file+gps")
        else:
            out["place_conflict"] = conflict(fp, geo, km_to)
    elif _has_gps_place(geo):
        out.update(_gps_place(geo), place_source="gps")
    if out["place_source"] != "user":
        out["sublocation"] = fp.get("sublocation")
    if not out["country_code"] and out["country"]:
        out["country_code"] = countries.code_of(out["country"])
    if out["country"] and out["country_code"]:  # one name per country, whatever language the file used
        out["country"] = countries.canonical(out["country"]) or out["country"]
    if ctx.event:
        out["event"], out["event_source"] = ctx.event, "user"
    elif folder_occ.event:
        out["event"], out["event_source"] = folder_occ.event, "folder"
    else:
        out["event"], out["event_source"] = None, None
    # What a folder's occasion is, in English ("Weihnachten 2019": christmas), so `event:christmas` and
    # the word "christmas" find it in any language; never stored as the event itself.
    out["event_kind"] = folder_occ.kind if out["event_source"] == "folder" else None
    return out


def search_text(res: dict[str, Any], people: list[dict[str, Any]]) -> str:
    """The place, occasion and people words the word index holds for a photo (with a folded copy
    of names whose letters the index keeps as they are: "Łukasz" is found by "Lukasz")."""
    words = [res.get(k) or "" for k in ("sublocation", "city", "near", "region", "country", "event", "event_kind")]
    words += [p.get("name") or "" for p in people]
    text = " ".join(w for w in words if w)
    folded = fold(text)
    return text if folded == text.casefold() else f"{text} {folded}"


def filter_texts(res: dict[str, Any], people: list[dict[str, Any]]) -> dict[str, str]:
    """Folded text for the ``place:``, ``person:`` and ``event:`` filters ("|"-separated fields, so a
    value never runs across two of them). The place holds the country's names in every language."""
    place = [res.get(k) or "" for k in ("sublocation", "city", "near", "region", "country")]
    code = res.get("country_code")
    if code:
        place.append(code.lower())
        place.append(countries.display_name(code, ""))
    return {
        "place_fold": "|" + "|".join(fold(p) for p in place if p) + "|",
        "people_fold": "|" + "|".join(fold(p.get("name") or "") for p in people if p.get("name")) + "|",
        "event_fold": "|" + "|".join(fold(e) for e in (res.get("event"), res.get("event_kind")) if e) + "|",
    }


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
    """The ``place`` JSON contract from ``grounding_*`` columns: ``{"city","region","country","source"}``
    (kept as they were) plus ``near`` (the town the fix is near or off; ``city`` is then null),
    ``distance_km``, ``at_sea``, ``country_code``, ``label`` (the words the prompt uses) and
    ``gps_disagrees`` (what the GPS says where it disagrees with the file's place, else null)."""
    city, region, country = row.get("grounding_city"), row.get("grounding_region"), row.get("grounding_country")
    near, sea = row.get("grounding_near"), bool(row.get("grounding_at_sea"))
    if not (city or region or country or near or sea):
        return None
    km = row.get("grounding_place_km")
    return {"city": city, "region": region, "country": country, "source": row.get("grounding_place_source"),
            "near": near, "distance_km": None if km is None else round(float(km), 1), "at_sea": sea,
            "country_code": row.get("grounding_country_code"),
            "label": place_words.describe(city, region, country, near=near, km=km, sea=sea),
            "gps_disagrees": row.get("grounding_place_conflict")}


def label(pl: dict[str, Any] | None) -> str:
    """The words of a public place ("City, Region, Country", "near X (12 km), ...", "at sea, ...")."""
    if not pl:
        return ""
    if pl.get("label"):
        return str(pl["label"])
    return place_words.describe(pl.get("city"), pl.get("region"), pl.get("country"))
