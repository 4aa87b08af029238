"""Places benchmark: real coordinates world-wide with their true country and town
(``places_benchmark.csv`` beside this file: big cities, small towns, islands, mountains on every
continent, border towns and enclaves, sea and lake points). Prints the figures and asserts the
targets: the country right for every border case and ≥ 99 % overall, and a sea or lake point is
never named as a town (it is "at sea, N km off X" or "near X (N km)").

CSV columns: ``country`` is the ISO code ("" for international waters; "A|B" where a lake has no
agreed border), ``city`` the town's accepted names ("" where the point is in no town, e.g. a summit),
``kind`` one of city, town, island, mountain, border, sea, lake.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from app.core.fold import fold
from app.facts import geocoder

CSV = Path(__file__).with_name("places_benchmark.csv")


def _rows() -> list[dict[str, str]]:
    with open(CSV, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def answers() -> list[tuple[dict[str, str], geocoder.GeoPlace | None]]:
    rows = _rows()
    return list(zip(rows, geocoder.lookup([(float(r["lat"]), float(r["lon"])) for r in rows])))


def _country_ok(row: dict[str, str], place: geocoder.GeoPlace | None) -> bool:
    got = place.country_code if place else ""
    return got in row["country"].split("|") if row["country"] else got == ""


def _town_ok(row: dict[str, str], place: geocoder.GeoPlace | None) -> bool:
    return place is not None and fold(place.name) in {fold(c) for c in row["city"].split("|")}


def test_the_benchmark_is_big_and_wide_enough() -> None:
    rows = _rows()
    kinds = [r["kind"] for r in rows]
    assert len(rows) >= 200
    assert kinds.count("border") >= 20 and kinds.count("sea") + kinds.count("lake") >= 10
    assert {"city", "town", "island", "mountain"} <= set(kinds)
    lats = [float(r["lat"]) for r in rows]
    lons = [float(r["lon"]) for r in rows]
    assert min(lats) < -40 and max(lats) > 60 and min(lons) < -120 and max(lons) > 150  # every continent


def test_countries_towns_and_the_sea(answers) -> None:
    border = [(r, p) for r, p in answers if r["kind"] == "border"]
    water = [(r, p) for r, p in answers if r["kind"] in ("sea", "lake")]
    named = [(r, p) for r, p in answers if r["city"]]
    country_right = sum(_country_ok(r, p) for r, p in answers)
    border_right = sum(_country_ok(r, p) for r, p in border)
    town_right = sum(_town_ok(r, p) for r, p in named)
    water_bare = [(r["name"], p.label()) for r, p in water if p is not None and p.city]
    print(f"\n[places] country right: {country_right}/{len(answers)} ({country_right / len(answers):.1%}); "
          f"border and enclave cases: {border_right}/{len(border)}; town right: {town_right}/{len(named)} "
          f"({town_right / len(named):.1%}); sea and lake points named as a town: {len(water_bare)}/{len(water)}")
    wrong = [(r["name"], r["country"], p.country_code if p else None) for r, p in answers if not _country_ok(r, p)]
    towns = [(r["name"], r["city"], p.label() if p else None) for r, p in named if not _town_ok(r, p)]
    for w in wrong:
        print("  wrong country:", w)
    for t in towns:
        print("  other town:", t)
    assert border_right == len(border), wrong
    assert country_right / len(answers) >= 0.99, wrong
    assert not water_bare, water_bare
    assert town_right / len(named) >= 0.95, towns


def test_sea_points_are_worded_as_sea(answers) -> None:
    for r, p in answers:
        if r["kind"] == "sea":
            assert p is not None and p.sea and p.label().startswith("at sea"), (r["name"], p)
        elif r["kind"] == "lake":  # most lakes are land in the mask: "near X (N km)", never the town itself
            assert p is not None and not p.city and (p.label().startswith("near ") or " km from " in p.label()), p.label()
