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
from app.metadata import fields as F
from app.metadata.writer import (
    MetadataWriter, MinorRefusal, Payload, PreparedWrite, Refused, WriteError, any_equal, backup_path,
)
from app.review.lifecycle import ReviewError
from app.store import captions

DbCall = Callable[..., Any]
log = logging.getLogger(__name__)


@dataclass
class WriteOutcome:
    """One photo's result (the ``write --json`` object)."""

    path: str
    target: str | None  # file | sidecar | file+sidecar
    state: str  # the caption state afterwards
    error: str | None = None
    written: list[str] | None = None  # files actually written

    def to_public(self) -> dict[str, Any]:
        return {"path": self.path, "target": self.target, "state": self.state, "error": self.error}


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
    captions.set_state(db, caption_id, "written", commit=False)
    # What the file says now, so the next conflict check (and the index) agrees with it.
    params: list[Any] = [text, json.dumps(keywords, ensure_ascii=False)]
    sql = "UPDATE photos SET file_description = ?, file_keywords = ?"
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
    db.conn.commit()


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
    try:
        refresh_photo(db, photo_id)
    except Exception as exc:  # noqa: BLE001 - the write itself succeeded; the next scan catches up
        log.warning("could not refresh the index for photo %s: %s", photo_id, exc)


def _library_boilerplate(text: str, photo: dict[str, Any]) -> bool:
    """The indexer's own boilerplate rule (camera default text is nobody's caption)."""
    try:
        from app.library.boilerplate import is_boilerplate
    except ImportError:  # pragma: no cover - the library package is optional for this module
        return False
    return bool(is_boilerplate(text, photo.get("camera_make"), photo.get("camera_model")))


def write_photo(dbcall: DbCall, writer: MetadataWriter, photo_id: int, *, force: bool = False) -> WriteOutcome:
    """Write the photo's approved caption. Never raises for per-photo problems: see ``error``."""
    photo, cap, journal = dbcall(_load, photo_id)
    path = photo.get("path") or "?"  # shown; ``fs`` is the file itself (fspath: any name the OS allows)
    fs = fspath.from_row(photo) if photo.get("path") else path
    state = photo.get("caption_state") or "none"
    if cap is None or state != "approved":
        msg = "already written" if state == "written" else f"nothing approved to write (caption is {state})"
        return WriteOutcome(path, None, state, None if state == "written" else msg)

    # Crash recovery: a pending row means a write was interrupted. exiftool renames its temp file
    # over the original, so the original is whole; its leftover temp file is ours to remove.
    reuse_before: dict[str, dict[str, Any]] = {}
    for row in journal:
        if row["state"] == "pending":
            target = fspath.from_row(row)
            for stale in (target + "_exiftool_tmp", backup_path(target)):
                if os.path.lexists(stale) and os.path.isfile(target):
                    os.remove(stale)
            if row["caption_id"] == cap["id"]:
                reuse_before[target] = json.loads(row["before"] or "{}")
            dbcall(_journal_end, row["id"], "failed", "interrupted (the app stopped during the write)")

    payload = _payload(cap)
    try:
        plans = writer.prepare(fs, payload)
    except WriteError as exc:
        return WriteOutcome(path, exc.target, state, str(exc))

    # Human text is never overwritten silently: the file's description must be one we know.
    current = plans[0].current_description if plans else None
    if not force and current and not F.is_boilerplate(current) and not _library_boilerplate(current, photo):
        known = [photo.get("file_description"), payload.text, *_last_written_texts(journal)]
        if not any_equal(current, known):
            short = " ".join(current.split())[:60]
            return WriteOutcome(path, plans[0].kind, state,
                                f"the file's description changed since it was indexed ({short!r}); "
                                "not overwritten (use --force to replace it)")

    op = uuid.uuid4().hex
    done: list[PreparedWrite] = []
    queue = list(plans)
    while queue:
        plan = queue.pop(0)
        before = reuse_before.get(plan.path) or {
            **plan.journal_before(),
            "db": {"file_description": photo.get("file_description"), "file_keywords": photo.get("file_keywords"),
                   "sidecar_path": photo.get("sidecar_path")},
        }
        wid = dbcall(_journal_start, photo_id, cap["id"], plan, before, op)
        try:
            after = writer.apply(plan)
        except Refused as exc:
            dbcall(_journal_end, wid, "failed", str(exc))
            if plan.kind != "file" or writer.policy.target != "auto":
                return WriteOutcome(path, plan.kind, state, str(exc))
            # exiftool will not rewrite this file's EXIF/IPTC (odd RAW, broken IFD). If the file has no
            # EXIF description to contradict us, XMP alone is enough; otherwise a sidecar.
            exif_blank = not (F.as_text(plan.before.get(F.EXIF_DESCRIPTION)) or "").strip()
            xmp_only = F.EXIF_DESCRIPTION in plan.expected and exif_blank and not isinstance(exc, MinorRefusal)
            try:
                retry = writer.prepare(fs, payload, force_sidecar=not xmp_only, xmp_only=xmp_only)
            except WriteError as exc2:
                return WriteOutcome(path, "sidecar", state, str(exc2))
            retry = [p for p in retry if p.kind == ("file" if xmp_only else "sidecar")]
            queue = retry + (queue if xmp_only else [q for q in queue if q.kind != "sidecar"])
            continue
        except WriteError as exc:
            # "changed" means the file was written but reads back wrong: keep the row so undo works.
            dbcall(_journal_end, wid, "done" if exc.changed else "failed", str(exc))
            return WriteOutcome(path, plan.kind, state, str(exc), [fspath.to_text(p.path) for p in done])
        dbcall(_journal_end, wid, "done", None, {"op": op, "tags": plan.expected, "read_back": after})
        done.append(plan)

    kinds = "+".join(dict.fromkeys(p.kind for p in done))
    sidecar = next((p.path for p in done if p.kind == "sidecar"), None)
    merged = next((p.expected.get(F.XMP_SUBJECT) for p in done if p.expected.get(F.XMP_SUBJECT)), []) or []
    dbcall(_mark_written, photo_id, cap["id"], plans[0].expected[F.XMP_DESCRIPTION], merged, sidecar, fs)
    dbcall(_refresh_index, photo_id)
    return WriteOutcome(path, kinds, "written", None, [fspath.to_text(p.path) for p in done])


