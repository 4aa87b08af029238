"""Reduced decoding: strip-by-strip results equal a full decode, memory stays bounded."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from app.library import decode, reduced
from tests.doubles.bigpng import write_big_png

REPO = Path(__file__).resolve().parents[2]
HEIC = REPO / "tests" / "data" / "photos" / "Phone" / "HEIC"


def _noise(mode: str, size=(301, 157)) -> Image.Image:
    rng = np.random.default_rng(7)
    bands = len(Image.new(mode, (1, 1)).getbands()) if mode != "P" else 1
    w, h = size
    # smooth gradients plus noise: Pillow's encoder picks different row filters (Sub, Up, Average, Paeth)
    yy, xx = np.mgrid[0:h, 0:w]
    base = (xx * 255 // w + yy * 255 // h) // 2
    arr = np.stack([(base + rng.integers(0, 40, (h, w)) + 60 * b) % 256 for b in range(bands)], -1).astype(np.uint8)
    if mode == "P":
        return Image.fromarray(arr[..., 0], "L").convert("RGB").quantize(64)
    return Image.fromarray(arr[..., 0] if bands == 1 else arr, mode)


@pytest.mark.parametrize("mode", ["RGBA", "RGB", "L", "LA", "P"])
def test_png_strips_equal_a_full_decode(tmp_path: Path, monkeypatch, mode: str) -> None:
    src = _noise(mode)
    path = tmp_path / f"n-{mode}.png"
    src.save(path, "PNG", optimize=False)
    monkeypatch.setattr(reduced, "STRIP_BYTES", 301 * 4 * 9)  # strips of a few rows: many strip boundaries
    with open(path, "rb") as fh:
        got = reduced.png_reduced(fh, 60, decode._to_rgb)
    factor = reduced.box_factor(src.size, 60)
    want = decode._to_rgb(Image.open(path)).reduce(factor)
    assert got.size == want.size
    diff = np.abs(np.asarray(got, dtype=int) - np.asarray(want, dtype=int))
    assert diff.max() <= (2 if mode in ("RGBA",) else 0)  # RGBA is averaged premultiplied: rounding only


def test_a_truncated_png_is_a_plain_error(tmp_path: Path) -> None:
    path = tmp_path / "t.png"
    _noise("RGB", (400, 300)).save(path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    with open(path, "rb") as fh, pytest.raises(EOFError):
        reduced.png_reduced(fh, 50, decode._to_rgb)


def test_loaded_images_reduce_in_strips_like_a_whole_reduce(monkeypatch) -> None:
    img = _noise("RGBA", (500, 333))
    monkeypatch.setattr(reduced, "STRIP_BYTES", 500 * 4 * 7)
    got = reduced.reduce_loaded(img, 100, decode._to_rgb)
    want = decode._to_rgb(img).reduce(reduced.box_factor(img.size, 100))
    assert np.abs(np.asarray(got, dtype=int) - np.asarray(want, dtype=int)).max() <= 2


def test_decoded_bytes_count_what_pillow_stores() -> None:
    assert reduced.decoded_bytes("RGBA", (20000, 20000)) == 1_600_000_000
    assert reduced.decoded_bytes("RGB", (10, 10)) == 400  # Pillow keeps 3 bands in 4 bytes
    assert reduced.decoded_bytes("L", (10, 10)) == 100
    assert reduced.decoded_bytes("I;16", (10, 10)) == 200


def test_too_large_without_a_reduced_path_is_a_per_file_error(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "big.tif"
    Image.new("RGB", (800, 600), (10, 200, 10)).save(path)
    monkeypatch.setattr(reduced, "MAX_DECODE_BYTES", 1_000_000)
    monkeypatch.setattr(reduced, "STRIP_FROM_BYTES", 100_000)
    with pytest.raises(decode.DecodeError, match="too large to decode within the memory limit: 800×600"):
        decode.open_image(path, max_edge=256)


MEASURE = r"""
import json, resource, sys
def peak_mb():
    # VmHWM: this process's own high-water mark. ru_maxrss is not: Linux carries the forked parent's
    # resident size across exec, so a child of a big pytest process reports the parent's size.
    with open("/proc/self/status") as fh:
        return next(int(ln.split()[1]) for ln in fh if ln.startswith("VmHWM:")) / 1024
from app.library.probe import probe_file
from app.captioning.prep import prepare_image
from app.library import thumbs
import os
path, thumb_dir = sys.argv[1], sys.argv[2]
st = os.stat(path)
rec = probe_file(path, st.st_size, st.st_mtime_ns)
jpeg = prepare_image(path, 1120)
made = thumbs.make(path, rec["fingerprint"], thumb_dir, (thumbs.GRID, thumbs.PREVIEW))
from PIL import Image
import io
small = Image.open(io.BytesIO(jpeg))
print(json.dumps({"state": rec["state"], "error": rec["error"], "size": [rec["width"], rec["height"]],
                  "jpeg": len(jpeg), "thumbs": len(made), "prep_size": list(small.size),
                  "top": small.getpixel((500, 100)), "bottom": small.getpixel((500, 1000)),
                  "peak_mb": peak_mb()}))
