"""Undo: put back what a photo's last write replaced."""

from __future__ import annotations

import json
import os
from typing import Any

from app.core import fspath
from app.metadata import fields as F
from app.metadata.writer import MetadataWriter, WriteError
from app.review import journal
from app.review.lifecycle import ReviewError
from app.review.outcome import DbCall, WriteOutcome


def undo_photo(dbcall: DbCall, writer: MetadataWriter, photo_id: int) -> WriteOutcome:
    """Restore the metadata the last write replaced (every touched tag; a created sidecar is removed)."""
    photo, _cap, _journal = dbcall(journal.load, photo_id)
    rows = dbcall(journal.undo_rows, photo_id)
    if not rows:
        raise ReviewError("nothing to undo: no write of this photo is on record")
    file_before: dict[str, Any] = {}
    kinds = []
    restored: dict[str, str] = {}
    for row in rows:  # newest first; the oldest row's ``before`` is what the file held before us
        b = json.loads(row["before"] or "{}")
        if b.get("created"):
            restored[row["path"]] = f"removed the sidecar we created ({os.path.basename(row['path'])})"
        else:
            tags = b.get("tags") or {}
            old = next((F.as_text(tags.get(t)) for t in F.DESCRIPTION_FIELDS if F.as_text(tags.get(t))), None)
            what = f"the caption {' '.join(old.split())[:60]!r}" if old else "no caption"
            restored[row["path"]] = f"{os.path.basename(row['path'])} is back to {what}"
        before = json.loads(row["before"] or "{}")
        try:
            writer.restore(fspath.from_row(row), before)
        except WriteError as exc:
            return WriteOutcome(photo["path"], row["target"], photo.get("caption_state") or "none", str(exc))
        kinds.append(row["target"])
        file_before = before  # rows are newest first: the last one holds the oldest DB view
    dbcall(journal.after_undo, photo_id, rows[0]["caption_id"], file_before, [r["id"] for r in rows])
    dbcall(journal.refresh_index, photo_id)
    photo2, _, _ = dbcall(journal.load, photo_id)
    n = len(rows)
    note = "restored the state before our write" + (f" ({n} journaled writes in one step)" if n > 1 else "")
    note += ": " + "; ".join(restored.values())
    return WriteOutcome(photo["path"], "+".join(dict.fromkeys(reversed(kinds))), photo2.get("caption_state"), None,
                        result="undone", note=note)
