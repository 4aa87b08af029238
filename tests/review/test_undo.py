"""Undo takes our write back out and nothing else: other apps' edits made since stay (and are named),
a sidecar another app wrote into is never deleted, an undone caption is not written again by a plain
``write``, and the JPEG comment comes back byte for byte. Real exiftool (and exiv2 where installed)."""

from __future__ import annotations

import shutil
import struct
import subprocess
from pathlib import Path

import pytest
import problem_files as pf
from review_helpers import copy_corpus, dump, make_photo, read_tags

from app.metadata.writer import WritePolicy
from app.review import lifecycle, writeback
from app.store import photos

pytestmark = [pytest.mark.exiftool, pytest.mark.skipif(not shutil.which("exiftool"), reason="exiftool missing")]

NEW = "Two herons on a frozen pond"


def _approve(db, path: Path, text: str = NEW, keywords=("heron", "pond"), **kw) -> int:
    pid = make_photo(db, path, text=text, keywords=list(keywords), **kw)
    lifecycle.approve(db, pid)
    return pid


def _write(db, pid: int, *, force: bool = False) -> writeback.WriteOutcome:
    with writeback.WriterSession(WritePolicy()) as s:
        return writeback.write_photo(writeback.direct(db), s.writer, pid, force=force)


def _write_all(db) -> list[writeback.WriteOutcome]:
    with writeback.WriterSession(WritePolicy()) as s:
        return writeback.write_many(writeback.direct(db), s.writer)


def _undo(db, pid: int) -> writeback.WriteOutcome:
    with writeback.WriterSession(WritePolicy()) as s:
        return writeback.undo_photo(writeback.direct(db), s.writer, pid)


def _old_caption_photo(tmp_path: Path) -> Path:
    photo = copy_corpus("Archive/Web copies/Nikon_D70.jpg", tmp_path, "lake.jpg")
    pf.exiftool(f"-IFD0:ImageDescription={pf.OLD}", f"-XMP-dc:Description-x-default={pf.OLD}",
                "-XMP-dc:Subject=old", str(photo))
    return photo


def test_undo_keeps_a_caption_another_app_changed_and_restores_the_other_fields(db, tmp_path) -> None:
    photo = _old_caption_photo(tmp_path)
    pid = _approve(db, photo, file_description=pf.OLD)
    assert _write(db, pid).result == "written"
    # digiKam (through exiv2) changes the XMP caption after our write.
    if pf.have_exiv2():
        subprocess.run(["exiv2", "-Mset Xmp.dc.description lang=x-default Their caption", str(photo)], check=True)
    else:
        pf.exiftool("-XMP-dc:Description-x-default=Their caption", str(photo))
    res = _undo(db, pid)
    assert res.error is None and res.result == "undone", res
    assert "Their caption" in res.note and "XMP description" in res.note
    assert [k["field"] for k in res.kept] == ["XMP-dc:Description"] and res.kept[0]["theirs"] == "Their caption"
    tags = read_tags(photo, "XMP-dc:Description", "IFD0:ImageDescription", "XMP-dc:Subject",
                     "XMP-albumwise:CaptionSource")
    assert tags["XMP-dc:Description"] == "Their caption"  # theirs, kept
    assert tags["IFD0:ImageDescription"] == pf.OLD  # ours, taken back out
    assert tags["XMP-dc:Subject"] == "old" and "XMP-albumwise:CaptionSource" not in tags
    if pf.have_exiv2():
        assert "Their caption" in pf.exiv2_values(photo)["Xmp.dc.description"]
    # The index follows the file (EXIF wins for MWG readers); a plain write does not put our caption back.
    row = photos.get(db, pid)
    assert row["caption"] == pf.OLD and row["caption_state"] == "written"
    data = photo.read_bytes()
    assert all(r.error is None for r in _write_all(db)) and photo.read_bytes() == data


def test_undo_keeps_keywords_added_elsewhere_and_takes_out_only_ours(db, tmp_path) -> None:
    photo = pf.every_caption_field(tmp_path)
    pid = _approve(db, photo, file_description=pf.OLD)
    assert _write(db, pid).result == "written"
    pf.exiftool("-XMP-dc:Subject+=bird", "-IPTC:Keywords+=bird", str(photo))  # another app adds a keyword
    res = _undo(db, pid)
    assert res.error is None and "bird" in res.note, res
    tags = read_tags(photo, "XMP-dc:Subject", "IPTC:Keywords", "XMP-lr:HierarchicalSubject", "IFD0:XPKeywords",
                     "XMP-dc:Description", "IFD0:ImageDescription")
    assert tags["XMP-dc:Subject"] == ["old", "bird"] and tags["IPTC:Keywords"] == ["old", "bird"]
    assert "XMP-lr:HierarchicalSubject" not in tags  # it was ours alone, and still held what we wrote
    assert tags["IFD0:XPKeywords"] == "old;winter"
    assert tags["XMP-dc:Description"] == pf.OLD and tags["IFD0:ImageDescription"] == pf.OLD


