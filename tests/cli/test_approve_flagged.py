"""Approving flagged drafts: by name only with --accept-flagged (recorded in the history); group approve
skips flagged drafts exactly as approve --all-drafts does."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "review"))
from review_helpers import make_photo  # noqa: E402

from app.library import groups  # noqa: E402
from app.store import captions  # noqa: E402
from app.store import db as dbmod  # noqa: E402


@pytest.fixture
def lib(tmp_path: Path):
    """Three photos: a draft flagged ungrounded_name, a clean draft, a draft flagged truncated; one group."""
    dbp = tmp_path / "lib.db"
    db = dbmod.connect(dbp)
    pics = tmp_path / "pics"
    pics.mkdir()
    paths = [pics / n for n in ("flagged.jpg", "clean.jpg", "cut.jpg")]
    for p in paths:
        p.write_bytes(b"")
    ids = [make_photo(db, paths[0], text=None), make_photo(db, paths[1], text="A dog on a beach."),
           make_photo(db, paths[2], text=None)]
    captions.add_version(db, ids[0], text="Maria Rossi smiles on the Ponte Vecchio.", keywords=["Maria Rossi"],
                         source="model", state="draft", model="llava", flags=["ungrounded_name"])
    captions.add_version(db, ids[2], text="A dog on a", source="model", state="draft", model="llava",
                         flags=["truncated"])
    groups.merge(db, ids)
    db.conn.close()
    return dbp, paths


def state(dbp: Path, path: Path) -> str:
    db = dbmod.connect(dbp)
    try:
        return db.execute("SELECT caption_state FROM photos WHERE path = ?", [str(path)]).fetchone()[0]
    finally:
        db.conn.close()


def test_approve_by_name_refuses_a_flagged_draft_until_accepted(run_main, lib) -> None:
    dbp, (flagged, _clean, _cut) = lib
    r = run_main("--db", str(dbp), "approve", str(flagged), "--no-write")
    assert r.returncode == 1
    assert "ungrounded_name" in r.stderr and "Maria Rossi" in r.stderr and "--accept-flagged" in r.stderr
    assert state(dbp, flagged) == "draft"
    r = run_main("--db", str(dbp), "approve", str(flagged), "--no-write", "--json")
    obj = json.loads(r.stdout.splitlines()[0])
    assert obj["error"].startswith("not approved") and obj["flags"] == ["ungrounded_name"]
    assert "Maria Rossi" in obj["names"] and obj["path"] == str(flagged) and obj["state"] == "draft"
    r = run_main("--db", str(dbp), "approve", str(flagged), "--no-write", "--accept-flagged")
    assert r.returncode == 0 and "approved: " + str(flagged) in r.stdout
    assert state(dbp, flagged) == "approved"
    hist = json.loads(run_main("--db", str(dbp), "history", str(flagged), "--json").stdout)
    last = hist["versions"][-1]
    assert last["state"] == "approved" and last["accepted_flags"] == ["ungrounded_name"]
    assert "despite the flag ungrounded_name" in last["note"] and "Maria Rossi" in last["note"]
    assert hist["versions"][0]["accepted_flags"] == []


def test_group_approve_skips_flagged_drafts_like_all_drafts(run_main, lib) -> None:
    dbp, (flagged, clean, cut) = lib
    r = run_main("--db", str(dbp), "group", "approve", str(clean), "--no-write")
    assert r.returncode == 0, r.stderr
    assert "2 flagged drafts skipped" in r.stderr and "approved: " + str(clean) in r.stdout
    assert (state(dbp, flagged), state(dbp, clean), state(dbp, cut)) == ("draft", "approved", "draft")
    r = run_main("--db", str(dbp), "group", "approve", str(clean), "--no-write", "--include-flagged")
    assert r.returncode == 0, r.stderr
    assert (state(dbp, flagged), state(dbp, cut)) == ("approved", "approved")


def test_all_drafts_skips_the_same_drafts(run_main, lib) -> None:
    dbp, (flagged, clean, cut) = lib
    r = run_main("--db", str(dbp), "approve", "--all-drafts", "--no-write")
    assert "2 flagged drafts skipped" in r.stderr
    assert (state(dbp, flagged), state(dbp, clean), state(dbp, cut)) == ("draft", "approved", "draft")


def test_a_wrong_language_draft_stays_out_of_bulk_approval_and_is_named(run_main, tmp_path: Path) -> None:
    dbp = tmp_path / "lang.db"
    db = dbmod.connect(dbp)
    pics = tmp_path / "lang"
    pics.mkdir()
    english, no_alt = pics / "english.jpg", pics / "no_alt.jpg"
    for p in (english, no_alt):
        p.write_bytes(b"")
    a, b = make_photo(db, english, text=None), make_photo(db, no_alt, text=None)
    check = {"requested": "de", "detected": {"caption": "en"}, "wrong": ["caption"], "checked": True}
    captions.add_version(db, a, text="A dog on a beach.", source="model", state="draft", model="llava",
                         language="German", flags=["wrong_language"], language_check=check)
    captions.add_version(db, b, text="Ein Hund am Strand.", source="model", state="draft", model="llava",
                         language="German", flags=["no_alt_text"])  # informs only: not held back
    db.conn.close()
    r = run_main("--db", str(dbp), "approve", "--all-drafts", "--no-write")
    assert r.returncode == 0 and "1 flagged draft" in r.stderr + r.stdout
    assert state(dbp, english) == "draft" and state(dbp, no_alt) == "approved"
    r = run_main("--db", str(dbp), "approve", str(english), "--no-write")  # named: approved, and said
    assert r.returncode == 0 and state(dbp, english) == "approved"
    assert "wrong_language" in r.stderr and "caption in English (German was asked for)" in r.stderr
