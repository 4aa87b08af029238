"""Every process keeps numpy where it is used, with one BLAS thread unless the user chose otherwise."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
CHECK = r"""
import json, os, sys
import app
import sqlite_utils
from app.store import db as dbmod
db = dbmod.memory()
before = "numpy" in sys.modules
import numpy  # still importable afterwards, by the code that uses it
print(json.dumps({"numpy_with_the_database": before, "numpy": numpy.__version__ != "",
                  "blas": os.environ.get("OPENBLAS_NUM_THREADS"), "vec": db.vec_enabled,
                  "vec_version": db.execute("select vec_version()").fetchone()[0] if db.vec_enabled else None}))
"""


def _run(env: dict[str, str]) -> dict:
    proc = subprocess.run([sys.executable, "-c", CHECK], cwd=REPO, env=env, capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout.splitlines()[-1])


def test_the_database_loads_without_numpy_and_blas_uses_one_thread() -> None:
    env = {k: v for k, v in os.environ.items() if k != "OPENBLAS_NUM_THREADS"}
    out = _run(env)
    assert out["numpy_with_the_database"] is False and out["numpy"]
    assert out["blas"] == "1"
    assert out["vec"] and out["vec_version"].startswith("v")  # sqlite-vec loaded by path, no numpy


def test_a_users_blas_setting_wins() -> None:
    assert _run(dict(os.environ, OPENBLAS_NUM_THREADS="3"))["blas"] == "3"


def test_sqlite_utils_date_parser_runs_only_when_used() -> None:
    check = ("import sys, app, sqlite_utils\n"
             "print(type(sys.modules['dateutil.parser']).__name__)\n"
             "from sqlite_utils import recipes\n"
             "print(recipes.parsedate('2020-01-02'), type(sys.modules['dateutil.parser']).__name__)\n")
    proc = subprocess.run([sys.executable, "-c", check], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines() == ["_LazyModule", "2020-01-02 module"]
