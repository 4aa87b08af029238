"""Writing captioning outcomes: caption version + job state in one transaction (DB owner thread).

One transaction is what makes "never captioned twice, never lost" hold across kills: either the
caption version exists *and* its job is done, or neither (the job is then recovered and redone).
A generated caption is a *draft*; ``captions.add_version`` keeps it out of the photo's current
caption when a person wrote, approved or imported one (it still lands in the history).
"""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database

from app.captioning import grouping
from app.captioning import queue as jobq
from app.store import captions


def store_result(db: Database, job_id: int, photo_id: int, record: dict[str, Any]) -> dict[str, Any]:
    """Store a model caption for a running job; returns ``{"state", "caption_id"}``.

    ``state`` is ``draft`` (now the current caption), ``kept`` (stored in the history; a protected
    caption stays current) or ``cancelled`` (the job was cancelled meanwhile: nothing stored).
    """
    row = db.execute("SELECT state FROM jobs WHERE id = ?", [job_id]).fetchone()
    if row is None or row[0] != "running":
        return {"state": "cancelled", "caption_id": None}
    try:
        caption_id = captions.add_version(db, photo_id, source="model", state="draft", commit=False, **record)
        jobq.mark_done(db, job_id, caption_id, commit=False)
        followers = grouping.share_draft(db, job_id, photo_id, caption_id)  # the rest of its group (issue 14)
        db.conn.commit()
    except BaseException:
        db.conn.rollback()
        raise
    current = db.execute("SELECT caption_id FROM photos WHERE id = ?", [photo_id]).fetchone()
    return {"state": "draft" if current and current[0] == caption_id else "kept", "caption_id": caption_id,
            "followers": followers}


def store_failure(db: Database, job_id: int, photo_id: int, error: str, *, model: str | None = None,
                  host: str | None = None, already_failed: bool = False) -> None:
    """Fail the job; the photo shows caption_state 'failed' with the error unless its caption is protected."""
    try:
        if not already_failed:
            jobq.mark_failed(db, job_id, error, commit=False)
        grouping.release_followers(db, job_id)  # its group's other photos get their own jobs (issue 14)
        photo = db.execute("SELECT caption_source, caption_state FROM photos WHERE id = ?", [photo_id]).fetchone()
        if photo is not None and not captions.is_protected({"caption_source": photo[0], "caption_state": photo[1]}):
            captions.add_version(db, photo_id, text="", source="model", state="failed", model=model, host=host,
                                 note=error, commit=False)
        db.conn.commit()
    except BaseException:
        db.conn.rollback()
        raise
