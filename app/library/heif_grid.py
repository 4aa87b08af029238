"""Decode a gridded HEIC (every large phone photo) one tile at a time.

Why: libheif decodes a whole picture at once and keeps its YCbCr planes beside the RGB result, so a
200 MP HEIC needs ~900 MB. But such a picture is stored as a grid of small HEVC tiles (512×512 on
Samsung and Apple phones). We read the container's item tables, wrap each tile's coded bytes in a
minimal stand-alone HEIF (its own hvcC/colr/ispe properties), decode it with pillow-heif and hand
each row of tiles to a reducer: memory is one row of tiles, not the picture.

Anything unusual (no grid, a clean-aperture crop, an unknown box layout) returns None and the
caller falls back to the whole decode. Only reads the file.
"""

from __future__ import annotations

import io
import struct
from dataclasses import dataclass, field
from typing import IO, Callable, Iterator

from PIL import Image


@dataclass
class _Item:
    type: str = ""
    extents: list[tuple[int, int]] = field(default_factory=list)  # (offset, length)
    method: int = 0  # 0 file offset, 1 idat
    props: list[tuple[int, bool]] = field(default_factory=list)  # (1-based ipco index, essential)


def _boxes(data: bytes, start: int, end: int) -> Iterator[tuple[str, int, int]]:
    """(type, payload start, box end) of the boxes in ``data[start:end]``."""
    pos = start
    while pos + 8 <= end:
        size, kind = struct.unpack(">I4s", data[pos : pos + 8])
        hdr = 8
        if size == 1:
            size = struct.unpack(">Q", data[pos + 8 : pos + 16])[0]
            hdr = 16
        elif size == 0:
            size = end - pos
        if size < hdr or pos + size > end:
            raise ValueError("bad box")
        yield kind.decode("latin-1"), pos + hdr, pos + size
        pos += size


def _uint(data: bytes, pos: int, n: int) -> tuple[int, int]:
    return (int.from_bytes(data[pos : pos + n], "big") if n else 0), pos + n


def _box(kind: bytes, payload: bytes) -> bytes:
    return struct.pack(">I", 8 + len(payload)) + kind + payload


def _full(kind: bytes, version: int, flags: int, payload: bytes) -> bytes:
    return _box(kind, bytes([version]) + flags.to_bytes(3, "big") + payload)


