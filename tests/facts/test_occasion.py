"""Folder names → date and occasion, in eight languages, measured on a labelled set; the camera clock check."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from app.facts import clock, occasion

ROOT = "/photos"
LABELLED = Path(__file__).parent / "data" / "folder_occasions.tsv"


def labelled() -> list[tuple[str, str | None, str | None, str | None]]:
    rows = []
    for line in LABELLED.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        path, when, event, kind = line.split("\t")
        rows.append((path, *(None if v == "-" else v for v in (when, event, kind))))
    return rows


def test_labelled_folder_names_in_eight_languages() -> None:
    rows = labelled()
    assert len(rows) >= 300
    misses = []
    for path, when, event, kind in rows:
        occ = occasion.parse_folders(f"{ROOT}/{path}", ROOT)
        if (occ.date, occ.event, occ.kind) != (when, event, kind):
            misses.append(f"{path!r}: got {(occ.date, occ.event, occ.kind)}, want {(when, event, kind)}")
    accuracy = 1 - len(misses) / len(rows)
    print(f"\nfolder names: {len(rows) - len(misses)}/{len(rows)} right ({accuracy:.1%})")
    for m in misses:
        print("  miss", m)
    assert accuracy >= 0.98, "\n".join(misses)


def test_housekeeping_ranges_and_impossible_dates_are_never_occasions_or_dates() -> None:
    """The hard rules hold on every labelled row, whatever the overall accuracy."""
    for path, when, event, _kind in labelled():
        occ = occasion.parse_folders(f"{ROOT}/{path}", ROOT)
        if event is None:
            assert occ.event is None, path
        if when is None:
            assert occ.date is None, path
    for name in ("Scans", "Photos", "Export", "Backup", "Camera Roll", "DCIM", "Misc", "Unsorted", "Import",
                 "100APPLE", "101MSDCF", "Bilder", "Sonstiges", "Divers", "Varios", "Varie", "Diversen", "Różne",
                 "その他", "未整理"):
        assert occasion.is_housekeeping(name), name
    assert occasion.parse_folders("/p/2015-2016").span == ("2015-01-01", "2016-12-31")


@pytest.mark.parametrize("name,kind", [
    ("Urlaub", "holiday"), ("Ferien", "holiday"), ("vacances", "holiday"), ("vacaciones", "holiday"),
    ("vacanze", "holiday"), ("vakantie", "holiday"), ("wakacje", "holiday"), ("旅行", "holiday"),
    ("Hochzeit", "wedding"), ("mariage", "wedding"), ("boda", "wedding"), ("matrimonio", "wedding"),
    ("bruiloft", "wedding"), ("ślub", "wedding"), ("結婚式", "wedding"),
    ("Weihnachten", "christmas"), ("Noël", "christmas"), ("Navidad", "christmas"), ("Natale", "christmas"),
    ("Kerstmis", "christmas"), ("Boże Narodzenie", "christmas"), ("クリスマス", "christmas"),
    ("Geburtstag", "birthday"), ("anniversaire", "birthday"), ("cumpleaños", "birthday"),
    ("compleanno", "birthday"), ("verjaardag", "birthday"), ("urodziny", "birthday"), ("誕生日", "birthday"),
    ("Ostern", "easter"), ("Pâques", "easter"), ("Pascua", "easter"), ("Pasqua", "easter"), ("Pasen", "easter"),
    ("Wielkanoc", "easter"), ("イースター", "easter"),
    ("Party", "party"), ("Feier", "party"), ("fête", "party"), ("fiesta", "party"), ("festa", "party"),
    ("feest", "party"), ("impreza", "party"), ("パーティー", "party"),
    ("New Year", "new_year"), ("Silvester", "new_year"), ("Nouvel An", "new_year"), ("Año Nuevo", "new_year"),
    ("Capodanno", "new_year"), ("Oud en Nieuw", "new_year"), ("Sylwester", "new_year"), ("お正月", "new_year"),
    ("Graduation", "graduation"), ("Abschlussfeier", "graduation"), ("remise des diplômes", "graduation"),
    ("graduación", "graduation"), ("laurea", "graduation"), ("diploma-uitreiking", "graduation"),
    ("absolutorium", "graduation"), ("卒業式", "graduation"),
    ("Baptism", "baptism"), ("Taufe", "baptism"), ("baptême", "baptism"), ("bautizo", "baptism"),
    ("battesimo", "baptism"), ("doop", "baptism"), ("chrzest", "baptism"), ("洗礼", "baptism"),
    ("Anniversary", "anniversary"), ("Jahrestag", "anniversary"), ("aniversario", "anniversary"),
    ("anniversario", "anniversary"), ("jubileum", "anniversary"), ("rocznica", "anniversary"), ("記念日", "anniversary"),
])
def test_occasion_words_in_every_language(name, kind) -> None:
    assert occasion.kind_of(name) == kind
    occ = occasion.parse_folders(f"/p/{name} 2019", "/p")
    assert (occ.date, occ.event, occ.kind) == ("2019", name, kind)


def test_dates_that_do_not_exist_are_refused() -> None:
    for name in ("2019-02-30", "2019-13-01", "2019-02-29", "31.04.2019", "2019年2月30日", "30 February 2019"):
        assert occasion.parse_folders(f"/p/{name}", "/p").date is None, name
    assert occasion.parse_folders("/p/2020-02-29", "/p").date == "2020-02-29"


def test_reset_camera_clock_is_not_a_fact() -> None:
    wedding = occasion.parse_folders("/p/2019-07-14 Anna's wedding", "/p")
    assert clock.check("2005-01-01T00:00:00", wedding).wrong
    assert clock.check("2005-01-01T03:12:00", wedding).wrong  # years away from the folder's date
    assert not clock.check("2019-07-14T15:20:00", wedding).wrong
    assert not clock.check("2019-07-15T00:30:00", wedding).wrong  # the party went on after midnight
    bare = occasion.parse_folders("/p/Anna", "/p")
    for reset in ("1970-01-01T00:00:07", "2000-01-01T00:00:00", "2005-01-01T00:00:00", "1980-01-01T12:00:00",
                  "2012-01-01T00:14:00"):
        got = clock.check(reset, bare)
        assert got.wrong and "reset" in got.reason, reset
    assert not clock.check("2005-01-01T14:00:00", bare).wrong  # an ordinary New Year's Day afternoon
    assert not clock.check("2019-06-02T10:00:00", bare).wrong
    # A New Year folder, or a folder dated the night before, confirms midnight on 1 January.
    assert not clock.check("2005-01-01T00:03:00", occasion.parse_folders("/p/Silvester", "/p")).wrong
    assert not clock.check("2005-01-01T00:03:00", occasion.parse_folders("/p/2004-12-31 Party", "/p")).wrong
    assert not clock.check("2000-01-01T00:01:00", occasion.parse_folders("/p/Millennium 1999-2000", "/p")).wrong
    # More than a year from a year folder, or a range; within a year is still believed.
    assert clock.check("2021-03-01T10:00:00", occasion.parse_folders("/p/2019/Holiday", "/p")).wrong
    assert not clock.check("2020-06-01T10:00:00", occasion.parse_folders("/p/2019/Holiday", "/p")).wrong
    assert clock.check("2019-06-01T10:00:00", occasion.parse_folders("/p/2015-2016", "/p")).wrong
    assert clock.check("2031-06-01T10:00:00", None, today=date(2026, 12, 7)).wrong  # in the future
    assert not clock.check(None, wedding).wrong and not clock.check("garbage", wedding).wrong


def test_date_in_words() -> None:
    assert occasion.date_in_words("2019-07-14T15:20:00") == "Sunday 14 July 2019, afternoon"
    assert occasion.partial_date_in_words("2019-07") == "July 2019"
    assert occasion.partial_date_in_words("2019") == "2019"
