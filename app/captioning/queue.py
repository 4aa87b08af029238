"""The persistent captioning queue (``jobs`` table): plain functions taking the database first.

States: queued → running → done | failed | cancelled. Higher ``priority`` goes first (the photo
the user is looking at). ``not_before`` holds retry back-off. A restart turns *running* back into
*queued* (``recover``): a job is only *done* in the same transaction that stores its caption, so a
crash can never lose a result or caption a photo twice for one request. The unique index
``jobs_one_active`` keeps at most one queued/running job per photo.

The queue-wide pause flag (with its reason and its *kind*) lives in the ``settings`` table.
Kinds: ``user`` (someone asked: stays until someone resumes), ``server`` (no server answered),
``model`` (the model, or any vision model, is not installed) and ``error`` (other permanent errors:
a model without vision, the mllama error, too little memory). The automatic kinds (``server``,
``model``) end by themselves once their cause is gone (``app.captioning.pauses``).

Leases: a running job belongs to the run that claimed it (``jobs.lease_owner`` = a row
in ``runs``, kept alive by a heartbeat). ``recover`` only takes back jobs whose run is gone (its
process died, or its heartbeat is older than ``LEASE_SECONDS``), so a second run never resets the
jobs a live one is working on; a run that ends returns its unfinished jobs itself.

A *scope* limits which queued jobs a run may claim (the CLI run captions what it was asked to,
not whatever else is queued); it is a temp table, private to the owner's connection.
"""

from __future__ import annotations

import json
import os
import socket
import uuid
from datetime import datetime, timedelta, timezone
from typing import Any, Iterable

from sqlite_utils import Database

from app.core.text import valid_text
from app.core.timeutil import utc_now
from app.store.tx import transaction

STATES = ("queued", "running", "done", "failed", "cancelled")
PAUSE_KEY = "queue.paused"
PAUSE_KIND_KEY = "queue.paused_kind"
PAUSE_SINCE_KEY = "queue.paused_since"
PAUSE_KINDS = ("user", "server", "model", "error")
MAX_ATTEMPTS = 5
LEASE_SECONDS = 30.0  # a run whose heartbeat is older than this is gone
HEARTBEAT_SECONDS = 5.0
_HOSTNAME = socket.gethostname()


def _at(seconds: float) -> str:
    return (datetime.now(timezone.utc) + timedelta(seconds=seconds)).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def enqueue(db: Database, photo_ids: Iterable[int], params: dict[str, Any] | None = None, *,
            priority: int = 0, kind: str = "caption", commit: bool = True) -> list[int]:
    """Queue photos. An already queued/running job is reused: its priority only goes up, and a queued
    one takes the new request's params (the newest request says which model/style to use)."""
    with transaction(db, commit=commit):
        return _enqueue(db, photo_ids, params, priority=priority, kind=kind)


def _enqueue(db: Database, photo_ids: Iterable[int], params: dict[str, Any] | None, *, priority: int,
             kind: str) -> list[int]:
    now = utc_now()
    p = json.dumps(params or {}, sort_keys=True)
    ids: list[int] = []
    for pid in photo_ids:
        row = db.execute(
            "SELECT id, priority FROM jobs WHERE photo_id = ? AND kind = ? AND state IN ('queued','running')",
            [pid, kind],
        ).fetchone()
        if row:
            db.execute(
                "UPDATE jobs SET priority = max(priority, ?), params = CASE WHEN state = 'queued' THEN ? ELSE params "
                "END, updated_at = ? WHERE id = ?",
                [priority, p, now, row[0]],
            )
            ids.append(int(row[0]))
            continue
        cur = db.execute(
            "INSERT INTO jobs(photo_id, kind, state, priority, params, created_at, updated_at) "
            "VALUES (?, ?, 'queued', ?, ?, ?, ?)",
            [pid, kind, priority, p, now, now],
        )
        ids.append(int(cur.lastrowid))
    return ids


def set_scope(db: Database, job_ids: Iterable[int] | None) -> None:
    """Limit ``claim`` to these jobs (None: the whole queue)."""
    db.execute("CREATE TEMP TABLE IF NOT EXISTS job_scope(job_id INTEGER PRIMARY KEY)")
    db.execute("DELETE FROM temp.job_scope")
    db.execute("CREATE TEMP TABLE IF NOT EXISTS job_scope_on(on_ INTEGER)")
    db.execute("DELETE FROM temp.job_scope_on")
    if job_ids is not None:
        db.execute("INSERT INTO temp.job_scope_on VALUES (1)")
        db.conn.executemany("INSERT OR IGNORE INTO temp.job_scope(job_id) VALUES (?)", [(int(j),) for j in job_ids])
    db.conn.commit()


