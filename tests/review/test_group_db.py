"""The journal of a group of writes reaches the disk before any file changes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from review_helpers import copy_corpus

from app.library import scanner
from app.metadata.writer import WritePolicy
from app.review import lifecycle, writeback
from app.store import captions
from app.store import db as dbmod

pytestmark = [pytest.mark.exiftool, pytest.mark.skipif(not shutil.which("exiftool"), reason="exiftool missing")]


def test_pending_rows_are_committed_with_a_synced_wal_before_the_writes(tmp_path: Path) -> None:
    db = dbmod.connect(tmp_path / "library.db")
    try:
        level = db.conn.execute("PRAGMA synchronous").fetchone()[0]
        assert level == 1  # NORMAL: survives a killed process, not a power cut
        photo = copy_corpus("Archive/2010s/Canon PowerShot G9 - Berlin.jpg", tmp_path / "lib")
        scanner.index_folders(db, [str(photo.parent)])
        pid = db.execute("SELECT id FROM photos").fetchone()[0]
        captions.add_version(db, pid, text="A new caption", keywords=["berlin"], source="model", state="draft",
                             model="m")
        lifecycle.approve(db, pid)
        before = photo.read_bytes()
        seen: list[tuple[str, bool]] = []  # (statement, the photo still unchanged)
        db.conn.set_trace_callback(lambda sql: seen.append((" ".join(sql.split())[:60], photo.read_bytes() == before)))
        with writeback.WriterSession(WritePolicy()) as s:
            out = writeback.write_many(writeback.direct(db), s.writer, [pid])
        db.conn.set_trace_callback(None)
        assert out[0].error is None and photo.read_bytes() != before
        statements = [sql for sql, _ in seen]
        full = statements.index("PRAGMA synchronous = FULL")
        insert = next(i for i, sql in enumerate(statements) if sql.startswith("INSERT INTO writes"))
        commit = next(i for i in range(insert, len(statements)) if statements[i].upper() == "COMMIT")
        assert full < insert < commit and statements[commit + 1] == "PRAGMA synchronous = 1"
        assert seen[commit][1], "the photo changed before its journal row was committed"
        assert db.conn.execute("PRAGMA synchronous").fetchone()[0] == level
    finally:
        db.conn.close()