class Grid:
    """The parsed grid of a HEIC's primary image."""

    def __init__(self, head: bytes, fh: IO[bytes]) -> None:
        """``head``: the top-level ``meta`` box (header included)."""
        self.fh = fh
        meta = (8, len(head))
        items: dict[int, _Item] = {}
        props: list[bytes] = []  # whole property boxes, ipco order
        refs: dict[int, list[int]] = {}
        idat = b""
        primary = None
        for kind, s, e in _boxes(head, meta[0] + 4, meta[1]):
            ver = head[s]
            p = s + 4
            if kind == "pitm":
                primary, _ = _uint(head, p, 2 if ver == 0 else 4)
            elif kind == "iinf":
                _, p = _uint(head, p, 2 if ver == 0 else 4)
                for k2, s2, _e2 in _boxes(head, p, e):
                    if k2 != "infe" or head[s2] < 2:
                        continue
                    q = s2 + 4
                    iid, q = _uint(head, q, 2 if head[s2] == 2 else 4)
                    items.setdefault(iid, _Item()).type = head[q + 2 : q + 6].decode("latin-1")
            elif kind == "iloc":
                osz, lsz = head[p] >> 4, head[p] & 15
                bsz, isz = head[p + 1] >> 4, (head[p + 1] & 15 if ver in (1, 2) else 0)
                p += 2
                count, p = _uint(head, p, 2 if ver < 2 else 4)
                for _ in range(count):
                    iid, p = _uint(head, p, 2 if ver < 2 else 4)
                    method = 0
                    if ver in (1, 2):
                        method, p = _uint(head, p, 2)
                        method &= 15
                    _, p = _uint(head, p, 2)  # data reference index
                    base, p = _uint(head, p, bsz)
                    n, p = _uint(head, p, 2)
                    it = items.setdefault(iid, _Item())
                    it.method = method
                    for _ in range(n):
                        _, p = _uint(head, p, isz)
                        off, p = _uint(head, p, osz)
                        length, p = _uint(head, p, lsz)
                        it.extents.append((base + off, length))
            elif kind == "iprp":
                for k2, s2, e2 in _boxes(head, s, e):
                    if k2 == "ipco":
                        props = [head[s3 - 8 : e3] for _k3, s3, e3 in _boxes(head, s2, e2)]
                    elif k2 == "ipma":
                        v2, flags = head[s2], int.from_bytes(head[s2 + 1 : s2 + 4], "big")
                        q = s2 + 4
                        n, q = _uint(head, q, 4)
                        for _ in range(n):
                            iid, q = _uint(head, q, 2 if v2 < 1 else 4)
                            m, q = _uint(head, q, 1)
                            it = items.setdefault(iid, _Item())
                            for _ in range(m):
                                if flags & 1:
                                    val, q = _uint(head, q, 2)
                                    it.props.append((val & 0x7FFF, bool(val >> 15)))
                                else:
                                    val, q = _uint(head, q, 1)
                                    it.props.append((val & 0x7F, bool(val >> 7)))
            elif kind == "iref":
                for k2, s2, e2 in _boxes(head, p, e):
                    q = s2
                    src, q = _uint(head, q, 2 if ver == 0 else 4)
                    n, q = _uint(head, q, 2)
                    ids = []
                    for _ in range(n):
                        t, q = _uint(head, q, 2 if ver == 0 else 4)
                        ids.append(t)
                    if k2 == "dimg":
                        refs[src] = ids
            elif kind == "idat":
                idat = head[s:e]
        if primary is None or items.get(primary, _Item()).type != "grid":
            raise ValueError("not a grid")
        grid = items[primary]
        gdata = b"".join(idat[o : o + n] if grid.method == 1 else self._read(o, n) for o, n in grid.extents)
        flags = gdata[1]
        self.rows, self.cols = gdata[2] + 1, gdata[3] + 1
        width = 4 if flags & 1 else 2
        self.width, _ = _uint(gdata, 4, width)
        self.height, _ = _uint(gdata, 4 + width, width)
        self.tiles = refs.get(primary) or []
        if len(self.tiles) != self.rows * self.cols:
            raise ValueError("grid and tiles disagree")
        self.items, self.props = items, props
        self.transforms: list[bytes] = []
        for idx, _ess in grid.props:
            box = props[idx - 1] if 0 < idx <= len(props) else b""
            kind = box[4:8]
            if kind == b"clap":
                raise ValueError("clean aperture crop: not handled here")
            if kind in (b"irot", b"imir"):
                self.transforms.append(box)
        for t in self.tiles:
            if items.get(t, _Item()).type != "hvc1" or items[t].method != 0:
                raise ValueError("tiles that are not plain HEVC")

    def _read(self, offset: int, length: int) -> bytes:
        self.fh.seek(offset)
        data = self.fh.read(length)
        if len(data) != length:
            raise EOFError("truncated file")
        return data

    def tile_file(self, iid: int) -> bytes:
        """A stand-alone HEIF holding just this tile."""
        it = self.items[iid]
        kept = [(self.props[i - 1], ess) for i, ess in it.props
                if 0 < i <= len(self.props) and self.props[i - 1][4:8] in (b"hvcC", b"ispe", b"colr", b"pixi")]
        ipco = _box(b"ipco", b"".join(b for b, _ in kept))
        assoc = bytes([len(kept)]) + bytes(((0x80 if ess else 0) | (n + 1)) for n, (_, ess) in enumerate(kept))
        ipma = _full(b"ipma", 0, 0, struct.pack(">IH", 1, 1) + assoc)
        data = b"".join(self._read(o, n) for o, n in it.extents)
        ftyp = _box(b"ftyp", b"heic" + b"\0\0\0\0" + b"mif1heic")
        hdlr = _full(b"hdlr", 0, 0, b"\0\0\0\0pict" + bytes(12) + b"\0")
        pitm = _full(b"pitm", 0, 0, struct.pack(">H", 1))
        infe = _full(b"infe", 2, 0, struct.pack(">HH", 1, 0) + b"hvc1" + b"\0")
        iinf = _full(b"iinf", 0, 0, struct.pack(">H", 1) + infe)
        iprp = _box(b"iprp", ipco + ipma)

        def meta_with(offset: int) -> bytes:
            iloc = _full(b"iloc", 0, 0, bytes([0x44, 0x00]) + struct.pack(">HHHHII", 1, 1, 0, 1, offset, len(data)))
            return _full(b"meta", 0, 0, hdlr + pitm + iloc + iinf + iprp)

        size = len(ftyp) + len(meta_with(0)) + 8
        return ftyp + meta_with(size) + _box(b"mdat", data)

    def apply_transforms(self, img: Image.Image) -> Image.Image:
        """The grid's rotation/mirror, in the file's order, on the (small) result."""
        for box in self.transforms:
            if box[4:8] == b"irot":
                angle = box[8] & 3
                if angle:
                    img = img.rotate(90 * angle, expand=True)  # anticlockwise, like irot
            else:
                axis = box[8] & 1
                img = img.transpose(Image.Transpose.FLIP_TOP_BOTTOM if axis == 0 else Image.Transpose.FLIP_LEFT_RIGHT)
        return img


