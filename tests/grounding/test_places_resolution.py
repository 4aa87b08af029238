"""How a photo's place is decided from the file and the GPS: a country named in any language keeps
the GPS town, the file's words win where they disagree with the GPS (and the disagreement is kept
for the window), near and at-sea places are worded so and never called the city, and places an
older geocoder decided are worked out again before the next scan."""

from __future__ import annotations

import pytest

from app.facts.grounding import FolderContext, Grounding, resolve_fields
from app.facts.occasion import FolderOccasion
from app.library import grounding as resolve
from app.library import scanner
from app.services import grounding as gservice
from app.store import db as dbmod
from app.store import grounding as gstore
from app.store import photos as photostore

AMALFI = {"geo_city": "Amalfi", "geo_region": "Campania", "geo_country": "Italy", "geo_code": "IT", "geo_km": 0.4,
          "geo_name": "Amalfi", "geo_sea": 0}
MILAN = {"geo_city": "Milan", "geo_region": "Lombardy", "geo_country": "Italy", "geo_code": "IT", "geo_km": 1.0,
         "geo_name": "Milan", "geo_sea": 0}


@pytest.mark.parametrize("country", ["Italia", "Italy", "ITALIEN", "Italie", "イタリア", "IT"])
def test_a_country_in_any_language_keeps_the_gps_town(country: str) -> None:
    res = resolve_fields({"country": country}, AMALFI, FolderContext(), FolderOccasion())
    assert (res["city"], res["country"], res["place_source"], res["country_code"]) == \
        ("Amalfi", "Italy", "file+gps", "IT")  # one name per country: the Places list holds Italy once
    assert res["place_conflict"] is None


def test_the_files_words_win_and_the_disagreement_is_kept() -> None:
    res = resolve_fields({"city": "Rome", "country": "Italy"}, MILAN, FolderContext(), FolderOccasion(),
                         lambda city, code: 477.0)
    assert (res["city"], res["country"], res["place_source"]) == ("Rome", "Italy", "file")
    assert res["place_conflict"] == "the GPS fix is Milan, Lombardy, Italy, 477 km from Rome"
    g = Grounding(**{k: res[k] for k in ("city", "region", "country", "place_source", "place_conflict")})
    assert g.place_label() == "Rome, Italy"  # the prompt uses the file's words
    other = resolve_fields({"city": "Lugano", "country": "Schweiz"}, MILAN, FolderContext(), FolderOccasion())
    assert other["place_conflict"] == "the GPS fix is in Milan, Lombardy, Italy"
    near = resolve_fields({"city": "Milano", "country": "Italia"}, MILAN, FolderContext(), FolderOccasion(),
                          lambda city, code: None)  # a name the gazetteer does not know: no telling, no alarm
    assert near["place_conflict"] is None
    same = resolve_fields({"city": "Milan"}, MILAN, FolderContext(), FolderOccasion(), lambda c, k: 0.5)
    assert same["place_conflict"] is None


def test_near_and_sea_are_worded_and_never_the_city() -> None:
    near = resolve_fields(None, {"geo_region": "England", "geo_country": "United Kingdom", "geo_code": "GB",
                                 "geo_km": 3.2, "geo_name": "Amesbury", "geo_sea": 0}, FolderContext(), FolderOccasion())
    assert near["city"] is None and near["near"] == "Amesbury"
    g = Grounding(**{k: near[k] for k in ("city", "region", "country", "place_source", "place_km", "near")})
    assert g.place_label() == "near Amesbury (3 km), England, United Kingdom"
    pub = g.place_public()
    assert pub is not None and pub["city"] is None and (pub["near"], pub["distance_km"]) == ("Amesbury", 3.2)
    sea = resolve_fields(None, {"geo_km": 43.9, "geo_name": "Ventnor", "geo_sea": 1}, FolderContext(), FolderOccasion())
    g = Grounding(place_source="gps", place_km=sea["place_km"], near=sea["near"], at_sea=bool(sea["at_sea"]))
    assert g.place_label() == "at sea, 44 km off Ventnor"
    pub = g.place_public()
    assert pub is not None and pub["at_sea"] and pub["country"] is None and pub["label"] == "at sea, 44 km off Ventnor"


def _photo(db, path: str, lat: float, lon: float, file_place: dict | None = None) -> int:
    cur = db.execute("INSERT INTO photos(path, folder, filename, gps_lat, gps_lon) VALUES (?, ?, ?, ?, ?)",
                     [path, path.rsplit("/", 1)[0], path.rsplit("/", 1)[1], lat, lon])
    pid = int(cur.lastrowid)
    with db.conn:
        resolve.apply_records(db, [(pid, {"path": path, "gps_lat": lat, "gps_lon": lon, "file_place": file_place})])
    return pid


def test_stored_places_and_the_window(tmp_path) -> None:
    db = dbmod.connect(tmp_path / "lib.db")
    peter = _photo(db, "/p/peter.jpg", 41.9022, 12.4539)
    channel = _photo(db, "/p/ferry.jpg", 50.2, -1.2)
    milan = _photo(db, "/p/milan.jpg", 45.4642, 9.19, {"city": "Rome", "country": "Italia"})
    rows = gstore.for_ids(db, [peter, channel, milan])
    assert rows[peter]["place"]["country"] == "Vatican City" and rows[peter]["place"]["city"] == "Vatican City"
    assert rows[channel]["place"]["label"] == "at sea, 44 km off Ventnor" and rows[channel]["place"]["city"] is None
    assert rows[milan]["place"]["city"] == "Rome" and "Milan" in rows[milan]["place"]["gps_disagrees"]
    detail = gservice.enrich(db, dict(photostore.get(db, milan)))
    assert detail["grounding_facts"]["place"].startswith("Rome, Italy  (from the file)\nThe GPS fix is Milan")


def test_places_decided_by_an_older_geocoder_are_worked_out_again(tmp_path) -> None:
    db = dbmod.connect(tmp_path / "lib.db")
    pid = _photo(db, "/p/peter.jpg", 41.9022, 12.4539)
    with db.conn:  # what the nearest-town lookup stored: Rome, and no record of the newer geocoder
        db.execute("UPDATE photo_grounding SET geo_city='Rome', geo_country='Italy', geo_code='IT', city='Rome', "
                   "country='Italy', country_code='IT' WHERE photo_id = ?", [pid])
        db.execute("DELETE FROM settings WHERE key = ?", [resolve.PLACES_VERSION_KEY])
    assert gstore.for_ids(db, [pid])[pid]["place"]["city"] == "Rome"
    scanner.load_known(db)  # the start of every scan
    assert gstore.for_ids(db, [pid])[pid]["place"]["country"] == "Vatican City"
    assert resolve.upgrade_places(db) == 0  # once only
    key = db.execute("SELECT value FROM settings WHERE key = ?", [resolve.PLACES_VERSION_KEY]).fetchone()
    assert key is not None and str(key[0]) == str(resolve.geocoder.VERSION)


@pytest.mark.parametrize("file_country, shown", [("USA", "United States"), ("Vereinigte Staaten", "United States"),
                                                 ("Schweiz", "Switzerland"), ("Atlantis", "Atlantis")])
def test_a_file_country_is_stored_under_the_one_name_the_gps_gives(file_country: str, shown: str) -> None:
    res = resolve_fields({"city": "Somewhere", "country": file_country}, {}, FolderContext(), FolderOccasion())
    assert res["country"] == shown  # an unknown name stays as the file wrote it
