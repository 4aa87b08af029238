"""Sidecars and RAW+JPEG pairs: the JPEG of a pair is written in its file and never touches ``NAME.xmp``;
the RAW's sidecar (ours or Lightroom's) is merged, never replaced; a sidecar that appears after our
in-file write is another app's edit; a sidecar carries the caption where every app looks; keyword
removals made elsewhere can be taken and leave every keyword field. Real exiftool (and exiv2)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "review"))
import problem_files as pf  # noqa: E402
from review_helpers import copy_corpus, make_photo, read_tags  # noqa: E402

from app.metadata import sidecars  # noqa: E402
from app.metadata.writer import WritePolicy  # noqa: E402
from app.review import conflicts, lifecycle, writeback  # noqa: E402
from app.store import photos  # noqa: E402

pytestmark = [pytest.mark.exiftool, pytest.mark.skipif(not shutil.which("exiftool"), reason="exiftool missing")]

LR = WritePolicy(sidecar_naming="base")
LIGHTROOM_XMP = """<x:xmpmeta xmlns:x="adobe:ns:meta/" x:xmptk="Adobe XMP Core 7.0-c000">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about="" xmlns:crs="http://ns.adobe.com/camera-raw-settings/1.0/"
    xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:lr="http://ns.adobe.com/lightroom/1.0/" xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    crs:Exposure2012="+0.35" crs:Version="15.0" photoshop:SidecarForExtension="NEF" xmp:Rating="3">
   <dc:subject><rdf:Bag><rdf:li>Places</rdf:li><rdf:li>Iceland</rdf:li></rdf:Bag></dc:subject>
   <lr:hierarchicalSubject><rdf:Bag><rdf:li>Places|Iceland</rdf:li></rdf:Bag></lr:hierarchicalSubject>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
