"""Bursts and duplicates benchmarks. Run: .venv/bin/python -m pytest -m bench tests/bench/bench_groups.py -s

(a) grouping cost per photo at index time, thumbnails already decoded: signature of a 256-px image
    + storing it + finding its candidates and joining its group (SQLite, one transaction per 64
    photos, like ``services.grouping.refresh``), on a library of ``BENCH_GROUP_PHOTOS`` (2,000)
    photos where 30 % sit in bursts of 3–8. Target ≤ 1 ms per photo.
(b) a synthetic library of ``BENCH_GROUP_LIBRARY`` (300) real JPEG files, 30 % in bursts of 3–8
    (crops and brightness changes of one scene, one second apart, same camera), indexed with the
    scanner and captioned with ``--all-missing`` against the Ollama double (``BENCH_GROUP_SECONDS``
    = 0.1 s per caption, one at a time): requests sent vs photos captioned, and wall time, grouped
    vs ``--every-frame``. Target: generations ≤ groups + singles and every photo has a caption.
"""

from __future__ import annotations

import asyncio
import os
import random
import time
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from PIL import Image

from app.captioning import grouping
from app.captioning.pipeline import RunConfig
from app.config import HostConfig
from app.library import groups, phash, scanner
from app.library.groups import Rules
from app.services import captioning as svc
from app.services import grouping as grouping_service
from app.store import db as dbmod
from app.store.owner import DbOwner
from tests.conftest import CORPUS
from tests.doubles.bursts import variant
from tests.doubles.library import add_photo
from tests.doubles.ollama_double import OllamaDouble

pytestmark = pytest.mark.bench

N_PHOTOS = int(os.environ.get("BENCH_GROUP_PHOTOS", "2000"))
N_LIBRARY = int(os.environ.get("BENCH_GROUP_LIBRARY", "300"))
CAPTION_SECONDS = float(os.environ.get("BENCH_GROUP_SECONDS", "0.1"))
SOURCES = [
    "2019/Holiday/Nikon D5000.jpg", "2019/Holiday/Tanner's Ridge (fall).jpg", "2019/Holiday/prairie_falcon.jpg",
    "Archive/2000s/Olympus PEN E-P3.jpg", "Archive/2010s/Canon PowerShot G9 - Berlin.jpg",
    "Phone/Camera Roll/DSC_3079.jpg",
    "Phone/Camera Roll/Apple iPhone 4.jpg", "Phone/Camera Roll/HTC Desire.jpg", "Archive/2000s/Kodak DX4330.jpg",
    "Phone/Camera Roll/Budapest 2006 (Nokia N70).jpg",
]
START = datetime(2022, 5, 1, 9, 0, 0)


def _plan(n: int, seed: int = 14) -> list[int]:
    """Scene sizes: bursts of 3–8 until 30 % of ``n`` photos are in bursts, the rest singles (shuffled)."""
    rnd = random.Random(seed)
    sizes: list[int] = []
    while sum(sizes) < 0.3 * n - 2:
        sizes.append(min(rnd.randint(3, 8), max(3, int(0.3 * n) - sum(sizes))))
    sizes += [1] * (n - sum(sizes))
    rnd.shuffle(sizes)
    return sizes


def _scene(bases: list[Image.Image], s: int, edge: int) -> Image.Image:
    """A distinct scene: a random crop (55–85 %) of a real photo, maybe mirrored."""
    rnd = random.Random(s)
    base = bases[s % len(bases)]
    w, h = base.size
    f = rnd.uniform(0.55, 0.85)
    cw, ch = int(w * f), int(h * f)
    x, y = rnd.randint(0, w - cw), rnd.randint(0, h - ch)
    img = base.crop((x, y, x + cw, y + ch))
    if rnd.random() < 0.5:
        img = img.transpose(Image.Transpose.FLIP_LEFT_RIGHT)
    img.thumbnail((edge, edge))
    return img


def _frames(sizes: list[int], edge: int):
    bases = [Image.open(CORPUS / s).convert("RGB") for s in SOURCES]
    for s, size in enumerate(sizes):
        scene = _scene(bases, s, edge)
        for k in range(size):
            img = scene if k == 0 else variant(scene, k - 1)
            yield s, k, img, (START + timedelta(minutes=s, seconds=k)).strftime("%Y-%m-%dT%H:%M:%S")


