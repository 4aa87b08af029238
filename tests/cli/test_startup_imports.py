"""Commands start fast because they import only what they use: ``--version`` and ``--help`` load no
heavy library at all, a words search or a listing loads no numpy, HTTP or imaging library, a search
(which only reads) not even sqlite-utils, and a command line loads its own command's module only.

Each case runs the entry point the way the ``albumwise`` script does, in a fresh interpreter, and
reads which modules it loaded (the times themselves are measured by tests/bench/bench_startup.py)."""

from __future__ import annotations

import argparse
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
    from app.cli.commands import COMMANDS
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


def _commands_of(parser: argparse.ArgumentParser) -> argparse._SubParsersAction:
    return next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))


def test_the_command_table_is_what_the_modules_register() -> None:
    """``app.cli.commands.TABLE`` lists every command a module registers, with the summary that
    module gives it, in the order a parser built whole lists them, and names the module."""
    from app.cli import commands
    from app.cli.main import build_parser, command_modules

    whole = _commands_of(build_parser())
    listed = [(a.dest, a.help) for a in whole._choices_actions]
    assert listed == [(name, summary) for name, _module, summary in commands.TABLE]
    registered = {}
    for module in command_modules():
        sub = argparse.ArgumentParser().add_subparsers()
        module.register(sub)
        registered.update(dict.fromkeys(sub.choices, module.__name__.removeprefix("app.cli.")))
    assert registered == commands.COMMANDS


def test_the_listed_commands_give_the_same_help_and_parsers(monkeypatch: pytest.MonkeyPatch) -> None:
    """``albumwise --help`` from the table is the help of the parser built whole, and once each
    command's module has built its commands, the parser is the whole one, option for option."""
    from app.cli import commands
    from app.cli.main import build_parser
    from tests.cli.test_parser_contract import shape

    monkeypatch.setenv("COLUMNS", "100")
    whole, lazy = build_parser(), build_parser(lazy=True)
    assert lazy.format_help() == whole.format_help()
    assert lazy.format_usage() == whole.format_usage()
    action = _commands_of(lazy)
    assert set(action.choices) == set(commands.COMMANDS) and not any(action.choices.values())
    for module in commands.MODULES:
        commands.load(module).register(action)
    built, expected = shape(lazy), shape(whole)
    assert [a.pop("action") for a in built["arguments"] if a["dest"] == "command"] == ["LazyCommands"]
    assert [a.pop("action") for a in expected["arguments"] if a["dest"] == "command"] == ["_SubParsersAction"]
    assert built == expected


def _modules_of(loaded: set[str]) -> set[str]:
    return {m for m in loaded if m.startswith("app.cli.") and m.endswith("_cmds")}


@pytest.mark.parametrize("argv, module", [
    (["--help"], None), (["-h", "search"], None), (["serch", "dog"], None), (["--db"], None),
    (["--d", "x.db", "search", "--help"], "search_cmds"), (["--verb", "list", "-h"], "index_cmds"),
    (["--db=x.db", "models", "pull", "--help"], "caption_cmds"), (["context", "--bogus"], "context_cmds"),
])
def test_a_command_line_loads_only_the_module_of_its_command(tmp_path: Path, argv: list[str],
                                                             module: str | None) -> None:
    """Help, a typo, an abbreviated option, a command's own help or error: only the module of the
    command the line names (if any) is loaded."""
    env = dict(os.environ, ALBUMWISE_HOME=str(tmp_path))
    proc = subprocess.run([sys.executable, "-c", RUN, *argv], cwd=REPO, env=env, capture_output=True, text=True,
                          timeout=120)
    line = next(ln for ln in proc.stderr.splitlines() if ln.startswith("MODULES "))
    loaded = set(json.loads(line.removeprefix("MODULES "))["loaded"])
    assert _modules_of(loaded) == ({f"app.cli.{module}"} if module else set())


#: What ``--help`` and ``--version`` do without (beyond the heavy libraries): no command's set-up,
#: and none of the standard modules only annotations, threads or shutil's terminal size would need.
NOT_FOR_HELP = {"logging", "app.core.terminal", "app.core.children", "app.cli.args", "app.cli.common", "app.config",
                "typing", "shutil", "threading", "dataclasses", "json"}
RUN_ADDED = r"""
import json, sys
before = set(sys.modules)
from app.cli.main import main
try:
    code = main(sys.argv[1:])
except SystemExit as exc:
    code = exc.code
sys.stderr.write("\nMODULES " + json.dumps({"code": code, "before": sorted(before),
                                              "added": sorted(set(sys.modules) - before)}) + "\n")
"""


@pytest.mark.parametrize("flag", ["--help", "--version"])
def test_help_and_version_load_no_command_module_and_no_set_up(tmp_path: Path, flag: str) -> None:
    """``albumwise --help`` is answered by argparse from the table of commands, ``--version`` before
    argparse: no command's module, no logging or terminal set-up (those come after the command line
    is parsed), not even ``typing`` or ``shutil``."""
    env = dict(os.environ, ALBUMWISE_HOME=str(tmp_path))
    proc = subprocess.run([sys.executable, "-c", RUN_ADDED, flag], cwd=REPO, env=env, capture_output=True, text=True,
                          timeout=120)
    out = json.loads(next(ln for ln in proc.stderr.splitlines() if ln.startswith("MODULES ")).removeprefix("MODULES "))
    before, added = set(out["before"]), set(out["added"])
    assert out["code"] == 0 and proc.stdout.startswith("usage: albumwise" if flag == "--help" else "albumwise ")
    assert not before & (NOT_FOR_HELP - {"json"}), "loaded before Albumwise started: this test cannot tell"
    assert not _modules_of(added), sorted(_modules_of(added))
    assert not added & NOT_FOR_HELP, sorted(added & NOT_FOR_HELP)


@pytest.mark.parametrize("columns", ["100", "61", "0", "wide", None])
def test_help_is_laid_out_for_the_width_shutil_gives(monkeypatch: pytest.MonkeyPatch, columns: str | None) -> None:
    """The top-level help asks the terminal's width itself (not through shutil) and gets the same
    answer: ``$COLUMNS``, else the terminal's (a pseudo-terminal of 132 columns here)."""
    import fcntl
    import shutil
    import struct
    import termios

    from app.cli import commands
    from app.cli.main import build_parser

    if columns is None:
        monkeypatch.delenv("COLUMNS", raising=False)
    else:
        monkeypatch.setenv("COLUMNS", columns)
    monkeypatch.setenv("LINES", "40")
    leader, follower = os.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 132, 0, 0))
    for stdout in (open(follower, "w", closefd=True), open(os.devnull, "w")):  # a terminal, then not one
        with stdout:
            monkeypatch.setattr(sys, "__stdout__", stdout)
            assert commands.terminal_width() == shutil.get_terminal_size().columns
            ours = build_parser(lazy=True)
            argparses = build_parser(lazy=True)
            argparses.formatter_class = argparse.HelpFormatter
            assert ours.format_help() == argparses.format_help()
    os.close(leader)


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
