"""``albumwise group show|split|merge|pick|refresh|approve|reject|edit``: bursts and duplicates.

``show [PATH...]`` lists the groups (of the named photos, or all); ``split PATH...`` takes photos out
of their groups for good; ``merge PATH...`` makes the photos one group; ``pick PATH`` makes a photo its
group's best frame (the one the captioner sends); ``refresh`` hashes every photo not hashed yet
(making thumbnails) and groups them. ``approve|reject|edit`` act on every member of the named
photos' groups: each member gets its own version in its own history, and approve/edit write each
file (unless --no-write). Exit codes: 0 ok, 1 nothing could be done, 2 usage error.
"""

from __future__ import annotations

import sys
from typing import Any

from app.cli.args import Subparsers, add_caption_text, add_write_options, command
from app.cli.common import (CliError, ProgressBar, open_library, paths_for, print_json, print_result,
                             settings_for)
from app.cli.review_cmds import (_err, _one, _resolve, _write_and_report, approve_rows,
                                  reject_rows, say_skipped, split_flagged)
from app.metadata.plans import TARGETS


def register(sub: Subparsers) -> None:
    """Add ``group`` and its sub-commands to the `albumwise` parser."""
    g = sub.add_parser("group", help="bursts and duplicates: show, split, merge, pick the best frame, review",
                       description="Near-repeats (bursts, brackets, copies) are grouped and captioned once.")
    gs = g.add_subparsers(dest="group_cmd", metavar="ACTION", required=True)
    command(gs, "show", cmd_show, help="the groups of these photos (all groups without PATH)", paths="*",
            json="one JSON object per group")
    command(gs, "split", cmd_split, help="take photos out of their groups (never grouped automatically again)",
            paths="+")
    command(gs, "merge", cmd_merge, help="make these photos one group", paths="+")
    command(gs, "pick", cmd_pick, help="make this photo its group's best frame (the one captioned)", paths="one")
    command(gs, "refresh", cmd_refresh, help="hash photos not hashed yet (making thumbnails) and group them",
            json=True)
    p = command(gs, "approve", cmd_approve, paths="+", help="approve the drafts of every photo in these photos' "
                "groups (flagged drafts are skipped, as with approve --all-drafts)")
    p.add_argument("--include-flagged", action="store_true",
                   help="also approve drafts flagged as suspect (bad_json, truncated, ungrounded_name, ...)")
    add_write_options(p, TARGETS, approve=True)
    command(gs, "reject", cmd_reject, help="reject the drafts of every photo in these photos' groups", paths="+")
    p = command(gs, "edit", cmd_edit, paths="one",
                help="set your caption on every photo of this photo's group (approved at once)")
    add_caption_text(p, "comma-separated keywords (default: keep each photo's)")
    add_write_options(p, TARGETS, approve=True)


def _rows(db: Any, paths: list[str]) -> list[dict[str, Any]]:
    rows, bad = _resolve(db, paths)
    if not rows:
        raise CliError("none of the named photos is in the library")
    return rows


def _public(db: Any, gid: int) -> dict[str, Any]:
    from app.library import groups
    from app.services import grouping as grouping_service

    info = grouping_service.group_of(db, groups.members(db, gid)[0]["id"])
    assert info is not None
    return {"group": gid, "kind": info["kind"], "size": len(info["members"]),
            "best": next(m["path"] for m in info["members"] if m["id"] == info["best"]),
            "members": [grouping_service.public_member(m, info["best"]) for m in info["members"]]}


def cmd_show(args: Any) -> int:
    from app.library import groups

    with open_library(args) as db:
        if args.paths:
            gids: list[int] = []
            for row in _rows(db, args.paths):
                if row.get("group_id") is None:
                    if args.json:
                        print_json({"group": None, "size": 1, "path": row["path"]})
                    else:
                        print(f"{row['path']}: not in a group")
                elif row["group_id"] not in gids:
                    gids.append(row["group_id"])
        else:
            gids = [g["id"] for g in groups.all_groups(db)]
        for gid in gids:
            pub = _public(db, gid)
            if args.json:
                print_json(pub)
                continue
            print(f"group {gid} ({pub['kind']}, {pub['size']} photos):")
            for m in pub["members"]:
                mark = "*" if m["best"] else " "
                print(f" {mark} {m['path']}  [{m['caption_state']}]")
        if not args.paths and not args.json and not gids:
            print("no groups (bursts and duplicates appear here once thumbnails are made: albumwise group refresh)")
    return 0


