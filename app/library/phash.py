"""Perceptual signatures of a thumbnail: what near-duplicate grouping compares.

Why our own and not the ``ImageHash`` package: we need two 64-bit hashes and a sharpness figure
from an image that is already decoded, in well under a millisecond; Pillow + numpy (already
dependencies) do that in ~30 lines, and ImageHash would add scipy/PyWavelets for nothing we use.

- ``dhash``: 9×8 grey, one bit per horizontal gradient sign. Insensitive to brightness and small
  crops; cheap.
- ``phash``: 32×32 grey → 2-D DCT → the 8×8 lowest frequencies (DC excluded) against their median.
  Insensitive to brightness, contrast and JPEG noise; distinguishes scenes better than dHash.
  ``groups.is_near`` judges the mean of the two distances.
- ``pixels``: BLAKE2b of the thumbnail's RGB pixels at ~64 px (``open_thumbnail`` decodes it at that
  size): identical for identical decoded pixels, whatever the files' metadata: "same decoded pixels" for copies
  whose files differ (metadata rewritten, re-encoded at the same quality).
- ``contrast``: grey standard deviation; a flat image (one colour, a blank frame) has meaningless
  hashes, so grouping demands identical pixels for it.
- ``sharpness``: variance of a 4-neighbour Laplacian on the 64-px grey copy, per unit of grey variance: the cheap measure that
  picks a group's best frame (blur and motion lower it).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import numpy as np
from PIL import Image

VERSION = 3  # bump when the computation changes: stored signatures of another version are redone


def _dct_matrix(n: int) -> np.ndarray:
    k = np.arange(n)[:, None]
    x = np.arange(n)[None, :]
    m = np.cos(np.pi * (2 * x + 1) * k / (2 * n)) * np.sqrt(2.0 / n)
    m[0, :] = np.sqrt(1.0 / n)
    return m


_DCT32 = _dct_matrix(32)
_BITS = (1 << np.arange(64, dtype=np.uint64)).astype(np.uint64)


@dataclass(frozen=True)
class Signature:
    """What grouping stores per photo (hashes as signed 64-bit ints so SQLite can hold them)."""

    dhash: int
    phash: int
    pixels: str
    sharpness: float
    contrast: float  # standard deviation of the 32×32 grey pixels: near 0 = a flat image (hashes say nothing)


def _pack(bits: np.ndarray) -> int:
    """64 booleans → a signed 64-bit int (SQLite INTEGER)."""
    v = int(np.sum(_BITS[bits.reshape(-1)], dtype=np.uint64))
    return v - (1 << 64) if v >= (1 << 63) else v


def hamming(a: int, b: int) -> int:
    """Number of differing bits between two 64-bit hashes."""
    return ((a ^ b) & 0xFFFFFFFFFFFFFFFF).bit_count()


def signature(img: Image.Image) -> Signature:
    """All signatures of an (upright, already decoded) thumbnail; everything works on ≤ 64 px."""
    rgb = img if img.mode == "RGB" else img.convert("RGB")
    if max(rgb.size) > 64:  # a 256-px thumbnail: one box reduction (``open_thumbnail`` already gives 64 px)
        rgb = rgb.reduce(max(1, max(rgb.size) // 64))
    pixels = hashlib.blake2b(f"{rgb.width}x{rgb.height}".encode() + rgb.tobytes(), digest_size=16).hexdigest()
    grey = rgb.convert("L")
    g32 = np.asarray(grey.resize((32, 32), Image.Resampling.BILINEAR), dtype=np.float32)
    g9 = np.asarray(grey.resize((9, 8), Image.Resampling.BILINEAR), dtype=np.float32)
    dh = _pack(g9[:, 1:] > g9[:, :-1])
    low = (_DCT32 @ g32 @ _DCT32.T)[:8, :8].reshape(-1)[1:]
    ph = _pack(np.concatenate(([False], low > np.median(low))))
    g = np.asarray(grey, dtype=np.float32)
    sharp = 0.0
    if min(g.shape) >= 3:
        lap = 4 * g[1:-1, 1:-1] - g[:-2, 1:-1] - g[2:, 1:-1] - g[1:-1, :-2] - g[1:-1, 2:]
        sharp = float(lap.var() / max(float(g.var()), 1.0))  # per unit of contrast: a brighter frame is not sharper
    return Signature(dh, ph, pixels, sharp, float(g32.std()))


def open_thumbnail(path: str) -> Image.Image:
    """Decode a cached JPEG thumbnail small (libjpeg draft at 1/4: 256 px → 64 px), in colour."""
    with Image.open(path) as im:
        im.draft("RGB", (64, 64))
        return im.convert("RGB")
