"""Writing approved captions into photos, journaled so every write can be undone.

For each photo: read the file (the truth), refuse to clobber a description somebody changed since we
last saw it (unless forced), journal the previous value of every tag we touch (``writes`` row,
``pending``), write + re-read + compare, then mark the journal ``done`` and the caption ``written``.

A crash or kill between "pending" and "done" leaves the photo with either its old or its new values
(exiftool writes a temp file and renames it); the next run finds the pending row, removes exiftool's
stale temp file, reuses the journaled ``before`` (so undo still restores the original) and finishes.

DB access goes through ``dbcall(fn, *args)`` so the same code runs in the CLI (main thread holds the
connection) and in the app (``DbOwner.call``) while exiftool stays on its own thread.
"""

from __future__ import annotations

import json
import logging
import os
import uuid
from dataclasses import dataclass
from typing import Any, Callable, Iterable

from sqlite_utils import Database

from app.core import fspath
from app.core.progress import CancelToken, Progress, ProgressFn, no_progress
from app.core.timeutil import utc_now
from app.library import grounding, outside_edits
from app.metadata import fields as F
from app.metadata.writer import (
    MetadataWriter, Payload, PreparedWrite, Refused, WriteError, any_equal, backup_path, sidecar_candidates,
)
from app.review import conflicts, live_write
from app.review.lifecycle import ReviewError
from app.store import captions
from app.store.tx import transaction

DbCall = Callable[..., Any]
log = logging.getLogger(__name__)


@dataclass
class WriteOutcome:
    """One photo's result (the ``write --json`` object).

    ``result`` says what the person can rely on: ``written`` (every description field the file has
    shows the caption), ``sidecar`` (only a sidecar could take it: ``note`` says what the file itself
    still shows), ``partial`` (written, but a field could not be changed: ``note`` names it),
    ``conflict`` (another app changed the file since our write: nothing written),
    ``error`` (nothing written, or written but not verified: see ``error``), ``skipped``.
    """

    path: str
    target: str | None  # file | sidecar | file+sidecar
    state: str  # the caption state afterwards
    error: str | None = None
    written: list[str] | None = None  # files actually written
    result: str | None = None
    note: str | None = None

    def __post_init__(self) -> None:
        if self.result is None:
            self.result = "error" if self.error else ("written" if self.state == "written" else "skipped")

    def to_public(self) -> dict[str, Any]:
        return {"path": self.path, "target": self.target, "state": self.state, "error": self.error,
                "result": self.result, "note": self.note}


def direct(db: Database) -> DbCall:
    """A ``dbcall`` for code that holds the connection on its own thread (the CLI)."""
    return lambda fn, *a, **k: fn(db, *a, **k)


# -- store helpers (run on the DB thread) --------------------------------------------------------
def _load(db: Database, photo_id: int) -> tuple[dict[str, Any], dict[str, Any] | None, list[dict[str, Any]]]:
    photo = db.execute("SELECT * FROM photos WHERE id = ?", [photo_id]).fetchone()
    cols = [d[0] for d in db.execute("SELECT * FROM photos LIMIT 0").description]
    prow = dict(zip(cols, photo)) if photo else {}
    cap = captions.get(db, prow["caption_id"]) if prow.get("caption_id") else None
    journal = list(db.query("SELECT * FROM writes WHERE photo_id = ? ORDER BY id", [photo_id]))
    return prow, cap, journal


def _journal_start(db: Database, photo_id: int, caption_id: int, plan: PreparedWrite, before: dict[str, Any],
                   op: str) -> int:
    cur = db.execute(
        "INSERT INTO writes(photo_id, caption_id, path, path_bytes, target, sidecar_created, before, after, state,"
        " created_at) VALUES (?,?,?,?,?,?,?,?,?,?)",
        [photo_id, caption_id, *fspath.columns(plan.path), plan.kind, int(plan.created),
         json.dumps(before, ensure_ascii=False),
         json.dumps({"op": op, "tags": plan.expected}, ensure_ascii=False), "pending", utc_now()],
    )
    db.conn.commit()
    return int(cur.lastrowid)


