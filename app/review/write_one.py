"""Writing one photo's approved caption: conflict checks, the journaled write, the verification.

For each photo: read the file (the truth), refuse to clobber a description somebody changed since we
last saw it (unless forced), journal the previous value of every tag we touch (``writes`` row,
``pending``), write + re-read + compare, then mark the journal ``done`` and the caption ``written``.

A crash or kill between "pending" and "done" leaves the photo with either its old or its new values
(exiftool writes a temp file and renames it); the next run finds the pending row, removes exiftool's
stale temp file, reuses the journaled ``before`` (so undo still restores the original) and finishes.
"""

from __future__ import annotations

import os
import uuid
from dataclasses import dataclass
from typing import Any

from app.core import fspath
from app.core.timings import Timings, timed
from app.library import outside_edits
from app.metadata import fields as F
from app.metadata.stream import Streamed
from app.metadata.writer import MetadataWriter, Payload, PreparedWrite, Refused, WriteError, any_equal
from app.review import group_db, index_state, live_write
from app.review import journal as wjournal
from app.review.fallback import fallback
from app.review.outcome import DbCall, WriteOutcome


def conflicts_for(plans: list[PreparedWrite], journal: list[dict[str, Any]], photo: dict[str, Any],
                   text: str) -> list[outside_edits.FieldEdit]:
    """Every field of every target that changed since our last write to it."""
    written = outside_edits.last_written(journal)
    cam = (photo.get("camera_make"), photo.get("camera_model"))
    edits: list[outside_edits.FieldEdit] = []
    for plan in plans:
        if plan.meta is not None and plan.path in written:
            edits += outside_edits.outside_edits(plan.meta, written[plan.path], new_text=text, camera=cam)
        elif plan.kind == "sidecar" and plan.meta is not None and plan.meta.exists and written:
            # A sidecar that appeared after our in-file write: another app's (darktable, digiKam, Immich).
            ours = next((F.as_text(w.get(F.XMP_DESCRIPTION)) for w in written.values()), None)
            edits += outside_edits.appeared_sidecar(plan.meta, ours, new_text=text, camera=cam)
    return edits


def removed_keywords(journal: list[dict[str, Any]], keywords: list[str], conflict: dict[str, Any] | None) -> list[str]:
    """Keywords that must leave every keyword field: those our writes added that the caption no longer has
    (the person dropped them), and those another app removed when the person took that removal."""
    added = wjournal.added_keywords(journal)
    keep = {k.strip().casefold() for k in keywords}
    out = [k for k in added if k.strip().casefold() not in keep]
    if conflict is not None and conflict.get("decision") == "theirs":
        out += [str(k) for k in conflict.get("removed_keywords") or [] if str(k).strip().casefold() not in keep]
    return list(dict.fromkeys(out))


@dataclass
class Planned:
    """A photo whose write is decided: its targets' plans and the ``before`` each will journal."""

    photo_id: int
    photo: dict[str, Any]
    caption: dict[str, Any]
    payload: Payload
    plans: list[PreparedWrite]
    befores: list[dict[str, Any]]
    op: str
    text: str
    path: str  # shown (readable text)
    fs: str  # the file itself (fspath: any name the OS allows)
    state: str
    force: bool
    reuse_before: dict[str, dict[str, Any]]
    clips: list[dict[str, Any]] | None = None
    journal: list[dict[str, Any]] | None = None


@dataclass
class Pending:
    """A photo whose writes are done and await the group's batched verification."""

    photo_id: int
    caption_id: int
    path: str  # shown (readable text)
    done: list[tuple[int, PreparedWrite]]
    op: str
    text: str
    result: str = "written"
    note: str | None = None
    fs: str = ""  # the file itself (fspath: any name the OS allows)
    row: dict[str, Any] | None = None  # the photo row the write started from
    st0: os.stat_result | None = None  # the photo file's facts just before exiftool rewrote it


