"""Commands start fast because they import only what they use: ``--version`` and ``--help`` load no
heavy library at all, a words search or a listing loads no numpy, HTTP or imaging library, a search
(which only reads) not even sqlite-utils, and a command line loads its own command's module only.

Each case runs the entry point the way the ``albumwise`` script does, in a fresh interpreter, and
reads which modules it loaded (the times themselves are measured by tests/bench/bench_startup.py)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.store import captions
from app.store import db as dbmod
from tests.search.helpers import add_photo

REPO = Path(__file__).resolve().parents[2]
HEAVY = ("numpy", "sqlite_utils", "sqlean", "sqlite_vec", "httpx", "ollama", "PIL", "pillow_heif", "av", "rawpy",
         "asyncio", "PySide6", "lingua", "wordfreq", "faker", "babel", "timezonefinder", "exiftool")
# a search and a listing only read: plain SQLite (app.store.reader), no sqlite-utils and what it brings
READER = {"sqlean"}
WRITER_ONLY = ("sqlite_utils", "click", "pluggy", "dateutil", "sqlite_fts4", "app.store.migrations")

RUN = r"""
import json, sys
from app.cli.main import main
try:
    code = main(sys.argv[1:])
except SystemExit as exc:  # --version and --help end in argparse's exit
    code = exc.code
loaded = sorted({name.split(".")[0] for name in sys.modules} | set(sys.modules))
sys.stderr.write("\nMODULES " + json.dumps({"code": code, "loaded": loaded}) + "\n")
"""


def _loaded(*args: str, home: Path) -> set[str]:
    env = dict(os.environ, ALBUMWISE_HOME=str(home))
    proc = subprocess.run([sys.executable, "-c", RUN, *args], cwd=REPO, env=env, capture_output=True, text=True,
                          timeout=120)
    line = next(ln for ln in proc.stderr.splitlines() if ln.startswith("MODULES "))
    out = json.loads(line.removeprefix("MODULES "))
    assert out["code"] in (0, None), proc.stderr
    return set(out["loaded"])


@pytest.mark.parametrize("flag", ["--version", "--help"])
def test_version_and_help_load_no_heavy_module(tmp_path: Path, flag: str) -> None:
    loaded = _loaded(flag, home=tmp_path)
    assert not loaded & set(HEAVY), sorted(loaded & set(HEAVY))


def test_a_words_search_and_a_listing_load_only_plain_sqlite(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ALBUMWISE_HOME", str(tmp_path))
    from app.config import app_paths

    db = dbmod.connect(app_paths().ensure().db_path)
    pid = add_photo(db, "/pics/Holidays/IMG_0001.jpg", None, taken_at="2019-07-02T10:00:00")
    captions.add_version(db, pid, text="A dog running on a beach", source="model", state="draft")
    db.conn.close()
    for args in (["search", "dog"], ["search", "dog", "--json"], ["list"], ["list", "--json"]):
        loaded = _loaded(*args, home=tmp_path)
        assert not loaded & (set(HEAVY) - READER), (args, sorted(loaded & set(HEAVY)))
        assert not loaded & set(WRITER_ONLY), (args, sorted(loaded & set(WRITER_ONLY)))


def test_a_search_loads_no_sqlite_utils_and_no_other_command(tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ALBUMWISE_HOME", str(tmp_path))
    from app.cli.main import COMMANDS
    from app.config import app_paths
    from app.search import ranking

    db = dbmod.connect(app_paths().ensure().db_path)
    pid = add_photo(db, "/pics/Street/red_car.jpg", None)
    captions.add_version(db, pid, text="A red car parked at night", source="model", state="draft")
    ranking.maintain(db)
    db.conn.close()
    others = {f"app.cli.{m}" for m in COMMANDS.values()} - {"app.cli.search_cmds"}
    for args in (["search", "dog"], ["search", "red car", "--json"], ["-v", "--db", str(app_paths().db_path),
                                                                      "search", '"red car"', "-night"]):
        loaded = _loaded(*args, home=tmp_path)
        assert not loaded & (set(HEAVY) - READER), (args, sorted(loaded & set(HEAVY)))
        assert not loaded & {*WRITER_ONLY, *others}, (args, sorted(loaded & {*WRITER_ONLY, *others}))
        assert "app.cli.search_cmds" in loaded


def test_a_search_that_needs_the_writer_first_opens_it(tmp_path: Path) -> None:
    """No library yet: the writer creates it (as before), and the search answers."""
    env = dict(os.environ, ALBUMWISE_HOME=str(tmp_path))
    proc = subprocess.run([sys.executable, "-m", "app", "search", "red car"], cwd=REPO, env=env, capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode == 0 and proc.stdout == "no photos found\n", proc.stderr
    assert "sqlite_utils" in _loaded("search", "dog", home=tmp_path / "fresh")


def test_every_command_is_found_in_its_module() -> None:
    """``COMMANDS`` names the module that registers each command, and every command is in it."""
    import argparse

    from app.cli.main import COMMANDS, command_modules

    registered = {}
    for module in command_modules():
        sub = argparse.ArgumentParser().add_subparsers()
        module.register(sub)
        registered.update(dict.fromkeys(sub.choices, module.__name__.removeprefix("app.cli.")))
    assert registered == COMMANDS


@pytest.mark.parametrize("argv, command", [
    (["search", "dog"], "search"), (["--db", "x.db", "-v", "list"], "list"), (["--db=x.db", "index", "."], "index"),
    (["--verbose", "purge-missing"], "purge-missing"), (["--help"], None), (["--db", "x.db"], None), ([], None),
    (["-h", "search"], None), (["--d", "x.db", "search"], None), (["serch", "dog"], None), (["--db"], None),
])
def test_the_command_of_a_command_line(argv: list[str], command: str | None) -> None:
    """Only a plain command line skips the other commands' modules; anything else (help, an
    abbreviation, a typo) gets the whole parser and its usual messages."""
    from app.cli.main import command_named

    assert command_named(argv) == command


def test_version_prints_without_loading_any_command(tmp_path: Path) -> None:
    run = ("import json, sys\nfrom app.cli.main import main\ncode = main(['--version'])\n"
           "sys.stderr.write('\\nMODULES ' + json.dumps({'code': code, 'loaded': sorted(sys.modules)}) + '\\n')\n")
    proc = subprocess.run([sys.executable, "-c", run], cwd=REPO, env=dict(os.environ, ALBUMWISE_HOME=str(tmp_path)),
                          capture_output=True, text=True, timeout=120)
    out = json.loads(next(ln for ln in proc.stderr.splitlines() if ln.startswith("MODULES ")).removeprefix("MODULES "))
    from app import __version__

    assert proc.stdout == f"albumwise {__version__}\n" and out["code"] == 0
    loaded = [m for m in out["loaded"] if m.startswith("app.cli.") or m in ("argparse", "logging")]
    assert loaded == ["app.cli.main"], loaded
