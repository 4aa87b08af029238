"""The captioning pipeline: keep every GPU busy, lose nothing, caption each queued photo once.

Shape:
- one *feeder* claims due jobs from the persistent queue and prepares their images in a CPU
  executor, keeping ``prefetch`` photos ready ahead of the hosts;
- each host runs ``concurrency`` workers (default 2: one request generating, one waiting in
  Ollama's queue, so the GPU never idles between photos); workers take whichever photo is ready,
  so work spreads by availability and a host that goes down simply stops taking photos;
- results are cleaned, then stored (caption version + job done, one transaction) by the DB owner
  in the background, off the request path.

Errors (``errors``): transient → the job goes back to the queue with a back-off (connection
failures do not count as the photo's attempts; a host that cannot be reached is skipped for a
growing while); photo errors → that photo fails with its reason; permanent errors → the host is
dropped and, when no host is left, the queue is paused with the reason.

Observers get plain callbacks (``Observer``); the GUI wraps them in Qt signals.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import logging
import os
import time
from collections import deque
from dataclasses import dataclass, field
from typing import Any, Callable

from app.captioning import cleanup, models as modelsel, prompts
from app.captioning import context as grounded_ctx
from app.captioning import video_request
from app.captioning import queue as jobq
from app.captioning.backend import Backend, GenRequest, with_deadlines
from app.captioning.backends import make_backend
from app.captioning.errors import (CaptionError, HostDown, PermanentError, PhotoError, TransientError, final_message,
                                   pause_kind)
from app.captioning.install import unreachable_advice
from app.captioning.prep import prepare_image
from app.captioning.store import store_failure, store_result
from app.config import HostConfig
from app.core.fspath import from_row as fs_path
from app.library import grounding
from app.core.text import valid_text
from app.store import photos as photostore
from app.store.owner import DbOwner

log = logging.getLogger(__name__)


@dataclass
class RunConfig:
    """Everything constant through a run (changing load-time options would reload the model)."""

    model: str = ""  # empty: each host's default vision model
    style: str = "caption"
    language: str = "English"
    max_edge: int = 1120
    temperature: float = 0.2
    num_predict: int = 300
    repeat_penalty: float = 1.1
    seed: int = 42
    num_ctx: int = 4096
    keep_alive: str | float = "30m"
    first_token_timeout: float = 300.0
    stall_timeout: float = 60.0
    prompt_templates: dict[str, str] = field(default_factory=dict)
    prefetch: int = 2
    backoff_base: float = 1.0
    backoff_max: float = 60.0
    host_down_limit: int = 3  # consecutive connection failures on every host → pause
    prep_workers: int = 1
    vocabulary_outside: str = "keep"  # keep | flag | drop keywords outside a folder's vocabulary

    @classmethod
    def from_settings(cls, settings: Any, **overrides: Any) -> "RunConfig":
        cfg = cls(
            model=settings.model, style=settings.style, language=settings.language, max_edge=settings.max_edge,
            temperature=settings.temperature, num_predict=settings.num_predict,
            repeat_penalty=settings.repeat_penalty, seed=settings.seed, keep_alive=settings.keep_alive,
            first_token_timeout=settings.first_token_timeout, stall_timeout=settings.stall_timeout,
            prompt_templates=dict(settings.prompt_templates or {}),
            vocabulary_outside=getattr(settings, "vocabulary_outside", "keep"),
        )
        for k, v in overrides.items():
            if v is not None:
                setattr(cfg, k, v)
        return cfg

    def options(self, style: prompts.Style) -> dict[str, Any]:
        return {
            "temperature": self.temperature,
            "num_predict": min(self.num_predict, style.num_predict) if style.num_predict else self.num_predict,
            "repeat_penalty": self.repeat_penalty,
            "seed": self.seed,
            "num_ctx": self.num_ctx,
        }


@dataclass
class PhotoResult:
    """What happened to one photo (the CLI's ``--json`` object is built from it)."""

    job_id: int
    photo_id: int
    path: str
    state: str  # draft | failed | kept (a protected caption stayed current) | cancelled
    caption: str = ""
    keywords: list[str] = field(default_factory=list)
    model: str | None = None
    host: str | None = None
    flags: list[str] = field(default_factory=list)
    error: str | None = None
    caption_id: int | None = None
    metrics: dict[str, Any] = field(default_factory=dict)
    place: dict[str, Any] | None = None  # {"city","region","country","source"}
    people: list[str] = field(default_factory=list)


class Observer:
    """Subclass and override what you need; every method is called on the event loop thread."""

    def on_start(self, total: int) -> None: ...

    def on_photo_started(self, photo_id: int, path: str, host: str) -> None: ...

    def on_token(self, photo_id: int, text: str) -> None: ...

    def on_result(self, result: PhotoResult) -> None: ...

    def on_retry(self, photo_id: int, path: str, message: str) -> None: ...

    def on_host(self, host: str, state: str, message: str) -> None: ...

    def on_paused(self, reason: str) -> None: ...


@dataclass
class RunSummary:
    total: int = 0
    done: int = 0
    failed: int = 0
    retries: int = 0
    paused_reason: str | None = None
    cancelled: bool = False
    tokens: int = 0
    wall_seconds: float = 0.0
    busy_seconds: float = 0.0  # Σ server total_duration
    rules: dict[str, int] = field(default_factory=dict)
    flags: dict[str, int] = field(default_factory=dict)
    hosts: dict[str, int] = field(default_factory=dict)
    generations: int = 0  # captions the model wrote (stored)
    covered: int = 0  # photos those captions went to (a group's draft goes to all its members)


@dataclass
class _Item:
    job: dict[str, Any]
    photo: dict[str, Any]
    image: bytes | video_request.VideoImages  # a video: its keyframes and contact sheet
    prep_ms: float


class _Ready:
    """Prepared photos waiting for a host. A worker only takes one while its host is usable, so a
    host that is down or set aside never grabs work the healthy hosts could do."""

    def __init__(self, maxsize: int) -> None:
        self.items: deque[_Item] = deque()
        self.maxsize = max(1, maxsize)
        self.cond = asyncio.Condition()

    async def put(self, item: _Item) -> None:
        async with self.cond:
            await self.cond.wait_for(lambda: len(self.items) < self.maxsize)
            self.items.append(item)
            self.cond.notify_all()

    async def get(self, usable: Callable[[], bool]) -> _Item:
        async with self.cond:
            while True:
                if self.items and usable():
                    item = self.items.popleft()
                    self.cond.notify_all()
                    return item
                try:
                    await asyncio.wait_for(self.cond.wait(), 0.1)
                except asyncio.TimeoutError:
                    pass


class _Host:
    def __init__(self, cfg: HostConfig, backend: Backend) -> None:
        self.cfg = cfg
        self.backend = backend
        self.url = cfg.url
        self.models_ok: dict[str, str] = {}  # requested model -> resolved name
        self.dead: str | None = None  # permanent reason
        self.dead_kind = "error"  # the pause kind it causes: model (re-checked) | error
        self.down_until = 0.0
        self.failures = 0  # consecutive connection failures
        self.errors = 0  # consecutive transient errors of any kind (a runner that keeps crashing)
        self.one_image: set[str] = set()  # models that refused several images: videos get a contact sheet


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
        self.hosts = [_Host(h, (backends or {}).get(h.url) or make_backend(h.url, h.kind, h.headers)) for h in hosts]
        self.summary = RunSummary()
        self.stats = cleanup.CleanupStats()
        self.recent = cleanup.RecentCaptions()
        self._ready: _Ready | None = None
        self._inflight = 0
        self._claimed: set[int] = set()
        self._stop = asyncio.Event()
        self._pause_reason: str | None = None
        self._pause_kind = "error"
        self.run_id: str | None = None  # this run's lease owner id (jobs.lease_owner)
        self._store_tasks: set[asyncio.Task[Any]] = set()
        # one preparer per host (up to the CPU count) so several GPUs are never starved by one CPU thread
        self._n_prep = max(1, self.config.prep_workers, min(len(self.hosts), os.cpu_count() or 1))
        self._cpu = concurrent.futures.ThreadPoolExecutor(max_workers=self._n_prep, thread_name_prefix="caption-prep")

    # -- public ------------------------------------------------------------------------------

    def stop(self) -> None:
        """Stop after the current requests are cancelled; unfinished jobs go back to the queue."""
        self.summary.cancelled = True
        self._stop.set()

    async def run(self) -> RunSummary:
        """Caption every due job in the (scoped) queue; returns when the queue is drained or paused."""
        t0 = time.perf_counter()
        self._ready = _Ready(self.config.prefetch)
        self.run_id = await self.owner.run(jobq.register_run)
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
        self.summary.total = n
        self.observer.on_start(n)
        reason = await self.owner.run(jobq.paused_reason)
        if reason:
            self.summary.paused_reason = reason
            self.observer.on_paused(reason)
            await self._close()
            return self.summary
        workers: list[asyncio.Task[Any]] = []
        # the feeders prepare photos while we check the hosts
        feeders = [asyncio.create_task(self._feed(), name=f"caption-feeder-{i}") for i in range(self._n_prep)]
        try:
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
            if self._store_tasks:
                await asyncio.gather(*self._store_tasks, return_exceptions=True)
            await self._requeue_unfinished()
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

    async def _setup_hosts(self) -> None:
        """Check every host at once (a slow or unreachable one must not delay the others)."""

        async def setup(h: _Host) -> None:
            try:
                await self._resolve_model(h, self.config.model)
                self.observer.on_host(h.url, "up", h.models_ok.get(self.config.model, ""))
            except PermanentError as exc:
                h.dead, h.dead_kind = str(exc), pause_kind(exc)
                self.observer.on_host(h.url, "dead", str(exc))
            except CaptionError as exc:  # unreachable now: workers will retry it with back-off
                h.failures = 1
                h.down_until = time.monotonic() + self.config.backoff_base
                self.observer.on_host(h.url, "down", str(exc))

        await asyncio.gather(*(setup(h) for h in self.hosts))
        self._check_hosts_left()

    async def _resolve_model(self, h: _Host, requested: str) -> str:
        if requested in h.models_ok:
            return h.models_ok[requested]
        if requested:
            await modelsel.check_vision(h.backend, requested)
            name = requested
        else:
            name = await modelsel.choose_default(h.backend)
        h.models_ok[requested] = name
        return name

    def _check_hosts_left(self) -> None:
        alive = [h for h in self.hosts if h.dead is None]
        if not alive:
            reasons = sorted({h.dead for h in self.hosts if h.dead})
            kind = "model" if all(h.dead_kind == "model" for h in self.hosts) else "error"
            self._pause(reasons[0] if len(reasons) == 1 else "; ".join(reasons), kind)
            return
        if all(h.failures >= self.config.host_down_limit for h in alive):
            self._pause(f"cannot reach any captioning server ({', '.join(h.url for h in alive)}): "
                        f"{unreachable_advice(alive[0].url)}", "server")

    def _pause(self, reason: str, kind: str = "error") -> None:
        if self._pause_reason is None:
            self._pause_reason = reason
            self._pause_kind = kind
        self._stop.set()

    # -- feeder ------------------------------------------------------------------------------

    async def _feed(self) -> None:
        assert self._ready is not None
        loop = asyncio.get_running_loop()
        while not self._stop.is_set():
            job = await self._claim()
            if job is None:
                pending, due_in = await self.owner.run(jobq.pending_info)
                if pending == 0 and self._inflight == 0:
                    return  # drained
                await asyncio.sleep(min(0.2, max(0.005, due_in if due_in is not None else 0.05)))
                continue
            reason = await self.owner.run(jobq.paused_reason)
            if reason:  # paused meanwhile (GUI, or `queue pause` from another shell): finish what is in flight
                await self.owner.run(jobq.retry_later, job["id"], job.get("last_error") or "", 0.0,
                                     count_attempt=False, owner=self.run_id)
                self._claimed.discard(job["id"])
                self._inflight -= 1
                while self._inflight > 0 and not self._stop.is_set():
                    await asyncio.sleep(0.05)
                self.summary.paused_reason = reason
                self.observer.on_paused(reason)
                return
            photo = await self.owner.run(photostore.get, job["photo_id"])
            if photo is None:
                await self._finish_job(job["id"])
                continue
            photo["grounding"] = await self.owner.run(grounding.load, photo)  # where, who, when
            t = time.perf_counter()
            try:
                if video_request.is_video_row(photo):  # K keyframes: frames and a contact sheet
                    image = await loop.run_in_executor(self._cpu, lambda p=photo: video_request.prepare_video(
                        fs_path(p), self.config.max_edge, duration=p.get("duration"), orientation=p.get("orientation")))
                else:
                    image = await loop.run_in_executor(self._cpu, prepare_image, fs_path(photo), self.config.max_edge)
            except PhotoError as exc:
                await self._fail(job, photo, str(exc), host=None, model=None)
                continue
            except Exception as exc:  # noqa: BLE001 - one bad photo never stops the run
                await self._fail(job, photo, f"cannot prepare the photo: {exc}", host=None, model=None)
                continue
            await self._ready.put(_Item(job, photo, image, (time.perf_counter() - t) * 1000))

    async def _claim(self) -> dict[str, Any] | None:
        """Claim a job; a claim that completes while we are being cancelled is still recorded (and
        so requeued at the end), never left *running* behind our back."""
        cf = self.owner.submit(jobq.claim, None, self.run_id)
        try:
            job = await asyncio.wrap_future(cf)
        except asyncio.CancelledError:
            if not cf.cancelled():
                try:
                    self._track(cf.result())
                except Exception:  # noqa: BLE001
                    pass
            raise
        self._track(job)
        return job

    def _track(self, job: dict[str, Any] | None) -> None:
        if job is not None and job["id"] not in self._claimed:
            self._inflight += 1
            self._claimed.add(job["id"])

    # -- workers -----------------------------------------------------------------------------

    async def _work(self, h: _Host) -> None:
        assert self._ready is not None
        while not self._stop.is_set():
            if h.dead is not None:
                return
            item = await self._ready.get(lambda: h.dead is None and time.monotonic() >= h.down_until)
            await self._process(h, item)

    async def _process(self, h: _Host, item: _Item) -> None:
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
            prompt = req.prompt = valid_text(video_request.video_prompt(prompt, item.image, several,
                                                                        self.config.prompt_templates))
        self.observer.on_photo_started(photo["id"], photo["path"], h.url)

        def clean(content: str, thinking: str, final: Any, looped: bool) -> cleanup.Cleaned:
            return cleanup.clean_output(
                content, thinking, structured=True, done=final is not None,
                done_reason=final.done_reason if final else None, looped=looped, max_chars=style.max_chars,
                want_caption=style.want_caption,
            )

        try:
            try:
                content, thinking, final, looped, ttft = await self._generate(h, req, photo["id"])
            except CaptionError as exc:
                if not (req.images and video_request.is_one_image_refusal(exc)):
                    raise
                h.one_image.add(model)  # this model takes one image: the video's contact sheet, from now on
                assert isinstance(item.image, video_request.VideoImages)
                req.image, req.images = item.image.parts(False)
                prompt = req.prompt = valid_text(video_request.video_prompt(
                    prompts.build_prompt(style, photo, language=language, overrides=self.config.prompt_templates),
                    item.image, False, self.config.prompt_templates))
                content, thinking, final, looped, ttft = await self._generate(h, req, photo["id"])
            cleaned = clean(content, thinking, final, looped)
            if looped or final is None or "bad_json" in cleaned.flags:  # retry once, more strongly against repetition
                why = ("repetitive" if looped else "cut-off" if final is None else "unreadable (not valid JSON)")
                self.summary.retries += 1
                self.observer.on_retry(photo["id"], photo["path"], f"{why} answer, retrying once")
                req.options = dict(options, repeat_penalty=max(1.3, options["repeat_penalty"] + 0.3))
                content, thinking, final, looped, ttft = await self._generate(h, req, photo["id"])
                cleaned = clean(content, thinking, final, looped)
        except PermanentError as exc:
            await self._host_dead(h, item, str(exc), pause_kind(exc))
            return
        except PhotoError as exc:
            h.failures = 0
            await self._fail(job, photo, str(exc), host=h.url, model=model)
            return
        except (TransientError, CaptionError) as exc:
            await self._transient(h, item, exc, connection=isinstance(exc, HostDown))
            return
        h.failures = 0
        h.errors = 0
        if "bad_json" in cleaned.flags and not (cleaned.caption if style.want_caption else cleaned.keywords):
            # twice nothing usable (not JSON, or a caption that is not text): fail with that reason
            self.stats.add(cleaned)
            await self._fail(job, photo, "bad_json: the model answered twice without a usable caption (not valid "
                             "JSON, or a caption that is not text); try again or pick another model (--model)",
                             host=h.url, model=model)
            return
        if cleaned.caption and self.recent.check(cleaned.caption):
            cleaned.flags.append("duplicate_of_recent")
        grounded_ctx.ground_result(cleaned, photo, self.config.vocabulary_outside)  # vocabulary + names guard
        self.stats.add(cleaned)
        metrics = dict(final.metrics) if final else {}
        metrics.update({"ttft_ms": round(ttft * 1000, 1) if ttft is not None else None,
                        "prep_ms": round(item.prep_ms, 1), "attempts": job.get("attempts")})
        self.summary.tokens += int(metrics.get("eval_count") or 0)
        self.summary.busy_seconds += (metrics.get("total_duration") or 0) / 1e9
        self.summary.hosts[h.url] = self.summary.hosts.get(h.url, 0) + 1
        result = PhotoResult(job["id"], photo["id"], photo["path"], "draft", cleaned.caption, cleaned.keywords,
                             model, h.url, list(cleaned.flags), None, None, metrics)
        if photo.get("grounding") is not None:
            result.place, result.people = photo["grounding"].place_public(), photo["grounding"].names()
        raw = content if content.strip() else thinking
        record = dict(text=cleaned.caption, keywords=cleaned.keywords, model=model, host=h.url, style=style.name,
                      language=language, prompt=prompt, options=req.options, metrics=metrics,
                      done_reason=final.done_reason if final else None, flags=cleaned.flags, raw_text=raw)
        self._spawn_store(result, record)

    async def _generate(self, h: _Host, req: GenRequest, photo_id: int):
        """Stream one answer: (content, thinking, final delta or None, looped, ttft seconds)."""
        content: list[str] = []
        thinking: list[str] = []
        final = None
        looped = False
        ttft = None
        t0 = time.perf_counter()
        n = 0
        stream = with_deadlines(h.backend.stream(req), first_token=self.config.first_token_timeout,
                                stall=self.config.stall_timeout)
        try:
            async for d in stream:
                if ttft is None and (d.content or d.thinking or d.done):
                    ttft = time.perf_counter() - t0
                if d.content:
                    content.append(d.content)
                    self.observer.on_token(photo_id, valid_text(d.content))  # display: no lone surrogates
                if d.thinking:
                    thinking.append(d.thinking)
                if d.done:
                    final = d
                    break
                n += 1
                if n % 4 == 0 and cleanup.detect_loop("".join(content[-300:]) or "".join(thinking[-300:])):
                    looped = True
                    break
        finally:
            await stream.aclose()  # closes the HTTP stream: the server stops generating
        return "".join(content), "".join(thinking), final, looped, ttft

    # -- outcomes ----------------------------------------------------------------------------

    def _spawn_store(self, result: PhotoResult, record: dict[str, Any]) -> None:
        task = asyncio.create_task(self._store(result, record))
        self._store_tasks.add(task)
        task.add_done_callback(self._store_tasks.discard)

    async def _store(self, result: PhotoResult, record: dict[str, Any]) -> None:
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
        self._claimed.discard(result.job_id)
        self._inflight -= 1
        self.observer.on_result(result)
        for f in (outcome or {}).get("followers") or []:  # the rest of the group got the same draft
            self.summary.covered += 1
            self.observer.on_result(PhotoResult(
                result.job_id, f["photo_id"], f["path"], f["state"], result.caption, list(result.keywords),
                result.model, result.host, list(result.flags), None, f["caption_id"],
                {"shared_from": result.photo_id}))

    async def _fail(self, job: dict[str, Any], photo: dict[str, Any], error: str, *, host: str | None,
                    model: str | None) -> None:
        await self.owner.run(store_failure, job["id"], photo["id"], error, model=model, host=host, owner=self.run_id)
        self.summary.failed += 1
        self._claimed.discard(job["id"])
        self._inflight -= 1
        self.observer.on_result(PhotoResult(job["id"], photo["id"], photo["path"], "failed", model=model, host=host,
                                            error=error))

    async def _finish_job(self, job_id: int) -> None:
        await self.owner.run(jobq.mark_failed, job_id, "the photo is no longer in the library")
        self._claimed.discard(job_id)
        self._inflight -= 1

    def _backoff(self, n: int) -> float:
        return min(self.config.backoff_max, self.config.backoff_base * (2 ** max(0, n - 1)))

    async def _transient(self, h: _Host, item: _Item, exc: CaptionError, *, connection: bool) -> None:
        job, photo = item.job, item.photo
        h.errors += 1
        if connection:
            h.failures += 1
            h.down_until = time.monotonic() + self._backoff(h.failures)
            self.observer.on_host(h.url, "down", str(exc))
            self._check_hosts_left()
        elif h.errors >= 3 and len(self.hosts) > 1:  # let the other hosts take the work for a while
            h.down_until = time.monotonic() + self._backoff(h.errors - 2)
            self.observer.on_host(h.url, "down", str(exc))
        delay = 0.0 if connection else self._backoff(int(job.get("attempts") or 1))
        state = await self.owner.run(jobq.retry_later, job["id"], str(exc), delay, count_attempt=not connection,
                                     owner=self.run_id)
        self.summary.retries += 1
        self._claimed.discard(job["id"])
        self._inflight -= 1
        if state == "failed":  # the last try: say what happened and what to do, no "will retry"
            final = final_message(str(exc), int(job.get("attempts") or jobq.MAX_ATTEMPTS))
            await self.owner.run(store_failure, job["id"], photo["id"], final, host=h.url, already_failed=True)
            self.summary.failed += 1
            self.observer.on_result(PhotoResult(job["id"], photo["id"], photo["path"], "failed", host=h.url,
                                                error=final))
        elif state == "queued":
            self.observer.on_retry(photo["id"], photo["path"], str(exc))

    async def _host_dead(self, h: _Host, item: _Item, reason: str, kind: str = "error") -> None:
        h.dead, h.dead_kind = reason, kind
        self.observer.on_host(h.url, "dead", reason)
        await self.owner.run(jobq.retry_later, item.job["id"], reason, 0.0, count_attempt=False, owner=self.run_id)
        self._claimed.discard(item.job["id"])
        self._inflight -= 1
        self._check_hosts_left()

    async def _requeue_unfinished(self) -> None:
        """Jobs claimed by this run but not finished (stop, pause, cancel) go back to the queue."""
        assert self._ready is not None
        self._ready.items.clear()
        for job_id in list(self._claimed):
            await self.owner.run(jobq.retry_later, job_id, "interrupted", 0.0, count_attempt=False, owner=self.run_id)
        self._claimed.clear()

    async def _close(self) -> None:
        for h in self.hosts:
            try:
                await h.backend.close()
            except Exception:  # noqa: BLE001
                pass
        self._cpu.shutdown(wait=False, cancel_futures=True)