def test_a_sidecar_another_app_wrote_into_is_never_deleted(db, tmp_path) -> None:
    raw = copy_corpus("Raw/Nikon.nef", tmp_path, "fam.nef")
    pid = _approve(db, raw, file_description="A caption")  # what the NEF itself says (IPTC)
    assert _write(db, pid).target == "sidecar"
    side = Path(str(raw) + ".xmp")
    pf.exiftool("-XMP-xmp:Rating=4", "-XMP-darktable:ColorLabels=red", str(side))  # darktable rates it
    res = _undo(db, pid)
    assert res.error is None and "kept the sidecar" in res.note, res
    assert side.exists()
    tags = read_tags(side, "XMP:all")
    assert tags.get("XMP-xmp:Rating") == 4
    assert not any(k.startswith(("XMP-dc:", "XMP-albumwise:", "XMP-lr:", "XMP-tiff:")) for k in tags), tags


def test_undo_while_in_conflict_keeps_the_outside_edit(db, tmp_path) -> None:
    photo = _old_caption_photo(tmp_path)
    pid = _approve(db, photo, file_description=pf.OLD)
    assert _write(db, pid).result == "written"
    pf.exiftool("-IFD0:ImageDescription=Typed in Explorer", str(photo))  # Windows Explorer's Title
    lifecycle.edit(db, pid, "Ours, edited")
    assert _write(db, pid).result == "conflict"
    assert photos.get(db, pid)["caption_state"] == "conflict"
    res = _undo(db, pid)
    assert res.error is None and "Typed in Explorer" in res.note, res
    tags = read_tags(photo, "IFD0:ImageDescription", "XMP-dc:Description", "XMP-dc:Subject")
    assert tags == {"IFD0:ImageDescription": "Typed in Explorer", "XMP-dc:Description": pf.OLD,
                    "XMP-dc:Subject": "old"}
    row = photos.get(db, pid)
    assert row["caption_state"] != "conflict" and photos.to_public(row)["conflict"] is None


@pytest.mark.parametrize("source", ["human", "model"])
def test_undo_is_remembered_by_a_plain_write(db, tmp_path, source) -> None:
    photo = copy_corpus("Archive/Web copies/Canon_40D.jpg", tmp_path)  # no caption of its own
    pid = make_photo(db, photo, text="Placeholder", state="draft")
    if source == "human":
        lifecycle.edit(db, pid, "My own words", ["mine"])
    else:
        lifecycle.approve(db, pid)
    before = dump(photo)
    assert _write(db, pid).result == "written"
    assert _undo(db, pid).error is None
    assert dump(photo) == before
    # A person's own words need no review again; a model's caption goes back to review.
    assert photos.get(db, pid)["caption_state"] == ("approved" if source == "human" else "draft")
    again = _write(db, pid)  # named explicitly, and in a bulk write
    assert again.error is None and again.result == "skipped" and "undone" in again.note, again
    assert _write_all(db) == []
    assert dump(photo) == before
    # Approving it again is the way back.
    assert lifecycle.approve(db, pid) is not None
    assert _write(db, pid).result == "written"
    assert read_tags(photo, "XMP-dc:Description")["XMP-dc:Description"] == photos.get(db, pid)["caption"]


def _segments(path: Path) -> list[tuple[int, bytes]]:
    """A JPEG's segments up to the image data: (marker, payload)."""
    data = path.read_bytes()
    out, pos = [], 2
    while pos < len(data) and data[pos] == 0xFF and data[pos + 1] not in (0xDA, 0xD9):
        marker = data[pos + 1]
        (length,) = struct.unpack(">H", data[pos + 2:pos + 4])
        out.append((marker, data[pos + 4:pos + 2 + length]))
        pos += 2 + length
    return out


def test_the_jpeg_comment_comes_back_byte_exact_beside_an_app10_comment(db, tmp_path) -> None:
    photo = copy_corpus("Archive/Web copies/Nikon_D70.jpg", tmp_path, "app10.jpg")
    payload = b"UNICODE\x00" + "PhotoStudio note".encode("utf-16-be")
    data = photo.read_bytes()
    photo.write_bytes(data[:2] + b"\xff\xea" + struct.pack(">H", len(payload) + 2) + payload + data[2:])
    com_before = [p for m, p in _segments(photo) if m == 0xFE]
    app10_before = [p for m, p in _segments(photo) if m == 0xEA]
    assert com_before == [b"comment in GIMP 2.4.5"] and app10_before
    before = dump(photo)
    pid = _approve(db, photo)
    assert _write(db, pid).result == "written"
    assert [p for m, p in _segments(photo) if m == 0xFE] == [NEW.encode()]
    assert [p for m, p in _segments(photo) if m == 0xEA] == app10_before
    res = _undo(db, pid)
    assert res.error is None and "comment in GIMP 2.4.5" in res.note, res
    assert [p for m, p in _segments(photo) if m == 0xFE] == com_before
    assert [p for m, p in _segments(photo) if m == 0xEA] == app10_before
    assert dump(photo) == before
