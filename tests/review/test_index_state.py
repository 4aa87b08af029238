"""After a write-back the index holds the file's new state without probing it again (``index_state``):
what it stores must be exactly what a full probe of the written file stores."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from review_helpers import copy_corpus

from app.library import scanner
from app.metadata.writer import WritePolicy
from app.review import index_state, lifecycle, writeback
from app.store import captions

pytestmark = [pytest.mark.exiftool, pytest.mark.skipif(not shutil.which("exiftool"), reason="exiftool missing")]

# Camera JPEGs with and without text of their own: EXIF/XMP/IPTC descriptions, keywords in both,
# a title, MWG disagreements, an IPTC record in another character set.
FILES = ["Archive/2010s/Canon PowerShot G9 - Berlin.jpg", "Archive/2000s/Kodak DX4330.jpg",
         "Archive/Web copies/Nikon_D70.jpg", "2019/Holiday/Nikon D5000.jpg", "Edited/IPTC.jpg", "Edited/MWG.jpg",
         "Edited/PhotoMechanic.jpg", "Edited/Porträtt på Eva.jpg", "Edited/no_exif.jpg", "Edited/picasa.jpg",
         "Edited/GPS.jpg", "Edited/XMP.jpg"]
SKIP = {"indexed_at"}  # when, not what


def _rows(db) -> dict[int, dict]:
    out = {}
    for row in db.execute("SELECT * FROM photos ORDER BY id").fetchall():
        cols = [d[0] for d in db.execute("SELECT * FROM photos LIMIT 0").description]
        rec = dict(zip(cols, row))
        out[rec["id"]] = {k: v for k, v in rec.items() if k not in SKIP}
    return out


def test_the_index_after_a_write_equals_a_full_probe(db, tmp_path: Path, monkeypatch) -> None:
    lib = tmp_path / "lib"
    for i, rel in enumerate(FILES):
        copy_corpus(rel, lib, f"{i:02d} {Path(rel).name}")
    scanner.index_folders(db, [str(lib)])
    ids = [r[0] for r in db.execute("SELECT id FROM photos ORDER BY id").fetchall()]
    assert len(ids) == len(FILES)
    for pid in ids:
        captions.add_version(db, pid, text=f"A new caption for photo {pid}", keywords=["berlin", f"k{pid}"],
                             source="model", state="draft", model="m")
        lifecycle.approve(db, pid)

    probed: list[int] = []
    real_refresh = scanner.refresh_photo

    def counting(db_, pid):  # the photos whose new state the write-back did not work out
        probed.append(pid)
        return real_refresh(db_, pid)

    monkeypatch.setattr(scanner, "refresh_photo", counting)
    with writeback.WriterSession(WritePolicy()) as s:
        out = writeback.write_many(writeback.direct(db), s.writer, ids, force=True)
    assert [o.error for o in out] == [None] * len(ids)
    monkeypatch.undo()
    known = [pid for pid in ids if pid not in probed]
    assert len(known) >= len(ids) // 2, f"only {len(known)} of {len(ids)} written photos were not probed again"

    after_write = _rows(db)
    versions = db.execute("SELECT count(*) FROM captions").fetchone()[0]
    for pid in ids:  # what a full probe of each written file stores
        scanner.refresh_photo(db, pid)
    probed_rows = _rows(db)
    for pid in known:
        assert after_write[pid] == probed_rows[pid], {
            k: (after_write[pid][k], probed_rows[pid][k]) for k in after_write[pid]
            if after_write[pid][k] != probed_rows[pid][k]}
    assert db.execute("SELECT count(*) FROM captions").fetchone()[0] == versions  # no "file" caption
    rescan = scanner.rescan(db).to_dict()
    assert rescan["changed"] == 0, rescan


def test_a_file_changed_since_it_was_indexed_is_probed_again(db, tmp_path: Path) -> None:
    photo = copy_corpus("Archive/2010s/Canon PowerShot G9 - Berlin.jpg", tmp_path / "lib")
    scanner.index_folders(db, [str(photo.parent)])
    row = dict(zip([d[0] for d in db.execute("SELECT * FROM photos LIMIT 0").description],
                   db.execute("SELECT * FROM photos").fetchone()))
    st = os.stat(photo)
    assert index_state._row_describes(row, st)
    with open(photo, "ab") as fh:  # another program appended to it after indexing
        fh.write(b"\0")
    assert not index_state._row_describes(row, os.stat(photo))
    os.utime(photo, ns=(st.st_atime_ns, st.st_mtime_ns + 1))
    assert not index_state._row_describes({**row, "size": os.stat(photo).st_size}, os.stat(photo))
