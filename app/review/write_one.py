"""Writing one photo's approved caption: conflict checks, the journaled write, the verification.

For each photo: read the file (the truth), refuse to clobber a description somebody changed since we
last saw it (unless forced), journal the previous value of every tag we touch (``writes`` row,
``pending``), write + re-read + compare, then mark the journal ``done`` and the caption ``written``.

A crash or kill between "pending" and "done" leaves the photo with either its old or its new values
(exiftool writes a temp file and renames it); the next run finds the pending row, removes exiftool's
stale temp file, reuses the journaled ``before`` (so undo still restores the original) and finishes.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from typing import Any

from app.core import fspath
from app.facts.language import code_for
from app.library import grounding, outside_edits
from app.metadata import fields as F
from app.metadata.writer import MetadataWriter, Payload, PreparedWrite, Refused, WriteError, any_equal
from app.review import conflicts, live_write
from app.review import journal as wjournal
from app.review.fallback import fallback
from app.review.lifecycle import edited_parts, translations_of
from app.review.outcome import DbCall, WriteOutcome


def payload_of(cap: dict[str, Any]) -> Payload:
    try:
        kw = json.loads(cap.get("keywords") or "[]")
    except ValueError:
        kw = []
    return Payload(text=cap.get("text") or "", keywords=[str(k) for k in kw] if isinstance(kw, list) else [],
                   title=cap.get("title"), source=cap.get("source") or "model", model=cap.get("model"),
                   style=cap.get("style"), created_at=cap.get("created_at"),
                   approved=cap.get("state") in ("approved", "written"), alt_text=cap.get("alt_text"),
                   language=code_for(cap.get("language")) if cap.get("language") else None,
                   translations=translations_of(cap), replace=set(edited_parts(cap)))


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


def write_photo(dbcall: DbCall, writer: MetadataWriter, photo_id: int, *, force: bool = False,
                pre: dict[str, F.FileMeta] | None = None) -> WriteOutcome:
    """Write the photo's approved caption. Never raises for per-photo problems: see ``error``."""
    res = write_unverified(dbcall, writer, photo_id, force=force, pre=pre)
    if isinstance(res, WriteOutcome):
        return res
    out = finish_write(dbcall, writer, res, None)
    if out.state == "written":
        dbcall(wjournal.refresh_index, photo_id)
    return out


def write_unverified(dbcall: DbCall, writer: MetadataWriter, photo_id: int, *, force: bool,
                      pre: dict[str, F.FileMeta] | None) -> WriteOutcome | Pending:
    photo, cap, journal = dbcall(wjournal.load, photo_id)
    path = photo.get("path") or "?"  # shown; ``fs`` is the file itself (fspath: any name the OS allows)
    fs = fspath.from_row(photo) if photo.get("path") else path
    state = photo.get("caption_state") or "none"
    conflict = dbcall(conflicts.get, photo_id)
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
    payload = payload_of(cap)
    payload.hierarchy, payload.place = dbcall(grounding.write_facts, photo_id, payload.keywords)
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

    op = uuid.uuid4().hex
    done: list[tuple[int, PreparedWrite]] = []
    queue = list(plans)
    result, note = "written", None
    while queue:
        plan = queue.pop(0)
        before = reuse_before.get(plan.path) or {
            **plan.journal_before(),
            "db": {"file_description": photo.get("file_description"), "file_keywords": photo.get("file_keywords"),
                   "sidecar_path": photo.get("sidecar_path"), "file_alt_text": photo.get("file_alt_text"),
                   "file_translations": photo.get("file_translations")},
        }
        wid = dbcall(wjournal.journal_start, photo_id, cap["id"], plan, before, op)
        try:
            writer.apply(plan, verify=False)
        except Refused as exc:
            dbcall(wjournal.journal_end, wid, "failed", str(exc))
            if plan.kind != "file" or writer.policy.target != "auto":
                return partial(path, plan.kind, state, str(exc), done)
            fb = fallback(writer, fs, payload, plan, exc, pre)
            if isinstance(fb, str):
                return partial(path, plan.kind, state, fb, done)
            retry, result, note = fb
            queue = retry + [q for q in queue if q.kind != "sidecar" or not any(r.kind == "sidecar" for r in retry)]
            continue
        except WriteError as exc:
            # "changed" means the file was written but reads back wrong: keep the row so undo works.
            dbcall(wjournal.journal_end, wid, "done" if exc.changed else "failed", str(exc))
            return partial(path, plan.kind, state, str(exc), done)
        done.append((wid, plan))
    if done:  # a Live Photo: its clip takes the same caption, journaled with the photo (one undo for both)
        extra, clip_notes = live_write.write_clips(dbcall, writer, photo_id, cap["id"], payload, op, pre, force,
                                                   wjournal.journal_start, wjournal.journal_end)
        done += extra
        if clip_notes:
            note = "; ".join(n for n in (note, *clip_notes) if n)
            result = "partial" if result == "written" else result
    return Pending(photo_id, cap["id"], path, done, op, text, result, note, fs)


def partial(path: str, kind: str | None, state: str, error: str, done: list[tuple[int, PreparedWrite]]
             ) -> WriteOutcome:
    return WriteOutcome(path, kind, state, error, [fspath.to_text(p.path) for _, p in done])


def finish_write(dbcall: DbCall, writer: MetadataWriter, pending: Pending,
            metas: dict[str, F.FileMeta] | None) -> WriteOutcome:
    """Verify (with the group's batched re-read when given), close the journal rows, mark the caption."""
    verified: list[PreparedWrite] = []
    for wid, plan in pending.done:
        try:
            meta = (metas or {}).get(plan.path) or writer.read(plan.path, tags=list(plan.expected))
            after = writer.check(plan, meta)
        except WriteError as exc:
            dbcall(wjournal.journal_end, wid, "done", str(exc))
            return WriteOutcome(pending.path, plan.kind, "approved", str(exc),
                                [fspath.to_text(p.path) for _, p in pending.done])
        dbcall(wjournal.journal_end, wid, "done", None, {"op": pending.op, "tags": plan.expected, "read_back": after,
                                                 "notes": plan.notes, "kept": plan.kept})
        verified.append(plan)
    kinds = "+".join(dict.fromkeys(p.kind for p in verified))
    sidecar = next((p.path for p in verified if p.kind == "sidecar"), None)
    merged = next((p.expected.get(F.XMP_SUBJECT) for p in verified if p.expected.get(F.XMP_SUBJECT)), []) or []
    dbcall(wjournal.mark_written, pending.photo_id, pending.caption_id, pending.text, merged, sidecar,
           pending.fs or pending.path)
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