def _journal_end(db: Database, write_id: int, state: str, error: str | None = None,
                 after: dict[str, Any] | None = None) -> None:
    if after is not None:
        db.execute("UPDATE writes SET state = ?, error = ?, after = ?, finished_at = ? WHERE id = ?",
                   [state, error, json.dumps(after, ensure_ascii=False), utc_now(), write_id])
    else:
        db.execute("UPDATE writes SET state = ?, error = ?, finished_at = ? WHERE id = ?",
                   [state, error, utc_now(), write_id])
    db.conn.commit()


def _mark_written(db: Database, photo_id: int, caption_id: int, text: str, keywords: list[str],
                  sidecar: str | None, photo_path: str) -> None:
    with transaction(db):  # the version's state and the photo row: one unit
        captions.set_state(db, caption_id, "written", commit=False)
        # What the file says now, so the next conflict check (and the index) agrees with it.
        params: list[Any] = [text, json.dumps(keywords, ensure_ascii=False)]
        sql = "UPDATE photos SET file_description = ?, file_keywords = ?, file_description_source = NULL, conflict = NULL"
        if sidecar:
            sql += ", sidecar_path = ?"
            params.append(fspath.to_text(sidecar))
        try:
            st = os.stat(photo_path)
            sql += ", size = ?, mtime_ns = ?"
            params += [st.st_size, st.st_mtime_ns]
        except OSError:
            pass
        db.execute(sql + " WHERE id = ?", [*params, photo_id])


# -- the write ------------------------------------------------------------------------------------
def _payload(cap: dict[str, Any]) -> Payload:
    try:
        kw = json.loads(cap.get("keywords") or "[]")
    except ValueError:
        kw = []
    return Payload(text=cap.get("text") or "", keywords=[str(k) for k in kw] if isinstance(kw, list) else [],
                   title=cap.get("title"), source=cap.get("source") or "model", model=cap.get("model"),
                   style=cap.get("style"), created_at=cap.get("created_at"),
                   approved=cap.get("state") in ("approved", "written"))


def _last_written_texts(journal: list[dict[str, Any]]) -> list[str]:
    out = []
    for row in journal:
        if row["state"] in ("done", "pending"):
            try:
                tags = json.loads(row["after"] or "{}").get("tags", {})
            except ValueError:
                continue
            desc = tags.get(F.XMP_DESCRIPTION)
            if isinstance(desc, str):
                out.append(desc)
    return out


def _refresh_index(db: Database, photo_id: int) -> None:
    """Let the index re-read the photo we just changed (size, mtime, fingerprint, file text), so the
    next rescan sees it as unchanged instead of as an outside edit. Best effort: never fails a write."""
    try:
        from app.library.scanner import refresh_photo
    except ImportError:  # pragma: no cover
        return
    from app.store.videos import clips_of  # noqa: PLC0415

    for pid in [photo_id, *clips_of(db, photo_id)]:  # a Live Photo's clip was written with it
        try:
            refresh_photo(db, pid)
        except Exception as exc:  # noqa: BLE001 - the write itself succeeded; the next scan catches up
            log.warning("could not refresh the index for photo %s: %s", pid, exc)


def _library_boilerplate(text: str, photo: dict[str, Any]) -> bool:
    """The indexer's own boilerplate rule (camera default text is nobody's caption)."""
    try:
        from app.library.boilerplate import is_boilerplate
    except ImportError:  # pragma: no cover - the library package is optional for this module
        return False
    return bool(is_boilerplate(text, photo.get("camera_make"), photo.get("camera_model")))


