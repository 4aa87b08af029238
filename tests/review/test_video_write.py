"""Writing a video's caption into its container, verified, journaled and undone, media data untouched.

Every write and every undo is followed by a hash of the ``mdat`` payloads: metadata writes must never
change a byte of the frames. Real exiftool, real clips (PyAV), real SQLite.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from app.library import scanner
from app.metadata import video_fields as V
from app.metadata.writer import WritePolicy
from app.review import lifecycle, writeback
from app.store import photos as photostore
from tests.library import video_clips as vc

pytestmark = pytest.mark.exiftool

CAPTION = "A red door, then a green garden, then the blue sea."


def tags(path: Path) -> dict:
    out = subprocess.run(["exiftool", "-j", "-G1", "-a", "-Keys:all", "-ItemList:all", "-UserData:all",
                          "-Microsoft:all", "-XMP:all", str(path)], capture_output=True, check=True)
    return json.loads(out.stdout)[0]


def approve(db, pid: int, text: str = CAPTION, keywords=("door", "garden", "sea")) -> None:
    lifecycle.edit(db, pid, text, list(keywords))


def write(db, ids=None):
    with writeback.WriterSession(WritePolicy()) as session:
        return writeback.write_many(writeback.direct(db), session.writer, ids)


def undo(db, pid: int):
    with writeback.WriterSession(WritePolicy()) as session:
        return writeback.undo_photo(writeback.direct(db), session.writer, pid)


@pytest.fixture
def library(tmp_path: Path, db):
    lib = tmp_path / "lib"
    lib.mkdir()
    vc.make_clip(lib / "beach.mov", seconds=2)
    vc.make_clip(lib / "beach.mp4", seconds=2)
    vc.make_clip(lib / "old.avi", seconds=1, codec="mpeg4")
    vc.live_photo_pair(lib, "IMG_0001", "LIVE-7")
    scanner.index_folders(db, [str(lib)])
    ids = {r["filename"]: r["id"] for r in db.query("SELECT id, filename FROM photos")}
    return lib, ids


@pytest.mark.parametrize("name", ["beach.mov", "beach.mp4"])
def test_caption_goes_where_every_reader_looks_and_undo_puts_it_back(db, library, name) -> None:
    lib, ids = library
    path = lib / name
    media = vc.mdat_digest(path)
    before = tags(path)
    approve(db, ids[name])
    [out] = write(db, [ids[name]])
    assert (out.state, out.result, out.error) == ("written", "written", None), out
    t = tags(path)
    assert t["XMP-dc:Description"] == CAPTION and t["XMP-dc:Subject"] == ["door", "garden", "sea"]
    assert t[V.KEYS_DESCRIPTION] == CAPTION  # Apple Photos, QuickTime, Immich's Description
    assert t[V.ITEM_COMMENT] == CAPTION  # Windows Explorer's Comments
    assert t[V.MS_CATEGORY] == ["door", "garden", "sea"]  # Windows Explorer's Tags
    assert t[V.KEYS_KEYWORDS] == "door, garden, sea"
    assert t["XMP-lr:HierarchicalSubject"] == ["door", "garden", "sea"]  # Immich's tags
    assert vc.mdat_digest(path) == media  # the frames are untouched
    row = photostore.get(db, ids[name])
    assert row["caption_state"] == "written" and row["file_description"] == CAPTION
    journal = list(db.query("SELECT * FROM writes WHERE photo_id = ?", [ids[name]]))
    assert [j["state"] for j in journal] == ["done"] and json.loads(journal[0]["after"])["tags"][V.KEYS_DESCRIPTION]
    assert scanner.rescan(db).changed == 0  # our own write is not an outside change
    undone = undo(db, ids[name])
    assert undone.result == "undone", undone
    assert vc.mdat_digest(path) == media
    after = tags(path)
    for tag in (V.KEYS_DESCRIPTION, V.ITEM_COMMENT, V.MS_CATEGORY, "XMP-dc:Description"):
        assert tag not in after
    assert {k: v for k, v in after.items() if k != "SourceFile" and not k.startswith("XMP")} == {
        k: v for k, v in before.items() if k != "SourceFile" and not k.startswith("XMP")}


def test_a_caption_changed_in_another_app_since_indexing_is_not_overwritten(db, library) -> None:
    lib, ids = library
    path = lib / "beach.mov"
    vc.exiftool("-Keys:Description=Written in Apple Photos", str(path))
    approve(db, ids["beach.mov"])
    [out] = write(db, [ids["beach.mov"]])
    assert out.state != "written" and "changed since it was indexed" in (out.error or "")
    assert tags(path)[V.KEYS_DESCRIPTION] == "Written in Apple Photos"


def test_containers_exiftool_cannot_write_get_a_sidecar(db, library) -> None:
    lib, ids = library
    avi = lib / "old.avi"
    raw = avi.read_bytes()
    assert photostore.get(db, ids["old.avi"])["state"] == "ok"
    approve(db, ids["old.avi"])
    [out] = write(db, [ids["old.avi"]])
    assert out.state == "written" and out.target == "sidecar", out
    assert avi.read_bytes() == raw
    side = lib / "old.avi.xmp"
    assert tags(side)["XMP-dc:Description"] == CAPTION
    undo(db, ids["old.avi"])
    assert not side.exists() and avi.read_bytes() == raw


def test_live_photo_photo_and_clip_take_one_caption_and_one_undo(db, library) -> None:
    lib, ids = library
    face, clip = ids["IMG_0001.JPG"], ids["IMG_0001.MOV"]
    movie = lib / "IMG_0001.MOV"
    media = vc.mdat_digest(movie)
    approve(db, face)
    assert photostore.get(db, clip)["caption_state"] == "approved"  # shared
    outs = write(db)  # every approved caption: the clip is not written twice
    assert [o.path for o in outs if o.state == "written"] == [photostore.get(db, face)["path"]]
    assert tags(movie)[V.KEYS_DESCRIPTION] == CAPTION
    assert vc.mdat_digest(movie) == media
    assert photostore.get(db, clip)["caption_state"] == "written"
    assert photostore.get(db, clip)["file_description"] == CAPTION
    assert scanner.rescan(db).changed == 0
    undone = undo(db, face)
    assert undone.result == "undone"
    assert V.KEYS_DESCRIPTION not in tags(movie) and vc.mdat_digest(movie) == media
