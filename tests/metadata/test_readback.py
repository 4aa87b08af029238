"""The verification of a JPEG write from the file's own bytes (``readback``): it reads what exiftool
reads, it only ever confirms (a corrupted or failed write still ends in the same error), and a layout
it does not trust is left to exiftool."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest

from app.metadata import fields as F
from app.metadata import readback
from app.metadata.exiftool import ExifTool
from app.metadata.plans import Payload, WriteError
from app.metadata.writer import MetadataWriter, WritePolicy

pytestmark = [pytest.mark.exiftool, pytest.mark.skipif(not shutil.which("exiftool"), reason="exiftool missing")]
PHOTOS = Path(__file__).resolve().parents[1] / "data" / "photos"
INTEL = PHOTOS / "Archive/2010s/Canon PowerShot G9 - Berlin.jpg"  # little-endian EXIF
MOTOROLA = PHOTOS / "2019/Holiday/FurnaceCreekInn.jpg"  # big-endian EXIF, UTF-8 IPTC
TEXT = "Zwei Kinder am Strand – ö ü 北京\nzweite Zeile"
FIELDS = {  # every field the reader knows, as exiftool writes them
    "XMP-dc:Description-x-default": TEXT, "XMP-dc:Description-de": "Deutsch", "XMP-dc:Title-x-default": "Titel",
    "XMP-dc:Subject": ["a", "b ö"], "XMP-lr:HierarchicalSubject": ["Places|Berlin"],
    "XMP-digiKam:TagsList": ["Places/Berlin"], "XMP-microsoft:LastKeywordXMP": ["a"],
    "XMP-iptcCore:AltTextAccessibility-x-default": "alt", "XMP-iptcCore:ExtDescrAccessibility-x-default": "long",
    "XMP-exif:UserComment-x-default": TEXT, "XMP-tiff:ImageDescription-x-default": TEXT,
    "XMP-albumwise:CaptionSource": "model", "XMP-albumwise:HumanApproved": "True",
    "IFD0:ImageDescription": TEXT, "IFD0:XPComment": TEXT, "IFD0:XPSubject": "s", "IFD0:XPTitle": "t",
    "IFD0:XPKeywords": "a;b", "ExifIFD:UserComment": TEXT, "IPTC:CodedCharacterSet": "UTF8",
    "IPTC:Caption-Abstract": TEXT, "IPTC:Keywords": ["k1", "k ö"], "File:Comment": "com",
}
TAGS = [t.replace("-x-default", "") for t in FIELDS]


def _set(et: ExifTool, path: Path, fields: dict) -> None:
    args = ["-overwrite_original", "-ec"]
    for tag, value in fields.items():
        for v in value if isinstance(value, list) else [value]:
            args.append(f"-{tag}={v}".replace("\n", "\\n"))
    res = et.execute(*args, str(path))
    assert res.status == 0, res.stderr


@pytest.mark.parametrize("source", [INTEL, MOTOROLA], ids=["intel", "motorola"])
def test_every_field_reads_as_exiftool_reads_it(tmp_path: Path, source: Path) -> None:
    photo = tmp_path / "p.jpg"
    shutil.copyfile(source, photo)
    with ExifTool() as et:
        _set(et, photo, FIELDS)
        theirs = MetadataWriter(et).read(str(photo), tags=TAGS)
    ours = readback.read_fields(str(photo), TAGS)
    assert set(ours.tags) == set(TAGS)
    for tag in TAGS:
        want = theirs.get(tag)
        assert ours.get(tag) == (F.as_list(want) if isinstance(ours.get(tag), list) else want), tag


def test_an_ascii_user_comment_reads_as_exiftool_reads_it(tmp_path: Path) -> None:
    photo = tmp_path / "p.jpg"
    shutil.copyfile(INTEL, photo)
    with ExifTool() as et:
        _set(et, photo, {"ExifIFD:UserComment": "plain text  "})  # exiftool drops the trailing spaces
        theirs = MetadataWriter(et).read(str(photo), tags=[F.EXIF_USERCOMMENT])
    assert readback.read_fields(str(photo), [F.EXIF_USERCOMMENT]).tags == {F.EXIF_USERCOMMENT: "plain text"}
    assert theirs.get(F.EXIF_USERCOMMENT) == "plain text"


def _written(tmp_path: Path, et: ExifTool, n: int = 3) -> tuple[MetadataWriter, list]:
    w = MetadataWriter(et, WritePolicy())
    files = []
    for i in range(n):
        shutil.copyfile(INTEL, tmp_path / f"p{i}.jpg")
        files.append(str(tmp_path / f"p{i}.jpg"))
    metas = w.read_many(files)
    plans = [w.prepare(f, Payload(f"Caption {i} ö", ["k", f"k{i}"], source="model", model="m"), pre=metas)[0]
             for i, f in enumerate(files)]
    for plan in plans:
        w.apply(plan, verify=False)
    return w, plans


class _Counting:
    """Counts the exiftool reads (``-j``) made through one ``ExifTool``."""

    def __init__(self, et: ExifTool, monkeypatch: pytest.MonkeyPatch) -> None:
        self.reads = 0
        real = et.execute

        def execute(*args: str, **kw: object) -> object:
            self.reads += "-j" in args
            return real(*args, **kw)

        monkeypatch.setattr(et, "execute", execute)


def test_a_written_jpeg_is_verified_without_an_exiftool_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with ExifTool() as et:
        w, plans = _written(tmp_path, et)
        count = _Counting(et, monkeypatch)
        metas = w.verify_many(plans)
        for plan in plans:
            assert w.check(plan, metas[plan.path])[F.XMP_DESCRIPTION] == plan.expected[F.XMP_DESCRIPTION]
        w.check(plans[0], w.read_back(plans[0]))
        assert count.reads == 0


def _patch(path: str, old: bytes, new: bytes) -> None:
    data = Path(path).read_bytes()
    assert data.count(old) >= 1 and len(old) == len(new)
    Path(path).write_bytes(data.replace(old, new, 1))


@pytest.mark.parametrize("where", ["xmp", "exif", "missing write"])
def test_a_corrupted_write_is_still_caught(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str) -> None:
    with ExifTool() as et:
        w, plans = _written(tmp_path, et)
        bad = plans[1]
        if where == "xmp":  # the XMP packet holds other text of the same length
            _patch(bad.path, b">Caption 1 \xc3\xb6<", b">Caption 7 \xc3\xb6<")
        elif where == "exif":
            _patch(bad.path, b"Caption 1 \xc3\xb6\x00", b"Caption X \xc3\xb6\x00")
        else:  # the write never happened
            shutil.copyfile(INTEL, bad.path)
        count = _Counting(et, monkeypatch)
        metas = w.verify_many(plans)
        assert count.reads == 1  # the one that does not read back as planned goes to exiftool
        assert readback.confirmed_meta(bad) is None
        with pytest.raises(WriteError, match="reads back differently"):
            w.check(bad, metas[bad.path])
        with pytest.raises(WriteError, match="reads back differently"):
            w.check(bad, w.read_back(bad))
        for ok in (plans[0], plans[2]):
            w.check(ok, metas[ok.path])


def _segment(marker: int, payload: bytes) -> bytes:
    return bytes([0xFF, marker]) + (len(payload) + 2).to_bytes(2, "big") + payload


def _with_segment(src: str, seg: bytes) -> bytes:
    data = Path(src).read_bytes()
    return data[:2] + seg + data[2:]


def test_layouts_it_does_not_trust_go_to_exiftool(tmp_path: Path) -> None:
    with ExifTool() as et:
        _, plans = _written(tmp_path, et, 1)
    plan = plans[0]
    assert readback.confirmed_meta(plan) is not None
    original = Path(plan.path).read_bytes()
    packet = (b"<x:xmpmeta xmlns:x='adobe:ns:meta/'>"
              b"<rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'/></x:xmpmeta>")
    cases = {
        "a second XMP packet": _with_segment(plan.path, _segment(0xE1, b"http://ns.adobe.com/xap/1.0/\x00" + packet)),
        "extended XMP": _with_segment(plan.path, _segment(0xE1, b"http://ns.adobe.com/xmp/extension/\x00" + b"0" * 40)),
        "a second EXIF block": _with_segment(plan.path, _segment(0xE1, b"Exif\x00\x00II*\x00\x08\x00\x00\x00\x00\x00")),
        "cut off": original[:600],
    }
    for why, data in cases.items():
        Path(plan.path).write_bytes(data)
        assert readback.confirmed_meta(plan) is None, why


def test_a_duplicated_or_hostile_xmp_property_is_not_read() -> None:
    rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
    twice = (f"<x:xmpmeta xmlns:x='adobe:ns:meta/'><rdf:RDF xmlns:rdf='{rdf}'>"
             "<rdf:Description xmlns:dc='http://purl.org/dc/elements/1.1/'><dc:description><rdf:Alt>"
             "<rdf:li xml:lang='x-default'>ours</rdf:li></rdf:Alt></dc:description></rdf:Description>"
             "<rdf:Description xmlns:dc='http://purl.org/dc/elements/1.1/'><dc:description><rdf:Alt>"
             "<rdf:li xml:lang='x-default'>theirs</rdf:li></rdf:Alt></dc:description></rdf:Description>"
             "</rdf:RDF></x:xmpmeta>").encode()
    with pytest.raises(readback.Unclear):
        readback.xmp_values(twice)
    bomb = (b"<?xml version='1.0'?><!DOCTYPE x [<!ENTITY a 'aaaaaaaaaa'><!ENTITY b '&a;&a;&a;&a;&a;&a;'>]>"
            b"<x:xmpmeta xmlns:x='adobe:ns:meta/'>&b;</x:xmpmeta>")
    with pytest.raises(readback.Unclear):
        readback.xmp_values(bomb)


def test_whenever_it_confirms_a_damaged_file_exiftool_agrees(tmp_path: Path) -> None:
    """Random damage to the metadata segments: the reader never raises, and whatever it confirms is
    what exiftool reads from the same bytes."""
    with ExifTool() as et:
        w, plans = _written(tmp_path, et, 1)
        plan = plans[0]
        data = Path(plan.path).read_bytes()
        header = data.index(b"\xff\xda")  # the segments before the image data
        rng = random.Random(7)
        damaged: list[tuple[str, object]] = []
        for i in range(60):
            buf = bytearray(data)
            for _ in range(rng.choice((1, 2, 8))):
                buf[rng.randrange(2, header)] = rng.randrange(256)
            path = tmp_path / f"d{i}.jpg"
            path.write_bytes(bytes(buf))
            clone = type(plan)(**{**plan.__dict__, "path": str(path)})
            damaged.append((str(path), readback.confirmed_meta(clone)))
        theirs = w.read_many([p for p, _ in damaged], tags=list(plan.expected))
    confirmed = [(p, m) for p, m in damaged if m is not None]
    assert 0 < len(confirmed) < len(damaged)  # some damage hits our fields, some does not
    for path, meta in confirmed:
        assert path in theirs
        for tag in plan.expected:
            assert F.as_list(meta.get(tag)) == F.as_list(theirs[path].get(tag)), (path, tag)