def _recover(dbcall: DbCall, journal: list[dict[str, Any]], cap: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """A pending row means a write was interrupted. exiftool renames its temp file over the original,
    so the original is whole; its leftover temp file is ours to remove. Returns the journaled
    ``before`` per path, so undo still restores what was there before the interrupted write."""
    reuse: dict[str, dict[str, Any]] = {}
    for row in journal:
        if row["state"] == "pending":
            target = fspath.from_row(row)
            for stale in (target + "_exiftool_tmp", backup_path(target)):
                if os.path.lexists(stale) and os.path.isfile(target):
                    os.remove(stale)
            if row["caption_id"] == cap["id"]:
                reuse[target] = json.loads(row["before"] or "{}")
            dbcall(_journal_end, row["id"], "failed", "interrupted (the app stopped during the write)")
    return reuse


def _conflicts_for(plans: list[PreparedWrite], journal: list[dict[str, Any]], photo: dict[str, Any],
                   text: str) -> list[outside_edits.FieldEdit]:
    """Every field of every target that changed since our last write to it."""
    written = outside_edits.last_written(journal)
    cam = (photo.get("camera_make"), photo.get("camera_model"))
    edits: list[outside_edits.FieldEdit] = []
    for plan in plans:
        if plan.meta is not None and plan.path in written:
            edits += outside_edits.outside_edits(plan.meta, written[plan.path], new_text=text, camera=cam)
    return edits


@dataclass
class _Pending:
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
    res = _write_unverified(dbcall, writer, photo_id, force=force, pre=pre)
    if isinstance(res, WriteOutcome):
        return res
    out = _finish(dbcall, writer, res, None)
    if out.state == "written":
        dbcall(_refresh_index, photo_id)
    return out


def _write_unverified(dbcall: DbCall, writer: MetadataWriter, photo_id: int, *, force: bool,
                      pre: dict[str, F.FileMeta] | None) -> WriteOutcome | _Pending:
    photo, cap, journal = dbcall(_load, photo_id)
    path = photo.get("path") or "?"  # shown; ``fs`` is the file itself (fspath: any name the OS allows)
    fs = fspath.from_row(photo) if photo.get("path") else path
    state = photo.get("caption_state") or "none"
    conflict = dbcall(conflicts.get, photo_id)
    if conflict is not None and conflict.get("decision") == "mine":
        force = True  # the person chose "keep mine" for this conflict
    if cap is None or not (state == "approved" or (state == "conflict" and force)):
        if state == "conflict":
            return WriteOutcome(path, None, state, "another app changed this photo's caption since our write; "
                                "decide first (keep mine: --force, or take theirs)", result="conflict")
        msg = "already written" if state == "written" else f"nothing approved to write (caption is {state})"
        return WriteOutcome(path, None, state, None if state == "written" else msg,
                            result="skipped" if state == "written" else "error")

    reuse_before = _recover(dbcall, journal, cap)
    payload = _payload(cap)
    payload.hierarchy, payload.place = dbcall(grounding.write_facts, photo_id, payload.keywords)
    try:
        plans = writer.prepare(fs, payload, pre=pre)
    except WriteError as exc:
        return WriteOutcome(path, exc.target, state, str(exc))
    text = plans[0].expected[F.XMP_DESCRIPTION]

    # Human text is never overwritten silently. Field by field against what we last wrote there...
    edits = [] if force else _conflicts_for(plans, journal, photo, text)
    if edits:
        record = outside_edits.conflict_record(edits, text, "write")
        dbcall(outside_edits.mark, photo_id, record)
        return WriteOutcome(path, plans[0].kind, "conflict",
                            f"{outside_edits.describe(edits)}; not overwritten (keep yours with --force, "
                            "or take theirs)", result="conflict")
    # ...and, for text we never wrote, the description other apps show must be the one the index read.
    current = plans[0].current_description if plans else None
    if not force and current and not F.is_boilerplate(current) and not _library_boilerplate(current, photo):
        known = [photo.get("file_description"), payload.text, *_last_written_texts(journal)]
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
                   "sidecar_path": photo.get("sidecar_path")},
        }
        wid = dbcall(_journal_start, photo_id, cap["id"], plan, before, op)
        try:
            writer.apply(plan, verify=False)
        except Refused as exc:
            dbcall(_journal_end, wid, "failed", str(exc))
            if plan.kind != "file" or writer.policy.target != "auto":
                return _partial(path, plan.kind, state, str(exc), done)
            fallback = _fallback(writer, fs, payload, plan, exc, pre)
            if isinstance(fallback, str):
                return _partial(path, plan.kind, state, fallback, done)
            retry, result, note = fallback
            queue = retry + [q for q in queue if q.kind != "sidecar" or not any(r.kind == "sidecar" for r in retry)]
            continue
        except WriteError as exc:
            # "changed" means the file was written but reads back wrong: keep the row so undo works.
            dbcall(_journal_end, wid, "done" if exc.changed else "failed", str(exc))
            return _partial(path, plan.kind, state, str(exc), done)
        done.append((wid, plan))
    if done:  # a Live Photo: its clip takes the same caption, journaled with the photo (one undo for both)
        extra, clip_notes = live_write.write_clips(dbcall, writer, photo_id, cap["id"], payload, op, pre, force,
                                                   _journal_start, _journal_end)
        done += extra
        if clip_notes:
            note = "; ".join(n for n in (note, *clip_notes) if n)
            result = "partial" if result == "written" else result
    return _Pending(photo_id, cap["id"], path, done, op, text, result, note, fs)


