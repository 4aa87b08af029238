"""Messages a person can act on: the window without a display, any text as a search query."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from app.cli.gui_cmds import display_problem
from app.store import captions
from app.store import db as dbmod
from tests.search.helpers import add_photo

REPO = Path(__file__).resolve().parents[2]


def _run(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "app", *args], cwd=REPO, env=env, capture_output=True, text=True,
                          timeout=60)


def test_window_without_a_display_says_so_in_one_line(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    for args in ([], ["gui"], ["gui", str(tmp_path)]):
        r = _run(*args, env=env)
        assert r.returncode == 1, (args, r.returncode, r.stderr)
        lines = r.stderr.strip().splitlines()
        assert len(lines) == 1 and "no display" in lines[0] and "albumwise caption" in lines[0], r.stderr
        assert "Traceback" not in r.stderr and "reinstall" not in r.stderr.lower()
    r = _run("gui", env=dict(env, DISPLAY=":93"))  # a display name whose X server is not running
    assert r.returncode == 1 and "X server :93 is not running" in r.stderr and r.stderr.count("\n") == 1


def test_display_detection() -> None:
    assert display_problem({}) is not None
    assert display_problem({"QT_QPA_PLATFORM": "offscreen"}) is None
    assert display_problem({"DISPLAY": "remotehost:10.0"}) is None  # ssh -X: Qt tries
    assert "not running" in display_problem({"DISPLAY": ":93"})  # type: ignore[operator]


def test_search_takes_any_text_as_the_query(tmp_path: Path) -> None:
    dbp = tmp_path / "lib.db"
    db = dbmod.connect(dbp)
    a = add_photo(db, "/pics/a.jpg", None)
    b = add_photo(db, "/pics/b.jpg", None)
    captions.add_version(db, a, text="A+ grade on a test sheet", source="model", state="draft")
    captions.add_version(db, b, text="A dog at night", source="model", state="draft")
    db.conn.close()
    env = dict(os.environ)
    for query in (["+a"], ["+", "sheet"], ["-night", "a"], ["--", "-night", "a"], ["a", "-night"]):
        r = _run("--db", str(dbp), "search", *query, "--mode", "words", "--json", env=env)
        assert r.returncode == 0, (query, r.stderr)
        assert "b.jpg" not in r.stdout or "-night" not in query, (query, r.stdout)
    r = _run("--db", str(dbp), "search", "+a", "--mode", "words", env=env)
    assert r.returncode == 0 and "a.jpg" in r.stdout, r.stdout + r.stderr
    r = _run("--db", str(dbp), "search", "-night", "dog", "--mode", "words", "--json", env=env)
    assert r.returncode == 0 and r.stdout.strip() == "[]"  # the documented exclusion still works