def plan_photo(dbcall: DbCall, writer: MetadataWriter, photo_id: int, ctx: group_db.PhotoContext, *,
               force: bool, pre: dict[str, F.FileMeta] | None) -> WriteOutcome | Planned:
    """Everything before the first file changes: which caption, conflict checks, the plans."""
    if ctx.error:
        return WriteOutcome(f"photo {photo_id}", None, "none", ctx.error)
    photo, cap, journal = ctx.photo, ctx.caption, ctx.journal
    path = photo.get("path") or "?"  # shown; ``fs`` is the file itself (fspath: any name the OS allows)
    fs = fspath.from_row(photo) if photo.get("path") else path
    state = photo.get("caption_state") or "none"
    conflict = ctx.conflict
    if conflict is not None and conflict.get("decision") in ("mine", "theirs"):
        force = True  # the person decided this conflict: keep mine, or take theirs (now the caption)
    if cap is not None and str(cap.get("note") or "").startswith("undo:") and state != "written" and not (
            force and state == "approved"):
        # Undo is remembered: the caption taken out of the file is not written again by a plain write.
        return WriteOutcome(path, None, state, None, result="skipped",
                            note="its last write was undone; approve the caption again (or write with --force) "
                                 "to put it back")
    if cap is None or not (state == "approved" or (state == "conflict" and force)):
        if state == "conflict":
            return WriteOutcome(path, None, state, "another app changed this photo's caption since our write; "
                                "decide first (keep mine: --force, or take theirs)", result="conflict")
        msg = "already written" if state == "written" else f"nothing approved to write (caption is {state})"
        return WriteOutcome(path, None, state, None if state == "written" else msg,
                            result="skipped" if state == "written" else "error")

    reuse_before = wjournal.recover(dbcall, journal, cap)
    payload = group_db.payload_of(cap)
    payload.hierarchy, payload.place = ctx.facts
    payload.removed = removed_keywords(journal, payload.keywords, conflict)
    payload.owned = outside_edits.last_written(journal)  # a text there that is not ours is a person's
    payload.force = force
    try:
        plans = writer.prepare(fs, payload, pre=pre)
    except WriteError as exc:
        return WriteOutcome(path, exc.target, state, str(exc))
    text = plans[0].expected[F.XMP_DESCRIPTION]

    # Human text is never overwritten silently. Field by field against what we last wrote there...
    edits = [] if force else conflicts_for(plans, journal, photo, text)
    if edits:
        record = outside_edits.conflict_record(edits, text, "write")
        dbcall(outside_edits.mark, photo_id, record)
        return WriteOutcome(path, plans[0].kind, "conflict",
                            f"{outside_edits.describe(edits)}; not overwritten (keep yours with --force, "
                            "or take theirs)", result="conflict")
    # ...and, for text we never wrote, the description other apps show must be the one the index read.
    current = plans[0].current_description if plans else None
    if not force and current and not F.is_boilerplate(current, photo.get("camera_make"), photo.get("camera_model")):
        known = [photo.get("file_description"), payload.text, *wjournal.last_written_texts(journal)]
        if not any_equal(current, known):
            short = " ".join(current.split())[:60]
            return WriteOutcome(path, plans[0].kind, state,
                                f"the file's description changed since it was indexed ({short!r}); "
                                "not overwritten (use --force to replace it)")
    return Planned(photo_id, photo, cap, payload, plans, [_before(plan, photo, reuse_before) for plan in plans],
                   uuid.uuid4().hex, text, path, fs, state, force, reuse_before, ctx.clips, journal)


