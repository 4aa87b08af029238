"""A huge-but-small PNG for memory tests: W×H RGBA that compresses to a few MB (a decompression
bomb just under the pixel limit), made without ever holding the decoded image in memory.

The image is runs of identical rows, so the zlib stream is built from blocks of rows each compressed
once: a block compressed by a fresh compressor and ended with a full flush is byte-aligned, refers to
nothing before it and leaves the stream open, so repeating its bytes repeats the rows. That takes
well under a second where compressing 1.6 GB row by row takes ~4 s of CPU.
"""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

BLOCK_ROWS = 64  # rows compressed at once (a 20000 px RGBA block is 5 MB)


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def _row_runs(width: int, height: int) -> list[tuple[bytes, int]]:
    """Top half red, bottom half blue, a 16-row half-transparent grey stripe between them: (row, count)."""
    red = b"\x00" + bytes((200, 30, 30, 255)) * width  # each row: filter type 0 (None), then RGBA pixels
    blue = b"\x00" + bytes((30, 60, 220, 255)) * width
    grey = b"\x00" + bytes((128, 128, 128, 128)) * width
    top, stripe_end = max(height // 2 - 8, 0), min(height // 2 + 8, height)
    runs = [(red, top), (grey, stripe_end - top), (blue, height - stripe_end)]
    return [(row, n) for row, n in runs if n > 0]


def _deflate_block(data: bytes) -> bytes:
    comp = zlib.compressobj(6, zlib.DEFLATED, -15)  # raw deflate: the zlib header is written once
    return comp.compress(data) + comp.flush(zlib.Z_FULL_FLUSH)


def _zlib_stream(width: int, height: int) -> bytes:
    parts = [b"\x78\x9c"]  # zlib header: deflate, 32 KB window, default level
    adler = 1
    for row, count in _row_runs(width, height):
        full, rest = divmod(count, BLOCK_ROWS)
        for rows, times in ((BLOCK_ROWS, full), (rest, 1 if rest else 0)):
            if not times:
                continue
            block = row * rows
            packed = _deflate_block(block)
            parts.extend([packed] * times)
            for _ in range(times):
                adler = zlib.adler32(block, adler)
    end = zlib.compressobj(6, zlib.DEFLATED, -15)
    parts.append(end.flush(zlib.Z_FINISH))  # the final (empty) block
    parts.append(struct.pack(">I", adler & 0xFFFFFFFF))
    return b"".join(parts)


def write_big_png(path: Path, width: int = 20000, height: int = 20000, *, truncate_last_chunk: bool = False) -> Path:
    """An RGBA PNG: top half red, bottom half blue, a half-transparent grey stripe between them."""
    data = _zlib_stream(width, height)
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
