"""Index root folders: walk, compare with what the database knows, probe what is new or changed.

Filesystem work and database writes are separate so the GUI can probe in a worker and write
through the DB owner:

    known = owner.call(scanner.load_known)                          # read once
    for batch in ahead(scanner.plan_scan(known, roots, summary, ...)):  # its own thread: walk + probe
        owner.call(scanner.apply_batch, batch)                      # the one writer, meanwhile
    owner.call(scanner.finish_places)                               # fixes met before the place data loaded
    # summary: the ScanSummary plan_scan fills

``index_folders(db, folders, ...)`` and ``rescan(db, ...)`` do the same with the calling thread as
the writer (the CLI). Planning and writing never share a thread: the probe workers are fed while a
batch is written.

Rules:
- unchanged = same path, size, mtime and inode (no file read), whatever its state (bad files stay
  reported once);
- a known name whose file changed keeps its record only while it shows the same picture
  (``identity.same_picture``: an edit of its metadata); another picture there is a new photo and
  the old record gives the name up, history and all (``store.photos.vacate``);
- a new path whose fingerprint or content key equals a vanished (or replaced) record's is a *move*:
  the record keeps its id;
- vanished files are marked ``missing`` (never deleted; ``purge_missing`` deletes them), except
  below folders that could not be read this time;
- every bad file is stored with ``state='error'`` and a plain reason; the scan goes on;
- probing uses a process pool on big scans (one worker a core, at most four), batches are written with ``executemany``
  (``scan_store``: the database side).
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from typing import Any, Iterable, Iterator

from sqlite_utils import Database

from app.core import fspath
from app.core.ahead import ahead
from app.core.progress import CancelToken, Progress, ProgressFn, no_progress, one_at_a_time
from app.library import exiftool_read, grounding, groups, video_index
from app.library.identity import KNOWN_COLUMNS, KnownRow, Vacancies, same_picture, unchanged
from app.library.pool import run_chunks
from app.library.probe import probe_file, special_record
from app.library.scan_store import Batch, apply_batch
from app.library.walker import FileEntry, WalkReport, walk
from app.store import photos as photos_store

__all__ = ["Batch", "KnownRow", "ScanSummary", "apply_batch", "finish_places", "index_folders", "load_known",
           "plan_scan", "purge_missing", "refresh_photo", "rescan", "run_scan"]

log = logging.getLogger(__name__)

POOL_THRESHOLD = 400  # below this many files to probe, a process pool costs more than it saves
CHUNK = 250  # files per pool task
BATCH = 2000  # records per database batch
FIRST_BATCH = 250  # the first batches are smaller (doubling up to BATCH): the writer starts sooner


@dataclass
class ScanSummary:
    """What a scan did; ``to_dict`` is the CLI's ``--json`` contract."""

    added: int = 0
    changed: int = 0
    moved: int = 0
    missing: int = 0
    unchanged: int = 0
    replaced: int = 0  # known names that now hold another picture (the new one is counted in ``added``)
    errors: list[dict[str, str]] = field(default_factory=list)
    cancelled: bool = False

    def to_dict(self) -> dict[str, Any]:
        """``replaced`` is there only when the scan found some (the long-standing shape stays as it was)."""
        out: dict[str, Any] = {"added": self.added, "changed": self.changed, "moved": self.moved,
                               "missing": self.missing, "unchanged": self.unchanged}
        if self.replaced:
            out["replaced"] = self.replaced
        out["errors"] = list(self.errors)
        return out