"""


@pytest.mark.slow
def test_a_20000px_rgba_png_bomb_is_indexed_thumbnailed_and_prepared_under_1_gb(tmp_path: Path) -> None:
    path = write_big_png(tmp_path / "bomb.png")
    assert path.stat().st_size < 3_000_000  # small on disk, 1.6 GB decoded
    proc = subprocess.run([sys.executable, "-c", MEASURE, str(path), str(tmp_path / "thumbs")], capture_output=True,
                          text=True, cwd=REPO, env=dict(os.environ, PYTHONPATH=str(REPO)), timeout=600)
    assert proc.returncode == 0, proc.stderr
    out = __import__("json").loads(proc.stdout.splitlines()[-1])
    assert out["state"] == "ok" and out["size"] == [20000, 20000] and out["thumbs"] == 2
    assert out["prep_size"] == [1120, 1120]
    assert out["top"][0] > 150 > out["top"][2] and out["bottom"][2] > 150 > out["bottom"][0]  # red over blue
    assert out["peak_mb"] <= 1024, out

    cut = write_big_png(tmp_path / "bomb_cut.png", truncate_last_chunk=True)
    probe = subprocess.run([sys.executable, "-c", PROBE_ONLY, str(cut)], capture_output=True, text=True, cwd=REPO,
                           env=dict(os.environ, PYTHONPATH=str(REPO)), timeout=600)
    found = __import__("json").loads(probe.stdout.splitlines()[-1])
    assert found["state"] == "error" and found["error"].startswith("truncated file: the PNG's last chunk (IDAT)")
    assert found["peak_mb"] <= 200, found  # found by walking the chunks, not by decoding 1.6 GB


PROBE_ONLY = r"""
import json, os, resource, sys
def peak_mb():
    # VmHWM: this process's own high-water mark. ru_maxrss is not: Linux carries the forked parent's
    # resident size across exec, so a child of a big pytest process reports the parent's size.
    with open("/proc/self/status") as fh:
        return next(int(ln.split()[1]) for ln in fh if ln.startswith("VmHWM:")) / 1024
from app.library.probe import probe_file
st = os.stat(sys.argv[1])
rec = probe_file(sys.argv[1], st.st_size, st.st_mtime_ns)
print(json.dumps({"state": rec["state"], "error": rec["error"],
                  "peak_mb": peak_mb()}))
"""


@pytest.mark.parametrize("name", ["IMG_2682.heic", "Galaxy S24 FE — portrait.heic"])
def test_heic_grid_decoded_tile_by_tile_equals_libheifs_whole_decode(name: str) -> None:
    from app.library import heif_grid

    with open(HEIC / name, "rb") as fh:
        grid = heif_grid.open_grid(fh)
        assert grid is not None and grid.rows * grid.cols > 1
        tiled = reduced.heif_reduced(fh, 100_000, decode._to_rgb)  # no reduction: every pixel compared
    whole = decode._to_rgb(Image.open(HEIC / name))
    assert tiled.size == whole.size
    assert np.array_equal(np.asarray(tiled), np.asarray(whole))


def test_a_small_grid_heic_thumbnail_is_made_tile_by_tile_like_the_whole_decode(monkeypatch) -> None:
    """A 7 MP grid whose embedded thumbnail libheif cannot read went to libheif's whole decode (4.5
    bytes a pixel and Pillow's copy: 70 MB for a grid thumbnail); it is now decoded a row of tiles at
    a time, with the same picture."""
    from app.library import heif_grid

    path = HEIC / "Galaxy S24 FE — portrait.heic"
    whole = decode._to_rgb(Image.open(path)).resize((256, 118), Image.Resampling.LANCZOS)
    rows = []
    real = heif_grid.decode_rows
    monkeypatch.setattr(heif_grid, "decode_rows", lambda *a: (rows.append(1), *real(*a))[1:])
    thumb = decode.open_image(path, max_edge=256)
    assert rows, "the grid was decoded whole"
    assert thumb.size == whole.size
    diff = np.abs(np.asarray(thumb, dtype=np.int16) - np.asarray(whole, dtype=np.int16))
    assert diff.mean() < 2.0 and np.percentile(diff, 99) < 16


def test_a_heic_that_is_not_a_grid_still_decodes() -> None:
    from app.library import heif_grid

    path = REPO / "tests" / "data" / "photos" / "Formats" / "Stonehenge.heic"
    with open(path, "rb") as fh:
        assert heif_grid.open_grid(fh) is None
        img = reduced.heif_reduced(fh, 64, decode._to_rgb)
    assert max(img.size) >= 64


@pytest.mark.slow
def test_the_200mp_heic_is_prepared_within_its_decoded_size_plus_a_quarter(tmp_path: Path) -> None:
    path = HEIC / "Galaxy S24 Ultra 200MP.heic"
    proc = subprocess.run([sys.executable, "-c", MEASURE, str(path), str(tmp_path / "thumbs")], capture_output=True,
                          text=True, cwd=REPO, env=dict(os.environ, PYTHONPATH=str(REPO)), timeout=600)
    assert proc.returncode == 0, proc.stderr
    out = __import__("json").loads(proc.stdout.splitlines()[-1])
    assert out["state"] == "ok" and out["size"] == [12240, 16320] and out["prep_size"] == [840, 1120]  # upright
    decoded_mb = 16320 * 12240 * 3 / 2**20
    assert out["peak_mb"] <= decoded_mb * 1.25, out
