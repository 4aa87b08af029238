"""Bridge between the captioning service and the window: queue actions in, live events out.

The pipeline (``app.services.captioning.run_jobs``) runs as a task on the qasync loop and calls an
``Observer`` on the loop thread, which is the GUI thread, so callbacks can touch widgets directly.
The queue lives in the ``jobs`` table: pausing is a flag there, so a queue paused by the person
stays paused across restarts, while one interrupted by closing the window resumes at next start.
"""

from __future__ import annotations

import asyncio
import logging
import os
import time
from typing import Any

from app.captioning import queue as jobq
from app.captioning.pipeline import Observer, PhotoResult, RunConfig
from app.services import captioning as capsvc
from app.ui.group_ops import enqueue_grouped
from app.ui.stream_text import visible_caption, visible_keywords

log = logging.getLogger("albumwise.ui")


class _WindowObserver(Observer):
    def __init__(self, bridge: "CaptionBridge") -> None:
        self.b = bridge

    def on_start(self, total: int) -> None:
        self.b._on_start(total)

    def on_photo_started(self, photo_id: int, path: str, host: str) -> None:
        self.b._on_photo_started(photo_id, path, host)

    def on_token(self, photo_id: int, text: str) -> None:
        self.b._on_token(photo_id, text)

    def on_result(self, result: PhotoResult) -> None:
        self.b._on_result(result)

    def on_retry(self, photo_id: int, path: str, message: str) -> None:
        log.info("Retrying %s: %s", os.path.basename(path), message)
        self.b._live.pop(photo_id, None)
        self.b.window.detail.stream_end(photo_id)

    def on_host(self, host: str, state: str, message: str) -> None:
        self.b._on_host(host, state, message)

    def on_paused(self, reason: str) -> None:
        self.b._on_paused(reason)