def _scoped(db: Database) -> bool:
    try:
        return db.execute("SELECT 1 FROM temp.job_scope_on").fetchone() is not None
    except Exception:  # noqa: BLE001 - no scope table yet
        return False


def claim(db: Database, host: str | None = None, owner: str | None = None) -> dict[str, Any] | None:
    """Take the next due queued job (highest priority, oldest), mark it running, return it with its photo.

    ``owner`` is the claiming run (``register_run``): the job is leased to it. Select and update are
    one write transaction, so two processes can never claim the same job.
    """
    now = utc_now()
    scope = " AND j.id IN (SELECT job_id FROM temp.job_scope)" if _scoped(db) else ""
    with transaction(db):
        row = db.execute(
            "SELECT j.id FROM jobs j WHERE j.state = 'queued' AND (j.not_before IS NULL OR j.not_before <= ?)"
            + scope + " ORDER BY j.priority DESC, j.id LIMIT 1",
            [now],
        ).fetchone()
        if row is None:
            return None
        db.execute(
            "UPDATE jobs SET state = 'running', attempts = attempts + 1, host = ?, lease_owner = ?, started_at = ?, "
            "updated_at = ? WHERE id = ?",
            [host, owner, now, now, row[0]],
        )
    return get(db, int(row[0]))


def get(db: Database, job_id: int) -> dict[str, Any] | None:
    rows = list(db.query("SELECT * FROM jobs WHERE id = ?", [job_id]))
    if not rows:
        return None
    job = rows[0]
    try:
        job["params"] = json.loads(job.get("params") or "{}")
    except ValueError:
        job["params"] = {}
    return job


def pending_info(db: Database) -> tuple[int, float | None]:
    """(number of queued jobs in scope, seconds until the next one is due or None)."""
    scope = " AND id IN (SELECT job_id FROM temp.job_scope)" if _scoped(db) else ""
    n, nxt = db.execute(
        "SELECT count(*), min(not_before) FROM jobs WHERE state = 'queued'" + scope
    ).fetchone()
    if not n:
        return 0, None
    if not nxt:
        return int(n), 0.0
    due = datetime.strptime(nxt, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=timezone.utc)
    return int(n), max(0.0, (due - datetime.now(timezone.utc)).total_seconds())


def mark_done(db: Database, job_id: int, caption_id: int | None, *, commit: bool = True) -> None:
    now = utc_now()
    with transaction(db, commit=commit):
        db.execute(
            "UPDATE jobs SET state = 'done', result_caption_id = ?, last_error = NULL, lease_owner = NULL, "
            "finished_at = ?, updated_at = ? WHERE id = ?",
            [caption_id, now, now, job_id],
        )


def mark_failed(db: Database, job_id: int, error: str, *, commit: bool = True) -> None:
    now = utc_now()
    with transaction(db, commit=commit):
        db.execute(
            "UPDATE jobs SET state = 'failed', last_error = ?, lease_owner = NULL, finished_at = ?, updated_at = ? "
            "WHERE id = ?",
            [valid_text(error), now, now, job_id],
        )


def retry_later(db: Database, job_id: int, error: str, delay: float, *, count_attempt: bool = True,
                owner: str | None = None) -> str:
    """Put a running job back with a back-off; returns 'queued', or 'failed' after MAX_ATTEMPTS.

    With ``owner``, only a job still leased to that run is touched (another run may have taken it
    back after our heartbeat lapsed); otherwise its current state is returned unchanged.
    """
    from app.captioning.errors import final_message

    error = valid_text(error)
    with transaction(db):
        job = db.execute("SELECT attempts, state, lease_owner FROM jobs WHERE id = ?", [job_id]).fetchone()
        if job is None or job[1] != "running":
            return job[1] if job else "gone"
        if owner is not None and job[2] not in (None, owner):
            return "taken"
        now = utc_now()
        if count_attempt and job[0] >= MAX_ATTEMPTS:
            mark_failed(db, job_id, final_message(error, job[0]))
            return "failed"
        attempts_sql = "" if count_attempt else ", attempts = max(0, attempts - 1)"
        db.execute(
            "UPDATE jobs SET state = 'queued', lease_owner = NULL, last_error = ?, not_before = ?, updated_at = ?"
            + attempts_sql + " WHERE id = ?",
            [error, _at(delay), now, job_id],
        )
    return "queued"


