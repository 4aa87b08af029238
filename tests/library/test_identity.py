"""A photo is its picture, not its name: another picture under a known name is a new photo; an edit
of the same picture (ours or another app's) keeps its record; renames and swaps are moves."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image

from app.library import identity, media, scanner
from app.store import captions as captions_store
from app.store import photos as photos_store

A = "Phone/Camera Roll/Apple iPhone 4.jpg"
B = "Phone/Camera Roll/HTC Desire.jpg"
C = "2019/Holiday/prairie_falcon.jpg"


def _lib(tmp_path: Path, corpus_dir: Path, **files: str) -> Path:
    root = tmp_path / "photos"
    root.mkdir()
    for name, rel in files.items():
        shutil.copyfile(corpus_dir / rel, root / name)
    return root


def _approve(db, path: Path, text: str) -> int:
    row = photos_store.get_by_path(db, str(path))
    captions_store.add_version(db, row["id"], text=text, keywords=["k"], source="human", state="approved",
                               make_current=True)
    return row["id"]


def _row(db, path: Path) -> dict:
    row = photos_store.get_by_path(db, str(path))
    assert row is not None
    return row


def _put(corpus_dir: Path, rel: str, dest: Path, *, like: Path | None = None) -> None:
    """Write another picture under ``dest``; with ``like``, with that file's size-independent mtime."""
    shutil.copyfile(corpus_dir / rel, dest)
    if like is not None:
        st = like.stat()
        os.utime(dest, ns=(st.st_atime_ns, st.st_mtime_ns))


def test_a_reused_name_is_a_new_photo_and_the_old_record_keeps_its_history(db, tmp_path, corpus_dir) -> None:
    root = _lib(tmp_path, corpus_dir, **{"IMG_0001.jpg": A, "IMG_0002.jpg": C})
    scanner.index_folders(db, [str(root)])
    old_id = _approve(db, root / "IMG_0001.jpg", "A street in Rome at noon")
    # the camera restarted its numbering: a new IMG_0001.jpg is imported over the old one
    _put(corpus_dir, B, root / "IMG_0001.jpg")
    s = scanner.rescan(db)
    assert (s.added, s.replaced, s.changed, s.moved, s.missing) == (1, 1, 0, 0, 0)
    assert s.to_dict()["replaced"] == 1
    new = _row(db, root / "IMG_0001.jpg")
    assert new["id"] != old_id
    assert new["caption"] is None and new["caption_state"] == "none" and new["state"] == "ok"
    old = photos_store.get(db, old_id)
    assert old["state"] == "missing" and old["caption"] == "A street in Rome at noon"
    assert old["caption_state"] == "approved" and "another picture now has this name" in old["error"]
    assert old["path"] != str(root / "IMG_0001.jpg") and old["path"].startswith(str(root / "IMG_0001.jpg"))
    assert [c["text"] for c in captions_store.history(db, old_id)] == ["A street in Rome at noon"]
    # nothing approved is left on a file on disk: a write would find nothing to write
    approved = db.execute("SELECT path FROM photos WHERE caption_state = 'approved' AND state != 'missing'")
    assert approved.fetchall() == []
    # the next scan is quiet; the old record stays as it is
    again = scanner.rescan(db)
    assert (again.added, again.changed, again.missing, again.replaced) == (0, 0, 0, 0)


def test_the_old_picture_found_under_another_name_gets_its_record_back(db, tmp_path, corpus_dir) -> None:
    root = _lib(tmp_path, corpus_dir, **{"IMG_0001.jpg": A})
    scanner.index_folders(db, [str(root)])
    old_id = _approve(db, root / "IMG_0001.jpg", "A street in Rome at noon")
    os.rename(root / "IMG_0001.jpg", root / "rome.jpg")
    _put(corpus_dir, B, root / "IMG_0001.jpg")
    s = scanner.rescan(db)
    assert (s.moved, s.added, s.replaced) == (1, 1, 0)
    assert _row(db, root / "rome.jpg")["id"] == old_id
    assert _row(db, root / "rome.jpg")["caption"] == "A street in Rome at noon"
    assert _row(db, root / "IMG_0001.jpg")["caption"] is None