def _before(plan: PreparedWrite, photo: dict[str, Any], reuse: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """What the journal keeps of a target before our write (an interrupted write's ``before`` is reused,
    so undo still restores the original)."""
    return reuse.get(plan.path) or {
        **plan.journal_before(),
        "db": {"file_description": photo.get("file_description"), "file_keywords": photo.get("file_keywords"),
               "sidecar_path": photo.get("sidecar_path"), "file_alt_text": photo.get("file_alt_text"),
               "file_translations": photo.get("file_translations")},
    }


def write_planned(dbcall: DbCall, writer: MetadataWriter, p: Planned, first: tuple[int, Streamed] | None,
                  pre: dict[str, F.FileMeta] | None) -> WriteOutcome | Pending:
    """Run the photo's writes. ``first``: the journal row and streamed command of its first target
    (``WriteStream``), when the group sent it ahead; every other target is journaled and written here.
    A target exiftool refuses falls back to a write without EXIF, else to a sidecar (``fallback``)."""
    done: list[tuple[int, PreparedWrite]] = []
    queue = list(p.plans)
    result, note = "written", None
    st0 = None
    while queue:
        plan = queue.pop(0)
        if first is not None and plan is first[1].plan:
            wid, item = first
            first = None
        else:
            wid, item = dbcall(wjournal.journal_start, p.photo_id, p.caption["id"], plan,
                               _before(plan, p.photo, p.reuse_before), p.op), None
        try:
            if item is None or item.deferred:
                writer.apply(plan, verify=False)
            elif item.error is not None:
                raise item.error
            else:
                assert item.attempt is not None
                writer.complete(item.attempt, item.result, verify=False)
                if plan.kind == "file":
                    st0 = item.attempt.st
        except Refused as exc:
            dbcall(wjournal.journal_end, wid, "failed", str(exc))
            if plan.kind != "file" or writer.policy.target != "auto":
                return partial(p.path, plan.kind, p.state, str(exc), done)
            fb = fallback(writer, p.fs, p.payload, plan, exc, pre)
            if isinstance(fb, str):
                return partial(p.path, plan.kind, p.state, fb, done)
            retry, result, note = fb
            queue = retry + [q for q in queue if q.kind != "sidecar" or not any(r.kind == "sidecar" for r in retry)]
            continue
        except WriteError as exc:
            # "changed" means the file was written but reads back wrong: keep the row so undo works.
            dbcall(wjournal.journal_end, wid, "done" if exc.changed else "failed", str(exc))
            return partial(p.path, plan.kind, p.state, str(exc), done)
        done.append((wid, plan))
    if done:  # a Live Photo: its clip takes the same caption, journaled with the photo (one undo for both)
        extra, clip_notes = live_write.write_clips(dbcall, writer, p.photo_id, p.caption["id"], p.payload, p.op, pre,
                                                   p.force, wjournal.journal_start, wjournal.journal_end,
                                                   rows=p.clips, journal=p.journal)
        done += extra
        if clip_notes:
            note = "; ".join(n for n in (note, *clip_notes) if n)
            result = "partial" if result == "written" else result
    return Pending(p.photo_id, p.caption["id"], p.path, done, p.op, p.text, result, note, p.fs, p.photo, st0)


def partial(path: str, kind: str | None, state: str, error: str, done: list[tuple[int, PreparedWrite]]
             ) -> WriteOutcome:
    return WriteOutcome(path, kind, state, error, [fspath.to_text(p.path) for _, p in done])


def finish_write(writer: MetadataWriter, pending: Pending, metas: dict[str, F.FileMeta] | None,
                 commit: group_db.GroupCommit, timings: Timings | None = None) -> WriteOutcome:
    """Verify (with the group's batched re-read when given), then say how to close the journal rows,
    mark the caption and update the index (``commit``: stored for the whole group at once)."""
    verified: list[PreparedWrite] = []
    for wid, plan in pending.done:
        try:
            meta = (metas or {}).get(plan.path) or writer.read_back(plan)
            after = writer.check(plan, meta)
        except WriteError as exc:
            commit.end(wid, "done", str(exc))
            return WriteOutcome(pending.path, plan.kind, "approved", str(exc),
                                [fspath.to_text(p.path) for _, p in pending.done])
        commit.end(wid, "done", None, {"op": pending.op, "tags": plan.expected, "read_back": after,
                                       "notes": plan.notes, "kept": plan.kept})
        verified.append(plan)
    kinds = "+".join(dict.fromkeys(p.kind for p in verified))
    sidecar = next((p.path for p in verified if p.kind == "sidecar"), None)
    merged = next((p.expected.get(F.XMP_SUBJECT) for p in verified if p.expected.get(F.XMP_SUBJECT)), []) or []
    try:
        st = os.stat(pending.fs or pending.path)
    except OSError:
        st = None
    commit.written.append(group_db.Written(pending.photo_id, pending.caption_id, pending.text, merged, sidecar,
                                           st.st_size if st else None, st.st_mtime_ns if st else None))
    with timed(timings, "index state"):
        state = index_state.known_state(pending.row or {}, pending.fs, verified, pending.st0, pending.text)
    if state is not None:
        commit.states.append((pending.photo_id, state))
    else:
        commit.refresh.append(pending.photo_id)
    notes = [pending.note] if pending.note else []
    notes += [n for p in verified for n in p.notes if n not in notes]
    stale = [st for p in verified for st in p.stale]
    result = pending.result
    if stale and result == "written":
        # Never "written" while a reader still shows old text: say which field, what it shows and why.
        result = "partial"
        notes.insert(0, "the file still shows other text in " + "; ".join(
            f"{n}: {' '.join(v.split())[:60]!r} ({why})" for n, v, why in stale))
    left = [lf for p in verified for lf in p.left]
    if left:
        notes.append("left alone: " + "; ".join(f"{n}: {' '.join(v.split())[:60]!r} ({why})" for n, v, why in left))
    return WriteOutcome(pending.path, kinds, "written", None, [fspath.to_text(p.path) for p in verified],
                        result=result, note="; ".join(notes) or None)
