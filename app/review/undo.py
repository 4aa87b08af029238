"""Undo: take a photo's last write back out of its files, and only that.

Every field that still holds what we wrote gets its previous value back (byte for byte); whatever
another app changed since (a new caption, an added keyword, its own data in our sidecar) is kept and
named in the result, even while the photo is in conflict. A sidecar we created is deleted only when
nobody else wrote into it. The undone caption is not written again by a plain ``write``: it becomes a
draft (or, where the file had a caption before, the file's caption is current again).
"""

from __future__ import annotations

import json
import os
from typing import Any

from app.core import fspath
from app.metadata import fields as F
from app.metadata.writer import MetadataWriter, Restored, WriteError
from app.review import journal
from app.review.lifecycle import ReviewError
from app.review.outcome import DbCall, WriteOutcome


def _targets(rows: list[dict[str, Any]]) -> list[tuple[str, dict[str, Any], dict[str, Any] | None, dict[str, Any]]]:
    """Per written file (newest rows first in ``rows``): (path, the oldest ``before``, what our writes left
    there, the row). Several rows of one path (a retry, a fallback) undo as one."""
    by_path: dict[str, tuple[dict[str, Any], dict[str, Any] | None, dict[str, Any]]] = {}
    for row in reversed(rows):  # oldest first
        path = fspath.from_row(row)
        before = json.loads(row["before"] or "{}")
        try:
            after = json.loads(row["after"] or "{}")
        except ValueError:
            after = {}
        left = after.get("read_back") if isinstance(after.get("read_back"), dict) else after.get("tags")
        if path not in by_path:
            by_path[path] = (before, dict(left) if isinstance(left, dict) else None, row)
            continue
        first, ours, _ = by_path[path]
        tags = first.setdefault("tags", {})
        for tag, value in (before.get("tags") or {}).items():
            tags.setdefault(tag, value)  # a tag only a later write touched: its value before that write
        if ours is not None and isinstance(left, dict):
            ours.update(left)
        by_path[path] = (first, ours, row)
    return [(p, b, o, r) for p, (b, o, r) in by_path.items()]


def _describe(path: str, before: dict[str, Any], res: Restored) -> list[str]:
    name = os.path.basename(path)
    if res.deleted:
        return [f"removed the sidecar we created ({name})"]
    out = []
    if res.kept_file:
        out.append(f"kept the sidecar {name}: another app wrote into it (only our fields were taken out)")
    elif res.restored or not res.kept:
        tags = before.get("tags") or {}
        old = next((F.as_text(tags.get(t)) for t in F.DESCRIPTION_FIELDS if F.as_text(tags.get(t))), None)
        what = f"the caption {' '.join(old.split())[:60]!r}" if old else "no caption"
        out.append(f"{name} is back to {what}" if not res.kept else f"{name}: our other fields are back to {what}")
    for tag, now, _ours in res.kept:
        field = F.FIELD_NAMES.get(tag, tag)
        out.append(f"kept {field} {' '.join(now.split())[:60]!r} in {name} (changed in another app since our write)")
    return out


def _shown(writer: MetadataWriter, paths: list[str]) -> str | None:
    """The caption the photo shows after an undo that kept others' edits (a sidecar over the file)."""
    for path in sorted(paths, key=lambda p: not p.lower().endswith(".xmp")):
        try:
            text = writer.read(path, tags=[F.EXIF_DESCRIPTION, F.XMP_DESCRIPTION, F.IPTC_CAPTION]).description()
        except WriteError:
            continue
        if text and text.strip():
            return text
    return None


def undo_photo(dbcall: DbCall, writer: MetadataWriter, photo_id: int) -> WriteOutcome:
    """Take the last write back out of the photo (and its sidecar), keeping what others changed since."""
    photo, _cap, _journal = dbcall(journal.load, photo_id)
    if photo.get("state") == "missing":  # its file is gone, or another picture has its name now
        raise ReviewError(f"nothing to undo: {photo.get('error') or 'the photo file is missing'}")
    rows = dbcall(journal.undo_rows, photo_id)
    if not rows:
        raise ReviewError("nothing to undo: no write of this photo is on record")
    said: list[str] = []
    kept: list[dict[str, Any]] = []
    kinds = []
    left: list[str] = []  # files still there after the undo
    for path, before, ours, row in _targets(rows):
        try:
            res = writer.restore(path, before, ours)
        except WriteError as exc:
            return WriteOutcome(photo["path"], row["target"], photo.get("caption_state") or "none", str(exc))
        kinds.append(row["target"])
        said += _describe(path, before, res)
        if not res.deleted:
            left.append(path)
        for tag, now, ours_value in res.kept:
            kept.append({"field": tag, "name": F.FIELD_NAMES.get(tag, tag), "path": fspath.to_text(path),
                         "theirs": now, "ours": ours_value})
    shown = _shown(writer, left) if kept else None
    oldest = json.loads(rows[-1]["before"] or "{}")  # the DB's view of the file before our first write
    dbcall(journal.after_undo, photo_id, rows[0]["caption_id"], oldest, [r["id"] for r in rows], shown)
    dbcall(journal.refresh_index, photo_id)
    photo2, _, _ = dbcall(journal.load, photo_id)
    n = len(rows)
    lead = "restored the state before our write" if not kept else "took our write back out"
    note = lead + (f" ({n} journaled writes in one step)" if n > 1 else "") + ": " + "; ".join(said)
    return WriteOutcome(photo["path"], "+".join(dict.fromkeys(kinds)), photo2.get("caption_state"), None,
                        result="undone", note=note, kept=kept or None)
