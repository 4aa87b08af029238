"""``albumwise search QUERY`` and ``albumwise embed``.

    albumwise search beach dog -night --limit 20 --json
    albumwise search "puppy on the sand" --mode meaning
    albumwise embed --json

The query may be several arguments, and may contain ``-exclusions`` (argparse would take those for
options, so the search command reads its own few flags and leaves the rest to the query).
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from app.cli.args import Subparsers, add_limit, command
from app.cli.common import (CliError, ProgressBar, open_library, open_to_read, print_json, print_result,
                            settings_for)
from app.core.terminal import one_line

_USAGE = "albumwise search QUERY... [--json] [--limit N] [--mode words|meaning|both]"


def register(sub: Subparsers) -> None:
    """Add this module's commands to the `albumwise` parser."""
    p = command(
        sub, "search", run_search,
        help="find photos by words and by meaning",
        usage=_USAGE,
        description="Search captions, keywords, titles, file and folder names, and (with an embedding "
        "model) meaning. Query language: words, \"phrases\", -exclusions, OR, folder: camera: year: "
        "date:2019-07..2019-09 state:draft|approved|written|none|failed has:keywords model:.",
        # '-word' is an exclusion and '+a' plain text, not options: this parser has no options at
        # all (its only prefix character is one nobody can type) and reads --json/--limit/--mode
        # itself (see _split_args), so any text is a query and `--` is never needed.
        prefix_chars="\x00",
        add_help=False,
    )
    p.add_argument("query", nargs=argparse.REMAINDER, help="the query, with any of --json --limit N --mode M")

    e = command(sub, "embed", run_embed, help="compute missing meaning vectors for captions",
                json="print a JSON summary")
    add_limit(e, "embed at most N photos", metavar=None)
    e.add_argument("--batch", type=int, default=32, help="texts per request (default 32)")


def _split_args(tokens: list[str]) -> tuple[str, dict[str, Any]]:
    from app.services.search import MODES

    opts: dict[str, Any] = {"json": False, "limit": 20, "mode": "both", "typing": False}
    words: list[str] = []
    it = iter(tokens)
    for tok in it:
        if tok == "--":
            words += list(it)
            break
        name, eq, val = tok.partition("=")
        if name == "--json" and not eq:
            opts["json"] = True
        elif name == "--typing" and not eq:
            opts["typing"] = True
        elif name in ("--limit", "--mode"):
            if not eq:
                val = next(it, None)
                if val is None:
                    raise CliError(f"{name} needs a value; usage: {_USAGE}", 2)
            if name == "--limit":
                try:
                    opts["limit"] = int(val)
                except ValueError:
                    raise CliError(f"--limit must be a number, not {val!r}", 2) from None
                if opts["limit"] < 1:
                    raise CliError("--limit must be at least 1", 2)
            else:
                if val not in MODES:
                    raise CliError(f"--mode must be one of {', '.join(MODES)}, not {val!r}", 2)
                opts["mode"] = val
        elif tok in ("-h", "--help"):
            sys.stdout.write(f"usage: {_USAGE}\n")
            raise SystemExit(0)
        else:
            words.append(tok)
    return " ".join(words), opts


def run_search(args: argparse.Namespace) -> int:
    from app.services.search import SearchService

    text, opts = _split_args(list(args.query or []))
    if not text.strip():
        raise CliError(f"what should I search for? usage: {_USAGE}", 2)
    settings = settings_for(args)
    with open_to_read(args) as db:  # a search never writes: no sqlite-utils, no migrations check
        service = SearchService(db, settings)
        resp = service.search(text, limit=opts["limit"], mode=opts["mode"], typing=opts["typing"])
    for note in resp.notices:
        print(f"albumwise: {note}", file=sys.stderr)
    if opts["mode"] == "meaning" and "meaning" not in resp.used:
        raise CliError("meaning search is not available: " + "; ".join(resp.notices or ["no query words"]))
    if opts["json"]:
        print_json([r.to_public() for r in resp.results])
        return 0
    if not resp.results:
        print("no photos found")
        return 0
    for r in resp.results:
        print(f"{r.score:8.4f}  {r.state:<8} {r.match:<7} {one_line(r.path)}")
        if r.snippet:
            print(f"          {one_line(r.snippet)}")
    if not resp.ranked:
        print("albumwise: common words: best of the newest matches, not of all", file=sys.stderr)
    return 0


def run_embed(args: argparse.Namespace) -> int:
    from app.search.embedder import make_embedder
    from app.services.search import direct, embed_pending

    settings = settings_for(args)
    embedder = make_embedder(settings)
    if embedder is None:
        raise CliError("no embedding model is set; set embedding_model in the settings (e.g. nomic-embed-text)")
    with open_library(args) as db, ProgressBar("embedding") as bar:
        report = embed_pending(direct(db), embedder, batch=max(1, args.batch), limit=args.limit, progress=bar)
    print_result(args, report.to_public(),
                 f"embedded {report.embedded} captions with {report.model} ({report.remaining} still missing)")
    if report.error:
        raise CliError(f"embedding stopped: {report.error}")
    return 0
