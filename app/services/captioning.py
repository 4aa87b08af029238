"""Captioning workflows shared by the CLI and the GUI: choose photos, queue them, run, ask, models.

The front ends call these; nothing here knows about terminals or Qt. Database work goes through
the ``DbOwner`` the caller passes (or opens), so the GUI and the CLI follow the same single-writer
rule.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import os
from dataclasses import dataclass, field
from typing import Any, AsyncIterator, Callable, Iterable

from sqlite_utils import Database

from app.captioning import cleanup, due, models as modelsel, prompts
from app.captioning import queue as jobq
from app.captioning.backend import Backend, GenRequest, ModelInfo, PullProgress, with_deadlines
from app.captioning.backends import make_backend
from app.captioning.due import needs_caption
from app.captioning.errors import CaptionError, PermanentError
from app.captioning.intake import Intake
from app.captioning.pipeline import Observer, Pipeline, RunConfig, RunSummary
from app.captioning.prep import prepare_image
from app.config import HostConfig
from app.library.groups import Rules
from app.core import fspath
from app.store.owner import DbOwner

@dataclass
class Selection:
    """Photos to caption, and the ones skipped with their reason (broken files, unknown paths)."""

    photo_ids: list[int] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (path, reason)
    not_in_library: list[str] = field(default_factory=list)  # named paths the library does not know
    if_missing: list[int] = field(default_factory=list)  # picked only for having no caption (re-checked on queueing)


def select_photos(db: Database, paths: Iterable[str] = (), *, all_missing: bool = False,
                  limit: int | None = None) -> Selection:
    """Resolve PATH arguments (files or folders in the library) and/or all uncaptioned photos.

    A photo named explicitly is always taken; one picked for having no caption is re-checked when it
    is queued (``Selection.if_missing``), and one whose file could not be decoded at its last try is
    skipped with that reason until the file changes."""
    sel = Selection()
    seen: set[int] = set()
    cols, src = due.PHOTO_COLUMNS, due.PHOTO_FROM

    def take(row: dict[str, Any], explicit: bool) -> None:
        if row.get("live_photo_id") is not None:  # a Live Photo's clip: its photo is captioned for both
            face = list(db.query("SELECT * FROM photos WHERE id = ?", [row["live_photo_id"]]))
            if not face:
                return
            row = face[0]
        if row["id"] in seen:
            return
        seen.add(row["id"])
        if row.get("state") != "ok":
            reason = row.get("error") or ("file is missing" if row.get("state") == "missing" else "cannot be read")
            sel.skipped.append((row["path"], reason))
            return
        if explicit:
            sel.photo_ids.append(row["id"])
        elif needs_caption(row):
            sel.photo_ids.append(row["id"])
            sel.if_missing.append(row["id"])
        elif due.unreadable_unchanged(row):
            sel.skipped.append((row["path"], due.left_alone_reason(row)))

    paths = list(paths)
    for p in paths:
        ap = os.path.abspath(p)
        rows = list(db.query(f"SELECT {cols} FROM {src} WHERE photos.path = ?", [fspath.to_text(ap)]))
        if not rows and os.path.isdir(ap):
            folder = fspath.to_text(ap).rstrip(os.sep)
            esc = folder.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            rows = list(db.query(
                f"SELECT {cols} FROM {src} WHERE photos.folder = ? OR photos.folder LIKE ? ESCAPE '\\' "
                "ORDER BY photos.path",
                [folder, esc + os.sep + "%"],
            ))
            for r in rows:
                take(r, explicit=not all_missing)
            if not rows:
                sel.skipped.append((fspath.to_text(ap), "no indexed photos in this folder (run albumwise index first)"))
                sel.not_in_library.append(fspath.to_text(ap))
            continue
        if not rows:
            reason = "not in the library (run albumwise index first)" if os.path.exists(ap) else "no such file"
            sel.skipped.append((fspath.to_text(ap), reason))
            sel.not_in_library.append(fspath.to_text(ap))
            continue
        take(rows[0], explicit=True)
    if all_missing and not paths:
        for row in db.query(
            f"SELECT {due.PICK_COLUMNS} FROM {src} WHERE photos.caption_state IN ('none', 'failed') "
            "OR photos.caption_source = 'file' ORDER BY photos.path"
        ):
            take(row, explicit=False)
    if limit is not None and limit >= 0:
        sel.photo_ids = sel.photo_ids[:limit]
    return sel


def intake(owner: DbOwner, photo_ids: Iterable[int], params: dict[str, Any], *, priority: int = 0,
           every_frame: bool = False, settings: Any = None, thumb_dir: Any = None,
           if_still_missing: Iterable[int] = (), scoped: bool = True) -> Intake:
    """The photos on their way into the queue, one job per group of near-repeats, queued photo by photo
    as each one's group becomes known (``app.captioning.intake``): give it to ``run_jobs(intakes=...)``.

    With ``thumb_dir`` groups are brought up to date alongside (thumbnails made as needed: tens of
    milliseconds per photo, against seconds of GPU time saved per repeat). ``if_still_missing``: the
    photos picked for having no caption (``Selection.if_missing``), queued only if that still holds.
    ``scoped``: the run captions only these (the CLI); the window's run takes the whole queue."""
    rules = Rules.from_settings(settings) if settings is not None else Rules()
    return Intake(owner, photo_ids, params, priority=priority, every_frame=every_frame, rules=rules,
                  thumb_dir=thumb_dir, if_still_missing=if_still_missing, scoped=scoped)


