"""Benchmark: caption writes per second (read + write + re-read + journal) for small and 24 MP JPEGs.

Run: .venv/bin/python -m pytest -m bench tests/bench/bench_write.py -s
"""

from __future__ import annotations

import shutil
import sys
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "review"))
from review_helpers import CORPUS, make_photo  # noqa: E402

from app.metadata.writer import WritePolicy  # noqa: E402
from app.review import lifecycle, writeback  # noqa: E402

pytestmark = [pytest.mark.bench, pytest.mark.exiftool,
              pytest.mark.skipif(not shutil.which("exiftool"), reason="exiftool missing")]


def _library(db, folder: Path, source: Path, n: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        p = folder / f"img{i:04d}.jpg"
        shutil.copyfile(source, p)
        pid = make_photo(db, p, text=f"A caption for photo {i}, with some words", keywords=["a", "b", "c", f"k{i}", "e"])
        lifecycle.approve(db, pid)


def _run(db, label: str, n: int) -> float:
    with writeback.WriterSession(WritePolicy()) as s:
        s.writer  # start exiftool outside the timing
        t0 = time.perf_counter()
        out = writeback.write_many(writeback.direct(db), s.writer)
        dt = time.perf_counter() - t0
    assert len(out) == n and all(o.error is None for o in out), [o.error for o in out if o.error][:3]
    rate = n / dt
    print(f"\n[bench] write {label}: {n} photos in {dt:.2f} s = {rate:.1f} photos/s")
    return rate


def test_bench_write_small_jpegs(db, tmp_path: Path) -> None:
    src = CORPUS / "Archive/Web copies/Nikon_D70.jpg"  # ~100 px web copy with full camera EXIF
    _library(db, tmp_path / "small", src, 100)
    _run(db, "small JPEG (Nikon D70 web copy)", 100)


def test_bench_write_24mp_jpegs(db, tmp_path: Path) -> None:
    from PIL import Image

    big = tmp_path / "big.jpg"
    with Image.open(CORPUS / "Phone/Camera Roll/Apple iPhone 5.jpg") as im:
        exif = im.info.get("exif", b"")
        im.resize((6000, 4000), Image.Resampling.BICUBIC).save(big, "JPEG", quality=92, exif=exif)
    _library(db, tmp_path / "big", big, 20)
    mb = big.stat().st_size / 1e6
    _run(db, f"24 MP JPEG ({mb:.1f} MB)", 20)