def _partial(path: str, kind: str | None, state: str, error: str, done: list[tuple[int, PreparedWrite]]
             ) -> WriteOutcome:
    return WriteOutcome(path, kind, state, error, [fspath.to_text(p.path) for _, p in done])


def _still_shows(meta: F.FileMeta | None, text: str) -> list[tuple[str, str]]:
    """Description fields of the photo that will keep other text: (field name, text)."""
    if meta is None:
        return []
    out = []
    for tag in F.DESCRIPTION_FIELDS:
        t = F.as_text(meta.get(tag))
        if t and not F.is_boilerplate(t) and F.norm_text(t) != F.norm_text(text):
            out.append((F.FIELD_NAMES.get(tag, tag), t))
    return out


def _fallback(writer: MetadataWriter, path: str, payload: Payload, plan: PreparedWrite, exc: Refused,
              pre: dict[str, F.FileMeta] | None) -> tuple[list[PreparedWrite], str, str | None] | str:
    """exiftool will not rewrite this file (broken maker notes, IFDs out of order, a damaged file).

    First the file without its EXIF fields (XMP, IPTC, comments usually still go in). If the EXIF
    still shows other text (camera boilerplate counts as blank), or even that is refused, a sidecar
    takes the caption and the result is ``sidecar`` with a note of what the file still shows. A DNG
    never silently moves to a sidecar (Lightroom ignores those): it ends as an error instead.
    """
    reason = _short_reason(str(exc))
    text = plan.expected[F.XMP_DESCRIPTION]
    if not plan.xmp_only:
        try:
            retry = [p for p in writer.prepare(path, payload, xmp_only=True, pre=pre) if p.kind == "file"]
        except WriteError as exc2:
            return str(exc2)
        stale = [(F.FIELD_NAMES.get(t, t), F.as_text(plan.meta.get(t)) or "") for t in F.EXIF_FIELDS
                 if plan.meta is not None and t in F.DESCRIPTION_FIELDS
                 and F.as_text(plan.meta.get(t)) and not F.is_boilerplate(F.as_text(plan.meta.get(t)))
                 and F.norm_text(F.as_text(plan.meta.get(t))) != F.norm_text(text)]
        leftovers = [(F.FIELD_NAMES.get(t, t), F.as_text(plan.meta.get(t)) or "") for t in F.EXIF_FIELDS
                     if plan.meta is not None and t in F.DESCRIPTION_FIELDS and F.as_text(plan.meta.get(t))
                     and F.is_boilerplate(F.as_text(plan.meta.get(t)))]
        if not stale:
            note = f"the EXIF block was left as it was: {reason}"
            if leftovers:
                note += "; it still holds the camera's default text " + ", ".join(
                    f"{n} {' '.join(v.split())[:40]!r}" for n, v in leftovers)
            for p in retry:
                p.notes.append(note)
            return retry, "written", note
        if plan.file_type == "DNG":
            return (f"this DNG's EXIF cannot be rewritten ({reason}) and still says {stale[0][1][:60]!r} "
                    f"({stale[0][0]}); not written, and not moved to a sidecar (Lightroom ignores those for DNG)")
        side = _sidecar_plans(writer, path, payload, pre)
        if isinstance(side, str):
            return side
        shows = "; ".join(f"{n}: {' '.join(v.split())[:60]!r}" for n, v in stale)
        return retry + side, "sidecar", f"the file itself still shows the old text ({shows}): {reason}"
    if plan.file_type == "DNG":
        return f"this DNG could not be written ({reason}); not moved to a sidecar (Lightroom ignores those for DNG)"
    side = _sidecar_plans(writer, path, payload, pre)
    if isinstance(side, str):
        return side
    shows = _still_shows(plan.meta, text)
    what = ("; ".join(f"{n}: {' '.join(v.split())[:60]!r}" for n, v in shows) if shows
            else "no caption")
    return side, "sidecar", f"only the sidecar has the caption; the file itself still shows {what}: {reason}"


