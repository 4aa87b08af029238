"""Videos in review, search and export: outside edits to a written video's QuickTime fields become a
conflict at rescan; search by words finds clips; a Live Photo is found, listed and exported once."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.library import scanner
from app.review import export, lifecycle, writeback
from app.metadata.writer import WritePolicy
from app.services.search import SearchService
from app.store import photos as photostore
from tests.library import video_clips as vc

pytestmark = pytest.mark.exiftool


@pytest.fixture
def library(tmp_path: Path, db):
    vc.make_clip(tmp_path / "harbour.mov", seconds=2)
    vc.live_photo_pair(tmp_path, "IMG_0100", "LIVE-S")
    scanner.index_folders(db, [str(tmp_path)])
    return tmp_path, {r["filename"]: r["id"] for r in db.query("SELECT id, filename FROM photos")}


def test_an_explorer_edit_of_a_written_video_is_a_conflict_at_rescan(db, library) -> None:
    lib, ids = library
    lifecycle.edit(db, ids["harbour.mov"], "Boats in the harbour at dusk", ["boats", "harbour"])
    with writeback.WriterSession(WritePolicy()) as s:
        [out] = writeback.write_many(writeback.direct(db), s.writer, [ids["harbour.mov"]])
    assert out.state == "written", out
    vc.exiftool("-ItemList:Comment=Our holiday, edited in Windows", str(lib / "harbour.mov"))
    scanner.rescan(db)
    row = photostore.get(db, ids["harbour.mov"])
    assert row["caption_state"] == "conflict"
    conflict = json.loads(row["conflict"])
    assert conflict["theirs"] == "Our holiday, edited in Windows"
    assert conflict["theirs_source"] == "QuickTime comment (Windows)"


def test_search_finds_videos_and_a_live_photo_once(db, library) -> None:
    _lib, ids = library
    lifecycle.edit(db, ids["harbour.mov"], "Boats in the harbour at dusk", ["boats"])
    lifecycle.edit(db, ids["IMG_0100.JPG"], "Boats racing past the lighthouse", ["boats"])
    hits = [r.id for r in SearchService(db, embedder=None).search("boats").results]
    assert set(hits) == {ids["harbour.mov"], ids["IMG_0100.JPG"]}  # the clip shares the caption, shown once
    exported = [r["path"] for r in export.rows(db)]
    assert photostore.get(db, ids["IMG_0100.MOV"])["path"] not in exported
    assert photostore.get(db, ids["IMG_0100.JPG"])["path"] in exported
    assert photostore.get(db, ids["harbour.mov"])["path"] in exported
    counts = photostore.counts(db)
    assert counts["index"]["ok"] == 2  # three files, two items
