"""``albumwise gui [FOLDER]``: open the desktop window (Qt is imported only here, lazily)."""

from __future__ import annotations

import os
import re
import sys
from typing import Any

from app.cli.args import Subparsers, command
from app.cli.common import CliError


def register(sub: Subparsers) -> None:
    """Add ``gui`` to the `albumwise` parser."""
    p = command(sub, "gui", run_gui, help="open the Albumwise window (the default)")
    p.add_argument("folder", nargs="?", help="a photo folder to add and open")


HEADLESS_PLATFORMS = ("offscreen", "minimal", "vnc", "eglfs", "linuxfb", "vkkhrdisplay")


def display_problem(env: dict[str, str] | None = None) -> str | None:
    """Why the window cannot open here (no display), or None. Checked before Qt is loaded: Qt itself
    aborts the process (exit 134) with advice about reinstalling libraries."""
    env = dict(os.environ) if env is None else env
    if sys.platform in ("darwin", "win32", "cygwin"):
        return None
    platform = env.get("QT_QPA_PLATFORM", "").split(":", 1)[0].split(";", 1)[0]
    if platform in HEADLESS_PLATFORMS:
        return None
    wayland, x11 = env.get("WAYLAND_DISPLAY", ""), env.get("DISPLAY", "")
    if wayland:
        runtime = env.get("XDG_RUNTIME_DIR", "")
        if os.path.isabs(wayland) or not runtime or os.path.exists(os.path.join(runtime, wayland)):
            return None
    if x11:
        m = re.fullmatch(r"(?:unix)?:(\d+)(?:\.\d+)?", x11)
        if m is None or _x11_listening(m.group(1)):
            return None  # a remote or forwarded display (ssh -X) is for Qt to try
        return f"no display: the X server {x11} is not running"
    return "no display to open the window on (neither DISPLAY nor WAYLAND_DISPLAY is set)"


def _x11_listening(number: str) -> bool:
    """A local X server listens on /tmp/.X11-unix/XN, or (containers) only on the abstract socket."""
    path = f"/tmp/.X11-unix/X{number}"
    if os.path.exists(path):
        return True
    if not sys.platform.startswith("linux"):
        return False
    import socket

    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.settimeout(1.0)
        try:
            sock.connect("\0" + path)
            return True
        except OSError:
            return False


def run_gui(args: Any) -> int:
    problem = display_problem()
    if problem:
        raise CliError(f"{problem}; use the command line instead: albumwise index FOLDER, albumwise caption "
                       f"--all-missing, albumwise search TEXT (albumwise --help lists every command)")
    try:
        from app.ui.app import run  # noqa: PLC0415 - keep Qt out of CLI-only runs
    except ImportError as exc:
        raise CliError(f"the desktop window is not available: {exc}") from exc
    return run(args)