def _sidecar_plans(writer: MetadataWriter, path: str, payload: Payload,
                   pre: dict[str, F.FileMeta] | None) -> list[PreparedWrite] | str:
    try:
        return [p for p in writer.prepare(path, payload, force_sidecar=True, pre=pre) if p.kind == "sidecar"]
    except WriteError as exc:
        return str(exc)


def _short_reason(message: str) -> str:
    return message.replace("exiftool refused the file: ", "exiftool: ")


def _finish(dbcall: DbCall, writer: MetadataWriter, pending: _Pending,
            metas: dict[str, F.FileMeta] | None) -> WriteOutcome:
    """Verify (with the group's batched re-read when given), close the journal rows, mark the caption."""
    verified: list[PreparedWrite] = []
    for wid, plan in pending.done:
        try:
            meta = (metas or {}).get(plan.path) or writer.read(plan.path, tags=list(plan.expected))
            after = writer.check(plan, meta)
        except WriteError as exc:
            dbcall(_journal_end, wid, "done", str(exc))
            return WriteOutcome(pending.path, plan.kind, "approved", str(exc),
                                [fspath.to_text(p.path) for _, p in pending.done])
        dbcall(_journal_end, wid, "done", None, {"op": pending.op, "tags": plan.expected, "read_back": after,
                                                 "notes": plan.notes, "kept": plan.kept})
        verified.append(plan)
    kinds = "+".join(dict.fromkeys(p.kind for p in verified))
    sidecar = next((p.path for p in verified if p.kind == "sidecar"), None)
    merged = next((p.expected.get(F.XMP_SUBJECT) for p in verified if p.expected.get(F.XMP_SUBJECT)), []) or []
    dbcall(_mark_written, pending.photo_id, pending.caption_id, pending.text, merged, sidecar,
           pending.fs or pending.path)
    notes = [pending.note] if pending.note else []
    notes += [n for p in verified for n in p.notes if n not in notes]
    stale = [st for p in verified for st in p.stale]
    result = pending.result
    if stale and result == "written":
        # Never "written" while a reader still shows old text: say which field and what it shows.
        result = "partial"
        notes.insert(0, "the file still shows the old text in " + "; ".join(
            f"{n}: {' '.join(v.split())[:60]!r}" for n, v in stale) + " (exiftool cannot change it in place)")
    return WriteOutcome(pending.path, kinds, "written", None, [fspath.to_text(p.path) for p in verified],
                        result=result, note="; ".join(notes) or None)


def _photo_row(db: Database, photo_id: int) -> dict[str, Any] | None:
    rows = list(db.query("SELECT path, caption_state FROM photos WHERE id = ?", [photo_id]))
    return rows[0] if rows else None


