"""A huge-but-small PNG for memory tests: W×H RGBA that compresses to a few MB (a decompression
bomb just under the pixel limit), written row by row so making it costs no memory."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def write_big_png(path: Path, width: int = 20000, height: int = 20000, *, truncate_last_chunk: bool = False) -> Path:
    """An RGBA PNG: top half red, bottom half blue, a half-transparent grey stripe between them."""
    comp = zlib.compressobj(6)
    parts: list[bytes] = []
    red = bytes((200, 30, 30, 255)) * width
    blue = bytes((30, 60, 220, 255)) * width
    for y in range(height):
        row = red if y < height // 2 else blue
        if height // 2 - 8 <= y < height // 2 + 8:
            row = bytes((128, 128, 128, 128)) * width  # half-transparent grey stripe
        parts.append(comp.compress(b"\x00" + row))
    parts.append(comp.flush())
    data = b"".join(parts)
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    out = [b"\x89PNG\r\n\x1a\n", _chunk(b"IHDR", ihdr)]
    step = 1 << 20
    for i in range(0, len(data), step):
        out.append(_chunk(b"IDAT", data[i : i + step]))
    out.append(_chunk(b"IEND", b""))
    blob = b"".join(out)
    if truncate_last_chunk:
        blob = blob[: -len(_chunk(b"IEND", b"")) - 1000]
    path.write_bytes(blob)
    return path
