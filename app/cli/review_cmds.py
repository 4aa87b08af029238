"""Review and write-back commands: approve, reject, edit, write, history, undo, restore, export.

Write-on-approve: with the ``write_on_approve`` setting on (the default), ``approve`` and ``edit``
write the caption into the photo right away; ``--no-write`` defers it to a later ``write``.
``restore`` never writes by itself. Per-photo problems are reported and do not change the exit code.
"""

from __future__ import annotations

import dataclasses
import os
import sys
from typing import Any

from app.cli.args import Subparsers, add_caption_text, add_folder, add_write_options, command
from app.cli.common import CliError, ProgressBar, open_library, print_json, settings_for
from app.core.jsontext import json_list
from app.core.terminal import one_line
from app.metadata.plans import TARGETS, WritePolicy


def register(sub: Subparsers) -> None:
    """Add this module's commands to the `albumwise` parser."""
    p = command(sub, "approve", cmd_approve, help="approve draft captions (and write them, unless --no-write)",
                paths="*")
    p.add_argument("--all-drafts", action="store_true", help="approve every photo whose caption is a draft")
    add_folder(p, "with --all-drafts: only photos in this folder (and below)")
    p.add_argument("--include-flagged", action="store_true",
                   help="with --all-drafts: also approve drafts flagged as suspect (bad_json, loop, truncated, ...)")
    p.add_argument("--accept-flagged", action="store_true",
                   help="approve a named draft even though it is flagged ungrounded_name (it names people or "
                        "places nothing known about the photo holds); the history records it")
    add_write_options(p, TARGETS, approve=True)

    command(sub, "reject", cmd_reject, help="reject draft captions", paths="+")

    p = command(sub, "edit", cmd_edit, help="set a caption written by you (approved at once)", paths="one")
    add_caption_text(p, "comma-separated keywords (default: keep the current ones)")
    add_write_options(p, TARGETS, approve=True)

    p = command(sub, "write", cmd_write, help="write approved captions into the photos (or their sidecars)",
                paths="*")
    add_write_options(p, TARGETS, approve=False)

    p = command(sub, "resolve", cmd_resolve, paths="one",
                help="decide a conflict: keep your caption or take the text another app wrote")
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("--keep-mine", action="store_true", help="write your caption over the outside edit")
    which.add_argument("--take-theirs", action="store_true",
                       help="make the outside text the caption (written into every field so the file agrees)")
    add_write_options(p, TARGETS, approve=True)

    command(sub, "history", cmd_history, help="show every version of a photo's caption and its writes",
            paths="one", json=True)
    command(sub, "undo", cmd_undo, help="restore the metadata a photo had before its last write",
            paths="one", json=True)
    p = command(sub, "restore", cmd_restore, help="make an earlier caption version current again (see `history`)",
                paths="one")
    p.add_argument("version", metavar="VERSION", type=int)

    p = command(sub, "export", cmd_export, help="export captions as CSV or JSON")
    p.add_argument("--format", choices=("csv", "json"), required=True)
    p.add_argument("--out", metavar="FILE", help="write to FILE instead of standard output")
    add_folder(p)


def _policy(args: Any) -> WritePolicy:
    """The settings' policy (as the window uses it, place names included) with this run's flags."""
    s = settings_for(args)
    base = WritePolicy.from_settings(s)
    return dataclasses.replace(
        base,
        target=getattr(args, "target", None) or base.target,
        sidecar_naming=getattr(args, "sidecar_naming", None) or base.sidecar_naming,
        keep_file_dates=(base.keep_file_dates or getattr(args, "keep_file_dates", False))
        and not getattr(args, "update_file_dates", False),
        provenance=base.provenance and not getattr(args, "no_provenance", False),
    )


def _err(msg: str) -> None:
    print(f"albumwise: {msg}", file=sys.stderr)