"""


def _approve(db, path: Path, text: str, keywords=(), **kw) -> int:
    pid = make_photo(db, path, text=text, keywords=list(keywords), **kw)
    lifecycle.approve(db, pid)
    return pid


def _write(db, pid: int, policy: WritePolicy | None = None, *, force: bool = False) -> writeback.WriteOutcome:
    with writeback.WriterSession(policy or WritePolicy()) as s:
        return writeback.write_photo(writeback.direct(db), s.writer, pid, force=force)


def _pair(folder: Path) -> tuple[Path, Path, Path]:
    raw = copy_corpus("Raw/Nikon.nef", folder, "IMG_1.NEF")
    jpg = copy_corpus("Archive/Web copies/Nikon_D70.jpg", folder, "IMG_1.JPG")
    side = folder / "IMG_1.xmp"
    side.write_text(LIGHTROOM_XMP, encoding="utf-8")
    return raw, jpg, side


def test_names_tell_whose_sidecar_it_is() -> None:
    names = ["IMG_1.NEF", "IMG_1.JPG", "IMG_1.xmp", "IMG_2.JPG", "IMG_2.xmp", "IMG_3.CR2.xmp", "IMG_3.CR2"]
    assert sidecars.base_owner("/p/IMG_1.JPG", names) == "IMG_1.NEF"
    assert sidecars.sidecar_for("IMG_1.NEF", set(names)) == "IMG_1.xmp"
    assert sidecars.sidecar_for("IMG_1.JPG", set(names)) is None  # the RAW's, never the JPEG's
    assert sidecars.sidecar_for("IMG_2.JPG", set(names)) == "IMG_2.xmp"
    assert sidecars.sidecar_for("IMG_3.CR2", set(names)) == "IMG_3.CR2.xmp"
    assert sidecars.base_owner("/p/a.JPG", ["a.JPG", "a.HEIC"]) is None  # two JPEG-likes: nobody's


def test_raw_jpeg_pair_never_shares_the_raw_sidecar(db, tmp_path) -> None:
    from app.library import scanner

    raw, jpg, side = _pair(tmp_path / "lib")
    lightroom = side.read_bytes()
    # Indexing: the JPEG does not take the RAW's sidecar (its keywords) as its own.
    scanner.index_folders(db, [str(tmp_path / "lib")])
    jrow, rrow = photos.get_by_path(db, str(jpg)), photos.get_by_path(db, str(raw))
    assert jrow["sidecar_path"] is None and "Iceland" not in (jrow["file_keywords"] or "")
    assert rrow["sidecar_path"] == str(side)
    from app.store import captions

    for row, text in ((jrow, "The JPEG's caption"), (rrow, "The RAW's caption")):
        captions.add_version(db, row["id"], text=text, keywords=["glacier"], source="model", state="draft", model="m")
        lifecycle.approve(db, row["id"])
    res = _write(db, jrow["id"], LR)
    assert res.error is None and res.target == "file" and res.result == "written", res
    assert side.read_bytes() == lightroom  # Lightroom's sidecar untouched by the JPEG's write
    assert read_tags(jpg, "XMP-dc:Description")["XMP-dc:Description"] == "The JPEG's caption"
    res = _write(db, rrow["id"], LR)
    assert res.error is None and res.target == "sidecar", res
    tags = read_tags(side, "XMP-crs:Exposure2012", "XMP-crs:Version", "XMP-photoshop:SidecarForExtension",
                     "XMP-xmp:Rating", "XMP-dc:Description", "XMP-tiff:ImageDescription", "XMP-dc:Subject",
                     "XMP-lr:HierarchicalSubject")
    assert tags["XMP-crs:Exposure2012"] == "+0.35" and tags["XMP-photoshop:SidecarForExtension"] == "NEF"
    assert tags["XMP-xmp:Rating"] == 3  # merged, never replaced
    assert tags["XMP-dc:Description"] == tags["XMP-tiff:ImageDescription"] == "The RAW's caption"
    assert tags["XMP-dc:Subject"] == ["Places", "Iceland", "glacier"]
    assert tags["XMP-lr:HierarchicalSubject"] == ["Places|Iceland", "glacier"]  # no flat root copies
    assert read_tags(jpg, "XMP-dc:Description")["XMP-dc:Description"] == "The JPEG's caption"
    # Neither photo is flagged against the other's (or its own) write.
    assert scanner.rescan(db) is not None
    for pid in (jrow["id"], rrow["id"]):
        assert photos.get(db, pid)["caption_state"] == "written", photos.get(db, pid)
    lifecycle.edit(db, rrow["id"], "The RAW's second caption")
    lifecycle.edit(db, jrow["id"], "The JPEG's second caption")
    assert _write(db, rrow["id"], LR).result == "written"
    assert _write(db, jrow["id"], LR).result == "written"
    assert read_tags(side, "XMP-dc:Description")["XMP-dc:Description"] == "The RAW's second caption"


def test_the_jpeg_of_a_pair_gets_its_own_sidecar_name_when_it_needs_one(db, tmp_path) -> None:
    raw, jpg, side = _pair(tmp_path)
    lightroom = side.read_bytes()
    jpg.chmod(0o444)  # read-only: its caption goes to a sidecar, but never into the RAW's
    res = _write(db, _approve(db, jpg, "The JPEG's caption"), LR)
    assert res.error is None and res.target == "sidecar", res
    assert "IMG_1.JPG.xmp" in res.note and "IMG_1.NEF" in res.note  # the override of the naming is said
    assert side.read_bytes() == lightroom
    assert read_tags(tmp_path / "IMG_1.JPG.xmp", "XMP-dc:Description")["XMP-dc:Description"] == "The JPEG's caption"


def test_a_sidecar_that_appears_after_our_in_file_write_is_an_outside_edit(db, tmp_path) -> None:
    from app.library import scanner

    lib = tmp_path / "lib"
    photo = copy_corpus("Archive/Web copies/Nikon_D70.jpg", lib, "lake.jpg")
    scanner.index_folders(db, [str(lib)])
    pid = photos.get_by_path(db, str(photo))["id"]
    lifecycle.edit(db, pid, "Our caption", ["lake"])
    assert _write(db, pid).result == "written"
    # darktable (or digiKam) writes its own sidecar with the person's words.
    side = lib / "lake.jpg.xmp"
    subprocess.run(["exiftool", "-q", "-o", str(side), "-XMP-dc:Description-x-default=Their sidecar caption",
                    "-XMP-xmp:Rating=5", str(photo)], check=True)
    scanner.rescan(db)
    row = photos.get(db, pid)
    assert row["caption_state"] == "conflict" and photos.to_public(row)["conflict"]["theirs"] == "Their sidecar caption"
    lifecycle.edit(db, pid, "Our second caption")
    data = side.read_bytes()
    res = _write(db, pid)
    assert res.result == "conflict" and "sidecar" in res.error, res
    assert side.read_bytes() == data
    conflicts.take_theirs(db, pid)
    res = _write(db, pid)
    assert res.error is None and res.result == "written" and res.target == "file+sidecar", res
    assert read_tags(photo, "XMP-dc:Description")["XMP-dc:Description"] == "Their sidecar caption"
    assert read_tags(side, "XMP-xmp:Rating")["XMP-xmp:Rating"] == 5


def _immich_description(photo: Path, side: Path) -> str:
    """What Immich shows: ``String(ImageDescription || Description || '').trim()`` over the photo's tags
    with the sidecar's merged on top, tag by tag (exiftool without groups, as exiftool-vendored reads)."""
    def tags(p: Path) -> dict:
        return json.loads(subprocess.run(["exiftool", "-j", str(p)], capture_output=True, check=True).stdout)[0]
    merged = {**tags(photo), **tags(side)}
    return str(merged.get("ImageDescription") or merged.get("Description") or "").strip()


