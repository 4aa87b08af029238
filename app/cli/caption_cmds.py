"""``albumwise caption | models | ask | queue``: captioning from the command line.

Contract: ``caption [PATH...] [--all-missing] [--model M] [--host URL]... [--style S]
[--language L] [--second-language L] [--limit N] [--json]``; ``models [--host URL] [--json]``; ``models pull NAME``;
``ask PATH QUESTION [--model M] [--host URL] [--json-schema FILE]``; ``queue [--json]``;
``queue pause|resume|cancel|retry-failed``. Exit codes: 0 ok (some failed photos are reported, not
fatal), 1 failure (no photo captioned because of errors, a named path not in the library, queue
paused, server unreachable), 2 usage error, 128+N stopped by signal N (jobs back in the queue).
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
from typing import TYPE_CHECKING, Any

from app.captioning import prompts
from app.cli.args import Subparsers, add_host, add_json, add_limit, command
from app.cli.common import CliError, paths_for, print_json, settings_for
from app.core.text import valid_text

if TYPE_CHECKING:  # the heavy modules are imported by the commands that use them (fast --help)
    from app.captioning.pipeline import Observer, RunConfig
    from app.store.owner import DbOwner


def register(sub: Subparsers) -> None:
    """Add this module's commands to the `albumwise` parser."""
    p = command(sub, "caption", cmd_caption, help="caption photos with a local vision model", paths="*",
                paths_help="photos or folders in the library",
                description="Caption photos (drafts for review) through Ollama or an OpenAI-compatible server.")
    p.add_argument("--all-missing", action="store_true", help="every photo without a caption")
    p.add_argument("--model", help="model name (default: the first installed vision model)")
    add_host(p, "inference server URL (repeat for several; prefix openai+ for an OpenAI-compatible one, "
                "suffix #N for N in flight)", many=True)
    p.add_argument("--style", help=f"caption style: {', '.join(prompts.STYLES)}")
    p.add_argument("--language", help="output language (default from settings: English)")
    p.add_argument("--second-language", metavar="L",
                   help="also write each caption in this language (a code such as de, or a name); 'none' for none")
    add_limit(p, "caption at most N photos")
    p.add_argument("--every-frame", action="store_true",
                   help="caption each photo of a burst or duplicate group on its own (default: once per group)")
    p.add_argument("--old-context", action="store_true",
                   help="regenerate the drafts written before their folder's context changed (in PATHs, or all)")
    add_json(p, "one JSON object per finished photo, then a summary")

    m = sub.add_parser("models", help="list installed models (vision yes/no) or pull one")
    add_host(m, "Ollama server URL")
    add_json(m, "JSON output")
    msub = m.add_subparsers(dest="models_cmd", metavar="pull")
    mp = msub.add_parser("pull", help="download a model, with progress")
    mp.add_argument("name", metavar="NAME")
    add_host(mp, "Ollama server URL", dest="pull_host")
    m.set_defaults(func=cmd_models)

    a = command(sub, "ask", cmd_ask, help="ask a question about one photo (answer streamed)", paths="one")
    a.add_argument("question", metavar="QUESTION")
    a.add_argument("--model", help="model name")
    add_host(a, "server URL")
    a.add_argument("--json-schema", metavar="FILE", help="answer as JSON matching this JSON schema file")

    q = sub.add_parser("queue", help="show or control the captioning queue")
    q.add_argument("action", nargs="?", choices=("pause", "resume", "cancel", "retry-failed"),
                   help="pause, resume, cancel (all, or the PATHs given), retry-failed")
    q.add_argument("paths", nargs="*", metavar="PATH", help="with cancel: only these photos")
    add_json(q, "JSON output")
    q.set_defaults(func=cmd_queue)


# -- helpers ------------------------------------------------------------------------------------


def _hosts(args: Any, settings: Any, flags: list[str] | None) -> list[Any]:
    from app.captioning.hosts import resolve_hosts

    try:
        return resolve_hosts(settings, flags)
    except ValueError as exc:
        raise CliError(f"bad --host value: {exc}", 2) from None


def _owner(args: Any) -> DbOwner:
    from app.store import db as dbmod
    from app.store.owner import DbOwner

    try:
        return DbOwner(paths_for(args).db_path)
    except dbmod.StoreError as exc:
        raise CliError(str(exc)) from None


# -- caption ------------------------------------------------------------------------------------


