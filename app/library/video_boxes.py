"""The box structure of QuickTime-family files (MOV, MP4, M4V, 3GP): read from the headers, no decoding.

Why our own reader when FFmpeg opens these files anyway: a few facts FFmpeg does not hand over, or
hands over too late, decide whether a video can be trusted at index time:

- whether the file is whole: every top-level box must end inside the file, and the ``moov`` index
  must be there (a recording cut off before the phone wrote it has only ``mdat``);
- the track's display matrix as stored (``tkhd``), so a matrix that is not a right angle is
  reported instead of silently rounded;
- the durations each layer declares (``mvhd``, ``mdhd``) against the samples the track really has
  (``stts``), so a container that lies about its length is caught;
- where the media data lies (``mdat`` payloads), so a write can be proven to leave it untouched.

Only box headers and the small ``moov`` tree are read; ``mdat`` is skipped by seeking.
"""

from __future__ import annotations

import math
import struct
from dataclasses import dataclass, field
from typing import BinaryIO, Iterator

#: Boxes whose payload is a list of boxes (``meta`` is a full box: 4 bytes of version and flags first).
CONTAINERS = frozenset({b"moov", b"trak", b"mdia", b"minf", b"stbl", b"edts", b"udta", b"dinf"})
#: First box types that mark a QuickTime-family file (old QuickTime files may start without ``ftyp``).
FIRST_BOXES = frozenset({b"ftyp", b"moov", b"mdat", b"wide", b"free", b"skip", b"pnot", b"uuid"})
MAX_MOOV = 256 * 2**20  # a moov larger than this is not a phone's or a camera's: refuse to read it


class BoxError(Exception):
    """The box structure is damaged; ``str`` is a plain reason."""


@dataclass(frozen=True)
class Box:
    type: bytes
    offset: int  # of the header
    header: int  # header length (8 or 16)
    size: int  # whole box, header included

    @property
    def start(self) -> int:
        return self.offset + self.header

    @property
    def end(self) -> int:
        return self.offset + self.size


@dataclass
class Track:
    handler: str = ""  # vide | soun | meta | ...
    matrix: tuple[float, ...] = (1.0, 0.0, 0.0, 1.0)  # a, b, c, d of the tkhd matrix
    width: float = 0.0  # tkhd presentation size
    height: float = 0.0
    timescale: int = 0  # mdhd
    duration: int = 0
    codec: str = ""  # the first sample description's four-character code
    samples: int = 0  # stts sample count
    sample_time: int = 0  # stts total, in the media time scale

    @property
    def seconds(self) -> float | None:
        return self.duration / self.timescale if self.timescale else None

    @property
    def sample_seconds(self) -> float | None:
        return self.sample_time / self.timescale if self.timescale else None


@dataclass
class Movie:
    brand: str = ""  # ftyp major brand ("qt  ", "isom", "mp42", "3gp5", ...)
    timescale: int = 0  # mvhd
    duration: int = 0
    tracks: list[Track] = field(default_factory=list)
    mdat: list[tuple[int, int]] = field(default_factory=list)  # (payload offset, payload length)

    @property
    def seconds(self) -> float | None:
        return self.duration / self.timescale if self.timescale else None

    def video(self) -> Track | None:
        return next((t for t in self.tracks if t.handler == "vide"), None)


def looks_like_quicktime(head: bytes) -> bool:
    """True when the file starts with a box header of a QuickTime-family file."""
    return len(head) >= 8 and head[4:8] in FIRST_BOXES


def iter_boxes(fh: BinaryIO, start: int, end: int) -> Iterator[Box]:
    """The boxes between ``start`` and ``end``; ``BoxError`` when one claims more than is there."""
    pos = start
    while pos + 8 <= end:
        fh.seek(pos)
        hdr = fh.read(8)
        if len(hdr) < 8:
            raise BoxError("truncated file: a box header is cut off")
        size, kind = struct.unpack(">I4s", hdr)
        header = 8
        if size == 1:
            ext = fh.read(8)
            if len(ext) < 8:
                raise BoxError("truncated file: a box header is cut off")
            size, header = struct.unpack(">Q", ext)[0], 16
        elif size == 0:  # "to the end of the file"
            size = end - pos
        if size < header:
            raise BoxError(f"damaged file: box '{_name(kind)}' at byte {pos:,} declares {size} bytes")
        if pos + size > end:
            raise BoxError(f"truncated file: box '{_name(kind)}' at byte {pos:,} needs {size:,} bytes, "
                           f"only {end - pos:,} are there")
        yield Box(kind, pos, header, size)
        pos += size


def _name(kind: bytes) -> str:
    return kind.decode("latin-1").replace("\x00", " ")


def read_movie(fh: BinaryIO, size: int) -> Movie:
    """The movie's structure: brand, declared durations, tracks and media data ranges.

    Raises ``BoxError`` for a file that is cut off or has no ``moov`` (nothing can play it)."""
    movie = Movie()
    moov: Box | None = None
    for box in iter_boxes(fh, 0, size):
        if box.type == b"ftyp":
            fh.seek(box.start)
            movie.brand = fh.read(4).decode("latin-1")
        elif box.type == b"moov" and moov is None:
            moov = box
        elif box.type == b"mdat":
            movie.mdat.append((box.start, box.size - box.header))
    if moov is None:
        raise BoxError("truncated video: no 'moov' index (the recording or the copy was cut off before "
                       "the index was written)")
    if moov.size > MAX_MOOV:
        raise BoxError(f"damaged video: its 'moov' index declares {moov.size:,} bytes")
    fh.seek(moov.start)
    data = fh.read(moov.size - moov.header)
    _parse_moov(data, movie)
    return movie


