"""The database side of a scan (the one writer): a planner ``Batch`` written in one transaction.

Records that gave up their name are vacated first (``store.photos.vacate``), then moved and changed
records are updated, new ones inserted, vanished ones marked missing. A real description read from a
file becomes a ``file`` caption version; a rescanned photo we wrote before is compared with the write
journal (``outside_edits``). One bad row never loses the batch (``apply_batch``).
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass, field
from typing import Any

from sqlite_utils import Database

from app.core import fspath
from app.core.timeutil import utc_now
from app.library import grounding, groups, outside_edits, video_index
from app.library.boilerplate import is_boilerplate
from app.search import deferred as search_index
from app.store import captions as captions_store
from app.store import photos as photos_store

log = logging.getLogger(__name__)


@dataclass
class Batch:
    """Database work produced by the planner. ``inserts``/``updates`` hold probe records; ``vacated``
    records give up their name first (another picture has it now: ``store.photos.vacate``)."""

    inserts: list[dict[str, Any]] = field(default_factory=list)
    updates: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    missing_ids: list[int] = field(default_factory=list)
    scanned_root_ids: list[int] = field(default_factory=list)
    vacated: list[int] = field(default_factory=list)
    # A scan's batch: GPS fixes met before the place data has loaded wait for the scan's end
    # (``grounding.finish_pending``) instead of holding up the writer.
    places_later: bool = False

    def __len__(self) -> int:
        return len(self.inserts) + len(self.updates) + len(self.missing_ids) + len(self.vacated)


_COLS = (
    "path", "path_bytes", "root_id", "folder", "filename", "size", "mtime_ns", "fingerprint", "media_hash", "inode",
    "unreadable", "format", "width", "height",
    "orientation", "taken_at", "camera_make", "camera_model", "gps_lat", "gps_lon", "file_title",
    "file_description", "file_keywords", "sidecar_path", "state", "error", "indexed_at", "file_alt_text",
    "file_translations",
)


def _row(rec: dict[str, Any], now: str) -> list[Any]:
    path = rec["path"]  # the filesystem path; stored as readable text (+ bytes when not valid Unicode)
    values = dict(rec)
    values["path"], values["path_bytes"] = fspath.columns(path)
    values["folder"] = fspath.to_text(os.path.dirname(path))
    values["filename"] = fspath.to_text(os.path.basename(path))
    if rec.get("sidecar_path"):
        values["sidecar_path"] = fspath.to_text(rec["sidecar_path"])
    keywords, translations = rec.get("file_keywords"), rec.get("file_translations")
    values["file_keywords"] = json.dumps(keywords, ensure_ascii=False) if keywords else "[]"
    values["file_translations"] = json.dumps(translations, ensure_ascii=False) if translations else "{}"
    values["indexed_at"] = now
    return [values.get(c) for c in _COLS]


def apply_batch(db: Database, batch: Batch, *, check_conflicts: bool = True) -> list[dict[str, str]]:
    """Write one planner batch in a single transaction, then sync file captions.

    One bad row never loses the batch: when the transaction fails, each row is written on its own
    and a row that still fails is stored as that file's error. Returns those files as
    ``{"path", "error"}`` (the caller adds them to the scan summary).

    A changed photo we wrote before is compared field by field with the write journal
    (``review.conflicts``): an outside edit is shown as the file's text and puts the caption into
    ``conflict`` instead of silently becoming (or being hidden behind) the current caption.
    """
    try:
        _apply_batch(db, batch, check_conflicts=check_conflicts)
        return []
    except Exception as exc:  # noqa: BLE001 - isolate the failing row below
        if len(batch) <= 1 and not batch.scanned_root_ids:
            singles = [batch]
        else:
            log.warning("batch of %d rows failed (%s); writing them one by one", len(batch), exc)
            singles = _singles(batch)
    failures: list[dict[str, str]] = []
    for single in singles:
        try:
            _apply_batch(db, single, check_conflicts=check_conflicts)
        except Exception as exc:  # noqa: BLE001 - record it as this file's error
            rec = (single.inserts or [r for _, r in single.updates] or [None])[0]
            if rec is None:
                log.error("cannot mark photos missing: %s", exc)
                continue
            reason = f"cannot be stored in the library: {str(exc).splitlines()[0][:200] or type(exc).__name__}"
            failures.append({"path": fspath.to_text(rec["path"]), "error": reason})
            try:
                _apply_batch(db, _as_error(single, reason), check_conflicts=False)
            except Exception as exc2:  # noqa: BLE001
                log.error("cannot record the error of %s: %s", fspath.to_text(rec["path"]), exc2)
    return failures


def _singles(batch: Batch) -> list[Batch]:
    out = [Batch(vacated=batch.vacated)] if batch.vacated else []
    out += [Batch(inserts=[r]) for r in batch.inserts] + [Batch(updates=[u]) for u in batch.updates]
    if batch.missing_ids or batch.scanned_root_ids:
        out.append(Batch(missing_ids=batch.missing_ids, scanned_root_ids=batch.scanned_root_ids))
    return out


def _as_error(single: Batch, reason: str) -> Batch:
    """The same file as a bare error record: only what the walker knows, no text read from it."""
    def bare(rec: dict[str, Any]) -> dict[str, Any]:
        out = {k: rec.get(k) for k in ("path", "size", "mtime_ns", "fingerprint", "media_hash", "inode", "format",
                                       "root_id")}
        out.update(state="error", error=reason, file_keywords=[], file_translations={})
        return out
    return Batch(inserts=[bare(r) for r in single.inserts], updates=[(pid, bare(r)) for pid, r in single.updates])


def _apply_batch(db: Database, batch: Batch, *, check_conflicts: bool = True) -> None:
    now = utc_now()
    found: dict[int, dict[str, Any]] = {}
    if check_conflicts and batch.updates:
        found = outside_edits.check_rescanned(db, batch.updates)
        for pid, rec in batch.updates:
            if pid in found and found[pid].get("theirs"):
                rec["file_description"] = found[pid]["theirs"]
    before: dict[int, tuple[str | None, str | None]] = {}
    ids = [pid for pid, rec in batch.updates if rec.get("file_description")]
    for i in range(0, len(ids), 500):
        part = ids[i : i + 500]
        q = f"SELECT id, file_description, caption FROM photos WHERE id IN ({','.join('?' * len(part))})"
        for pid, fdesc, cap in db.execute(q, part).fetchall():
            before[pid] = (fdesc, cap)
    conn = db.conn
    with conn, search_index.deferred(db):  # one transaction; each photo indexed for search once, at its end
        for pid in batch.vacated:  # before anything takes their names
            photos_store.vacate(db, pid)
        if batch.vacated:
            groups.prune(db)
        if batch.inserts:
            placeholders = ",".join("?" * len(_COLS))
            updates = ",".join(f"{c}=excluded.{c}" for c in _COLS if c != "path")
            conn.executemany(
                f"INSERT INTO photos({','.join(_COLS)}) VALUES ({placeholders}) ON CONFLICT(path) DO UPDATE SET {updates}",
                [_row(r, now) for r in batch.inserts],
            )
        if batch.updates:
            sets = ",".join(f"{c}=?" for c in _COLS)
            conn.executemany(f"UPDATE photos SET {sets} WHERE id=?", [_row(r, now) + [pid] for pid, r in batch.updates])
        if batch.missing_ids:
            conn.executemany("UPDATE photos SET state='missing', error=NULL WHERE id=?", [[i] for i in batch.missing_ids])
        if batch.scanned_root_ids:
            conn.executemany("UPDATE roots SET last_scan_at=? WHERE id=?", [[now, r] for r in batch.scanned_root_ids])
        sync = batch if not found else Batch(inserts=batch.inserts,
                                              updates=[(p, r) for p, r in batch.updates if p not in found])
        _sync_file_captions(db, sync, before)
        # exact copies (same content fingerprint) form a group at once (one indexed query)
        groups.link_fingerprints(db, [r.get("fingerprint") for r in batch.inserts]
                                 + [r.get("fingerprint") for _, r in batch.updates])
        grounding.apply_records(db, [(None, r) for r in batch.inserts] + batch.updates,  # places, people
                                wait=not batch.places_later)
        video_index.apply_batch(db, batch.inserts, batch.updates, batch.missing_ids)  # videos, Live Photo pairs
    for pid, record in found.items():
        outside_edits.mark(db, pid, record)


def _sync_file_captions(db: Database, batch: Batch, before: dict[int, tuple[str | None, str | None]]) -> None:
    """A real description read from the file is a human caption: store it as a ``file`` version.

    New photos get one; a changed file gets a new one only when its text changed (and differs from
    the current caption, e.g. after our own writer put it there). Boilerplate never counts.
    Keywords-only files get no caption version: their keywords stay in ``file_keywords``.
    """
    real = [r for r in batch.inserts if r.get("file_description")
            and not is_boilerplate(r["file_description"], r.get("camera_make"), r.get("camera_model"))]
    current: dict[str, tuple[int, str | None]] = {}
    for i in range(0, len(real), 500):
        part = [fspath.to_text(r["path"]) for r in real[i : i + 500]]
        q = f"SELECT path, id, caption FROM photos WHERE path IN ({','.join('?' * len(part))})"
        current.update({p: (pid, cap) for p, pid, cap in db.execute(q, part).fetchall()})
    items: list[dict[str, Any]] = []
    for rec in real:
        found = current.get(fspath.to_text(rec["path"]))
        if found is None or found[1] == rec["file_description"]:
            continue
        items.append(_file_caption(found[0], rec))
    for pid, rec in batch.updates:
        text = rec.get("file_description")
        if not text or is_boilerplate(text, rec.get("camera_make"), rec.get("camera_model")):
            continue
        old_desc, current_text = before.get(pid, (None, None))
        if text == old_desc or text == current_text:
            continue
        items.append(_file_caption(pid, rec))
    captions_store.add_file_versions(db, items, note="read from the file")


def _file_caption(pid: int, rec: dict[str, Any]) -> dict[str, Any]:
    return {"photo_id": pid, "text": rec["file_description"], "keywords": rec.get("file_keywords") or [],
            "title": rec.get("file_title"), "alt_text": rec.get("file_alt_text"),
            "translations": rec.get("file_translations") or None}