def cmd_split(args: Any) -> int:
    from app.library import groups

    with open_library(args) as db:
        rows = _rows(db, args.paths)
        groups.split(db, [r["id"] for r in rows])
        for r in rows:
            print(f"split off: {r['path']}")
    return 0


def cmd_merge(args: Any) -> int:
    from app.library import groups
    from app.services import grouping as grouping_service

    with open_library(args) as db:
        rows = _rows(db, args.paths)
        if len(rows) < 2:
            raise CliError("merging needs at least two photos", 2)
        gid = groups.merge(db, [r["id"] for r in rows])
        print(f"group {gid}: {len(grouping_service.member_ids(db, rows[0]['id']))} photos")
    return 0


def cmd_pick(args: Any) -> int:
    from app.library import groups

    with open_library(args) as db:
        row = _one(db, args.path)
        try:
            gid = groups.pick_best(db, row["id"])
        except ValueError as exc:
            raise CliError(f"{args.path}: {exc}") from None
        print(f"best frame of group {gid}: {row['path']}")
    return 0


def cmd_refresh(args: Any) -> int:
    from app.library import groups
    from app.services import grouping as grouping_service
    from app.services import library as library_service

    settings = settings_for(args)
    directory = library_service.thumb_dir(paths_for(args), settings)
    with open_library(args) as db, ProgressBar("grouping") as bar:
        out = grouping_service.refresh(grouping_service.direct(db), directory, groups.Rules.from_settings(settings),
                                       progress=bar)
    print_result(args, out, f"hashed {out['hashed']} photos ({out['failed']} unreadable); {out['groups']} groups")
    return 0


def _members(db: Any, paths: list[str]) -> list[dict[str, Any]]:
    """Every member of the named photos' groups (a photo in no group stands for itself), once each."""
    from app.services import grouping as grouping_service

    seen: dict[int, dict[str, Any]] = {}
    for row in _rows(db, paths):
        for pid in grouping_service.member_ids(db, row["id"]):
            if pid not in seen:
                seen[pid] = db.execute("SELECT id, path FROM photos WHERE id = ?", [pid]).fetchone()
    return [{"id": r[0], "path": r[1]} for r in seen.values()]


def cmd_approve(args: Any) -> int:
    """Approve every member's draft; flagged drafts are skipped exactly as ``approve --all-drafts`` does."""
    from app.store import photos

    settings = settings_for(args)
    with open_library(args) as db:
        rows = [photos.get(db, m["id"]) or m for m in _members(db, args.paths)]
        rows, skipped = split_flagged(db, rows, args.include_flagged)
        approved, bad = approve_rows(db, args, rows, accept=args.include_flagged)
        if not args.json:
            print(f"{len(approved)} approved", file=sys.stderr)
        say_skipped(skipped)
        if approved and settings.write_on_approve and not args.no_write:
            return _write_and_report(db, args, approved)
    return 1 if bad and not approved else 0



def cmd_reject(args: Any) -> int:
    with open_library(args) as db:
        ok = reject_rows(db, _members(db, args.paths))
    return 0 if ok else 1


def cmd_edit(args: Any) -> int:
    from app.review import lifecycle

    keywords = [k.strip() for k in args.keywords.split(",") if k.strip()] if args.keywords is not None else None
    settings = settings_for(args)
    with open_library(args) as db:
        ids = []
        for m in _members(db, [args.path]):
            try:
                lifecycle.edit(db, m["id"], args.text, keywords, args.title)
            except lifecycle.ReviewError as exc:
                raise CliError(str(exc)) from exc
            ids.append(m["id"])
            if not args.json:
                print(f"edited: {m['path']}")
        if settings.write_on_approve and not args.no_write:
            return _write_and_report(db, args, ids)
    return 0