def _approved_ids(db: Database, ids: list[int] | None, force: bool = False) -> list[int]:
    """The photos to write: those named, else every approved caption (and, with ``--force``, every
    caption in conflict: forcing is the person's decision to keep theirs over the outside edits)."""
    if ids is not None:  # a Live Photo's clip is written with its photo
        from app.store.videos import face_of  # noqa: PLC0415

        return list(dict.fromkeys(face_of(db, i) or i for i in ids))
    states = "('approved', 'conflict')" if force else "('approved')"
    return [r[0] for r in db.execute(
        f"SELECT id FROM photos WHERE caption_state IN {states} AND state != 'missing' AND live_photo_id IS NULL "
        "ORDER BY path").fetchall()]


def _paths_to_read(db: Database, ids: list[int]) -> list[str]:
    """The photos of a group and the sidecars next to them (for one batched pre-read)."""
    out: list[str] = []
    for i in range(0, len(ids), 500):
        part = ids[i:i + 500]
        for row in db.execute(f"SELECT path, path_bytes FROM photos WHERE id IN ({','.join('?' * len(part))})",
                              part).fetchall():
            out.append(fspath.from_row({"path": row[0], "path_bytes": row[1]}))
    return out


def _refresh_many(db: Database, photo_ids: list[int]) -> None:
    for pid in photo_ids:
        _refresh_index(db, pid)


GROUP = 48  # photos per batched pre-read / verification (≤ 100 files per exiftool call, sidecars included)


class ReadAhead:
    """A second exiftool on its own thread for the batched reads: while the writer's exiftool
    rewrites one group of photos, this one verifies the group before and pre-reads the next,
    so a write costs about one exiftool call of wall time on a machine with two cores."""

    def __init__(self, policy: Any) -> None:
        import concurrent.futures

        self._pool = concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="exiftool-read")
        self._policy = policy
        self._reader: MetadataWriter | None = None

    def _get(self) -> MetadataWriter:
        if self._reader is None:  # created on the pool's thread, which then owns it
            from app.metadata.exiftool import ExifTool

            self._reader = MetadataWriter(ExifTool(timeout=120).start(), self._policy)
        return self._reader

    def submit(self, fn: Callable[[MetadataWriter], Any]) -> Any:
        return self._pool.submit(lambda: fn(self._get()))

    def close(self) -> None:
        def _close() -> None:
            if self._reader is not None:
                self._reader.et.close()
                self._reader = None

        try:
            self._pool.submit(_close).result(timeout=30)
        finally:
            self._pool.shutdown(wait=True)


def _pre_read(reader: MetadataWriter, paths: list[str]) -> dict[str, F.FileMeta]:
    side = [s for p in paths for s in sidecar_candidates(p).values() if os.path.isfile(s)]
    try:
        return reader.read_many([*paths, *side])
    except Exception as exc:  # noqa: BLE001 - each photo is then read on its own
        log.warning("batched read failed, reading one by one: %s", exc)
        return {}


def _verify(reader: MetadataWriter, plans: list[PreparedWrite]) -> dict[str, F.FileMeta]:
    try:
        return reader.verify_many(plans) if plans else {}
    except Exception as exc:  # noqa: BLE001 - each write is then verified on its own
        log.warning("batched verification failed, verifying one by one: %s", exc)
        return {}


