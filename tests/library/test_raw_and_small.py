"""Never send the model less than it needs: RAW stubs (no sensor data, a blank or 8×8 preview) have no
picture in them; images too small to describe are refused with that reason."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from app.captioning.errors import PhotoError
from app.captioning.prep import prepare_image
from app.library.decode import DecodeError, open_image
from app.store import db as dbmod
from tests.doubles.library import add_photo, make_jpeg

REPO = Path(__file__).resolve().parents[2]
RAW = REPO / "tests" / "data" / "photos" / "Raw"


@pytest.mark.parametrize("name,why", [
    ("Panasonic.rw2", "the raw image data is missing (12 KB for a 3724×2754 sensor); its preview is only 8×8 pixels"),
    ("Nikon.nef", "the raw image data is missing (6 KB for a 3040×2014 sensor)"),
    ("nikon_z_9_he_dx.dng", "its preview is one flat colour"),
    ("CanonRaw.cr2", "a 9 KB raw file is too small to hold a photo"),
])
def test_a_raw_stub_has_no_picture_and_is_never_described(tmp_path: Path, name: str, why: str) -> None:
    src = shutil.copy(RAW / name, tmp_path / name)
    with pytest.raises(DecodeError, match="^no picture in this file: ") as info:
        open_image(src, max_edge=1120)
    assert why in str(info.value)
    with pytest.raises(PhotoError, match="no picture in this file"):
        prepare_image(src)


def test_a_raw_whose_sensor_data_is_all_zeros_has_no_picture(tmp_path: Path) -> None:
    """Full size, but the sensor data was never written (a copy that stopped, a card error): LibRaw
    decodes the zeros into a black frame with a coloured stripe, which a model calls "mostly black"."""
    src = tmp_path / "P1000001.RW2"
    src.write_bytes((RAW / "Panasonic.rw2").read_bytes() + bytes(16_000_000))
    with pytest.raises(DecodeError, match="no picture in this file: .*raw image data is blank"):
        open_image(src, max_edge=1120)


def test_a_raw_stub_with_a_real_small_preview_shows_that_preview(tmp_path: Path) -> None:
    src = shutil.copy(RAW / "FujiFilm.raf", tmp_path / "f.raf")
    img = open_image(src, max_edge=1120)
    assert img.size == (160, 120) and max(hi - lo for lo, hi in img.getextrema()) > 50


def test_an_image_too_small_to_describe_is_refused_with_that_reason(tmp_path: Path) -> None:
    tiny = make_jpeg(tmp_path / "tiny.jpg", (48, 40))
    with pytest.raises(PhotoError, match=r"too small to describe: 48×40 pixels \(at least 64 px needed\)"):
        prepare_image(tiny)
    assert prepare_image(make_jpeg(tmp_path / "ok.jpg", (64, 30)))


def test_caption_of_a_tiny_photo_fails_with_the_reason_and_never_reaches_the_model(tmp_path: Path,
                                                                                   ollama_double) -> None:
    dbp = tmp_path / "lib.db"
    db = dbmod.connect(dbp)
    add_photo(db, make_jpeg(tmp_path / "icon.jpg", (16, 16)))
    add_photo(db, make_jpeg(tmp_path / "photo.jpg", (320, 240)))
    db.conn.close()
    proc = subprocess.run([sys.executable, "-m", "app", "--db", str(dbp), "caption", "--all-missing", "--json",
                           "--host", ollama_double.url], capture_output=True, text=True, cwd=REPO,
                          env=dict(os.environ, PYTHONPATH=str(REPO)), timeout=120)
    res = {Path(o["path"]).name: o for o in map(json.loads, proc.stdout.splitlines()) if "path" in o}
    assert res["icon.jpg"]["state"] == "failed" and "too small to describe" in res["icon.jpg"]["error"]
    assert res["photo.jpg"]["state"] == "draft"
    assert len(ollama_double.generation_requests()) == 1


def _caption_all(dbp: Path, url: str) -> tuple[int, dict[str, dict]]:
    proc = subprocess.run([sys.executable, "-m", "app", "--db", str(dbp), "caption", "--all-missing", "--json",
                           "--host", url], capture_output=True, text=True, cwd=REPO,
                          env=dict(os.environ, PYTHONPATH=str(REPO)), timeout=120)
    return proc.returncode, {Path(o["path"]).name: o for o in map(json.loads, proc.stdout.splitlines()) if "path" in o}


def _cli(dbp: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "app", "--db", str(dbp), *args], capture_output=True, text=True,
                          cwd=REPO, env=dict(os.environ, PYTHONPATH=str(REPO)), timeout=120)


def test_a_raw_stub_fails_once_and_is_not_queued_again_until_its_file_changes(tmp_path: Path, ollama_double) -> None:
    lib, dbp = tmp_path / "lib", tmp_path / "lib.db"
    lib.mkdir()
    stub = Path(shutil.copy(RAW / "Panasonic.rw2", lib / "P1000001.RW2"))
    make_jpeg(lib / "photo.jpg", (320, 240))
    assert _cli(dbp, "index", str(lib)).returncode == 0
    code, res = _caption_all(dbp, ollama_double.url)
    assert res["P1000001.RW2"]["state"] == "failed" and not res["P1000001.RW2"]["caption"]
    assert res["P1000001.RW2"]["error"].startswith("cannot read the photo: no picture in this file")
    assert res["photo.jpg"]["state"] == "draft" and len(ollama_double.generation_requests()) == 1
    # the next run does not try it again: nothing to do, nothing failed
    code, res = _caption_all(dbp, ollama_double.url)
    assert code == 0 and res["P1000001.RW2"]["state"] == "skipped" and "no picture in this file" in res[
        "P1000001.RW2"]["error"] and "until the file changes" in res["P1000001.RW2"]["error"]
    assert _cli(dbp, "queue", "retry-failed").returncode == 0  # the failed job stays failed
    db = dbmod.connect(dbp)
    try:
        assert db.execute("SELECT count(*) FROM jobs WHERE state = 'queued'").fetchone()[0] == 0
    finally:
        db.conn.close()
    # once the file changes (here: touched by another program), it is read again
    st = stub.stat()
    os.utime(stub, ns=(st.st_atime_ns, st.st_mtime_ns + 10**9))
    assert json.loads(_cli(dbp, "rescan", "--json").stdout)["changed"] == 1
    code, res = _caption_all(dbp, ollama_double.url)
    assert res["P1000001.RW2"]["state"] == "failed"
    assert len(ollama_double.generation_requests()) == 1  # the model never saw the stub
