"""What one exiftool read asks for, by kind of file: the same answer, less work for still images.

A read costs exiftool most of its time in a batch of writes (a small JPEG's full read costs about as
much as its write), so options that change nothing in the answer for the files they are used on are
worth having there:

- ``-e`` (still images): no Composite tags. None is asked for; building them still costs a third of
  a read. (RAW and DNG files keep it: their ``IFD0:PreviewImage`` is one.)
- the QuickTime groups videos keep their text in (``Keys``, ``ItemList``, ``UserData``,
  ``Microsoft``) are left out for still images: asking for a group by name makes exiftool look at
  every tag.
- the PNG text chunks (asked for with a wildcard, ``-PNG:Description*``, which makes exiftool match
  the pattern against every tag) are left out for JPEGs, which have none (an eighth of a read).
- ``-fast2`` (JPEGs whose last bytes are the end-of-image marker): no maker notes, and no look for a
  trailer after the picture. In a JPEG nothing we read lives in maker notes (nor in the CIFF and
  FlashPix blocks it also skips); the other thing it skips, metadata trailers (AFCP, PhotoMechanic,
  FotoStation, MIE, ...), end the file with their own signature, so a file that ends with FF D9 has
  none. A file that ends otherwise is read in full. (exiftool's warnings about maker notes it did not
  read are then missing too; nothing looks at them.)

A file is taken for its kind by its name (and last bytes) and confirmed by the ``File:FileType``
exiftool reports; a file that is something else is read again with every group and no shortcut.
"""

from __future__ import annotations

import os
from typing import Any

from app.metadata import fields as F
from app.metadata import video_fields

STILL_EXTENSIONS = frozenset({".jpg", ".jpeg", ".jpe", ".png", ".webp", ".gif"})
JPEG_EXTENSIONS = frozenset({".jpg", ".jpeg", ".jpe"})
STILL_TYPES = frozenset({"JPEG", "MPO", "PNG", "WEBP", "GIF"})
JPEG_TYPES = frozenset({"JPEG", "MPO"})

FULL, STILL, JPEG = "full", "still", "jpeg"  # read kinds, from most to least work for exiftool
PNG_READ_ARGS = frozenset(a for a in F.READ_ARGS if a.startswith("-PNG:"))


def is_still(path: str) -> bool:
    """Named like a JPEG, PNG, WebP or GIF (the read then skips Composite tags and video groups)."""
    return os.path.splitext(path)[1].lower() in STILL_EXTENSIONS


def kind_of(path: str) -> str:
    """How ``path`` can be read: ``JPEG`` (named so and ending with the end-of-image marker), ``STILL``
    or ``FULL``."""
    ext = os.path.splitext(path)[1].lower()
    if ext not in STILL_EXTENSIONS:
        return FULL
    if ext in JPEG_EXTENSIONS and _ends_with_eoi(path):
        return JPEG
    return STILL


def _ends_with_eoi(path: str) -> bool:
    try:
        with open(path, "rb") as fh:
            fh.seek(-2, os.SEEK_END)
            return fh.read(2) == b"\xff\xd9"
    except OSError:
        return False


def read_args(tags: list[str] | None, *, kind: str) -> list[str]:
    """The tag arguments of a ``-j -b -G1`` read: ``tags``, or every field we read (``F.READ_ARGS``)."""
    wanted = [f"-{t}" for t in tags] if tags else list(F.READ_ARGS)
    if kind == FULL:
        return wanted
    if not tags:
        wanted = [a for a in wanted if a not in video_fields.READ_ARGS]
        if kind == JPEG:  # a JPEG has no PNG text chunks, and a tag name with a wildcard costs a look at every tag
            wanted = [a for a in wanted if a not in PNG_READ_ARGS]
    elif "-File:FileType" not in wanted:
        wanted.append("-File:FileType")  # to confirm the kind (``confirmed``)
    return ["-fast2", "-e", *wanted] if kind == JPEG else ["-e", *wanted]


def confirmed(record: dict[str, Any], kind: str) -> bool:
    """A read stands when exiftool found the kind of file the name promised (else: read it in full)."""
    if kind == FULL:
        return True
    found = str(record.get("File:FileType") or "").upper()
    return found in (JPEG_TYPES if kind == JPEG else STILL_TYPES)
