"""Reads with less work for exiftool (``read_args``) give the same answer as a full read."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from app.metadata import fields as F
from app.metadata import read_args as ra
from app.metadata.exiftool import ExifTool, parse_json
from app.metadata.plans import Payload
from app.metadata.writer import MetadataWriter, WritePolicy

pytestmark = [pytest.mark.exiftool, pytest.mark.skipif(not shutil.which("exiftool"), reason="exiftool missing")]
PHOTOS = Path(__file__).resolve().parents[1] / "data" / "photos"
STILLS = sorted([*PHOTOS.glob("Edited/*.jpg"), *PHOTOS.glob("Archive/*/*.jpg"), *PHOTOS.glob("2019/Holiday/*.jpg"),
                 *PHOTOS.glob("Formats/*.png"), *PHOTOS.glob("Formats/*.gif")])


def _full(et: ExifTool, path: str, tags: list[str] | None = None) -> dict:
    rec = parse_json(et.execute("-j", "-b", "-G1", *ra.read_args(tags, kind=ra.FULL), path).stdout)[0]
    tags_read = F.parse_record(path, rec).tags
    return {k: v for k, v in tags_read.items() if not k.startswith(("Keys:", "ItemList:", "UserData:", "Microsoft:"))}


def test_the_kinds_of_the_test_photos() -> None:
    kinds = {p.name: ra.kind_of(str(p)) for p in STILLS}
    assert kinds["PhotoMechanic.jpg"] == ra.STILL  # its PhotoMechanic trailer follows the picture
    assert kinds["Canon PowerShot G9 - Berlin.jpg"] == ra.JPEG
    assert all(k == ra.STILL for n, k in kinds.items() if not n.lower().endswith(".jpg"))


def test_shortcut_reads_equal_full_reads(tmp_path: Path) -> None:
    files = []
    for i, src in enumerate(STILLS):  # copies: the names stay readable whatever the test photos are called
        dest = tmp_path / f"{i:02d}{src.suffix}"
        shutil.copyfile(src, dest)
        files.append(str(dest))
    tags = ["XMP-dc:Description", "IFD0:ImageDescription", "IPTC:Caption-Abstract", "XMP-dc:Subject",
            "IPTC:Keywords", "XMP-dc:Title", "IFD0:XPKeywords", "ExifIFD:UserComment"]
    with ExifTool() as et:
        w = MetadataWriter(et, WritePolicy())
        many, some = w.read_many(files), w.read_many(files, tags=tags)
        assert set(many) == set(files)
        for f in files:
            full = {k: v for k, v in _full(et, f).items() if k != "SourceFile"}
            if "maker notes" in str(full.get("ExifTool:Warning")):  # not read, not looked at: nothing to warn of
                full.pop("ExifTool:Warning")
            assert many[f].tags == MetadataWriter(et).read(f).tags
            assert {k: v for k, v in many[f].tags.items() if k in full} == {
                k: v for k, v in full.items() if k in many[f].tags}, f
            assert set(full) - set(many[f].tags) <= {"File:Comment"}, f  # the comment is read from COM
            want = {k: v for k, v in _full(et, f, tags).items() if k != "SourceFile"}
            assert {k: v for k, v in some[f].tags.items() if k != "File:FileType"} == {
                k: v for k, v in want.items() if k != "File:FileType"}, f


def test_a_video_named_like_a_photo_is_read_in_full(tmp_path: Path) -> None:
    mp4, video = tmp_path / "clip.mp4", tmp_path / "clip.jpg"
    shutil.copyfile(PHOTOS / "Videos/carphone.mp4", mp4)
    assert "-Keys:all" not in ra.read_args(None, kind=ra.STILL)
    assert not ra.confirmed({"File:FileType": "MP4"}, ra.STILL) and ra.confirmed({"File:FileType": "PNG"}, ra.STILL)
    assert not ra.confirmed({"File:FileType": "PNG"}, ra.JPEG)
    with ExifTool() as et:
        w = MetadataWriter(et, WritePolicy())
        w.apply(w.prepare(str(mp4), Payload("A video caption", [], source="model", model="m"))[0])
        mp4.rename(video)  # its text is in the QuickTime groups a still image's read leaves out
        meta = w.read_many([str(video)])[str(video)]
        assert meta.get("File:FileType") == "MP4"
        assert "A video caption" in [v for v in meta.tags.values() if isinstance(v, str)], meta.tags
        one = w.read(str(video))
    assert "A video caption" in [v for v in one.tags.values() if isinstance(v, str)], one.tags


def test_a_jpeg_read_asks_for_no_png_chunks() -> None:
    """A wildcard tag name costs exiftool a look at every tag; a JPEG has no PNG text chunks."""
    assert not [a for a in ra.read_args(None, kind=ra.JPEG) if a.startswith("-PNG:")]
    assert "-PNG:Description*" in ra.read_args(None, kind=ra.STILL)  # a .png, .webp or .gif may have them
    assert "-PNG:Description*" in ra.read_args(None, kind=ra.FULL)
