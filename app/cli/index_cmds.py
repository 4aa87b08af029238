"""Library commands: index, rescan, purge-missing, list, status, doctor, thumbnails.

Output contracts: ``index``/``rescan --json`` print one object
``{"added","changed","moved","missing","unchanged","errors":[{"path","error"}]}`` (plus ``"replaced"``
when known names now hold another picture); ``list --json``
prints one ``photos.to_public`` object per line. Bad photos are reported, not fatal (exit 0).
"""

from __future__ import annotations

import argparse
import sys
from typing import Any, Callable

from app.cli.args import Subparsers, add_folder, add_json, command
from app.cli.common import (CliError, ProgressBar, open_library, open_to_read, paths_for, print_json,
                             print_result, settings_for)
from app.core.terminal import one_line
from app.library import thumbs
from app.store import states


def register(sub: Subparsers) -> None:
    """Add this module's commands to the `albumwise` parser."""
    p = command(sub, "index", cmd_index, help="add folders to the library and scan them")
    p.add_argument("folders", nargs="+", metavar="FOLDER")
    add_json(p, "print the summary as one JSON object")
    command(sub, "rescan", cmd_rescan, help="scan every library folder again (fast for unchanged files)", json=True)
    command(sub, "purge-missing", cmd_purge, help="forget photos whose files are gone (marked missing)", json=True)
    p = command(sub, "list", cmd_list, help="list indexed photos", json="one JSON object per photo per line")
    add_folder(p)
    p.add_argument("--state", metavar="S", choices=states.INDEX_STATES + states.CAPTION_STATES,
                   help="index state (ok, error, missing) or caption state (none, draft, approved, written, ...)")
    command(sub, "status", cmd_status, help="photo counts per state", json=True)
    command(sub, "doctor", cmd_doctor, help="check exiftool, the database, the thumbnail cache, ...", json=True)
    p = command(sub, "thumbnails", cmd_thumbnails, help="make the missing thumbnails", json=True)
    p.add_argument("--preview", action="store_true", help=f"also make {thumbs.PREVIEW}px previews")


def _print_summary(summary: Any, as_json: bool, verb: str) -> None:
    d = summary.to_dict()
    if as_json:
        print_json(d)
        return
    replaced = f", {d['replaced']} replaced by another picture" if d.get("replaced") else ""
    print(f"{verb}: {d['added']} added, {d['changed']} changed, {d['moved']} moved, "
          f"{d['missing']} missing, {d['unchanged']} unchanged{replaced}, {len(d['errors'])} errors")
    for e in d["errors"]:
        print(f"  {one_line(e['path'])}: {e['error']}")
    if getattr(summary, "cancelled", False):
        print("(cancelled before the end)")


def _group_cached(args: argparse.Namespace, db: Any) -> None:
    """Index time is grouping time: photos whose grid thumbnail is cached get hashed and
    grouped now (no decoding of originals); the others when thumbnails are made or they are captioned."""
    from app.library import groups
    from app.services import grouping as grouping_service
    from app.services import library as library_service

    settings = settings_for(args)
    grouping_service.refresh(grouping_service.direct(db), library_service.thumb_dir(paths_for(args), settings),
                             groups.Rules.from_settings(settings), make=False)


def _scan(args: argparse.Namespace, label: str, verb: str, scan: Callable[[Any, ProgressBar], Any]) -> int:
    """Index or rescan with a progress bar, group what can be grouped, print the summary."""
    with open_library(args) as db, ProgressBar(label) as bar:
        summary = scan(db, bar)
        _group_cached(args, db)
    _print_summary(summary, args.json, verb)
    return 0


def cmd_index(args: argparse.Namespace) -> int:
    from app.services import library as library_service

    try:
        folders = library_service.check_folders(args.folders)
    except library_service.FolderError as exc:
        raise CliError(str(exc), 2) from None
    return _scan(args, "indexing", "indexed", lambda db, bar: library_service.index_folders(db, folders, progress=bar))


def cmd_rescan(args: argparse.Namespace) -> int:
    from app.services import library as library_service
    from app.store import photos as photos_store

    def rescan(db: Any, bar: ProgressBar) -> Any:
        if not photos_store.roots(db):
            raise CliError("no folders in the library yet: run `albumwise index FOLDER` first", 1)
        return library_service.rescan(db, progress=bar)

    return _scan(args, "rescanning", "rescanned", rescan)


