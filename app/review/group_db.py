"""The database side of writing a group of photos: one round trip to load them, one transaction to
journal their writes before any file changes, one transaction to close the journal after the re-read.

Crash safety stays what it was per photo: every ``writes`` row is committed as ``pending`` before its
file is touched, so a kill at any moment leaves pending rows whose ``before`` undo can use (the next
write finds them: ``journal.recover``); the rows become ``done`` and the captions ``written`` together
with the index rows, in one transaction, only after the re-read proved the files hold what we wrote.
These functions run on the thread that owns the database (``dbcall``).
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from typing import Any

from sqlite_utils import Database

from app.core import fspath
from app.core.timeutil import utc_now
from app.core.timings import Timings, timed
from app.library import grounding, groups
from app.metadata.writer import Payload, PreparedWrite
from app.review import conflicts, journal, live_write
from app.store import captions
from app.store.tx import transaction

log = logging.getLogger(__name__)


@dataclass
class PhotoContext:
    """Everything one photo's write reads from the database, loaded with its group."""

    photo: dict[str, Any]
    caption: dict[str, Any] | None
    journal: list[dict[str, Any]]
    conflict: dict[str, Any] | None
    facts: tuple[dict[str, list[str]], dict[str, Any] | None] = ({}, None)  # grounding.write_facts
    clips: list[dict[str, Any]] = field(default_factory=list)  # a Live Photo's clips
    error: str | None = None  # the photo could not be loaded


def load_group(db: Database, ids: list[int], next_ids: list[int] | None = None,
               timings: Timings | None = None) -> tuple[dict[int, PhotoContext], list[str]]:
    """The contexts of ``ids`` and the paths of the next group (for its batched pre-read)."""
    out: dict[int, PhotoContext] = {}
    with timed(timings, "db load"):
        for pid in ids:
            try:
                photo, cap, rows = journal.load(db, pid)
                ctx = PhotoContext(photo, cap, rows, conflicts.get(db, pid))
                if cap is not None and photo.get("caption_state") in ("approved", "conflict"):
                    ctx.facts = grounding.write_facts(db, pid, payload_of(cap).keywords)
                    ctx.clips = live_write.clips(db, pid)
            except Exception as exc:  # noqa: BLE001 - one photo's surprise never stops the others
                log.exception("loading photo %s for writing failed", pid)
                ctx = PhotoContext({}, None, [], None, error=_first(exc))
            out[pid] = ctx
        paths = journal.paths_to_read(db, next_ids) if next_ids else []
    return out, paths


def start_many(db: Database, rows: list[tuple[int, int, PreparedWrite, dict[str, Any], str]],
               timings: Timings | None = None) -> list[int]:
    """Journal rows (photo id, caption id, plan, before, op) as ``pending``, in one transaction; their ids.
    Raises when any row cannot be stored (nothing is then stored: journal them one by one).

    The commit is made durable (``synchronous = FULL``: the WAL is synced to disk) even though the
    library runs with ``NORMAL``, which survives a killed process but not a power cut: a power cut
    after exiftool rewrote the files must not lose the rows that undo them. One sync per group."""
    now = utc_now()
    ids: list[int] = []
    level = None if db.conn.in_transaction else int(db.conn.execute("PRAGMA synchronous").fetchone()[0])
    if level is not None and level < 2:
        db.conn.execute("PRAGMA synchronous = FULL")
    try:
        with timed(timings, "db journal"), transaction(db, commit=False):
            for photo_id, caption_id, plan, before, op in rows:
                cur = db.conn.execute(
                    "INSERT INTO writes(photo_id, caption_id, path, path_bytes, target, sidecar_created, before,"
                    " after, state, created_at) VALUES (?,?,?,?,?,?,?,?,?,?)",
                    [photo_id, caption_id, *fspath.columns(plan.path), plan.kind, int(plan.created),
                     json.dumps(before, ensure_ascii=False),
                     json.dumps({"op": op, "tags": plan.expected}, ensure_ascii=False), "pending", now])
                ids.append(int(cur.lastrowid))
            with timed(timings, "db commit"):
                db.conn.commit()
    finally:
        if level is not None and level < 2:
            db.conn.execute(f"PRAGMA synchronous = {level}")
    return ids


