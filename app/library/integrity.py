"""Cheap damage checks at index time: what a file declares about its own size against its real size.

Why: a copy cut short (an interrupted download, a full card) often still opens and shows a picture,
then fails later when captioned or written. These checks read only headers (a few seeks), never
pixels, so they are safe on decompression bombs. Each returns a one-line reason or None.
"""

from __future__ import annotations

import struct
from typing import IO, Any

from PIL import Image, JpegImagePlugin

from app.library import heif_meta, jpeg_header

MAX_PNG_CHUNKS = 200_000  # stop walking absurd files (still cheap: 8 bytes per chunk)


def declared_damage(im: Image.Image, fh: IO[bytes], size: int, head: bytes,
                    jpeg: jpeg_header.JpegHeader | None = None) -> str | None:
    """Damage certain from the headers alone. A JPEG's MPF index (``mpf_damage``) is checked by the
    caller: an index that promises pictures a whole file never held is not damage. ``jpeg``: the
    JPEG header when the caller has parsed it already."""
    fmt = im.format
    if fmt == "PNG":
        return png_damage(fh, size)
    if fmt in ("JPEG", "MPO"):
        return jpeg_damage(fh, size, jpeg)
    if fmt == "WEBP":
        return riff_damage(head, size)
    if fmt == "TIFF":
        return tiff_damage(im, size)
    if fmt in ("HEIF", "AVIF"):
        meta = heif_meta.read(fh)
        return heif_meta.item_damage(meta, size) if meta is not None else None
    return None


def jpeg_damage(fh: IO[bytes], size: int, hdr: jpeg_header.JpegHeader | None = None) -> str | None:
    """Huffman-coded data spends at least a bit per 8×8 block: a file too small for the picture it
    declares is cut (a 1 KB file declaring 20000×20000 pixels), found before anything decodes it."""
    hdr = hdr or jpeg_header.parse(fh, size)
    if hdr is None or not hdr.too_small(size):
        return None
    return (f"truncated file: the JPEG declares {hdr.width}×{hdr.height} pixels, which cannot fit in "
            f"{size:,} bytes")


def png_damage(fh: IO[bytes], size: int) -> str | None:
    """Walk the chunk list: every chunk must fit in the file and the list must end with IEND."""
    pos = 8
    for _ in range(MAX_PNG_CHUNKS):
        if pos == size:
            return "truncated file: the PNG has no end chunk (IEND)"
        if pos + 12 > size:
            return f"truncated file: the PNG ends inside a chunk header (byte {pos:,} of {size:,})"
        fh.seek(pos)
        n, kind = struct.unpack(">I4s", fh.read(8))
        name = kind.decode("latin-1")
        if pos + 12 + n > size:
            have = max(0, size - pos - 8)
            return f"truncated file: the PNG's last chunk ({name}) declares {n:,} bytes, {have:,} are there"
        if kind == b"IEND":
            return None
        pos += 12 + n
    return None


def mpf_damage(im: Image.Image, fh: IO[bytes], size: int) -> tuple[str | None, bool]:
    """A JPEG carrying more pictures (MPF: Ultra HDR gain maps, MPO stereo pairs, large previews)
    declares each one's offset and size; each must lie inside the file and start with a JPEG marker.

    Returns (reason, certain). Certain: a declared picture starts where the index says and is cut
    off by the end of the file. Not certain: the index points at nothing (past the end, or at bytes
    that are no picture): an index copied along by an editor, or the main picture itself cut; the
    caller decodes the main picture to tell."""
    if "mp" not in im.info:
        return None, False
    try:
        mp = JpegImagePlugin._getmp(im)  # type: ignore[arg-type]
    except Exception:  # noqa: BLE001 - an unreadable index: nothing declared to check
        return None, False
    entries: list[dict[str, Any]] = (mp or {}).get(0xB002) or []
    base = int(im.info.get("mpoffset") or 0)
    for i, entry in enumerate(entries):
        offset, length = int(entry.get("DataOffset") or 0), int(entry.get("Size") or 0)
        start = offset + base if offset else 0
        what = "main picture" if i == 0 else f"picture {i + 1} of {len(entries)} (e.g. an HDR gain map)"
        begins = False
        if offset and start < size:
            fh.seek(start)
            begins = fh.read(2) == b"\xff\xd8"
            if not begins:
                return f"damaged file: its {what} does not start where the file says (byte {start:,})", False
        if start + length > size:
            return (f"truncated file: its {what} declares {length:,} bytes from byte {start:,}, "
                    f"but the file ends at {size:,}"), begins
    return None, False


def riff_damage(head: bytes, size: int) -> str | None:
    if head[:4] != b"RIFF" or len(head) < 8:
        return None
    declared = struct.unpack("<I", head[4:8])[0] + 8
    if declared > size:
        return f"truncated file: the WebP declares {declared:,} bytes, the file has {size:,}"
    return None


def tiff_damage(im: Image.Image, size: int) -> str | None:
    tags = getattr(im, "tag_v2", None)
    if tags is None:
        return None
    for offs_tag, counts_tag in ((273, 279), (324, 325)):  # strips, tiles
        offsets, counts = tags.get(offs_tag), tags.get(counts_tag)
        if not offsets or not counts:
            continue
        offsets = offsets if isinstance(offsets, tuple) else (offsets,)
        counts = counts if isinstance(counts, tuple) else (counts,)
        end = max((int(o) + int(c) for o, c in zip(offsets, counts)), default=0)
        if end > size:
            return f"truncated file: the TIFF's image data reaches byte {end:,}, the file has {size:,}"
    return None