def cmd_purge(args: argparse.Namespace) -> int:
    from app.services import library as library_service

    with open_library(args) as db:
        n = library_service.purge_missing(db)
    print_result(args, {"purged": n}, f"purged {n} missing photo{'s' if n != 1 else ''}")
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    from app.store import photos as photos_store

    with open_to_read(args) as db:  # a listing never writes: no sqlite-utils, no migrations check
        if args.state in photos_store.CAPTION_STATES:
            rows = photos_store.iter_photos(db, folder=args.folder, caption_state=args.state)
        else:
            rows = photos_store.iter_photos(db, folder=args.folder, state=args.state)
        if args.json:
            for row in rows:
                print_json(photos_store.to_public(row))
            return 0
        out = sys.stdout
        out.write(f"{'ID':>6}  {'STATE':7} {'FORMAT':6} {'SIZE':>11}  {'TAKEN':19}  PATH / DESCRIPTION\n")
        for row in rows:
            pub = photos_store.to_public(row)
            size = f"{pub['width']}×{pub['height']}" if pub["width"] else "-"
            taken = (pub["taken_at"] or "-")[:19]
            out.write(f"{pub['id']:>6}  {pub['state']:7} {(pub['format'] or '-')[:6]:6} {size:>11}  {taken:19}  "
                      f"{one_line(pub['path'])}\n")
            extra = pub["error"] or pub["description"]
            if extra:
                out.write(f"{'':>8}{' '.join(extra.split())[:100]}\n")
    return 0


def cmd_status(args: argparse.Namespace) -> int:
    from app.library import groups
    from app.store import photos as photos_store

    with open_library(args) as db:
        counts = photos_store.counts(db)
        roots = [r["path"] for r in photos_store.roots(db)]
        grouped = groups.stats(db)
    if args.json:
        print_json({**counts, "roots": roots, "total": sum(counts["index"].values()), **grouped})
        return 0
    print(f"library: {paths_for(args).db_path}")
    print(f"folders: {', '.join(roots) if roots else '(none yet)'}")
    print("index:   " + ", ".join(f"{k} {v}" for k, v in counts["index"].items()))
    print("caption: " + ", ".join(f"{k} {v}" for k, v in counts["caption"].items()))
    print(f"groups:  {grouped['groups']} ({grouped['photos_in_groups']} photos; bursts and copies are captioned once)")
    return 0


def cmd_doctor(args: argparse.Namespace) -> int:
    from app.services import doctor

    ctx = doctor.DoctorContext(paths=paths_for(args), settings=settings_for(args))
    results = doctor.run_checks(ctx)
    if args.json:
        print_json({"ok": all(r["ok"] for r in results), "checks": results})
    else:
        for r in results:
            print(f"[{'ok' if r['ok'] else 'FAIL'}] {r['name']}: {r['detail']}")
            if not r["ok"] and r["fix"]:
                print(f"       fix: {r['fix']}")
    return 0 if all(r["ok"] for r in results) else 1


def cmd_thumbnails(args: argparse.Namespace) -> int:
    from app.library import groups
    from app.services import grouping as grouping_service
    from app.services import library as library_service

    paths = paths_for(args)
    directory = library_service.thumb_dir(paths, settings_for(args))
    sizes = (thumbs.GRID, thumbs.PREVIEW) if args.preview else (thumbs.GRID,)
    with open_library(args) as db, ProgressBar("thumbnails") as bar:
        summary = library_service.make_thumbnails(db, directory, sizes=sizes, progress=bar)
        # thumbnail time is grouping time: hash the new thumbnails, group near-repeats
        grouping_service.refresh(grouping_service.direct(db), directory,
                                 groups.Rules.from_settings(settings_for(args)), make=False)
    d = summary.to_dict()
    if args.json:
        print_json({**d, "dir": str(directory)})
    else:
        print(f"thumbnails: {d['made']} made, {d['cached']} already cached, {d['failed']} failed ({directory})")
        for e in d["errors"]:
            print(f"  {e['path']}: {e['error']}")
    return 0