def test_delete_and_rename_into_the_name_moves_the_renamed_photos_caption(db, tmp_path, corpus_dir) -> None:
    root = _lib(tmp_path, corpus_dir, **{"a.jpg": A, "b.jpg": B})
    scanner.index_folders(db, [str(root)])
    a_id = _approve(db, root / "a.jpg", "A street in Rome")
    b_id = _approve(db, root / "b.jpg", "A lake near Milan")
    os.remove(root / "a.jpg")
    os.rename(root / "b.jpg", root / "a.jpg")
    s = scanner.rescan(db)
    assert (s.moved, s.added, s.replaced, s.missing) == (1, 0, 1, 0)
    now = _row(db, root / "a.jpg")
    assert now["id"] == b_id and now["caption"] == "A lake near Milan"
    assert photos_store.get(db, a_id)["state"] == "missing"


def test_swapped_names_swap_the_records(db, tmp_path, corpus_dir) -> None:
    root = _lib(tmp_path, corpus_dir, **{"a.jpg": A, "b.jpg": B, "c.jpg": C})
    scanner.index_folders(db, [str(root)])
    a_id = _approve(db, root / "a.jpg", "A street in Rome")
    b_id = _approve(db, root / "b.jpg", "A lake near Milan")
    os.rename(root / "a.jpg", root / "tmp.jpg")
    os.rename(root / "b.jpg", root / "a.jpg")
    os.rename(root / "tmp.jpg", root / "b.jpg")
    s = scanner.rescan(db)
    assert (s.moved, s.added, s.replaced, s.missing, s.unchanged) == (2, 0, 0, 0, 1)
    assert (_row(db, root / "a.jpg")["id"], _row(db, root / "b.jpg")["id"]) == (b_id, a_id)
    assert _row(db, root / "a.jpg")["caption"] == "A lake near Milan"
    assert _row(db, root / "b.jpg")["caption"] == "A street in Rome"
    assert db.execute("SELECT count(*) FROM photos").fetchone()[0] == 3


def _tiff(path: Path, colour: tuple[int, int, int]) -> Path:
    Image.new("RGB", (120, 80), colour).save(path, "TIFF")  # uncompressed: same size for every colour
    return path


