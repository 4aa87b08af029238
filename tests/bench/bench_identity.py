"""Benchmark: what the content key (``app.library.media``) adds to reading a file, and that an
unchanged rescan still reads no file.

Run: .venv/bin/python -m pytest -m bench tests/bench/bench_identity.py -s
Prints the probe cost per file with and without the content key (the baseline, measured in the same
run on the same warm files), per format, and the rescan speed of an unchanged library.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest
from PIL import Image

from app.library import media, probe, scanner
from app.store import db as dbmod
from tests.conftest import CORPUS

pytestmark = pytest.mark.bench
ROUNDS = 20


def _files(tmp_path: Path) -> list[Path]:
    out = [p for p in sorted(CORPUS.rglob("*")) if p.is_file() and p.suffix.lower() in
           (".jpg", ".png", ".tif", ".tiff", ".webp", ".heic", ".avif", ".gif", ".mpo") and "Broken" not in p.parts]
    big = tmp_path / "24mp.jpg"
    with Image.open(CORPUS / "Archive/2010s/Canon PowerShot G9 - Berlin.jpg") as im:
        im.convert("RGB").resize((6000, 4000)).save(big, "JPEG", quality=92, exif=im.info.get("exif", b""))
    return out + [big]


def _probe_ms(files: list[Path]) -> dict[str, float]:
    per: dict[str, list[float]] = {}
    for p in files:
        st = p.stat()
        t0 = time.perf_counter()
        for _ in range(ROUNDS):
            rec = probe.probe_file(str(p), st.st_size, st.st_mtime_ns)
        per.setdefault(rec["format"] or "?", []).append((time.perf_counter() - t0) / ROUNDS * 1000)
    return {k: sum(v) / len(v) for k, v in per.items()}


def test_content_key_cost_and_unchanged_rescan(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    files = _files(tmp_path)
    for p in files:  # warm cache, as the scan targets are measured
        p.read_bytes()
    with_key = _probe_ms(files)
    monkeypatch.setattr(media, "digest", lambda *a, **k: None)
    baseline = _probe_ms(files)
    monkeypatch.undo()
    print(f"\nprobe per file, ms (mean of {ROUNDS} runs, warm cache): format  baseline  with content key  added")
    for fmt in sorted(with_key):
        print(f"  {fmt:6} {baseline[fmt]:8.3f} {with_key[fmt]:8.3f} {with_key[fmt] - baseline[fmt]:+8.3f}")
    t0 = time.perf_counter()
    n = 0
    for p in files:
        with open(p, "rb") as fh:
            im_fmt = {".jpg": "JPEG", ".mpo": "MPO", ".png": "PNG", ".webp": "WEBP", ".gif": "GIF"}.get(p.suffix.lower())
            if im_fmt:
                media.digest(fh, p.stat().st_size, im_fmt)
                n += 1
    print(f"content key alone: {(time.perf_counter() - t0) / max(1, n) * 1000:.3f} ms/file over {n} files")

    lib = tmp_path / "lib"
    for i in range(2000):
        d = lib / f"roll{i // 200:02d}"
        d.mkdir(parents=True, exist_ok=True)
        src = files[i % len(files)]
        os.link(src, d / f"IMG_{i:05d}{src.suffix}") if src.stat().st_dev == d.stat().st_dev else shutil.copy(src, d)
    db = dbmod.connect(tmp_path / "bench.db")
    first = scanner.index_folders(db, [str(lib)])
    opened: list[str] = []
    real_open = open

    def counting_open(file, *a, **k):  # noqa: ANN001
        if str(file).startswith(str(lib)):
            opened.append(str(file))
        return real_open(file, *a, **k)

    monkeypatch.setattr("builtins.open", counting_open)
    t0 = time.perf_counter()
    again = scanner.rescan(db)
    t_re = time.perf_counter() - t0
    monkeypatch.undo()
    assert again.unchanged == first.added and again.changed == again.added == 0
    assert opened == []  # an unchanged rescan reads no file, decodes nothing
    print(f"unchanged rescan of {first.added} photos: {t_re:.2f} s = {first.added / t_re:,.0f} files/s, "
          f"{len(opened)} files opened (load average {os.getloadavg()[0]:.1f} on 2 cores)")
    db.conn.close()