def test_a_sidecar_carries_the_caption_where_every_app_reads_it(db, tmp_path) -> None:
    raw = copy_corpus("Raw/fixture-sony-zv-e10.arw", tmp_path)  # EXIF description: 32 spaces
    res = _write(db, _approve(db, raw, "A heron at dawn", ["heron"]))
    assert res.error is None and res.target == "sidecar", res
    side = Path(str(raw) + ".xmp")
    tags = read_tags(side, "XMP-dc:Description", "XMP-tiff:ImageDescription", "XMP-dc:Subject",
                     "XMP-lr:HierarchicalSubject")
    # digiKam, darktable, Lightroom: dc:description; Immich: tiff:ImageDescription first.
    assert tags == {"XMP-dc:Description": "A heron at dawn", "XMP-tiff:ImageDescription": "A heron at dawn",
                    "XMP-dc:Subject": "heron", "XMP-lr:HierarchicalSubject": "heron"}
    assert _immich_description(raw, side) == "A heron at dawn"
    if pf.have_exiv2():
        ex = pf.exiv2_values(side)
        assert "A heron at dawn" in ex["Xmp.dc.description"] and "A heron at dawn" in ex["Xmp.tiff.ImageDescription"]


def test_a_keyword_removed_in_another_app_can_be_taken_and_leaves_every_field(db, tmp_path) -> None:
    from app.library import scanner

    lib = tmp_path / "lib"
    photo = pf.every_caption_field(lib)
    scanner.index_folders(db, [str(lib)])
    pid = photos.get_by_path(db, str(photo))["id"]
    lifecycle.edit(db, pid, "Herons", ["heron", "pond"])
    assert _write(db, pid, force=True).result == "written"
    fields = ("XMP-dc:Subject", "XMP-lr:HierarchicalSubject", "IPTC:Keywords", "XMP-microsoft:LastKeywordXMP",
              "IFD0:XPKeywords")
    assert all("pond" in str(v) for v in read_tags(photo, *fields).values())
    pf.exiftool("-XMP-dc:Subject-=pond", str(photo))  # Lightroom-style: removed from dc:subject only
    scanner.rescan(db)
    assert photos.get(db, pid)["caption_state"] == "conflict"
    db.conn.commit()
    conflicts.take_theirs(db, pid)
    res = _write(db, pid)
    assert res.error is None and res.result == "written", res
    after = read_tags(photo, *fields)
    assert not any("pond" in str(v) for v in after.values()), after
    assert "heron" in after["XMP-dc:Subject"] and "heron" in after["XMP-lr:HierarchicalSubject"]
    assert photos.get(db, pid)["caption_state"] == "written"
