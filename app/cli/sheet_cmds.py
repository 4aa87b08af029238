"""``albumwise export`` and ``albumwise import``: captions to a spreadsheet and back.

``export --format csv|json [--out FILE] [--folder F]``; ``import FILE.csv [--approve] [--dry-run]
[--json] [--no-write] [write flags]``. An import applies the edited cells of every row whose photo did
not change since the export; conflicts, unknown photos, bad rows and bad encodings are reported by
line number and never stop the other rows. Exit code 1 when nothing could be applied but something
was wrong (or the file cannot be read at all), else 0.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, Any

from app.cli.args import Subparsers, add_folder, add_write_options, command
from app.cli.common import CliError, open_library, print_json, settings_for
from app.cli.review_cmds import _write_and_report
from app.core.terminal import one_line
from app.metadata.plans import TARGETS

if TYPE_CHECKING:
    from app.review.sheet_import import RowResult


def register(sub: Subparsers) -> None:
    """Add this module's commands to the `albumwise` parser."""
    p = command(sub, "export", cmd_export, help="export captions as CSV or JSON")
    p.add_argument("--format", choices=("csv", "json"), required=True)
    p.add_argument("--out", metavar="FILE", help="write to FILE instead of standard output")
    add_folder(p)

    p = command(sub, "import", cmd_import, help="apply the edits made in an exported caption spreadsheet (CSV)")
    p.add_argument("file", metavar="FILE.csv")
    p.add_argument("--approve", action="store_true", help="approve the edited captions (and write them, "
                   "unless --no-write or the write_on_approve setting is off)")
    p.add_argument("--dry-run", action="store_true", help="only show what would change")
    add_write_options(p, TARGETS, approve=True)


def cmd_export(args: Any) -> int:
    from app.facts.language import code_for
    from app.review import export as export_mod

    second = settings_for(args).second_language or None
    with open_library(args) as db:
        items = list(export_mod.rows(db, folder=os.path.abspath(args.folder) if args.folder else None,
                                     second=code_for(second) if second else None))
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


def _say(r: RowResult, dry: bool) -> None:
    what = ", ".join(_change_words(r.changes))
    if r.result in ("applied", "would_apply"):
        verb = "would change" if dry else ("applied and approved" if r.approved else "applied")
        print(f"line {r.line}: {verb}: {one_line(r.path or '')}: {what}")
    elif r.error:
        print(f"albumwise: {one_line(r.error)}", file=sys.stderr)


def _change_words(changes: dict[str, Any]) -> list[str]:
    out = []
    for cell, value in changes.items():
        if cell == "second_language":
            continue
        shown = "; ".join(value) if isinstance(value, list) else str(value)
        shown = " ".join(shown.split())
        out.append(f"{cell.replace('_', ' ')} → {shown[:60]!r}" if cell != "state" else f"state → {value}")
    return out


def cmd_import(args: Any) -> int:
    from app.review import sheet_import

    try:
        with open(args.file, "rb") as fh:
            data = fh.read()
    except OSError as exc:
        raise CliError(f"cannot read {args.file}: {exc.strerror or exc}") from exc
    try:
        rows, bad = sheet_import.read(data)
    except sheet_import.SheetError as exc:
        raise CliError(f"{args.file}: {exc}") from exc
    settings = settings_for(args)
    with open_library(args) as db:
        results = sorted(bad + sheet_import.plan(db, rows), key=lambda r: r.line)
        if not args.dry_run:
            sheet_import.apply(db, results, approve=args.approve)
        for r in results:
            if args.json:
                print_json(r.to_public())
            else:
                _say(r, args.dry_run)
        done = [r for r in results if r.result in ("applied", "would_apply")]
        counts = {k: sum(1 for r in results if r.result == k) for k in ("unchanged", "conflict", "error")}
        verb = "would be applied" if args.dry_run else "applied"
        print(f"{len(done)} rows {verb}, {counts['unchanged']} unchanged, {counts['conflict']} conflicts, "
              f"{counts['error']} not readable or not applied", file=sys.stderr)
        approved = [r.photo_id for r in done if r.approved and r.photo_id is not None]
        if approved and not args.dry_run and settings.write_on_approve and not args.no_write:
            _write_and_report(db, args, approved)
    return 1 if not done and (counts["conflict"] or counts["error"]) else 0
