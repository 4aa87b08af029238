"""A library of real-sized JPEGs for the soak benchmark, made on the spot (nothing is downloaded).

Each photo is a distinct crop of a natural-looking texture (1/f noise, like real scenes) in its own
tint, at full camera size (12 MP by default), JPEG q90, with camera EXIF: make, model and time. A
third carry a GPS fix in one of six cities (so Places fills), and every 40th photo starts a burst of
three near-identical frames one second apart (so grouping makes stacks while captions run). Files go
in folders of 100 by month, like a camera import. Generation runs in worker processes and prints
its time; it is not part of the measured hour.
"""

from __future__ import annotations

import io
import multiprocessing
import os
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

CITIES = [(43.7696, 11.2558), (43.6532, -79.3832), (37.7749, -122.4194), (49.2827, -123.1207),
          (45.4642, 9.1900), (48.8566, 2.3522)]
BASES = 8  # distinct textures; every photo is its own crop and tint of one of them
MARGIN = 0.1  # textures are this much larger than a photo, so crops differ


def _texture(seed: int, w: int, h: int) -> Any:
    """A natural-looking RGB texture: 1/f noise at a quarter size, scaled up, with fine grain."""
    import numpy as np
    from PIL import Image

    rng = np.random.default_rng(seed)
    sw, sh = max(16, w // 4), max(16, h // 4)
    fy = np.fft.fftfreq(sh)[:, None]
    fx = np.fft.rfftfreq(sw)[None, :]
    amp = 1.0 / np.maximum(np.hypot(fx, fy), 1.0 / max(sw, sh)) ** 1.2
    chans = []
    for c in range(3):
        spec = amp * np.exp(2j * np.pi * rng.random(amp.shape))
        field = np.fft.irfft2(spec, s=(sh, sw))
        field = (field - field.mean()) / (field.std() + 1e-9)
        chans.append(np.clip(128 + 45 * field + 12 * c, 0, 255).astype(np.uint8))
    small = Image.fromarray(np.dstack(chans), "RGB")
    big = np.asarray(small.resize((w, h), Image.Resampling.BICUBIC)).astype(np.int16)
    big += rng.normal(0, 5, size=(h, w, 1)).astype(np.int16)  # sensor grain
    return Image.fromarray(np.clip(big, 0, 255).astype(np.uint8), "RGB")


def _exif(i: int, when: datetime, gps: tuple[float, float] | None) -> bytes:
    from PIL import Image

    ex = Image.Exif()
    ex[0x010F] = "Soakcam"  # Make
    ex[0x0110] = "SC-1"  # Model
    ex[0x0132] = when.strftime("%Y:%m:%d %H:%M:%S")
    ifd = ex.get_ifd(0x8769)
    ifd[0x9003] = when.strftime("%Y:%m:%d %H:%M:%S")  # DateTimeOriginal
    if gps is not None:
        g = ex.get_ifd(0x8825)

        def dms(v: float) -> tuple[float, float, float]:
            v = abs(v)
            d, m = int(v), int((v - int(v)) * 60)
            return (float(d), float(m), round(((v - d) * 60 - m) * 60, 4))

        g[1], g[2] = ("N" if gps[0] >= 0 else "S"), dms(gps[0])
        g[3], g[4] = ("E" if gps[1] >= 0 else "W"), dms(gps[1])
    return ex.tobytes()


def _plan(n: int) -> list[dict[str, Any]]:
    """What each file is: texture, crop, tint, time, place (bursts: three frames alike)."""
    import random

    rng = random.Random(20240605)
    start = datetime(2023, 1, 7, 9, 0, 0)
    out: list[dict[str, Any]] = []
    i = 0
    while i < n:
        when = start + timedelta(hours=7 * i)
        base = {"texture": rng.randrange(BASES), "fx": rng.random(), "fy": rng.random(),
                "tint": tuple(rng.uniform(0.75, 1.25) for _ in range(3)),
                "gps": CITIES[rng.randrange(len(CITIES))] if rng.random() < 1 / 3 else None}
        frames = 3 if i % 40 == 0 and i + 3 <= n else 1
        for k in range(frames):  # a burst: the same scene moved a few pixels, a second apart
            out.append({**base, "i": i + k, "when": when + timedelta(seconds=k), "shift": 6 * k})
        i += frames
    return out


def _make_one(args: tuple[dict[str, Any], str, int, int]) -> int:
    from PIL import Image

    item, dest, w, h = args
    global _TEXTURES
    try:
        textures = _TEXTURES
    except NameError:
        textures = _TEXTURES = {}
    t = item["texture"]
    if t not in textures:
        textures[t] = _texture(1000 + t, int(w * (1 + MARGIN)), int(h * (1 + MARGIN)))
    tex = textures[t]
    x = int(item["fx"] * w * MARGIN) + item["shift"]
    y = int(item["fy"] * h * MARGIN)
    img = tex.crop((x, y, x + w, y + h))
    r, g, b = img.split()
    img = Image.merge("RGB", [band.point(lambda v, f=f: min(255, int(v * f))) for band, f in zip((r, g, b),
                                                                                                item["tint"])])
    when = item["when"]
    folder = Path(dest) / f"{when:%Y}" / f"{when:%Y-%m}"
    folder.mkdir(parents=True, exist_ok=True)
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=90, exif=_exif(item["i"], when, item["gps"]))
    (folder / f"IMG_{item['i']:05d}.jpg").write_bytes(buf.getvalue())
    return len(buf.getvalue())


def make_library(dest: Path, n: int = 2000, megapixels: float = 12.0, workers: int | None = None) -> dict[str, Any]:
    """Write ``n`` JPEGs under ``dest``; returns what was made (count, bytes, seconds)."""
    w = int((megapixels * 1e6 * 4 / 3) ** 0.5) // 16 * 16
    h = w * 3 // 4
    t = time.perf_counter()
    jobs = [(item, str(dest), w, h) for item in _plan(n)]
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(workers or max(1, (os.cpu_count() or 2))) as pool:
        sizes = pool.map(_make_one, jobs, chunksize=8)
    return {"photos": len(sizes), "bytes": sum(sizes), "size": f"{w}x{h}", "seconds": time.perf_counter() - t,
            "bursts": sum(1 for it in jobs if it[0]["shift"] == 6), "with_gps": sum(1 for it in jobs if it[0]["gps"])}


if __name__ == "__main__":  # python tests/bench/soak_library.py DEST [N] [MP]
    import sys

    print(make_library(Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 2000,
                       float(sys.argv[3]) if len(sys.argv) > 3 else 12.0))
