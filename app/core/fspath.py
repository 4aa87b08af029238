"""File names the OS allows but Unicode does not: stored losslessly, shown readably.

On POSIX a file name is bytes. Python hands an undecodable name (``caf\\xe9.jpg`` from an old
archive, a Windows zip or a camera card) to us as a str holding lone surrogates
(``'caf\\udce9.jpg'``, PEP 383). Such a str opens the file fine, but SQLite, JSON and the terminal
all refuse it. The rule, used everywhere a path crosses that boundary:

- ``to_text(path)``: the text we store in ``path`` columns and show. A valid name is itself;
  an undecodable one has each bad byte written as ``\\xNN`` (readable, one line).
- ``to_bytes(path)``: the exact bytes to keep beside it (a ``path_bytes`` column), or None for a
  valid name, so ordinary rows are unchanged.
- ``from_row(row)``: the real filesystem path of a stored row (``path_bytes`` wins), to open, stat,
  decode, thumbnail, caption or write the file.
"""

from __future__ import annotations

import os
from typing import Any, Mapping


def is_text(path: str) -> bool:
    """True when ``path`` is valid Unicode (storable and printable as is)."""
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def to_bytes(path: str) -> bytes | None:
    """The filesystem bytes of a path that is not valid Unicode; None for an ordinary path."""
    if is_text(path):
        return None
    try:
        return os.fsencode(path)
    except UnicodeEncodeError:  # a surrogate that did not come from the filesystem: no bytes exist
        return path.encode("utf-8", "surrogatepass")


def to_text(path: str) -> str:
    """Readable, storable text for any path: undecodable bytes appear as ``\\xNN``."""
    if is_text(path):
        return path
    try:
        raw = os.fsencode(path)
    except UnicodeEncodeError:
        return path.encode("utf-8", "backslashreplace").decode("utf-8")
    return raw.decode("utf-8", "backslashreplace")


def from_row(row: Mapping[str, Any], key: str = "path") -> str:
    """The path to give the OS for a stored row (``photos``, ``roots``, ``writes``)."""
    raw = row.get(f"{key}_bytes")
    if raw:
        return os.fsdecode(bytes(raw))
    return row[key]


def columns(path: str) -> tuple[str, bytes | None]:
    """(text, bytes) to store for ``path`` in a ``path``/``path_bytes`` column pair."""
    return to_text(path), to_bytes(path)
