"""Alt text and a second language in the file: written as lang-alt items (read back by exiftool and exiv2),
a person's alt text or translation never replaced without consent, other languages untouched, every
item undone exactly, and a later change by another app found as a conflict."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
import problem_files as pf
from review_helpers import copy_corpus, dump, read_tags

from app.metadata.writer import WritePolicy
from app.review import conflicts, lifecycle, writeback
from app.store import captions, photos

pytestmark = [pytest.mark.exiftool, pytest.mark.skipif(not shutil.which("exiftool"), reason="exiftool missing")]

CAPTION = "A heron stands in a frozen pond at dawn."
ALT = "Heron in a frozen pond."
DE = {"text": "Ein Reiher steht im Morgengrauen in einem zugefrorenen Teich.", "alt_text": "Reiher im Teich.",
      "keywords": ["Reiher", "Teich"]}


def _photo(db, path: Path, *, alt: str | None = ALT, translations=None, style: str = "caption",
           file_alt_text: str | None = None, file_description: str | None = None) -> int:
    path = Path(path).resolve()
    cur = db.execute("INSERT INTO photos(path, folder, filename, format, file_alt_text, file_description) "
                     "VALUES (?,?,?,?,?,?)", [str(path), str(path.parent), path.name, "JPEG", file_alt_text,
                                              file_description])
    db.conn.commit()
    pid = int(cur.lastrowid)
    captions.add_version(db, pid, text=CAPTION, keywords=["heron", "pond"], source="model", state="draft",
                         model="llava:7b", style=style, language="English", alt_text=alt,
                         translations={"de": DE} if translations is None else translations)
    lifecycle.approve(db, pid)
    return pid


def _write(db, pid: int, policy: WritePolicy | None = None, *, force: bool = False) -> writeback.WriteOutcome:
    with writeback.WriterSession(policy or WritePolicy()) as s:
        return writeback.write_photo(writeback.direct(db), s.writer, pid, force=force)


def _undo(db, pid: int) -> writeback.WriteOutcome:
    with writeback.WriterSession(WritePolicy()) as s:
        return writeback.undo_photo(writeback.direct(db), s.writer, pid)


def _exiftool(*args: str) -> None:
    subprocess.run(["exiftool", "-overwrite_original", *args], check=True, capture_output=True)


def _exiv2(path: Path) -> dict[str, str]:
    out = subprocess.run(["exiv2", "-q", "-pa", str(path)], capture_output=True, check=False)
    values: dict[str, str] = {}
    for line in out.stdout.decode("utf-8", "replace").splitlines():
        parts = line.split(None, 3)
        if len(parts) == 4:
            values[parts[0]] = parts[3]
    return values


def test_alt_text_and_a_second_language_are_lang_alt_items_and_undo_restores_every_one(db, tmp_path) -> None:
    photo = copy_corpus("Archive/Web copies/Nikon_D70.jpg", tmp_path, "heron.jpg")
    _exiftool("-XMP-dc:Description-fr=Une ancienne description", "-IPTC:CodedCharacterSet=UTF8",
              "-IPTC:Caption-Abstract=Old", str(photo))
    before = dump(photo)
    pid = _photo(db, photo, file_description="Old")
    res = _write(db, pid, WritePolicy(second_language_keywords=True))
    assert res.error is None and res.result == "written", res
    tags = read_tags(photo, "XMP:all", "IPTC:Caption-Abstract", "IFD0:ImageDescription")
    assert tags["XMP-dc:Description"] == CAPTION and tags["XMP-dc:Description-de"] == DE["text"]
    assert tags["XMP-dc:Description-fr"] == "Une ancienne description"  # a person's other language stays
    assert tags["XMP-iptcCore:AltTextAccessibility"] == ALT
    assert tags["XMP-iptcCore:AltTextAccessibility-de"] == DE["alt_text"]
    assert "XMP-iptcCore:ExtDescrAccessibility" not in tags  # a caption style: no long description
    assert tags["IPTC:Caption-Abstract"] == CAPTION and tags["IFD0:ImageDescription"] == CAPTION  # the first language
    assert set(tags["XMP-dc:Subject"]) == {"heron", "pond"}  # flat keywords: the first language only
    assert {"Deutsch|Reiher", "Deutsch|Teich"} <= set(tags["XMP-lr:HierarchicalSubject"])
    if shutil.which("exiv2"):
        ex = _exiv2(photo)
        assert ex["Xmp.dc.description"].startswith(f'lang="x-default" {CAPTION}')
        assert f'lang="de" {DE["text"]}' in ex["Xmp.dc.description"] and 'lang="fr"' in ex["Xmp.dc.description"]
        assert ex["Xmp.iptc.AltTextAccessibility"] == f'lang="x-default" {ALT}, lang="de" {DE["alt_text"]}'
    row = photos.get(db, pid)
    assert row["caption_state"] == "written"
    undone = _undo(db, pid)
    assert undone.error is None, undone
    assert dump(photo) == before  # every item, the German ones included, back as it was


def test_a_long_description_goes_to_ext_descr_for_the_detailed_style(db, tmp_path) -> None:
    photo = copy_corpus("Archive/Web copies/Nikon_D70.jpg", tmp_path, "detail.jpg")
    pid = _photo(db, photo, style="detailed", translations={})
    assert _write(db, pid).error is None
    tags = read_tags(photo, "XMP:all")
    assert tags["XMP-iptcCore:ExtDescrAccessibility"] == CAPTION
    pid2 = _photo(db, copy_corpus("Archive/Web copies/Nikon_D70.jpg", tmp_path, "never.jpg"), style="detailed",
                  translations={})
    assert _write(db, pid2, WritePolicy(extended_description="never")).error is None
    assert "XMP-iptcCore:ExtDescrAccessibility" not in read_tags(tmp_path / "never.jpg", "XMP:all")


def test_a_persons_alt_text_in_the_file_is_kept_without_consent(db, tmp_path) -> None:
    photo = copy_corpus("Archive/Web copies/Nikon_D70.jpg", tmp_path, "person.jpg")
    _exiftool("-XMP-iptcCore:AltTextAccessibility-x-default=Grandpa's heron, winter 1998",
              "-XMP-dc:Description-de=Opas Reiher", str(photo))
    pid = _photo(db, photo, file_alt_text="Grandpa's heron, winter 1998")
    res = _write(db, pid)
    assert res.error is None and res.result == "written", res
    assert "alt text" in res.note and "Grandpa's heron" in res.note and "--force" in res.note
    tags = read_tags(photo, "XMP:all")
    assert tags["XMP-iptcCore:AltTextAccessibility"] == "Grandpa's heron, winter 1998"
    assert tags["XMP-dc:Description-de"] == "Opas Reiher"  # the person's German text: kept too
    assert tags["XMP-dc:Description"] == CAPTION
    # The person types an alt text themselves: that is consent for the alt text (not for the German text).
    lifecycle.edit(db, pid, None, alt_text="A grey heron on ice.")
    res = _write(db, pid)
    assert res.error is None, res
    tags = read_tags(photo, "XMP:all")
    assert tags["XMP-iptcCore:AltTextAccessibility"] == "A grey heron on ice."
    assert tags["XMP-dc:Description-de"] == "Opas Reiher"
    # --force replaces the German text too; undo puts back the person's texts exactly.
    lifecycle.edit(db, pid, "A heron at dawn.")
    assert _write(db, pid, force=True).error is None
    assert read_tags(photo, "XMP-dc:Description-de")["XMP-dc:Description-de"] == DE["text"]
    for _ in range(3):
        if _undo(db, pid).error is not None:
            break
    tags = read_tags(photo, "XMP:all")
    assert tags["XMP-iptcCore:AltTextAccessibility"] == "Grandpa's heron, winter 1998"
    assert tags["XMP-dc:Description-de"] == "Opas Reiher"


def test_our_language_item_beside_x_default_follows_the_caption(db, tmp_path) -> None:
    photo = copy_corpus("Archive/Web copies/Nikon_D70.jpg", tmp_path, "en.jpg")
    _exiftool("-XMP-dc:Description-x-default=Old caption", "-XMP-dc:Description-en=Old caption", str(photo))
    pid = _photo(db, photo, translations={})
    res = _write(db, pid, force=True)
    assert res.error is None, res
    tags = read_tags(photo, "XMP:all")
    assert tags["XMP-dc:Description"] == CAPTION and tags["XMP-dc:Description-en"] == CAPTION


def test_another_apps_change_of_the_alt_text_is_a_conflict(db, tmp_path) -> None:
    photo = copy_corpus("Archive/Web copies/Nikon_D70.jpg", tmp_path, "later.jpg")
    pid = _photo(db, photo)
    assert _write(db, pid).error is None
    _exiftool("-XMP-iptcCore:AltTextAccessibility-x-default=Changed in another app", str(photo))
    lifecycle.edit(db, pid, "A heron, edited.")
    res = _write(db, pid)
    assert res.result == "conflict" and "alt text" in res.error, res
    rec = conflicts.get(db, pid)
    assert rec["fields"][0]["field"] == "XMP-iptcCore:AltTextAccessibility"
    conflicts.take_theirs(db, pid)
    assert photos.get(db, pid)["caption_alt_text"] == "Changed in another app"
    assert _write(db, pid).error is None
    assert read_tags(photo, "XMP-iptcCore:AltTextAccessibility")["XMP-iptcCore:AltTextAccessibility"] == \
        "Changed in another app"
