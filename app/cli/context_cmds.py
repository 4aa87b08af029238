"""Folder context commands: ``context set FOLDER [--event E] [--place P] [--people "A, B"]
[--notes N] [--vocabulary FILE] [--clear] [--json]`` and ``context show FOLDER [--json]``.

A folder's context applies to its sub-folders. Setting it marks the current model drafts below as
made with the old context (flag ``old_context``); they are regenerated only when asked:
``albumwise caption --old-context FOLDER``.
"""

from __future__ import annotations

import argparse
import os
import sys

from app.cli.args import Subparsers, add_json, command
from app.cli.common import CliError, open_library, print_json
from app.core.terminal import one_line


def register(sub: Subparsers) -> None:
    """Add ``context`` and its sub-commands to the `albumwise` parser."""
    p = sub.add_parser("context", help="what a folder's photos are about: event, place, people, notes, vocabulary")
    csub = p.add_subparsers(dest="context_cmd", metavar="set|show")
    s = command(csub, "set", cmd_set, help="set a folder's context (inherited by its sub-folders)")
    s.add_argument("folder", metavar="FOLDER")
    s.add_argument("--event", help='the occasion, e.g. "Anna & Ben\'s wedding" ("" clears)')
    s.add_argument("--place", help='where, e.g. "Florence, Tuscany, Italy" (wins over the files and GPS)')
    s.add_argument("--people", help='who may appear, comma-separated: "Anna Schmidt, Ben Okafor"')
    s.add_argument("--notes", help="anything else the captions should know")
    s.add_argument("--vocabulary", metavar="FILE",
                   help="keyword list: Lightroom's tab-indented export or one keyword per line (\"\" clears)")
    s.add_argument("--clear", action="store_true", help="forget this folder's context first")
    add_json(s)
    w = command(csub, "show", cmd_show, help="the context that applies to a folder, and where each field comes from")
    w.add_argument("folder", metavar="FOLDER")
    add_json(w)
    p.set_defaults(func=lambda _a: (p.print_help(), 2)[1])


def cmd_set(args: argparse.Namespace) -> int:
    from app.facts import vocabulary_file
    from app.services import grounding as ctxmod

    vocab = None
    report = None
    if args.vocabulary is not None:
        if args.vocabulary == "":
            vocab = []
        else:
            try:
                report = vocabulary_file.read(args.vocabulary)
            except OSError as exc:
                raise CliError(f"cannot read the vocabulary {args.vocabulary}: {exc.strerror or exc}", 2) from None
            except vocabulary_file.VocabularyError as exc:
                raise CliError(f"cannot import the vocabulary {args.vocabulary}: {exc}", 2) from None
            vocab = report.terms
    if not any(v is not None for v in (args.event, args.place, args.people, args.notes, vocab)) and not args.clear:
        raise CliError("say what to set: --event, --place, --people, --notes, --vocabulary or --clear", 2)
    with open_library(args) as db:
        out = ctxmod.set_context(db, os.path.abspath(args.folder), event=args.event, place=args.place,
                                 people=args.people, notes=args.notes, vocabulary=vocab, clear=args.clear)
        out["context"] = ctxmod.effective(db, out["folder"]).to_public()
    if report is not None:
        out["vocabulary_import"] = report.to_public()
    if args.json:
        print_json(out)
        return 0
    print(f"context set for {out['folder']} ({out['photos']} photos below)")
    if report is not None:
        print(f"vocabulary: {report.summary()}")
        if report.refused or report.over_limit:
            print("keywords not imported (a keyword holding | or / would be written as a different hierarchy): "
                  + "; ".join(repr(e) for e in report.examples), file=sys.stderr)
    if out["drafts_marked_old_context"]:
        n = out["drafts_marked_old_context"]
        print(f"{n} draft{'s were' if n != 1 else ' was'} written with the old context; regenerate with: "
              f"albumwise caption --old-context {_quote(out['folder'])}", file=sys.stderr)
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    from app.services import grounding as ctxmod

    folder = os.path.abspath(args.folder)
    with open_library(args) as db:
        ctx = ctxmod.effective(db, folder).to_public()
    if args.json:
        print_json({"folder": folder, "context": ctx})
        return 0
    print(one_line(folder))
    for key in ("event", "place", "people", "notes", "vocabulary_terms"):
        val = ctx[key]
        if key == "people":
            val = ", ".join(val)
        src = ctx["set_on"].get(key if key != "vocabulary_terms" else "vocabulary")
        where = "" if not src or src == folder else f"   (from {one_line(src)})"
        shown = one_line(val) if val not in (None, "", 0) else "-"
        print(f"  {key.replace('_', ' '):16} {shown}{where if val else ''}")
    return 0


def _quote(path: str) -> str:
    return "'" + path.replace("'", "'\\''") + "'" if any(c in path for c in " '\"&$") else path
