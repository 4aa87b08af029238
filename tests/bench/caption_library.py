"""Benchmark helper: a fresh photo library like a camera leaves it, built from the test photos.

Each *scene* is a random crop of one of the textured test photos (flipped, tinted, resized to the
size asked for, with a little sensor noise), so scenes differ to the perceptual hashes; a quarter of
the photos are bursts (3 to 5 frames of one scene, one second apart, small crops and exposure
changes, as ``tests.doubles.bursts`` makes them), the others single shots at least a minute apart.
Two cameras, EXIF written by Pillow (make, model, capture time). Deterministic for a seed.
"""

from __future__ import annotations

import multiprocessing
import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from PIL import Image, ImageChops, ImageOps

from tests.conftest import CORPUS
from tests.doubles.bursts import variant

# the Hubble picture's file name carries its source's bug-tracker number, found rather than spelled here
_HUBBLE = next((p.name for p in (CORPUS / "Edited").glob("Hubble*.jpg")), "Reagan.jpg")
BASES = [
    "Misc/Orientation/Landscape_0.jpg", "Archive/2000s/Kodak DX4330.jpg", "Archive/2010s/Canon PowerShot G9 - Berlin.jpg",
    "Archive/2000s/Olympus PEN E-P3.jpg", "Phone/Camera Roll/Apple iPhone 4.jpg", "Edited/" + _HUBBLE,
    "2019/Holiday/Nikon D5000.jpg", "2019/Holiday/Sony DSC-HX5V (2).jpg", "2019/Holiday/prairie_falcon.jpg",
    "2019/Holiday/Tanner's Ridge (fall).jpg", "Phone/Camera Roll/HTC Desire.jpg", "Phone/Camera Roll/DSC_3079.jpg",
]
CAMERAS = [("Apple", "iPhone 13"), ("FUJIFILM", "X-T4")]


def _bases() -> list[Image.Image]:
    out = []
    for name in BASES:
        with Image.open(CORPUS / name) as im:
            out.append(ImageOps.exif_transpose(im).convert("RGB"))
    return out


@dataclass
class Shot:
    """One photo to write: its scene (base, crop box, mirror, tint), its frame in a burst, camera, time."""

    name: str
    base: int
    box: tuple[int, int, int, int]
    mirror: bool
    tint: tuple[float, float, float]
    frame: int
    camera: tuple[str, str]
    when: datetime


def _plan(n: int, seed: int, burst_share: float) -> tuple[list[Shot], int, int]:
    rng = random.Random(seed)
    sizes = []
    for name in BASES:
        with Image.open(CORPUS / name) as im:
            sizes.append(ImageOps.exif_transpose(im).size)
    when = datetime(2024, 5, 1, 9, 0, 0)
    shots: list[Shot] = []
    bursts = in_bursts = 0
    while len(shots) < n:
        camera = CAMERAS[rng.randrange(len(CAMERAS))]
        b = rng.randrange(len(BASES))
        w, h = sizes[b]
        cw, ch = int(w * rng.uniform(0.45, 0.8)), int(h * rng.uniform(0.45, 0.8))
        x, y = rng.randint(0, w - cw), rng.randint(0, h - ch)
        mirror, tint = rng.random() < 0.5, (rng.uniform(0.8, 1.2), rng.uniform(0.8, 1.2), rng.uniform(0.8, 1.2))
        frames = rng.randint(3, 5) if rng.random() < burst_share / (4 - 3 * burst_share) else 1
        frames = min(frames, n - len(shots))
        if frames > 1:
            bursts += 1
            in_bursts += frames
        for k in range(frames):
            shots.append(Shot(f"IMG_{len(shots):05d}.jpg", b, (x, y, x + cw, y + ch), mirror, tint, k, camera, when))
            when += timedelta(seconds=1)
        when += timedelta(seconds=rng.randint(60, 900))
    return shots, bursts, in_bursts


_STATE: dict[str, object] = {}


def _write(job: tuple[Path, tuple[int, int], bool, list[Shot]]) -> None:
    folder, size, noise, shots = job
    if "bases" not in _STATE:
        _STATE["bases"] = _bases()
    if noise and _STATE.get("grain_size") != size:
        _STATE["grain"], _STATE["grain_size"] = Image.merge("RGB", [Image.effect_noise(size, 6)] * 3), size
    bases: list[Image.Image] = _STATE["bases"]  # type: ignore[assignment]
    for s in shots:
        done = folder / s.name
        if done.exists() and done.stat().st_size > 2 and done.read_bytes()[-2:] == b"\xff\xd9":
            continue  # written whole by an earlier, interrupted build
        img = bases[s.base].crop(s.box)
        if s.mirror:
            img = ImageOps.mirror(img)
        img = Image.merge("RGB", [band.point(lambda v, t=t: min(255, int(v * t))) for band, t in zip(img.split(), s.tint)])
        if s.frame:
            img = variant(img, s.frame - 1)
        img = img.resize(size, Image.Resampling.BILINEAR)
        if noise:  # sensor-like grain: a JPEG then costs what a photo costs to decode
            img = ImageChops.add(img, _STATE["grain"], 1.0, -128)  # type: ignore[arg-type]
        exif = Image.Exif()
        exif[0x010F], exif[0x0110] = s.camera
        exif.get_ifd(0x8769)[0x9003] = s.when.strftime("%Y:%m:%d %H:%M:%S")
        img.save(folder / s.name, "JPEG", quality=90, exif=exif.tobytes())


def build(folder: Path, n: int, *, size: tuple[int, int] = (4000, 3000), seed: int = 7,
          burst_share: float = 0.25, noise: bool = True, workers: int = 2) -> dict[str, int]:
    """Write ``n`` photos under ``folder`` (on ``workers`` processes); returns {"photos", "bursts", "in_bursts"}."""
    folder.mkdir(parents=True, exist_ok=True)
    shots, bursts, in_bursts = _plan(n, seed, burst_share)
    chunks = [(folder, size, noise, shots[i : i + 25]) for i in range(0, len(shots), 25)]
    if workers > 1 and len(chunks) > 1:
        with multiprocessing.get_context("spawn").Pool(workers) as pool:
            pool.map(_write, chunks)
    else:
        for c in chunks:
            _write(c)
    return {"photos": len(shots), "bursts": bursts, "in_bursts": in_bursts}
