"""A whole photo set indexed, checked against its manifest.csv for every file (the truth).

Runs over the core test photos (tests/data, always) and, when it is there, the larger optional set
(``$ALBUMWISE_CORPUS`` or ``../shared/corpus``): same checks, more cameras."""

from __future__ import annotations

import json
import os
import shutil

import pytest

from app.library import scanner
from app.library.boilerplate import is_boilerplate
from app.library.metadata import iso_date
from app.store import db as dbmod
from tests.conftest import CORPUS, EXTENDED, corpus_manifest

# Every bad-input case the corpus README lists, with the start of the reason we must give.
BROKEN = {
    "Broken/truncated_jpeg.jpg": "truncated file",
    "Broken/IMG_0300 (copy interrupted).jpg": "truncated file",
    "Broken/empty.jpg": "empty file",
    "Broken/empty.heic": "empty file",
    "Broken/not_an_image.jpg": "not an image",
    "Broken/broken.png": "no decodable image data",
    "Broken/truncated_image.png": "truncated file",
    "Broken/corrupted.heic": "no decodable image data",
    "Broken/decompression_bomb.gif": "decompression bomb",
    "Broken/table.jpg": "no decodable image data",
    "Formats/test_0001.jxl": "unsupported format: JPEG XL",
}
# Videos that cannot be played (only the core set has videos: required where present).
VIDEO_BROKEN = {
    "Broken/QuickTime.mov": "no media data",
    "Broken/RIFF.avi": "no video frames",
    "Broken/Matroska.mkv": "damaged or truncated video",
}
NOT_PHOTOS = {".DS_Store", "Edited/BlueSquare.xmp"}  # hidden file; a sidecar
SETS = {"core": CORPUS, **({"extended": EXTENDED} if EXTENDED else {})}
ROWS = {name: corpus_manifest(root) for name, root in SETS.items()}


@pytest.fixture(scope="module")
def index_of(tmp_path_factory: pytest.TempPathFactory):
    """Each set indexed once per module (and process), whichever test asks first. Not an indirectly
    parametrized fixture: pytest set that up again for every file's case (each case is a parameter of
    its own), which indexed the whole set once per file."""
    made: dict[str, tuple] = {}

    def get(name: str) -> tuple:
        if name not in made:
            lib = tmp_path_factory.mktemp("manifest") / "library"
            shutil.copytree(SETS[name], lib, ignore=shutil.ignore_patterns("manifest.csv", "README.md"))
            db = dbmod.memory()
            summary = scanner.index_folders(db, [str(lib)])
            rows = {os.path.relpath(r["path"], lib): r for r in db.query("SELECT * FROM photos")}
            made[name] = (lib, db, summary, rows, ROWS[name])
        return made[name]

    yield get
    for _lib, db, *_ in made.values():
        db.conn.close()


@pytest.fixture(params=list(SETS))
def indexed(request: pytest.FixtureRequest, index_of):
    return index_of(request.param)


def _manifest_gps(value: str):
    if not value:
        return None
    lat, lon = (float(x) for x in value.split(","))
    return None if (lat, lon) == (0.0, 0.0) else (round(lat, 5), round(lon, 5))  # 0,0 = no fix (our rule)


def test_every_file_accounted_for(indexed) -> None:
    lib, db, summary, rows, manifest = indexed
    paths = {r["path"] for r in manifest}
    not_photos = NOT_PHOTOS & paths
    assert summary.added == len(manifest) - len(not_photos)
    assert set(rows) == paths - NOT_PHOTOS
    errors = {os.path.relpath(e["path"], lib): e["error"] for e in summary.errors}
    broken = {**BROKEN, **{p: r for p, r in VIDEO_BROKEN.items() if p in paths}}
    assert set(errors) == set(broken)  # every set carries every kind of bad input
    for path, reason in broken.items():
        assert errors[path].startswith(reason), (path, errors[path])
        assert rows[path]["state"] == "error" and rows[path]["error"] == errors[path]
    ok = [p for p, r in rows.items() if r["state"] == "ok"]
    assert len(ok) == len(manifest) - len(not_photos) - len(broken)
    assert "Phone/HEIC/Galaxy S24 Ultra 200MP.heic" in ok  # huge but genuine: indexed, not rejected


