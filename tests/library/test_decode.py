"""open_image on real corpus files: upright orientation, formats, sizes, broken input."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from PIL import ImageChops, ImageStat

from app.library.decode import DecodeError, fit_size, normalize_orientation, open_image

ORIENT = [f"Misc/Orientation/Landscape_{i}.jpg" for i in range(9)]


def _diff(a, b) -> float:
    """Mean absolute per-channel difference (0..255) of two same-size images."""
    return sum(ImageStat.Stat(ImageChops.difference(a, b)).mean) / 3


@pytest.mark.parametrize("name", ORIENT)
def test_orientation_files_come_out_upright(corpus_dir: Path, name: str) -> None:
    ref = open_image(corpus_dir / ORIENT[1], max_edge=300)
    img = open_image(corpus_dir / name, max_edge=300)
    assert img.mode == "RGB"
    assert img.size == ref.size == (300, 200)
    # The same photo: upright it matches the orientation-1 reference pixel for pixel (within JPEG noise)...
    assert _diff(img, ref) < 12
    # ...and is far from its mirrored / rotated versions, so a wrong transform would be caught.
    assert _diff(img, ref.transpose(0)) > 25  # FLIP_LEFT_RIGHT
    assert _diff(img, ref.rotate(180)) > 25


def test_orientation_patch_top_left_matches_reference(corpus_dir: Path) -> None:
    ref = open_image(corpus_dir / ORIENT[1], max_edge=120)
    box = (0, 0, 30, 20)
    ref_patch = ImageStat.Stat(ref.crop(box)).mean
    for name in ORIENT:
        patch = ImageStat.Stat(open_image(corpus_dir / name, max_edge=120).crop(box)).mean
        assert all(abs(a - b) < 20 for a, b in zip(patch, ref_patch)), name


def test_max_edge_bounds_long_side_and_full_size_without(corpus_dir: Path) -> None:
    big = corpus_dir / "Misc/Orientation/Landscape_8.jpg"  # stored 1200x1800, orientation 8 -> landscape
    assert open_image(big, max_edge=1120).size == (1120, 747)
    full = open_image(corpus_dir / "Misc/Orientation/Landscape_6.jpg")
    assert full.size == (1800, 1200)


@pytest.mark.parametrize(
    "name,size",
    [
        ("Phone/HEIC/Galaxy S24 FE — portrait.heic", (1120, 517)),  # pillow-heif rotated: not twice
        ("Phone/HEIC/IMG_2682.heic", (1120, 840)),
        ("Formats/mountains.avif", (1120, 630)),
        ("Formats/Stonehenge.heic", (300, 200)),
        ("Phone/Camera Roll/iPhone X export.webp", (240, 320)),
        ("Formats/Issue 201.gif", (500, 375)),
        ("Formats/exif_imagemagick_orientation.png", (512, 512)),
        ("Scans/Epson PerfectionV800.tiff", (425, 640)),
        ("Formats/frozenpond.mpo", (640, 480)),
        ("Raw/FujiFilm.raf", (160, 120)),  # a stub, but its small embedded preview is a real picture
    ],
)
def test_formats_decode_rgb(corpus_dir: Path, name: str, size: tuple[int, int]) -> None:
    img = open_image(corpus_dir / name, max_edge=1120)
    assert img.mode == "RGB"
    assert img.size == size


@pytest.mark.slow
def test_200mp_heic_decodes_and_is_not_a_bomb(corpus_dir: Path) -> None:
    img = open_image(corpus_dir / "Phone/HEIC/Galaxy S24 Ultra 200MP.heic", max_edge=512)
    assert img.size == (384, 512)  # 12240x16320 portrait after the irot box


@pytest.mark.parametrize(
    "name,reason",
    [
        ("Broken/truncated_jpeg.jpg", "truncated file"),
        ("Broken/IMG_0300 (copy interrupted).jpg", "truncated file"),
        ("Broken/truncated_image.png", "truncated file"),
        ("Broken/empty.jpg", "empty file (0 bytes)"),
        ("Broken/empty.heic", "empty file (0 bytes)"),
        ("Broken/not_an_image.jpg", "not an image or unsupported format"),
        ("Broken/broken.png", "not an image or unsupported format"),
        ("Broken/corrupted.heic", "not an image or unsupported format"),
        ("Broken/table.jpg", "not an image or unsupported format"),
        ("Formats/test_0001.jxl", "not an image or unsupported format"),
        ("Broken/decompression_bomb.gif", "decompression bomb"),
        ("Raw/Nikon.nef", "no picture in this file: the raw image data is missing"),
        ("Raw/Panasonic.rw2", "no picture in this file: the raw image data is missing"),  # an 8×8 preview
        ("Raw/nikon_z_9_he_dx.dng", "no picture in this file"),  # its preview is one flat colour
        ("Raw/CanonRaw.cr2", "no picture in this file: a 9 KB raw file is too small to hold a photo"),
        ("Raw/fixture-sony-zv-e10.arw", "no picture in this file"),
    ],
)
def test_broken_files_give_plain_reasons_and_stay_untouched(corpus_dir: Path, name: str, reason: str) -> None:
    path = corpus_dir / name
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    with pytest.raises(DecodeError) as info:
        open_image(path, max_edge=256)
    assert str(info.value).startswith(reason)
    assert "\n" not in str(info.value)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(DecodeError, match="file not found"):
        open_image(tmp_path / "nope.jpg")


def test_helpers() -> None:
    assert normalize_orientation(0) == 1
    assert normalize_orientation("9") == 1
    assert normalize_orientation(None) == 1
    assert normalize_orientation(6) == 6
    assert fit_size(6000, 4000, 1120) == (1120, 747)
    assert fit_size(100, 50, 1120) == (100, 50)


def test_generated_modes_become_rgb(tmp_path: Path) -> None:
    import numpy as np
    from PIL import Image

    # 16-bit greyscale TIFF: scaled, not clipped to white
    arr = np.full((20, 30), 32768, dtype=np.uint16)
    Image.fromarray(arr).save(tmp_path / "g16.tif")
    img = open_image(tmp_path / "g16.tif")
    assert img.mode == "RGB" and img.size == (30, 20)
    assert 120 <= img.getpixel((5, 5))[0] <= 135
    # CMYK TIFF
    Image.new("CMYK", (10, 10), (0, 255, 255, 0)).save(tmp_path / "cmyk.tif")
    r, g, b = open_image(tmp_path / "cmyk.tif").getpixel((2, 2))
    assert r > 200 and g < 50 and b < 50
    # palette PNG with a transparent colour, and RGBA: flattened on white
    p = Image.new("P", (10, 10), 0)
    p.putpalette([0, 0, 0, 255, 0, 0] + [0] * 762)
    p.info["transparency"] = 0
    p.save(tmp_path / "pal.png", transparency=0)
    assert open_image(tmp_path / "pal.png").getpixel((1, 1)) == (255, 255, 255)
    Image.new("RGBA", (10, 10), (0, 0, 255, 0)).save(tmp_path / "rgba.png")
    assert open_image(tmp_path / "rgba.png").getpixel((1, 1)) == (255, 255, 255)
    # animated GIF: the first frame
    frames = [Image.new("RGB", (8, 8), c) for c in ((255, 0, 0), (0, 255, 0))]
    frames[0].save(tmp_path / "anim.gif", save_all=True, append_images=frames[1:])
    r, g, b = open_image(tmp_path / "anim.gif").getpixel((3, 3))
    assert r > 200 and g < 50
    # BMP, and max_edge on a non-JPEG
    Image.new("RGB", (400, 100), (10, 20, 30)).save(tmp_path / "x.bmp")
    assert open_image(tmp_path / "x.bmp", max_edge=100).size == (100, 25)


def test_xmp_parser_rejects_entity_bombs_and_reads_utf16() -> None:
    from app.library import xmp

    bomb = ('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>'
            '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
            '<rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>&b;</dc:title>'
            '</rdf:Description></rdf:RDF></x:xmpmeta>')
    assert xmp.parse(bomb) == {}
    packet = ('<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
              '<rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:tiff="http://ns.adobe.com/tiff/1.0/" '
              'tiff:Orientation="6"><dc:description><rdf:Alt><rdf:li xml:lang="de">Hallo</rdf:li>'
              '<rdf:li xml:lang="x-default">Café ☕</rdf:li></rdf:Alt></dc:description>'
              '<dc:subject><rdf:Bag><rdf:li>a</rdf:li><rdf:li>b</rdf:li></rdf:Bag></dc:subject>'
              '</rdf:Description></rdf:RDF></x:xmpmeta>')
    for data in (packet, packet.encode("utf-8"), packet.encode("utf-16-le"), "\ufeff".encode("utf-16-be") + packet.encode("utf-16-be")):
        out = xmp.parse(data)
        assert (out["description"], out["subject"], out["orientation"]) == ("Café ☕", ["a", "b"], "6")


def test_small_rgb_image_is_detached_from_its_file(tmp_path: Path) -> None:
    """A photo already small enough comes back with its pixels in memory, not tied to a closed file."""
    from PIL import Image

    small = tmp_path / "small.png"
    Image.new("RGB", (40, 30), (10, 200, 30)).save(small)
    img = open_image(small, max_edge=1120)
    from PIL import ImageFile

    assert not isinstance(img, ImageFile.ImageFile)  # a plain in-memory image, no decoder or handle
    img.load()
    assert img.size == (40, 30) and img.getpixel((5, 5)) == (10, 200, 30)
    small.unlink()  # nothing keeps the file open
    assert img.copy().getpixel((0, 0)) == (10, 200, 30)
