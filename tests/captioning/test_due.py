"""Picking photos for ``--all-missing`` reads only the columns ``due.PICK_COLUMNS`` names: every field
the rule reads must be among them, or a photo would silently be picked (or left) by a missing value."""

from __future__ import annotations

import json
from typing import Any

import pytest

from app.captioning import due

ALIAS = {"caption_metrics", "caption_note"}


def _picked() -> set[str]:
    return {c.strip().split(" AS ")[-1].split(".")[-1] for c in due.PICK_COLUMNS.split(",")}


class Watching(dict):
    """A row that records which fields were read."""

    def __init__(self, *a: Any, **kw: Any) -> None:
        super().__init__(*a, **kw)
        self.read: set[str] = set()

    def get(self, key: str, default: Any = None) -> Any:
        self.read.add(key)
        return super().get(key, default)

    def __getitem__(self, key: str) -> Any:
        self.read.add(key)
        return super().__getitem__(key)


ROWS = [
    {"caption_state": "none"},
    {"caption_state": "failed", "caption_flags": json.dumps([due.UNREADABLE]), "size": 5, "mtime_ns": 7,
     "fingerprint": "f", "caption_metrics": json.dumps({"file": {"size": 5, "mtime_ns": 7, "fingerprint": "f"}})},
    {"caption_state": "failed", "unreadable": "cannot decode"},
    {"caption_state": "draft", "caption_source": "file", "caption": "OLYMPUS DIGITAL CAMERA",
     "camera_make": "OLYMPUS", "camera_model": "E-M5"},
    {"caption_state": "approved", "caption_source": "model", "caption": "A dog."},
]


@pytest.mark.parametrize("row", ROWS)
def test_the_rule_reads_only_picked_columns(row: dict[str, Any]) -> None:
    w = Watching(row)
    due.needs_caption(w)
    due.unreadable_unchanged(w)
    due.left_alone_reason(w)
    assert w.read <= _picked(), w.read - _picked()


def test_the_picked_columns_exist(tmp_path) -> None:
    from app.store import db as dbmod

    db = dbmod.connect(tmp_path / "lib.db")
    cols = {r[1] for r in db.execute("PRAGMA table_info(photos)").fetchall()} | ALIAS
    assert _picked() <= cols, _picked() - cols
    assert {"id", "path", "state", "error", "live_photo_id"} <= _picked()  # what the selection itself reads
