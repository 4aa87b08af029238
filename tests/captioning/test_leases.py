"""A running job is leased by a live run; only jobs of runs that are gone are taken back."""

from __future__ import annotations

import subprocess
import sys

from app.captioning import queue as jobq
from app.captioning.store import store_result
from app.store import captions
from tests.doubles.library import add_photo, make_jpeg


def _dead_pid() -> int:
    p = subprocess.Popen([sys.executable, "-c", "pass"])
    p.wait()
    return p.pid


def test_recover_takes_back_only_jobs_whose_run_is_gone(db, tmp_path) -> None:
    ids = [add_photo(db, make_jpeg(tmp_path / f"{i}.jpg", (64, 48))) for i in range(4)]
    jobs = jobq.enqueue(db, ids)
    alive = jobq.register_run(db)
    killed = jobq.register_run(db)
    silent = jobq.register_run(db)
    db.execute("UPDATE runs SET pid = ? WHERE id = ?", [_dead_pid(), killed])  # its process was kill -9ed
    db.execute("UPDATE runs SET heartbeat_at = '2020-01-01T00:00:00.000000Z' WHERE id = ?", [silent])  # no beats
    held = {run: jobq.claim(db, owner=run)["id"] for run in (alive, killed, silent)}
    legacy = jobq.claim(db)["id"]  # claimed before leases existed: no owner
    assert jobq.live_runs(db) == [alive]
    assert jobq.recover(db) == 3
    states = {j: jobq.get(db, j)["state"] for j in jobs}
    assert states[held[alive]] == "running"
    assert states[held[killed]] == states[held[silent]] == states[legacy] == "queued"
    assert [r[0] for r in db.execute("SELECT id FROM runs")] == [alive]
    # heartbeats keep the lease; the run's end returns its jobs
    jobq.heartbeat(db, alive)
    assert jobq.recover(db) == 0
    assert jobq.end_run(db, alive) == 1 and jobq.get(db, held[alive])["state"] == "queued"


def test_a_result_for_a_job_another_run_took_back_is_not_stored(db, tmp_path) -> None:
    pid = add_photo(db, make_jpeg(tmp_path / "a.jpg", (64, 48)))
    job = jobq.enqueue(db, [pid])[0]
    slow = jobq.register_run(db)
    assert jobq.claim(db, owner=slow)["id"] == job
    # the slow run's lease lapsed; another run recovered the job and claimed it
    db.execute("UPDATE runs SET heartbeat_at = '2020-01-01T00:00:00.000000Z' WHERE id = ?", [slow])
    assert jobq.recover(db) == 1
    other = jobq.register_run(db)
    assert jobq.claim(db, owner=other)["id"] == job
    late = store_result(db, job, pid, {"text": "late", "model": "m"}, owner=slow)
    assert late == {"state": "cancelled", "caption_id": None}
    assert jobq.retry_later(db, job, "late failure", 0, owner=slow) == "taken"
    assert store_result(db, job, pid, {"text": "on time", "model": "m"}, owner=other)["state"] == "draft"
    assert [c["text"] for c in captions.history(db, pid)] == ["on time"]


def test_a_late_failure_for_a_taken_back_job_changes_nothing(db, tmp_path) -> None:
    from app.captioning.store import store_failure

    pid = add_photo(db, make_jpeg(tmp_path / "a.jpg", (64, 48)))
    job = jobq.enqueue(db, [pid])[0]
    slow = jobq.register_run(db)
    jobq.claim(db, owner=slow)
    db.execute("UPDATE runs SET heartbeat_at = '2020-01-01T00:00:00.000000Z' WHERE id = ?", [slow])
    jobq.recover(db)
    other = jobq.register_run(db)
    jobq.claim(db, owner=other)
    store_failure(db, job, pid, "the server could not read the image", owner=slow)
    assert jobq.get(db, job)["state"] == "running" and captions.history(db, pid) == []
