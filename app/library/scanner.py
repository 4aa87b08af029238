"""Index root folders: walk, compare with what the database knows, probe what is new or changed.

Filesystem work and database writes are separate so the GUI can probe in a worker and write
through the DB owner:

    known = owner.call(scanner.load_known)                    # read once
    for batch in scanner.plan_scan(known, roots, ...):        # worker thread: walk + probe
        owner.call(scanner.apply_batch, batch)                # the one writer
    summary = scanner.summary_of(batches)  (or keep the ScanSummary plan_scan fills)

``index_folders(db, folders, ...)`` and ``rescan(db, ...)`` do all of that on one thread (the CLI).

Rules:
- unchanged = same path, size and mtime (no file read), whatever its state (bad files stay reported once);
- a new path whose fingerprint equals a vanished record's is a *move*: the record keeps its id;
- vanished files are marked ``missing`` (never deleted; ``purge_missing`` deletes them), except
  below folders that could not be read this time;
- every bad file is stored with ``state='error'`` and a plain reason; the scan goes on;
- probing uses a process pool on big scans (both cores), batches are written with ``executemany``.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass, field
from typing import Any, Iterable, Iterator, NamedTuple

from sqlite_utils import Database

from app.core import fspath
from app.core.progress import CancelToken, Progress, ProgressFn, no_progress
from app.core.timeutil import utc_now
from app.library import exiftool_read, grounding, groups, outside_edits, video_index
from app.library.boilerplate import is_boilerplate
from app.library.pool import run_chunks
from app.library.probe import probe_file, special_record
from app.library.walker import FileEntry, WalkReport, walk
from app.store import captions as captions_store
from app.store import photos as photos_store

log = logging.getLogger(__name__)

POOL_THRESHOLD = 400  # below this many files to probe, a process pool costs more than it saves
CHUNK = 250  # files per pool task
BATCH = 2000  # records per database batch


class KnownRow(NamedTuple):
    id: int
    size: int
    mtime_ns: int
    state: str
    fingerprint: str | None


@dataclass
class ScanSummary:
    """What a scan did; ``to_dict`` is the CLI's ``--json`` contract."""

    added: int = 0
    changed: int = 0
    moved: int = 0
    missing: int = 0
    unchanged: int = 0
    errors: list[dict[str, str]] = field(default_factory=list)
    cancelled: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {"added": self.added, "changed": self.changed, "moved": self.moved, "missing": self.missing,
                "unchanged": self.unchanged, "errors": list(self.errors)}


@dataclass
class Batch:
    """Database work produced by the planner. ``inserts``/``updates`` hold probe records."""

    inserts: list[dict[str, Any]] = field(default_factory=list)
    updates: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    missing_ids: list[int] = field(default_factory=list)
    scanned_root_ids: list[int] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.inserts) + len(self.updates) + len(self.missing_ids)


def load_known(db: Database) -> dict[str, KnownRow]:
    """Snapshot of every photo's path, size, mtime, state and fingerprint (one query).

    Keyed by the real filesystem path (``fspath.from_row``), as the walker reports it. Places an
    older geocoder decided are worked out again first (once after an update; no file is read)."""
    grounding.upgrade_places(db)
    return {
        (os.fsdecode(raw) if raw else path): KnownRow(pid, size, mtime, state, fp)
        for pid, path, raw, size, mtime, state, fp in db.execute(
            "SELECT id, path, path_bytes, size, mtime_ns, state, fingerprint FROM photos"
        ).fetchall()
    }


def _under(path: str, folders: Iterable[str]) -> bool:
    for f in folders:
        if path == f or path.startswith(f.rstrip(os.sep) + os.sep):
            return True
    return False


