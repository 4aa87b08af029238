"""exiftool for the tests' own reads and set-ups, as if run on the command line, without paying Perl's
start-up each time.

``exiftool(*args)`` returns what ``subprocess.run(["exiftool", *args], capture_output=True)`` would:
the exit status, stdout and stderr. It sends the arguments to a long-running ``exiftool -stay_open``
(PyExifTool) kept per test process, per ``-config`` file, per ``-use`` module and per working folder, so hundreds of
checks cost one start-up each instead of ~0.1 s of CPU apiece. It is independent of the app's own
exiftool driver (app/metadata/exiftool.py), which the tests check with it.

Arguments an argument file cannot carry unchanged (line breaks, leading or trailing blanks, a leading
``#``, names that are not UTF-8, reading stdin) make it fall back to a one-off ``exiftool`` process, so
the answer is the same either way. The processes end with the test process (``close_all``, called by
conftest at the end of the session, and at exit).
"""

from __future__ import annotations

import atexit
import os
import subprocess
import threading
from typing import Union

from exiftool import ExifTool

Arg = Union[str, bytes, os.PathLike]

_lock = threading.Lock()
_running: dict[tuple[str | None, str, tuple[str, ...]], ExifTool] = {}


def _fits_an_argument_file(arg: str) -> bool:
    """One argument per line, stripped of blanks, ``#`` lines are comments (exiftool's ``-@`` rules)."""
    if not arg or arg != arg.strip() or arg.startswith("#") or any(c in arg for c in "\n\r\0"):
        return False
    try:
        arg.encode("utf-8")
    except UnicodeEncodeError:  # a file name that is not UTF-8 (surrogate escapes)
        return False
    return arg not in ("-@", "-stay_open", "-common_args")


def _one_off(args: list[str | bytes], text: bool, input: str | bytes | None) -> subprocess.CompletedProcess:
    return subprocess.run(["exiftool", *args], capture_output=True, text=text, input=input, check=False)


def _process(config: str | None, use: tuple[str, ...]) -> ExifTool:
    key = (config, os.getcwd(), use)
    et = _running.get(key)
    if et is None or not et.running:
        et = ExifTool(common_args=[], config_file=config, encoding="utf-8")
        et.run()
        _running[key] = et
    return et


def exiftool(*args: Arg, text: bool = False, input: str | bytes | None = None,
             check: bool = False) -> subprocess.CompletedProcess:
    """``exiftool *args`` (stdout/stderr as bytes, or str with ``text=True``); ``check`` raises on a
    non-zero status like ``subprocess.run(check=True)``."""
    argv: list[str | bytes] = [os.fspath(a) for a in args]
    config = None
    if len(argv) >= 2 and argv[0] == "-config":
        config, rest = os.fsdecode(argv[1]), argv[2:]
    else:
        rest = argv
    if input is not None or not all(isinstance(a, str) and _fits_an_argument_file(a) for a in rest):
        proc = _one_off(argv, text, input)
    else:
        with _lock:
            # A module loaded with -use stays loaded for the life of the process (MWG adds its own
            # tags to every later dump): each set of modules gets a process of its own.
            use = tuple(sorted(str(b) for a, b in zip(rest, rest[1:]) if a == "-use"))
            et = _process(config, use)
            out = et.execute(*rest, raw_bytes=True)
            err, status = et.last_stderr, et.last_status
        assert isinstance(out, bytes) and isinstance(err, bytes) and status is not None
        proc = subprocess.CompletedProcess(["exiftool", *argv], status, out.decode("utf-8") if text else out,
                                           err.decode("utf-8", "replace") if text else err)
    if check:
        proc.check_returncode()
    return proc


def close_all() -> None:
    """End every long-running exiftool of this process."""
    with _lock:
        for et in _running.values():
            try:
                et.terminate()
            except Exception:  # noqa: BLE001 - already gone
                pass
        _running.clear()


atexit.register(close_all)