def write_many(dbcall: DbCall, writer: MetadataWriter, photo_ids: list[int] | None = None, *, force: bool = False,
               progress: ProgressFn = no_progress, cancel: CancelToken | None = None) -> list[WriteOutcome]:
    """Write every approved, unwritten caption (or the photos named).

    Per group of photos: one exiftool call reads them all (and their sidecars), then each photo gets
    its own journaled write, then one call re-reads every written file to verify it. The reads run
    on a second exiftool (``ReadAhead``) overlapping the next group's writes; every check is kept.
    """
    ids = dbcall(_approved_ids, photo_ids, force)
    groups = [ids[i:i + GROUP] for i in range(0, len(ids), GROUP)]
    out: list[WriteOutcome] = []
    if not groups:
        return out
    ahead = ReadAhead(writer.policy) if len(groups) > 1 else None

    def submit(fn: Callable[[MetadataWriter], Any]) -> Any:
        if ahead is not None:
            return ahead.submit(fn)
        import concurrent.futures

        fut: Any = concurrent.futures.Future()
        fut.set_result(fn(writer))
        return fut

    done_count = 0
    previous: tuple[list[int], dict[int, WriteOutcome], list[tuple[int, _Pending]], Any] | None = None

    def finish(item: tuple[list[int], dict[int, WriteOutcome], list[tuple[int, _Pending]], Any]) -> None:
        nonlocal done_count
        group, results, pending, fut = item
        metas = fut.result()
        for pid, pend in pending:
            results[pid] = _finish(dbcall, writer, pend, metas)
        written = [pid for pid, r in results.items() if r.state == "written" and r.error is None]
        if written:
            dbcall(_refresh_many, written)
        for pid in group:
            if pid in results:
                out.append(results[pid])
                done_count += 1
                progress(Progress("write", done_count, len(ids), results[pid].path))

    try:
        paths0 = dbcall(_paths_to_read, groups[0])
        next_pre = submit(lambda r: _pre_read(r, paths0))
        for k, group in enumerate(groups):
            if cancel is not None and cancel.cancelled:
                break
            pre = next_pre.result() or {}
            if k + 1 < len(groups):
                paths = dbcall(_paths_to_read, groups[k + 1])
                next_pre = submit(lambda r, p=paths: _pre_read(r, p))
            results: dict[int, WriteOutcome] = {}
            pending: list[tuple[int, _Pending]] = []
            for pid in group:
                if cancel is not None and cancel.cancelled:
                    break
                try:
                    res = _write_unverified(dbcall, writer, pid, force=force, pre=pre)
                except Exception as exc:  # noqa: BLE001 - one photo's surprise never stops the others
                    log.exception("writing photo %s failed", pid)
                    photo = dbcall(_photo_row, pid) or {}
                    res = WriteOutcome(photo.get("path") or f"photo {pid}", None,
                                       photo.get("caption_state") or "none", "cannot write: "
                                       + (str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__))
                if isinstance(res, WriteOutcome):
                    results[pid] = res
                else:
                    pending.append((pid, res))
            plans = [p for _, pend in pending for _, p in pend.done]
            verify = submit(lambda r, pl=plans: _verify(r, pl))
            if previous is not None:
                finish(previous)
            previous = (group, results, pending, verify)
        if previous is not None:
            finish(previous)
    finally:
        if ahead is not None:
            ahead.close()
    return out


# -- undo -----------------------------------------------------------------------------------------
def _undo_rows(db: Database, photo_id: int) -> list[dict[str, Any]]:
    """The rows one undo reverts: every done write of the newest caption version that was written
    (a retry, a fallback and a sidecar update of the same caption are one step for the person)."""
    rows = list(db.query("SELECT * FROM writes WHERE photo_id = ? AND state = 'done' ORDER BY id DESC", [photo_id]))
    if not rows:
        return []
    cid = rows[0]["caption_id"]
    out = []
    for r in rows:
        if r["caption_id"] != cid:
            break
        out.append(r)
    return out