def load_known(db: Database) -> dict[str, KnownRow]:
    """Snapshot of what identifies every record: size, mtime, inode, state, fingerprint, content key
    and the facts ``identity.same_picture`` falls back on (one query).

    Keyed by the real filesystem path (``fspath.from_row``), as the walker reports it. Places an
    older geocoder decided are worked out again first (once after an update; no file is read)."""
    grounding.upgrade_places(db)
    return {
        (os.fsdecode(raw) if raw else path): KnownRow(*rest)
        for path, raw, *rest in db.execute(f"SELECT path, path_bytes, {', '.join(KNOWN_COLUMNS)} FROM photos").fetchall()
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
    known_changed: list[tuple[FileEntry, KnownRow | None]] = []
    new_files: list[tuple[FileEntry, KnownRow | None]] = []
    for e in entries:
        seen.add(e.path)
        k = known.get(e.path)
        if k is not None and unchanged(k, e.size, e.mtime_ns, e.inode):
            summary.unchanged += 1
        elif k is not None:
            known_changed.append((e, k))
        else:
            new_files.append((e, None))

    # Records under the scanned roots that were not seen: moved away, deleted, or on an unreadable folder.
    vacancies = Vacancies()
    gone: list[KnownRow] = []
    for path, k in known.items():
        if path in seen or not _under(path, root_paths) or _under(path, report.unreadable_dirs):
            continue
        gone.append(k)
        vacancies.add(k)

    root_for = sorted(roots, key=lambda r: len(r[1]), reverse=True)

    def root_id_of(path: str) -> int | None:
        for rid, rp in root_for:
            if _under(path, [os.path.abspath(rp)]):
                return rid
        return None

    batch = Batch(places_later=True)
    batch_size = min(FIRST_BATCH, BATCH)
    vacated: list[int] = []
    total = len(known_changed) + len(new_files)
    # The places the writer looks GPS fixes up in load on a helper thread from the first photo with a
    # fix on (seconds of CPU on a machine that has not cached them yet): a scan of photos without GPS
    # never pays for them.
    places_asked = False
    done = 0
    progress(Progress("reading", 0, total))

    def place(rec: dict[str, Any]) -> None:
        """A picture without a record under its name: a record moved here, or a new photo."""
        match = vacancies.take(rec)
        if match is not None:
            batch.updates.append((match.id, rec))
            summary.moved += 1
        else:
            batch.inserts.append(rec)
            summary.added += 1

    # Known names first: a name that holds another picture now frees its record before any file is
    # placed, so a swap or a rename over another photo is found as a move in the pass below.
    pending: list[dict[str, Any]] = []
    for phase, items in (("known", known_changed), ("new", new_files)):
        for records in _probe_all(items, workers, cancel):
            _read_with_exiftool(records)
            if not places_asked and any(r.get("gps_lat") is not None for r in records):
                grounding.load_soon()
                places_asked = True
            for rec in records:
                rec["root_id"] = root_id_of(rec["path"])
                if rec["state"] == "error":
                    summary.errors.append({"path": fspath.to_text(rec["path"]), "error": rec["error"]})
                k = known.get(rec["path"]) if phase == "known" else None
                if k is None:
                    place(rec)
                elif same_picture(k, rec):
                    if not rec.get("fingerprint"):  # unreadable for now: keep what says which picture it is
                        rec["fingerprint"], rec["media_hash"] = k.fingerprint, k.media_hash
                    batch.updates.append((k.id, rec))
                    summary.changed += 1
                else:
                    batch.vacated.append(k.id)
                    vacated.append(k.id)
                    vacancies.add(k)
                    pending.append(rec)
            done += len(records)
            progress(Progress("reading", done, total, fspath.to_text(records[-1]["path"]) if records else ""))
            if len(batch) >= batch_size:
                yield batch
                batch = Batch(places_later=True)
                batch_size = min(BATCH, batch_size * 2)
            if cancel.cancelled:
                break
        if cancel.cancelled:
            break
        for rec in pending:
            place(rec)
        pending = []
    if cancel.cancelled:
        summary.cancelled = True
        if len(batch):
            yield batch
        return
    summary.replaced = sum(1 for pid in vacated if pid not in vacancies.taken)
    for k in gone:
        if k.id not in vacancies.taken and k.state != "missing":
            batch.missing_ids.append(k.id)
            summary.missing += 1
    batch.scanned_root_ids = [rid for rid, _ in roots]
    yield batch


def _read_with_exiftool(records: list[dict[str, Any]]) -> None:
    need_et = [r for r in records if r.pop("needs_exiftool", False)]
    if need_et:
        exiftool_read.read_records(need_et)


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
    chunks = [[(e.path, e.size, e.mtime_ns, e.problem, e.no_sidecars) for e, _ in items[i : i + CHUNK]]
              for i in range(0, len(items), CHUNK)]
    yield from run_chunks(probe_chunk, chunks, workers=workers, cancel=cancel,
                          use_pool=len(items) >= POOL_THRESHOLD, what="probing")


def probe_chunk(chunk: list[tuple[str, int, int, str | None, bool]]) -> list[dict[str, Any]]:
    """Worker entry point: probe a list of (path, size, mtime_ns, problem, no_sidecars); an entry the
    walker found unreadable (``problem``: a dangling link, a FIFO, ...) is recorded as an error
    unopened; ``no_sidecars``: its folder held no XMP file when walked (no look for one)."""
    return [probe_file(p, s, m, look_for_sidecar=not none) if problem is None else special_record(p, s, m, problem)
            for p, s, m, problem, none in chunk]


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
    """Plan on a thread of its own (walk, feed the probe pool, collect) and write each batch on this
    one, which owns ``db``, while the next batch is planned (the CLI and tests; the GUI does the same
    through the DB owner). Errors from writing follow the errors from reading in the summary."""
    summary = ScanSummary()
    known = load_known(db)
    cancel = cancel or CancelToken()
    progress = one_at_a_time(progress)  # called from both threads
    write_errors: list[dict[str, str]] = []
    planned = plan_scan(known, roots, summary, progress=progress, cancel=cancel, workers=workers)
    for batch in ahead(planned, stop=cancel.cancel, name="scan-plan"):
        progress(Progress("saving", len(batch)))  # no total: a step of the scan, not a task with its own bar
        write_errors.extend(apply_batch(db, batch))
    finish_places(db)
    summary.errors.extend(write_errors)
    return summary


def finish_places(db: Database) -> int:
    """The end of a scan: resolve the GPS fixes its batches met before the place data had loaded."""
    try:
        return grounding.finish_pending(db)
    except Exception:  # noqa: BLE001 - the photos are stored; their places are resolved by the next scan
        log.exception("could not resolve the places of the scanned photos")
        return 0


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
    _read_with_exiftool([rec])
    rec["root_id"] = row["root_id"]
    apply_batch(db, Batch(updates=[(photo_id, rec)]), check_conflicts=False)
    return rec