CASES = [pytest.param(name, row, id=f"{name}:{row['path']}")
         for name, rows in ROWS.items() for row in rows if row["path"] not in NOT_PHOTOS]


@pytest.mark.parametrize("name,row", CASES)
def test_file_matches_manifest(index_of, name, row) -> None:
    _lib, _db, _summary, rows, _manifest = index_of(name)
    rec = rows[row["path"]]
    broken = row["path"] in BROKEN or row["path"] in VIDEO_BROKEN
    # orientation: 0 (invalid) is stored as 1, absent as NULL
    if not broken or rec["orientation"] is not None:
        expected_o = None if row["orientation"] == "" else max(1, int(row["orientation"]))
        assert rec["orientation"] == expected_o
    if row["width"] and not broken:
        w, h = int(row["width"]), int(row["height"])
        # displayed size: swapped for EXIF 5..8, except HEIF (pillow-heif already applied the container rotation)
        if (expected_o or 1) >= 5 and row["format"] != "HEIC":
            w, h = h, w
        assert (rec["width"], rec["height"]) == (w, h)
    desc = row["description"].replace("\r\n", "\n").replace("\r", "\n").strip() or None
    assert rec["file_description"] == desc
    assert json.loads(rec["file_keywords"]) == [k for k in row["keywords"].split("; ") if k]
    if row["format"] != "JXL":  # JPEG XL: Make/Model sit in a non-standard place exiftool's manifest ignores
        camera = " ".join(p for p in (rec["camera_make"], rec["camera_model"]) if p)
        assert camera == row["camera"]
    expected_date = iso_date(row["datetime_original"])
    if expected_date:
        assert rec["taken_at"] and rec["taken_at"].startswith(expected_date)
    elif rec["taken_at"]:
        # we fall back to XMP/IPTC creation dates where the manifest column (DateTimeOriginal) is empty
        assert iso_date(rec["taken_at"]) == rec["taken_at"]
    gps = (round(rec["gps_lat"], 5), round(rec["gps_lon"], 5)) if rec["gps_lat"] is not None else None
    assert gps == _manifest_gps(row["gps"])
    if row["has_description"] == "boilerplate":
        assert is_boilerplate(desc, rec["camera_make"], rec["camera_model"])
    elif row["has_description"] == "yes":
        assert not is_boilerplate(desc, rec["camera_make"], rec["camera_model"])


def test_file_captions_are_human_versions(indexed) -> None:
    lib, db, _summary, rows, manifest = indexed
    versions = {os.path.relpath(p, lib): (t, s, st) for p, t, s, st in db.execute(
        "SELECT p.path, c.text, c.source, c.state FROM captions c JOIN photos p ON p.id = c.photo_id")}
    for row in manifest:
        if row["path"] in NOT_PHOTOS:
            continue
        rec = rows[row["path"]]
        if row["has_description"] == "yes":
            assert versions[row["path"]] == (rec["file_description"], "file", "written")
            assert rec["caption_source"] == "file" and rec["caption"] == rec["file_description"]
        else:  # no description, boilerplate, or keywords only: uncaptioned
            assert row["path"] not in versions
            assert rec["caption_state"] == "none"


def test_second_scan_reports_nothing(indexed) -> None:
    _lib, db, _summary, rows, manifest = indexed
    again = scanner.rescan(db)
    assert again.to_dict() == {"added": 0, "changed": 0, "moved": 0, "missing": 0, "unchanged": len(rows), "errors": []}
    assert db.execute("SELECT count(*) FROM captions").fetchone()[0] == sum(1 for r in manifest if r["has_description"] == "yes" and r["path"] not in NOT_PHOTOS)
