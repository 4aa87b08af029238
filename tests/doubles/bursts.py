"""Test helper: a burst made from one real photo (small crops and brightness changes, close
timestamps written with exiftool), as a phone or camera would leave it."""

from __future__ import annotations

import shutil
import subprocess
from datetime import datetime, timedelta
from pathlib import Path

from PIL import Image, ImageEnhance

# (left, top, right, bottom) crop fractions and a brightness factor per extra frame
VARIANTS = [((0.02, 0.01, 0.0, 0.0), 1.0), ((0.0, 0.0, 0.0, 0.0), 1.1), ((0.03, 0.0, 0.01, 0.02), 0.92),
            ((0.01, 0.02, 0.02, 0.0), 1.05), ((0.0, 0.03, 0.0, 0.0), 0.95), ((0.02, 0.0, 0.0, 0.02), 1.08),
            ((0.0, 0.0, 0.03, 0.01), 0.97)]


def variant(img: Image.Image, k: int) -> Image.Image:
    (l, t, r, b), bright = VARIANTS[k % len(VARIANTS)]
    w, h = img.size
    out = img.crop((int(w * l), int(h * t), w - int(w * r), h - int(h * b)))
    return ImageEnhance.Brightness(out).enhance(bright) if bright != 1.0 else out


def exiftool_set(items: list[tuple[Path, dict[str, str]]]) -> None:
    """Write tags to many files in one exiftool run (one ``-execute`` per file)."""
    args: list[str] = []
    for path, tags in items:
        args += [f"-{k}={v}" for k, v in tags.items()] + ["-overwrite_original", str(path), "-execute"]
    subprocess.run(["exiftool", "-q", "-q", "-@", "-"], input="\n".join(args) + "\n", text=True, check=True,
                   capture_output=True, timeout=120)


def make_burst(src: Path, folder: Path, frames: int, start: datetime, *, stem: str = "IMG") -> list[Path]:
    """``frames`` photos: an exact copy of ``src`` then variants, one second apart, same camera as ``src``."""
    folder.mkdir(parents=True, exist_ok=True)
    first = folder / f"{stem}_0.jpg"
    shutil.copyfile(src, first)
    out = [first]
    with Image.open(src) as im:
        exif = im.info.get("exif") or b""
        base = im.convert("RGB")
    for k in range(1, frames):
        p = folder / f"{stem}_{k}.jpg"
        variant(base, k - 1).save(p, "JPEG", quality=90, exif=exif)
        out.append(p)
    exiftool_set([(p, {"DateTimeOriginal": (start + timedelta(seconds=i)).strftime("%Y:%m:%d %H:%M:%S")})
                  for i, p in enumerate(out)])
    return out