def plan_scan(
    known: dict[str, KnownRow],
    roots: list[tuple[int, str]],
    summary: ScanSummary,
    *,
    progress: ProgressFn = no_progress,
    cancel: CancelToken | None = None,
    workers: int | None = None,
) -> Iterator[Batch]:
    """Walk ``roots`` ((root_id, path) pairs), yield DB batches and fill ``summary``.

    Pure with respect to the database: it only reads ``known``. Safe to run in a worker thread.
    """
    cancel = cancel or CancelToken()
    root_paths = [os.path.abspath(p) for _, p in roots]
    report = WalkReport()
    entries: list[FileEntry] = []
    for entry in walk(root_paths, report, should_stop=lambda: cancel.cancelled):
        entries.append(entry)
        if len(entries) % 5000 == 0:
            progress(Progress("walking", len(entries), None, fspath.to_text(entry.path)))
    if cancel.cancelled:
        summary.cancelled = True
        return
    for path, reason in report.errors:
        summary.errors.append({"path": fspath.to_text(path), "error": reason})
    entries = _drop_text_clashes(entries, summary)

    seen: set[str] = set()
    to_probe: list[tuple[FileEntry, KnownRow | None]] = []
    for e in entries:
        seen.add(e.path)
        k = known.get(e.path)
        if k is not None and k.size == e.size and k.mtime_ns == e.mtime_ns and k.state != "missing":
            summary.unchanged += 1
        else:
            to_probe.append((e, k))

    # Records under the scanned roots that were not seen: moved away, deleted, or on an unreadable folder.
    vanished: dict[str, list[tuple[str, KnownRow]]] = {}
    gone: list[tuple[str, KnownRow]] = []
    for path, k in known.items():
        if path in seen or not _under(path, root_paths) or _under(path, report.unreadable_dirs):
            continue
        gone.append((path, k))
        if k.fingerprint:
            vanished.setdefault(k.fingerprint, []).append((path, k))

    root_for = sorted(roots, key=lambda r: len(r[1]), reverse=True)

    def root_id_of(path: str) -> int | None:
        for rid, rp in root_for:
            if _under(path, [os.path.abspath(rp)]):
                return rid
        return None

    moved_ids: set[int] = set()
    batch = Batch()
    total = len(to_probe)
    done = 0
    progress(Progress("reading", 0, total))
    for records in _probe_all(to_probe, workers, cancel):
        need_et = [r for r in records if r.pop("needs_exiftool", False)]
        if need_et:
            exiftool_read.read_records(need_et)
        for rec in records:
            k = known.get(rec["path"])
            rec["root_id"] = root_id_of(rec["path"])
            if rec["state"] == "error":
                summary.errors.append({"path": fspath.to_text(rec["path"]), "error": rec["error"]})
            if k is not None:
                batch.updates.append((k.id, rec))
                summary.changed += 1
                continue
            candidates = vanished.get(rec["fingerprint"] or "") or []
            match = next(((p, kk) for p, kk in candidates if kk.id not in moved_ids), None)
            if match is not None:
                moved_ids.add(match[1].id)
                batch.updates.append((match[1].id, rec))
                summary.moved += 1
            else:
                batch.inserts.append(rec)
                summary.added += 1
        done += len(records)
        progress(Progress("reading", done, total, fspath.to_text(records[-1]["path"]) if records else ""))
        if len(batch) >= BATCH:
            yield batch
            batch = Batch()
        if cancel.cancelled:
            break
    if cancel.cancelled:
        summary.cancelled = True
        if len(batch):
            yield batch
        return
    for path, k in gone:
        if k.id not in moved_ids and k.state != "missing":
            batch.missing_ids.append(k.id)
            summary.missing += 1
    batch.scanned_root_ids = [rid for rid, _ in roots]
    yield batch


def _drop_text_clashes(entries: list[FileEntry], summary: ScanSummary) -> list[FileEntry]:
    """An undecodable name whose readable form equals another file's name (``caf\\xe9.jpg`` spelt
    out beside the real ``caf\xe9`` bytes) cannot share its row: report it instead of merging them."""
    texts: dict[str, str] = {}
    for e in entries:
        if fspath.is_text(e.path):
            texts[e.path] = e.path
    out = []
    for e in entries:
        if not fspath.is_text(e.path):
            text = fspath.to_text(e.path)
            if text in texts:
                summary.errors.append({"path": text, "error": "name clashes with a file whose name is spelt exactly "
                                       "like this one's readable form; rename one of them"})
                continue
            texts[text] = e.path
        out.append(e)
    return out


def _probe_all(
    items: list[tuple[FileEntry, KnownRow | None]], workers: int | None, cancel: CancelToken
) -> Iterator[list[dict[str, Any]]]:
    """Probe in chunks, in order; a process pool when there is enough work for it to pay off."""
    chunks = [[(e.path, e.size, e.mtime_ns, e.problem) for e, _ in items[i : i + CHUNK]]
              for i in range(0, len(items), CHUNK)]
    yield from run_chunks(probe_chunk, chunks, workers=workers, cancel=cancel,
                          use_pool=len(items) >= POOL_THRESHOLD, what="probing")


def probe_chunk(chunk: list[tuple[str, int, int, str | None]]) -> list[dict[str, Any]]:
    """Worker entry point: probe a list of (path, size, mtime_ns, problem); an entry the walker
    found unreadable (``problem``: a dangling link, a FIFO, ...) is recorded as an error unopened."""
    return [probe_file(p, s, m) if problem is None else special_record(p, s, m, problem) for p, s, m, problem in chunk]


# ---------------------------------------------------------------- database side (the one writer)

_COLS = (
    "path", "path_bytes", "root_id", "folder", "filename", "size", "mtime_ns", "fingerprint", "format", "width",
    "height",
    "orientation", "taken_at", "camera_make", "camera_model", "gps_lat", "gps_lon", "file_title",
    "file_description", "file_keywords", "sidecar_path", "state", "error", "indexed_at",
)


