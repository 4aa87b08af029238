"""Never send the model less than it needs (RAW preview stubs, images too small to describe)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from app.captioning.errors import PhotoError
from app.captioning.prep import prepare_image
from app.library.decode import open_image
from app.store import db as dbmod
from tests.doubles.library import add_photo, make_jpeg

REPO = Path(__file__).resolve().parents[2]
RAW = REPO / "tests" / "data" / "photos" / "Raw"


def test_a_raw_whose_preview_is_8px_is_decoded_from_its_raw_data(tmp_path: Path) -> None:
    import rawpy

    src = shutil.copy(RAW / "Panasonic.rw2", tmp_path / "p.rw2")
    with rawpy.imread(str(src)) as raw:
        thumb = raw.extract_thumb()
    from io import BytesIO

    assert Image.open(BytesIO(thumb.data)).size == (8, 8)  # the stub's only preview
    img = open_image(src, max_edge=1120)
    assert max(img.size) == 1120  # half-size demosaic of 3664×2754, then shrunk
    assert len(prepare_image(src)) > 10_000


def test_a_raw_preview_big_enough_for_a_thumbnail_is_used_as_is(tmp_path: Path) -> None:
    src = shutil.copy(RAW / "nikon_z_9_he_dx.dng", tmp_path / "z9.dng")
    assert open_image(src, max_edge=256).size == (256, 170)


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
