"""``albumwise`` entry point: parses the command line and dispatches to command modules.

Each command module exposes ``register(subparsers)``; the handler it sets with
``set_defaults(func=...)`` receives the parsed args and returns an exit code.
Exit codes: 0 success (bad photos are reported, not fatal), 1 failure, 2 usage error.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, Any, Callable, Sequence

if TYPE_CHECKING:
    import argparse

from app import __version__

VERSION = f"albumwise {__version__}"


#: Which module registers each command (``tests/cli/test_startup_imports.py`` keeps it in step):
#: a command line naming one loads that module only, not every command's.
COMMANDS = {
    **dict.fromkeys(("index", "rescan", "purge-missing", "list", "status", "doctor", "thumbnails"), "index_cmds"),
    **dict.fromkeys(("caption", "ask", "models", "queue"), "caption_cmds"),
    **dict.fromkeys(("approve", "reject", "edit", "write", "resolve", "history", "undo", "restore"), "review_cmds"),
    "export": "sheet_cmds", "import": "sheet_cmds", "group": "group_cmds", "search": "search_cmds",
    "embed": "search_cmds", "context": "context_cmds", "gui": "gui_cmds",
}
_GLOBAL_FLAGS = ("-v", "--verbose")  # the options before the command (with ``--db PATH``)


def command_modules() -> tuple[Any, ...]:
    """Every command module (each registers its subcommands); loaded only to parse a command line,
    not for ``--version``."""
    from app.cli import (caption_cmds, context_cmds, group_cmds, gui_cmds, index_cmds, review_cmds, search_cmds,
                         sheet_cmds)

    return index_cmds, caption_cmds, review_cmds, sheet_cmds, group_cmds, search_cmds, context_cmds, gui_cmds


def command_named(argv: Sequence[str]) -> str | None:
    """The command ``argv`` runs when it is plain (only ``--db PATH`` and ``-v`` before it), else
    None: help, a mistake or anything unusual gets the whole parser and its usual messages."""
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg == "--db":
            i += 2
        elif arg.startswith("--db=") or arg in _GLOBAL_FLAGS:
            i += 1
        else:
            return arg if arg in COMMANDS else None
    return None


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser: with ``command``, only that command's module registers its commands."""
    import argparse
    import importlib

    parser = argparse.ArgumentParser(
        prog="albumwise",
        description="Local, private captions for your photo library.",
    )
    parser.add_argument("--version", action="version", version=VERSION)
    parser.add_argument("--db", metavar="PATH", help="library database (default: $ALBUMWISE_DB or the user data dir)")
    parser.add_argument("-v", "--verbose", action="store_true", help="log details to stderr")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    if command is None:
        modules = command_modules()
    else:
        modules = (importlib.import_module(f"app.cli.{COMMANDS[command]}"),)
    for module in modules:
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv == ["--version"]:  # what argparse would print, without loading every command's module
        print(VERSION)
        return 0
    import logging

    from app.core import children, terminal

    children.mark_children()  # every process we start carries our pid (a stale one can be found later)
    parser = build_parser(command_named(argv))
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    func = getattr(args, "func", None)
    if func is None:  # `albumwise` alone (or with only global options) opens the window
        from app.cli import gui_cmds

        func = gui_cmds.run_gui
        args.folder = None
    out, err = sys.stdout, sys.stderr
    # file names, captions and keywords are untrusted: their control characters are shown, not obeyed
    sys.stdout, sys.stderr = terminal.SafeStream(out), terminal.SafeStream(err)
    try:
        return _run(func, args)
    finally:
        sys.stdout, sys.stderr = out, err


def _run(func: Callable[[argparse.Namespace], Any], args: argparse.Namespace) -> int:
    from app.cli.common import CliError

    try:
        return int(func(args) or 0)
    except CliError as exc:
        print(f"albumwise: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("albumwise: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # noqa: BLE001 - one clear line, never a traceback
        if os.environ.get("ALBUMWISE_DEBUG"):
            raise
        print(f"albumwise: error: {exc.__class__.__name__}: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    raise SystemExit(main())
