"""The JPEG preview a camera embeds in a RAW file, found without LibRaw.

Why: reading a RAW file's preview through LibRaw (``rawpy``) loads LibRaw and numpy, about 12 MB that
stay in the process for its life. The window's small thumbnail worker must not hold them, yet most
RAW files carry a plain baseline JPEG (often full-size) that Pillow decodes at 1/8 scale for a few
MB. This module finds it from the file's own directory, reading offsets only:

- TIFF-based raws (NEF, NRW, CR2, ARW, SRW, PEF, DNG, ORF and RW2 with their own magic numbers): every
  directory in the IFD chain and its SubIFDs; a JPEG given by ``JPEGInterchangeFormat``/``Length``, by a
  single JPEG-compressed strip, or by Panasonic's ``JpgFromRaw`` tag.
- RAF: the header gives the JPEG's offset and length.
- Anything else (CR3, or a preview not found): None, and LibRaw takes the file as before.

File metadata is untrusted: every offset and length is checked against the file size, directories
are visited once each and at most ``MAX_IFDS`` of them, a directory holds at most ``MAX_ENTRIES``
entries, and a candidate counts only if its bytes start a baseline or progressive JPEG whose header
parses within them (``jpeg_header``; a lossless-JPEG raw strip does not). Pillow's own TIFF reader is
not used: it reads every tag's value into memory (a RW2's whole embedded JPEG, a maker note), where
only offsets are needed here.
"""

from __future__ import annotations

import io
import os
import struct
from contextlib import contextmanager
from dataclasses import dataclass
from typing import IO, Iterator

from PIL import Image

from app.library import jpeg_header

MAX_IFDS = 64  # real raws have under 10 (IFD chain and SubIFDs); stops a crafted endless web
MAX_ENTRIES = 1024  # entries in one directory (real ones: tens)
MIN_JPEG_BYTES = 128  # smaller is no picture (a header alone takes more)
_TIFF_MAGIC = {b"II*\x00": "<", b"MM\x00*": ">", b"IIRO": "<", b"IIRS": "<", b"MMOR": ">", b"IIU\x00": "<"}
_RAF_MAGIC = b"FUJIFILMCCD-RAW "
_JPEG_SOF = {0xC0, 0xC1, 0xC2}  # what Pillow decodes (a lossless SOF3 stream is raw sensor data)
_TYPE_SIZE = {1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 6: 1, 7: 1, 8: 2, 9: 4, 10: 8, 11: 4, 12: 8, 13: 4}
_SUB_IFDS, _ORIENTATION, _COMPRESSION = 0x014A, 0x0112, 0x0103
_STRIP_OFFSETS, _STRIP_BYTES = 0x0111, 0x0117
_JPEG_OFFSET, _JPEG_LENGTH, _RW2_JPEG = 0x0201, 0x0202, 0x002E


@dataclass(frozen=True)
class Preview:
    """Where the embedded JPEG is, its declared size, and the orientation the raw file's IFD0 gives."""

    offset: int
    length: int
    width: int
    height: int
    orientation: int = 1


def find(fh: IO[bytes], size: int) -> Preview | None:
    """The largest decodable JPEG preview in the raw file ``fh`` of ``size`` bytes, or None."""
    fh.seek(0)
    head = fh.read(16)
    if head.startswith(_RAF_MAGIC):
        fh.seek(84)
        pointer = fh.read(8)
        if len(pointer) < 8:
            return None
        offset, length = struct.unpack(">II", pointer)
        return _jpeg_at(fh, size, offset, length, 1)
    order = _TIFF_MAGIC.get(head[:4])
    if order is None:
        return None
    ifd0 = struct.unpack(order + "I", head[4:8])[0]
    candidates, orientation = _tiff_candidates(fh, size, order, ifd0)
    best: Preview | None = None
    for offset, length in dict.fromkeys(candidates):
        found = _jpeg_at(fh, size, offset, length, orientation)
        if found is not None and (best is None or found.width * found.height > best.width * best.height):
            best = found
    return best


def _tiff_candidates(fh: IO[bytes], size: int, order: str, ifd0: int) -> tuple[list[tuple[int, int]], int]:
    """(offset, length) of every JPEG a directory points to, and IFD0's orientation."""
    out: list[tuple[int, int]] = []
    orientation = 1
    queue, seen = [ifd0], set()
    while queue and len(seen) < MAX_IFDS:
        pos = queue.pop(0)
        if pos in seen or not 8 <= pos <= size - 2:
            continue
        seen.add(pos)
        tags, next_ifd = _read_ifd(fh, size, order, pos)
        if pos == ifd0:
            orientation = _first(tags.get(_ORIENTATION)) or 1
            queue.append(next_ifd)
        elif next_ifd:
            queue.append(next_ifd)
        queue.extend(tags.get(_SUB_IFDS) or ())
        start, length = _first(tags.get(_JPEG_OFFSET)), _first(tags.get(_JPEG_LENGTH))
        if start and length:
            out.append((start, length))
        strips, counts = tags.get(_STRIP_OFFSETS) or [], tags.get(_STRIP_BYTES) or []
        if _first(tags.get(_COMPRESSION)) in (6, 7) and len(strips) == 1 and len(counts) == 1:
            out.append((strips[0], counts[0]))
        if _RW2_JPEG in tags:
            out.append(tags[_RW2_JPEG][0])
    return out, orientation if 1 <= orientation <= 8 else 1