def _after_undo(db: Database, photo_id: int, caption_id: int | None, before: dict[str, Any],
                write_ids: Iterable[int]) -> None:
    """Journal rows become ``undone``; the DB's view of the file goes back to what it was."""
    with transaction(db):  # journal, caption version and the photo row: one unit
        for wid in write_ids:
            db.execute("UPDATE writes SET state = 'undone', finished_at = ? WHERE id = ?", [utc_now(), wid])
        prev = before.get("db") or {}
        old_desc = prev.get("file_description")
        try:
            old_kw = json.loads(prev.get("file_keywords") or "[]")
        except ValueError:
            old_kw = []
        cap = captions.get(db, caption_id) if caption_id is not None else None
        if old_desc and str(old_desc).strip():
            captions.add_version(db, photo_id, text=old_desc, keywords=old_kw, source="file", state="written",
                                 parent_id=caption_id, note="undo: the file's previous caption", make_current=True,
                                 commit=False)
        elif cap is not None:
            # Nothing was in the file before: keep the text, but never write it again by itself. A model's
            # caption goes back to review; a person's own words stay approved (they need no review).
            captions.add_version(db, photo_id, text=cap["text"], keywords=json.loads(cap["keywords"] or "[]"),
                                 title=cap.get("title"), source=cap["source"],
                                 state="approved" if cap["source"] == "human" else "draft", model=cap.get("model"),
                                 style=cap.get("style"), parent_id=caption_id, note="undo: removed from the file",
                                 make_current=True, commit=False)
        db.execute("UPDATE photos SET file_description = ?, file_keywords = ?, sidecar_path = ? WHERE id = ?",
                   [old_desc, prev.get("file_keywords") or "[]", prev.get("sidecar_path"), photo_id])


def undo_photo(dbcall: DbCall, writer: MetadataWriter, photo_id: int) -> WriteOutcome:
    """Restore the metadata the last write replaced (every touched tag; a created sidecar is removed)."""
    photo, _cap, _journal = dbcall(_load, photo_id)
    rows = dbcall(_undo_rows, photo_id)
    if not rows:
        raise ReviewError("nothing to undo: no write of this photo is on record")
    file_before: dict[str, Any] = {}
    kinds = []
    restored: dict[str, str] = {}
    for row in rows:  # newest first; the oldest row's ``before`` is what the file held before us
        b = json.loads(row["before"] or "{}")
        if b.get("created"):
            restored[row["path"]] = f"removed the sidecar we created ({os.path.basename(row['path'])})"
        else:
            tags = b.get("tags") or {}
            old = next((F.as_text(tags.get(t)) for t in F.DESCRIPTION_FIELDS if F.as_text(tags.get(t))), None)
            what = f"the caption {' '.join(old.split())[:60]!r}" if old else "no caption"
            restored[row["path"]] = f"{os.path.basename(row['path'])} is back to {what}"
        before = json.loads(row["before"] or "{}")
        try:
            writer.restore(fspath.from_row(row), before)
        except WriteError as exc:
            return WriteOutcome(photo["path"], row["target"], photo.get("caption_state") or "none", str(exc))
        kinds.append(row["target"])
        file_before = before  # rows are newest first: the last one holds the oldest DB view
    dbcall(_after_undo, photo_id, rows[0]["caption_id"], file_before, [r["id"] for r in rows])
    dbcall(_refresh_index, photo_id)
    photo2, _, _ = dbcall(_load, photo_id)
    n = len(rows)
    note = "restored the state before our write" + (f" ({n} journaled writes in one step)" if n > 1 else "")
    note += ": " + "; ".join(restored.values())
    return WriteOutcome(photo["path"], "+".join(dict.fromkeys(reversed(kinds))), photo2.get("caption_state"), None,
                        result="undone", note=note)


class WriterSession:
    """A ``MetadataWriter`` with its own exiftool, started lazily on first use, on the calling thread."""

    def __init__(self, policy: Any, *, timeout: float = 120.0) -> None:
        from app.metadata.exiftool import ExifTool

        self._et: Any = None
        self._factory = lambda: ExifTool(timeout=timeout)
        self.policy = policy
        self._writer: MetadataWriter | None = None

    @property
    def writer(self) -> MetadataWriter:
        if self._writer is None:
            self._et = self._factory().start()
            self._writer = MetadataWriter(self._et, self.policy)
        return self._writer

    def close(self) -> None:
        if self._et is not None:
            self._et.close()
            self._et = None
            self._writer = None

    def __enter__(self) -> "WriterSession":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
