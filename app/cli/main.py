"""``albumwise`` entry point: parses the command line and dispatches to command modules.

Each command module exposes ``register(subparsers)``; the handler it sets with
``set_defaults(func=...)`` receives the parsed args and returns an exit code. A new command is
registered by its module and listed, with its summary, in ``app/cli/commands.py`` (``--help`` is
answered from that list without loading any command's module).
Exit codes: 0 success (bad photos are reported, not fatal), 1 failure, 2 usage error.
"""

from __future__ import annotations

import os
import sys

TYPE_CHECKING = False  # `--version` and `--help` do without the typing module
if TYPE_CHECKING:
    import argparse
    from typing import Any, Callable, Sequence

from app import __version__

VERSION = f"albumwise {__version__}"
_DESCRIPTION = "Local, private captions for your photo library."


def command_modules() -> tuple[Any, ...]:
    """Every command module (each registers its subcommands), in the order their commands are listed."""
    from app.cli import commands

    return tuple(commands.load(name) for name in commands.MODULES)


def build_parser(*, lazy: bool = False) -> argparse.ArgumentParser:
    """The parser of every command. ``lazy``: commands are listed from ``app.cli.commands`` and the
    one a command line names is built when argparse reaches it (what ``main`` uses: ``--help`` and
    any one command load no other command's module); otherwise every command is built now."""
    import argparse

    from app.cli import commands

    parser = argparse.ArgumentParser(prog="albumwise", description=_DESCRIPTION, formatter_class=commands.HelpFormatter)
    parser.add_argument("--version", action="version", version=VERSION)
    parser.add_argument("--db", metavar="PATH", help="library database (default: $ALBUMWISE_DB or the user data dir)")
    parser.add_argument("-v", "--verbose", action="store_true", help="log details to stderr")
    if lazy:
        sub = parser.add_subparsers(dest="command", metavar="COMMAND", action=commands.LazyCommands)
        sub.list_commands(commands.TABLE)
    else:
        sub = parser.add_subparsers(dest="command", metavar="COMMAND")
        for module in command_modules():
            module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv == ["--version"]:  # what argparse would print, without loading every command's module
        print(VERSION)
        return 0
    args = build_parser(lazy=True).parse_args(argv)  # `--help` and usage errors end here
    import logging

    from app.core import children, terminal

    children.mark_children()  # every process we start carries our pid (a stale one can be found later)
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
