"""``albumwise gui [FOLDER]``: open the desktop window (Qt is imported only here, lazily)."""

from __future__ import annotations

import argparse
from typing import Any

from app.cli.common import CliError


def register(sub: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    p = sub.add_parser("gui", help="open the Albumwise window (the default)")
    p.add_argument("folder", nargs="?", help="a photo folder to add and open")
    p.set_defaults(func=run_gui)


def run_gui(args: Any) -> int:
    try:
        from app.ui.app import run  # noqa: PLC0415 - keep Qt out of CLI-only runs
    except ImportError as exc:
        raise CliError(f"the desktop window is not available: {exc}") from exc
    return run(args)
