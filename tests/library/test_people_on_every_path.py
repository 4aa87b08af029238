"""People and places read alike on the fast path (JPEG, TIFF: the XMP packet) and the exiftool path (RAW):
regions as records, so an unnamed face or a pet never shifts the names after it; LocationShown,
LocationCreated and PersonInImage on both. Files are copies of tests/data photos written with exiftool."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from app.facts import file_facts
from app.library import exiftool_read, probe
from tests.conftest import DATA
from tests.exiftool_cli import exiftool

pytestmark = pytest.mark.exiftool
PHOTOS = DATA / "photos"
# Written out of order and with gaps: an unnamed face first, a named pet, then two people.
MWG = ("-XMP-mwg-rs:RegionInfo={AppliedToDimensions={W=3000,H=2000,Unit=pixel},RegionList=["
       "{Area={X=0.15,Y=0.4,W=0.1,H=0.15,Unit=normalized},Type=Face},"
       "{Area={X=0.35,Y=0.6,W=0.1,H=0.15,Unit=normalized},Name=Rex,Type=Pet},"
       "{Area={X=0.8,Y=0.4,W=0.1,H=0.15,Unit=normalized},Name=Łukasz Żółć,Type=Face},"
       "{Area={X=0.55,Y=0.4,W=0.1,H=0.15,Unit=normalized},Name=Anna Schmidt,Type=Face},"
       "{Area={X=0.9,Y=0.9,W=0.05,H=0.05,Unit=normalized},Name=Sharp here,Type=Focus}]}")
MP = ("-XMP-MP:RegionInfoMP={Regions=[{PersonDisplayName=Carla Diaz,Rectangle=0.02|, 0.1|, 0.05|, 0.1},"
      "{Rectangle=0.3|, 0.1|, 0.05|, 0.1},{PersonDisplayName=Dan Brown,Rectangle=0.92|, 0.1|, 0.05|, 0.1}]}")
PLACES = ("-XMP-iptcExt:LocationShown={City=Firenze,CountryName=Italia,ProvinceState=Toscana,"
          "Sublocation=Ponte Vecchio}", "-XMP-iptcExt:PersonInImage=Ben Okafor", "-XMP-iptcExt:PersonInImage=李小龍")
CLEAR = ("-XMP-photoshop:all=", "-IPTC:all=")  # the copies' own places: only LocationShown is left
WANT_PEOPLE = ["Carla Diaz", "Anna Schmidt", "Łukasz Żółć", "Dan Brown", "Ben Okafor", "李小龍"]


def _write(src: Path, dest: Path, *args: str) -> Path:
    shutil.copy(src, dest)
    exiftool("-q", "-m", "-overwrite_original", *args, str(dest), check=True)
    return dest


def _read(path: Path) -> dict:
    st = os.stat(path)
    rec = probe.probe_file(str(path), st.st_size, st.st_mtime_ns)
    if rec.get("needs_exiftool"):
        exiftool_read.read_records([rec])
    return rec


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("people")
    return {
        "dng": _write(PHOTOS / "Raw" / "nikon_z_9_he_dx.dng", d / "faces.dng", MWG, MP, *PLACES, *CLEAR),
        "nef": _write(PHOTOS / "Raw" / "Nikon.nef", d / "faces.nef", MWG, MP, *PLACES, *CLEAR),
        "jpg": _write(PHOTOS / "Edited" / "GPS.jpg", d / "faces.jpg", MWG, MP, *PLACES, *CLEAR),
        "tif": _write(PHOTOS / "Formats" / "test.tiff", d / "faces.tif", MWG, MP, *PLACES, *CLEAR),
        "created": _write(PHOTOS / "Raw" / "nikon_z_9_he_dx.dng", d / "created.dng",
                          "-XMP-iptcExt:LocationCreated={City=Fiesole,CountryName=Italia}",
                          "-XMP-iptcExt:LocationShown={City=Firenze,CountryName=Italia}"),
    }


@pytest.mark.parametrize("kind", ["dng", "nef", "jpg", "tif"])
def test_names_never_shift_and_pets_are_not_people(files, kind) -> None:
    rec = _read(files[kind])
    assert rec["needs_exiftool"] == (kind in ("dng", "nef"))  # both paths are exercised
    people = rec["file_people"]
    assert [p["name"] for p in people] == WANT_PEOPLE, kind
    boxes = {p["name"]: p["box"] for p in people}
    assert boxes["Anna Schmidt"][0] == pytest.approx(0.5, abs=0.01)  # her own box, not the pet's
    assert boxes["Łukasz Żółć"][0] == pytest.approx(0.75, abs=0.01)
    assert boxes["Dan Brown"][0] == pytest.approx(0.92, abs=0.01)  # not the unnamed rectangle at 0.3
    assert boxes["Ben Okafor"] is None and "Rex" not in boxes and "Sharp here" not in boxes
    assert rec["file_place"] == {"city": "Firenze", "region": "Toscana", "country": "Italia",
                                 "sublocation": "Ponte Vecchio"}


def test_location_created_comes_before_location_shown(files) -> None:
    assert _read(files["created"])["file_place"] == {"city": "Fiesole", "country": "Italia"}


def test_struct_records_from_exiftool_json() -> None:
    """The exiftool path parses records, whatever their order and gaps (the JSON exiftool -struct gives)."""
    unnamed = {"Area": {"X": "0.2", "Y": "0.4", "W": "0.1", "H": "0.1"}, "Type": "Face"}
    zoe = {"Name": "Zoë", "Area": {"X": "0.6", "Y": "0.4", "W": "0.1", "H": "0.1", "Unit": "normalized"}}
    d = {"XMP-mwg-rs:RegionInfo": {"AppliedToDimensions": {"W": "3000", "H": "2000", "Unit": "pixel"},
                                   "RegionList": [unnamed, {"Name": "Rex", "Type": "Pet"},
                                                  {"Name": "Anna", "Type": "Face"}, zoe, "garbage"]},
         "XMP-iptcExt:LocationShown": [{"City": "Kraków", "CountryName": "Polska"}],
         "XMP-iptcExt:PersonInImage": "Ola"}
    place, people = file_facts.from_exiftool(d, 1)
    assert [p["name"] for p in people] == ["Zoë", "Anna", "Ola"]
    assert people[0]["box"] == [0.55, 0.35, 0.1, 0.1]
    assert place == {"city": "Kraków", "country": "Polska"}
    assert file_facts.from_exiftool({"XMP-mwg-rs:RegionInfo": "not a struct"}, None) == (None, [])
