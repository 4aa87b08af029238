"""Content keys: a hash of a photo's picture data that metadata edits leave alone.

Why: the fingerprint (``app.library.fingerprint``) hashes the file's ends, where the metadata
lives, so every caption write changes it. Identity needs the opposite: a key that stays when a
person (or we) edit the description, keywords or orientation, and changes when another picture
lands under the same name. Metadata editors (exiftool, exiv2, Lightroom, digiKam) rewrite only
the metadata segments and copy the coded picture byte for byte, so the key hashes the coded
picture only, found from the container's own structure:

- JPEG/MPO: the frame tables (SOF, DQT, DHT) and the entropy-coded data from the first scan on;
- PNG (and APNG): IHDR, PLTE, tRNS and the IDAT/fdAT data;
- TIFF: the main image's strips or tiles and the tags that say how to read them;
- WebP: the VP8/VP8L/ALPH/ANMF chunks;
- HEIF/AVIF: the primary picture's item data (every tile of a grid);
- GIF: everything from the first image block on, up to ``GIF_WALK`` bytes;
- BMP: the pixel array.

The coded data is *sampled*, not read whole: its length plus ``SAMPLE`` bytes at its start, middle
and end (three seeks; ~0.1 ms warm, one or two disk reads cold), so indexing stays header-speed.
Two different photos share a key only if their coded pictures have the same length and the same
bytes at all three places: for camera output (noise in every block) that does not happen.
RAW files and formats not listed get None: the scanner then compares the facts it read instead.
"""

from __future__ import annotations

import hashlib
import struct
from typing import IO, Any

from app.library import heif_meta, jpeg_header

SAMPLE = 16 * 1024
GIF_WALK = 64 * 2**20  # GIF blocks are read to be walked; beyond this a GIF gets no key
VERSION = b"m1"


