"""Attach to a photo row what Albumwise itself wrote into its file (from the write journal), so the
names guard and the prompt never take our own text for the file's evidence."""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database

from app.facts import provenance


def load(db: Database, photo_id: int | None) -> provenance.OwnWrites:
    if photo_id is None:
        return provenance.OwnWrites()
    rows = list(db.query("SELECT before, after, state FROM writes WHERE photo_id = ? AND state IN ('done', 'pending')"
                         " ORDER BY id", [photo_id]))
    return provenance.from_journal(rows)


def attach(db: Database, photo: dict[str, Any]) -> dict[str, Any]:
    """``photo`` with ``own_writes`` set (returned for chaining)."""
    photo[provenance.KEY] = load(db, photo.get("id"))
    return photo
