"""A JPEG's frame header, read segment by segment up to the first scan (a few small reads, no pixels).

Why: three things need to know what a JPEG declares before anything decodes it.

- Memory: a progressive or multi-scan JPEG is decoded through a buffer of every DCT coefficient of
  the whole picture, whatever reduced size is asked for (libjpeg cannot draft those). A file under
  1 KB can declare 20000×20000 pixels and drive that buffer to gigabytes. ``coefficient_bytes``
  says how big it would be, so the decoder can refuse in time.
- Damage: Huffman-coded data spends at least one bit per 8×8 block of every component, so a file
  smaller than that cannot hold the picture it declares (``too_small``): a truncated file, found
  without decoding.
- Identity: everything from the first scan on is the picture itself; metadata editors rewrite only
  the segments before it. ``media_start`` is where ``app.library.media`` starts hashing.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field
from typing import IO

MAX_SEGMENTS = 4096  # far beyond any real file (APPn, DQT, DHT, ...); stops a crafted endless list
_SOF_HUFFMAN = {0xC0, 0xC1, 0xC2, 0xC3}
_SOF_PROGRESSIVE = {0xC2, 0xC6, 0xCA, 0xCE}
_SOF_ALL = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}
_TABLES = {0xC4, 0xDB, 0xDD, 0xCC}  # DHT, DQT, DRI, DAC: part of the picture, never rewritten by taggers


@dataclass
class JpegHeader:
    """What the segments before the first scan declare."""

    sof: int = 0
    width: int = 0
    height: int = 0
    components: list[tuple[int, int, int]] = field(default_factory=list)  # (id, h sampling, v sampling)
    scan_components: int = 0  # components in the first scan: fewer than the frame's = a multi-scan file
    media_start: int = 0  # first byte of the entropy-coded data
    tables: bytes = b""  # SOF, DQT, DHT, DRI and SOS payloads in file order (what the picture needs)

    @property
    def progressive(self) -> bool:
        return self.sof in _SOF_PROGRESSIVE

    @property
    def buffered(self) -> bool:
        """Decoded through a whole-picture coefficient buffer: progressive, or several scans."""
        return self.progressive or (0 < self.scan_components < len(self.components))

    def blocks(self, *, padded: bool = False) -> int:
        """8×8 blocks over all components; ``padded``: rounded up to whole MCUs, as libjpeg stores them."""
        if not self.components or not self.width or not self.height:
            return 0
        hmax = max(h for _, h, _ in self.components) or 1
        vmax = max(v for _, _, v in self.components) or 1
        if padded:
            mcu_w, mcu_h = -(-self.width // (8 * hmax)), -(-self.height // (8 * vmax))
            return sum(mcu_w * h * mcu_h * v for _, h, v in self.components)
        return sum(-(-(-(-self.width * h // hmax)) // 8) * -(-(-(-self.height * v // vmax)) // 8)
                   for _, h, v in self.components)

    def coefficient_bytes(self) -> int:
        """Bytes of the whole-picture coefficient buffer (64 16-bit values per block); 0 if not buffered."""
        return self.blocks(padded=True) * 128 if self.buffered else 0

    def too_small(self, size: int) -> bool:
        """True when Huffman-coded data of this frame cannot fit in a file of ``size`` bytes."""
        if self.sof not in _SOF_HUFFMAN or not self.media_start:
            return False
        return (size - self.media_start) * 8 < self.blocks()


def parse(fh: IO[bytes], size: int) -> JpegHeader | None:
    """The header of the JPEG in ``fh`` (None when it is not one, or the segments are damaged)."""
    fh.seek(0)
    if fh.read(2) != b"\xff\xd8":
        return None
    out = JpegHeader()
    tables: list[bytes] = []
    pos = 2
    for _ in range(MAX_SEGMENTS):
        fh.seek(pos)
        hdr = fh.read(4)
        if len(hdr) < 2 or hdr[0] != 0xFF:
            return None
        marker = hdr[1]
        if marker == 0xFF:  # fill byte
            pos += 1
            continue
        if marker in (0x01, *range(0xD0, 0xD8)):  # standalone markers
            pos += 2
            continue
        if len(hdr) < 4 or marker == 0xD9:
            return None
        length = struct.unpack(">H", hdr[2:4])[0]
        if length < 2 or pos + 2 + length > size:
            return None
        if marker in _SOF_ALL or marker in _TABLES or marker == 0xDA:
            payload = fh.read(length - 2)
            if len(payload) < length - 2:
                return None
            tables.append(bytes([marker]) + payload)
            if marker in _SOF_ALL and not out.sof:
                if len(payload) < 6:
                    return None
                out.sof = marker
                out.height, out.width = struct.unpack(">HH", payload[1:5])
                n = payload[5]
                for i in range(n):
                    c = payload[6 + 3 * i : 9 + 3 * i]
                    if len(c) < 3:
                        return None
                    out.components.append((c[0], c[1] >> 4, c[1] & 15))
            elif marker == 0xDA:
                out.scan_components = payload[0] if payload else 0
                out.media_start = pos + 2 + length
                out.tables = b"".join(tables)
                return out if out.sof else None
        pos += 2 + length
    return None


def read(path_or_fh: str | IO[bytes], size: int | None = None) -> JpegHeader | None:
    """``parse`` for a path or an open file (its position is restored)."""
    if isinstance(path_or_fh, str):
        import os

        with open(path_or_fh, "rb") as fh:
            return parse(fh, os.fstat(fh.fileno()).st_size)
    fh = path_or_fh
    where = fh.tell()
    try:
        if size is None:
            fh.seek(0, 2)
            size = fh.tell()
        return parse(fh, size)
    finally:
        fh.seek(where)
