"""Videos in the library: their stream facts, and the Live Photo pairs (a photo and its clip).

A Live Photo's clip keeps its own ``photos`` row (so it is scanned, fingerprinted, written and
undone like any file) with ``live_photo_id`` pointing at its photo, the *face*. Lists, counts,
search and the captioning queue show the face only (``VISIBLE``); the clip shares the face's
current caption (``share_caption``: the very same caption version, so approving, writing or undoing
the face's caption is the clip's too).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Iterable

from app.core.timeutil import utc_now

if TYPE_CHECKING:
    from sqlite_utils import Database

#: SQL condition on ``photos`` that leaves out Live Photo clips (their photo stands for them).
VISIBLE = "photos.live_photo_id IS NULL"
#: The caption columns a clip copies from its face.
CAPTION_COLUMNS = ("caption_id", "caption", "caption_keywords", "caption_title", "caption_state", "caption_source",
                   "caption_model", "caption_flags", "caption_updated_at")


def clips_of(db: Database, photo_id: int) -> list[int]:
    """The Live Photo clips whose face is this photo."""
    return [r[0] for r in db.execute("SELECT id FROM photos WHERE live_photo_id = ? ORDER BY id", [photo_id])]


def face_of(db: Database, photo_id: int) -> int | None:
    row = db.execute("SELECT live_photo_id FROM photos WHERE id = ?", [photo_id]).fetchone()
    return int(row[0]) if row and row[0] is not None else None


def share_caption(db: Database, face_id: int) -> None:
    """Every clip of ``face_id`` gets the face's current caption (same version, same state)."""
    cols = ", ".join(f"{c} = f.{c}" for c in CAPTION_COLUMNS)
    db.execute(f"UPDATE photos SET {cols} FROM (SELECT * FROM photos WHERE id = ?) AS f "
               "WHERE photos.live_photo_id = f.id", [face_id])


def store_facts(db: Database, rows: Iterable[tuple[int, dict[str, Any]]]) -> None:
    """Upsert ``video_facts`` for (photo id, probe ``video`` dict) pairs."""
    now = utc_now()
    db.conn.executemany(
        "INSERT INTO video_facts(photo_id, fps, codec, rotation, stored_width, stored_height, audio, keyframes, "
        "declared, container, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT(photo_id) DO UPDATE SET "
        "fps=excluded.fps, codec=excluded.codec, rotation=excluded.rotation, stored_width=excluded.stored_width, "
        "stored_height=excluded.stored_height, audio=excluded.audio, keyframes=excluded.keyframes, "
        "declared=excluded.declared, container=excluded.container, updated_at=excluded.updated_at",
        [[pid, v.get("fps"), v.get("codec"), v.get("rotation"), v.get("stored_width"), v.get("stored_height"),
          int(bool(v.get("audio"))), v.get("keyframes"), v.get("declared"), v.get("container"), now]
         for pid, v in rows])


def facts(db: Database, photo_id: int) -> dict[str, Any] | None:
    rows = list(db.query("SELECT * FROM video_facts WHERE photo_id = ?", [photo_id]))
    return rows[0] if rows else None


def hidden(db: Database, ids: list[int]) -> set[int]:
    """Which of these photos are Live Photo clips (shown through their photo)."""
    out: set[int] = set()
    for i in range(0, len(ids), 500):
        part = ids[i:i + 500]
        out |= {r[0] for r in db.execute(
            f"SELECT id FROM photos WHERE id IN ({','.join('?' * len(part))}) AND live_photo_id IS NOT NULL", part)}
    return out