def cmd_caption(args: argparse.Namespace) -> int:
    import asyncio

    from app.captioning.pipeline import RunConfig
    from app.cli.caption_output import CaptionOutput
    from app.config import thumbnail_dir
    from app.services import captioning as svc

    if not args.paths and not args.all_missing and not args.old_context:
        raise CliError("say which photos: give PATHs, --all-missing or --old-context", 2)
    if args.limit is not None and args.limit < 0:
        raise CliError("--limit must be 0 or more", 2)
    settings = settings_for(args)
    style = args.style or settings.style
    try:
        style = prompts.get_style(style).name
    except ValueError as exc:
        raise CliError(str(exc), 2) from None
    hosts = _hosts(args, settings, args.host)
    from app.captioning import backends  # noqa: PLC0415

    backends.load_soon(h.kind for h in hosts)  # while the photos are picked and the first one prepared
    second = _second_language(args.second_language, args.language or settings.language)
    config = RunConfig.from_settings(settings, model=args.model, style=style, language=args.language,
                                     second_language=second)
    owner = _owner(args)
    signals: list[int] = []
    try:
        _resume_if_cause_gone(owner, hosts, config.model)
        sel = owner.call(svc.select_photos, args.paths, all_missing=args.all_missing, limit=args.limit)
        if args.old_context:  # only drafts flagged old_context (below PATHs, or anywhere)
            from app.services import grounding as grounding_context  # noqa: PLC0415

            ids = owner.call(grounding_context.old_context_ids, sel.photo_ids if args.paths else None)
            sel.photo_ids = ids[: args.limit] if args.limit is not None else ids
            sel.if_missing = []  # drafts to regenerate, not photos picked for having no caption
        for path, why in sel.skipped:
            if args.json:
                print_json({"path": path, "caption": None, "keywords": [], "model": None, "host": None, "flags": [],
                            "state": "skipped", "error": why})
            else:
                print(f"{path}: skipped: {why}", file=sys.stderr)
        params = svc.job_params(args.model or "", style, args.language or "", second if
                                args.second_language is not None else "")
        every_frame = args.every_frame or settings.caption_every_frame
        # queued photo by photo while the run goes: groups (bursts, copies) are found alongside
        intake = svc.intake(owner, sel.photo_ids, params, priority=1 if args.paths else 0,
                            every_frame=every_frame, settings=settings,
                            thumb_dir=thumbnail_dir(paths_for(args), settings),
                            if_still_missing=sel.if_missing)
        observer = CaptionOutput(args.json)
        observer.expected = len(sel.photo_ids)
        summary = None
        if sel.photo_ids:
            summary = asyncio.run(_run_until_signal(owner, hosts, config, intake, observer, signals))
        observer._clear()
    finally:
        owner.close()
    job_ids, n_photos = intake.job_ids, intake.total
    captioned = sum(1 for r in observer.results if r.state in ("draft", "kept")) if job_ids else 0
    failed = sum(1 for r in observer.results if r.state == "failed") if job_ids else 0
    info = {
        "total": n_photos, "captioned": captioned, "failed": failed, "skipped": len(sel.skipped),
        "remaining": n_photos - captioned - failed,
        "generations": summary.generations if summary else 0,  # model requests that produced a caption
        "covered": summary.covered if summary else 0,  # photos those captions went to
        "paused": summary.paused_reason if summary else None,
        "retries": summary.retries if summary else 0,
        "seconds": round(summary.wall_seconds, 2) if summary else 0.0,
        "tokens_per_second": round(summary.tokens / summary.wall_seconds, 1) if summary and summary.wall_seconds else 0.0,
        "rules": summary.rules if summary else {}, "flags": summary.flags if summary else {},
    }
    if args.json:
        print_json({"summary": info})
    else:
        tail = f", {failed} failed" if failed else ""
        tail += f", {len(sel.skipped)} skipped" if sel.skipped else ""
        print(f"captioned {captioned} of {n_photos} photos{tail}", file=sys.stderr)
        if summary and summary.covered != summary.generations:
            gens = f"{summary.generations} generation{'s' if summary.generations != 1 else ''}"
            print(f"{summary.covered} photos covered by {gens} "
                  "(bursts and duplicates captioned once; --every-frame captions each)", file=sys.stderr)
    if signals:
        name = signal.Signals(signals[0]).name
        print(f"albumwise: stopped by {name}; unfinished photos are back in the queue "
              f"(run the same command again to finish)", file=sys.stderr)
        return 128 + signals[0]
    if summary and summary.paused_reason:
        raise CliError(summary.paused_reason)
    unknown = sel.not_in_library
    if unknown and not job_ids:
        raise CliError(f"nothing to caption: {unknown[0]} is not in the library (albumwise index FOLDER adds it)"
                       if len(unknown) == 1 else
                       f"nothing to caption: {len(unknown)} of the given paths are not in the library "
                       f"(albumwise index FOLDER adds them)")
    if unknown:
        raise CliError(f"{len(unknown)} of the given paths are not in the library (see above); the others were "
                       f"captioned")
    if failed and not captioned:
        raise CliError(f"no photo was captioned: {failed} failed (reasons above); "
                       f"fix the cause, then run: albumwise queue retry-failed")
    return 0


