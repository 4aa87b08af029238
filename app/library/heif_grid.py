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
from typing import IO, Callable, Iterator

from PIL import Image

from app.library import heif_meta
from app.library.heif_meta import Item, uint


def _box(kind: bytes, payload: bytes) -> bytes:
    return struct.pack(">I", 8 + len(payload)) + kind + payload


def _full(kind: bytes, version: int, flags: int, payload: bytes) -> bytes:
    return _box(kind, bytes([version]) + flags.to_bytes(3, "big") + payload)


class Grid:
    """The parsed grid of a HEIC's primary image."""

    def __init__(self, head: bytes, fh: IO[bytes]) -> None:
        """``head``: the top-level ``meta`` box (header included)."""
        self.fh = fh
        meta = heif_meta.parse(head)
        items, props, refs, idat, primary = meta.items, meta.props, meta.refs, meta.idat, meta.primary
        if primary is None or items.get(primary, Item()).type != "grid":
            raise ValueError("not a grid")
        grid = items[primary]
        gdata = b"".join(idat[o : o + n] if grid.method == 1 else self._read(o, n) for o, n in grid.extents)
        flags = gdata[1]
        self.rows, self.cols = gdata[2] + 1, gdata[3] + 1
        width = 4 if flags & 1 else 2
        self.width, _ = uint(gdata, 4, width)
        self.height, _ = uint(gdata, 4 + width, width)
        self.tiles = refs.get(primary) or []
        if len(self.tiles) != self.rows * self.cols:
            raise ValueError("grid and tiles disagree")
        self.items, self.props = items, props
        self.transforms = transforms_of(grid, props)
        for t in self.tiles:
            if items.get(t, Item()).type != "hvc1" or items[t].method != 0:
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

    def tile_size(self) -> tuple[int, int] | None:
        """The tiles' coded size (every tile of a grid has the same), from the first tile's ``ispe``."""
        it = self.items[self.tiles[0]]
        for i, _ in it.props:
            box = self.props[i - 1] if 0 < i <= len(self.props) else b""
            if box[4:8] == b"ispe" and len(box) >= 20:
                w, h = struct.unpack(">II", box[12:20])
                return (w, h) if w and h else None
        return None

    def shrink_for(self, factor: int) -> int:
        """The largest power of two ≤ ``factor`` that divides the tiles' width and height: each tile
        can be box-reduced by it on its own and the pieces still meet exactly."""
        size = self.tile_size()
        k = 1
        while size is not None and k * 2 <= factor and size[0] % (k * 2) == 0 and size[1] % (k * 2) == 0:
            k *= 2
        return k

    def apply_transforms(self, img: Image.Image) -> Image.Image:
        """The grid's rotation/mirror, in the file's order, on the (small) result."""
        return apply_transforms(img, self.transforms)


def transforms_of(item: Item, props: list[bytes]) -> list[bytes]:
    """An item's rotation/mirror property boxes in the file's order; ValueError for a clean-aperture
    crop (``clap``), which the decoders here do not apply."""
    out: list[bytes] = []
    for idx, _ess in item.props:
        box = props[idx - 1] if 0 < idx <= len(props) else b""
        kind = box[4:8]
        if kind == b"clap":
            raise ValueError("clean aperture crop: not handled here")
        if kind in (b"irot", b"imir"):
            out.append(box)
    return out


def apply_transforms(img: Image.Image, transforms: list[bytes]) -> Image.Image:
    """Rotations (``irot``, anticlockwise) and mirrors (``imir``) in order, as libheif applies them."""
    for box in transforms:
        if box[4:8] == b"irot":
            angle = box[8] & 3
            if angle:
                img = img.rotate(90 * angle, expand=True)  # anticlockwise, like irot
        else:
            axis = box[8] & 1
            img = img.transpose(Image.Transpose.FLIP_TOP_BOTTOM if axis == 0 else Image.Transpose.FLIP_LEFT_RIGHT)
    return img


def open_grid(fh: IO[bytes]) -> Grid | None:
    """The primary image's grid, or None when the file is not a plain tiled HEIC."""
    try:
        return Grid(heif_meta.meta_box(fh), fh)
    except (ValueError, IndexError, KeyError, struct.error, EOFError):
        return None


def decode_rows(grid: Grid, to_image: Callable[[bytes], Image.Image], shrink: int = 1) -> Iterator[Image.Image]:
    """Each row of tiles as one image (output width, cropped to the picture), top to bottom. With
    ``shrink`` (a divisor of the tile size: ``Grid.shrink_for``), each tile is box-reduced by it as
    soon as it is decoded, so the row is ``shrink``² times smaller: the picture ``shrink`` times smaller."""
    y = 0
    out_w = -(-grid.width // shrink)
    for r in range(grid.rows):
        strip: Image.Image | None = None
        x = 0
        h = 0
        for c in range(grid.cols):
            tile = to_image(grid.tile_file(grid.tiles[r * grid.cols + c]))
            if strip is None:
                h = min(tile.height, grid.height - y)
                strip = Image.new(tile.mode, (out_w, -(-h // shrink)))
            if shrink > 1:  # cropped to the picture first: edge tiles average only what is shown
                tile = tile.reduce(shrink, (0, 0, min(tile.width, grid.width - x), h))
            strip.paste(tile, (x // shrink, 0))
            x += tile.width * shrink if shrink > 1 else tile.width
        assert strip is not None
        y += h
        yield strip
        if y >= grid.height:
            return


def heif_tile_image(data: bytes) -> Image.Image:
    import pillow_heif

    heif = pillow_heif.open_heif(io.BytesIO(data), convert_hdr_to_8bit=True)
    frame = heif[0]
    return Image.frombuffer(frame.mode, frame.size, frame.data, "raw", frame.mode, frame.stride, 1).copy()
