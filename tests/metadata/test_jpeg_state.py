"""The read before a write of a plain JPEG from its own bytes (``jpeg_state``): whenever it answers, the
answer is exiftool's own for every field a write looks at; anything unusual is left to exiftool."""

from __future__ import annotations

import random
import shutil
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from app.metadata import fields as F
from app.metadata import jpeg_state, readback
from app.metadata.exiftool import ExifTool
from app.metadata.plans import Payload
from app.metadata.writer import MetadataWriter, WritePolicy

pytestmark = [pytest.mark.exiftool, pytest.mark.skipif(not shutil.which("exiftool"), reason="exiftool missing")]
PHOTOS = Path(__file__).resolve().parents[1] / "data" / "photos"
INTEL = PHOTOS / "Archive/2010s/Canon PowerShot G9 - Berlin.jpg"
MOTOROLA = PHOTOS / "2019/Holiday/FurnaceCreekInn.jpg"  # big-endian EXIF, UTF-8 IPTC
LOOKED_AT = {*jpeg_state.IFD0_ASCII.values(), *jpeg_state.IFD0_WINDOWS.values(), F.EXIF_YCBCR, F.EXIF_USERCOMMENT,
             F.JPEG_COMMENT, F.IPTC_DIGEST, "File:FileType"}


XMP_LOOKED_AT = {*readback.XMP_TAGS, F.XMP_TOOLKIT, "XMP-dc:Creator", "XMP-dc:Rights", "XMP-photoshop:Credit",
                 "XMP-photoshop:City", "XMP-photoshop:State", "XMP-photoshop:Country"}
XMP_IGNORED = ("XMP-xmp:", "XMP-xmpMM:", "XMP-xmpRights:", "XMP-crs:", "XMP-aux:", "XMP-exif:", "XMP-tiff:",
               "XMP-photoshop:", "XMP-dc:", "XMP-exifEX:")


def _looked_at(meta: F.FileMeta) -> dict[str, Any]:
    """The fields of an exiftool read a write looks at: every IPTC field, the XMP fields a write reads
    (any other must be from a namespace no write looks at), and those above."""
    out = {}
    for k, v in meta.tags.items():
        if k.startswith("XMP-") and F.lang_of(k)[0] not in XMP_LOOKED_AT:
            assert k.startswith(XMP_IGNORED), k
        elif k.startswith(("XMP-", "IPTC:")) or k in LOOKED_AT:
            out[k] = v
    return out


def _agrees(et: ExifTool, path: Path) -> F.FileMeta | None:
    """``plain_meta`` of ``path``, checked against exiftool's read of the same file."""
    ours = jpeg_state.plain_meta(str(path))
    if ours is None:
        return None
    theirs = MetadataWriter(et).read(str(path))
    assert ours.tags == _looked_at(theirs), path
    for prop in ("has_xmp", "has_iptc", "has_ifd0", "iptc_writable", "file_type", "camera"):
        assert getattr(ours, prop) == getattr(theirs, prop), (path, prop)
    assert (ours.description(), ours.keywords()) == (theirs.description(), theirs.keywords())
    return ours


def _camera_jpeg(dest: Path, source: Path = INTEL) -> Path:
    """A JPEG as a camera writes it: the source's EXIF (IFD0, Exif IFD, maker notes), nothing else."""
    with Image.open(source) as im:
        im.convert("RGB").resize((64, 48)).save(dest, "JPEG", exif=im.info.get("exif", b""))
    return dest


def _write(et: ExifTool, path: Path, i: int) -> None:
    w = MetadataWriter(et, WritePolicy())
    payload = Payload(f"A caption ö 北京 {i}\nsecond line", ["strand", f"k{i}", "ö"], title="Titel",
                      source="model", model="m", alt_text="alt", language="en",
                      translations={"de": {"text": "Ein Strand", "alt_text": "Alt"}})
    for plan in w.prepare(str(path), payload):
        w.apply(plan)


def test_the_test_photos_read_as_exiftool_reads_them_before_and_after_a_write(tmp_path: Path) -> None:
    answered = 0
    with ExifTool() as et:
        for i, src in enumerate(sorted(PHOTOS.rglob("*.jp*g"))):
            photo = tmp_path / f"p{i}.jpg"
            shutil.copyfile(src, photo)
            answered += _agrees(et, photo) is not None
            try:
                _write(et, photo, i)
            except Exception:  # noqa: BLE001 - a file the writer refuses has nothing more to show here
                continue
            answered += _agrees(et, photo) is not None
        # The common cases are answered: a camera's JPEG, and any JPEG after our own write.
        for src in (INTEL, MOTOROLA):
            _camera_jpeg(tmp_path / "c.jpg", src)
            assert _agrees(et, tmp_path / "c.jpg") is not None
            _write(et, tmp_path / "c.jpg", 0)
            assert _agrees(et, tmp_path / "c.jpg") is not None
    assert answered >= 30  # of 110 reads: most test photos carry XMP from other apps (left to exiftool)