def _read_ifd(fh: IO[bytes], size: int, order: str, pos: int) -> tuple[dict[int, list], int]:
    """The tags this module uses from the directory at ``pos`` (integers; for ``JpgFromRaw`` its
    (offset, length)), and the next directory's offset (0: none). Damaged entries are skipped."""
    fh.seek(pos)
    raw = fh.read(2)
    if len(raw) < 2:
        return {}, 0
    count = struct.unpack(order + "H", raw)[0]
    if count > MAX_ENTRIES:
        return {}, 0
    body = fh.read(12 * count + 4)
    wanted = {_SUB_IFDS, _ORIENTATION, _COMPRESSION, _STRIP_OFFSETS, _STRIP_BYTES, _JPEG_OFFSET, _JPEG_LENGTH}
    tags: dict[int, list] = {}
    for i in range(min(count, len(body) // 12)):
        tag, kind, n = struct.unpack(order + "HHI", body[12 * i : 12 * i + 8])
        field = body[12 * i + 8 : 12 * i + 12]
        unit = _TYPE_SIZE.get(kind)
        if unit is None:
            continue
        if tag == _RW2_JPEG and kind == 7:  # the JPEG itself, stored as the tag's value
            if n > 4:
                tags[tag] = [(struct.unpack(order + "I", field)[0], n)]
            continue
        if tag not in wanted or kind not in (3, 4, 13) or not 0 < n <= 64:
            continue  # a real raw has a few SubIFDs and one strip for a JPEG; more is a raw strip table
        data = field if unit * n <= 4 else _read_at(fh, size, struct.unpack(order + "I", field)[0], unit * n)
        if data is None:
            continue
        fmt = order + ("H" if kind == 3 else "I") * n
        tags[tag] = list(struct.unpack(fmt, data[: unit * n]))
    tail = body[12 * count : 12 * count + 4]
    next_ifd = struct.unpack(order + "I", tail)[0] if len(tail) == 4 else 0
    return tags, next_ifd


def _read_at(fh: IO[bytes], size: int, offset: int, length: int) -> bytes | None:
    if offset < 0 or length < 0 or offset + length > size:
        return None
    fh.seek(offset)
    data = fh.read(length)
    return data if len(data) == length else None


def _first(values: list | None) -> int:
    return int(values[0]) if values else 0


def _jpeg_at(fh: IO[bytes], size: int, offset: int, length: int, orientation: int) -> Preview | None:
    """The preview at ``offset`` if ``length`` bytes there, inside the file, hold a JPEG Pillow decodes."""
    if offset <= 0 or length < MIN_JPEG_BYTES or offset + length > size:
        return None
    header = jpeg_header.parse(_Window(fh, offset, length), length)
    if header is None or header.sof not in _JPEG_SOF or not header.width or not header.height:
        return None
    return Preview(offset, length, header.width, header.height, orientation)


class _Window(io.RawIOBase):
    """``length`` bytes of ``fh`` from ``offset``, as a file of their own (Pillow seeks to 0 to open)."""

    def __init__(self, fh: IO[bytes], offset: int, length: int) -> None:
        super().__init__()
        self._fh, self._offset, self._length, self._pos = fh, offset, length, 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._pos

    def seek(self, pos: int, whence: int = os.SEEK_SET) -> int:
        base = {os.SEEK_SET: 0, os.SEEK_CUR: self._pos, os.SEEK_END: self._length}[whence]
        self._pos = max(0, base + pos)
        return self._pos

    def readinto(self, buffer) -> int:  # type: ignore[no-untyped-def, override]
        n = max(0, min(len(buffer), self._length - self._pos))
        if not n:
            return 0
        self._fh.seek(self._offset + self._pos)
        data = self._fh.read(n)
        buffer[: len(data)] = data
        self._pos += len(data)
        return len(data)


@contextmanager
def opened(path: str | os.PathLike[str]) -> Iterator[tuple[Image.Image, int] | None]:
    """The embedded preview of the raw file at ``path`` opened by Pillow (not decoded yet) with the
    raw file's orientation, or None when none was found. Usable until the block ends."""
    with open(path, "rb") as fh:
        found = find(fh, os.fstat(fh.fileno()).st_size)
        if found is None:
            yield None
            return
        window = io.BufferedReader(_Window(fh, found.offset, found.length))
        with Image.open(window, formats=["JPEG"]) as img:
            yield img, found.orientation
