"""Writing many photos: how many exiftool reads a batch costs (one before each group's write; the
verification of a plain JPEG reads the file's own bytes), and which exiftool makes them."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from review_helpers import copy_corpus, make_photo

from app.metadata.exiftool import ExifTool
from app.metadata.writer import WritePolicy
from app.review import lifecycle, write_batch, writeback
from app.store import captions, photos
from tests.exiftool_cli import exiftool

pytestmark = [pytest.mark.exiftool, pytest.mark.skipif(not shutil.which("exiftool"), reason="exiftool missing")]


def test_a_batch_reads_each_group_once_and_verifies_without_exiftool(db, tmp_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    src = copy_corpus("Archive/2010s/Canon PowerShot G9 - Berlin.jpg", tmp_path / "src")
    ids = []
    for i in range(20):
        dest = tmp_path / "lib" / f"p{i:02d}.jpg"
        dest.parent.mkdir(exist_ok=True)
        shutil.copyfile(src, dest)
        ids.append(make_photo(db, dest, text=f"Caption {i}", keywords=["k"],
                               file_description="El cielo sobre Berlin (Heaven above Berlin)"))
        lifecycle.approve(db, ids[-1])
    reads: list[tuple[int, int]] = []  # (exiftool process id, files read)
    real = ExifTool.execute

    def execute(self: ExifTool, *args: str, **kw: Any) -> Any:
        if "-j" in args:
            reads.append((self.pid, sum(str(a).endswith(".jpg") for a in args)))
        return real(self, *args, **kw)

    monkeypatch.setattr(ExifTool, "execute", execute)
    with writeback.WriterSession(WritePolicy()) as s:
        out = writeback.write_many(writeback.direct(db), s.writer, ids)
        writer_pid = s.writer.et.pid
    assert [o.result for o in out] == ["written"] * 20, [o.error for o in out][:2]
    assert all(photos.get(db, pid)["caption_state"] == "written" for pid in ids)
    groups = -(-20 // write_batch.MIN_GROUP)
    assert len(reads) == groups and sum(n for _, n in reads) == 20  # the pre-reads, nothing to verify
    assert reads[0][0] == writer_pid  # the first group needs no second exiftool to start first
    assert all(pid != writer_pid for pid, _ in reads[1:])  # the others overlap the writes


def test_an_outside_edit_that_keeps_size_and_time_is_still_caught(db, tmp_path: Path) -> None:
    """The read before a write is never skipped on the strength of the file's size and time: another app
    (exiftool -P, a tool that puts the time back) can change the caption and keep both."""
    photo = tmp_path / "lib" / "p.jpg"
    photo.parent.mkdir()
    shutil.copyfile(copy_corpus("Archive/2010s/Canon PowerShot G9 - Berlin.jpg", tmp_path / "src"), photo)
    pid, st = _written_then_edited_elsewhere(db, photo, "-XMP-dc:Description=Her caption, final")
    assert (photo.stat().st_size, photo.stat().st_mtime_ns) == (st.st_size, st.st_mtime_ns)  # the premise
    _second_write_finds_her_caption(db, pid, photo)


def _written_then_edited_elsewhere(db, photo: Path, edit: str) -> tuple[int, os.stat_result]:
    """``photo`` captioned, approved and written by us, then edited by another app (``edit``: an exiftool
    assignment) that puts the file's time back. Returns the photo's id and its state after our write."""
    pid = make_photo(db, photo, text="Our caption, first",
                     file_description="El cielo sobre Berlin (Heaven above Berlin)")
    lifecycle.approve(db, pid)
    with writeback.WriterSession(WritePolicy()) as s:
        assert writeback.write_many(writeback.direct(db), s.writer, [pid])[0].result == "written"
    st = photo.stat()
    exiftool("-q", "-P", "-overwrite_original", edit, str(photo), check=True)
    os.utime(photo, ns=(st.st_atime_ns, st.st_mtime_ns))
    return pid, st


def _second_write_finds_her_caption(db, pid: int, photo: Path) -> None:
    """Our next caption for ``photo`` is written: it must stop at the other app's caption and keep it."""
    captions.add_version(db, pid, text="Our caption, again", keywords=[], source="human", state="approved",
                         make_current=True)
    with writeback.WriterSession(WritePolicy()) as s:
        out = writeback.write_many(writeback.direct(db), s.writer, [pid], force=False)
    assert out[0].result == "conflict" and "Her caption, final" in (out[0].error or "")
    assert "Her caption, final" in photo.read_bytes().decode("latin-1")


def _camera_jpeg(tmp_path: Path, name: str) -> Path:
    """A JPEG as a camera writes it (EXIF only: description, make, model, a blank UserComment)."""
    from PIL import Image

    src = copy_corpus("Archive/2010s/Canon PowerShot G9 - Berlin.jpg", tmp_path / "src")
    dest = tmp_path / "lib" / name
    dest.parent.mkdir(exist_ok=True)
    with Image.open(src) as im:
        im.convert("RGB").resize((64, 48)).save(dest, "JPEG", exif=im.info.get("exif", b""))
    return dest


def _full_dump(path: Path) -> dict[str, Any]:
    import json

    out = exiftool("-j", "-G1", "-a", "-XMP:all", "-IPTC:all", "-IFD0:all", "-ExifIFD:all", "-Photoshop:all",
                   "-File:Comment", str(path), check=True)
    return {k: v for k, v in json.loads(out.stdout)[0].items() if k != "SourceFile"}


def test_plain_jpegs_are_read_before_the_write_without_exiftool(db, tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """A camera's JPEG (and one we wrote before) is read from its own bytes before the write; the
    journal it leaves lets undo put back exactly what the file held."""
    files = [_camera_jpeg(tmp_path, f"p{i}.jpg") for i in range(10)]
    originals = [_full_dump(f) for f in files]
    ids = [make_photo(db, f, text=f"Caption {i}", keywords=["k"],
                      file_description="El cielo sobre Berlin (Heaven above Berlin)") for i, f in enumerate(files)]
    for pid in ids:
        lifecycle.approve(db, pid)
    reads: list[int] = []
    real = ExifTool.execute

    def execute(self: ExifTool, *args: str, **kw: Any) -> Any:
        if "-j" in args:
            reads.append(sum(str(a).endswith(".jpg") for a in args))
        return real(self, *args, **kw)

    monkeypatch.setattr(ExifTool, "execute", execute)
    with writeback.WriterSession(WritePolicy()) as s:
        out = writeback.write_many(writeback.direct(db), s.writer, ids)
        assert [o.result for o in out] == ["written"] * 10, [o.error for o in out][:2]
        assert reads == []  # no exiftool read: before the write, nor to verify it
        monkeypatch.setattr(ExifTool, "execute", real)
        for pid in ids:
            assert writeback.undo_photo(writeback.direct(db), s.writer, pid).error is None
    for f, before in zip(files, originals):
        assert _full_dump(f) == before


def test_an_outside_edit_to_a_plain_jpeg_is_caught_and_kept(db, tmp_path: Path) -> None:
    """After our write the file is a plain JPEG (read from its bytes): another app's caption, written
    with the time kept, is still found, and neither overwritten nor lost."""
    photo = _camera_jpeg(tmp_path, "p.jpg")
    pid, _ = _written_then_edited_elsewhere(db, photo, "-IFD0:ImageDescription=Her caption, final")
    from app.metadata import jpeg_state

    assert jpeg_state.plain_meta(str(photo)) is not None  # the premise: read from its bytes
    _second_write_finds_her_caption(db, pid, photo)