# -- runs and leases ----------------------------------------------------------------------------


def register_run(db: Database) -> str:
    """A new run (one captioning process or window) that may lease jobs; returns its id."""
    run_id = uuid.uuid4().hex
    now = utc_now()
    with transaction(db):
        db.execute("INSERT INTO runs(id, pid, hostname, started_at, heartbeat_at) VALUES (?, ?, ?, ?, ?)",
                   [run_id, os.getpid(), _HOSTNAME, now, now])
    return run_id


def heartbeat(db: Database, run_id: str) -> None:
    """The run is alive: its leases stay valid for another ``LEASE_SECONDS``."""
    with transaction(db):
        db.execute("UPDATE runs SET heartbeat_at = ? WHERE id = ?", [utc_now(), run_id])


def end_run(db: Database, run_id: str) -> int:
    """The run ends: its unfinished jobs go back to the queue (attempt not counted); returns how many."""
    with transaction(db):
        n = _requeue_where(db, "lease_owner = ?", [run_id])
        db.execute("DELETE FROM runs WHERE id = ?", [run_id])
    return n


def _pid_alive(pid: int) -> bool:
    if os.name == "nt":  # os.kill(pid, 0) would terminate the process there: rely on the heartbeat
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True
    return True


def _run_alive(row: tuple[Any, ...] | None, now: datetime) -> bool:
    if row is None:
        return False
    _id, pid, hostname, heartbeat_at = row
    if hostname == _HOSTNAME and pid is not None and not _pid_alive(int(pid)):
        return False  # killed on this machine: no need to wait for the heartbeat to lapse
    try:
        beat = datetime.strptime(heartbeat_at, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=timezone.utc)
    except (TypeError, ValueError):
        return False
    return (now - beat).total_seconds() <= LEASE_SECONDS


def live_runs(db: Database) -> list[str]:
    now = datetime.now(timezone.utc)
    rows = db.execute("SELECT id, pid, hostname, heartbeat_at FROM runs").fetchall()
    return [r[0] for r in rows if _run_alive(r, now)]


def _requeue_where(db: Database, where: str, params: list[Any]) -> int:
    cur = db.execute(
        "UPDATE jobs SET state = 'queued', lease_owner = NULL, attempts = max(0, attempts - 1), updated_at = ? "
        "WHERE state = 'running' AND " + where,
        [utc_now(), *params],
    )
    return cur.rowcount or 0


def recover(db: Database) -> int:
    """After a crash or kill: running jobs whose run is gone go back to the queue (their attempt is
    not counted). Jobs a live run holds are left alone."""
    with transaction(db):
        alive = live_runs(db)
        marks = ",".join("?" * len(alive))
        n = _requeue_where(db, f"(lease_owner IS NULL OR lease_owner NOT IN ({marks}))" if alive
                           else "1", list(alive))
        if alive:
            db.execute(f"DELETE FROM runs WHERE id NOT IN ({marks})", list(alive))
        else:
            db.execute("DELETE FROM runs")
    return n


def cancel(db: Database, job_ids: Iterable[int] | None = None) -> int:
    """Cancel queued/running jobs (all when ``job_ids`` is None)."""
    now = utc_now()
    with transaction(db):
        if job_ids is None:
            cur = db.execute("UPDATE jobs SET state = 'cancelled', lease_owner = NULL, finished_at = ?, updated_at = ? "
                             "WHERE state IN ('queued', 'running')", [now, now])
            n = cur.rowcount or 0
        else:
            n = 0
            for j in job_ids:
                cur = db.execute("UPDATE jobs SET state = 'cancelled', lease_owner = NULL, finished_at = ?, "
                                 "updated_at = ? WHERE id = ? AND state IN ('queued', 'running')", [now, now, j])
                n += cur.rowcount or 0
    return n