MAX_META = 8 << 20


def _meta_box(fh: IO[bytes]) -> bytes:
    """The top-level ``meta`` box, found by walking the top-level box headers (mdat may come first)."""
    fh.seek(0, 2)
    end = fh.tell()
    pos = 0
    while pos + 8 <= end:
        fh.seek(pos)
        hdr = fh.read(16)
        size, kind = struct.unpack(">I4s", hdr[:8])
        if size == 1:
            size = struct.unpack(">Q", hdr[8:16])[0]
        elif size == 0:
            size = end - pos
        if size < 8:
            break
        if kind == b"meta":
            if size > MAX_META:
                break
            fh.seek(pos)
            return fh.read(size)
        pos += size
    raise ValueError("no meta box")


def open_grid(fh: IO[bytes]) -> Grid | None:
    """The primary image's grid, or None when the file is not a plain tiled HEIC."""
    try:
        return Grid(_meta_box(fh), fh)
    except (ValueError, IndexError, KeyError, struct.error, EOFError):
        return None


def decode_rows(grid: Grid, to_image: Callable[[bytes], Image.Image]) -> Iterator[Image.Image]:
    """Each row of tiles as one image (output width, cropped to the picture), top to bottom."""
    y = 0
    for r in range(grid.rows):
        strip: Image.Image | None = None
        x = 0
        for c in range(grid.cols):
            tile = to_image(grid.tile_file(grid.tiles[r * grid.cols + c]))
            if strip is None:
                h = min(tile.height, grid.height - y)
                strip = Image.new(tile.mode, (grid.width, h))
            strip.paste(tile, (x, 0))
            x += tile.width
        assert strip is not None
        y += strip.height
        yield strip
        if y >= grid.height:
            return


def heif_tile_image(data: bytes) -> Image.Image:
    import pillow_heif

    heif = pillow_heif.open_heif(io.BytesIO(data), convert_hdr_to_8bit=True)
    frame = heif[0]
    return Image.frombuffer(frame.mode, frame.size, frame.data, "raw", frame.mode, frame.stride, 1).copy()
