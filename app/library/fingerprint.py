"""Content fingerprints for recognising a moved or renamed file without reading all of it.

BLAKE2b over the size plus the first and last 64 KiB: 7–9k files/s warm (performance.md §2b),
and it changes whenever a metadata writer rewrites the header. It is not a proof of identity,
only a strong hint used to match a vanished path to a new one.
"""

from __future__ import annotations

import hashlib
import os

CHUNK = 64 * 1024


def fingerprint_fh(fh, size: int) -> str:
    """Fingerprint an open binary file of the given size (the position is left undefined)."""
    h = hashlib.blake2b(digest_size=16)
    h.update(size.to_bytes(8, "little"))
    fh.seek(0)
    h.update(fh.read(CHUNK))
    if size > CHUNK:
        fh.seek(max(CHUNK, size - CHUNK))
        h.update(fh.read(CHUNK))
    return h.hexdigest()


def fingerprint(path: str | os.PathLike[str]) -> str:
    with open(path, "rb") as fh:
        return fingerprint_fh(fh, os.fstat(fh.fileno()).st_size)
