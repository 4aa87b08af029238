"""IPTC inside a PNG: the "Raw profile type iptc" (or "... 8bim") text chunk ExifTool and ImageMagick
write, a hex dump of IPTC-IIM records, often wrapped in a Photoshop resource block.

Why our own few lines: Pillow reads IPTC only from JPEG and TIFF, and a PNG's keywords and caption
were simply not seen. The chunk's text is what Pillow (or ``metadata.png_late_text`` for chunks after
the image data) already hands us, whether it came in a tEXt, zTXt or iTXt chunk.
"""

from __future__ import annotations

import struct
from typing import Any

PROFILE_KEYS = ("Raw profile type iptc", "Raw profile type 8bim", "Raw profile type APP13")
MAX_PROFILE = 16 * 2**20


def raw_profile(text: Any) -> bytes | None:
    """The bytes of an ImageMagick-style raw profile: ``\\nNAME\\n  LENGTH\\nHEX...``."""
    if not isinstance(text, str) or len(text) > 2 * MAX_PROFILE:
        return None
    lines = text.strip("\n").split("\n")
    if len(lines) < 3:
        return None
    try:
        length = int(lines[1].strip())
        data = bytes.fromhex("".join(lines[2:]).replace(" ", ""))
    except ValueError:
        return None
    return data[:length] if 0 <= length <= len(data) else data


def resources(data: bytes) -> dict[int, bytes]:
    """Photoshop image resources (``8BIM`` blocks) by id."""
    out: dict[int, bytes] = {}
    pos = 0
    while pos + 12 <= len(data) and data[pos : pos + 4] == b"8BIM":
        rid = struct.unpack(">H", data[pos + 4 : pos + 6])[0]
        name_len = data[pos + 6]
        pos += 6 + (name_len + 2) // 2 * 2  # Pascal name, padded to even
        if pos + 4 > len(data):
            break
        size = struct.unpack(">I", data[pos : pos + 4])[0]
        pos += 4
        out.setdefault(rid, data[pos : pos + size])
        pos += size + (size & 1)
    return out


def iim(data: bytes) -> dict[tuple[int, int], Any]:
    """IPTC-IIM datasets as Pillow's ``getiptcinfo`` gives them: bytes, or a list when repeated."""
    out: dict[tuple[int, int], Any] = {}
    pos = 0
    while pos + 5 <= len(data) and data[pos] == 0x1C:
        rec, ds = data[pos + 1], data[pos + 2]
        size = struct.unpack(">H", data[pos + 3 : pos + 5])[0]
        pos += 5
        if size & 0x8000:  # extended length: the next (size & 0x7FFF) bytes hold it
            n = size & 0x7FFF
            size = int.from_bytes(data[pos : pos + n], "big")
            pos += n
        value = data[pos : pos + size]
        pos += size
        key = (rec, ds)
        if key in out:
            out[key] = (out[key] if isinstance(out[key], list) else [out[key]]) + [value]
        else:
            out[key] = value
    return out


def png_iptc(info: dict[str, Any]) -> tuple[dict[tuple[int, int], Any], dict[int, bytes] | None]:
    """(IPTC datasets, Photoshop resources or None) from a PNG's text chunks."""
    for key in PROFILE_KEYS:
        data = raw_profile(info.get(key))
        if not data:
            continue
        if data[:4] == b"8BIM":
            res = resources(data)
            return iim(res.get(0x0404, b"")), res
        if data[:1] == b"\x1c":
            return iim(data), None
    return {}, None