class CaptionBridge:
    """Owns the caption run task; the window calls ``enqueue/pause/resume/cancel``."""

    def __init__(self, window: Any) -> None:
        self.window = window
        self.ctx = window.ctx
        self._task: asyncio.Task[Any] | None = None
        self._pipeline: Any = None
        self._paused_reason: str | None = None
        self._live: dict[int, str] = {}  # photo id -> text streamed so far
        self._started: dict[int, tuple[float, int]] = {}  # photo id -> (start time, tokens)
        self._done = 0
        self._total = 0
        self._photo_seconds: list[float] = []
        self._tps: float | None = None
        self._recovered = False
        self.results: list[PhotoResult] = []

    # -- state ------------------------------------------------------------------------------
    def is_active(self) -> bool:
        return self._task is not None and not self._task.done()

    def is_paused(self) -> bool:
        return self._paused_reason is not None

    def live_text(self, photo_id: int) -> str | None:
        raw = self._live.get(photo_id)
        return None if raw is None else visible_caption(raw)

    def hosts(self) -> list[Any]:
        from app.captioning.hosts import resolve_hosts  # noqa: PLC0415

        return resolve_hosts(self.ctx.settings)

    def settings_changed(self, settings: Any) -> None:
        self.window.host_lights.set_hosts([h.url for h in self.hosts()])

    # -- start / stop -----------------------------------------------------------------------
    def start(self) -> None:
        """At app start: light the hosts, and continue a queue the last session left unfinished."""
        self.window.host_lights.set_hosts([h.url for h in self.hosts()])
        self.ctx.spawn(self._startup(), name="caption startup")

    async def _startup(self) -> None:
        for h in self.hosts():
            self.ctx.spawn(self._check_host(h), name=f"check {h.url}")
        summary = await self.ctx.write(jobq.summary)
        self._paused_reason = summary["paused_reason"]
        pending = summary["counts"].get("queued", 0) + summary["counts"].get("running", 0)
        if pending and not self._paused_reason:
            log.info("Continuing the caption queue: %d photos left from last time", pending)
            self.ensure_running()
        elif pending:
            self.window.queue_status.message.setText(f"Caption queue paused ({self._paused_reason}); {pending} waiting")
        self.window._update_actions()

    async def _check_host(self, host: Any) -> None:
        try:
            version = await asyncio.wait_for(capsvc.server_version(host), 5)
            self._on_host(host.url, "ok", f"reachable (version {version})" if version else "reachable")
        except Exception as exc:  # noqa: BLE001 - a down host is a light, not an error dialog
            self._on_host(host.url, "down", str(exc) or exc.__class__.__name__)

    async def shutdown(self) -> None:
        """Closing the window: stop the run; unfinished photos go back to the queue for next time."""
        if self._pipeline is not None:
            self._pipeline.stop()
        if self._task is not None:
            try:
                await asyncio.wait_for(asyncio.shield(self._task), 10)
            except Exception:  # noqa: BLE001
                self._task.cancel()
                try:
                    await self._task
                except BaseException:  # noqa: BLE001
                    pass
        # a run cut off harder than that leaves jobs "running": put them back
        await self.ctx.write(jobq.recover)

    # -- actions ----------------------------------------------------------------------------
    async def enqueue(self, photo_ids: list[int], *, force: bool = False, model: str = "", style: str = "",
                      priority: int = 0) -> int:
        ids = list(photo_ids)
        if not ids:
            return 0
        params = capsvc.job_params(model=model, style=style, language=self.ctx.settings.language)
        self.window.queue_status.message.setText(f"Looking for bursts and duplicates among {len(ids)} photos…")
        await enqueue_grouped(self.ctx, ids, params, priority)  # one job per burst/copy group (issue 14)
        self._total += len(ids) if self.is_active() else 0
        self.window.queue_status.message.setText(f"Queued {len(ids)} photo{'s' if len(ids) != 1 else ''} for captioning")
        if self._paused_reason:
            self.window.queue_status.message.setText(f"Queued {len(ids)}; the queue is paused — resume to continue")
        else:
            self.ensure_running()
        return len(ids)

    def ensure_running(self) -> None:
        if not self.is_active():
            self._task = self.ctx.spawn(self._run(), name="caption run")
        self.window._update_actions()

    async def pause(self) -> None:
        await self.ctx.write(jobq.pause, "paused by you")
        self._paused_reason = "paused by you"
        if self._pipeline is not None:
            self._pipeline.stop()
        self.window.queue_status.message.setText("Caption queue paused")
        self._refresh_progress()
        self.window._update_actions()

    async def resume(self) -> None:
        await self.ctx.write(jobq.resume)
        self._paused_reason = None
        if self._task is not None and not self._task.done():
            await asyncio.wait([self._task], timeout=10)
        self.window.queue_status.message.setText("Captioning resumed")
        self.ensure_running()

    async def cancel(self) -> None:
        n = await self.ctx.write(jobq.cancel)
        await self.ctx.write(jobq.resume)
        self._paused_reason = None
        if self._pipeline is not None:
            self._pipeline.stop()
        self.window.queue_status.message.setText(f"Cancelled {n} queued photo{'s' if n != 1 else ''}")
        self._total = self._done = 0
        self._refresh_progress()
        self.window._update_actions()

    # -- the run ----------------------------------------------------------------------------
    async def _run(self) -> None:
        self._done = 0
        try:
            while True:
                cfg = RunConfig.from_settings(self.ctx.settings)
                owner = await self.ctx.get_owner()
                summary = await capsvc.run_jobs(
                    owner, self.hosts(), cfg, job_ids=None, observer=_WindowObserver(self),
                    recover=not self._recovered, on_pipeline=self._set_pipeline,
                )
                self._recovered = True
                self._pipeline = None
                if summary.covered > summary.generations:  # issue 14: what grouping saved
                    self.window.queue_status.message.setText(
                        f"{summary.covered} photos captioned by {summary.generations} generation"
                        f"{'s' if summary.generations != 1 else ''} "
                        "(bursts and duplicates are captioned once)")
                if summary.paused_reason or summary.cancelled:
                    break
                left, _ = await self.ctx.write(jobq.pending_info)
                if not left:
                    break
                await asyncio.sleep(0.2)  # jobs waiting for a retry back-off
        finally:
            self._pipeline = None
            for pid in list(self._live):
                self.window.detail.stream_end(pid)
            self._live.clear()
            self.window.queue_status.set_current("")
            if not self._paused_reason:
                self.window.queue_status.set_progress(0, 0)
            self.window._update_actions()
            self.window.reload_counts()

    def _set_pipeline(self, pipeline: Any) -> None:
        self._pipeline = pipeline

    # -- observer callbacks (GUI thread) ----------------------------------------------------
    def _on_start(self, total: int) -> None:
        self._total = self._done + total
        self._refresh_progress()

    def _on_photo_started(self, photo_id: int, path: str, host: str) -> None:
        self._live[photo_id] = ""
        self._started[photo_id] = (time.monotonic(), 0)
        self.window.queue_status.set_current(os.path.basename(path))
        self.window.detail.stream_begin(photo_id)
        self.window.model.set_override(photo_id, caption_state="running")

    def _on_token(self, photo_id: int, text: str) -> None:
        self._live[photo_id] = self._live.get(photo_id, "") + text
        t0, n = self._started.get(photo_id, (time.monotonic(), 0))
        n += 1
        self._started[photo_id] = (t0, n)
        elapsed = time.monotonic() - t0
        if elapsed > 0.3:
            self._tps = n / elapsed
            self.window.queue_status.set_speed(self._tps)
        raw = self._live[photo_id]
        self.window.detail.stream_set(photo_id, visible_caption(raw), visible_keywords(raw))
        if n % 6 == 1:  # the grid cell shows the first words too (throttled: repaints are not free)
            self.window.model.set_override(photo_id, caption=visible_caption(raw), caption_state="running")
        if n % 4 == 1:
            self.window.detail.stream_stats(photo_id, f"{n} tokens · {self._tps or 0:.1f} tokens/s")

    def _on_result(self, result: PhotoResult) -> None:
        self.results.append(result)
        t0, n = self._started.pop(result.photo_id, (None, 0))
        if t0 is not None:
            self._photo_seconds = (self._photo_seconds + [time.monotonic() - t0])[-20:]
        self._live.pop(result.photo_id, None)
        self._done += 1
        self.window.detail.stream_end(result.photo_id)
        if result.state == "failed":
            log.warning("Caption failed for %s: %s", os.path.basename(result.path), result.error)
            if self.window.detail.photo_id == result.photo_id:
                self.window.detail.show_error(result.error or "captioning failed")
        elif result.state == "kept":
            log.info("%s keeps its approved caption; the new draft is in its history", os.path.basename(result.path))
        self.window.refresh_photos([result.photo_id])
        self._refresh_progress()

    def _on_host(self, host: str, state: str, message: str) -> None:
        light = {"ok": "ok", "up": "ok", "busy": "busy", "down": "down", "dead": "down"}.get(state, state)
        self.window.host_lights.set_state(host, light, message)
        if light == "down":
            log.warning("Host %s: %s", host, message)

    def _on_paused(self, reason: str) -> None:
        self._paused_reason = reason
        log.warning("Caption queue paused: %s", reason)
        self.window.queue_status.message.setText(f"Caption queue paused: {reason}")
        self._refresh_progress()
        self.window._update_actions()

    def _refresh_progress(self) -> None:
        total = max(self._total, self._done)
        self.window.queue_status.set_progress(self._done, total, paused=self.is_paused())
        if self._photo_seconds and total > self._done:
            avg = sum(self._photo_seconds) / len(self._photo_seconds)
            self.window.queue_status.set_eta(avg * (total - self._done))
        else:
            self.window.queue_status.set_eta(None)