def _resolve(db: Any, paths: list[str]) -> tuple[list[dict[str, Any]], int]:
    """Photo rows for the named paths; unknown ones are reported (count returned)."""
    from app.store import photos

    rows, bad = [], 0
    for p in paths:
        row = photos.get_by_path(db, os.path.abspath(p))
        if row is None:
            _err(f"not in the library: {p} (run `albumwise index` first)")
            bad += 1
        else:
            rows.append(row)
    return rows, bad


def _one(db: Any, path: str) -> dict[str, Any]:
    from app.store import photos

    row = photos.get_by_path(db, os.path.abspath(path))
    if row is None:
        raise CliError(f"not in the library: {path} (run `albumwise index` first)")
    return row


def _write_and_report(db: Any, args: Any, ids: list[int] | None) -> int:
    from app.review import writeback

    with ProgressBar("write") as bar, writeback.WriterSession(_policy(args)) as session:
        try:
            results = writeback.write_many(writeback.direct(db), session.writer, ids,
                                           force=getattr(args, "force", False), progress=bar)
        except Exception as exc:  # exiftool missing or dead: one line, nothing lost
            raise CliError(str(exc)) from exc
    written = 0
    for r in results:
        if getattr(args, "json", False):
            print_json(r.to_public())
        elif r.result == "conflict":
            _err(f"{r.path}: conflict: {r.error}")
        elif r.error:
            _err(f"{r.path}: {r.error}")
        elif r.result == "sidecar":
            print(f"sidecar only: {r.path}: {r.note}")
        elif r.result == "partial":
            print(f"written, but: {r.path}: {r.note}")
        elif r.result == "skipped":
            print(f"skipped: {r.path}" + (f"  ({r.note})" if r.note else ""))
        else:
            print(f"written ({r.target}): {r.path}" + (f"  ({r.note})" if r.note else ""))
        written += r.error is None
    if not getattr(args, "json", False):
        failed = sum(1 for r in results if r.error and r.result != "conflict")
        conflicts = sum(1 for r in results if r.result == "conflict")
        side = sum(1 for r in results if r.result in ("sidecar", "partial"))
        skipped = sum(1 for r in results if r.result == "skipped")
        print(f"{written - side - skipped} written, {side} with old text left (see above), {conflicts} conflicts, "
              f"{failed} not written" + (f", {skipped} skipped" if skipped else ""), file=sys.stderr)
    return 0


def split_flagged(db: Any, rows: list[dict[str, Any]], include: bool
                  ) -> tuple[list[dict[str, Any]], list[tuple[dict[str, Any], list[str]]]]:
    """Drafts the captioner flagged (bad_json, loop, truncated, ungrounded_name, ...) need a person's
    look first: bulk approval leaves them out unless ``include``; a draft with broken characters
    (``HELD_FROM_BULK``) is left out even then. Returns the rest and the left-out rows with their flags."""
    from app.captioning.cleanup import HELD_FROM_BULK
    from app.review import lifecycle

    keep: list[dict[str, Any]] = []
    left: list[tuple[dict[str, Any], list[str]]] = []
    for r in rows:
        draft = lifecycle.draft_for_approval(db, r["id"])
        flags = json_list(draft.get("flags")) if draft is not None else []
        held = [f for f in flags if f in HELD_FROM_BULK] if include else flags
        (left.append((r, held)) if held else keep.append(r))
    return keep, left


SKIPPED_NAMED = 20  # beyond this many, only the count is printed


def say_skipped(skipped: list[tuple[dict[str, Any], list[str]]]) -> None:
    """Which drafts bulk approval left out and why (each by name when there are few), then the count."""
    for row, flags in skipped[:SKIPPED_NAMED]:
        print(f"{one_line(row['path'])}: not approved: its draft is flagged {', '.join(flags)}", file=sys.stderr)
    if skipped:
        n = len(skipped)
        print(f"{n} flagged draft{'s' if n != 1 else ''} skipped (review them, or use --include-flagged)",
              file=sys.stderr)


