"""Benchmark: memory (PSS) of the window's thumbnail worker processes and their fork server.

Run: .venv/bin/python -m pytest -m bench tests/bench/bench_thumb_workers.py -s
(rounds: ``THUMB_WORKERS_ROUNDS``, default 3 passes over the photos, each with an empty cache.)

The grid's thumbnails are made by ``app.ui.thumb_worker.ProcessThumbs`` in worker processes. Each
configuration runs in a fresh interpreter (the fork server is one per process): it makes the grid
thumbnail of every readable test photo (JPEG, HEIC grids, PNG, TIFF, RAW, ...; the 200 MP HEIC
included) as the window does, newest request first, two requests in flight. A thread samples the
proportional set size (PSS, ``/proc/PID/smaps_rollup``: shared pages divided among the processes
that share them, so the sum is what they cost together) of the fork server and every worker every
20 ms. Printed: the peak sum while working, the sum right after the work, and the sum after a pause
longer than the workers' idle stop (what stays while the window is open and nobody scrolls).
Target: ≤ 100 MB in all.

Baseline in the same run: one pool of two alike workers that live as long as the window (each loads
FFmpeg, LibRaw and numpy as photos need them, and two large photos can decode at once), with
today's decoders. ``ProcessThumbs`` now runs a light worker that decodes within a budget and never
loads those libraries (it reads RAW previews without LibRaw), and one that takes the rest and is
replaced by a fresh one before a large photo once it has loaded FFmpeg or LibRaw. Also printed:
``ProcessThumbs`` with one worker. The seconds printed are wall time: compare them only between runs
on a quiet machine, interleaved.
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.bench
REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "tests" / "data"
ROUNDS = int(os.environ.get("THUMB_WORKERS_ROUNDS", "3"))
TARGET_MB = 100
IDLE_S = 4.0  # the idle stop used here (the window's is ``thumb_worker.IDLE_STOP_S``)

STEP = r"""
import json, os, shutil, sys, threading, time
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import forkserver

kind, listing, work, rounds = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
IDLE_S = float(sys.argv[5])
paths = open(listing, encoding="utf-8").read().splitlines()

from app.library import grid_pixels
from app.library.fingerprint import fingerprint

from concurrent.futures import ThreadPoolExecutor
loaders = ThreadPoolExecutor(2)  # the window's loader threads
if kind == "before":
    from app.library.pool import pool_context
    ctx = pool_context()
    ctx.set_forkserver_preload(["app.library.thumbs", "app.library.grid_pixels"])
    old = ProcessPoolExecutor(max_workers=2, mp_context=ctx, initializer=grid_pixels.lower_priority)
    processes = lambda: set(old._processes or {})
    request = lambda p: old.submit(grid_pixels.thumb_pixels, p, fps[p], work, 256)
else:
    from app.ui.thumb_worker import ProcessThumbs
    thumbs = ProcessThumbs(work, fallback=lambda row, size: None, idle_stop_s=IDLE_S,
                           workers=1 if kind == "one worker" else 2)
    processes = thumbs.worker_pids
    request = lambda p: loaders.submit(thumbs, {"path": p, "fingerprint": fps[p]}, 256)

def pss_kb(pid):
    try:
        with open(f"/proc/{pid}/smaps_rollup") as fh:
            return next(int(ln.split()[1]) for ln in fh if ln.startswith("Pss:"))
    except (OSError, StopIteration):
        return 0

def total_mb():
    pids = processes()
    server = getattr(forkserver._forkserver, "_forkserver_pid", None)
    if server:
        pids.add(server)
    return sum(pss_kb(p) for p in pids) / 1024, len(pids)

peak = [0.0, 0]
stop = threading.Event()
def sample():
    while not stop.is_set():
        mb, n = total_mb()
        if mb > peak[0]:
            peak[:] = [mb, n]
        stop.wait(0.02)
sampler = threading.Thread(target=sample, daemon=True)
sampler.start()
fps = {p: fingerprint(p) for p in paths}
made = 0
t = time.perf_counter()
for r in range(rounds):
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    pending = []
    for p in reversed(paths):  # newest first, two in flight, like the grid's loader
        pending.append(request(p))
        if len(pending) >= 2:
            made += pending.pop(0).result() is not None
    made += sum(f.result() is not None for f in pending)
seconds = time.perf_counter() - t
time.sleep(0.5)  # the workers idle, as between two scrolls
after, n_after = total_mb()
time.sleep(IDLE_S * 1.5)  # no request for a while: the user looks at what is shown
idle, n_idle = total_mb()
stop.set()
sampler.join()
print(json.dumps({"made": made, "photos": len(paths), "seconds": seconds, "peak_mb": peak[0],
                  "peak_processes": peak[1], "after_mb": after, "after_processes": n_after,
                  "idle_mb": idle, "idle_processes": n_idle}))
"""


def _photos() -> list[str]:
    with open(DATA / "manifest.csv", newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    return [str(DATA / "photos" / r["path"]) for r in rows if (DATA / "photos" / r["path"]).is_file()]


def _run(kind: str, listing: Path, work: Path) -> dict:
    env = dict(os.environ, PYTHONPATH=str(REPO))
    argv = [sys.executable, "-c", STEP, kind, str(listing), str(work), str(ROUNDS), str(IDLE_S)]
    proc = subprocess.run(argv, cwd=REPO, env=env, capture_output=True, text=True, timeout=1800)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout.splitlines()[-1])


def test_thumbnail_workers_memory(tmp_path: Path) -> None:
    listing = tmp_path / "photos.txt"
    photos = _photos()
    listing.write_text("\n".join(photos), encoding="utf-8")
    print(f"\n{len(photos)} test photos, {ROUNDS} passes with an empty cache; load average {os.getloadavg()[0]:.1f}")
    for kind, label in (("before", "one pool of 2 alike workers"), ("now", "light + heavy worker (now)"),
                        ("one worker", "ProcessThumbs with 1 worker")):
        r = _run(kind, listing, tmp_path / kind)
        verdict = ", ".join(f"{what} {'met' if r[key] <= TARGET_MB else 'MISSED'}"
                            for what, key in (("peak", "peak_mb"), ("after", "after_mb"), ("idle", "idle_mb")))
        print(f"{label:34} peak {r['peak_mb']:6.1f} MB PSS in {r['peak_processes']} processes; "
              f"{r['after_mb']:6.1f} MB in {r['after_processes']} right after the work; "
              f"{r['idle_mb']:6.1f} MB in {r['idle_processes']} after {IDLE_S * 1.5:.0f} s idle  "
              f"({r['made']}/{r['photos'] * ROUNDS} thumbnails, {r['seconds']:.1f} s)"
              + ("" if kind == "before" else f"  target ≤ {TARGET_MB} MB: {verdict}"))