def enqueue_grouped(owner: DbOwner, photo_ids: list[int], params: dict[str, Any], *, priority: int = 0,
                    every_frame: bool = False, settings: Any = None, thumb_dir: Any = None,
                    progress: Any = None, if_still_missing: Iterable[int] = ()) -> tuple[list[int], int]:
    """Queue photos at once, one job per group of near-repeats, after grouping them all. Returns (job
    ids, photos covered). Captioning uses ``intake`` instead (the GPU starts at once); this is for
    queueing without a run, and the benchmark's baseline.

    With ``thumb_dir`` the photos' groups are brought up to date first (thumbnails made as needed).
    ``if_still_missing``: the photos picked for having no caption (``Selection.if_missing``), queued
    only if that still holds. Call from a worker thread or the CLI, never the event loop (it waits on
    the owner)."""
    from app.captioning import grouping  # noqa: PLC0415
    from app.services import grouping as grouping_service  # noqa: PLC0415

    if not every_frame and thumb_dir is not None and photo_ids:
        rules = Rules.from_settings(settings) if settings is not None else Rules()
        grouping_service.refresh(owner.call, thumb_dir, rules, photo_ids=photo_ids,
                                 **({"progress": progress} if progress is not None else {}))
    return owner.call(grouping.enqueue_grouped, photo_ids, params, priority=priority, every_frame=every_frame,
                      if_still_missing=list(if_still_missing))


def job_params(model: str = "", style: str = "", language: str = "", second_language: str = "") -> dict[str, Any]:
    return {k: v for k, v in {"model": model, "style": style, "language": language,
                              "second_language": second_language}.items() if v}


async def run_jobs(owner: DbOwner, hosts: list[HostConfig], config: RunConfig, *, job_ids: list[int] | None,
                   observer: Observer | None = None, recover: bool = True,
                   on_pipeline: Callable[[Pipeline], None] | None = None,
                   backends: dict[str, Backend] | None = None, intakes: Iterable[Intake] = (),
                   watch: Iterable[Intake] = ()) -> RunSummary:
    """Run the queue (only ``job_ids`` when given, and the jobs ``intakes`` queue meanwhile: the run
    starts them first, lasts until they are finished and stops them if it ends first). ``watch``: intakes
    run by the caller (the window), whose jobs the run waits for too. ``recover`` first returns jobs a
    killed run left *running* to the queue; pass False when another live process may be captioning
    this library. ``backends``: clients made beforehand, by host URL (the window makes them off its
    main thread: an HTTP client loads its TLS certificates when it is made); the run closes them."""
    if recover:
        await owner.run(jobq.recover)
    await owner.run(jobq.set_scope, job_ids)
    intakes = list(intakes)
    # the first photos are hashed and queued while the run makes its clients and checks the hosts
    started = [i.start() for i in intakes]
    try:
        pipeline = Pipeline(owner, hosts, config, observer, backends=backends)
        for i in intakes:
            pipeline.attach(i)
        for i in watch:
            if not i.finished:
                pipeline.attach(i, run=False)
        if on_pipeline:
            on_pipeline(pipeline)
        return await pipeline.run()
    finally:
        for t in started:  # the run ended first (stopped, paused): what is queued stays queued
            t.cancel()
        await asyncio.gather(*started, return_exceptions=True)
        await owner.run(jobq.set_scope, None)