def approve_rows(db: Any, args: Any, rows: list[dict[str, Any]], *, accept: bool) -> tuple[list[int], int]:
    """Approve each row's draft; a flagged one is refused with its flag and names unless ``accept``.
    Returns (approved ids, problems)."""
    from app.review import lifecycle

    approved: list[int] = []
    bad = 0
    for row in rows:
        try:
            cid = lifecycle.approve(db, row["id"], accept_flagged=accept)
        except lifecycle.FlaggedDraft as exc:
            _err(f"{row['path']}: not approved: {exc}")
            if getattr(args, "json", False):
                print_json({"path": row["path"], "target": None, "state": "draft", "error": f"not approved: {exc}",
                            "flags": exc.flags, "names": exc.names})
            bad += 1
            continue
        except lifecycle.ReviewError as exc:
            _err(f"{row['path']}: {exc}")
            bad += 1
            continue
        if cid is not None:
            approved.append(row["id"])
        if not getattr(args, "json", False):
            print(f"{'approved' if cid else 'already approved'}: {row['path']}")
    return approved, bad


def cmd_approve(args: Any) -> int:
    from app.store import photos

    if not args.paths and not args.all_drafts:
        raise CliError("name photos to approve, or use --all-drafts", 2)
    if args.paths and args.all_drafts:
        raise CliError("give PATHs or --all-drafts, not both", 2)
    if args.folder and not args.all_drafts:
        raise CliError("--folder goes with --all-drafts", 2)
    settings = settings_for(args)
    with open_library(args) as db:
        skipped: list[tuple[dict[str, Any], list[str]]] = []
        if args.all_drafts:
            rows = list(photos.iter_photos(db, folder=args.folder, caption_state="draft"))
            rows, skipped = split_flagged(db, rows, args.include_flagged or args.accept_flagged)
            bad = 0
            accept = args.include_flagged or args.accept_flagged
        else:
            rows, bad = _resolve(db, args.paths)
            accept = args.accept_flagged
        approved, problems = approve_rows(db, args, rows, accept=accept)
        bad += problems
        if not args.json:
            print(f"{len(approved)} approved", file=sys.stderr)
        say_skipped(skipped)
        if approved and settings.write_on_approve and not args.no_write:
            _write_and_report(db, args, approved)
        elif args.json:
            for pid in approved:
                row = photos.get(db, pid) or {}
                print_json({"path": row.get("path"), "target": None, "state": row.get("caption_state"), "error": None})
    return 1 if bad and not approved and not args.all_drafts else 0


def cmd_reject(args: Any) -> int:
    with open_library(args) as db:
        rows, _bad = _resolve(db, args.paths)  # the unknown ones are reported
        ok = reject_rows(db, rows)
    return 1 if ok == 0 else 0


def reject_rows(db: Any, rows: list[dict[str, Any]]) -> int:
    """Reject each row's draft; a refusal is reported and the others go on. Returns how many were rejected."""
    from app.review import lifecycle

    ok = 0
    for row in rows:
        try:
            lifecycle.reject(db, row["id"])
        except lifecycle.ReviewError as exc:
            _err(f"{row['path']}: {exc}")
            continue
        ok += 1
        print(f"rejected: {row['path']}")
    return ok


def cmd_edit(args: Any) -> int:
    from app.review import lifecycle

    keywords = None
    if args.keywords is not None:
        keywords = [k.strip() for k in args.keywords.split(",") if k.strip()]
    settings = settings_for(args)
    with open_library(args) as db:
        row = _one(db, args.path)
        try:
            lifecycle.edit(db, row["id"], args.text, keywords, args.title)
        except lifecycle.ReviewError as exc:
            raise CliError(str(exc)) from exc
        if not args.json:
            print(f"edited: {row['path']}")
        if settings.write_on_approve and not args.no_write:
            return _write_and_report(db, args, [row["id"]])
    return 0


def cmd_write(args: Any) -> int:
    with open_library(args) as db:
        ids = None
        if args.paths:
            rows, bad = _resolve(db, args.paths)
            if not rows:
                raise CliError("none of the named photos is in the library")
            ids = [r["id"] for r in rows]
        return _write_and_report(db, args, ids)


