"""The JPEG comment (``COM`` segment), read from the file's own bytes.

exiftool files both the ``COM`` segment and a PhotoStudio ``APP10`` Unicode comment under
``File:Comment`` and, without ``-a``, returns the first one it meets: the APP10 text would then be
journaled as the comment's old value, and undo would write it into ``COM``. Writing
``-File:Comment`` always means ``COM``, so the value we read must be ``COM``'s too.
"""

from __future__ import annotations

import base64
import struct
from typing import Any

_MAX_HEADER = 16 * 1024 * 1024  # stop looking after this many bytes of segments (the image data follows)


def com_value(path: str) -> tuple[bool, Any]:
    """(is a JPEG, the first ``COM`` segment's text as exiftool's ``-b -j`` would give it: str, or
    ``{"b64": ...}`` for bytes that are not UTF-8, or None when there is no ``COM`` segment)."""
    try:
        with open(path, "rb") as fh:
            if fh.read(2) != b"\xff\xd8":
                return False, None
            return True, _first_com(fh)
    except OSError:
        return False, None


def _first_com(fh: Any) -> Any:
    """Walk the segments after SOI up to the image data; the first ``COM`` segment's value."""
    pos = 2
    while pos < _MAX_HEADER:
        head = fh.read(4)
        if len(head) < 4 or head[0] != 0xFF:
            return None
        marker = head[1]
        if marker == 0xFF:  # fill byte: step one byte on
            pos += 1
            fh.seek(pos)
            continue
        if marker in (0xDA, 0xD9):  # start of scan / end of image: no more metadata segments
            return None
        (length,) = struct.unpack(">H", head[2:4])
        if length < 2:
            return None
        if marker == 0xFE:
            return com_text(fh.read(length - 2))
        pos += 2 + length
        fh.seek(pos)
    return None


def com_text(data: bytes) -> Any:
    """A ``COM`` payload as exiftool's ``-b -j`` gives it: text, or ``{"b64": ...}`` when not UTF-8."""
    data = data.rstrip(b"\x00")  # exiftool drops trailing NULs too
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return {"b64": base64.b64encode(data).decode("ascii")}
