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

from PySide6.QtCore import QCoreApplication

from app.captioning import queue as jobq
from app.captioning.pipeline import Observer, PhotoResult, RunConfig
from app.services import captioning as capsvc
from app.ui.emoji_text import shown_name
from app.ui.group_ops import start_intake
from app.ui.host_clients import server_version
from app.ui.i18n import number
from app.ui.status_model import is_unreachable_pause
from app.ui.stream_text import visible_caption, visible_keywords

log = logging.getLogger("albumwise.ui")
translate = QCoreApplication.translate


def _reachable(version: str | None) -> str:
    """A host light's tooltip once the host answered."""
    if version:
        return translate("CaptionBridge", "reachable (version {version})").format(version=version)
    return translate("CaptionBridge", "reachable")


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
        self.b.status.photo_left(photo_id)
        self.b.window.detail.stream_end(photo_id)

    def on_host(self, host: str, state: str, message: str) -> None:
        self.b._on_host(host, state, message)

    def on_paused(self, reason: str) -> None:
        self.b._on_paused(reason)


class CaptionBridge:
    """Owns the caption run task; the window calls ``enqueue/pause/resume/cancel``.

    A pause the queue took itself (no server answered) ends on its own: while it lasts the hosts are
    asked every ``recheck_seconds``, and the first one that answers resumes the run. A pause the
    person asked for stays until they resume."""

    recheck_seconds = 10.0

    def __init__(self, window: Any) -> None:
        self.window = window
        self.ctx = window.ctx
        self._task: asyncio.Task[Any] | None = None
        self._pipeline: Any = None
        self._paused_reason: str | None = None
        self._live: dict[int, str] = {}  # photo id -> text streamed so far
        self._started: dict[int, tuple[float | None, int]] = {}  # photo id -> (first token time, tokens)
        self._began: dict[int, float] = {}  # photo id -> when its request started
        self._photo_seconds: list[float] = []
        self._recheck: asyncio.Task[Any] | None = None
        self._regenerate: set[int] = set()  # photos the person asked to caption again
        self._intakes: list[Any] = []  # selections on their way into the queue (the run waits for them)
        self._intake_tasks: list[asyncio.Task[Any]] = []
        self._restack_due = False
        self._tps: float | None = None
        self._recovered = False
        self._started_hosts = False
        self.results: list[PhotoResult] = []

    # -- state ------------------------------------------------------------------------------
    def is_active(self) -> bool:
        return self._task is not None and not self._task.done()

    def is_paused(self) -> bool:
        return self._paused_reason is not None

    @property
    def status(self) -> Any:
        return self.window.status

    def live_text(self, photo_id: int) -> str | None:
        raw = self._live.get(photo_id)
        return None if raw is None else visible_caption(raw)

    def hosts(self) -> list[Any]:
        from app.captioning.hosts import resolve_hosts  # noqa: PLC0415

        return resolve_hosts(self.ctx.settings)

    def settings_changed(self, settings: Any) -> None:
        """New settings: show their hosts (known lights stay) and check the ones not checked yet."""
        self.window.host_lights.set_hosts([h.url for h in self.hosts()])
        unchecked = set(self.window.host_lights.unchecked()) if self._started_hosts else set()
        for h in self.hosts():
            if h.url in unchecked:
                self.ctx.spawn(self._check_host(h), name=f"check {h.url}")

    # -- start / stop -----------------------------------------------------------------------
    def start(self) -> None:
        """At app start: light the hosts, and continue a queue the last session left unfinished."""
        self._started_hosts = True  # from now on, hosts that appear in the settings are checked too
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
            self.ensure_running(pending)
        elif pending:
            self.status.run_started(pending)
            self.status.paused(self._paused_reason)
            self._watch_hosts()
        self.window._update_actions()

    async def _check_host(self, host: Any) -> None:
        try:
            version = await asyncio.wait_for(server_version(self.ctx, host), 5)
            self._on_host(host.url, "ok", _reachable(version))
        except Exception as exc:  # noqa: BLE001 - a down host is a light, not an error dialog
            self._on_host(host.url, "down", str(exc) or exc.__class__.__name__)

    async def _stop_intakes(self) -> None:
        """Queue nothing more from the selections still on their way (their current step finishes)."""
        for i in self._intakes:
            i.stop()
        await asyncio.gather(*self._intake_tasks, return_exceptions=True)
        self._intakes, self._intake_tasks = [], []

    async def shutdown(self) -> None:
        """Closing the window: stop the run; unfinished photos go back to the queue for next time
        (those not queued yet are picked again by the next "caption uncaptioned")."""
        await self._stop_intakes()
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
                      priority: int = 0, if_still_missing: bool = False) -> int:
        """Queue photos (one job per burst/copy group). ``if_still_missing``: they were picked for having no
        caption, so each is queued only if that still holds in the queueing transaction."""
        ids = list(photo_ids)
        if not ids:
            return 0
        params = capsvc.job_params(model=model, style=style, language=self.ctx.settings.language)
        # one job per burst/copy group, queued photo by photo as groups are found: the run starts at once
        intake = await start_intake(self.ctx, ids, params, priority, if_still_missing=ids if if_still_missing else ())
        intake.on_regrouped = self._restack_soon  # bursts found while the run goes: stack them in the grid
        intake.on_shared = lambda results: [self._on_result(r) for r in results]
        self._intakes = [i for i in self._intakes if not i.finished] + [intake]
        if self._pipeline is not None:
            self._pipeline.attach(intake, run=False)
        task = self.ctx.spawn(intake.run(), name="caption intake")
        self._intake_tasks = [t for t in self._intake_tasks if not t.done()] + [task]
        if force:
            self._regenerate.update(ids)
        if self.is_active() or self.is_paused():
            self.status.queued_more(len(ids))
        if self._paused_reason:
            self.status.say(translate("CaptionBridge", "Queued %Ln photo(s); captioning is paused — resume to continue",
                                      None, len(ids)))
        else:
            self.status.say(translate("CaptionBridge", "Queued %Ln photo(s) for captioning", None, len(ids)))
            self.ensure_running(len(ids))
        await task  # every photo is in the queue now (the first ones are being captioned already)
        return len(ids)

    def _restack_soon(self) -> None:
        """Groups changed: reload the grid once shortly (the intake finds groups a few photos at a time)."""
        if not self._restack_due:
            self._restack_due = True

            def go() -> None:
                self._restack_due = False
                self.window.reload_ids()

            asyncio.get_running_loop().call_later(0.3, go)

    def ensure_running(self, pending: int = 0) -> None:
        """Start the run task unless it runs; the bar says so at once (checking the hosts and
        loading the model can take a while before the first photo)."""
        if not self.is_active():
            self._task = self.ctx.spawn(self._run(), name="caption run")
            if self.status.state == "idle":
                self.status.run_started(pending)
        self.window._update_actions()

    async def pause(self) -> None:
        await self.ctx.write(jobq.pause, "paused by you")
        self._paused_reason = "paused by you"
        self._stop_watching()
        if self._pipeline is not None:
            self._pipeline.stop()
        self.status.paused(self._paused_reason)
        self.window._update_actions()

    async def resume(self, message: str = "") -> None:
        await self.ctx.write(jobq.resume)
        self._paused_reason = None
        self._stop_watching()
        if self._task is not None and not self._task.done():
            await asyncio.wait([self._task], timeout=10)
        self.status.resumed(message)
        self.ensure_running()

    # -- an unreachable-server pause ends by itself --------------------------------------------
    def _watch_hosts(self) -> None:
        """Paused because no server answered: ask the hosts again now and then."""
        if is_unreachable_pause(self._paused_reason) and (self._recheck is None or self._recheck.done()):
            self._recheck = self.ctx.spawn(self._recheck_hosts(), name="re-check hosts")

    def _stop_watching(self) -> None:
        if self._recheck is not None and not self._recheck.done() and self._recheck is not asyncio.current_task():
            self._recheck.cancel()
        self._recheck = None

    async def _recheck_hosts(self) -> None:
        while is_unreachable_pause(self._paused_reason):
            await asyncio.sleep(self.recheck_seconds)
            if not is_unreachable_pause(self._paused_reason) or self.is_active():
                continue
            for h in self.hosts():
                try:
                    version = await asyncio.wait_for(server_version(self.ctx, h), 5)
                except Exception as exc:  # noqa: BLE001 - still down: keep waiting
                    self._on_host(h.url, "down", str(exc) or exc.__class__.__name__, quiet=True)
                    continue
                self._on_host(h.url, "ok", _reachable(version))
                if is_unreachable_pause(self._paused_reason):
                    log.info("%s answers again: captioning resumes", h.url)
                    self._recheck = None
                    await self.resume(translate("CaptionBridge", "{host} answers again — captioning resumed").format(
                        host=h.url.split("//")[-1]))
                return

    async def cancel(self) -> None:
        await self._stop_intakes()  # first: a photo queued after the cancel would be captioned anyway
        n = await self.ctx.write(jobq.cancel)
        await self.ctx.write(jobq.resume)
        self._paused_reason = None
        self._stop_watching()
        if self._pipeline is not None:
            self._pipeline.stop()
        self.status.run_finished(cancelled=n)
        self.window._update_actions()

    # -- the run ----------------------------------------------------------------------------
    async def _run(self) -> None:
        try:
            while True:
                cfg = RunConfig.from_settings(self.ctx.settings)
                owner = await self.ctx.get_owner()
                hosts = self.hosts()
                summary = await capsvc.run_jobs(
                    owner, hosts, cfg, job_ids=None, observer=_WindowObserver(self),
                    recover=not self._recovered, on_pipeline=self._set_pipeline,  # clients made on a thread by the run
                    watch=self._intakes,
                )
                self._recovered = True
                self._pipeline = None
                if summary.covered > summary.generations:  # what grouping saved
                    self.status.say(translate(
                        "CaptionBridge", "{photos} photos captioned by %Ln generation(s) (bursts and duplicates are "
                        "captioned once)", None, summary.generations).format(photos=number(summary.covered)))
                if summary.paused_reason or summary.cancelled:
                    break
                queueing = not all(i.finished for i in self._intakes)  # read first: none can queue after
                left, _ = await self.ctx.write(jobq.pending_info)
                if not left and not queueing:
                    break
                await asyncio.sleep(0.2)  # jobs waiting for a retry back-off
        finally:
            self._pipeline = None
            for pid in list(self._live):
                self.window.detail.stream_end(pid)
            self._live.clear()
            if self._paused_reason:
                self._watch_hosts()
            else:
                self.status.run_finished()
            self.window._update_actions()
            from app.ui.memory import trim_soon  # noqa: PLC0415

            trim_soon(self.ctx)  # the run's decoded photos leave freed heap behind
            self.window.reload_counts()

    def _set_pipeline(self, pipeline: Any) -> None:
        self._pipeline = pipeline

    # -- observer callbacks (GUI thread) ----------------------------------------------------
    def _on_start(self, total: int) -> None:
        self.status.run_started(total)
        self.window._update_actions()

    def _on_photo_started(self, photo_id: int, path: str, host: str) -> None:
        self._live[photo_id] = ""
        self._started[photo_id] = (None, 0)
        self._began[photo_id] = time.monotonic()
        self.status.photo_started(photo_id, shown_name(os.path.basename(path)))
        self.window.detail.stream_begin(photo_id)
        self.window.model.set_override(photo_id, caption_state="running")

    def _on_token(self, photo_id: int, text: str) -> None:
        self._live[photo_id] = self._live.get(photo_id, "") + text
        now = time.monotonic()
        t1, n = self._started.get(photo_id, (None, 0))
        if t1 is None:
            t1 = now  # speed counts from the first token: waiting in the queue or for the model is not speed
        n += 1
        self._started[photo_id] = (t1, n)
        elapsed = now - t1
        if elapsed > 0.3 and n > 1:
            self._tps = (n - 1) / elapsed
            self.status.set_speed(self._tps, self._eta())
        raw = self._live[photo_id]
        self.window.detail.stream_set(photo_id, visible_caption(raw), visible_keywords(raw))
        if n % 6 == 1:  # the grid cell shows the first words too (throttled: repaints are not free)
            self.window.model.set_override(photo_id, caption=visible_caption(raw), caption_state="running")
        if n % 4 == 1:
            tokens = translate("CaptionBridge", "%Ln token(s)", None, n)
            if self._tps and n > 1:
                tokens = translate("CaptionBridge", "{tokens} · {speed} tokens/s").format(
                    tokens=tokens, speed=number(self._tps, 1))
            self.window.detail.stream_stats(photo_id, tokens)

    def _on_result(self, result: PhotoResult) -> None:
        self.results = (self.results + [result])[-200:]  # the recent ones (a long day must not grow memory)
        self._started.pop(result.photo_id, None)
        t0 = self._began.pop(result.photo_id, None)
        if t0 is not None:
            self._photo_seconds = (self._photo_seconds + [time.monotonic() - t0])[-20:]
        self._live.pop(result.photo_id, None)
        self.window.detail.stream_end(result.photo_id)
        if result.state != "cancelled":
            self.status.photo_finished(result.photo_id, result.state != "failed")
        else:
            self.status.photo_left(result.photo_id)
        if result.photo_id in self._regenerate and result.state != "cancelled":
            self._regenerate.discard(result.photo_id)
            if result.state == "kept" and result.caption_id is not None:
                # asked for explicitly: the new draft becomes the caption to review (the approved or
                # written one stays in the history, and in the file until the next write)
                self.ctx.spawn(self._make_current(result.photo_id, result.caption_id), name="regenerated draft")
                return
        if result.state == "failed":
            log.warning("Caption failed for %s: %s", os.path.basename(result.path), result.error)
            if self.window.detail.photo_id == result.photo_id:
                self.window.detail.show_error(result.error or translate("CaptionBridge", "captioning failed"))
        elif result.state == "kept":
            log.info("%s keeps its approved caption; the new draft is in its history", os.path.basename(result.path))
        self.window.refresh_photos([result.photo_id])

    async def _make_current(self, photo_id: int, caption_id: int) -> None:
        from app.store import captions  # noqa: PLC0415

        await self.ctx.write(captions.set_current, photo_id, caption_id)
        self.window.refresh_photos([photo_id])

    def _on_host(self, host: str, state: str, message: str, *, quiet: bool = False) -> None:
        light = {"ok": "ok", "up": "ok", "busy": "busy", "down": "down", "dead": "down",
                 "stalled": "down"}.get(state, state)
        self.window.host_lights.set_state(host, light, message)
        if light == "down" and not quiet:
            log.warning("Host %s: %s", host, message)

    def _on_paused(self, reason: str) -> None:
        self._paused_reason = reason
        log.warning("Caption queue paused: %s", reason)
        self.status.paused(reason)
        self.window._update_actions()

    def _eta(self) -> float | None:
        left = self.status.total - self.status.done
        if self._photo_seconds and left > 0:
            return sum(self._photo_seconds) / len(self._photo_seconds) * left
        return None
