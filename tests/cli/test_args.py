"""The shared argument shapes of ``app/cli/args.py``: cheap to import, and one meaning each."""

from __future__ import annotations

import argparse
import ast
import sys
from pathlib import Path

import pytest

from app.cli import args as cli_args

ARGS_FILE = Path(cli_args.__file__)


def test_the_argument_helpers_import_only_the_standard_library() -> None:
    """Building the parser runs at every start (``--help`` included): no app or third-party module."""
    tree = ast.parse(ARGS_FILE.read_text(encoding="utf-8"))
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            imported.add((node.module or "").split(".")[0])
    assert imported and imported <= set(sys.stdlib_module_names) | {"__future__"}, sorted(imported)


def _parser() -> tuple[argparse.ArgumentParser, argparse._SubParsersAction]:
    root = argparse.ArgumentParser(prog="albumwise")
    return root, root.add_subparsers(dest="command")


@pytest.mark.parametrize(("paths", "argv", "expected"), [
    ("one", ["x", "a.jpg"], {"path": "a.jpg"}),
    ("*", ["x"], {"paths": []}),
    ("*", ["x", "a.jpg", "b.jpg"], {"paths": ["a.jpg", "b.jpg"]}),
    ("+", ["x", "a.jpg"], {"paths": ["a.jpg"]}),
])
def test_a_command_names_its_photos_and_its_handler(paths, argv, expected) -> None:
    root, sub = _parser()

    def handler(_args: argparse.Namespace) -> int:
        return 0

    cli_args.command(sub, "x", handler, help="a command", paths=paths, json=True)
    ns = root.parse_args(argv + ["--json"])
    assert ns.func is handler and ns.json is True
    assert {k: getattr(ns, k) for k in expected} == expected


def test_a_command_that_needs_photos_refuses_none() -> None:
    root, sub = _parser()
    cli_args.command(sub, "x", lambda _a: 0, help="a command", paths="+")
    with pytest.raises(SystemExit):
        root.parse_args(["x"])


def test_write_options_keep_the_file_date_choices_apart() -> None:
    root, sub = _parser()
    p = cli_args.command(sub, "x", lambda _a: 0, help="a command")
    cli_args.add_write_options(p, ("auto", "file", "sidecar_only"), approve=True)
    ns = root.parse_args(["x", "--no-write", "--target", "file", "--keep-file-dates"])
    assert (ns.no_write, ns.target, ns.keep_file_dates, ns.update_file_dates) == (True, "file", True, False)
    with pytest.raises(SystemExit):
        root.parse_args(["x", "--keep-file-dates", "--update-file-dates"])