def _photo_row(db: Database, photo_id: int) -> dict[str, Any] | None:
    rows = list(db.query("SELECT path, caption_state FROM photos WHERE id = ?", [photo_id]))
    return rows[0] if rows else None


def _approved_ids(db: Database, ids: list[int] | None) -> list[int]:
    if ids is not None:
        return ids
    return [r[0] for r in db.execute(
        "SELECT id FROM photos WHERE caption_state = 'approved' AND state != 'missing' ORDER BY path").fetchall()]


def write_many(dbcall: DbCall, writer: MetadataWriter, photo_ids: list[int] | None = None, *, force: bool = False,
               progress: ProgressFn = no_progress, cancel: CancelToken | None = None) -> list[WriteOutcome]:
    """Write every approved, unwritten caption (or the photos named), one photo at a time."""
    ids = dbcall(_approved_ids, photo_ids)
    out: list[WriteOutcome] = []
    for n, pid in enumerate(ids):
        if cancel is not None and cancel.cancelled:
            break
        try:
            res = write_photo(dbcall, writer, pid, force=force)
        except Exception as exc:  # noqa: BLE001 - one photo's surprise never stops the others
            log.exception("writing photo %s failed", pid)
            photo = dbcall(_photo_row, pid) or {}
            res = WriteOutcome(photo.get("path") or f"photo {pid}", None, photo.get("caption_state") or "none",
                               f"cannot write: {str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__}")
        out.append(res)
        progress(Progress("write", n + 1, len(ids), res.path))
    return out


# -- undo -----------------------------------------------------------------------------------------
def _undo_rows(db: Database, photo_id: int) -> list[dict[str, Any]]:
    rows = list(db.query("SELECT * FROM writes WHERE photo_id = ? AND state = 'done' ORDER BY id DESC", [photo_id]))
    if not rows:
        return []
    op = json.loads(rows[0]["after"] or "{}").get("op")
    return [r for r in rows if json.loads(r["after"] or "{}").get("op") == op] if op else rows[:1]


def _after_undo(db: Database, photo_id: int, caption_id: int | None, before: dict[str, Any],
                write_ids: Iterable[int]) -> None:
    """Journal rows become ``undone``; the DB's view of the file goes back to what it was."""
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
        # Nothing was in the file before: keep the text for review, but never write it again by itself.
        captions.add_version(db, photo_id, text=cap["text"], keywords=json.loads(cap["keywords"] or "[]"),
                             title=cap.get("title"), source=cap["source"], state="draft", model=cap.get("model"),
                             style=cap.get("style"), parent_id=caption_id, note="undo: removed from the file",
                             make_current=True, commit=False)
    db.execute("UPDATE photos SET file_description = ?, file_keywords = ?, sidecar_path = ? WHERE id = ?",
               [old_desc, prev.get("file_keywords") or "[]", prev.get("sidecar_path"), photo_id])
    db.conn.commit()


def undo_photo(dbcall: DbCall, writer: MetadataWriter, photo_id: int) -> WriteOutcome:
    """Restore the metadata the last write replaced (every touched tag; a created sidecar is removed)."""
    photo, _cap, _journal = dbcall(_load, photo_id)
    rows = dbcall(_undo_rows, photo_id)
    if not rows:
        raise ReviewError("nothing to undo: no write of this photo is on record")
    file_before: dict[str, Any] = {}
    kinds = []
    for row in rows:  # newest first
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
    return WriteOutcome(photo["path"], "+".join(dict.fromkeys(reversed(kinds))), photo2.get("caption_state"), None)


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
