"""Where a place or landmark named in a caption is, and whether the photo's place supports it.

Three sources, all offline:
- ``landmarks.txt`` (package data): landmarks, big cities and areas with their names in several
  languages ("Eiffel Tower", "Tour Eiffel", "エッフェル塔" → Paris, FR); a landmark or city is tied
  to a GeoNames town, which gives its coordinates.
- GeoNames (the geocoder's index): any town's name and coordinates, and region names.
- Country names in many languages (``babel``) and the GeoNames country table.

``supports(match, place)`` says whether the photo's own place (GPS, or the place the file or the user
named) makes the mention plausible: the same town, within ``RADIUS_KM``, or for an area or country
the same country. With no place known at all nothing named is supported.
"""

from __future__ import annotations

import logging
import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

from app.facts.lexicon import fold, fold_key

log = logging.getLogger(__name__)

HERE = Path(__file__).parent
RADIUS_KM = 30.0  # a landmark or town this close to the photo is plausibly in it or seen from it
DECLINING = frozenset({"pl", "cs", "sk", "hr", "sl", "sr", "ru", "uk", "lt", "lv", "fi", "hu", "et"})
COUNTRY_LOCALES = ("en", "de", "fr", "es", "it", "pt", "nl", "pl", "sv", "da", "cs", "ja", "zh", "zh_Hant", "ko")
COUNTRY_ALIASES = {"usa": "US", "u.s.a": "US", "u.s": "US", "us": "US", "america": "US", "united states of america": "US",
                   "uk": "GB", "britain": "GB", "great britain": "GB", "england": "GB", "scotland": "GB", "wales": "GB",
                   "holland": "NL", "the netherlands": "NL", "czech republic": "CZ", "czechia": "CZ", "korea": "KR",
                   "south korea": "KR", "russia": "RU", "vatican": "VA", "vatican city": "VA", "hong kong": "HK",
                   "macau": "MO", "macao": "MO", "taiwan": "TW", "turkey": "TR", "türkiye": "TR"}


@dataclass(frozen=True)
class Entry:
    """One curated landmark, city or area."""

    kind: str  # landmark | city | area | country
    names: tuple[str, ...]
    countries: tuple[str, ...]
    town: str = ""  # GeoNames name of the town it is in (landmark, city)
    langs: frozenset[str] = frozenset()  # country names: the languages that call it so
    radius_km: float = RADIUS_KM  # farther than this from the photo, the landmark is not plausibly in it


@dataclass
class Place:
    """The photo's own place, as far as it is known."""

    city: str = ""
    region: str = ""
    country: str = ""
    code: str = ""
    lat: float | None = None
    lon: float | None = None
    words: set[str] = field(default_factory=set)  # folded words of every place the photo's facts name

    @property
    def known(self) -> bool:
        return bool(self.city or self.region or self.code or self.lat is not None)


@lru_cache(maxsize=1)
def entries() -> tuple[Entry, ...]:
    out: list[Entry] = []
    kind = ""
    for raw in (HERE / "landmarks.txt").read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip() if not raw.lstrip().startswith("#") else ""
        if not line:
            continue
        if line.startswith("[") and line.endswith("]"):
            kind = line[1:-1]
            continue
        head, _, names = line.partition("|")
        parts = head.split(None, 1)
        codes = tuple(c.strip() for c in parts[0].split(",") if c.strip())
        town = parts[1].strip() if len(parts) > 1 else ""
        radius = RADIUS_KM
        m = re.search(r"\s+~(\d+)$", town)  # "Fujiyoshida ~150": a mountain is seen from far away
        if m:
            town, radius = town[:m.start()].strip(), float(m.group(1))
        ns = tuple(n.strip() for n in names.split(";") if n.strip())
        if ns:
            out.append(Entry(kind, ns, codes, town, radius_km=radius))
    return tuple(out)


def _cldr_countries() -> dict[str, list[str]]:
    """Country names of ``COUNTRY_LOCALES`` from CLDR (babel), folded: name, code, languages (comma-joined)."""
    names: dict[str, tuple[str, set[str]]] = {}
    try:
        from babel import Locale  # noqa: PLC0415

        for loc in COUNTRY_LOCALES:
            for code, name in Locale.parse(loc).territories.items():
                if len(code) == 2 and code.isalpha():
                    names.setdefault(fold(name), (code, set()))[1].add(loc.split("_")[0])
    except (ImportError, ValueError):  # pragma: no cover - babel is a dependency
        pass
    return {"name": list(names), "code": [c for c, _ in names.values()],
            "langs": [",".join(sorted(ls)) for _, ls in names.values()]}


