"""RAW files built by the tests: a camera's layout of directories and an embedded JPEG preview, with
sensor bytes that LibRaw cannot decode (so a preview that comes back was read from the layout)."""

from __future__ import annotations

import io
import os
import struct
from pathlib import Path

from PIL import Image

SENSOR_BYTES = 600 * 1024  # more than a stub: the file could hold sensor data


def preview_jpeg(size: tuple[int, int] = (1600, 1200), progressive: bool = False) -> bytes:
    """A JPEG whose left half is red and right half blue (so a turned picture is seen as turned)."""
    img = Image.new("RGB", size, (220, 20, 20))
    img.paste((20, 20, 220), (size[0] // 2, 0, size[0], size[1]))
    out = io.BytesIO()
    img.save(out, "JPEG", quality=85, progressive=progressive)
    return out.getvalue()


def _ifd(order: str, entries: list[tuple[int, int, int, bytes]], next_ifd: int = 0) -> bytes:
    """A directory: (tag, type, count, 4-byte value field) entries, then the next directory's offset."""
    out = struct.pack(order + "H", len(entries))
    for tag, kind, count, field in sorted(entries):
        out += struct.pack(order + "HHI", tag, kind, count) + field
    return out + struct.pack(order + "I", next_ifd)


def _long(order: str, value: int) -> bytes:
    return struct.pack(order + "I", value)


def _short(order: str, value: int) -> bytes:
    return struct.pack(order + "HH", value, 0)


def tiff_raw(path: Path, jpeg: bytes, *, orientation: int = 1, order: str = "<", magic: bytes | None = None,
             layout: str = "subifd", sensor: int = SENSOR_BYTES) -> Path:
    """A TIFF-based raw: IFD0 (orientation), the preview where ``layout`` says, then sensor bytes.

    ``subifd``: a SubIFD with JPEGInterchangeFormat (NEF, DNG, PEF) beside a lossless raw SubIFD;
    ``strip``: IFD0's single JPEG strip (CR2); ``ifd1``: the chained IFD1 (ARW);
    ``rw2``: Panasonic's JpgFromRaw tag in IFD0."""
    magic = magic or (b"II*\x00" if order == "<" else b"MM\x00*")
    ifd0_at = 8
    sensor_at = 4096
    jpeg_at = sensor_at + sensor
    lossless = b"\xff\xd8\xff\xc3\x00\x0b\x08\x00\x10\x00\x10\x01\x01\x11\x00" + b"\x00" * 200
    entries = [(0x0112, 3, 1, _short(order, orientation)), (0x0100, 4, 1, _long(order, 6000)),
               (0x0101, 4, 1, _long(order, 4000))]
    blocks: list[tuple[int, bytes]] = []
    next_ifd = 0
    if layout == "subifd":
        sub_a, sub_b = 512, 1024
        entries.append((0x014A, 4, 2, _long(order, 256)))
        blocks.append((256, struct.pack(order + "II", sub_a, sub_b)))
        blocks.append((sub_a, _ifd(order, [(0x0201, 4, 1, _long(order, jpeg_at)),
                                           (0x0202, 4, 1, _long(order, len(jpeg)))])))
        blocks.append((sub_b, _ifd(order, [(0x0103, 3, 1, _short(order, 7)),
                                           (0x0111, 4, 1, _long(order, sensor_at)),
                                           (0x0117, 4, 1, _long(order, len(lossless)))])))
    elif layout == "strip":
        entries += [(0x0103, 3, 1, _short(order, 6)), (0x0111, 4, 1, _long(order, jpeg_at)),
                    (0x0117, 4, 1, _long(order, len(jpeg)))]
    elif layout == "ifd1":
        next_ifd = 512
        blocks.append((512, _ifd(order, [(0x0201, 4, 1, _long(order, jpeg_at)),
                                         (0x0202, 4, 1, _long(order, len(jpeg)))])))
    elif layout == "rw2":
        entries.append((0x002E, 7, len(jpeg), _long(order, jpeg_at)))
    data = bytearray(magic + _long(order, ifd0_at))
    data += _ifd(order, entries, next_ifd)
    data += bytes(sensor_at - len(data))
    for at, block in blocks:
        data[at : at + len(block)] = block
    data[sensor_at : sensor_at + len(lossless)] = lossless
    data += os.urandom(sensor - len(lossless))  # noise: no codec's sensor data
    data += jpeg
    path.write_bytes(bytes(data))
    return path


def raf_raw(path: Path, jpeg: bytes, sensor: int = SENSOR_BYTES) -> Path:
    """A Fujifilm RAF: the header points at the JPEG (offset at byte 84, length at 88, big-endian)."""
    header = bytearray(b"FUJIFILMCCD-RAW 0201FF383501" + bytes(100))
    struct.pack_into(">II", header, 84, len(header), len(jpeg))
    path.write_bytes(bytes(header) + jpeg + os.urandom(sensor))
    return path