# -- models -------------------------------------------------------------------------------------


async def list_models(host: HostConfig) -> list[ModelInfo]:
    backend = make_backend(host.url, host.kind, host.headers)
    try:
        return await modelsel.installed_with_vision(backend)
    finally:
        await backend.close()


async def pull_model(host: HostConfig, name: str) -> AsyncIterator[PullProgress]:
    backend = make_backend(host.url, host.kind, host.headers)
    try:
        async for p in backend.pull(name):
            yield p
    finally:
        await backend.close()


async def server_version(host: HostConfig) -> str | None:
    backend = make_backend(host.url, host.kind, host.headers)
    try:
        return await backend.version()
    finally:
        await backend.close()


# -- ask ----------------------------------------------------------------------------------------


@dataclass
class AskResult:
    text: str = ""
    model: str = ""
    done_reason: str | None = None
    metrics: dict[str, Any] = field(default_factory=dict)
    rules: list[str] = field(default_factory=list)


async def ask(host: HostConfig, path: str, question: str, config: RunConfig, *,
              photo: dict[str, Any] | None = None, schema: dict[str, Any] | None = None,
              on_token: Callable[[str], None] | None = None) -> AskResult:
    """Answer a question about one photo, streamed (chat, or a reply shaped by a JSON schema such as a receipt's fields)."""
    backend: Backend = make_backend(host.url, host.kind, host.headers)
    try:
        model = config.model or await modelsel.choose_default(backend)
        if config.model:
            await modelsel.check_vision(backend, model)
        loop = asyncio.get_running_loop()
        with concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="ask-prep") as pool:  # never the default one
            image = await loop.run_in_executor(pool, prepare_image, path, config.max_edge)
        facts = photo or {"path": os.path.abspath(path), "filename": os.path.basename(path),
                          "folder": os.path.dirname(os.path.abspath(path))}
        prompt = prompts.build_prompt(prompts.get_style("caption"), facts, language=config.language,
                                      overrides=config.prompt_templates, question=question)
        opts = config.options(prompts.get_style("caption"))
        opts["num_predict"] = max(opts["num_predict"], 1024 if schema else 600)
        req = GenRequest(model=model, prompt=prompt, image=image, schema=schema, options=opts,
                         keep_alive=config.keep_alive)
        result = AskResult(model=model)
        parts: list[str] = []
        thinking: list[str] = []
        stream = with_deadlines(backend.stream(req), first_token=config.first_token_timeout,
                                stall=config.stall_timeout)
        try:
            async for d in stream:
                if d.content:
                    parts.append(d.content)
                    if on_token:
                        on_token(d.content)
                if d.thinking:
                    thinking.append(d.thinking)
                if d.done:
                    result.done_reason, result.metrics = d.done_reason, d.metrics
                    break
        finally:
            await stream.aclose()
        text = "".join(parts)
        if not cleanup.THINK_RE.sub("", text).strip() and thinking:
            result.rules.append("use_thinking")
            text = "".join(thinking)
        if schema is None:
            rules: list[str] = []
            result.text = cleanup.THINK_RE.sub("", text).strip()
            if result.text != text.strip():
                rules.append("think_block")
            result.rules += rules
        else:
            result.text = text.strip()
        return result
    finally:
        await backend.close()


__all__ = [
    "AskResult", "CaptionError", "PermanentError", "Selection", "ask", "job_params", "list_models", "needs_caption",
    "enqueue_grouped", "intake", "pull_model", "run_jobs", "select_photos", "server_version",
]
