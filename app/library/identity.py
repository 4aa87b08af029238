"""Which record a file on disk is: a photo is its picture, not its name.

A rescan finds a known name whose file changed. Either the same photo was edited (a caption, a
keyword, the orientation: by us or another app), or another picture now has that name (a camera
that restarted its numbering, an import that reuses names, a file deleted and another renamed into
its place, two names swapped). The first keeps its record, captions and history; the second is a
new photo: the old record gives up the name (``store.photos.vacate``: it stays, marked missing,
with its history) and the new picture gets a record of its own, or the record it had under another
name (a rename or a swap is a move, found by fingerprint or content key).

``same_picture`` decides, cheapest first: the same fingerprint (the same file); else the content
keys (``app.library.media``: a hash of the coded picture that metadata edits leave alone); else,
for files without a key (RAW, JPEG XL, records from before keys existed), the facts the probe read:
format, pixel size, camera and capture time must all agree.
"""

from __future__ import annotations

from typing import Any, NamedTuple


class KnownRow(NamedTuple):
    """What the scanner knows of a record before it reads any file (one query for the whole library)."""

    id: int
    size: int
    mtime_ns: int
    state: str
    fingerprint: str | None
    media_hash: str | None = None
    inode: int | None = None
    format: str | None = None
    width: int | None = None
    height: int | None = None
    taken_at: str | None = None
    camera_model: str | None = None


KNOWN_COLUMNS = ("id", "size", "mtime_ns", "state", "fingerprint", "media_hash", "inode", "format", "width",
                 "height", "taken_at", "camera_model")
#: Without a capture time, a metadata edit changes the size of a file by a few KB, another picture by more.
SIZE_SLACK = 64 * 1024


def unchanged(k: KnownRow, size: int, mtime_ns: int, inode: int | None) -> bool:
    """Same size, time and (where both are known) inode: the file was not touched, nothing to read.
    A new inode under the same name means a new file was put there (a rename over it, a copy)."""
    if k.state == "missing" or k.size != size or k.mtime_ns != mtime_ns:
        return False
    return not (k.inode and inode and k.inode != inode)


def same_picture(k: KnownRow, rec: dict[str, Any]) -> bool:
    """True when the file now under ``k``'s name still shows ``k``'s picture."""
    if not rec.get("fingerprint"):
        return True  # nothing could be read (no permission, emptied, gone meanwhile): no other picture seen
    if k.fingerprint and k.fingerprint == rec.get("fingerprint"):
        return True
    new_key = rec.get("media_hash")
    if k.media_hash and new_key:
        return k.media_hash == new_key
    if k.state == "error" and not k.media_hash and (not k.width or (rec.get("state") == "error" and not new_key)):
        # nothing was ever known of its picture (a dangling link, an unreadable file), or it is still
        # unreadable: there is no picture to keep apart from this one
        return True
    return _same_facts(k, rec)


def _same_facts(k: KnownRow, rec: dict[str, Any]) -> bool:
    if not k.width or not k.format or (k.format or "") != (rec.get("format") or ""):
        return False
    if sorted((k.width or 0, k.height or 0)) != sorted((rec.get("width") or 0, rec.get("height") or 0)):
        return False  # an orientation edit swaps the displayed sides: compare them unordered
    if (k.camera_model or "") != (rec.get("camera_model") or ""):
        return False
    if k.taken_at or rec.get("taken_at"):
        return k.taken_at == rec.get("taken_at")
    return abs((rec.get("size") or 0) - (k.size or 0)) <= SIZE_SLACK


class Vacancies:
    """Records whose file is gone from its name (vanished, or replaced by another picture), waiting to
    be found under another name: by fingerprint first (the same file), then by content key."""

    def __init__(self) -> None:
        self._by_fp: dict[str, list[KnownRow]] = {}
        self._by_key: dict[str, list[KnownRow]] = {}
        self.taken: set[int] = set()

    def add(self, k: KnownRow) -> None:
        if k.fingerprint:
            self._by_fp.setdefault(k.fingerprint, []).append(k)
        if k.media_hash:
            self._by_key.setdefault(k.media_hash, []).append(k)

    def take(self, rec: dict[str, Any]) -> KnownRow | None:
        """The record this newly seen file is (a move), or None (a new photo)."""
        for table, key in ((self._by_fp, rec.get("fingerprint")), (self._by_key, rec.get("media_hash"))):
            for k in table.get(key or "", ()):
                if k.id not in self.taken:
                    self.taken.add(k.id)
                    return k
        return None