def _sampled(fh: IO[bytes], extents: list[tuple[int, int]], prefix: bytes) -> str | None:
    """Hash ``prefix``, the total length of ``extents`` and three samples of their concatenation."""
    extents = [(o, n) for o, n in extents if n > 0]
    total = sum(n for _, n in extents)
    if total <= 0:
        return None
    h = hashlib.blake2b(digest_size=16)
    h.update(VERSION + prefix + total.to_bytes(8, "little"))
    if total <= 3 * SAMPLE:
        spans = [(0, total)]
    else:
        spans = [(0, SAMPLE), ((total - SAMPLE) // 2, SAMPLE), (total - SAMPLE, SAMPLE)]
    for start, length in spans:
        got = _read_virtual(fh, extents, start, length)
        if len(got) != length:
            return None  # the data is not all there: a damaged file has no key
        h.update(got)
    return h.hexdigest()


def _read_virtual(fh: IO[bytes], extents: list[tuple[int, int]], start: int, length: int) -> bytes:
    """``length`` bytes from ``start`` of the concatenation of ``extents``."""
    out = bytearray()
    pos = 0
    for off, n in extents:
        if start < pos + n and length > 0:
            skip = max(0, start - pos)
            take = min(n - skip, length)
            fh.seek(off + skip)
            piece = fh.read(take)
            out += piece
            if len(piece) < take:
                break
            start += take
            length -= take
        pos += n
        if length <= 0:
            break
    return bytes(out)


def _jpeg(fh: IO[bytes], size: int, hdr: jpeg_header.JpegHeader | None = None) -> str | None:
    hdr = hdr or jpeg_header.parse(fh, size)
    if hdr is None:
        return None
    return _sampled(fh, [(hdr.media_start, size - hdr.media_start)], b"jpeg" + hdr.tables)


def _png(fh: IO[bytes], size: int, limit: int = 200_000) -> str | None:
    prefix = bytearray(b"png")
    extents: list[tuple[int, int]] = []
    pos = 8
    for _ in range(limit):
        if pos + 12 > size:
            return None
        fh.seek(pos)
        n, kind = struct.unpack(">I4s", fh.read(8))
        if kind in (b"IHDR", b"PLTE", b"tRNS"):
            prefix += kind + fh.read(min(n, 1024))
        elif kind in (b"IDAT", b"fdAT"):
            extents.append((pos + 8, n))
        elif kind == b"IEND":
            return _sampled(fh, extents, bytes(prefix))
        pos += 12 + n
    return None


def _tiff(fh: IO[bytes], im: Any) -> str | None:
    tags = getattr(im, "tag_v2", None)
    if tags is None:
        return None
    for offs_tag, counts_tag in ((273, 279), (324, 325)):  # strips, tiles
        offsets, counts = tags.get(offs_tag), tags.get(counts_tag)
        if offsets and counts:
            offsets = offsets if isinstance(offsets, tuple) else (offsets,)
            counts = counts if isinstance(counts, tuple) else (counts,)
            how = [tags.get(t) for t in (256, 257, 258, 259, 262, 277, 284, 317, 322, 323)]
            return _sampled(fh, [(int(o), int(c)) for o, c in zip(offsets, counts)], b"tiff" + repr(how).encode())
    return None


def _riff(fh: IO[bytes], size: int) -> str | None:
    extents: list[tuple[int, int]] = []
    prefix = bytearray(b"webp")
    pos = 12
    while pos + 8 <= size:
        fh.seek(pos)
        kind, n = struct.unpack("<4sI", fh.read(8))
        if kind in (b"VP8 ", b"VP8L", b"ALPH", b"ANMF"):
            extents.append((pos + 8, n))
            prefix += kind
        pos += 8 + n + (n & 1)
    return _sampled(fh, extents, bytes(prefix))


def _heif(fh: IO[bytes]) -> str | None:
    meta = heif_meta.read(fh)
    if meta is None:
        return None
    extents: list[tuple[int, int]] = []
    prefix = bytearray(b"heif")
    for iid in meta.picture_items():
        it = meta.items.get(iid)
        if it is None or it.method != 0:
            return None
        prefix += it.type.encode("latin-1")
        extents += it.extents
    return _sampled(fh, extents, bytes(prefix))


def _gif(fh: IO[bytes], size: int) -> str | None:
    if size > GIF_WALK:
        return None
    fh.seek(0)
    data = fh.read(size)
    if len(data) < 13:
        return None
    pos = 13 + (3 * (2 << (data[10] & 7)) if data[10] & 0x80 else 0)
    while pos < len(data):
        if data[pos] == 0x2C:  # the first image: from here on, the picture (plus any later blocks)
            end = data.rfind(b";")
            return _sampled(fh, [(pos, (end if end > pos else len(data)) - pos)], b"gif" + data[6:13])
        if data[pos] != 0x21 or pos + 2 >= len(data):
            return None
        pos += 2
        while pos < len(data) and data[pos]:  # sub-blocks
            pos += 1 + data[pos]
        pos += 1
    return None


def _bmp(fh: IO[bytes], size: int, head: bytes) -> str | None:
    if len(head) < 14:
        return None
    start = struct.unpack("<I", head[10:14])[0]
    return _sampled(fh, [(start, size - start)], b"bmp" + head[14:54]) if 14 <= start < size else None


def digest(fh: IO[bytes], size: int, fmt: str | None, im: Any = None, head: bytes = b"",
           jpeg: jpeg_header.JpegHeader | None = None) -> str | None:
    """The content key of an opened file whose format is ``fmt`` (Pillow's name), or None.
    ``jpeg``: the JPEG header when the caller has parsed it already."""
    try:
        if fmt in ("JPEG", "MPO"):
            return _jpeg(fh, size, jpeg)
        if fmt == "PNG":
            return _png(fh, size)
        if fmt == "TIFF":
            return _tiff(fh, im)
        if fmt == "WEBP":
            return _riff(fh, size)
        if fmt in ("HEIF", "AVIF"):
            return _heif(fh)
        if fmt == "GIF":
            return _gif(fh, size)
        if fmt == "BMP":
            return _bmp(fh, size, head)
    except (OSError, ValueError, struct.error, IndexError):
        return None
    return None
