"""What one exiftool read asks for, by kind of file: the same answer, less work for still images.

A read costs exiftool most of its time in a batch of writes (a small JPEG's read costs about as much
as its write), so two options that change nothing in the answer for JPEG, PNG, WebP and GIF files
are worth having there:

- ``-e``: no Composite tags. None is asked for; building them still costs a third of a read.
  (RAW and DNG files keep it: their ``IFD0:PreviewImage`` is one.)
- the QuickTime groups videos keep their text in (``Keys``, ``ItemList``, ``UserData``,
  ``Microsoft``) are left out: asking for a group by name makes exiftool look at every tag.

A file is taken for a still image by its name and confirmed by the ``File:FileType`` exiftool
reports; a video named like a photo is read again with every group.
"""

from __future__ import annotations

import os
from typing import Any

from app.metadata import fields as F
from app.metadata import video_fields

STILL_EXTENSIONS = frozenset({".jpg", ".jpeg", ".jpe", ".png", ".webp", ".gif"})
STILL_TYPES = frozenset({"JPEG", "MPO", "PNG", "WEBP", "GIF"})


def is_still(path: str) -> bool:
    """Named like a JPEG, PNG, WebP or GIF (the read then skips Composite tags and video groups)."""
    return os.path.splitext(path)[1].lower() in STILL_EXTENSIONS


def read_args(tags: list[str] | None, *, still: bool) -> list[str]:
    """The tag arguments of a ``-j -b -G1`` read: ``tags``, or every field we read (``F.READ_ARGS``)."""
    wanted = [f"-{t}" for t in tags] if tags else list(F.READ_ARGS)
    if not still:
        return wanted
    if not tags:
        wanted = [a for a in wanted if a not in video_fields.READ_ARGS]
    return ["-e", *wanted]


def confirmed(record: dict[str, Any], tags: list[str] | None) -> bool:
    """A still-image read stands: a read of named tags always (it asked for no group), a full read
    when exiftool found the still image the name promised."""
    return bool(tags) or str(record.get("File:FileType") or "").upper() in STILL_TYPES