def cancel_photos(db: Database, photo_ids: Iterable[int]) -> int:
    ids = [r[0] for pid in photo_ids for r in db.execute(
        "SELECT id FROM jobs WHERE photo_id = ? AND state IN ('queued','running')", [pid]).fetchall()]
    return cancel(db, ids)


def retry_failed(db: Database) -> int:
    """Failed jobs go back to the queue with a fresh attempt count (except for photos captioning could
    not read: ``photos.unreadable``, cleared when a rescan finds the file changed)."""
    now = utc_now()
    n = 0
    with transaction(db):
        for (job_id, photo_id, kind) in db.execute(  # not photos found unreadable: only a new file helps
                "SELECT id, photo_id, kind FROM jobs WHERE state = 'failed' AND photo_id NOT IN "
                "(SELECT id FROM photos WHERE unreadable IS NOT NULL)").fetchall():
            active = db.execute("SELECT 1 FROM jobs WHERE photo_id = ? AND kind = ? AND state IN ('queued','running')",
                                [photo_id, kind]).fetchone()
            if active:
                continue
            db.execute("UPDATE jobs SET state = 'queued', attempts = 0, not_before = NULL, finished_at = NULL, "
                       "updated_at = ? WHERE id = ?", [now, job_id])
            n += 1
    return n


# -- pause --------------------------------------------------------------------------------------


def pause(db: Database, reason: str = "paused by the user", kind: str = "user") -> None:
    """Pause the queue. ``kind`` says why (``PAUSE_KINDS``): only ``user`` pauses wait for a person."""
    if kind not in PAUSE_KINDS:
        raise ValueError(f"unknown pause kind {kind!r}")
    with transaction(db):
        for key, value in ((PAUSE_KEY, valid_text(reason)), (PAUSE_KIND_KEY, kind), (PAUSE_SINCE_KEY, utc_now())):
            db.execute("INSERT OR REPLACE INTO settings(key, value) VALUES (?, ?)", [key, value])


def resume(db: Database) -> None:
    with transaction(db):
        db.execute("DELETE FROM settings WHERE key IN (?, ?, ?)", [PAUSE_KEY, PAUSE_KIND_KEY, PAUSE_SINCE_KEY])


def paused_reason(db: Database) -> str | None:
    row = db.execute("SELECT value FROM settings WHERE key = ?", [PAUSE_KEY]).fetchone()
    return row[0] if row else None


def pause_info(db: Database) -> dict[str, Any] | None:
    """``{"reason", "kind", "since"}`` when paused, else None (a pause from before kinds existed is ``user``)."""
    rows = dict(db.execute("SELECT key, value FROM settings WHERE key IN (?, ?, ?)",
                           [PAUSE_KEY, PAUSE_KIND_KEY, PAUSE_SINCE_KEY]).fetchall())
    if PAUSE_KEY not in rows:
        return None
    return {"reason": rows[PAUSE_KEY], "kind": rows.get(PAUSE_KIND_KEY) or "user", "since": rows.get(PAUSE_SINCE_KEY)}


def summary(db: Database) -> dict[str, Any]:
    counts = {s: 0 for s in STATES}
    for state, n in db.execute("SELECT state, count(*) FROM jobs GROUP BY state").fetchall():
        counts[state] = n
    info = pause_info(db)
    return {"counts": counts, "paused": info is not None, "paused_reason": info["reason"] if info else None,
            "paused_kind": info["kind"] if info else None}


def list_jobs(db: Database, *, states: Iterable[str] | None = None, limit: int = 1000) -> list[dict[str, Any]]:
    where = ""
    params: list[Any] = []
    if states:
        st = list(states)
        where = f" WHERE j.state IN ({','.join('?' * len(st))})"
        params += st
    sql = (
        "SELECT j.id, j.photo_id, p.path, j.kind, j.state, j.priority, j.attempts, j.last_error, j.host, "
        "j.params, j.created_at, j.updated_at FROM jobs j JOIN photos p ON p.id = j.photo_id" + where
        + " ORDER BY CASE j.state WHEN 'running' THEN 0 WHEN 'queued' THEN 1 ELSE 2 END, j.priority DESC, j.id LIMIT ?"
    )
    params.append(limit)
    out = []
    for row in db.query(sql, params):
        try:
            row["params"] = json.loads(row["params"] or "{}")
        except ValueError:
            row["params"] = {}
        out.append(row)
    return out