def _pillow(path: Path, exif: dict[int, Any], sub: dict[int, Any] | None = None) -> Path:
    ex = Image.Exif()
    for tag, value in exif.items():
        ex[tag] = value
    if sub is not None:
        ex.get_ifd(0x8769).update(sub)
    Image.new("RGB", (16, 16)).save(path, exif=ex.tobytes())
    return path


@pytest.mark.parametrize("exif, sub, answered", [
    ({0x013B: "", 0x8298: "", 0x010F: "Canon", 0x0110: ""}, None, True),  # a camera's blank artist, copyright
    ({0x013B: "Jane  "}, None, False),  # exiftool drops trailing blanks
    ({0x8298: "Photographer\x00Editor"}, None, False),  # exiftool turns the NUL into a line break
    ({0x0112: 1}, {0x9286: b"\x00" * 8 + b"\x00" * 20}, True),  # a camera's blank UserComment
    ({0x0112: 1}, {0x9286: b"\x00" * 8 + b"text  \x00"}, True),
    ({0x0112: 1}, {0x9286: b"JIS\x00\x00\x00\x00\x00abc"}, False),
    ({}, {0x9003: "2020:01:01 00:00:00"}, True),  # IFD0 with only the Exif pointer: exiftool shows no IFD0
    ({0x0213: 1, 0x010E: "desc"}, None, True),
    ({0x0213: 3}, None, False),
])
def test_exif_as_cameras_write_it(tmp_path: Path, exif: dict[int, Any], sub: dict[int, Any] | None,
                                  answered: bool) -> None:
    photo = _pillow(tmp_path / "p.jpg", exif, sub)
    with ExifTool() as et:
        assert (_agrees(et, photo) is not None) == answered


@pytest.mark.parametrize("args", [
    ["-IPTC:City=Berlin"],  # a dataset this reader does not know
    ["-IPTC:Caption-Abstract=caf\xe9", "-charset", "iptc=Latin"],  # not UTF-8
    ["-XMP-photoshop:City=Berlin"],  # a property it does not know
    ["-XMP-dc:Creator=Jane"],  # a credit
    ["-XMP-dc:Subject="],
])
def test_fields_it_does_not_know_go_to_exiftool(tmp_path: Path, args: list[str]) -> None:
    photo = _camera_jpeg(tmp_path / "p.jpg")
    with ExifTool() as et:
        res = et.execute("-overwrite_original", *args, "-XMP-dc:Description=x", "-IPTC:Keywords=k", str(photo))
        assert res.status == 0, res.stderr
        assert jpeg_state.plain_meta(str(photo)) is None or args == ["-XMP-dc:Subject="]
        _agrees(et, photo)


def test_an_mpo_and_a_jpeg_with_a_trailer_go_to_exiftool(tmp_path: Path) -> None:
    photo = tmp_path / "p.jpg"
    data = _camera_jpeg(tmp_path / "c.jpg").read_bytes()
    mpf = b"\xff\xe2" + (2 + 8).to_bytes(2, "big") + b"MPF\x00II*\x00"
    photo.write_bytes(data[:2] + mpf + data[2:])
    assert jpeg_state.plain_meta(str(photo)) is None
    photo.write_bytes(data + b"trailer")
    assert jpeg_state.plain_meta(str(photo)) is None
    photo.write_bytes(data)
    assert jpeg_state.plain_meta(str(photo)) is not None


def test_whenever_it_answers_for_a_damaged_file_exiftool_agrees(tmp_path: Path) -> None:
    src = _camera_jpeg(tmp_path / "src.jpg")
    with ExifTool() as et:
        _write(et, src, 1)
        data = bytearray(src.read_bytes())
        head = data.index(b"\xff\xda")  # damage only the metadata segments
        rng = random.Random(11)
        for n in range(60):
            bad = bytearray(data)
            for _ in range(rng.randint(1, 4)):
                bad[rng.randrange(2, head)] = rng.randrange(256)
            photo = tmp_path / f"d{n}.jpg"
            photo.write_bytes(bytes(bad))
            try:
                _agrees(et, photo)
            except AssertionError:
                raise
            except Exception:  # noqa: BLE001 - exiftool itself could not read it: nothing to compare
                pass
