"""Starting exiftool from a process full of threads never hangs: no Python runs between fork and exec
(no ``preexec_fn``), checked by hundreds of starts beside threads using SQLite. Each check runs in a
process group of its own, so a hang is a timeout here, not a wedged test run. Not serial: these
watch only their own processes."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from app.core import children

pytestmark = [pytest.mark.exiftool, pytest.mark.skipif(not shutil.which("exiftool"), reason="exiftool missing")]
REPO = Path(__file__).resolve().parents[2]

BUSY_SQLITE = r"""
import os, sys, tempfile, threading, time
sys.path.insert(0, sys.argv[1])
from app.metadata.exiftool import ExifTool
from app.store import db as dbmod

path = os.path.join(tempfile.mkdtemp(dir=sys.argv[2]), "lib.db")
setup = dbmod.connect(path)  # the app's connection: WAL, as the window's database threads use it
setup.execute("CREATE TABLE busy(x)")
setup.conn.commit()
local = threading.local()

def idle():  # a thread keeping its own connection in a threading.local, as a DB owner thread does
    local.db = dbmod.connect(path)
    local.db.execute("SELECT count(*) FROM busy").fetchone()
    time.sleep(3600)

def busy():  # another thread at work on the same file: it takes the WAL index's lock all the time
    db = dbmod.connect(path)
    while True:
        db.execute("INSERT INTO busy VALUES (1)")
        db.conn.commit()
        db.execute("SELECT count(*) FROM busy").fetchone()

for target in (idle, busy):
    threading.Thread(target=target, daemon=True).start()
time.sleep(0.3)
for _ in range(300):  # before the fix about 1 start in 200 hung
    ExifTool().start().kill()
print("started 300", flush=True)
os._exit(0)
"""


def test_starting_exiftool_beside_busy_database_threads_never_hangs(tmp_path: Path) -> None:
    """Starting exiftool runs no Python between fork and exec: a child that re-initialised Python
    there closed other threads' thread-local SQLite connections and could wait for ever on a lock
    a thread that no longer existed held (the window's write-back then hung)."""
    proc = subprocess.Popen([sys.executable, "-c", BUSY_SQLITE, str(REPO), str(tmp_path)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        out, err = proc.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)  # the stuck forks are in its process group
        proc.communicate()
        pytest.fail("starting exiftool hung beside threads using SQLite")
    assert proc.returncode == 0 and out.strip() == "started 300", err[-2000:]



def test_no_preexec_fn_anywhere_in_the_app() -> None:
    """The app has threads everywhere (the DB owner, readers, pipe pumps): a ``preexec_fn`` runs Python
    in the forked child before exec, where it can deadlock (Python's subprocess documentation)."""
    import ast

    found = []
    for path in (REPO / "app").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.keyword) and node.arg == "preexec_fn":
                found.append(f"{path.relative_to(REPO)}:{node.value.lineno}")
    assert not found, found


def test_no_exiftool_binding_that_forks_with_a_preexec_fn() -> None:
    """pyexiftool starts exiftool with a ``preexec_fn`` that loads libc in the forked child: the scan's
    reads hung there (a child forked while the place-loading thread imported). The app drives exiftool
    only through ``app.metadata.exiftool``."""
    import ast

    found = []
    for path in (REPO / "app").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) and not node.level else [])
            if any(n == "exiftool" or n.startswith("exiftool.") for n in names):
                found.append(f"{path.relative_to(REPO)}:{node.lineno}")
    assert not found, found


@pytest.mark.parametrize("launcher", ["setpriv", "python"])
def test_exiftool_starts_and_stops_beside_sqlite_threads_without_a_hang(launcher: str) -> None:
    """200 starts and stops while other threads create, use and drop SQLite connections (the hang
    seen in the window: a forked child finalised a connection before exec and waited for ever on
    SQLite's mutex). A separate process, so a hang is a timeout here, not a wedged test run.
    tests/bench/bench_children.py repeats it 100 times."""
    if launcher == "setpriv" and children._working_setpriv() is None:
        pytest.skip("no setpriv with --pdeathsig here")
    code = ("from app.core import children\n"
            + ("children._SETPRIV = None\n" if launcher == "python" else "")
            + "from tests.metadata.exiftool_churn import main\nmain(200)\n")
    code_, out, err = run_in_own_group([sys.executable, "-c", code], timeout=90)
    if code_ is None:
        pytest.fail("starting exiftool hung (a child stuck between fork and exec)")
    assert code_ == 0 and out.startswith("ok 200"), err


def run_in_own_group(argv: list[str], timeout: float) -> tuple[int | None, str, str]:
    """Run ``argv`` in a process group of its own; on timeout kill the whole group (a child stuck
    before exec is a copy of the Python process: killing only the parent would leave it) and
    return None as the exit code."""
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=REPO,
                            start_new_session=True)
    try:
        out, err = proc.communicate(timeout=timeout)
        return proc.returncode, out, err
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        out, err = proc.communicate()
        return None, out, err
