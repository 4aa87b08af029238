"""Every file written right: ``[minor]`` warnings retried with ``-m`` whatever else exiftool says, every
caption field a reader shows made to agree or named in the note, Windows keywords merged, no flat copy
of a hierarchical keyword, a credit line left alone, MPO and JXL written in place, a symlink written
through, and camera boilerplate told from a person's words. Real exiftool on files the tests build."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "review"))
import problem_files as pf  # noqa: E402
from review_helpers import copy_corpus, dump, make_photo, pixels, read_tags  # noqa: E402

from app.library.boilerplate import is_boilerplate  # noqa: E402
from app.metadata.writer import WritePolicy  # noqa: E402
from app.review import lifecycle, writeback  # noqa: E402
from app.store import photos  # noqa: E402

pytestmark = [pytest.mark.exiftool, pytest.mark.skipif(not shutil.which("exiftool"), reason="exiftool missing")]

NEW = "A heron over the reeds"


def _approve(db, path: Path, text: str = NEW, keywords=("heron",), **kw) -> int:
    pid = make_photo(db, path, text=text, keywords=list(keywords), **kw)
    lifecycle.approve(db, pid)
    return pid


def _write(db, pid: int, *, force: bool = False) -> writeback.WriteOutcome:
    with writeback.WriterSession(WritePolicy()) as s:
        return writeback.write_photo(writeback.direct(db), s.writer, pid, force=force)


def _undo(db, pid: int) -> writeback.WriteOutcome:
    with writeback.WriterSession(WritePolicy()) as s:
        return writeback.undo_photo(writeback.direct(db), s.writer, pid)


def test_a_minor_warning_beside_another_warning_is_retried_and_the_file_fully_written(db, tmp_path) -> None:
    """Broken maker notes and a duplicated XMP property: exiftool names only the maker notes, writes the
    EXIF and silently skips the XMP. The write goes through with -m and every field is checked."""
    photo = pf.broken_maker_notes(tmp_path)
    packet = tmp_path / "dup.xmp.txt"
    packet.write_text(
        "<x:xmpmeta xmlns:x='adobe:ns:meta/'><rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'>"
        "<rdf:Description rdf:about='' xmlns:dc='http://purl.org/dc/elements/1.1/' xmlns:xmp='http://ns.adobe.com/xap/1.0/'>"
        "<xmp:Rating>3</xmp:Rating><xmp:Rating>3</xmp:Rating>"
        f"<dc:description><rdf:Alt><rdf:li xml:lang='x-default'>{pf.OLD}</rdf:li></rdf:Alt></dc:description>"
        "</rdf:Description></rdf:RDF></x:xmpmeta>", encoding="utf-8")
    subprocess.run(["exiftool", "-q", "-q", "-overwrite_original", f"-xmp<={packet}", str(photo)], check=True)
    packet.unlink()
    before = dump(photo)
    pid = _approve(db, photo, file_description=pf.OLD)
    res = _write(db, pid)
    assert res.error is None and res.result == "written", res
    tags = read_tags(photo, "XMP-dc:Description", "IFD0:ImageDescription", "XMP-dc:Subject")
    assert tags == {"XMP-dc:Description": NEW, "IFD0:ImageDescription": NEW, "XMP-dc:Subject": "heron"}
    assert photos.get(db, pid)["caption_state"] == "written"
    assert _undo(db, pid).error is None
    after = dump(photo)
    assert {k: v for k, v in after.items() if k.startswith(("IFD0", "ExifIFD"))} == \
        {k: v for k, v in before.items() if k.startswith(("IFD0", "ExifIFD"))}
    assert after.get("XMP-dc:Description") == pf.OLD


def test_a_png_caption_in_another_language_is_named_never_reported_as_written(db, tmp_path) -> None:
    from PIL import Image, PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_itxt("Description", "古い池の鷺", lang="ja", tkey="説明")
    photo = tmp_path / "ja.png"
    Image.new("RGB", (32, 24), (10, 90, 160)).save(photo, pnginfo=info)
    res = _write(db, _approve(db, photo))
    assert res.error is None and res.result == "partial", res
    assert "Description-ja" in res.note and "古い池の鷺" in res.note
    tags = read_tags(photo, "PNG:Description-ja", "XMP-dc:Description")
    assert tags == {"PNG:Description-ja": "古い池の鷺", "XMP-dc:Description": NEW}


def test_windows_keywords_are_merged_into_every_keyword_field(db, tmp_path) -> None:
    photo = copy_corpus("Archive/Web copies/Nikon_D70.jpg", tmp_path, "xp.jpg")
    pf.exiftool("-IFD0:XPKeywords=Grandma;Garden", str(photo))  # tagged in Windows Explorer only
    assert _write(db, _approve(db, photo, keywords=["heron"])).result == "written"
    tags = read_tags(photo, "XMP-dc:Subject", "XMP-lr:HierarchicalSubject", "IFD0:XPKeywords")
    assert tags["XMP-dc:Subject"] == ["Grandma", "Garden", "heron"]
    assert tags["XMP-lr:HierarchicalSubject"] == ["Grandma", "Garden", "heron"]
    assert tags["IFD0:XPKeywords"] == "Grandma;Garden;heron"
    if pf.have_exiv2():
        assert "heron" in pf.exiv2_values(photo)["Exif.Image.XPKeywords"]


def test_a_hierarchical_keyword_gets_no_flat_copy_at_the_root(db, tmp_path) -> None:
    photo = copy_corpus("Archive/Web copies/Nikon_D70.jpg", tmp_path, "paris.jpg")
    # As Lightroom exports it: the path, and every level in dc:subject.
    pf.exiftool("-XMP-lr:HierarchicalSubject=Places|France|Paris", "-XMP-dc:Subject=Places",
                "-XMP-dc:Subject=France", "-XMP-dc:Subject=Paris", "-XMP-digiKam:TagsList=Places/France/Paris",
                str(photo))
    assert _write(db, _approve(db, photo, keywords=["Paris", "bridge"])).result == "written"
    tags = read_tags(photo, "XMP-dc:Subject", "XMP-lr:HierarchicalSubject", "XMP-digiKam:TagsList")
    assert tags["XMP-lr:HierarchicalSubject"] == ["Places|France|Paris", "bridge"]
    assert tags["XMP-digiKam:TagsList"] == ["Places/France/Paris", "bridge"]
    assert tags["XMP-dc:Subject"] == ["Places", "France", "Paris", "bridge"]


def test_a_credit_line_in_xpcomment_is_no_caption_copy(db, tmp_path) -> None:
    photo = copy_corpus("Archive/Web copies/Nikon_D70.jpg", tmp_path, "credit.jpg")
    pf.exiftool("-IFD0:XPComment=Photo: Jane Doe", "-IFD0:XPSubject=Old subject", str(photo))
    res = _write(db, _approve(db, photo))
    assert res.error is None and res.result == "written", res
    assert "Windows XPComment" in res.note and "Photo: Jane Doe" in res.note  # named, left alone
    tags = read_tags(photo, "IFD0:XPComment", "IFD0:XPSubject", "IFD0:ImageDescription")
    assert tags == {"IFD0:XPComment": "Photo: Jane Doe", "IFD0:XPSubject": NEW, "IFD0:ImageDescription": NEW}


@pytest.mark.parametrize("rel", ["Formats/frozenpond.mpo", "Formats/test_0001.jxl"])
def test_mpo_and_jxl_are_written_in_place(db, tmp_path, rel) -> None:
    photo = copy_corpus(rel, tmp_path)
    frames = pixels(photo) if photo.suffix == ".mpo" else None
    res = _write(db, _approve(db, photo))
    assert res.error is None and res.target == "file" and res.result == "written", res
    assert os.listdir(tmp_path) == [photo.name]  # no sidecar
    assert read_tags(photo, "XMP-dc:Description")["XMP-dc:Description"] == NEW
    if frames is not None:
        assert pixels(photo) == frames  # both pictures of the MPO unchanged


def test_a_symlinked_photo_is_written_through_to_its_target(db, tmp_path) -> None:
    real = copy_corpus("Archive/Web copies/Nikon_D70.jpg", tmp_path / "originals", "lake.jpg")
    link = tmp_path / "album" / "lake.jpg"
    link.parent.mkdir()
    link.symlink_to(real)
    before = dump(real)
    pid = _approve(db, link)
    res = _write(db, pid)
    assert res.error is None and res.result == "written", res
    assert link.is_symlink() and os.readlink(link) == str(real)  # still the link, never a copy
    assert read_tags(real, "XMP-dc:Description")["XMP-dc:Description"] == NEW
    assert sorted(os.listdir(link.parent)) == ["lake.jpg"] and sorted(os.listdir(real.parent)) == ["lake.jpg"]
    assert _undo(db, pid).error is None
    assert link.is_symlink() and dump(real) == before


def test_boilerplate_is_known_camera_text_only() -> None:
    assert is_boilerplate("OLYMPUS DIGITAL CAMERA         ", "OLYMPUS IMAGING CORP.", "E-P3")
    assert is_boilerplate("KODAK DX4330 ZOOM DIGITAL CAMERA", "EASTMAN KODAK COMPANY", "DX4330")
    assert is_boilerplate("DSC00019", "KONICA CORPORATION", "Q-M100") and is_boilerplate(" " * 32, "SONY", "ZV-E10")
    assert is_boilerplate("<Digimax i50 MP3, Samsung #1 MP3>", "Samsung Techwin", "<Digimax i50 MP3, Samsung #1 MP3>")
    assert is_boilerplate("SAMSUNG            ", "SAMSUNG", "GT-I9000")
    for person in ("Grandpa with his old digital camera", "My Sony and my digital camera", "A380 at dawn", "DBP"):
        assert not is_boilerplate(person, "OLYMPUS IMAGING CORP.", "E-P3"), person
        assert not is_boilerplate(person), person
    assert not is_boilerplate("OLYMPUS DIGITAL CAMERA", "Canon", "Canon EOS 40D")  # not this camera's text
    assert not is_boilerplate("Fuji") and not is_boilerplate("Fuji", "FUJI PHOTO FILM CO., LTD.")  # a mountain


def test_text_that_only_looks_like_boilerplate_is_never_overwritten_without_a_conflict(db, tmp_path) -> None:
    photo = copy_corpus("Archive/2000s/Olympus PEN E-P3.jpg", tmp_path)
    person = "Grandpa with his old digital camera"
    # Written in another app after the photo was indexed (the index knows only the camera's text).
    pf.exiftool(f"-IFD0:ImageDescription={person}", str(photo))
    data = photo.read_bytes()
    pid = _approve(db, photo)
    res = _write(db, pid)
    assert res.error and person in res.error and photo.read_bytes() == data, res
    # ... and after our own write, the same words from another app are a conflict.
    assert _write(db, pid, force=True).result == "written"
    pf.exiftool(f"-IFD0:ImageDescription={person}", str(photo))
    lifecycle.edit(db, pid, "Our second caption")
    data = photo.read_bytes()
    res = _write(db, pid)
    assert res.result == "conflict" and person in res.error and photo.read_bytes() == data, res


def test_title_fields_that_hold_a_copy_of_the_caption_follow_it_and_real_titles_stay(db, tmp_path) -> None:
    scan = copy_corpus("Archive/Web copies/Nikon_D70.jpg", tmp_path, "scan.jpg")
    pf.exiftool(f"-IFD0:ImageDescription={pf.OLD}", f"-IFD0:XPTitle={pf.OLD}", f"-XMP-dc:Title-x-default={pf.OLD}",
                str(scan))  # scanner software copies the caption into the title fields
    before = dump(scan)
    pid = _approve(db, scan, file_description=pf.OLD)
    assert _write(db, pid).result == "written"
    assert read_tags(scan, "IFD0:XPTitle", "XMP-dc:Title") == {"IFD0:XPTitle": NEW, "XMP-dc:Title": NEW}
    assert _undo(db, pid).error is None and dump(scan) == before
    titled = copy_corpus("Archive/Web copies/Nikon_D70.jpg", tmp_path, "titled.jpg")
    pf.exiftool(f"-IFD0:ImageDescription={pf.OLD}", "-IFD0:XPTitle=Sunset", "-XMP-dc:Title-x-default=Sunset",
                str(titled))
    assert _write(db, _approve(db, titled, file_description=pf.OLD)).result == "written"
    assert read_tags(titled, "IFD0:XPTitle", "XMP-dc:Title") == {"IFD0:XPTitle": "Sunset", "XMP-dc:Title": "Sunset"}
