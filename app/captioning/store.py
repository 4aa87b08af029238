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
from app.core.text import valid_text
from app.library import grounding, own_writes
from app.store import captions
from app.store import photos as photostore
from app.store.tx import transaction


def store_result(db: Database, job_id: int, photo_id: int, record: dict[str, Any], *,
                 owner: str | None = None) -> dict[str, Any]:
    """Store a model caption for a running job; returns ``{"state", "caption_id"}``.

    ``state`` is ``draft`` (now the current caption), ``kept`` (stored in the history; a protected
    caption stays current) or ``cancelled`` (the job was cancelled or taken back meanwhile: nothing
    stored; also when ``owner`` no longer holds the job's lease). Version row, current pointer, flags
    and the job's ``done`` are one transaction.
    """
    with transaction(db):
        row = db.execute("SELECT state, lease_owner FROM jobs WHERE id = ?", [job_id]).fetchone()
        if row is None or row[0] != "running" or (owner is not None and row[1] not in (None, owner)):
            return {"state": "cancelled", "caption_id": None}
        caption_id = captions.add_version(db, photo_id, source="model", state="draft", **record)
        jobq.mark_done(db, job_id, caption_id)
        followers = grouping.share_draft(db, job_id, photo_id, caption_id)  # the rest of its group
        current = db.execute("SELECT caption_id FROM photos WHERE id = ?", [photo_id]).fetchone()
    return {"state": "draft" if current and current[0] == caption_id else "kept", "caption_id": caption_id,
            "followers": followers}


def store_failure(db: Database, job_id: int, photo_id: int, error: str, *, model: str | None = None,
                  host: str | None = None, already_failed: bool = False, owner: str | None = None,
                  flags: list[str] | None = None, metrics: dict[str, Any] | None = None) -> None:
    """Fail the job; the photo shows caption_state 'failed' with the error unless its caption is protected.

    With ``owner``, a job that is no longer this run's (cancelled, or taken back by another run after
    our lease lapsed) is left as it is. ``flags``/``metrics`` go on the failed version (an
    unreadable photo: the flag and the file's signature at the time)."""
    error = valid_text(error)
    with transaction(db):
        if owner is not None and not already_failed:
            row = db.execute("SELECT state, lease_owner FROM jobs WHERE id = ?", [job_id]).fetchone()
            if row is None or row[0] != "running" or row[1] not in (None, owner):
                return
        if not already_failed:
            jobq.mark_failed(db, job_id, error)
        grouping.release_followers(db, job_id)  # its group's other photos get their own jobs
        photo = db.execute("SELECT caption_source, caption_state FROM photos WHERE id = ?", [photo_id]).fetchone()
        if flags and "unreadable" in flags:  # not picked again until a rescan re-reads a changed file
            db.execute("UPDATE photos SET unreadable = ? WHERE id = ?", [error, photo_id])
        if photo is not None and not captions.is_protected({"caption_source": photo[0], "caption_state": photo[1]}):
            captions.add_version(db, photo_id, text="", source="model", state="failed", model=model, host=host,
                                 note=error, flags=flags or (), metrics=metrics)


def job_photo(db: Any, photo_id: int) -> tuple[str | None, dict[str, Any] | None]:
    """For a claimed job, in one trip to the DB owner: the queue's pause reason (if paused meanwhile),
    else the photo row with where/who/when (``grounding``) and what we wrote ourselves (never the
    file's own evidence)."""
    reason = jobq.paused_reason(db)
    if reason:
        return reason, None
    photo = photostore.get(db, photo_id)
    if photo is not None:
        photo["grounding"] = grounding.load(db, photo)
        own_writes.attach(db, photo)
    return None, photo
