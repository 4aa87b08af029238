"""The jobs a run holds and what becomes of each: a stored draft, a failure, or back in the queue.

Every claimed job is *tracked* (``claimed``, ``inflight``) until exactly one outcome has been
recorded in the database and told to the observer (the run ends only when nothing is tracked, so
releasing a job earlier could end the run before a photo's failure is reported); what is still
tracked when the run ends goes back to the queue (``return_unfinished``). Storing a caption runs
in the background, off the request path; ``wait_stores`` lets the run finish those before it ends.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any, Coroutine

from app.captioning import due
from app.captioning import queue as jobq
from app.captioning.errors import final_message
from app.captioning.run_types import Observer, PhotoResult, RunSummary
from app.captioning.store import store_failure, store_result
from app.store.owner import DbOwner

log = logging.getLogger(__name__)


class JobBook:
    """Claims, outcomes and the run's lease id (``run_id``: jobs.lease_owner) for one run."""

    def __init__(self, owner: DbOwner, observer: Observer, summary: RunSummary) -> None:
        self.owner = owner
        self.observer = observer
        self.summary = summary
        self.run_id: str | None = None
        self.claimed: set[int] = set()
        self.inflight = 0
        self._store_tasks: set[asyncio.Task[Any]] = set()

    # -- claiming ----------------------------------------------------------------------------

    async def claim(self) -> dict[str, Any] | None:
        """Claim a job; a claim that completes while we are being cancelled is still recorded (and
        so requeued at the end), never left *running* behind our back."""
        cf = self.owner.submit(jobq.claim, None, self.run_id)
        try:
            job = await asyncio.wrap_future(cf)
        except asyncio.CancelledError:
            if not cf.cancelled():
                try:
                    self.track(cf.result())
                except Exception:  # noqa: BLE001
                    pass
            raise
        self.track(job)
        return job

    def track(self, job: dict[str, Any] | None) -> None:
        if job is not None and job["id"] not in self.claimed:
            self.inflight += 1
            self.claimed.add(job["id"])

    def release(self, job_id: int) -> None:
        """The job has its outcome: this run no longer holds it."""
        self.claimed.discard(job_id)
        self.inflight -= 1

    # -- outcomes ----------------------------------------------------------------------------

    def spawn_store(self, result: PhotoResult, record: dict[str, Any]) -> None:
        self.spawn(self.store(result, record))

    def spawn(self, work: Coroutine[Any, Any, None]) -> None:
        """Run ``work`` (what is left of a claimed job: checks, then its outcome) in the background;
        ``wait_stores`` waits for it."""
        task = asyncio.create_task(work)
        self._store_tasks.add(task)
        task.add_done_callback(self._store_tasks.discard)

    async def wait_stores(self) -> None:
        if self._store_tasks:
            await asyncio.gather(*self._store_tasks, return_exceptions=True)

    async def store(self, result: PhotoResult, record: dict[str, Any]) -> None:
        outcome: dict[str, Any] | None = None
        try:
            outcome = await self.owner.run(store_result, result.job_id, result.photo_id, record, owner=self.run_id)
        except Exception as exc:  # noqa: BLE001 - a DB error must not kill the run; the job stays running → requeued
            log.exception("storing caption failed")
            result.state, result.error = "failed", f"could not store the caption: {exc}"
            self.summary.failed += 1
        else:
            result.caption_id = outcome.get("caption_id")
            result.state = outcome["state"]
            if outcome["state"] == "cancelled":
                result.error = "cancelled"
            else:
                self.summary.done += 1
                self.summary.generations += 1
                self.summary.covered += 1
        try:
            self.observer.on_result(result)
            for f in (outcome or {}).get("followers") or []:  # the rest of the group got the same draft
                self.summary.covered += 1
                self.observer.on_result(PhotoResult(
                    result.job_id, f["photo_id"], f["path"], f["state"], result.caption, list(result.keywords),
                    result.model, result.host, list(result.flags), None, f["caption_id"],
                    {"shared_from": result.photo_id}, alt_text=result.alt_text,
                    translations=dict(result.translations), language_check=result.language_check))
        finally:
            self.release(result.job_id)

    async def fail(self, job: dict[str, Any], photo: dict[str, Any], error: str, *, host: str | None,
                   model: str | None, unreadable: bool = False) -> None:
        """The photo fails; ``unreadable``: its content cannot be decoded, so ``--all-missing`` leaves
        it alone until the file changes (the failure records the file's size, time and fingerprint)."""
        extra: dict[str, Any] = {}
        if unreadable:
            extra = {"flags": [due.UNREADABLE], "metrics": {"file": due.file_signature(photo)}}
        try:
            await self.owner.run(store_failure, job["id"], photo["id"], error, model=model, host=host,
                                 owner=self.run_id, **extra)
            self.summary.failed += 1
            self.observer.on_result(PhotoResult(job["id"], photo["id"], photo["path"], "failed", model=model,
                                                host=host, error=error))
        finally:
            self.release(job["id"])

    async def photo_gone(self, job_id: int) -> None:
        await self.owner.run(jobq.mark_failed, job_id, "the photo is no longer in the library")
        self.release(job_id)

    async def requeue(self, job_id: int, error: str, delay: float = 0.0, *, count_attempt: bool = False) -> str:
        """Back to the queue (``retry_later``) and no longer ours; returns the job's new state."""
        state = await self.owner.run(jobq.retry_later, job_id, error, delay, count_attempt=count_attempt,
                                     owner=self.run_id)
        self.release(job_id)
        return state

    async def retry(self, job: dict[str, Any], photo: dict[str, Any], error: str, delay: float, *,
                    count_attempt: bool, host: str) -> None:
        """A transient failure: try the photo again later; after the last attempt it fails with advice."""
        try:
            state = await self.owner.run(jobq.retry_later, job["id"], error, delay, count_attempt=count_attempt,
                                         owner=self.run_id)
            self.summary.retries += 1
            if state == "failed":  # the last try: say what happened and what to do, no "will retry"
                final = final_message(error, int(job.get("attempts") or jobq.MAX_ATTEMPTS))
                await self.owner.run(store_failure, job["id"], photo["id"], final, host=host, already_failed=True)
                self.summary.failed += 1
                self.observer.on_result(PhotoResult(job["id"], photo["id"], photo["path"], "failed", host=host,
                                                    error=final))
            elif state == "queued":
                self.observer.on_retry(photo["id"], photo["path"], error)
        finally:
            self.release(job["id"])  # only now: the run must not end between the outcome and its report

    async def return_unfinished(self) -> None:
        """Jobs claimed by this run but not finished (stop, pause, cancel) go back to the queue."""
        for job_id in list(self.claimed):
            await self.owner.run(jobq.retry_later, job_id, "interrupted", 0.0, count_attempt=False, owner=self.run_id)
        self.claimed.clear()