def _second_language(value: str | None, first: str) -> str | None:
    """``--second-language``: a language we can name (its code), "none", or a usage error."""
    from app.facts import language  # noqa: PLC0415

    if value is None:
        return None
    if value.strip().casefold() in ("", "none", "off", "-"):
        return ""
    code = language.code_for(value)
    if code is None:
        raise CliError(f"unknown language for --second-language: {value!r} (use a code such as de, or a name)", 2)
    if code == language.code_for(first):
        raise CliError(f"--second-language {value} is the caption's own language", 2)
    return code


def _resume_if_cause_gone(owner: DbOwner, hosts: list[Any], model: str) -> None:
    """A pause the queue set itself (server unreachable, model missing) ends when its cause is gone;
    a pause a person asked for, or one that needs a fix, stops here with what to do."""
    import asyncio

    from app.captioning import pauses
    from app.captioning import queue as jobq

    info = owner.call(jobq.pause_info)
    if info is None:
        return
    if not pauses.is_automatic(info):
        raise CliError(f"the captioning queue is paused ({info['reason']}); run: albumwise queue resume")
    outcome = asyncio.run(pauses.auto_resume(owner, hosts, model))
    if outcome.resumed:
        print(f"albumwise: {outcome.message}", file=sys.stderr)
        return
    if outcome.paused and not pauses.is_automatic({"kind": outcome.kind}):
        raise CliError(f"the captioning queue is paused ({outcome.reason}); run: albumwise queue resume")
    if outcome.paused:
        raise CliError(f"the captioning queue is still paused: {outcome.detail}; it goes ahead by itself on the "
                       f"next `albumwise caption` once that is fixed")


async def _run_until_signal(owner: DbOwner, hosts: list[Any], config: RunConfig, intake: Any,
                            observer: Observer, signals: list[int]) -> Any:
    """Run the jobs; SIGTERM/SIGINT stop the run cleanly (streams closed, unfinished jobs back in the
    queue) before the process exits. A second signal stops at once."""
    import asyncio

    from app.services import captioning as svc

    loop = asyncio.get_running_loop()
    task = asyncio.current_task()
    box: list[Any] = []

    def on_signal(signum: int) -> None:
        signals.append(signum)
        if len(signals) > 1 and task is not None:
            task.cancel()
        for p in box:
            p.stop()

    installed = []
    for sig in (signal.SIGTERM, signal.SIGINT):
        try:
            loop.add_signal_handler(sig, on_signal, sig)
            installed.append(sig)
        except (NotImplementedError, RuntimeError, ValueError):  # Windows, or not the main thread
            pass

    def keep(p: Any) -> None:
        box.append(p)
        if signals:
            p.stop()

    try:
        return await svc.run_jobs(owner, hosts, config, job_ids=[], observer=observer, on_pipeline=keep,
                                  intakes=[intake])
    finally:
        for sig in installed:
            loop.remove_signal_handler(sig)


# -- models -------------------------------------------------------------------------------------


def cmd_models(args: argparse.Namespace) -> int:
    import asyncio

    from app.captioning.errors import CaptionError, HostDown
    from app.captioning.install import unreachable_advice
    from app.services import captioning as svc

    settings = settings_for(args)
    flag = getattr(args, "pull_host", None) or args.host
    host = _hosts(args, settings, [flag] if flag else None)[0]
    if args.models_cmd == "pull":
        return _pull(host, args.name, args.json)
    try:
        models = asyncio.run(svc.list_models(host))
    except HostDown:
        raise CliError(unreachable_advice(host.url)) from None
    except CaptionError as exc:
        raise CliError(str(exc)) from None
    if args.json:
        print_json([{"name": m.name, "size": m.size, "vision": m.vision, "family": m.family,
                     "parameter_size": m.parameter_size} for m in models])
        return 0
    if not models:
        print(f"no models installed on {host.url}: albumwise models pull qwen2.5vl", file=sys.stderr)
        return 0
    w = max(len(m.name) for m in models)
    print(f"{'NAME'.ljust(w)}  {'SIZE':>9}  VISION")
    for m in models:
        size = f"{m.size / 1e9:.1f} GB" if m.size else "?"
        vision = "yes" if m.vision else ("no" if m.vision is False else "?")
        print(f"{m.name.ljust(w)}  {size:>9}  {vision}")
    return 0


