"""Writing a Live Photo: its clip takes the photo's caption in the same step, journaled with the photo.

The clip's journal rows carry the photo's id and caption, so the person's one undo of the photo puts
both files back (``writeback.undo_photo`` reverts every row of that caption), and a rescan of the
photo checks the clip's fields for outside edits too. A clip that cannot take the caption, or was
changed by another app since our last write, is left as it is and named in the outcome's note.
"""

from __future__ import annotations

from typing import Any, Callable

from sqlite_utils import Database

from app.core import fspath
from app.library import outside_edits
from app.metadata.writer import MetadataWriter, Payload, PreparedWrite, WriteError


def clips(db: Database, photo_id: int) -> list[dict[str, Any]]:
    return list(db.query("SELECT id, path, path_bytes, file_description, file_keywords, sidecar_path, state "
                         "FROM photos WHERE live_photo_id = ? AND state = 'ok' ORDER BY id", [photo_id]))


def journal_of(db: Database, photo_id: int) -> list[dict[str, Any]]:
    return list(db.query("SELECT * FROM writes WHERE photo_id = ? ORDER BY id", [photo_id]))


def write_clips(dbcall: Callable[..., Any], writer: MetadataWriter, photo_id: int, caption_id: int,
                payload: Payload, op: str, pre: dict[str, Any] | None, force: bool,
                start: Callable[..., int], end: Callable[..., None], *,
                rows: list[dict[str, Any]] | None = None, journal: list[dict[str, Any]] | None = None,
                ) -> tuple[list[tuple[int, PreparedWrite]], list[str]]:
    """Write the caption into the photo's Live Photo clips. Returns (journal id, plan) pairs and notes.
    ``rows`` and ``journal``: the clips and the photo's write journal when already loaded with the photo
    (the journal's rows of the clips' paths are all there is to know: this write has none yet)."""
    done: list[tuple[int, PreparedWrite]] = []
    notes: list[str] = []
    if rows is None:
        rows = dbcall(clips, photo_id)
    if not rows:
        return done, notes
    written = outside_edits.last_written(journal if journal is not None else dbcall(journal_of, photo_id))
    for row in rows:
        path = fspath.from_row(row)
        name = fspath.to_text(path).rsplit("/", 1)[-1]
        try:
            plans = writer.prepare(path, payload, pre=pre)
        except WriteError as exc:
            notes.append(f"the Live Photo's clip {name} was not written: {exc}")
            continue
        edits = [] if force else [e for p in plans if p.meta is not None and p.path in written
                                  for e in outside_edits.outside_edits(p.meta, written[p.path], new_text=p.expected.get(
                                      "XMP-dc:Description"))]
        if edits:
            notes.append(f"the Live Photo's clip {name} was not written: {outside_edits.describe(edits)}")
            continue
        for plan in plans:
            before = {**plan.journal_before(), "clip": True,
                      "db": {k: row.get(k) for k in ("file_description", "file_keywords", "sidecar_path")}}
            wid = dbcall(start, photo_id, caption_id, plan, before, op)
            try:
                writer.apply(plan, verify=False)
            except WriteError as exc:
                dbcall(end, wid, "done" if exc.changed else "failed", str(exc))
                notes.append(f"the Live Photo's clip {name} was not written: {exc}")
                break
            done.append((wid, plan))
    return done, notes
