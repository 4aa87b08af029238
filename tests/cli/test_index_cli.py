"""The library commands end to end, in a subprocess, on a copy of part of the corpus."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SUBSET = ["Edited", "Broken", "Misc/Orientation", "Phone/HEIC"]


def run(home: Path, *args: str, ok: tuple[int, ...] = (0,)) -> subprocess.CompletedProcess:
    env = dict(os.environ, ALBUMWISE_HOME=str(home), PYTHONPATH=str(REPO))
    env.pop("ALBUMWISE_DB", None)
    proc = subprocess.run([sys.executable, "-m", "app", *args], capture_output=True, text=True, env=env,
                          cwd=REPO, timeout=240)
    assert proc.returncode in ok, (args, proc.returncode, proc.stderr)
    assert "Traceback" not in proc.stderr
    return proc


@pytest.fixture
def lib(tmp_path: Path, corpus_dir: Path) -> Path:
    root = tmp_path / "library"
    for part in SUBSET:
        shutil.copytree(corpus_dir / part, root / part)
    return root


def _list(home: Path, db: Path, *extra: str) -> list[dict]:
    out = run(home, "--db", str(db), "list", "--json", *extra).stdout
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def test_index_rescan_move_list_status_purge(tmp_path: Path, lib: Path, isolated_home: Path) -> None:
    db = tmp_path / "lib.db"
    first = json.loads(run(isolated_home, "--db", str(db), "index", str(lib), "--json").stdout)
    assert set(first) == {"added", "changed", "moved", "missing", "unchanged", "errors"}
    assert first["added"] == 41 and first["changed"] == first["moved"] == first["missing"] == 0
    errors = {Path(e["path"]).name: e["error"] for e in first["errors"]}
    assert set(errors) == {"truncated_jpeg.jpg", "IMG_0300 (copy interrupted).jpg", "empty.jpg", "empty.heic",
                           "not_an_image.jpg", "broken.png", "truncated_image.png", "corrupted.heic",
                           "decompression_bomb.gif", "table.jpg", "QuickTime.mov", "RIFF.avi", "Matroska.mkv"}
    assert all(e and "\n" not in e for e in errors.values())

    second = json.loads(run(isolated_home, "--db", str(db), "index", str(lib), "--json").stdout)
    assert second == {"added": 0, "changed": 0, "moved": 0, "missing": 0, "unchanged": 41, "errors": []}

    photos = {Path(p["path"]).name: p for p in _list(isolated_home, db)}
    for key in ("id", "path", "format", "width", "height", "orientation", "taken_at", "camera", "gps",
                "description", "keywords", "state", "error"):
        assert key in photos["XMP.jpg"]
    assert photos["XMP.jpg"]["description"] == "A witty caption"
    assert photos["XMP.jpg"]["keywords"] == ["ExifTool", "Test", "XMP"]
    assert (photos["Landscape_6.jpg"]["width"], photos["Landscape_6.jpg"]["height"]) == (1800, 1200)
    assert photos["Landscape_6.jpg"]["orientation"] == 6
    reagan_id = photos["Reagan.jpg"]["id"]

    (lib / "Moved").mkdir()
    os.rename(lib / "Edited" / "Reagan.jpg", lib / "Moved" / "Reagan renamed.jpg")
    (lib / "Edited" / "IPTC.jpg").unlink()
    third = json.loads(run(isolated_home, "--db", str(db), "rescan", "--json").stdout)
    assert (third["moved"], third["missing"], third["added"]) == (1, 1, 0)
    moved = _list(isolated_home, db, "--folder", str(lib / "Moved"))
    assert [(Path(p["path"]).name, p["id"]) for p in moved] == [("Reagan renamed.jpg", reagan_id)]
    assert [Path(p["path"]).name for p in _list(isolated_home, db, "--state", "missing")] == ["IPTC.jpg"]
    written = {Path(p["path"]).name for p in _list(isolated_home, db, "--state", "written")}
    assert "XMP.jpg" in written and "Landscape_1.jpg" not in written  # file captions count as written

    status = json.loads(run(isolated_home, "--db", str(db), "status", "--json").stdout)
    assert status["index"] == {"ok": 27, "error": 13, "missing": 1}
    assert run(isolated_home, "--db", str(db), "purge-missing").stdout.strip() == "purged 1 missing photo"
    assert json.loads(run(isolated_home, "--db", str(db), "status", "--json").stdout)["index"]["missing"] == 0

    table = run(isolated_home, "--db", str(db), "list").stdout
    assert "Reagan renamed.jpg" in table and "truncated file" in table


def test_thumbnails_and_doctor(tmp_path: Path, lib: Path, isolated_home: Path) -> None:
    db = tmp_path / "lib.db"
    shutil.rmtree(lib / "Phone")  # keep it quick: no 200 MP HEIC here
    run(isolated_home, "--db", str(db), "index", str(lib / "Misc"), str(lib / "Edited"), "--json")
    t = json.loads(run(isolated_home, "--db", str(db), "thumbnails", "--json").stdout)
    assert (t["made"], t["failed"]) == (25, 0)
    assert len(list(Path(t["dir"]).rglob("*.jpg"))) == 25
    assert Path(t["dir"]).is_relative_to(isolated_home)
    again = json.loads(run(isolated_home, "--db", str(db), "thumbnails", "--json").stdout)
    assert (again["made"], again["cached"]) == (0, 25)

    doc = json.loads(run(isolated_home, "--db", str(db), "doctor", "--json", ok=(0, 1)).stdout)
    checks = {c["name"]: c for c in doc["checks"]}
    assert set(checks) >= {"exiftool", "database", "thumbnail cache", "python"}
    for c in doc["checks"]:
        assert set(c) == {"name", "ok", "detail", "fix"}
    assert str(db) in checks["database"]["detail"] and checks["database"]["ok"]
    if shutil.which("exiftool"):
        assert checks["exiftool"]["ok"] and "exiftool 1" in checks["exiftool"]["detail"]


def test_usage_errors_are_one_line(tmp_path: Path, isolated_home: Path) -> None:
    db = tmp_path / "lib.db"
    p = run(isolated_home, "--db", str(db), "index", str(tmp_path / "nope"), ok=(2,))
    assert p.stderr.strip().count("\n") == 0 and "folder not found" in p.stderr
    p = run(isolated_home, "--db", str(db), "list", "--state", "bogus", ok=(2,))
    p = run(isolated_home, "--db", str(db), "rescan", ok=(1,))
    assert "no folders" in p.stderr and p.stderr.strip().count("\n") == 0
