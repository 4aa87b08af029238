"""The polygon data against GeoNames: every time zone is one country, except the few listed as shared."""

from __future__ import annotations

import collections

import numpy as np

from app.facts import borders, geocoder


def test_every_zone_is_one_country_or_listed_as_shared() -> None:
    idx = geocoder.index()
    assert idx is not None and idx.borders is not None
    lat = np.degrees(np.arcsin(idx.xyz[:, 2]))
    lon = np.degrees(np.arctan2(idx.xyz[:, 1], idx.xyz[:, 0]))
    finder = idx.borders.finder
    ids = finder.timezone_ids_at(lngs=lon, lats=lat, on_invalid="skip")
    names = finder.timezone_names
    zone_of = [names[i] if i >= 0 else "" for i in ids.tolist()]
    tables = borders.zone_countries()
    total: collections.Counter[str] = collections.Counter(zone_of)
    foreign: collections.Counter[str] = collections.Counter(
        z for z, code in zip(zone_of, idx.code) if z and tables.get(z) not in (None, code))
    mixed = {z for z, n in foreign.items() if n > 0.02 * total[z] and n >= 5}  # a few are GeoNames slips
    lost = {z for z in mixed if any(code in idx.lost for z2, code in zip(zone_of, idx.code) if z2 == z)}
    print(f"\n[borders] {len(names)} zones; {sum(foreign.values())} of {len(zone_of)} GeoNames places lie in "
          f"a zone of another country; mixed zones: {sorted(mixed)}")
    assert mixed - set(borders.SHARED_ZONES) - lost == set()
    assert all(not n.startswith("Etc/") or tables.get(n) is None for n in names)


def test_small_states_keep_zones_of_their_own() -> None:
    zones = borders.zone_countries()
    for zone, code in {"Europe/Vatican": "VA", "Europe/San_Marino": "SM", "Europe/Monaco": "MC", "Europe/Vaduz": "LI",
                       "Europe/Busingen": "DE", "America/Tijuana": "MX", "Asia/Hong_Kong": "HK", "Asia/Macau": "MO",
                       "Africa/Ceuta": "ES", "Europe/Gibraltar": "GI", "Europe/Andorra": "AD"}.items():
        assert zones[zone] == code
        assert zone in geocoder.index().borders.finder.timezone_names  # type: ignore[union-attr]