def test_another_file_of_the_same_size_and_time_under_the_name_is_read(db, tmp_path) -> None:
    root = tmp_path / "photos"
    root.mkdir()
    a, b = _tiff(root / "a.tif", (200, 10, 10)), _tiff(root / "b.tif", (10, 10, 200))
    st = a.stat()
    os.utime(b, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert a.stat().st_size == b.stat().st_size
    scanner.index_folders(db, [str(root)])
    a_id = _approve(db, a, "A red card")
    b_id = _approve(db, b, "A blue card")
    os.replace(b, a)  # same size, same mtime: only the inode tells
    s = scanner.rescan(db)
    assert (s.moved, s.replaced) == (1, 1)
    assert _row(db, a)["id"] == b_id and _row(db, a)["caption"] == "A blue card"
    assert photos_store.get(db, a_id)["state"] == "missing"


@pytest.mark.exiftool
@pytest.mark.parametrize("rel", [A, "Formats/ReaganSmallPng.png", "Formats/Reagan.tiff", "Formats/denali.webp",
                                 "Formats/Stonehenge.heic", "Formats/chi.gif", "Formats/frozenpond.mpo"])
def test_an_edit_of_the_same_picture_keeps_the_record(db, tmp_path, corpus_dir, rel: str) -> None:
    root = tmp_path / "photos"
    root.mkdir()
    path = root / Path(rel).name
    shutil.copyfile(corpus_dir / rel, path)
    scanner.index_folders(db, [str(root)])
    pid = _approve(db, path, "Our approved caption")
    before = _row(db, path)["fingerprint"]
    subprocess.run(["exiftool", "-q", "-q", "-m", "-overwrite_original", "-XMP-dc:Subject+=edited elsewhere",
                    "-Orientation=6", "-n", str(path)], check=True)
    s = scanner.rescan(db)
    assert (s.changed, s.added, s.replaced) == (1, 0, 0)
    row = _row(db, path)
    assert row["id"] == pid and row["fingerprint"] != before and row["caption"] == "Our approved caption"


def test_content_keys_ignore_metadata_and_see_other_pictures(tmp_path, corpus_dir) -> None:
    def key(p: Path) -> str | None:
        from app.library.probe import probe_file

        st = p.stat()
        return probe_file(str(p), st.st_size, st.st_mtime_ns)["media_hash"]

    src = corpus_dir / A
    with Image.open(src) as im:
        exif, img = im.info["exif"], im.convert("RGB")
    p1, p2 = tmp_path / "1.jpg", tmp_path / "2.jpg"
    img.save(p1, "JPEG", quality=90, exif=exif)
    img.save(p2, "JPEG", quality=90)  # the same picture, no metadata at all
    assert key(p1) == key(p2) is not None
    img.save(p2, "JPEG", quality=89)  # re-encoded: another file of the picture, not our record's
    assert key(p2) != key(p1)
    assert media.digest(open(src, "rb"), src.stat().st_size, "JPEG") == key(src)


def test_identity_falls_back_on_facts_for_files_without_a_content_key() -> None:
    k = identity.KnownRow(1, 5000, 1, "ok", "f1", None, None, "NEF", 3040, 2014, "2020-05-01T10:00:00", "D850")
    edited = {"fingerprint": "f2", "format": "NEF", "width": 2014, "height": 3040, "taken_at": "2020-05-01T10:00:00",
              "camera_model": "D850", "size": 5200}
    assert identity.same_picture(k, edited)  # a new orientation swaps the shown sides: still the photo
    assert not identity.same_picture(k, {**edited, "taken_at": "2021-01-01T09:00:00"})  # numbering reset
    assert not identity.same_picture(k, {**edited, "camera_model": "Z 9"})
    no_time = k._replace(taken_at=None)
    assert identity.same_picture(no_time, {**edited, "taken_at": None})
    assert not identity.same_picture(no_time, {**edited, "taken_at": None, "size": 900_000})


def test_undo_on_a_replaced_record_never_touches_the_file_that_took_its_name(db, tmp_path, corpus_dir) -> None:
    from app.review import writeback
    from app.review.lifecycle import ReviewError

    root = _lib(tmp_path, corpus_dir, **{"IMG_0001.jpg": A})
    scanner.index_folders(db, [str(root)])
    old_id = _approve(db, root / "IMG_0001.jpg", "A street in Rome at noon")
    db.execute("INSERT INTO writes(photo_id, path, target, before, after, state, created_at) VALUES "
               "(?, ?, 'file', '{}', '{}', 'done', '2024-01-01T00:00:00Z')", [old_id, str(root / "IMG_0001.jpg")])
    db.conn.commit()
    _put(corpus_dir, B, root / "IMG_0001.jpg")
    scanner.rescan(db)
    with pytest.raises(ReviewError, match="another picture now has this name"):
        writeback.undo_photo(lambda fn, *a, **k: fn(db, *a, **k), None, old_id)  # type: ignore[arg-type]


def test_a_file_that_cannot_be_read_for_a_while_keeps_its_record(db, tmp_path, corpus_dir) -> None:
    root = _lib(tmp_path, corpus_dir, **{"a.jpg": A})
    scanner.index_folders(db, [str(root)])
    pid = _approve(db, root / "a.jpg", "A street in Rome")
    data = (root / "a.jpg").read_bytes()
    (root / "a.jpg").write_bytes(b"")  # a sync that emptied it
    s = scanner.rescan(db)
    assert (s.changed, s.replaced, s.added) == (1, 0, 0)
    assert _row(db, root / "a.jpg")["id"] == pid and _row(db, root / "a.jpg")["state"] == "error"
    (root / "a.jpg").write_bytes(data)  # and back
    s = scanner.rescan(db)
    assert (s.changed, s.replaced) == (1, 0)
    assert _row(db, root / "a.jpg")["caption"] == "A street in Rome" and _row(db, root / "a.jpg")["state"] == "ok"


def test_an_emptied_file_that_comes_back_as_another_picture_is_a_new_photo(db, tmp_path, corpus_dir) -> None:
    root = _lib(tmp_path, corpus_dir, **{"a.jpg": A})
    scanner.index_folders(db, [str(root)])
    pid = _approve(db, root / "a.jpg", "A street in Rome")
    (root / "a.jpg").write_bytes(b"")
    scanner.rescan(db)
    _put(corpus_dir, B, root / "a.jpg")
    s = scanner.rescan(db)
    assert (s.replaced, s.added) == (1, 1)
    assert _row(db, root / "a.jpg")["id"] != pid and _row(db, root / "a.jpg")["caption"] is None
