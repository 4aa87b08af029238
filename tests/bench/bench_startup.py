"""Benchmark: how long commands take as whole processes, on a library of 1 M photos.

Run: ``.venv/bin/python -m pytest -m bench tests/bench/bench_startup.py -s``
(library size: ``STARTUP_BENCH_ROWS``, default 1,000,000, and 0 times only the commands that need no
library; rounds: ``STARTUP_BENCH_ROUNDS``, default 15; ``STARTUP_BENCH_DB=path`` times an existing
library instead of building one, e.g. a kept copy of an earlier run's; ``STARTUP_BENCH_WHEEL=0``
leaves out the wheel install).

Targets: ``albumwise --version`` and ``--help`` ≤ 80 ms; ``search WORD`` and ``list`` ≤ 200 ms at
1 M photos. ``list`` prints every photo (a million lines), so what is timed is what a user sees
first: the process started, its first 50 lines read, then the reader closes the pipe, as in
``albumwise list | head -50``.

Baselines measured in the same run, interleaved with the commands round by round:
- a bare interpreter (``python -c pass``) and one that imports the ``app`` package only;
- ``--version`` with the modules the entry point used to import for every command (every command
  module's services, numpy, HTTP, the captioning pipeline) loaded first: what each command paid
  before the commands imported their own modules when they run;
- ``--help`` with every command's parser built (every command module loaded), as it was answered
  before the commands were listed from a table;
- ``search 'red car' --json`` as it ran before it read the library without sqlite-utils: through
  the writer's connection, with every command's module loaded.

Two installs are timed. The test environment's is editable (``pip install -e``): its ``.pth`` hook
runs at every interpreter start (about 13 ms: pathlib, re and importlib.util for its finder) and is
in every row of its part, the bare interpreter's included. What users have is a wheel: the
benchmark builds one from this checkout and installs it in a fresh virtual environment (the test
environment's packages on its path for the libraries), and times the bare interpreter, ``--version``,
``--help`` and a search and a listing there.

Each process runs the installed ``albumwise`` script's code (what pip writes: ``import re``, then
``from app.cli.main import main``) with Python's bytecode cache on (a private cache folder: the environment's
``PYTHONDONTWRITEBYTECODE`` would otherwise recompile every module each time) and without the test
suite's network guard (``sitecustomize`` on ``PYTHONPATH``), which a user does not have. Wall and
CPU time (user + system of the child) are given as medians over the rounds, with the fastest round.
"""

from __future__ import annotations

import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
import venv
from pathlib import Path

import pytest

from tests.bench.bench_search import captions
from tests.packaging.test_wheel_install import IGNORE, SOURCES, _deps_pth, _pip_install

pytestmark = pytest.mark.bench
REPO = Path(__file__).resolve().parents[2]
ROWS = int(os.environ.get("STARTUP_BENCH_ROWS", "1000000"))
ROUNDS = int(os.environ.get("STARTUP_BENCH_ROUNDS", "15"))
# What pip writes as the `albumwise` script (its `re` import is part of every command's start).
ENTRY = ("import re; import sys; from app.cli.main import main; "
         "sys.argv[0] = re.sub(r'(-script\\.pyw|\\.exe)?$', '', sys.argv[0]); sys.exit(main())")
# `--help` as it was answered before the table of commands: every command's module and parser.
WHOLE_ENTRY = ("import sys; from app.cli import main as m; build = m.build_parser; "
               "m.build_parser = lambda lazy=False: build(); sys.exit(m.main())")
# What app/cli/main.py imported before any command ran (every command module's own imports).
EAGER = ("numpy", "sqlite_utils", "httpx", "app.store.db", "app.store.owner", "app.captioning.pipeline",
         "app.captioning.pauses", "app.captioning.queue", "app.cli.caption_output", "app.services.captioning",
         "app.services.library", "app.services.search", "app.services.grouping", "app.services.grounding",
         "app.services.doctor", "app.review.writeback", "app.review.export", "app.review.lifecycle",
         "app.library.groups", "app.metadata.writer", "app.search.embedder", "app.facts.geocoder")
