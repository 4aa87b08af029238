"""Benchmark: grid thumbnails (256 px) per second for 24 MP JPEGs, on both cores.

Run: .venv/bin/python -m pytest -m bench tests/bench/bench_thumbs.py -s
The 24 MP files are real corpus photos upscaled to 6000×4000 (q92, EXIF kept); each is copied
with a few distinct trailing bytes so every copy has its own fingerprint (its own thumbnail).
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from app.library import thumbs
from app.library.fingerprint import fingerprint
from tests.bench.bench_scan import make_24mp
from tests.conftest import CORPUS

pytestmark = pytest.mark.bench
SOURCES = [
    "Archive/2010s/Canon PowerShot G9 - Berlin.jpg",
    "Phone/Camera Roll/Apple iPhone 5.jpg",
    "Archive/2010s/Leica T (Typ 701).jpg",
    "2019/Holiday/Tanner's Ridge (fall).jpg",
]
COPIES = 20


def test_thumbnail_speed(tmp_path: Path) -> None:
    src_dir = tmp_path / "big"
    src_dir.mkdir()
    rows, sizes = [], []
    for i, name in enumerate(SOURCES):
        base = src_dir / f"base{i}.jpg"
        sizes.append(make_24mp(CORPUS / name, base))
        for c in range(COPIES):
            p = src_dir / f"p{i}_{c}.jpg"
            shutil.copy(base, p)
            with open(p, "ab") as fh:
                fh.write(bytes([c]) * (c + 1))
            rows.append({"path": str(p), "fingerprint": fingerprint(p), "state": "ok"})
    for r in rows:  # warm cache
        Path(r["path"]).read_bytes()
    n = len(rows)

    c0 = time.process_time()
    for r in rows[:12]:
        thumbs.render(r["path"], thumbs.GRID)
    cpu_each = (time.process_time() - c0) / 12

    t0 = time.perf_counter()
    s = thumbs.make_missing(rows, tmp_path / "cache", workers=2)
    wall = time.perf_counter() - t0
    assert (s.made, s.failed) == (n, 0)
    print(f"\n24 MP JPEGs: {n} files, {min(sizes) / 1e6:.1f}–{max(sizes) / 1e6:.1f} MB each")
    print(f"grid thumbnails, 2 processes: {wall:5.2f} s = {n / wall:5.1f} thumbnails/s (target ≥ 30)")
    print(f"CPU time per thumbnail: {cpu_each * 1000:5.1f} ms = {1 / cpu_each:5.1f}/s per core, "
          f"{2 / cpu_each:5.1f}/s on 2 idle cores; load average {os.getloadavg()[0]:.1f} on 2 cores")
