"""Land or sea at a point, from the GLOBE 1 km land mask that ``global-land-mask`` ships.

The package's own loader inflates the whole grid (21,600 × 43,200 cells, ~930 MB of memory and
~7 s) on import. We read the same file once, streaming, and keep only where land and sea change
along the grid read row by row (~800,000 positions, ~6 MB), cached in the app's cache folder. A
lookup is then a binary search per cell, vectorised over a batch. Most lakes are land in this mask.

A point is *at sea* only when its cell and the eight cells around it (~1 km each way) are all
water: GPS on a beach, a pier or a harbour wall is not "at sea" because the 1 km grid happens to
put the coastline a few hundred metres inland.
"""

from __future__ import annotations

import importlib.util
import io
import logging
import os
import threading
import zipfile
from pathlib import Path

import numpy as np

log = logging.getLogger(__name__)

CHUNK_ROWS = 512  # rows inflated at a time while building (≈ 22 MB)
VERSION = 1  # bump when the cached form changes


class SeaMask:
    """Where the mask changes between land and sea, in row-major cell order."""

    def __init__(self, changes: np.ndarray, first_is_sea: bool, shape: tuple[int, int],
                 lat0: float, dlat: float, lon0: float, dlon: float) -> None:
        self.changes, self.first_is_sea, self.shape = changes, first_is_sea, shape
        self.lat0, self.dlat, self.lon0, self.dlon = lat0, dlat, lon0, dlon

    def _cells(self, lat: np.ndarray, lon: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        h, w = self.shape
        r = np.clip(((lat - self.lat0) / self.dlat).astype(np.int64), 0, h - 1)
        c = np.clip(((lon - self.lon0) / self.dlon).astype(np.int64), 0, w - 1)
        return r, c

    def _water(self, r: np.ndarray, c: np.ndarray) -> np.ndarray:
        h, w = self.shape
        flat = np.clip(r, 0, h - 1) * w + (c % w)  # longitude wraps at the date line
        odd = np.searchsorted(self.changes, flat, side="right") % 2 == 1
        return odd != self.first_is_sea

    def water(self, lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
        """Water in the point's own cell."""
        return self._water(*self._cells(np.asarray(lat, float), np.asarray(lon, float)))

    def at_sea(self, lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
        """Water in the point's cell and in the eight around it."""
        r, c = self._cells(np.asarray(lat, float), np.asarray(lon, float))
        out = self._water(r, c)
        for dr in (-1, 0, 1):
            for dc in (-1, 0, 1):
                if dr or dc:
                    idx = np.flatnonzero(out)
                    if not idx.size:
                        return out
                    out[idx] = self._water(r[idx] + dr, c[idx] + dc)
        return out


def _source() -> Path:
    """The package's data file, found without importing the package (its import inflates 930 MB)."""
    spec = importlib.util.find_spec("global_land_mask")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("global-land-mask is not installed")
    path = Path(next(iter(spec.submodule_search_locations))) / "globe_combined_mask_compressed.npz"
    if not path.is_file():
        raise ImportError(f"global-land-mask has no {path.name}")
    return path


def _read_npy_header(fh) -> tuple[tuple[int, int], np.dtype]:  # type: ignore[no-untyped-def]
    from numpy.lib import format as npf  # noqa: PLC0415

    version = npf.read_magic(fh)
    reader = npf.read_array_header_1_0 if version == (1, 0) else npf.read_array_header_2_0
    shape, fortran, dtype = reader(fh)
    if fortran or len(shape) != 2 or np.dtype(dtype).itemsize != 1:
        raise ValueError(f"unexpected land mask layout {shape} {dtype}")
    return shape, np.dtype(dtype)


def build(src: Path) -> SeaMask:
    """Stream the package's mask and keep its land/sea changes (~6 s, ~100 MB peak, once)."""
    with zipfile.ZipFile(src) as z:
        lat = np.load(io.BytesIO(z.read("lat.npy")))  # np.load on a zip stream inflates the mask too
        lon = np.load(io.BytesIO(z.read("lon.npy")))
        with z.open("mask.npy") as fh:
            (h, w), _ = _read_npy_header(fh)
            parts: list[np.ndarray] = []
            prev: int | None = None
            first = False
            done = 0
            while done < h:
                n = min(CHUNK_ROWS, h - done)
                buf = np.frombuffer(fh.read(n * w), dtype=np.uint8)
                if buf.size != n * w:
                    raise ValueError("land mask file is truncated")
                if prev is None:
                    first = bool(buf[0])
                else:
                    if buf[0] != prev:
                        parts.append(np.array([done * w], dtype=np.int64))
                parts.append(np.flatnonzero(buf[1:] != buf[:-1]).astype(np.int64) + done * w + 1)
                prev = int(buf[-1])
                done += n
    changes = np.concatenate(parts) if parts else np.empty(0, np.int64)
    return SeaMask(changes, first, (h, w), float(lat[0]), float(lat[1] - lat[0]), float(lon[0]),
                   float(lon[1] - lon[0]))


def _cache_file(src: Path) -> Path:
    """In the app's cache folder (``ALBUMWISE_PLACES_CACHE`` names another, e.g. one shared by a test run)."""
    from app.config import app_paths  # noqa: PLC0415

    st = src.stat()
    folder = os.environ.get("ALBUMWISE_PLACES_CACHE") or str(app_paths().cache_dir / "places")
    return Path(folder) / f"seamask-v{VERSION}-{st.st_size}-{int(st.st_mtime)}.npz"


def load() -> SeaMask | None:
    """The mask (from the cache, or built and cached); None when the package is not installed."""
    try:
        src = _source()
    except ImportError:
        return None
    cache = _cache_file(src)
    try:
        with np.load(cache) as f:
            m = f["meta"]
            return SeaMask(f["changes"], bool(m[0]), (int(m[1]), int(m[2])), *map(float, m[3:7]))
    except (OSError, KeyError, ValueError):
        pass
    mask = build(src)
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        tmp = cache.with_name(f"{cache.stem}.{os.getpid()}.{threading.get_ident()}.tmp.npz")
        meta = np.array([mask.first_is_sea, *mask.shape, mask.lat0, mask.dlat, mask.lon0, mask.dlon], dtype=np.float64)
        np.savez(tmp, changes=mask.changes, meta=meta)
        os.replace(tmp, cache)
    except OSError as exc:  # a read-only cache: built again next time, still right
        log.info("could not cache the land mask: %s", exc)
    return mask