EAGER_ENTRY = "import sys; " + "".join(f"import {m}; " for m in EAGER) + "from app.cli.main import main; sys.exit(main())"
# How a search ran before it read without sqlite-utils: through the writer's connection (sqlite-utils,
# the migrations check, the ranking lists' upkeep at the end), with every command's module loaded.
WRITER_ENTRY = ("import sys; from app.cli.main import command_modules, main; command_modules(); "
                "from app.store import reader; reader.open_reader = lambda path: None; sys.exit(main())")
WHEEL = os.environ.get("STARTUP_BENCH_WHEEL", "1") != "0"
# a row: its name, the command line, the lines read before the pipe closes (or all), the target in seconds
Case = tuple[str, list[str], int | None, float | None]


def build_library(path: Path, n: int) -> None:
    """``n`` photo rows with generated captions, indexed for search as a scan and captioning leave them."""
    from app.search import ranklists, schema, words
    from app.store import db as dbmod

    db = dbmod.connect(path)
    db.execute("DROP TRIGGER photos_search_ai")  # bulk load, then one index build (as bench_search does)
    rows = ((f"/photos/{i // 1000:04d}/img_{i}.jpg", f"/photos/{i // 1000:04d}", f"img_{i}.jpg", c,
             f"{2000 + i * 25 // n}-{1 + i % 12:02d}-01T10:00:00") for i, c in enumerate(captions(n)))
    db.conn.executemany("INSERT INTO photos(path, folder, filename, caption, taken_at, caption_state) "
                        "VALUES (?,?,?,?,?,'draft')", rows)
    db.conn.commit()
    schema.rebuild(db)
    assert ranklists.build(db, words.BM25_WEIGHTS)
    db.executescript(schema.insert_trigger_sql(**schema.trigger_level(db)))
    db.conn.commit()
    db.conn.close()


def wheel_install(where: Path) -> Path:
    """The bin folder of a fresh virtual environment with Albumwise installed from a wheel built from
    this checkout (as tests/packaging does it: its libraries come from the test environment through a
    path in a ``.pth`` file, which runs no code at start-up, unlike an editable install's hook)."""
    src = where / "src"  # a copy, so that the build leaves nothing in the checkout
    for name in SOURCES:
        if (REPO / name).is_dir():
            shutil.copytree(REPO / name, src / name, ignore=IGNORE)
        elif (REPO / name).is_file():
            shutil.copy2(REPO / name, src / name)
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation", "-w",
                    str(where / "dist"), str(src)], check=True, cwd=where, timeout=600)
    venv.EnvBuilder(with_pip=False).create(where / "venv")
    py = where / "venv" / "bin" / "python"
    _deps_pth(py)
    _pip_install(py, str(next((where / "dist").glob("albumwise-*.whl"))))
    found = subprocess.run([str(py), "-c", "import app; print(app.__file__)"], cwd=where, check=True,
                           capture_output=True, text=True).stdout
    assert Path(found).is_relative_to(where / "venv"), found  # the wheel's, not the checkout's
    return py.parent


def user_env(home: Path, cache: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "PYTHONPATH")}
    env.update(ALBUMWISE_HOME=str(home), PYTHONPYCACHEPREFIX=str(cache))
    return env


