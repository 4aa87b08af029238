"""Apple Live Photos: a photo (HEIC/JPEG) and a short MOV with the same content identifier are one item.

The identifier is in the photo's Apple maker note (tag 0x0011, exiftool's ``Apple:ContentIdentifier``,
called ``MediaGroupUUID`` by exiftool 12.19–12.x) and in the clip's QuickTime Keys
(``com.apple.quicktime.content.identifier``). At index time the scanner stores both in
``photos.content_id``; :func:`pair` then gives each clip its face (``photos.live_photo_id``): the
photo with the same identifier in the same folder (same name first), else the only one anywhere.
The clip then shares the face's caption (``store.videos.share_caption``). When the face goes missing
the clip stands on its own again, keeping the caption it had.
"""

from __future__ import annotations

import os
import struct
from typing import Any, Iterable

from sqlite_utils import Database

from app.store import captions
from app.store import videos as video_store

APPLE_MAKERNOTE = b"Apple iOS\x00"
TAG_CONTENT_ID = 0x0011


def content_id(exif: bytes | None) -> str | None:
    """The content identifier in an Apple maker note (raw EXIF bytes, with or without ``Exif\\0\\0``)."""
    if not exif:
        return None
    at = exif.find(APPLE_MAKERNOTE)
    if at < 0:
        return None
    note = exif[at:]
    if len(note) < 16:
        return None
    order = ">" if note[12:14] == b"MM" else "<"
    try:
        (count,) = struct.unpack_from(order + "H", note, 14)
        for i in range(min(count, 256)):
            tag, typ, n, value = struct.unpack_from(order + "HHI4s", note, 16 + 12 * i)
            if tag != TAG_CONTENT_ID or typ != 2:
                continue
            raw = value[:n] if n <= 4 else note[struct.unpack(order + "I", value)[0]:][:n]
            text = raw.split(b"\x00", 1)[0].decode("ascii", "replace").strip()
            return text or None
    except struct.error:
        return None
    return None


def pair(db: Database, content_ids: Iterable[str], missing_ids: Iterable[int] = ()) -> int:
    """Pair the photos and clips that carry these identifiers; free clips whose face is gone.
    Runs inside the scanner's transaction. Returns how many clips got a (new) face."""
    freed = list(missing_ids)
    for i in range(0, len(freed), 500):
        part = freed[i:i + 500]
        for (clip,) in db.execute(f"SELECT id FROM photos WHERE live_photo_id IN ({','.join('?' * len(part))})",
                                  part).fetchall():
            unpair(db, clip)
    paired = 0
    for cid in sorted({c for c in content_ids if c}):
        rows = list(db.query("SELECT id, media, folder, filename, state, live_photo_id, caption_id FROM photos "
                             "WHERE content_id = ? AND state != 'missing' ORDER BY id", [cid]))
        faces = [r for r in rows if r["media"] is None and r["state"] == "ok"]
        for clip in (r for r in rows if r["media"] == "video"):
            face = _face_for(clip, faces)
            if face is None:
                if clip["live_photo_id"] is not None:
                    unpair(db, clip["id"])
                continue
            if clip["live_photo_id"] == face["id"]:
                continue
            _join(db, clip, face)
            paired += 1
    return paired


def _face_for(clip: dict[str, Any], faces: list[dict[str, Any]]) -> dict[str, Any] | None:
    stem = os.path.splitext(clip["filename"])[0].casefold()
    here = [f for f in faces if f["folder"] == clip["folder"]]
    for f in here:
        if os.path.splitext(f["filename"])[0].casefold() == stem:
            return f
    if here:
        return here[0]
    return faces[0] if len(faces) == 1 else None


def _join(db: Database, clip: dict[str, Any], face: dict[str, Any]) -> None:
    db.execute("UPDATE photos SET live_photo_id = ? WHERE id = ?", [face["id"], clip["id"]])
    if face["caption_id"] is None and clip["caption_id"] is not None:
        captions.set_current(db, face["id"], clip["caption_id"], commit=False)  # the clip's caption moves to the face
    video_store.share_caption(db, face["id"])


def unpair(db: Database, clip_id: int) -> None:
    """The clip stands alone: it keeps the text it showed, as a version of its own."""
    row = db.execute("SELECT caption_id FROM photos WHERE id = ?", [clip_id]).fetchone()
    db.execute("UPDATE photos SET live_photo_id = NULL WHERE id = ?", [clip_id])
    cap = captions.get(db, int(row[0])) if row and row[0] is not None else None
    if cap is not None and cap["photo_id"] != clip_id:
        import json

        captions.add_version(db, clip_id, text=cap["text"], keywords=json.loads(cap["keywords"] or "[]"),
                             title=cap.get("title"), source=cap["source"], state=cap["state"], model=cap.get("model"),
                             style=cap.get("style"), note="kept when its Live Photo's photo went away",
                             make_current=True, commit=False)