@dataclass
class Written:
    """A photo whose caption is now in its files (``journal.mark_written``, plus the file's new facts)."""

    photo_id: int
    caption_id: int
    text: str
    keywords: list[str]
    sidecar: str | None
    size: int | None = None
    mtime_ns: int | None = None


@dataclass
class GroupCommit:
    """What a group's verification decided, stored in one transaction by :func:`finish_group`."""

    ends: list[tuple[int, str, str | None, dict[str, Any] | None]] = field(default_factory=list)
    written: list[Written] = field(default_factory=list)
    states: list[tuple[int, dict[str, Any]]] = field(default_factory=list)  # index_state.known_state
    refresh: list[int] = field(default_factory=list)  # photos the index reads again (scanner probe)

    def end(self, write_id: int, state: str, error: str | None = None, after: dict[str, Any] | None = None) -> None:
        self.ends.append((write_id, state, error, after))


def finish_group(db: Database, commit: GroupCommit, timings: Timings | None = None) -> None:
    """Journal rows closed, captions written, index rows updated: one transaction. Then the photos whose
    new state is not known are read again (each its own small transaction, as a rescan would)."""
    now = utc_now()
    with transaction(db, commit=False):
        with timed(timings, "db journal"):
            for wid, state, error, after in commit.ends:
                if after is not None:
                    db.conn.execute("UPDATE writes SET state = ?, error = ?, after = ?, finished_at = ? WHERE id = ?",
                                    [state, error, json.dumps(after, ensure_ascii=False), now, wid])
                else:
                    db.conn.execute("UPDATE writes SET state = ?, error = ?, finished_at = ? WHERE id = ?",
                                    [state, error, now, wid])
            for w in commit.written:
                captions.set_state(db, w.caption_id, "written", commit=False)
                # What the file says now, so the next conflict check (and the index) agrees with it.
                params: list[Any] = [w.text, json.dumps(w.keywords, ensure_ascii=False)]
                sql = ("UPDATE photos SET file_description = ?, file_keywords = ?, file_description_source = NULL, "
                       "conflict = NULL")
                if w.sidecar:
                    sql += ", sidecar_path = ?"
                    params.append(fspath.to_text(w.sidecar))
                if w.size is not None:
                    sql += ", size = ?, mtime_ns = ?"
                    params += [w.size, w.mtime_ns]
                db.conn.execute(sql + " WHERE id = ?", [*params, w.photo_id])
        with timed(timings, "db index"):
            for pid, cols in commit.states:
                names = sorted(cols)
                db.conn.execute(f"UPDATE photos SET {', '.join(f'{c} = ?' for c in names)} WHERE id = ?",
                                [*(cols[c] for c in names), pid])
            if commit.states:  # exact copies (same fingerprint) form a group, as the scanner does
                groups.link_fingerprints(db, [cols.get("fingerprint") for _, cols in commit.states])
        with timed(timings, "db commit"):
            db.conn.commit()
    with timed(timings, "db refresh"):
        journal.refresh_many(db, commit.refresh)


def payload_of(cap: dict[str, Any]) -> Payload:
    try:
        kw = json.loads(cap.get("keywords") or "[]")
    except ValueError:
        kw = []
    return Payload(text=cap.get("text") or "", keywords=[str(k) for k in kw] if isinstance(kw, list) else [],
                   title=cap.get("title"), source=cap.get("source") or "model", model=cap.get("model"),
                   style=cap.get("style"), created_at=cap.get("created_at"),
                   approved=cap.get("state") in ("approved", "written"))


def _first(exc: BaseException) -> str:
    return "cannot write: " + (str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__)