@lru_cache(maxsize=1)
def _countries() -> dict[str, tuple[str, frozenset[str]]]:
    """Folded country name → (ISO code, languages using that name). CLDR's names are read once per
    machine and cached (``app.facts.datacache``: babel's locale data costs a new process ~0.1 s)."""
    try:
        from app.facts import datacache  # noqa: PLC0415

        key = ("countries", 1, datacache.package_version("babel"), COUNTRY_LOCALES, fold_key())
        cldr = datacache.load_strings("countries", key, _cldr_countries)
    except (ImportError, OSError, ValueError) as exc:
        log.info("cached country names unavailable (%s): reading babel", exc)
        cldr = _cldr_countries()
    names: dict[str, tuple[str, set[str]]] = {
        n: (c, set(ls.split(",")) if ls else set()) for n, c, ls in zip(cldr["name"], cldr["code"], cldr["langs"])}
    for k, v in COUNTRY_ALIASES.items():
        names.setdefault(fold(k), (v, set()))[1].add("en")
    return {k: (c, frozenset(ls)) for k, (c, ls) in names.items()}


@lru_cache(maxsize=1)
def by_name() -> dict[str, list[Entry]]:
    """Folded name → curated entries, countries included."""
    out: dict[str, list[Entry]] = {}
    for e in entries():
        for n in e.names:
            out.setdefault(fold(n), []).append(e)
    for name, (code, langs) in _countries().items():
        if len(name) >= 2:
            out.setdefault(name, []).append(Entry("country", (name,), (code,), langs=langs))
    return out


@lru_cache(maxsize=1)
def cjk_names() -> tuple[str, ...]:
    """Names written in CJK scripts, longest first (captions in Japanese or Chinese have no spaces)."""
    names = [n for n, es in by_name().items() if re.search(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]", n)
             and any(e.kind != "country" for e in es)]  # 日本 in 日本庭園 is an adjective, not a claim
    return tuple(sorted(names, key=len, reverse=True))


def lookup(phrase: str, lang: str | None = None) -> list[Entry]:
    """Curated entries named ``phrase``; a country only under a name ``lang`` or English uses
    ("Island" is Iceland in German, an island in English)."""
    found = by_name().get(fold(phrase).strip(" .'’"), [])
    return [e for e in found if e.kind != "country" or not e.langs or "en" in e.langs or lang in e.langs
            or lang is None]


def country_code(name: str | None) -> str:
    if not name:
        return ""
    hit = _countries().get(fold(name).strip(" ."))
    return hit[0] if hit else ""


TOWN_POP = 15_000  # GeoNames places this big are looked for among capitalised words


@lru_cache(maxsize=1)
def _curated_stems() -> dict[str, list[str]]:
    """First four letters → single-word curated names."""
    out: dict[str, list[str]] = {}
    for name, es in by_name().items():
        if " " not in name and len(name) >= 4 and any(e.kind != "country" for e in es) and name.isalpha():
            out.setdefault(name[:4], []).append(name)
    return out


@lru_cache(maxsize=1024)
def _stems(prefix: str) -> tuple[str, ...]:
    """Single-word curated names, then towns of ``TOWN_POP`` or more, that start with these four letters
    (for declined forms: "Krakowie", "Sopocie"). Towns are found by prefix in the sorted table, not
    gathered for every prefix at once."""
    out = list(_curated_stems().get(prefix, []))
    t = _table()
    if t is not None:
        out += [n for n in t.names_starting(prefix, TOWN_POP) if " " not in n and len(n) >= 4 and n.isalpha()]
    return tuple(out)


def _town_entries(name: str) -> list[Entry]:
    t = _table()
    codes = tuple(dict.fromkeys(t.code_of(i) for i in t.rows_named(name))) if t is not None else ()
    return [Entry("town", (name,), (c,), town=name) for c in codes]


def stem_lookup(word: str, lang: str | None) -> list[Entry]:
    """A declined form of a curated place ("w Zakopanem" → Zakopane) in a language that declines names."""
    if lang not in DECLINING:
        return []
    w = fold(word)
    if len(w) < 5:
        return []
    from app.facts.lexicon import zipf  # noqa: PLC0415

    for name in _stems(w[:4]):
        if w == name or not w.startswith(name[:max(4, len(name) - 2)]):
            continue
        curated = lookup(name, lang)
        keep = max(4, len(name) - (2 if curated else 1))
        if w.startswith(name[:keep]) and 0 <= len(w) - keep <= 4:
            if curated:
                return curated
            if zipf(word, lang) < 4.0:  # an everyday word ("głównym") is not a small town's case form
                return _town_entries(name)
    return []


def is_big_town(phrase: str, people: int = TOWN_POP) -> bool:
    """A GeoNames place of ``people`` or more has this name."""
    t = _table()
    return t is not None and t.has_name_with_population(fold(phrase), people)


def is_big_place(folded: str) -> bool:
    """A GeoNames place of 50,000+ people, or a country by GeoNames' name, is called ``folded``."""
    from app.facts import geocoder  # noqa: PLC0415

    t = _table()
    return t is not None and (t.has_name_with_population(folded, geocoder.BIG_POP) or folded in _country_names())


@lru_cache(maxsize=1)
def _country_names() -> frozenset[str]:
    from app.facts import towns  # noqa: PLC0415

    return frozenset(fold(n) for n in towns.countries().values())


