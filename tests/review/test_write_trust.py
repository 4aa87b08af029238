"""A "written" result means every app shows the caption, and no edit made elsewhere is ever lost.

Real exiftool (and exiv2 where installed) on copies of real files; problem files are made from the
repository's photos by ``problem_files``.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest
import problem_files as pf
from review_helpers import copy_corpus, dump, make_photo, read_tags

from app.metadata import writer as writer_mod
from app.metadata.writer import WritePolicy
from app.review import conflicts, lifecycle, writeback
from app.store import photos
from tests.exiftool_cli import exiftool

pytestmark = [pytest.mark.exiftool, pytest.mark.skipif(not shutil.which("exiftool"), reason="exiftool missing")]

NEW = "Two herons on a frozen pond — “winter”, 日本語"
KW = ["heron", "pond"]

# Every description field other apps read a caption from (exiftool -G1 names).
DESCRIPTION_TAGS = ["XMP-dc:Description", "IFD0:ImageDescription", "IPTC:Caption-Abstract", "ExifIFD:UserComment",
                    "IFD0:XPComment", "IFD0:XPSubject", "XMP-exif:UserComment", "XMP-tiff:ImageDescription",
                    "File:Comment", "PNG:Description", "PNG:Comment"]


def _approve(db, path: Path, text: str = NEW, keywords=KW, **kw) -> int:
    pid = make_photo(db, path, text=text, keywords=keywords, **kw)
    lifecycle.approve(db, pid)
    return pid


def _write(db, pid: int, policy: WritePolicy | None = None, *, force: bool = False) -> writeback.WriteOutcome:
    with writeback.WriterSession(policy or WritePolicy()) as s:
        return writeback.write_photo(writeback.direct(db), s.writer, pid, force=force)


def _undo(db, pid: int) -> writeback.WriteOutcome:
    with writeback.WriterSession(WritePolicy()) as s:
        return writeback.undo_photo(writeback.direct(db), s.writer, pid)


def _mwg(path: Path) -> str | None:
    out = exiftool("-j", "-use", "MWG", "-MWG:Description", str(path), check=True)
    return json.loads(out.stdout)[0].get("Description")


def _descriptions(path: Path) -> dict[str, str]:
    """Every description field the file has that shows something, as exiftool reads it."""
    tags = read_tags(path, "a", *DESCRIPTION_TAGS)
    return {k: v for k, v in tags.items() if k in DESCRIPTION_TAGS and str(v).strip()}


def _same(a: dict, b: dict) -> bool:
    """Full dumps equal; positions of data blocks (``...Start``/``...Offset``) may move in a rewrite."""
    def strip(d: dict) -> dict:
        return {k: v for k, v in d.items() if not k.endswith(("Start", "Offset", "Offsets"))}
    return strip(a) == strip(b)


def _assert_every_reader_shows(path: Path, text: str = NEW) -> None:
    found = _descriptions(path)
    assert found, "no description field at all"
    assert all(v == text for v in found.values()), found
    assert _mwg(path) == text
    if pf.have_exiv2():  # digiKam, darktable, gThumb, GExiv2 read through exiv2
        ex = pf.exiv2_values(path)
        for key in ("Xmp.dc.description", "Exif.Image.ImageDescription", "Exif.Photo.UserComment",
                    "Iptc.Application2.Caption", "Exif.Image.XPComment", "Xmp.exif.UserComment"):
            if key in ex:
                assert text in ex[key], (key, ex[key])
                if key == "Xmp.dc.description":
                    assert f'lang="x-default" {text}' in ex[key], ex[key]


# -- 2. one caption everywhere ------------------------------------------------------------------------
def test_every_description_field_agrees_other_languages_stay_and_undo_restores_the_dump(db, tmp_path) -> None:
    photo = pf.every_caption_field(tmp_path)
    before = dump(photo)
    pid = _approve(db, photo, file_description=pf.OLD)
    res = _write(db, pid)
    assert res.error is None and res.result == "written" and res.target == "file", res
    _assert_every_reader_shows(photo)
    assert set(_descriptions(photo)) == {"XMP-dc:Description", "IFD0:ImageDescription", "IPTC:Caption-Abstract",
                                         "ExifIFD:UserComment", "IFD0:XPComment", "IFD0:XPSubject",
                                         "XMP-exif:UserComment", "XMP-tiff:ImageDescription", "File:Comment"}
    tags = read_tags(photo, "XMP-dc:Description-de", "IFD0:XPKeywords", "XMP-microsoft:LastKeywordXMP",
                     "IPTC:Keywords", "XMP-dc:Subject", "XMP-lr:HierarchicalSubject")
    assert tags["XMP-dc:Description-de"] == "Eine alte Beschreibung"  # other languages are left alone
    for key in ("XMP-microsoft:LastKeywordXMP", "IPTC:Keywords", "XMP-dc:Subject", "XMP-lr:HierarchicalSubject"):
        assert set(tags[key]) >= {"old", "heron", "pond"}, key
    assert set(tags["IFD0:XPKeywords"].split(";")) >= {"old", "winter", "heron", "pond"}
    if pf.have_exiv2():
        ex = pf.exiv2_values(photo)
        assert "heron" in ex["Xmp.MicrosoftPhoto.LastKeywordXMP"] and "heron" in ex["Exif.Image.XPKeywords"]
    # No field or block was created that was not there (only the XMP ones we always write).
    created = set(dump(photo)) - set(before)
    assert all(k.startswith("XMP-") for k in created), created
    # The journal holds every previous value; undo puts back the full dump exactly, in one step.
    undone = _undo(db, pid)
    assert undone.error is None and pf.OLD in (undone.note or ""), undone
    assert dump(photo) == before


def test_png_text_chunks_and_ifd0_out_of_sequence(db, tmp_path) -> None:
    photo = pf.png_ifd0_out_of_sequence(tmp_path)
    before = dump(photo)
    pid = _approve(db, photo, file_description=pf.OLD)
    res = _write(db, pid)
    assert res.error is None and res.result == "written", res
    assert set(_descriptions(photo)) == {"XMP-dc:Description", "IFD0:ImageDescription", "PNG:Description",
                                         "PNG:Comment"}
    _assert_every_reader_shows(photo)
    assert _undo(db, pid).error is None
    after = dump(photo)
    # exiftool sorts the IFD0 entries on any rewrite ("Fixed."); the values are the same.
    assert after == before


def test_broken_maker_notes_still_end_with_the_caption_everywhere(db, tmp_path) -> None:
    photo = pf.broken_maker_notes(tmp_path)
    assert "Maker notes" in exiftool("-o", str(tmp_path / "probe.jpg"), "-IFD0:ImageDescription=x", str(photo),
                                     text=True).stderr
    (tmp_path / "probe.jpg").unlink()
    before = dump(photo)
    pid = _approve(db, photo)  # "OLYMPUS DIGITAL CAMERA" is camera boilerplate: no conflict
    res = _write(db, pid)
    assert res.error is None and res.result == "written" and res.target == "file", res
    _assert_every_reader_shows(photo)
    assert _undo(db, pid).error is None
    assert dump(photo) == before


def test_duplicate_xmp_property_is_written_with_ignore_minor(db, tmp_path) -> None:
    photo = pf.duplicate_xmp_property(tmp_path)
    before = dump(photo)
    pid = _approve(db, photo, file_description=pf.OLD)
    res = _write(db, pid)
    assert res.error is None and res.result == "written", res
    assert "minor" in (res.note or "").lower() and "duplicate xmp property" in res.note.lower()
    _assert_every_reader_shows(photo)
    assert _undo(db, pid).error is None
    assert dump(photo) == before


def test_dng_1_7_is_written_in_the_file_and_never_silently_to_a_sidecar(db, tmp_path) -> None:
    dng = copy_corpus("Raw/nikon_z_9_he_dx.dng", tmp_path / "a")
    before = dump(dng)
    pid = _approve(db, dng)
    res = _write(db, pid)
    assert res.error is None and res.target == "file" and res.result == "written", res
    assert "DNG Version 1.7" in (res.note or "")
    _assert_every_reader_shows(dng)
    assert _undo(db, pid).error is None
    assert _same(dump(dng), before)
    # A DNG the file cannot take (read-only) is an error, not a silent sidecar.
    ro = copy_corpus("Raw/nikon_z_9_he_dx.dng", tmp_path / "b")
    ro.chmod(0o444)
    res = _write(db, _approve(db, ro))
    assert res.error and "DNG" in res.error and "sidecar" in res.error and res.result == "error"
    assert os.listdir(ro.parent) == [ro.name]


def test_iso2022_iptc_is_left_untouched(db, tmp_path) -> None:
    photo = pf.iso2022_iptc(tmp_path)
    iptc_before = {k: v for k, v in dump(photo).items() if k.startswith("IPTC")}
    pid = _approve(db, photo, file_description=pf.OLD)
    res = _write(db, pid)
    assert res.error is None and res.result == "partial", res  # never "written" while IPTC shows old text
    assert "IPTC caption" in res.note and pf.OLD in res.note
    after = dump(photo)
    assert {k: v for k, v in after.items() if k.startswith("IPTC")} == iptc_before
    assert after["IPTC:By-line"] == "Getty Images"
    assert after["XMP-dc:Description"] == NEW and after["IFD0:ImageDescription"] == NEW


# -- 3. fallbacks and messages -----------------------------------------------------------------------------
def test_damaged_file_disk_full_and_long_names_are_told_apart(db, tmp_path, monkeypatch) -> None:
    cut = pf.damaged_png(tmp_path / "damaged")
    data = cut.read_bytes()
    pid = _approve(db, cut)
    res = _write(db, pid, WritePolicy(target="file"))
    assert res.error and "looks damaged" in res.error and "disk is full" not in res.error
    assert cut.read_bytes() == data
    # Same exiftool words, but now the disk has no room for exiftool's copy (simulated ENOSPC).
    monkeypatch.setattr(writer_mod, "free_space", lambda folder: 1024)
    res = _write(db, pid, WritePolicy(target="file"))
    assert res.error and res.error.startswith("the disk is full") and "MB free" in res.error
    assert cut.read_bytes() == data
    monkeypatch.undo()
    # With the default target a damaged file falls back to a sidecar, reported as such.
    res = _write(db, pid)
    assert res.result == "sidecar" and res.error is None and "looks damaged" in res.note, res
    assert "the file itself still shows no caption" in res.note
    assert read_tags(Path(str(cut) + ".xmp"), "XMP-dc:Description")["XMP-dc:Description"] == NEW

    long_dir = tmp_path / "long"
    photo = copy_corpus("Archive/Web copies/Nikon_D70.jpg", long_dir, "n" * 240 + ".jpg")  # 244 bytes
    before = dump(photo)
    pid = _approve(db, photo)
    res = _write(db, pid)
    assert res.error is None and res.target == "file" and res.result == "written", res
    _assert_every_reader_shows(photo)
    assert os.listdir(long_dir) == [photo.name]  # no helper link, temp file or backup left
    assert _undo(db, pid).error is None and dump(photo) == before


def test_file_that_keeps_its_old_text_is_reported_as_sidecar_with_a_note(db, tmp_path) -> None:
    """A damaged PNG whose Description chunk a person wrote: exiftool cannot rewrite the file, so only
    a sidecar gets the caption, and the result says what the file itself still shows."""
    photo = pf.damaged_png(tmp_path, description="Grandma's garden")
    data = photo.read_bytes()
    pid = _approve(db, photo, file_description="Grandma's garden")
    res = _write(db, pid)
    assert res.result == "sidecar" and res.error is None and res.target == "sidecar", res
    assert "Grandma's garden" in res.note and "PNG Description" in res.note
    assert read_tags(Path(str(photo) + ".xmp"), "XMP-dc:Description")["XMP-dc:Description"] == NEW
    assert photo.read_bytes() == data
    undone = _undo(db, pid)
    assert undone.error is None and "removed the sidecar" in undone.note
    assert os.listdir(tmp_path) == [photo.name]


# -- 4/5. sidecars ---------------------------------------------------------------------------------------
def test_existing_digikam_sidecar_minor_warning_is_success_and_undo_is_one_step(db, tmp_path) -> None:
    raw, side = pf.digikam_sidecar(tmp_path)
    side_before = dump(side)
    old_time = time.time() - 3600
    os.utime(side, (old_time, old_time))
    pid = _approve(db, raw, file_description="A caption")  # what the NEF itself says
    res = _write(db, pid, WritePolicy(keep_file_dates=True))
    assert res.error is None and res.result == "written" and res.target == "sidecar", res
    tags = read_tags(side, "XMP-dc:Description", "XMP-digiKam:TagsList")
    assert tags["XMP-dc:Description"] == NEW and set(tags["XMP-digiKam:TagsList"]) >= {"Family", "heron"}
    assert side.stat().st_mtime > old_time + 1800  # a sidecar we update always gets the current time
    assert sorted(os.listdir(tmp_path)) == sorted([raw.name, side.name])
    again = _write(db, pid)
    assert again.error is None and again.result == "skipped"  # nothing written twice
    rows = [r for r in lifecycle.writes(db, pid) if r["state"] == "done"]
    assert len(rows) == 1
    undone = _undo(db, pid)
    assert undone.error is None and "no caption" in undone.note, undone
    assert dump(side) == side_before


def test_sidecar_naming_follows_the_raw_app_and_existing_sidecars(db, tmp_path) -> None:
    from app.config import Settings, sidecar_naming_for

    assert sidecar_naming_for("lightroom") == "base" and sidecar_naming_for("captureone") == "base"
    assert sidecar_naming_for("digikam") == "ext" and sidecar_naming_for("darktable") == "ext"
    lr = WritePolicy.from_settings(Settings(sidecar_naming=sidecar_naming_for("lightroom")))
    raw = copy_corpus("Raw/Panasonic.rw2", tmp_path / "lr")
    assert _write(db, _approve(db, raw), lr).error is None
    assert sorted(os.listdir(raw.parent)) == ["Panasonic.rw2", "Panasonic.xmp"]
    # An existing sidecar's naming wins over the setting ...
    raw2 = copy_corpus("Raw/Panasonic.rw2", tmp_path / "dk")
    (raw2.parent / "Panasonic.rw2.xmp").write_text(
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '<rdf:Description rdf:about=""/></rdf:RDF></x:xmpmeta>', encoding="utf-8")
    res = _write(db, _approve(db, raw2), lr)
    assert res.error is None and "Panasonic.rw2.xmp" in res.note and "Panasonic.xmp" in res.note, res  # said
    assert sorted(os.listdir(raw2.parent)) == ["Panasonic.rw2", "Panasonic.rw2.xmp"]
    # A new sidecar follows the setting, whatever the folder's other sidecars are called: the note says so.
    folder = tmp_path / "mixed"
    a = copy_corpus("Raw/Panasonic.rw2", folder, "a.rw2")
    copy_corpus("Raw/Panasonic.rw2", folder, "b.rw2")
    (folder / "b.xmp").write_text((raw.parent / "Panasonic.xmp").read_text(encoding="utf-8"), encoding="utf-8")
    res = _write(db, _approve(db, a), WritePolicy())
    assert res.error is None and "NAME.xmp" in (res.note or ""), res
    assert (folder / "a.rw2.xmp").exists() and not (folder / "a.xmp").exists()
    b_res = _write(db, _approve(db, folder / "b.rw2"), lr)  # its own sidecar, under the chosen name: no note
    assert b_res.error is None and "sidecar" not in (b_res.note or ""), b_res


# -- 6. dates --------------------------------------------------------------------------------------------
def test_the_photo_time_changes_by_default_and_keep_file_dates_keeps_it(db, tmp_path) -> None:
    old = time.time() - 86400
    a = copy_corpus("Archive/Web copies/Nikon_D70.jpg", tmp_path, "a.jpg")
    b = copy_corpus("Archive/Web copies/Nikon_D70.jpg", tmp_path, "b.jpg")
    for p in (a, b):
        os.utime(p, (old, old))
    assert _write(db, _approve(db, a)).error is None
    assert a.stat().st_mtime > old + 3600
    mtime_b = b.stat().st_mtime_ns
    assert _write(db, _approve(db, b), WritePolicy(keep_file_dates=True)).error is None
    assert b.stat().st_mtime_ns == mtime_b


# -- 1. conflicts ----------------------------------------------------------------------------------------
def _outside_edit(path: Path, text: str) -> None:
    """Change only the XMP description, as digiKam or Lightroom would (exiv2 when installed)."""
    if pf.have_exiv2():
        subprocess.run(["exiv2", f"-Mset Xmp.dc.description lang=x-default {text}", str(path)], check=True)
    else:
        pf.exiftool(f"-XMP-dc:Description-x-default={text}", str(path))


def test_outside_edit_after_our_write_is_a_conflict_at_write_and_at_rescan(db, tmp_path) -> None:
    from app.library import scanner

    lib = tmp_path / "lib"
    photo = copy_corpus("Archive/Web copies/Nikon_D70.jpg", lib)
    scanner.index_folders(db, [str(lib)])
    pid = photos.get_by_path(db, str(photo))["id"]
    from app.store import captions

    captions.add_version(db, pid, text="Our first caption", keywords=["a"], source="model", state="draft", model="m")
    lifecycle.approve(db, pid)
    assert _write(db, pid).result == "written"
    _outside_edit(photo, "Outside edit")
    # Rescan: the index shows the outside text and where it is; the caption is in conflict.
    scanner.rescan(db)
    row = photos.get(db, pid)
    pub = photos.to_public(row)
    assert pub["description"] == "Outside edit" and pub["description_source"] == "XMP description"
    assert pub["caption_state"] == "conflict"
    assert pub["conflict"]["mine"] == "Our first caption" and pub["conflict"]["theirs"] == "Outside edit"
    # Editing and writing again does not overwrite it without --force.
    lifecycle.edit(db, pid, "Our second caption")
    data = photo.read_bytes()
    res = _write(db, pid)
    assert res.result == "conflict" and res.state == "conflict" and "XMP description" in res.error
    assert "--force" in res.error and photo.read_bytes() == data
    assert photos.get(db, pid)["caption_state"] == "conflict"
    # Take theirs: their text becomes the caption and every field agrees with it.
    conflicts.take_theirs(db, pid)
    res = _write(db, pid)
    assert res.error is None and res.result == "written", res
    _assert_every_reader_shows(photo, "Outside edit")
    assert photos.to_public(photos.get(db, pid))["conflict"] is None


def test_outside_edit_of_another_field_and_force(db, tmp_path) -> None:
    photo = copy_corpus("Archive/Web copies/Nikon_D70.jpg", tmp_path)
    pid = _approve(db, photo, text="Ours")
    assert _write(db, pid).error is None
    # Windows Explorer changes "Comments" (XPComment, created there) and the EXIF description.
    pf.exiftool("-IFD0:ImageDescription=Explorer title", str(photo))
    lifecycle.edit(db, pid, "Ours, edited")
    res = _write(db, pid)
    assert res.result == "conflict" and "EXIF ImageDescription" in res.error
    assert read_tags(photo, "IFD0:ImageDescription")["IFD0:ImageDescription"] == "Explorer title"
    res = _write(db, pid, force=True)
    assert res.error is None and res.result == "written"
    _assert_every_reader_shows(photo, "Ours, edited")


def test_png_with_exif_in_a_text_chunk_reports_the_usercomment_it_cannot_change(db, tmp_path) -> None:
    """ImageMagick keeps this PNG's EXIF in a zTXt profile; exiftool would add a second EXIF IFD to change
    its UserComment, so that field stays and the result is ``partial`` naming it (never plain written)."""
    photo = copy_corpus("Formats/ReaganSmallPng.png", tmp_path)
    old = read_tags(photo, "ExifIFD:UserComment")["ExifIFD:UserComment"]
    known = read_tags(photo, "IFD0:ImageDescription")["IFD0:ImageDescription"]
    pid = _approve(db, photo, file_description=known)
    res = _write(db, pid)
    assert res.error is None and res.result == "partial" and "EXIF UserComment" in res.note, res
    assert old.split("\n")[0] in res.note
    after = read_tags(photo, "ExifIFD:UserComment", "XMP-dc:Description", "PNG:Comment")
    assert after["ExifIFD:UserComment"] == old
    assert after["XMP-dc:Description"] == NEW and after["PNG:Comment"] == NEW


def test_undo_puts_back_an_empty_but_present_description(db, tmp_path) -> None:
    photo = copy_corpus("Edited/smiley2.jpg", tmp_path)
    pf.exiftool("-IFD0:ImageDescription^=", str(photo))  # present, empty (as some cameras leave it)
    before = dump(photo)
    assert before["IFD0:ImageDescription"] == ""
    pid = _approve(db, photo, file_description=read_tags(photo, "IPTC:Caption-Abstract").get("IPTC:Caption-Abstract"))
    assert _write(db, pid).error is None
    assert _undo(db, pid).error is None
    assert dump(photo) == before


def test_a_caption_field_another_app_adds_after_our_write_is_a_conflict(db, tmp_path) -> None:
    photo = copy_corpus("Archive/Web copies/Nikon_D70.jpg", tmp_path)
    pid = _approve(db, photo, text="Ours")
    assert _write(db, pid).error is None
    assert "IFD0:XPComment" not in read_tags(photo, "IFD0:XPComment")
    pf.exiftool("-IFD0:XPComment=Typed in Explorer's Comments box", str(photo))  # Windows Explorer adds it
    lifecycle.edit(db, pid, "Ours, edited")
    res = _write(db, pid)
    assert res.result == "conflict" and "Windows XPComment" in res.error, res
    # Our own text appearing in a new field (another app copying it) is no conflict.
    pf.exiftool("-IFD0:XPComment=Ours", str(photo))
    lifecycle.edit(db, pid, "Ours, edited again")
    res = _write(db, pid)
    assert res.error is None and res.result == "written", res
    _assert_every_reader_shows(photo, "Ours, edited again")