def test_grouping_cost_per_photo(tmp_path: Path) -> None:
    sizes = _plan(N_PHOTOS)
    db = dbmod.connect(tmp_path / "lib.db")
    items = []
    for s, k, img, taken in _frames(sizes, 256):
        pid = add_photo(db, tmp_path / f"s{s}_{k}.jpg", camera_make="Bench", camera_model="Cam", taken_at=taken,
                        fingerprint=f"{s:016x}{k:016x}")
        items.append((pid, img.copy()))
    rules = Rules()
    t_sig = t_db = 0.0
    cpu0 = time.process_time()
    for i in range(0, len(items), 64):
        batch = items[i : i + 64]
        t0 = time.perf_counter()
        sigs = [(pid, phash.signature(img)) for pid, img in batch]
        t1 = time.perf_counter()
        with db.conn:
            for pid, sig in sigs:
                groups.store_signature(db, pid, None, sig)
            for pid, _sig in sigs:
                groups.assign(db, pid, rules)
        t2 = time.perf_counter()
        t_sig += t1 - t0
        t_db += t2 - t1
    cpu = (time.process_time() - cpu0) / len(items) * 1000
    n = len(items)
    bursts = sum(1 for x in sizes if x > 1)
    found = groups.stats(db)
    per = (t_sig + t_db) / n * 1000
    print(f"\n[groups] {n} photos ({sum(x for x in sizes if x > 1)} in {bursts} bursts): "
          f"{per:.3f} ms per photo (signature {t_sig / n * 1000:.3f} ms + SQLite {t_db / n * 1000:.3f} ms; "
          f"CPU {cpu:.3f} ms); "
          f"found {found['groups']} groups holding {found['photos_in_groups']} photos")
    assert found["groups"] == bursts and found["photos_in_groups"] == sum(x for x in sizes if x > 1)
    assert cpu <= 1.0  # CPU time: wall time depends on what else the 2 cores run


def _library(tmp_path: Path) -> tuple[Path, list[int]]:
    sizes = _plan(N_LIBRARY)
    lib = tmp_path / "lib"
    lib.mkdir()
    for s, k, img, taken in _frames(sizes, 1024):
        exif = Image.Exif()
        exif[0x010F], exif[0x0110] = "Bench", "Cam"
        exif.get_ifd(0x8769)[0x9003] = taken.replace("-", ":").replace("T", " ")
        img.save(lib / f"S{s:04d}_{k}.jpg", "JPEG", quality=88, exif=exif.tobytes())
    return lib, sizes


def _run(dbp: Path, thumbs: Path, double: OllamaDouble, every_frame: bool) -> tuple[float, int, int, object]:
    owner = DbOwner(dbp)
    try:
        ids = owner.call(lambda db: [r[0] for r in db.execute("SELECT id FROM photos WHERE state = 'ok'")])
        t0 = time.perf_counter()
        job_ids, covered = svc.enqueue_grouped(owner, ids, {}, every_frame=every_frame, thumb_dir=thumbs)
        t_plan = time.perf_counter() - t0
        before = len(double.generation_requests())
        summary = asyncio.run(svc.run_jobs(owner, [HostConfig(url=double.url, concurrency=2)],
                                           RunConfig(model="llava:latest"), job_ids=job_ids))
        wall = time.perf_counter() - t0
        return wall, len(double.generation_requests()) - before, covered, (summary, t_plan)
    finally:
        owner.close()


def test_requests_vs_photos_captioned(tmp_path: Path) -> None:
    lib, sizes = _library(tmp_path)
    results = {}
    with OllamaDouble(caption_seconds=CAPTION_SECONDS) as double:
        double.num_parallel = 1  # one GPU: one request at a time
        for mode in (False, True):
            dbp = tmp_path / f"lib-{mode}.db"
            db = dbmod.connect(dbp)
            scanner.index_folders(db, [str(lib)])
            db.conn.close()
            results[mode] = _run(dbp, tmp_path / f"thumbs-{mode}", double, every_frame=mode)
            db = dbmod.connect(dbp)
            missing = db.execute("SELECT count(*) FROM photos WHERE caption_state != 'draft'").fetchone()[0]
            n_groups = groups.count(db)
            db.conn.close()
            assert missing == 0
            if not mode:
                singles = sum(1 for x in sizes if x == 1)
                assert n_groups == sum(1 for x in sizes if x > 1)
                assert results[mode][1] <= n_groups + singles
    (w0, req0, cov0, (s0, plan0)), (w1, req1, cov1, (s1, _)) = results[False], results[True]
    print(f"\n[groups] library of {N_LIBRARY} photos, {sum(x for x in sizes if x > 1)} in "
          f"{sum(1 for x in sizes if x > 1)} bursts of 3–8; double at {CAPTION_SECONDS} s per caption")
    print(f"[groups] grouped:     {req0} requests for {s0.covered} photos captioned, {w0:.1f} s "
          f"(of which {plan0:.1f} s hashing {N_LIBRARY} photos incl. thumbnails and planning)")
    print(f"[groups] every frame: {req1} requests for {s1.covered} photos captioned, {w1:.1f} s")
    print(f"[groups] requests {req0 / req1:.2f}×, wall time {w0 / w1:.2f}× "
          f"({(w0 - plan0) / w1:.2f}× without the one-off hashing)")
    assert req1 == N_LIBRARY and s0.covered == N_LIBRARY
