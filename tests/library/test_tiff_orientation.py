"""Every kind of TIFF is shown upright once: bilevel fax scans, greyscale, 16-bit, palette, CMYK,
compressed or not, oriented in IFD0 or only in XMP; the index's size is the upright one too, and what
captioning sends is upright."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from app.captioning.prep import prepare_image
from app.library import thumbs
from app.library.decode import open_image
from app.library.probe import probe_file

# orientation -> where the block drawn at the stored top-left ends up once upright
CORNER = {2: "tr", 3: "br", 4: "bl", 5: "tl", 6: "tr", 7: "br", 8: "bl"}
KINDS = [("1", "group4"), ("1", "group3"), ("1", None), ("L", "tiff_lzw"), ("L", None), ("I;16", None),
         ("P", "packbits"), ("RGB", "jpeg"), ("RGB", "tiff_adobe_deflate"), ("CMYK", None), ("RGBA", "tiff_lzw")]


def _scan(path: Path, mode: str, compression: str | None, orientation: int | None, size=(590, 88)) -> Path:
    img = Image.new("L", size, 255)
    ImageDraw.Draw(img).rectangle([0, 0, size[0] // 6, size[1] // 3], fill=0)
    if mode == "I;16":
        img = img.point(lambda v: v * 257, "I").convert("I;16")
    elif mode != "L":
        img = img.convert(mode)
    kw = {"compression": compression} if compression else {}
    img.save(path, "TIFF", **({"tiffinfo": {274: orientation}} if orientation else {}), **kw)
    return path


def _dark(img: Image.Image, corner: str) -> bool:
    g = img.convert("L")
    w, h = g.size
    x = 2 if corner[1] == "l" else w - 3
    y = 2 if corner[0] == "t" else h - 3
    return g.getpixel((x, y)) < 100


def _check(path: Path, orientation: int) -> None:
    swapped = orientation >= 5
    for got in (open_image(path), open_image(path, max_edge=256),
                Image.open(io.BytesIO(prepare_image(path, max_edge=400)))):
        assert (got.height > got.width) == swapped, got.size
        assert _dark(got, CORNER[orientation]), (orientation, got.size)
    st = path.stat()
    rec = probe_file(str(path), st.st_size, st.st_mtime_ns)
    assert rec["state"] == "ok" and rec["orientation"] == orientation
    assert (rec["height"] > rec["width"]) == swapped


@pytest.mark.parametrize("mode,compression", KINDS)
@pytest.mark.parametrize("orientation", [6, 8, 3, 5])
def test_every_tiff_kind_is_upright_once(tmp_path: Path, mode: str, compression: str | None, orientation: int):
    _check(_scan(tmp_path / "scan.tif", mode, compression, orientation), orientation)


@pytest.mark.exiftool
@pytest.mark.parametrize("mode,compression", [("1", "group4"), ("L", "tiff_lzw"), ("RGB", None)])
def test_a_tiff_oriented_only_in_xmp_is_upright_and_indexed_upright(tmp_path: Path, mode, compression) -> None:
    path = _scan(tmp_path / "scan.tif", mode, compression, None)
    subprocess.run(["exiftool", "-q", "-q", "-overwrite_original", "-XMP-tiff:Orientation=6", "-n", str(path)],
                   check=True)
    _check(path, 6)


def test_a_large_bilevel_scan_is_upright_through_the_reduced_path(tmp_path: Path) -> None:
    path = _scan(tmp_path / "a4.tif", "1", "group4", 6, size=(3508, 2480))
    _check(path, 6)
    made = thumbs.make(path, "ab" * 16, tmp_path / "thumbs", (thumbs.GRID,))
    with Image.open(made[thumbs.GRID]) as t:
        assert t.height > t.width and _dark(t, "tr")