def _children(data: bytes, start: int, end: int) -> Iterator[tuple[bytes, int, int]]:
    """(type, payload start, payload end) of the boxes in ``data[start:end]``; stops at damage."""
    pos = start
    while pos + 8 <= end:
        size, kind = struct.unpack_from(">I4s", data, pos)
        header = 8
        if size == 1 and pos + 16 <= end:
            size, header = struct.unpack_from(">Q", data, pos + 8)[0], 16
        elif size == 0:
            size = end - pos
        if size < header or pos + size > end:
            return
        yield kind, pos + header, pos + size
        pos += size


def _parse_moov(data: bytes, movie: Movie) -> None:
    for kind, a, b in _children(data, 0, len(data)):
        if kind == b"mvhd" and b - a >= 20:
            version = data[a]
            if version == 1 and b - a >= 32:
                movie.timescale, movie.duration = struct.unpack_from(">IQ", data, a + 20)
            else:
                movie.timescale, movie.duration = struct.unpack_from(">II", data, a + 12)
        elif kind == b"trak":
            movie.tracks.append(_parse_trak(data, a, b))


def _parse_trak(data: bytes, start: int, end: int) -> Track:
    t = Track()

    def walk(a: int, b: int) -> None:
        for kind, x, y in _children(data, a, b):
            if kind == b"tkhd":
                _tkhd(data, x, y, t)
            elif kind == b"mdhd" and y - x >= 20:
                if data[x] == 1 and y - x >= 32:
                    t.timescale, t.duration = struct.unpack_from(">IQ", data, x + 20)
                else:
                    t.timescale, t.duration = struct.unpack_from(">II", data, x + 12)
            elif kind == b"hdlr" and y - x >= 12 and not t.handler:  # mdia's, not minf's data handler
                t.handler = data[x + 8 : x + 12].decode("latin-1")
            elif kind == b"stsd" and y - x >= 16:
                t.codec = data[x + 12 : x + 16].decode("latin-1")
            elif kind == b"stts" and y - x >= 8:
                (n,) = struct.unpack_from(">I", data, x + 4)
                n = min(n, (y - x - 8) // 8)
                for i in range(n):
                    count, delta = struct.unpack_from(">II", data, x + 8 + 8 * i)
                    t.samples += count
                    t.sample_time += count * delta
            elif kind in CONTAINERS:
                walk(x, y)

    walk(start, end)
    return t


def _tkhd(data: bytes, a: int, b: int, t: Track) -> None:
    version = data[a] if b > a else 0
    at = a + (4 + 8 + 8 + 4 + 4 + 8 if version == 1 else 4 + 4 + 4 + 4 + 4 + 4)  # to "reserved[2]"
    at += 8 + 2 + 2 + 2 + 2  # reserved, layer, alternate group, volume, reserved
    if at + 36 + 8 > b:
        return
    m = struct.unpack_from(">9i", data, at)
    t.matrix = (m[0] / 65536, m[1] / 65536, m[3] / 65536, m[4] / 65536)
    w, h = struct.unpack_from(">II", data, at + 36)
    t.width, t.height = w / 65536, h / 65536


# -- the display matrix ------------------------------------------------------------------------

#: (a, b, c, d) signs -> EXIF orientation: how the stored picture must be turned to stand upright.
_ORIENTATIONS = {
    (1, 0, 0, 1): 1, (-1, 0, 0, 1): 2, (-1, 0, 0, -1): 3, (1, 0, 0, -1): 4,
    (0, 1, 1, 0): 5, (0, 1, -1, 0): 6, (0, -1, -1, 0): 7, (0, -1, 1, 0): 8,
}


def matrix_angle(matrix: tuple[float, ...]) -> float:
    """The rotation the matrix applies, in degrees clockwise (QuickTime's y axis points down)."""
    a, b = matrix[0], matrix[1]
    return math.degrees(math.atan2(b, a)) % 360


def orientation_of(matrix: tuple[float, ...]) -> int | None:
    """The EXIF orientation that equals the matrix, or None when it is not a right angle (or a
    mirror of one): such a picture cannot be shown upright by turning it."""
    a, b, c, d = matrix[:4]
    scale = max(abs(a), abs(b), abs(c), abs(d))
    if scale <= 0:
        return None
    signs = []
    for v in (a, b, c, d):
        r = v / scale
        if abs(r) < 1e-3:
            signs.append(0)
        elif abs(abs(r) - 1) < 1e-3:
            signs.append(1 if r > 0 else -1)
        else:
            return None
    return _ORIENTATIONS.get(tuple(signs))  # type: ignore[arg-type]


def mdat_payloads(path: str) -> list[tuple[int, int]]:
    """(offset, length) of every top-level ``mdat`` payload: the media data a metadata write must not touch."""
    import os

    size = os.path.getsize(path)
    with open(path, "rb") as fh:
        return [(b.start, b.size - b.header) for b in iter_boxes(fh, 0, size) if b.type == b"mdat"]
