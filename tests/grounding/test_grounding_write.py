"""Writing grounding into files (real exiftool on copies of tests/data photos): vocabulary paths in
lr:hierarchicalSubject, and place names in the MWG location fields only when asked, with undo."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.facts import vocabulary
from app.services import grounding as ctxmod
from app.library import scanner
from app.metadata.writer import WritePolicy
from app.review import lifecycle, writeback
from app.store import captions
from app.store import photos as photostore
from tests.review.review_helpers import copy_corpus, dump

pytestmark = [pytest.mark.exiftool, pytest.mark.slow]
VOCAB = "Places\n\tItaly\n\t\tRome {Roma}\nAnimals\n\tDog\n"


def _setup(db, tmp_path: Path) -> tuple[int, Path]:
    photo = copy_corpus("Phone/Camera Roll/Apple iPhone 4.jpg", tmp_path / "lib", "rome.jpg")  # GPS in Rome
    scanner.index_folders(db, [str(tmp_path / "lib")])
    ctxmod.set_context(db, str(tmp_path / "lib"), vocabulary=vocabulary.parse(VOCAB))
    pid = photostore.get_by_path(db, str(photo))["id"]
    captions.add_version(db, pid, text="A street in the old town.", keywords=["roma", "dogs", "street"],
                         source="model", state="draft", model="llava")
    lifecycle.approve(db, pid)
    return pid, photo


def _write(db, pid: int, policy: WritePolicy) -> writeback.WriteOutcome:
    with writeback.WriterSession(policy) as s:
        return writeback.write_photo(writeback.direct(db), s.writer, pid)


def test_vocabulary_paths_and_no_place_by_default(db, tmp_path: Path) -> None:
    pid, photo = _setup(db, tmp_path)
    res = _write(db, pid, WritePolicy())
    assert res.error is None, res.error
    tags = dump(photo)
    assert set(tags["XMP-lr:HierarchicalSubject"]) >= {"Places|Italy|Rome", "Animals|Dog", "street"}
    assert "XMP-photoshop:City" not in tags and "XMP-albumwise:PlaceSource" not in tags


def test_place_names_written_when_asked_and_undone(db, tmp_path: Path) -> None:
    pid, photo = _setup(db, tmp_path)
    before = dump(photo)
    res = _write(db, pid, WritePolicy(place_names=True))
    assert res.error is None, res.error
    tags = dump(photo)
    assert (tags["XMP-photoshop:City"], tags["XMP-photoshop:State"], tags["XMP-photoshop:Country"]) == \
        ("Rome", "Lazio", "Italy")
    assert tags["XMP-albumwise:PlaceSource"] == "GPS via GeoNames (Albumwise)"
    with writeback.WriterSession(WritePolicy()) as s:
        assert writeback.undo_photo(writeback.direct(db), s.writer, pid).error is None
    after = dump(photo)
    assert "XMP-photoshop:City" not in after and "XMP-albumwise:PlaceSource" not in after
    assert {k for k in set(before) | set(after) if before.get(k) != after.get(k)} <= {"IFD1:ThumbnailOffset"}


def test_a_near_place_is_never_written_as_the_city(db, tmp_path: Path) -> None:
    photo = copy_corpus("2019/Holiday/Sony DSC-HX5V (2).jpg", tmp_path / "lib", "hills.jpg")  # 3 km out of Langenberg
    scanner.index_folders(db, [str(tmp_path / "lib")])
    pid = photostore.get_by_path(db, str(photo))["id"]
    captions.add_version(db, pid, text="Sheep on a hill.", keywords=["sheep"], source="model", state="draft",
                         model="llava")
    lifecycle.approve(db, pid)
    from app.store import grounding as gstore

    assert gstore.for_ids(db, [pid])[pid]["place"]["near"] == "Langenberg"
    res = _write(db, pid, WritePolicy(place_names=True))
    assert res.error is None, res.error
    tags = dump(photo)
    assert "XMP-photoshop:City" not in tags and "IPTC:City" not in tags
    assert (tags["XMP-photoshop:State"], tags["XMP-photoshop:Country"]) == ("North Rhine-Westphalia", "Germany")


def test_the_command_line_honours_write_place_names(tmp_path: Path) -> None:
    import argparse

    from app.cli.review_cmds import _policy
    from app.config import Settings, app_paths, save_settings

    args = argparse.Namespace(db=None, config=None, target=None, sidecar_naming=None, keep_file_dates=False,
                              update_file_dates=False, no_provenance=False)
    save_settings(app_paths(), Settings(write_place_names=True))
    assert _policy(args).place_names
    save_settings(app_paths(), Settings(write_place_names=False))
    assert not _policy(args).place_names


def test_written_paths_follow_the_photos_place(db, tmp_path: Path) -> None:
    """Two places named Rome, and words that are towns elsewhere: the file gets the path of the Rome the
    GPS is in, and no place path for a word the photo's place does not support."""
    photo = copy_corpus("Phone/Camera Roll/Apple iPhone 4.jpg", tmp_path / "lib", "rome.jpg")  # GPS in Rome
    scanner.index_folders(db, [str(tmp_path / "lib")])
    vocab = "Places\n\tUSA\n\t\tGeorgia\n\t\t\tRome\n\tItaly\n\t\tLazio\n\t\t\tRome\n\tUnited Kingdom\n\t\tReading\n"
    ctxmod.set_context(db, str(tmp_path / "lib"), vocabulary=vocabulary.parse(vocab))
    pid = photostore.get_by_path(db, str(photo))["id"]
    captions.add_version(db, pid, text="A man reading in Rome.", keywords=["Rome", "reading"], source="model",
                         state="draft", model="llava")
    lifecycle.approve(db, pid)
    assert _write(db, pid, WritePolicy()).error is None
    tags = dump(photo)
    assert set(tags["XMP-lr:HierarchicalSubject"]) == {"Places|Italy|Lazio|Rome", "reading"}
