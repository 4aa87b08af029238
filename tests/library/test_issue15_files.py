"""An oriented TIFF is turned upright once (Pillow already does it), its
size is the upright one; a description like "null" is not a caption."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from app.library import scanner
from app.library.boilerplate import is_boilerplate
from app.library.decode import open_image
from app.library.probe import probe_file
from tests.exiftool_cli import exiftool


def _g4_tiff(path: Path, orientation: int) -> Path:
    """A 590×88 bilevel scan (group 4), black block at the stored top-left, with an Orientation tag."""
    img = Image.new("1", (590, 88), 1)
    ImageDraw.Draw(img).rectangle([0, 0, 100, 40], fill=0)
    img.save(path, compression="group4")
    exiftool("-q", "-overwrite_original", f"-Orientation={orientation}", "-n", str(path), check=True)
    return path


@pytest.mark.exiftool
def test_bilevel_tiff_with_orientation_6_is_upright_once(tmp_path: Path):
    path = _g4_tiff(tmp_path / "scan.tif", 6)
    img = open_image(path)
    # orientation 6 = rotate 90° clockwise to view: 88 wide, 590 tall, the block at the top right
    assert img.size == (88, 590)
    assert img.getpixel((80, 10))[0] < 50 and img.getpixel((5, 10))[0] > 200
    assert open_image(path, max_edge=295).size == (44, 295)  # the caption/thumbnail path too
    st = path.stat()
    rec = probe_file(str(path), st.st_size, st.st_mtime_ns)
    assert (rec["width"], rec["height"]) == (88, 590) and rec["orientation"] == 6


@pytest.mark.exiftool
def test_tiff_orientation_3_is_applied_once(tmp_path: Path):
    img = open_image(_g4_tiff(tmp_path / "scan.tif", 3))
    assert img.size == (590, 88)
    assert img.getpixel((580, 80))[0] < 50 and img.getpixel((5, 5))[0] > 200  # block now bottom right


@pytest.mark.parametrize("text", ["null", "NULL", "(null)", "None", "undefined", "N/A", "nil", "[empty]", "NaN"])
def test_program_words_for_nothing_are_not_captions(text):
    assert is_boilerplate(text)


@pytest.mark.parametrize("text", ["Nullarbor Plain at dawn", "none of the boats are out", "a dog"])
def test_real_sentences_stay_captions(text):
    assert not is_boilerplate(text)


def test_a_null_description_is_not_indexed_as_a_caption(db, tmp_path: Path):
    root = tmp_path / "photos"
    root.mkdir()
    for name, desc in (("null.jpg", "null"), ("real.jpg", "A red boat on a lake")):
        exif = Image.Exif()
        exif[0x010E] = desc
        Image.new("RGB", (64, 48), (200, 30, 30)).save(root / name, "JPEG", exif=exif.tobytes())
    scanner.index_folders(db, [str(root)])
    rows = {r["filename"]: r for r in db.query("SELECT filename, caption, caption_state, caption_source FROM photos")}
    assert rows["null.jpg"]["caption"] is None and (rows["null.jpg"]["caption_state"] or "none") == "none"
    assert rows["real.jpg"]["caption"] == "A red boat on a lake" and rows["real.jpg"]["caption_source"] == "file"
