"""Child processes (exiftool, pool workers) end when Albumwise ends, however it ends.

``exiftool -stay_open True -@ -`` does not stop when its stdin closes: it keeps polling for more
arguments for ever, so a killed app used to leave a ``perl exiftool`` behind with parent 1. Three
layers, each covering what the one before cannot:

1. ``with_parent_death(argv)``: Linux's parent-death signal (``PR_SET_PDEATHSIG``), so the kernel
   signals the child the moment its parent dies, kill -9 included. It is set by a tiny launcher
   that then execs the real program (the signal survives exec): ``setpriv --pdeathsig`` from
   util-linux where it works, else a short Python launcher. Never a Popen ``preexec_fn``: in a
   process with threads the forked child runs Python before exec and can deadlock on a lock some
   other thread held at the fork (seen: the child finalised a garbage-collected SQLite connection
   and waited for ever on SQLite's mutex; Python's subprocess documentation warns of exactly this).
2. ``mark_children()``: every child inherits ``ALBUMWISE_CHILD_OF=<our pid>`` in its environment.
3. ``reap_stale()``: before starting an exiftool, any exiftool marked with a pid that is no longer
   alive (a crash on a system without the death signal, a parent that died while the launcher was
   still starting) is killed. Only our own marked exiftool processes are ever touched.

No Qt; Linux does all three, other systems do 2 (harmless) and nothing else.
"""

from __future__ import annotations

import logging
import os
import signal
import sys
from typing import TYPE_CHECKING, Sequence

if TYPE_CHECKING:  # ctypes and subprocess load when first used: every command imports this module
    import ctypes

log = logging.getLogger(__name__)

MARKER = "ALBUMWISE_CHILD_OF"
PR_SET_PDEATHSIG = 1
_LIBC: ctypes.CDLL | None = None


def _libc() -> ctypes.CDLL | None:
    global _LIBC
    import ctypes.util

    if _LIBC is None and sys.platform.startswith("linux"):
        try:
            _LIBC = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        except OSError:  # pragma: no cover - a libc we cannot load
            _LIBC = None
    return _LIBC


def set_parent_death_signal(sig: int = signal.SIGTERM) -> bool:
    """Ask the kernel to send ``sig`` to this process when its parent dies (Linux); True if set."""
    libc = _libc()
    if libc is None:
        return False
    return libc.prctl(PR_SET_PDEATHSIG, int(sig), 0, 0, 0) == 0


_LAUNCHER = (  # argv: signal number, the parent's pid, then the program and its arguments
    "import ctypes, os, sys\n"
    "ctypes.CDLL(None, use_errno=True).prctl(1, int(sys.argv[1]), 0, 0, 0)\n"
    "if os.getppid() != int(sys.argv[2]):\n"
    "    os._exit(1)\n"
    "os.execvp(sys.argv[3], sys.argv[3:])\n"
)
_SETPRIV: str | None | bool = False  # False: not looked for yet; None: none that works here


def _working_setpriv() -> str | None:
    """util-linux ``setpriv`` if it accepts ``--pdeathsig`` (2.33+; busybox's does not). Checked once."""
    global _SETPRIV
    import shutil
    import subprocess

    if _SETPRIV is False:
        _SETPRIV = None
        exe = shutil.which("setpriv")
        if exe:
            try:
                ok = subprocess.run([exe, "--pdeathsig", "TERM", "--", "true"], stdin=subprocess.DEVNULL,
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=10).returncode == 0
            except (OSError, subprocess.SubprocessError):
                ok = False
            _SETPRIV = exe if ok else None
    return _SETPRIV or None


def with_parent_death(argv: Sequence[str], sig: int = signal.SIGTERM) -> list[str]:
    """``argv`` behind a launcher that makes the program get ``sig`` when we die (Linux; elsewhere,
    or in a frozen app without setpriv, ``argv`` unchanged: ``reap_stale`` is the safety net).

    SIGTERM, not SIGKILL: exiftool then removes its temporary file of an unfinished write. The parent
    is the *thread* that starts the program (the kernel's rule), which is why an ``ExifTool`` is
    started and used by one long-lived thread.
    """
    argv = list(argv)
    if not sys.platform.startswith("linux"):
        return argv
    name = signal.Signals(sig).name.removeprefix("SIG")
    setpriv = _working_setpriv()
    if setpriv:
        return [setpriv, "--pdeathsig", name, "--", *argv]
    if getattr(sys, "frozen", False) or not sys.executable:
        return argv
    return [sys.executable, "-S", "-E", "-c", _LAUNCHER, str(int(sig)), str(os.getpid()), *argv]


def worker_initializer() -> None:
    """``initializer`` for process-pool workers: they die with the process that started them (the
    forkserver, which itself exits when the app is gone)."""
    set_parent_death_signal(signal.SIGKILL)


def mark_children() -> None:
    """Children started from now on carry our pid (see ``reap_stale``)."""
    pid = str(os.getpid())
    if os.environ.get(MARKER) != pid:
        os.environ[MARKER] = pid


def _alive(pid: int) -> bool:
    if os.name == "nt":  # os.kill(pid, 0) would terminate the process there
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def _read(path: str) -> bytes:
    try:
        with open(path, "rb") as f:
            return f.read()
    except OSError:
        return b""


def stale_children(name: str = "exiftool") -> list[int]:
    """Pids of marked processes whose cmdline mentions ``name`` and whose marking parent is gone."""
    if not os.path.isdir("/proc"):
        return []
    found: list[int] = []
    me = os.getpid()
    uid = os.getuid()
    for entry in os.listdir("/proc"):
        if not entry.isdigit() or int(entry) == me:
            continue
        base = f"/proc/{entry}"
        try:
            if os.stat(base).st_uid != uid:
                continue
        except OSError:
            continue
        env = _read(base + "/environ")
        key = MARKER.encode() + b"="
        owner = next((v[len(key):] for v in env.split(b"\0") if v.startswith(key)), None)
        if not owner or not owner.isdigit():
            continue
        argv = _read(base + "/cmdline").split(b"\0")[:3]  # "perl /usr/bin/exiftool -stay_open ..."
        if not any(os.path.basename(a) == name.encode() for a in argv):
            continue
        if not _alive(int(owner)):
            found.append(int(entry))
    return found


def reap_stale(name: str = "exiftool") -> int:
    """Kill marked ``name`` processes left behind by a dead Albumwise; returns how many."""
    n = 0
    for pid in stale_children(name):
        try:
            os.kill(pid, signal.SIGKILL)
            n += 1
            log.info("stopped a stale %s (pid %d) left by an earlier run", name, pid)
        except OSError:
            pass
    return n


_REAPED = False


def before_starting_exiftool() -> None:
    """Mark our children and, once per process, clear exiftools an earlier crash left running."""
    global _REAPED
    mark_children()
    if not _REAPED:
        _REAPED = True
        try:
            reap_stale("exiftool")
        except Exception:  # noqa: BLE001 - cleaning up after others must never stop us
            log.debug("reaping stale exiftool failed", exc_info=True)