# -- GeoNames ------------------------------------------------------------------------------------
def _table() -> Any:
    """The GeoNames places without the geocoder's trees (``app.facts.towns``); None when not installed."""
    from app.facts import towns  # noqa: PLC0415

    return towns.table()


def _rows(folded: str) -> list[int]:
    t = _table()
    return t.rows_named(folded) if t is not None else []


def _regions() -> dict[str, set[str]]:
    """Folded region name → country codes."""
    t = _table()
    return t.regions if t is not None else {}


def _latlon(i: int) -> tuple[float, float]:
    return _table().latlon(i)


def town_rows(name: str, code: str | None = None) -> list[int]:
    rows = _rows(fold(name))
    return [i for i in rows if not code or _table().code_of(i) == code]


def town_point(name: str, code: str | None = None) -> tuple[float, float] | None:
    """Coordinates of the most populous GeoNames town of that name (in that country)."""
    rows = town_rows(name, code) or ([] if code else town_rows(name))
    if not rows:
        return None
    best = max(rows, key=lambda i: _table().population[i])
    return _latlon(best)


def km(a: tuple[float, float], b: tuple[float, float]) -> float:
    la1, lo1, la2, lo2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def is_region(phrase: str) -> bool:
    return fold(phrase) in _regions()


def is_town(phrase: str) -> bool:
    t = _table()
    return t is not None and t.has_name(fold(phrase))


# -- the photo's place ---------------------------------------------------------------------------
def place_of(photo: dict[str, Any], grounding: Any, evidence_words: Iterable[str] = ()) -> Place:
    """The photo's place: the grounding's city/region/country, its GPS fix or the named town's point."""
    p = Place(words=set(evidence_words))
    if grounding is not None:  # a town the photo was taken near counts as its town (support is by distance)
        p.city = grounding.city or getattr(grounding, "near", None) or ""
        p.region, p.country = grounding.region or "", grounding.country or ""
    p.code = country_code(p.country)
    lat, lon = photo.get("gps_lat"), photo.get("gps_lon")
    try:
        if lat is not None and lon is not None and not (float(lat) == 0 and float(lon) == 0):
            p.lat, p.lon = float(lat), float(lon)
    except (TypeError, ValueError):
        pass
    if p.lat is None and p.city and _table() is not None:
        pt = town_point(p.city, p.code or None) or _city_alias_point(p.city)
        if pt:
            p.lat, p.lon = pt
    if not p.code and p.lat is not None and _table() is not None:
        from app.facts import geocoder  # noqa: PLC0415

        g = geocoder.lookup_one(p.lat, p.lon)
        p.code = g.country_code if g else ""
    return p


def _city_alias_point(city: str) -> tuple[float, float] | None:
    """"Firenze" → the point of the curated city whose names include it."""
    for e in lookup(city):
        if e.kind == "city" and e.town:
            return town_point(e.town, e.countries[0])
    return None


def _same_town(e: Entry, place: Place) -> bool:
    if not place.city:
        return False
    c = fold(place.city)
    if c == fold(e.town):
        return True
    return any(x.kind == "city" and fold(x.town) == fold(e.town) for x in lookup(place.city))


def _named_in_facts(e: Entry, place: Place) -> bool:
    """The photo's facts (folder, context, file) name the entry or its town."""
    names = list(e.names) + ([e.town] if e.town else [])
    for x in entries():
        if e.town and x.kind == "city" and x.town == e.town:
            names += list(x.names)
    return any(all(w in place.words for w in re.findall(r"[^\W_]+", fold(n))) for n in names if n)


def supports(e: Entry, place: Place) -> bool:
    """Whether the photo's place makes a mention of ``e`` plausible."""
    if _named_in_facts(e, place):
        return True
    if e.kind in ("area", "country"):
        return bool(place.code) and place.code in e.countries
    if _same_town(e, place):
        return True
    if place.lat is not None and _table() is not None:
        pt = town_point(e.town, e.countries[0] if e.countries else None) if e.town else None
        if pt is not None:
            return km(pt, (place.lat, place.lon)) <= e.radius_km  # type: ignore[arg-type]
    if place.code and not place.city and place.lat is None:
        return place.code in e.countries  # only the country is known: a landmark of it is plausible
    return False


def near_town(phrase: str, place: Place) -> bool:
    """A GeoNames town or region of that name near the photo (or the photo's own region)."""
    f = fold(phrase)
    if not f or _table() is None:
        return False
    if place.region and f == fold(place.region):
        return True
    if f in _regions() and place.code and place.code in _regions()[f]:
        return not place.region  # the region is named but the photo's region is not known
    rows = _rows(f)
    if not rows:
        return False
    if place.lat is not None:
        return any(km(_latlon(i), (place.lat, place.lon)) <= RADIUS_KM for i in rows)  # type: ignore[arg-type]
    return bool(place.code) and not place.city and any(_table().code_of(i) == place.code for i in rows)
