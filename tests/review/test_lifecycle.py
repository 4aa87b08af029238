"""Caption lifecycle on a real (in-memory) library: approve, reject, edit, restore, history."""

from __future__ import annotations

import json

import pytest
from review_helpers import make_photo

from app.review import export, lifecycle
from app.store import captions, photos


def test_approve_a_draft_adds_an_approved_version(db) -> None:
    pid = make_photo(db, "/lib/a.jpg", text="A red boat", keywords=["boat"])
    cid = lifecycle.approve(db, pid)
    row = photos.get(db, pid)
    assert row["caption_id"] == cid and row["caption_state"] == "approved" and row["caption"] == "A red boat"
    hist = lifecycle.versions(db, pid)
    assert [(v["version"], v["state"], v["note"]) for v in hist] == [(1, "draft", None), (2, "approved", "approved")]
    assert hist[1]["model"] == "llava:7b" and hist[1]["keywords"] == ["boat"]
    assert lifecycle.approve(db, pid) is None  # already approved: nothing new


def test_approve_without_a_draft_is_an_error(db) -> None:
    pid = make_photo(db, "/lib/a.jpg", text=None)
    with pytest.raises(lifecycle.ReviewError, match="no draft"):
        lifecycle.approve(db, pid)


def test_file_caption_stays_current_until_a_person_approves_the_draft(db) -> None:
    pid = make_photo(db, "/lib/a.jpg", text="Grandma's 80th", source="file", state="written", model=None)
    captions.add_version(db, pid, text="A woman with a cake", source="model", state="draft", model="m")
    assert photos.get(db, pid)["caption"] == "Grandma's 80th"  # protected from the model
    lifecycle.reject(db, pid)
    row = photos.get(db, pid)
    assert row["caption"] == "Grandma's 80th" and row["caption_state"] == "written"
    assert [v["state"] for v in lifecycle.versions(db, pid)] == ["written", "rejected"]
    captions.add_version(db, pid, text="A birthday party", source="model", state="draft", model="m")
    lifecycle.approve(db, pid)  # a person explicitly chooses the model's text
    row = photos.get(db, pid)
    assert row["caption"] == "A birthday party" and row["caption_state"] == "approved"


def test_reject_current_draft(db) -> None:
    pid = make_photo(db, "/lib/a.jpg", text="Blurry thing")
    lifecycle.reject(db, pid)
    assert photos.get(db, pid)["caption_state"] == "rejected"
    with pytest.raises(lifecycle.ReviewError):
        lifecycle.reject(db, pid)


def test_edit_is_an_approved_human_version_keeping_keywords(db) -> None:
    pid = make_photo(db, "/lib/a.jpg", text="A dog", keywords=["dog", "grass"])
    lifecycle.edit(db, pid, "Rex, our dog, in the garden")
    row = photos.get(db, pid)
    assert row["caption"] == "Rex, our dog, in the garden"
    assert row["caption_source"] == "human" and row["caption_state"] == "approved"
    assert json.loads(row["caption_keywords"]) == ["dog", "grass"]
    lifecycle.edit(db, pid, "Rex", ["rex"], title="Rex")
    row = photos.get(db, pid)
    assert json.loads(row["caption_keywords"]) == ["rex"] and row["caption_title"] == "Rex"
    with pytest.raises(lifecycle.ReviewError):
        lifecycle.edit(db, pid, "   ")


def test_restore_any_version(db) -> None:
    pid = make_photo(db, "/lib/a.jpg", text="Model draft", keywords=["m"])
    lifecycle.edit(db, pid, "Human text", ["h"])
    lifecycle.restore(db, pid, 1)
    row = photos.get(db, pid)
    assert row["caption"] == "Model draft" and row["caption_state"] == "draft"  # a model draft comes back as draft
    lifecycle.restore(db, pid, 2)
    row = photos.get(db, pid)
    assert row["caption"] == "Human text" and row["caption_state"] == "approved"
    notes = [v["note"] for v in lifecycle.versions(db, pid)]
    assert notes[-2:] == ["restored version 1", "restored version 2"]
    with pytest.raises(lifecycle.ReviewError, match="no version 9"):
        lifecycle.restore(db, pid, 9)


def test_export_rows_and_csv(db) -> None:
    pid = make_photo(db, "/lib/b.jpg", text="Line one\nline two, \"quoted\"", keywords=["a", "b"])
    make_photo(db, "/lib/a.jpg", text=None)
    lifecycle.approve(db, pid)
    items = list(export.rows(db))
    assert len(items) == 1 and items[0]["path"] == "/lib/b.jpg" and items[0]["state"] == "approved"
    assert items[0]["model"] == "llava:7b" and items[0]["keywords"] == ["a", "b"]
    import csv
    import io

    back = list(csv.DictReader(io.StringIO(export.to_csv(items))))
    assert back[0]["caption"] == "Line one\nline two, \"quoted\"" and back[0]["keywords"] == "a; b"
    assert json.loads(export.to_json(items))[0]["caption"] == items[0]["caption"]
