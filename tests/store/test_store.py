"""The store: migrations, the single write owner, caption versions and the protection rule."""

from __future__ import annotations

import json
import threading

from app.store import captions, db as dbmod, photos
from app.store.owner import DbOwner


def _photo(db, path="/p/a.jpg") -> int:
    cur = db.execute(
        "INSERT INTO photos(path, folder, filename) VALUES (?, ?, ?)", [path, "/p", path.rsplit("/", 1)[1]]
    )
    db.conn.commit()
    return int(cur.lastrowid)


def test_migrations_are_recorded_and_idempotent(tmp_path) -> None:
    path = tmp_path / "lib.db"
    first = dbmod.connect(path)
    applied = [r["name"] for r in first.query("SELECT name FROM _sqlite_migrations")]
    assert applied[0] == "m001_initial"
    assert first.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    first.conn.close()
    second = dbmod.connect(path)
    assert [r["name"] for r in second.query("SELECT name FROM _sqlite_migrations")] == applied
    second.conn.close()


def test_model_draft_never_replaces_a_human_caption(db) -> None:
    pid = _photo(db)
    human = captions.add_version(db, pid, text="My dog Rex", source="human", state="approved")
    draft = captions.add_version(db, pid, text="A dog on grass", source="model", state="draft", model="m")
    row = photos.get(db, pid)
    assert row["caption"] == "My dog Rex" and row["caption_id"] == human
    assert [c["id"] for c in captions.history(db, pid)] == [human, draft]


def test_model_draft_becomes_current_when_nothing_protects(db) -> None:
    pid = _photo(db)
    cid = captions.add_version(
        db, pid, text="A red boat", keywords=["boat", "red"], source="model", state="draft", model="m", flags=["x"]
    )
    row = photos.get(db, pid)
    assert row["caption_id"] == cid and row["caption_state"] == "draft"
    assert json.loads(row["caption_keywords"]) == ["boat", "red"]
    captions.set_state(db, cid, "approved")
    assert photos.get(db, pid)["caption_state"] == "approved"
    pub = photos.to_public(photos.get(db, pid))
    assert pub["caption"] == "A red boat" and pub["caption_flags"] == ["x"] and pub["caption_model"] == "m"


def test_owner_runs_everything_on_one_thread(tmp_path) -> None:
    owner = DbOwner(tmp_path / "lib.db")
    try:
        seen = set()

        def who(db):
            seen.add(threading.get_ident())
            return photos.add_root(db, str(tmp_path))

        threads = [threading.Thread(target=lambda: owner.call(who)) for _ in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert len(seen) == 1 and threading.get_ident() not in seen
        assert len(owner.call(photos.roots)) == 1
    finally:
        owner.close()