def cmd_resolve(args: Any) -> int:
    from app.review import conflicts

    settings = settings_for(args)
    with open_library(args) as db:
        row = _one(db, args.path)
        try:
            if args.keep_mine:
                conflicts.keep_mine(db, row["id"])
            else:
                conflicts.take_theirs(db, row["id"])
        except ValueError as exc:
            raise CliError(f"{row['path']}: {exc}") from exc
        if not args.json:
            print(f"{'kept your caption' if args.keep_mine else 'took the outside text'}: {row['path']}")
        if settings.write_on_approve and not args.no_write:
            args.force = bool(args.keep_mine)
            return _write_and_report(db, args, [row["id"]])
    return 0


def cmd_history(args: Any) -> int:
    from app.review import lifecycle

    with open_library(args) as db:
        row = _one(db, args.path)
        versions = lifecycle.versions(db, row["id"])
        writes = lifecycle.writes(db, row["id"])
        current = row.get("caption_id")
        if args.json:
            print_json({
                "path": row["path"],
                "versions": [{
                    "version": v["version"], "current": v["id"] == current, "text": v["text"],
                    "keywords": v["keywords"], "title": v.get("title"), "source": v["source"], "state": v["state"],
                    "model": v.get("model"), "style": v.get("style"), "note": v.get("note"),
                    "created_at": v["created_at"], "accepted_flags": v.get("accepted_flags") or [],
                } for v in versions],
                "writes": [{
                    "path": w["path"], "target": w["target"], "state": w["state"], "error": w["error"],
                    "created_at": w["created_at"], "finished_at": w["finished_at"],
                } for w in writes],
            })
            return 0
        if not versions:
            print(f"{one_line(row['path'])}: no captions yet")
        for v in versions:
            mark = "*" if v["id"] == current else " "
            who = v.get("model") if v["source"] == "model" else v["source"]
            text = one_line(" ".join((v["text"] or "").split()))
            print(f"{mark}{v['version']:>3}  {v['created_at'][:19]}  {v['state']:<8} {one_line(who or ''):<16} "
                  f"{one_line(v.get('note') or ''):<14} {text[:70]}")
        for w in writes:
            print(f"  write {w['created_at'][:19]}  {w['state']:<7} {w['target']:<7} {one_line(w['path'])}"
                  + (f"  ({one_line(w['error'])})" if w["error"] else ""))
    return 0


def cmd_undo(args: Any) -> int:
    from app.review import lifecycle, writeback

    with open_library(args) as db:
        row = _one(db, args.path)
        with writeback.WriterSession(_policy(args)) as session:
            try:
                res = writeback.undo_photo(writeback.direct(db), session.writer, row["id"])
            except lifecycle.ReviewError as exc:
                raise CliError(str(exc)) from exc
        if args.json:
            print_json(res.to_public())
        if res.error:
            raise CliError(f"{res.path}: {res.error}")
        if not args.json:
            print(f"undone ({res.target}): {res.path}" + (f"\n  {res.note}" if res.note else ""))
    return 0


def cmd_restore(args: Any) -> int:
    from app.review import lifecycle
    from app.store import photos

    with open_library(args) as db:
        row = _one(db, args.path)
        try:
            lifecycle.restore(db, row["id"], args.version)
        except lifecycle.ReviewError as exc:
            raise CliError(str(exc)) from exc
        state = (photos.get(db, row["id"]) or {}).get("caption_state")
        print(f"restored version {args.version} ({state}): {row['path']}")
    return 0


def cmd_export(args: Any) -> int:
    from app.review import export as export_mod

    with open_library(args) as db:
        items = list(export_mod.rows(db, folder=os.path.abspath(args.folder) if args.folder else None))
    text = export_mod.to_csv(items) if args.format == "csv" else export_mod.to_json(items)
    if args.out:
        tmp = args.out + ".tmp"
        try:
            with open(tmp, "w", encoding="utf-8", newline="") as fh:
                fh.write(text)
            os.replace(tmp, args.out)
        except OSError as exc:
            raise CliError(f"cannot write {args.out}: {exc.strerror or exc}") from exc
        print(f"{len(items)} captions exported to {args.out}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0
