"""The captioning pipeline: keep every GPU busy, lose nothing, caption each queued photo once.

Shape:
- an *intake* (``intake.Intake``, optional) queues the selection photo by photo while the run goes,
  as each photo's group becomes known, so the first request never waits for the whole selection's
  thumbnails; the run keeps claiming until its intakes are finished;
- one *feeder* claims due jobs from the persistent queue and prepares their images in a CPU
  executor, keeping ``prefetch`` photos ready ahead of the hosts (``scheduling.ReadyQueue``);
- each host runs ``concurrency`` workers (default 2: one request generating, one waiting in
  Ollama's queue, so the GPU never idles between photos); workers take whichever photo is ready,
  so work spreads by availability and a host that goes down simply stops taking photos; an idle
  host takes over a request still waiting in a busy host's queue (``scheduling.steal_from``);
- each answer is streamed (``streaming``), cleaned and its language checked; the names check and the
  store (caption version + job done, one transaction) follow in the background, off the request path
  (``finishing``, ``outcomes.JobBook``), while the worker sends its next photo.

Errors (``errors``): transient → the job goes back to the queue with a back-off (connection
failures do not count as the photo's attempts; a host that cannot be reached is skipped for a
growing while); photo errors → that photo fails with its reason; permanent errors → the host is
dropped and, when no host is left, the queue is paused with the reason. Outages (a server that
went away), stalls (a server that stopped producing tokens) and the decision to pause are
``hostwatch``'s.

Observers get plain callbacks (``Observer``); the GUI wraps them in Qt signals.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import logging
import os
import time
from typing import Any, cast

from app.captioning import cleanup, languages, models as modelsel, prompts
from app.captioning import finishing
from app.captioning import queue as jobq
from app.captioning import store, video_request
from app.captioning.backend import Backend, GenRequest
from app.captioning.backends import make_backend
from app.captioning.errors import (CaptionError, HostDown, HostStalled, PermanentError, PhotoError, TransientError,
                                   UnreadablePhoto, pause_kind)
from app.captioning.early_images import EarlyImages
from app.captioning.hostwatch import HostWatch
from app.captioning.intake import Intake
from app.captioning.outcomes import JobBook
from app.captioning.run_types import Observer, PhotoResult, RunConfig, RunSummary
from app.captioning.scheduling import Flight, HostState, Prepared, ReadyQueue, Stolen, steal_from
from app.captioning.streaming import Answer, stream_answer
from app.config import HostConfig
from app.core import priority
from app.core.text import valid_text
from app.store.owner import DbOwner

__all__ = ["Observer", "PhotoResult", "Pipeline", "RunConfig", "RunSummary"]

log = logging.getLogger(__name__)


class Pipeline:
    def __init__(
        self,
        owner: DbOwner,
        hosts: list[HostConfig],
        config: RunConfig | None = None,
        observer: Observer | None = None,
        *,
        backends: dict[str, Backend] | None = None,
    ) -> None:
        if not hosts:
            raise ValueError("at least one host is needed")
        self.owner = owner
        self.config = config or RunConfig()
        self.observer = observer or Observer()
        # clients not given are made by ``run`` on a thread while the first photos are prepared (an HTTP
        # client's imports and TLS certificates take a good part of a second before the first request)
        self.hosts = [HostState(h, (backends or {}).get(h.url) or cast(Backend, None)) for h in hosts]
        self.summary = RunSummary()
        self.stats = cleanup.CleanupStats()
        self.recent = cleanup.RecentCaptions()
        self.book = JobBook(owner, self.observer, self.summary)
        self.watch = HostWatch(self.hosts, self.config, self.observer, self._pause)
        self._ready: ReadyQueue | None = None
        self._intakes: list[Intake] = []
        self._own_intakes: list[Intake] = []  # run (and stopped) by this run
        self._early: list[EarlyImages] = []  # model images the intakes made with their thumbnails
        self._more = asyncio.Event()  # an intake queued jobs
        self._stop = asyncio.Event()
        self._pause_reason: str | None = None
        self._pause_kind = "error"
        # one preparer per host (up to the CPU count) so several GPUs are never starved by one CPU thread
        self._n_prep = max(1, self.config.prep_workers, min(len(self.hosts), os.cpu_count() or 1))
        self._cpu = concurrent.futures.ThreadPoolExecutor(max_workers=self._n_prep, thread_name_prefix="caption-prep",
                                                          initializer=priority.background_thread)
        # The names check loads word lists and place indexes on first use (seconds on a busy machine):
        # it runs off the event loop (which also drives the window and the other requests), one at a time;
        # ``_warmup`` starts the loading early, with the first request.
        self._guard = concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="caption-guard",
                                                            initializer=priority.background_thread)
        self._warmup = finishing.Warmup()

    @property
    def run_id(self) -> str | None:
        """This run's lease owner id (jobs.lease_owner)."""
        return self.book.run_id

    # -- public ------------------------------------------------------------------------------

    def attach(self, intake: Intake, *, run: bool = True) -> None:
        """Claim the intake's jobs as they are queued; the run lasts until it is finished. ``run``: this
        run starts it and stops it when the run ends (the CLI); otherwise its owner runs it (the window)."""
        self._intakes.append(intake)
        if run:
            self._own_intakes.append(intake)
        intake.subscribe(self._more.set)
        if intake.on_shared is None:
            intake.on_shared = self._shared
        if intake.early is None or intake.early.closed:
            intake.early = EarlyImages(self.config.max_edge)
        self._early.append(intake.early)

    def _early_image(self, photo: dict[str, Any]) -> bytes | None:
        for e in self._early:
            if (image := e.take(photo["id"], photo.get("fingerprint"))) is not None:
                return image
        return None

    def _shared(self, results: list[PhotoResult]) -> None:
        """An intake gave photos the stored draft of their group's frame (a group found late)."""
        for r in results:
            self.summary.covered += 1
            self.observer.on_result(r)

    def stop(self) -> None:
        """Stop after the current requests are cancelled; unfinished jobs go back to the queue."""
        self.summary.cancelled = True
        self._stop.set()

    async def run(self) -> RunSummary:
        """Caption every due job in the (scoped) queue; returns when the queue is drained or paused."""
        t0 = time.perf_counter()
        self._ready = ReadyQueue(self.config.prefetch)
        self.book.run_id = await self.owner.run(jobq.register_run)
        beat = asyncio.create_task(self._heartbeat(), name="caption-heartbeat")
        try:
            return await self._run(t0)
        finally:
            beat.cancel()
            await asyncio.gather(beat, return_exceptions=True)
            await self.owner.run(jobq.end_run, self.run_id)

    async def _heartbeat(self) -> None:
        """Keep this run's leases alive (another run recovers our jobs only once the beats stop)."""
        while True:
            await asyncio.sleep(jobq.HEARTBEAT_SECONDS)
            try:
                await self.owner.run(jobq.heartbeat, self.run_id)
            except Exception:  # noqa: BLE001 - a busy database delays one beat; the lease is 6 beats long
                log.warning("heartbeat failed", exc_info=True)

    async def _run(self, t0: float) -> RunSummary:
        n, _ = await self.owner.run(jobq.pending_info)
        # the photos of its own intakes, counted once: some may be queued already (started first)
        n += sum(len(i.asked) - len(i.mine) for i in self._own_intakes)
        self.summary.total = n
        self.observer.on_start(n)
        reason = await self.owner.run(jobq.paused_reason)
        if reason:
            self.summary.paused_reason = reason
            self.observer.on_paused(reason)
            await self._close()
            return self.summary
        workers: list[asyncio.Task[Any]] = [asyncio.create_task(self.watch.watch(), name="caption-host-watch")]
        workers += [i.start() for i in self._own_intakes]  # already started by ``run_jobs``: the same task
        # the feeders prepare photos while we check the hosts
        feeders = [asyncio.create_task(self._feed(), name=f"caption-feeder-{i}") for i in range(self._n_prep)]
        try:
            await self._make_clients()
            await self._setup_hosts()
            if self._pause_reason is None:
                for h in self.hosts:
                    for i in range(max(1, h.cfg.concurrency)):
                        workers.append(asyncio.create_task(self._work(h), name=f"caption-{h.url}-{i}"))
            stop_wait = asyncio.create_task(self._stop.wait())
            all_fed = asyncio.gather(*feeders, return_exceptions=True)  # never an unretrieved exception
            await asyncio.wait([all_fed, stop_wait], return_when=asyncio.FIRST_COMPLETED)
            stop_wait.cancel()
            if all_fed.done() and not all_fed.cancelled():
                for outcome in all_fed.result():
                    if isinstance(outcome, Exception):
                        raise outcome
        finally:
            self._stop.set()
            for t in [*feeders, *workers]:
                t.cancel()
            await asyncio.gather(*feeders, *workers, return_exceptions=True)
            await self.book.wait_stores()
            self._ready.items.clear()
            await self.book.return_unfinished()
            if self._pause_reason:
                await self.owner.run(jobq.pause, self._pause_reason, self._pause_kind)
                self.summary.paused_reason = self._pause_reason
                self.observer.on_paused(self._pause_reason)
            await self._close()
            self.summary.wall_seconds = time.perf_counter() - t0
            self.summary.rules = dict(self.stats.rules)
            self.summary.flags = dict(self.stats.flags)
        return self.summary

    # -- setup -------------------------------------------------------------------------------

    async def _make_clients(self) -> None:
        missing = [h for h in self.hosts if h.backend is None]
        if missing:
            made = await asyncio.get_running_loop().run_in_executor(
                None, lambda: [make_backend(h.url, h.cfg.kind, h.cfg.headers) for h in missing])
            for h, backend in zip(missing, made):
                h.backend = backend

    async def _setup_hosts(self) -> None:
        """Check every host at once (a slow or unreachable one must not delay the others)."""

        async def setup(h: HostState) -> None:
            try:
                await self._resolve_model(h, self.config.model)
                self.watch.answered(h)
                self.observer.on_host(h.url, "up", h.models_ok.get(self.config.model, ""))
            except PermanentError as exc:
                self.watch.dead(h, str(exc), pause_kind(exc))
            except CaptionError as exc:  # unreachable now: workers will retry it with back-off
                self.watch.connection_failed(h, exc)

        await asyncio.gather(*(setup(h) for h in self.hosts))
        self.watch.check_left()

    async def _resolve_model(self, h: HostState, requested: str) -> str:
        if requested in h.models_ok:
            return h.models_ok[requested]
        if requested:
            await modelsel.check_vision(h.backend, requested)
            name = requested
        else:
            name = await modelsel.choose_default(h.backend)
        h.models_ok[requested] = name
        return name

    def _pause(self, reason: str, kind: str = "error") -> None:
        if self._pause_reason is None:
            self._pause_reason = reason
            self._pause_kind = kind
        self._stop.set()

    # -- feeder ------------------------------------------------------------------------------

    async def _feed(self) -> None:
        assert self._ready is not None
        loop = asyncio.get_running_loop()
        book = self.book
        while not self._stop.is_set():
            self._more.clear()
            job = await book.claim()
            if job is None:
                for e in self._early:
                    e.starving()
                fed = all(i.finished for i in self._intakes)  # read before counting: none can queue after
                pending, due_in = await self.owner.run(jobq.pending_info)
                if pending == 0 and book.inflight == 0 and fed:
                    return  # drained
                try:  # woken at once when an intake queues a photo
                    await asyncio.wait_for(self._more.wait(), min(0.2, max(0.005, due_in if pending else 0.2)))
                except asyncio.TimeoutError:
                    pass
                continue
            reason, photo = await self.owner.run(store.job_photo, job["photo_id"])  # one round trip
            if reason:  # paused meanwhile (GUI, or `queue pause` from another shell): finish what is in flight
                await book.requeue(job["id"], job.get("last_error") or "")
                while book.inflight > 0 and not self._stop.is_set():
                    await asyncio.sleep(0.05)
                self.summary.paused_reason = reason
                self.observer.on_paused(reason)
                return
            if photo is None:
                await book.photo_gone(job["id"])
                continue
            t = time.perf_counter()
            try:  # the image the intake made from the thumbnail's decode, else one made now
                image = self._early_image(photo) or await loop.run_in_executor(
                    self._cpu, video_request.prepare, photo, self.config.max_edge)
            except PhotoError as exc:  # unreadable content: not queued again until the file changes
                await book.fail(job, photo, str(exc), host=None, model=None,
                                unreadable=isinstance(exc, UnreadablePhoto))
                continue
            except Exception as exc:  # noqa: BLE001 - one bad photo never stops the run
                await book.fail(job, photo, f"cannot prepare the photo: {exc}", host=None, model=None)
                continue
            await self._ready.put(Prepared(job, photo, image, (time.perf_counter() - t) * 1000))

    # -- workers -----------------------------------------------------------------------------

    async def _work(self, h: HostState) -> None:
        assert self._ready is not None
        while not self._stop.is_set():
            if h.dead is not None or h.stalled is not None:
                return
            item = await self._ready.get(h.usable, lambda: steal_from(self.hosts, h))
            await self._process(h, item)

    async def _process(self, h: HostState, item: Prepared) -> None:
        job, photo = item.job, item.photo
        params = job.get("params") or {}
        try:
            style = prompts.get_style(params.get("style") or self.config.style)
        except ValueError:
            style = prompts.get_style("caption")
        language = params.get("language") or self.config.language
        requested = params.get("model") or self.config.model
        try:
            model = await self._resolve_model(h, requested)
        except PermanentError as exc:
            await self._host_dead(h, item, str(exc), pause_kind(exc))
            return
        except CaptionError as exc:
            await self._transient(h, item, exc, connection=isinstance(exc, HostDown))
            return
        prompt = valid_text(prompts.build_prompt(style, photo, language=language,  # file names may not be UTF-8
                                                 overrides=self.config.prompt_templates))
        options = self.config.options(style)
        req = GenRequest(model=model, prompt=prompt, image=item.image if isinstance(item.image, bytes) else None,
                         schema=prompts.schema_for(style), options=options, keep_alive=self.config.keep_alive)
        if isinstance(item.image, video_request.VideoImages):  # several frames, or one contact sheet
            several = video_request.takes_several(h.backend.kind, model) and model not in h.one_image
            req.image, req.images = item.image.parts(several)
            req.prompt = valid_text(video_request.video_prompt(prompt, item.image, several, self.config.prompt_templates))
        self.observer.on_photo_started(photo["id"], photo["path"], h.url)

        def clean(a: Answer) -> cleanup.Cleaned:
            return cleanup.clean_output(
                a.content, a.thinking, structured=True, done=a.final is not None,
                done_reason=a.final.done_reason if a.final else None, looped=a.looped, max_chars=style.max_chars,
                want_caption=style.want_caption, want_alt_text=style.want_alt_text,
            )

        def retried(message: str) -> None:
            self.summary.retries += 1
            self.observer.on_retry(photo["id"], photo["path"], message)

        try:
            try:
                answer = await self._generate(h, req, item)
            except CaptionError as exc:
                if not (req.images and video_request.is_one_image_refusal(exc)):
                    raise
                h.one_image.add(model)  # this model takes one image: the video's contact sheet, from now on
                assert isinstance(item.image, video_request.VideoImages)
                req.image, req.images = item.image.parts(False)
                req.prompt = valid_text(video_request.video_prompt(prompt, item.image, False,
                                                                   self.config.prompt_templates))
                answer = await self._generate(h, req, item)
            cleaned = clean(answer)
            if answer.looped or answer.final is None or "bad_json" in cleaned.flags:
                # retry once, more strongly against repetition
                why = ("repetitive" if answer.looped else "cut-off" if answer.final is None
                       else "unreadable (not valid JSON)")
                self.summary.retries += 1
                self.observer.on_retry(photo["id"], photo["path"], f"{why} answer, retrying once")
                req.options = dict(options, repeat_penalty=max(1.3, options["repeat_penalty"] + 0.3))
                answer = await self._generate(h, req, item)
                cleaned = clean(answer)
            # the language asked for, checked (one firmer retry), then the second language (text only)
            settled = await languages.settle(lambda r: self._generate(h, r, item), req, clean, answer, cleaned,
                                             language, retried)
            answer, cleaned = settled.answer, settled.cleaned
            second = params.get("second_language") or self.config.second_language
            translation = None
            if second and cleaned.caption and style.want_caption:
                translation = await languages.translate(
                    lambda r: self._generate(h, r, item, live=False), model=model, options=options,
                    keep_alive=self.config.keep_alive, cleaned=cleaned, source=language, second=second,
                    on_retry=retried)
        except Stolen:  # an idle host took it over before this server started on it
            return
        except PermanentError as exc:
            await self._host_dead(h, item, str(exc), pause_kind(exc))
            return
        except PhotoError as exc:
            self.watch.answered(h)
            await self.book.fail(job, photo, str(exc), host=h.url, model=model)
            return
        except HostStalled as exc:  # not the photo's fault: back to the queue for another host or later
            self.observer.on_retry(photo["id"], photo["path"], str(exc))
            await self.book.requeue(job["id"], str(exc))
            return
        except (TransientError, CaptionError) as exc:
            await self._transient(h, item, exc, connection=isinstance(exc, HostDown))
            return
        h.failures = 0
        h.errors = 0
        if "bad_json" in cleaned.flags and not (cleaned.caption if style.want_caption else cleaned.keywords):
            # twice nothing usable (not JSON, or a caption that is not text): fail with that reason
            self.stats.add(cleaned)
            await self.book.fail(job, photo, "bad_json: the model answered twice without a usable caption (not "
                                 "valid JSON, or a caption that is not text); try again or pick another model "
                                 "(--model)", host=h.url, model=model)
            return
        picture = ("group", photo["group_id"]) if photo.get("group_id") is not None else ("photo", photo["id"])
        if cleaned.caption and self.recent.check(cleaned.caption, picture):
            cleaned.flags.append("duplicate_of_recent")
        final = answer.final
        metrics = dict(final.metrics) if final else {}
        metrics.update({"ttft_ms": round(answer.ttft * 1000, 1) if answer.ttft is not None else None,
                        "prep_ms": round(item.prep_ms, 1), "attempts": job.get("attempts")})
        self.summary.tokens += int(metrics.get("eval_count") or 0)
        self.summary.busy_seconds += (metrics.get("total_duration") or 0) / 1e9
        self.summary.hosts[h.url] = self.summary.hosts.get(h.url, 0) + 1
        # the names check and the store go on in the background: this worker sends its next photo now
        self.book.spawn(self._finish(finishing.Done(job, photo, cleaned, answer, model, h.url, style, language,
                                                    prompt, req.options, settled.check.to_dict(), translation,
                                                    metrics)))

    async def _finish(self, d: finishing.Done) -> None:
        """Vocabulary and names check (one at a time, off the event loop), then the draft is stored."""
        try:
            await asyncio.get_running_loop().run_in_executor(
                self._guard, finishing.checked, self._warmup, d.cleaned, d.photo, self.config.vocabulary_outside)
        except Exception as exc:  # noqa: BLE001 - never a draft whose names were not checked
            log.exception("checking a caption failed")
            await self.book.fail(d.job, d.photo, f"could not check the caption: {exc}", host=d.host, model=d.model)
            return
        result, record = finishing.outcome(d)
        self.stats.add(d.cleaned)
        await self.book.store(result, record)

    async def _generate(self, h: HostState, req: GenRequest, item: Prepared, *, live: bool = True) -> Answer:
        """``live``: the tokens are shown as they come (not a second language's: the caption stays shown)."""
        photo_id = item.photo["id"]
        self._warmup.start(self.config.language)  # the checks' data loads while the GPU works on this one
        flight = Flight(item, time.monotonic())

        def progress() -> None:
            flight.progressed = True
            self.watch.progress(h)

        async with self.watch.request(h):  # the stall watchdog may cut it (HostStalled)
            try:
                async with asyncio.timeout(None) as steal:  # an idle host may take it over while it waits
                    flight.cut = lambda: steal.reschedule(asyncio.get_running_loop().time())
                    h.flights[flight] = flight
                    try:
                        return await stream_answer(h.backend, req, first_token=self.config.first_token_timeout,
                                                   stall=self.config.stall_timeout,
                                                   on_token=(lambda text: self.observer.on_token(photo_id, text)) if live
                                                   else (lambda _text: None),
                                                   on_progress=progress)
                    finally:
                        h.flights.pop(flight, None)
            except TimeoutError:
                if flight.stolen:
                    raise Stolen() from None
                raise

    # -- host trouble ------------------------------------------------------------------------

    async def _transient(self, h: HostState, item: Prepared, exc: CaptionError, *, connection: bool) -> None:
        job = item.job
        if connection:
            self.watch.connection_failed(h, exc)
        else:
            self.watch.errored(h, exc)
        delay = 0.0 if connection else self.config.backoff(int(job.get("attempts") or 1))
        await self.book.retry(job, item.photo, str(exc), delay, count_attempt=not connection, host=h.url)

    async def _host_dead(self, h: HostState, item: Prepared, reason: str, kind: str = "error") -> None:
        await self.book.requeue(item.job["id"], reason)
        self.watch.dead(h, reason, kind)

    async def _close(self) -> None:
        for h in self.hosts:
            if h.backend is None:  # stopped before it was made
                continue
            try:
                await h.backend.close()
            except Exception:  # noqa: BLE001
                pass
        for e in self._early:
            e.close()
        self._cpu.shutdown(wait=False, cancel_futures=True)
        self._guard.shutdown(wait=False, cancel_futures=True)
