"""exiftool ends when Albumwise ends, however it ends (kill -9 included), and a stale one
left by an earlier crash is stopped. Real processes, real exiftool, the real CLI."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.core import children
from app.metadata.exiftool import ExifTool
from app.store import captions
from app.store import db as dbmod
from tests.doubles.library import add_photo, make_jpeg

# serial: these scan every process of the machine and reap stale exiftools, which the other tests of a
# parallel run would start and end under them.
pytestmark = [pytest.mark.exiftool, pytest.mark.serial,
              pytest.mark.skipif(not shutil.which("exiftool"), reason="exiftool missing")]
REPO = Path(__file__).resolve().parents[2]


def _exiftools_of(owner_pid: int) -> list[int]:
    """Live exiftool processes carrying ``ALBUMWISE_CHILD_OF=owner_pid`` (zombies do not count)."""
    out = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            env = Path(f"/proc/{entry}/environ").read_bytes()
            argv = Path(f"/proc/{entry}/cmdline").read_bytes().split(b"\0")[:3]
            state = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state == "Z" or not any(os.path.basename(a) == b"exiftool" for a in argv):
            continue
        if f"{children.MARKER}={owner_pid}".encode() in env.split(b"\0"):
            out.append(int(entry))
    return out


def _wait_until(cond, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if cond():
            return True
        time.sleep(0.02)
    return cond()


@pytest.mark.slow
def test_kill_9_during_a_write_leaves_no_exiftool(tmp_path: Path) -> None:
    dbp = tmp_path / "lib.db"
    db = dbmod.connect(dbp)
    for i in range(60):
        pid = add_photo(db, make_jpeg(tmp_path / "pics" / f"p{i:02d}.jpg", (320, 240)))
        captions.add_version(db, pid, text=f"A red and blue picture number {i}", source="model", state="draft")
    db.conn.close()
    for attempt in range(3):  # kill at different moments of the run
        cmd = ["approve", "--all-drafts"] if attempt == 0 else ["write"]  # then: what is approved, not written
        proc = subprocess.Popen([sys.executable, "-m", "app", "--db", str(dbp), *cmd, "--json"],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=REPO)
        if not _wait_until(lambda: _exiftools_of(proc.pid) or proc.poll() is not None, 30) or proc.poll() is not None:
            proc.kill()
            pytest.fail(f"the write never started exiftool: {proc.returncode} {proc.stderr.read()} {proc.stdout.read()[:500]}")
        time.sleep(0.1 * attempt)
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
        assert _wait_until(lambda: not _exiftools_of(proc.pid), 5), f"exiftool outlived the app: {_exiftools_of(proc.pid)}"


def test_a_stale_exiftool_from_an_earlier_crash_is_stopped(tmp_path: Path) -> None:
    # an "earlier run" that started exiftool without any protection and then died
    script = ("import os, subprocess, sys\n"
              f"env = dict(os.environ, {children.MARKER}=str(os.getpid()))\n"
              "p = subprocess.Popen(['exiftool', '-stay_open', 'True', '-@', '-'], stdin=subprocess.PIPE,\n"
              "                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)\n"
              "print(p.pid, flush=True)\n"
              "os._exit(0)\n")
    crashed = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=30)
    orphan = int(crashed.stdout.strip())
    try:
        assert _wait_until(lambda: os.path.exists(f"/proc/{orphan}"), 2)
        assert orphan in children.stale_children()
        children._REAPED = False  # a fresh process would reap on its first exiftool
        with ExifTool() as et:
            assert et.execute("-ver").status == 0
        assert _wait_until(lambda: orphan not in _exiftools_of_any(), 5)
    finally:
        try:
            os.kill(orphan, signal.SIGKILL)
        except OSError:
            pass


def _exiftools_of_any() -> list[int]:
    return [p for p in (int(e) for e in os.listdir("/proc") if e.isdigit()) if _is_live(p)]


def _is_live(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.parametrize("launcher", ["setpriv", "python"])
def test_our_exiftool_dies_with_its_parent(tmp_path: Path, launcher: str) -> None:
    """A Python parent that starts the driver's exiftool and is killed -9 takes exiftool with it,
    whichever launcher sets the parent-death signal (setpriv where it works, else Python's)."""
    if launcher == "setpriv" and children._working_setpriv() is None:
        pytest.skip("no setpriv with --pdeathsig here")
    script = ("import sys, time\n"
              f"sys.path.insert(0, {str(REPO)!r})\n"
              "from app.core import children\n"
              + ("children._SETPRIV = None\n" if launcher == "python" else "")
              + "from app.metadata.exiftool import ExifTool\n"
              "et = ExifTool().start()\n"
              "print(et.pid, flush=True)\n"
              "time.sleep(60)\n")
    parent = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    child = int(parent.stdout.readline())
    assert _is_live(child)
    parent.send_signal(signal.SIGKILL)
    parent.wait(10)
    assert _wait_until(lambda: not _is_live(child), 5), "exiftool outlived its parent"



def _marked(owner_pid: int) -> list[int]:
    """Live processes (zombies excluded) started by ``owner_pid`` or its children (they carry its mark)."""
    out = []
    key = f"{children.MARKER}={owner_pid}".encode()
    for entry in os.listdir("/proc"):
        if not entry.isdigit() or int(entry) == owner_pid:
            continue
        try:
            env = Path(f"/proc/{entry}/environ").read_bytes().split(b"\0")
        except OSError:
            continue
        if key in env and _is_live(int(entry)):
            out.append(int(entry))
    return out


@pytest.mark.slow
def test_kill_9_during_thumbnails_leaves_no_pool_worker(tmp_path: Path) -> None:
    dbp = tmp_path / "lib.db"
    for i in range(150):
        make_jpeg(tmp_path / "pics" / f"p{i:03d}.jpg", (1600, 1200))
    indexed = subprocess.run([sys.executable, "-m", "app", "--db", str(dbp), "index", str(tmp_path / "pics")],
                             capture_output=True, text=True, cwd=REPO, timeout=120)
    assert indexed.returncode == 0, indexed.stderr
    proc = subprocess.Popen([sys.executable, "-m", "app", "--db", str(dbp), "thumbnails", "--preview"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=REPO)
    try:
        assert _wait_until(lambda: len(_marked(proc.pid)) >= 2 or proc.poll() is not None, 60)
        assert proc.poll() is None and len(_marked(proc.pid)) >= 2, "the pool never started"
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
    assert _wait_until(lambda: not _marked(proc.pid), 10), f"pool processes outlived the app: {_marked(proc.pid)}"