def _pull(host: Any, name: str, as_json: bool) -> int:
    import asyncio

    from app.captioning.errors import CaptionError, HostDown
    from app.captioning.install import unreachable_advice
    from app.services import captioning as svc

    tty = sys.stderr.isatty()

    async def go() -> None:
        async for p in svc.pull_model(host, name):
            if as_json:
                print_json({"status": p.status, "completed": p.completed, "total": p.total})
            elif tty:
                pct = f" {100 * (p.completed or 0) / p.total:5.1f}%" if p.total else ""
                sys.stderr.write(f"\r{p.status}{pct}".ljust(60))
                sys.stderr.flush()
            else:
                print(p.status, file=sys.stderr)

    try:
        asyncio.run(go())
    except CaptionError as exc:
        if tty:
            sys.stderr.write("\n")
        why = unreachable_advice(host.url) if isinstance(exc, HostDown) else str(exc)
        raise CliError(f"cannot pull {name}: {why}") from None
    if tty:
        sys.stderr.write("\n")
    print(f"pulled {name}", file=sys.stderr)
    return 0


# -- ask ----------------------------------------------------------------------------------------


def cmd_ask(args: argparse.Namespace) -> int:
    import asyncio

    from app.captioning.errors import CaptionError
    from app.captioning.pipeline import RunConfig
    from app.services import captioning as svc
    from app.services import grounding as grounding_context

    settings = settings_for(args)
    host = _hosts(args, settings, [args.host] if args.host else None)[0]
    if not os.path.isfile(args.path):
        raise CliError(f"no such file: {args.path}", 2)
    schema = None
    if args.json_schema:
        try:
            schema = json.loads(open(args.json_schema, encoding="utf-8").read())
        except (OSError, ValueError) as exc:
            raise CliError(f"cannot read the JSON schema {args.json_schema}: {exc}", 2) from None
        if not isinstance(schema, dict):
            raise CliError("the JSON schema must be a JSON object", 2)
    config = RunConfig.from_settings(settings, model=args.model)
    stream_out = schema is None

    def on_token(t: str) -> None:
        if stream_out:
            sys.stdout.write(valid_text(t))
            sys.stdout.flush()

    photo = grounding_context.known_photo(paths_for(args).db_path, args.path)
    try:
        result = asyncio.run(svc.ask(host, args.path, args.question, config, photo=photo, schema=schema,
                                     on_token=on_token))
    except CaptionError as exc:
        if stream_out:
            sys.stdout.write("\n")
        raise CliError(str(exc)) from None
    if schema is not None:
        try:
            value = json.loads(result.text)
        except ValueError:
            raise CliError("the model's answer is not valid JSON: " + result.text[:200]) from None
        print(valid_text(json.dumps(value, ensure_ascii=False, indent=2)))
    else:
        sys.stdout.write("\n")
        if "use_thinking" in result.rules:
            print(valid_text(result.text))
    if result.done_reason == "length":
        print("albumwise: the answer was cut off at the length limit", file=sys.stderr)
    return 0


# -- queue --------------------------------------------------------------------------------------


def cmd_queue(args: argparse.Namespace) -> int:
    from app.captioning import queue as jobq

    owner = _owner(args)
    try:
        if args.action == "pause":
            owner.call(jobq.pause, "paused by the user")
            print("queue paused", file=sys.stderr)
        elif args.action == "resume":
            owner.call(jobq.resume)
            print("queue resumed", file=sys.stderr)
        elif args.action == "cancel":
            if args.paths:
                from app.store import photos as photostore

                ids = []
                for p in args.paths:
                    row = owner.call(photostore.get_by_path, p)
                    if row is None:
                        raise CliError(f"not in the library: {p}", 2)
                    ids.append(row["id"])
                n = owner.call(jobq.cancel_photos, ids)
            else:
                n = owner.call(jobq.cancel, None)
            print(f"cancelled {n} jobs", file=sys.stderr)
        elif args.action == "retry-failed":
            n = owner.call(jobq.retry_failed)
            print(f"{n} failed jobs queued again", file=sys.stderr)
        elif args.paths:
            raise CliError("PATHs only go with cancel", 2)
        info = owner.call(jobq.summary)
        jobs = owner.call(jobq.list_jobs, states=("queued", "running", "failed"), limit=1000)
    finally:
        owner.close()
    if args.json:
        print_json({**info, "jobs": [{"id": j["id"], "path": j["path"], "state": j["state"], "priority": j["priority"],
                                      "attempts": j["attempts"], "error": j["last_error"], "host": j["host"],
                                      "params": j["params"]} for j in jobs]})
        return 0
    if args.action:
        return 0
    c = info["counts"]
    state = f"paused ({info['paused_reason']})" if info["paused"] else "active"
    print(f"queue {state}: {c['queued']} queued, {c['running']} running, {c['done']} done, "
          f"{c['failed']} failed, {c['cancelled']} cancelled")
    for j in jobs[:50]:
        err = f"  {j['last_error']}" if j["last_error"] else ""
        print(f"  {j['state']:<8} {j['path']}{err}")
    return 0
