"""Benchmark: peak memory (whole process) to index, thumbnail and caption-prepare huge images.

Run: .venv/bin/python -m pytest -m bench tests/bench/bench_memory.py -s
Each step runs in a fresh subprocess; the figure is its peak resident set (``VmHWM`` from /proc/self/status), which
includes the interpreter and every library loaded (about 60 MB before any image).

- a 20000×20000 RGBA PNG that compresses to 1.6 MB (a decompression bomb just under the 400 MP
  limit): 1.6 GB decoded. Target: ≤ 1 GB for every step (PNG decodes reduced, strip by strip).
- the 200 MP HEIC of the test photos (16320×12240): 599 MB decoded (width × height × 3). HEIF has no
  reduced decoding (libheif alone peaks at ~1.5× that, keeping its YCbCr planes beside the RGB), but
  the picture is a grid of 512 px tiles, decoded one row at a time. Target: ≤ decoded size + 25 %.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.doubles.bigpng import write_big_png

pytestmark = pytest.mark.bench
CEILING_MB = 1024
REPO = Path(__file__).resolve().parents[2]
HEIC = REPO / "tests" / "data" / "photos" / "Phone" / "HEIC" / "Galaxy S24 Ultra 200MP.heic"

STEP = r"""
import json, os, resource, sys, time
def peak_mb():
    # VmHWM: this process's own high-water mark. ru_maxrss is not: Linux carries the forked parent's
    # resident size across exec, so a child of a big pytest process reports the parent's size.
    with open("/proc/self/status") as fh:
        return next(int(ln.split()[1]) for ln in fh if ln.startswith("VmHWM:")) / 1024
step, path, work = sys.argv[1:4]
t = time.perf_counter()
if step == "index":
    from app.library import scanner
    from app.store import db as dbmod
    db = dbmod.memory()
    s = scanner.index_folders(db, [os.path.dirname(path)], workers=1)
    ok = s.added == 1 and not s.errors
elif step == "thumbnails":
    from app.library import thumbs
    from app.library.fingerprint import fingerprint
    ok = len(thumbs.make(path, fingerprint(path), work, (thumbs.GRID, thumbs.PREVIEW))) == 2
else:
    from app.captioning.prep import prepare_image
    ok = len(prepare_image(path, 1120)) > 10_000
print(json.dumps({"ok": ok, "seconds": time.perf_counter() - t,
                  "peak_mb": peak_mb()}))
"""


def _measure(step: str, path: Path, work: Path) -> dict:
    proc = subprocess.run([sys.executable, "-c", STEP, step, str(path), str(work)], capture_output=True, text=True,
                          cwd=REPO, env=dict(os.environ, PYTHONPATH=str(REPO)), timeout=600)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout.splitlines()[-1])


def test_peak_memory_of_huge_images(tmp_path: Path) -> None:
    (tmp_path / "png").mkdir()
    (tmp_path / "heic").mkdir()
    png = write_big_png(tmp_path / "png" / "bomb.png")
    heic = tmp_path / "heic" / HEIC.name
    heic.write_bytes(HEIC.read_bytes())
    cases = [("20000×20000 RGBA PNG", png, 20000 * 20000 * 4), ("200 MP HEIC", heic, 16320 * 12240 * 3)]
    print()
    missed = []
    for name, path, decoded in cases:
        # the targets: ≤ 1 GB where the format decodes reduced (PNG), ≤ decoded + 25 % where not (HEIC)
        target_mb = 1024 if path.suffix == ".png" else decoded * 1.25 / 2**20
        for step in ("index", "thumbnails", "caption prep"):
            r = _measure(step, path, tmp_path / "thumbs")
            assert r["ok"], (name, step, r)
            verdict = "met" if r["peak_mb"] <= target_mb else "MISSED"
            line = (f"{name:22} {step:13} peak {r['peak_mb']:6.0f} MB  ({r['peak_mb'] * 2**20 / decoded:4.2f}× the "
                    f"{decoded / 2**20:,.0f} MB decoded; target ≤ {target_mb:,.0f} MB: {verdict})  "
                    f"{r['seconds']:5.1f} s")
            print(line)
            if r["peak_mb"] > min(target_mb, CEILING_MB):
                missed.append(line)
    assert not missed, missed
