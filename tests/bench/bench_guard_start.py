"""Benchmark: the first names check in a new process. Run:
``.venv/bin/python -m pytest -m bench tests/bench/bench_guard_start.py -s`` (rounds: ``GUARD_BENCH_ROUNDS``, default 5).

Every ``albumwise caption`` process, the window's first caption and each test that runs the program
pays for loading what the names guard knows: GeoNames towns, word lists, given names, country names.
Each round starts fresh processes that import the guard (and numpy, which every captioning process
has loaded already), then time one ``names_guard.check`` of a real draft, CPU and wall, for:

- **before**: the code before the cached tables (``git archive`` of the parent of the commit that
  added ``app/facts/towns.py``, run from a temporary folder): it loaded the whole geocoder (scipy,
  JSON of 155,210 places, k-d trees, borders, sea mask) and folded every town name;
- **cached**: this code with its tables already in the cache folder (every process after the first);
- **cold**: this code with an empty cache folder (the first process on a machine builds the tables).

Three drafts: English (London photo), Polish (Kraków: declined place names) and German. Medians over
the rounds, with the fastest. Target: cached ≤ 0.3 s CPU for the check.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.bench
REPO = Path(__file__).resolve().parents[2]
ROUNDS = int(os.environ.get("GUARD_BENCH_ROUNDS", "5"))
TARGET_CPU = 0.3
CASES = (("en", "lon"), ("pl", "kra"), ("de", "ber"))

CHILD = r"""
import json, resource, sys, time
import numpy  # loaded in every captioning process already
from app.facts import names_guard
from app.facts.grounding import Grounding
case = json.loads(sys.argv[1])
f = case["facts"]
photo = {"filename": "IMG_0001.jpg", "folder": f["folder"], "path": f["folder"] + "/IMG_0001.jpg",
         "file_keywords": "[]", "gps_lat": f.get("lat"), "gps_lon": f.get("lon")}
g = Grounding(city=f.get("city"), region=f.get("region") or None, country=f.get("country"),
              place_source="gps" if f.get("lat") is not None else "folder", place_km=1.0,
              people=[{"name": n, "box": None, "source": "mwg"} for n in f.get("people", [])])
c0, w0 = time.process_time(), time.perf_counter()
flagged = names_guard.check(case["caption"], case["keywords"], photo, g)
cpu, wall = time.process_time() - c0, time.perf_counter() - w0
ru = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({"cpu": cpu, "wall": wall, "process_cpu": ru.ru_utime + ru.ru_stime, "flagged": flagged}))
"""


def _cases() -> list[dict]:
    data = REPO / "tests" / "facts"
    photos = json.loads((data / "names_guard_photos.json").read_text(encoding="utf-8"))
    captions = json.loads((data / "names_guard_captions.json").read_text(encoding="utf-8"))["captions"]
    out = []
    for lang, photo in CASES:
        c = next(c for c in captions if c["lang"] == lang and c["photo"] == photo and c["label"] != "clean")
        out.append({"lang": lang, "caption": c["caption"], "keywords": c["keywords"], "facts": photos[photo]})
    return out


def _old_tree(dest: Path) -> Path | None:
    """The app as it was before the cached tables, or None outside a git checkout."""
    try:
        added = subprocess.run(["git", "log", "--diff-filter=A", "--format=%H", "--", "app/facts/towns.py"], cwd=REPO,
                               capture_output=True, text=True, check=True).stdout.split()
        if not added:
            return None
        archive = subprocess.run(["git", "archive", f"{added[-1]}^", "app"], cwd=REPO, capture_output=True, check=True)
    except (OSError, subprocess.CalledProcessError):
        return None
    subprocess.run(["tar", "-x", "-C", str(dest)], input=archive.stdout, check=True)
    return dest


def _run(case: dict, tree: Path, cache: Path, home: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH",)}
    env.update(PYTHONPATH=str(tree), ALBUMWISE_HOME=str(home), ALBUMWISE_TABLE_CACHE=str(cache))
    out = subprocess.run([sys.executable, "-c", CHILD, json.dumps(case)], cwd=tree, env=env, capture_output=True,
                         text=True, timeout=600)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout.strip().splitlines()[-1])


def _fmt(label: str, runs: list[dict]) -> str:
    cpu, wall, proc = ([r[k] for r in runs] for k in ("cpu", "wall", "process_cpu"))
    return (f"  {label:8s} check CPU {statistics.median(cpu):.3f} s (fastest {min(cpu):.3f}), wall "
            f"{statistics.median(wall):.3f} s; whole process CPU {statistics.median(proc):.2f} s")


def test_first_names_check_in_a_new_process(tmp_path: Path) -> None:
    old = _old_tree(Path(tempfile.mkdtemp(dir=tmp_path)))
    cases = _cases()
    warm = tmp_path / "tables"
    home = tmp_path / "home"
    for case in cases:
        _run(case, REPO, warm, home)  # the machine's first process builds the tables
    results: dict[tuple[str, str], list[dict]] = {}
    for r in range(ROUNDS):
        for case in cases:
            modes = [("cached", REPO, warm)]
            cold = tmp_path / f"cold-{r}-{case['lang']}"
            modes.append(("cold", REPO, cold))
            if old is not None:
                modes.append(("before", old, tmp_path / "unused"))
            for mode, tree, cache in modes:
                results.setdefault((case["lang"], mode), []).append(_run(case, tree, cache, home))
            shutil.rmtree(cold, ignore_errors=True)
    print(f"\nfirst names check in a new process ({ROUNDS} rounds; numpy and the guard imported first):")
    for case in cases:
        lang = case["lang"]
        print(f" {lang}: {case['caption'][:70]!r}")
        for mode in ("before", "cold", "cached"):
            if (lang, mode) in results:
                print(_fmt(mode, results[(lang, mode)]))
        flagged = {json.dumps(r["flagged"]) for m in ("before", "cold", "cached") for r in results.get((lang, m), [])}
        assert len(flagged) == 1, f"the modes disagree: {flagged}"
    if old is None:
        print(" (no git history: the 'before' baseline was not run)")
    worst = max(statistics.median(r["cpu"] for r in results[(c["lang"], "cached")]) for c in cases)
    print(f" cached, slowest draft: {worst:.3f} s CPU (target ≤ {TARGET_CPU} s)")
    assert worst <= TARGET_CPU