def run_once(argv: list[str], env: dict[str, str], first_lines: int | None = None) -> tuple[float, float]:
    """Wall and CPU seconds of one whole process, started in the user's home (not in this checkout,
    whose ``app`` would be imported instead of the installed one); with ``first_lines``, until it has
    printed that many lines and exited once its reader went away (``| head``)."""
    cwd = env["ALBUMWISE_HOME"]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    if first_lines is None:
        proc = subprocess.run(argv, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        assert proc.returncode == 0, argv
    else:
        with subprocess.Popen(argv, env=env, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL) as p:
            assert p.stdout is not None
            for _ in range(first_lines):
                assert p.stdout.readline(), argv
            p.stdout.close()
            p.wait()
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


@pytest.mark.timeout(7200)
def test_command_start_up(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    kept = os.environ.get("STARTUP_BENCH_DB")
    db = Path(kept) if kept else tmp_path / "library.db"
    t0 = time.perf_counter()
    if not kept and ROWS:
        build_library(db, ROWS)
    built_s = time.perf_counter() - t0
    env = user_env(home, tmp_path / "pycache")
    py = sys.executable
    cases: list[Case] = [
        ("python -c pass (bare interpreter)", [py, "-c", "pass"], None, None),
        ("python -c 'import app'", [py, "-c", "import app"], None, None),
        ("--version, old entry point (all imported)", [py, "-c", EAGER_ENTRY, "--version"], None, None),
        ("albumwise --version", [py, "-c", ENTRY, "--version"], None, 0.080),
        ("--help, every command's parser (baseline)", [py, "-c", WHOLE_ENTRY, "--help"], None, None),
        ("albumwise --help", [py, "-c", ENTRY, "--help"], None, 0.080),
    ]
    library: list[Case] = [
        ("albumwise search mountain (1 word)", [py, "-c", ENTRY, "--db", str(db), "search", "mountain"], None, 0.200),
        ("albumwise search the (in most captions)", [py, "-c", ENTRY, "--db", str(db), "search", "the"], None, 0.200),
        ("albumwise search 'red car' --json", [py, "-c", ENTRY, "--db", str(db), "search", "red car", "--json"],
         None, 0.200),
        ("  the same through the writer (baseline)", [py, "-c", WRITER_ENTRY, "--db", str(db), "search", "red car",
                                                      "--json"], None, None),
        ("albumwise list | head -50", [py, "-c", ENTRY, "--db", str(db), "list"], 50, 0.200),
        ("albumwise list --json | head -50", [py, "-c", ENTRY, "--db", str(db), "list", "--json"], 50, 0.200),
    ]
    if kept or ROWS:
        cases += library
    if WHEEL:  # the installed `albumwise` script itself
        bin_dir = wheel_install(tmp_path / "wheel")
        wpy, script = str(bin_dir / "python"), str(bin_dir / "albumwise")
        cases += [
            ("wheel: python -c pass (bare interpreter)", [wpy, "-c", "pass"], None, None),
            ("wheel: --help, every command's parser (baseline)", [wpy, "-c", WHOLE_ENTRY, "--help"], None, None),
            ("wheel: albumwise --version", [script, "--version"], None, 0.080),
            ("wheel: albumwise --help", [script, "--help"], None, 0.080),
        ]
        if kept or ROWS:
            cases += [("wheel: " + name, [script, *argv[3:]], lines, target) for name, argv, lines, target in library
                      if name.startswith(("albumwise search 'red car'", "albumwise list |"))]
    for _name, argv, lines, _target in cases:  # warm: bytecode cache written, library pages cached
        run_once(argv, env, lines)
    load_before = os.getloadavg()[0]
    walls: dict[str, list[float]] = {name: [] for name, *_ in cases}
    cpus: dict[str, list[float]] = {name: [] for name, *_ in cases}
    for _ in range(ROUNDS):
        for name, argv, lines, _target in cases:
            wall, cpu = run_once(argv, env, lines)
            walls[name].append(wall)
            cpus[name].append(cpu)
    load_after = os.getloadavg()[0]
    size = (f"{db.name} as given" if kept else f"{ROWS:,} photos (library built in {built_s:.0f} s)" if ROWS
            else "no library")
    lines_out = [f"\n== command start-up, editable install then wheel: {size}, {ROUNDS} interleaved "
                 f"rounds, {os.cpu_count()} CPUs, load average {load_before:.1f} → {load_after:.1f} ==",
                 f"{'command':50} {'wall p50':>9} {'wall min':>9} {'CPU p50':>9}  target"]
    for name, _argv, _lines, target in cases:
        w, c = walls[name], cpus[name]
        verdict = "" if target is None else (f"≤ {target * 1000:.0f} ms: " +
                                             ("met" if statistics.median(w) <= target else "MISSED"))
        lines_out.append(f"{name:50} {statistics.median(w) * 1000:7.0f} ms {min(w) * 1000:7.0f} ms "
                         f"{statistics.median(c) * 1000:7.0f} ms  {verdict}")
    print("\n".join(lines_out))
