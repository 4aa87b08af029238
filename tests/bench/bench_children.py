"""Benchmark: exiftool starts and stops beside SQLite threads, 100 rounds in a row, never a hang.

Run: .venv/bin/python -m pytest -m bench tests/bench/bench_children.py -s
Each round is a fresh process (``tests/metadata/exiftool_churn.py``): 300 exiftool starts and stops
while six threads create, use and drop SQLite connections. A round that does not finish within
60 s is a hang (a child stuck between fork and exec). Prints the time per start and stop.
"""

from __future__ import annotations

import os
import shutil
import statistics
import sys
from pathlib import Path

import pytest

from tests.metadata.test_exiftool_starts import run_in_own_group

pytestmark = [pytest.mark.bench, pytest.mark.exiftool,
              pytest.mark.skipif(not shutil.which("exiftool"), reason="exiftool missing")]
REPO = Path(__file__).resolve().parents[2]
ROUNDS = int(os.environ.get("ALBUMWISE_BENCH_ROUNDS", "100"))
CYCLES = 300


@pytest.mark.timeout(ROUNDS * 60 + 60)  # each round has its own 60 s limit (a hang); 100 rounds take minutes
def test_a_hundred_rounds_of_starts_and_stops_never_hang() -> None:
    per_start: list[float] = []
    for i in range(ROUNDS):
        code, out, err = run_in_own_group([sys.executable, "-m", "tests.metadata.exiftool_churn", str(CYCLES)],
                                          timeout=60)
        if code is None:
            pytest.fail(f"round {i + 1} of {ROUNDS} hung")
        assert code == 0 and out.startswith(f"ok {CYCLES}"), (i, err)
        per_start.append(float(out.split()[2]) / CYCLES * 1000)
    print(f"\n{ROUNDS} rounds x {CYCLES} exiftool starts and stops beside SQLite threads: no hang; "
          f"per start+stop median {statistics.median(per_start):.1f} ms, max round "
          f"{max(per_start):.1f} ms")
