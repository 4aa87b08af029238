"""Every multi-statement change is one transaction. A trigger makes the *last* statement of
each unit fail (like a full disk at that moment); afterwards nothing of the unit may be left."""

from __future__ import annotations

import json

import pytest

from app.captioning import queue as jobq
from app.captioning.store import store_failure, store_result
from app.store import captions, db as dbmod, photos
from app.store.tx import transaction


def _photo(db, name: str) -> int:
    cur = db.execute("INSERT INTO photos(path, folder, filename) VALUES (?, '/p', ?)", [f"/p/{name}", name])
    db.conn.commit()
    return int(cur.lastrowid)


def _snapshot(db) -> dict:
    return {t: db.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall() for t in ("photos", "captions", "jobs")}


@pytest.fixture
def filedb(tmp_path):
    database = dbmod.connect(tmp_path / "lib.db")
    yield database
    database.conn.close()


@pytest.mark.parametrize("how", ["ABORT", "ROLLBACK", "FAIL"])
def test_storing_a_caption_is_all_or_nothing(filedb, how) -> None:
    db = filedb
    pid = _photo(db, "a.jpg")
    job = jobq.enqueue(db, [pid])[0]
    assert jobq.claim(db, owner=None)["id"] == job
    # the job's 'done' is the last statement of the unit: make it fail
    db.execute(f"CREATE TRIGGER fail_done BEFORE UPDATE OF state ON jobs WHEN NEW.state = 'done' "
               f"BEGIN SELECT RAISE({how}, 'database or disk is full'); END")
    before = _snapshot(db)
    with pytest.raises(dbmod.DatabaseError, match="disk is full"):
        store_result(db, job, pid, {"text": "A red boat", "keywords": ["boat"], "flags": ["loop"], "model": "m"})
    assert not db.conn.in_transaction
    assert _snapshot(db) == before  # no version row, no current pointer, job still running
    assert captions.history(db, pid) == [] and photos.get(db, pid)["caption_id"] is None
    assert jobq.get(db, job)["state"] == "running"
    # the fault goes away: the same call stores everything once
    db.execute("DROP TRIGGER fail_done")
    out = store_result(db, job, pid, {"text": "A red boat", "keywords": ["boat"], "flags": ["loop"], "model": "m"})
    assert out["state"] == "draft" and len(captions.history(db, pid)) == 1
    assert jobq.get(db, job)["state"] == "done" and photos.get(db, pid)["caption"] == "A red boat"
    assert json.loads(photos.get(db, pid)["caption_flags"]) == ["loop"]


def test_storing_a_failure_is_all_or_nothing(filedb) -> None:
    db = filedb
    pid = _photo(db, "a.jpg")
    job = jobq.enqueue(db, [pid])[0]
    jobq.claim(db)
    # the last statement: the photo row pointing at the failed version
    db.execute("CREATE TRIGGER fail_ptr BEFORE UPDATE OF caption_id ON photos "
               "BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END")
    before = _snapshot(db)
    with pytest.raises(dbmod.DatabaseError):
        store_failure(db, job, pid, "the server could not read the image")
    assert _snapshot(db) == before and jobq.get(db, job)["state"] == "running"


def test_versions_queue_and_pause_changes_are_atomic(filedb) -> None:
    db = filedb
    ids = [_photo(db, f"{i}.jpg") for i in range(3)]
    # enqueue of three photos fails at the third: no job at all
    db.execute(f"CREATE TRIGGER fail_third BEFORE INSERT ON jobs WHEN NEW.photo_id = {ids[2]} "
               "BEGIN SELECT RAISE(ABORT, 'full'); END")
    with pytest.raises(dbmod.DatabaseError):
        jobq.enqueue(db, ids)
    assert db.execute("SELECT count(*) FROM jobs").fetchone()[0] == 0
    db.execute("DROP TRIGGER fail_third")
    # a version whose current pointer cannot be set leaves no orphan version
    db.execute("CREATE TRIGGER fail_ptr BEFORE UPDATE OF caption_id ON photos BEGIN SELECT RAISE(ABORT, 'full'); END")
    with pytest.raises(dbmod.DatabaseError):
        captions.add_version(db, ids[0], text="My dog", source="human", state="approved")
    assert captions.history(db, ids[0]) == []
    db.execute("DROP TRIGGER fail_ptr")
    # set_state moves the version and the photo row together
    cid = captions.add_version(db, ids[0], text="My dog", source="human", state="approved")
    db.execute("CREATE TRIGGER fail_state BEFORE UPDATE OF caption_state ON photos "
               "BEGIN SELECT RAISE(ABORT, 'full'); END")
    with pytest.raises(dbmod.DatabaseError):
        captions.set_state(db, cid, "written")
    assert captions.get(db, cid)["state"] == "approved"
    db.execute("DROP TRIGGER fail_state")
    # a pause is reason + kind + time, or nothing
    db.execute("CREATE TRIGGER fail_pause BEFORE INSERT ON settings WHEN NEW.key = 'queue.paused_since' "
               "BEGIN SELECT RAISE(ABORT, 'full'); END")
    with pytest.raises(dbmod.DatabaseError):
        jobq.pause(db, "cannot reach the server", kind="server")
    assert jobq.pause_info(db) is None


def test_nested_units_roll_back_only_their_part(db) -> None:
    pid = _photo(db, "a.jpg")
    with transaction(db):
        captions.add_version(db, pid, text="kept", source="human", state="approved")
        with pytest.raises(RuntimeError):
            with transaction(db):
                captions.add_version(db, pid, text="undone", source="human", state="approved")
                raise RuntimeError("inner unit fails")
    assert [c["text"] for c in captions.history(db, pid)] == ["kept"] and photos.get(db, pid)["caption"] == "kept"


def test_model_text_with_lone_surrogates_is_stored_readably(db) -> None:
    pid = _photo(db, "a.jpg")
    cid = captions.add_version(db, pid, text="A \ud800 boat", keywords=["sea\udce9", "ok"], source="model",
                               state="draft", raw_text='{"caption":"A \ud800 boat"}', prompt="file caf\udce9.jpg")
    row = captions.get(db, cid)
    assert row["text"] == "A \ufffd boat" and json.loads(row["keywords"]) == ["sea\ufffd", "ok"]
    assert photos.get(db, pid)["caption"] == "A \ufffd boat"


def test_a_full_disk_while_storing_leaves_nothing_half_done(filedb) -> None:
    """SQLite's own 'database or disk is full' (max_page_count reached), not a trigger."""
    db = filedb
    pid = _photo(db, "a.jpg")
    job = jobq.enqueue(db, [pid])[0]
    jobq.claim(db)
    pages = db.execute("PRAGMA page_count").fetchone()[0]
    db.execute(f"PRAGMA max_page_count = {pages + 2}")  # room for a little, not for a 1 MB raw answer
    before = _snapshot(db)
    with pytest.raises(dbmod.DatabaseError, match="full"):
        store_result(db, job, pid, {"text": "A red boat", "raw_text": "x" * 1_000_000, "model": "m"})
    assert _snapshot(db) == before and not db.conn.in_transaction
    db.execute("PRAGMA max_page_count = 1073741823")
    assert store_result(db, job, pid, {"text": "A red boat", "model": "m"})["state"] == "draft"
    assert len(captions.history(db, pid)) == 1 and jobq.get(db, job)["state"] == "done"
