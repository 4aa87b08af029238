"""Commands start fast because they import only what they use: ``--version`` and ``--help`` load no
heavy library at all, and a words search or a listing loads no numpy, HTTP or imaging library.

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
# what a words search and a listing may load: the database (sqlean, sqlite-utils without numpy)
DATABASE = {"sqlite_utils", "sqlean"}

RUN = r"""
import json, sys
from app.cli.main import main
try:
    code = main(sys.argv[1:])
except SystemExit as exc:  # --version and --help end in argparse's exit
    code = exc.code
loaded = sorted({name.split(".")[0] for name in sys.modules})
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


def test_a_words_search_and_a_listing_load_only_the_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ALBUMWISE_HOME", str(tmp_path))
    from app.config import app_paths

    db = dbmod.connect(app_paths().ensure().db_path)
    pid = add_photo(db, "/pics/Holidays/IMG_0001.jpg", None, taken_at="2019-07-02T10:00:00")
    captions.add_version(db, pid, text="A dog running on a beach", source="model", state="draft")
    db.conn.close()
    for args in (["search", "dog"], ["search", "dog", "--json"], ["list"], ["list", "--json"]):
        loaded = _loaded(*args, home=tmp_path)
        assert not loaded & (set(HEAVY) - DATABASE), (args, sorted(loaded & set(HEAVY)))