def _row(rec: dict[str, Any], now: str) -> list[Any]:
    path = rec["path"]  # the filesystem path; stored as readable text (+ bytes when not valid Unicode)
    values = dict(rec)
    values["path"], values["path_bytes"] = fspath.columns(path)
    values["folder"] = fspath.to_text(os.path.dirname(path))
    values["filename"] = fspath.to_text(os.path.basename(path))
    if rec.get("sidecar_path"):
        values["sidecar_path"] = fspath.to_text(rec["sidecar_path"])
    values["file_keywords"] = json.dumps(rec.get("file_keywords") or [], ensure_ascii=False)
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
    out = [Batch(inserts=[r]) for r in batch.inserts] + [Batch(updates=[u]) for u in batch.updates]
    if batch.missing_ids or batch.scanned_root_ids:
        out.append(Batch(missing_ids=batch.missing_ids, scanned_root_ids=batch.scanned_root_ids))
    return out


def _as_error(single: Batch, reason: str) -> Batch:
    """The same file as a bare error record: only what the walker knows, no text read from it."""
    def bare(rec: dict[str, Any]) -> dict[str, Any]:
        out = {k: rec.get(k) for k in ("path", "size", "mtime_ns", "fingerprint", "format", "root_id")}
        out.update(state="error", error=reason, file_keywords=[])
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
    with conn:  # one transaction
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
        grounding.apply_records(db, [(None, r) for r in batch.inserts] + batch.updates)  # places, people
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
    for rec in real:
        found = current.get(fspath.to_text(rec["path"]))
        if found is None or found[1] == rec["file_description"]:
            continue
        _add_file_caption(db, found[0], rec)
    for pid, rec in batch.updates:
        text = rec.get("file_description")
        if not text or is_boilerplate(text, rec.get("camera_make"), rec.get("camera_model")):
            continue
        old_desc, current = before.get(pid, (None, None))
        if text == old_desc or text == current:
            continue
        _add_file_caption(db, pid, rec)


def _add_file_caption(db: Database, pid: int, rec: dict[str, Any]) -> None:
    captions_store.add_version(
        db, pid, text=rec["file_description"], keywords=rec.get("file_keywords") or [], title=rec.get("file_title"),
        source="file", state="written", note="read from the file", make_current=True, commit=False,
    )


def purge_missing(db: Database) -> int:
    """Delete the photos marked missing (and, by cascade, their captions and jobs). Returns the count."""
    with db.conn:
        cur = db.conn.execute("DELETE FROM photos WHERE state='missing'")
        groups.prune(db)
    return cur.rowcount


def run_scan(
    db: Database,
    roots: list[tuple[int, str]],
    *,
    progress: ProgressFn = no_progress,
    cancel: CancelToken | None = None,
    workers: int | None = None,
) -> ScanSummary:
    """Plan and apply on this thread (the CLI and tests; the GUI splits the two)."""
    summary = ScanSummary()
    known = load_known(db)
    for batch in plan_scan(known, roots, summary, progress=progress, cancel=cancel, workers=workers):
        progress(Progress("saving", len(batch)))  # no total: a step of the scan, not a task with its own bar
        summary.errors.extend(apply_batch(db, batch))
    return summary


def index_folders(
    db: Database,
    folders: Iterable[str],
    *,
    progress: ProgressFn = no_progress,
    cancel: CancelToken | None = None,
    workers: int | None = None,
) -> ScanSummary:
    """Add ``folders`` as roots (idempotent) and scan them."""
    roots = []
    for f in folders:
        path = os.path.abspath(f)
        roots.append((photos_store.add_root(db, path), path))
    return run_scan(db, roots, progress=progress, cancel=cancel, workers=workers)


def rescan(
    db: Database, *, progress: ProgressFn = no_progress, cancel: CancelToken | None = None, workers: int | None = None
) -> ScanSummary:
    """Scan every root again (unchanged files cost one ``stat``)."""
    roots = [(r["id"], fspath.from_row(r)) for r in photos_store.roots(db)]
    return run_scan(db, roots, progress=progress, cancel=cancel, workers=workers)


def refresh_photo(db: Database, photo_id: int) -> dict[str, Any] | None:
    """Re-read one photo now (e.g. right after the metadata writer changed it) so its size, mtime,
    fingerprint and file text match the file; the next rescan then sees it as unchanged.
    Returns the probe record, or None when the photo is unknown. Cheap: one file's headers."""
    row = photos_store.get(db, photo_id)
    if row is None:
        return None
    path = fspath.from_row(row)
    try:
        st = os.stat(path)
    except OSError:
        return None
    rec = probe_file(path, st.st_size, st.st_mtime_ns)
    if rec.pop("needs_exiftool", False):
        exiftool_read.read_records([rec])
    rec["root_id"] = row["root_id"]
    apply_batch(db, Batch(updates=[(photo_id, rec)]), check_conflicts=False)
    return rec
