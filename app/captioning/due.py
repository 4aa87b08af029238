"""Which photos still need a caption: the one rule behind ``caption --all-missing``, a group's
followers and the re-check when photos are queued.

A photo needs a caption when it has none, its last one failed, or its only text is camera
boilerplate. Except: a photo whose last try failed because its content cannot be decoded
(``unreadable``) is left alone until the file changes (another size, time or fingerprint seen by
a rescan): trying it again would fail again, on every run, and turn every run into a failure.

The rule is applied twice for ``--all-missing``: when the photos are picked, and again inside the
transaction that queues them, because another run may have captioned some in between (a pick is
only a snapshot).
"""

from __future__ import annotations

import json
from typing import Any

from sqlite_utils import Database

from app.library.boilerplate import is_boilerplate

UNREADABLE = "unreadable"  # the flag on the failed version of a photo that could not be decoded
SIGNATURE = ("size", "mtime_ns", "fingerprint")
#: ``photos`` columns plus what ``unreadable_unchanged`` needs from the current caption version
PHOTO_COLUMNS = "photos.*, c.metrics AS caption_metrics, c.note AS caption_note"
PHOTO_FROM = "photos LEFT JOIN captions c ON c.id = photos.caption_id"
#: Only what picking a photo for ``--all-missing`` reads (``needs_caption``, ``unreadable_unchanged``,
#: ``left_alone_reason`` and the selection itself): a whole row per photo made reading 10,000 of them
#: cost ~0.15 s before the first request
PICK_COLUMNS = ("photos.id, photos.path, photos.state, photos.error, photos.live_photo_id, photos.caption_state, "
                "photos.caption_source, photos.caption, photos.camera_make, photos.camera_model, photos.unreadable, "
                "photos.caption_flags, " + ", ".join(f"photos.{k}" for k in SIGNATURE) +
                ", c.metrics AS caption_metrics, c.note AS caption_note")


def file_signature(photo: dict[str, Any]) -> dict[str, Any]:
    """What identifies the file's current content in the library (refreshed by a rescan)."""
    return {k: photo.get(k) for k in SIGNATURE}


def _json(value: Any, default: Any) -> Any:
    try:
        out = json.loads(value) if isinstance(value, str) else value
    except ValueError:
        return default
    return out if isinstance(out, type(default)) else default


def unreadable_unchanged(photo: dict[str, Any]) -> bool:
    """The last try found the file undecodable and the file has not changed since.

    ``photo`` must carry ``caption_metrics`` (select it with ``PHOTO_COLUMNS`` / ``PHOTO_FROM``). The
    ``photos.unreadable`` mark says the same and is cleared by the rescan that re-reads a changed file."""
    if photo.get("unreadable"):
        return True
    if photo.get("caption_state") != "failed" or UNREADABLE not in _json(photo.get("caption_flags"), []):
        return False
    seen = _json(photo.get("caption_metrics"), {}).get("file")
    return isinstance(seen, dict) and seen == file_signature(photo)


def needs_caption(photo: dict[str, Any]) -> bool:
    """No caption worth keeping yet (``photo`` is a ``photos`` row)."""
    state = photo.get("caption_state") or "none"
    if state == "none":
        return True
    if state == "failed":
        return not unreadable_unchanged(photo)
    return photo.get("caption_source") == "file" and is_boilerplate(
        photo.get("caption"), photo.get("camera_make"), photo.get("camera_model"))


def still_missing(db: Database, photo_id: int) -> bool:
    rows = list(db.query(f"SELECT {PHOTO_COLUMNS} FROM {PHOTO_FROM} WHERE photos.id = ?", [photo_id]))
    return bool(rows) and needs_caption(rows[0])


def left_alone_reason(photo: dict[str, Any]) -> str:
    why = (photo.get("caption_note") or photo.get("unreadable") or "it could not be read").split("; gave up")[0]
    return f"{why} (not tried again until the file changes; caption it by name to try anyway)"
