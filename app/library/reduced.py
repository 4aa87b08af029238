"""Decode large images reduced, a strip at a time, so memory stays bounded whatever the input.

Why: a 1.5 MB PNG can declare 20000×20000 RGBA pixels, 1.6 GB once decoded (and Pillow's RGBA→RGB
flattening doubles it); a 200 MP HEIC is 600 MB decoded. We never need those pixels at full size:
thumbnails want 256 px and captioning 1120 px. Decisions go by *decoded bytes* (width × height ×
bytes per stored pixel), not pixel count, and:

- PNG (8-bit, not interlaced): the zlib stream is inflated row by row; each strip of rows is handed
  to Pillow's own decoder as a small stand-alone PNG whose first row is the (already unfiltered) row
  above the strip, so Up/Average/Paeth filters see the right neighbour. Each strip is flattened to
  RGB and box-reduced at once; only one strip is ever whole in memory.
- HEIF/AVIF: libheif has no reduced decoding, but large HEICs are grids of small HEVC tiles: each
  tile is decoded on its own (``heif_grid``), one row of tiles at a time. A picture that is one HEVC
  image is decoded by FFmpeg to YCbCr and converted straight to the reduced size (``heif_hevc``);
  anything else (alpha, AVIF) is decoded once by libheif and read in strips from its buffer.
- Anything already decoded (TIFF, WebP, BMP, GIF, small PNG): reduced and flattened in strips.
- JPEG keeps ``draft()`` (libjpeg decodes at 1/2 … 1/8) in ``decode``.
- Above ``MAX_DECODE_BYTES`` with no reduced path: a plain per-file error.
"""

from __future__ import annotations

import io
import logging
import struct
import zlib
from typing import IO, Any, Callable, Iterator

from PIL import Image

from app.library import decode_budget

log = logging.getLogger(__name__)

#: Full decodes larger than this are refused when the format cannot be decoded reduced.
MAX_DECODE_BYTES = 640 * 2**20
#: Above this, images are reduced in strips (below it the one-shot path is as good and simpler).
STRIP_FROM_BYTES = 64 * 2**20
#: Bytes of decoded pixels per strip.
STRIP_BYTES = 16 * 2**20
#: HEIF/AVIF above this are reduced through ``heif_reduced`` (tiles, or FFmpeg's scaler) even when
#: the one-shot decode would fit: libheif's whole decode holds 4.5 bytes a pixel plus Pillow's copy,
#: 70 MB for a 7 MP grid whose embedded thumbnail libheif cannot read, against 10 MB tile by tile.
HEIF_REDUCE_FROM_BYTES = STRIP_BYTES

_INFLATE_STEP = 4 * 2**20
_PNG_SIG = b"\x89PNG\r\n\x1a\n"
_PNG_BPP = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}  # colour type -> bytes per pixel at 8 bits per sample


class TooLarge(Exception):
    """The image cannot be decoded within the memory ceiling; ``str`` is the user-facing reason."""


def pixel_bytes(mode: str) -> int:
    """Bytes Pillow stores per pixel in ``mode`` (3-band and LA images take 4)."""
    if mode in ("1", "L", "P"):
        return 1
    if mode.startswith("I;16"):
        return 2
    return 4


def decoded_bytes(mode: str, size: tuple[int, int]) -> int:
    return size[0] * size[1] * pixel_bytes(mode)


def too_large(size: tuple[int, int], nbytes: int, limit: int = MAX_DECODE_BYTES) -> TooLarge:
    return TooLarge(f"image too large to decode within the memory limit: {size[0]}×{size[1]} pixels are "
                    f"{nbytes / 2**20:,.0f} MB decoded (limit {limit / 2**20:,.0f} MB) and this format "
                    "cannot be decoded at a reduced size")


def box_factor(size: tuple[int, int], max_edge: int) -> int:
    """The box-reduce factor that keeps the result at least twice ``max_edge`` (for a LANCZOS finish)."""
    w, h = size
    long_edge = max(w, h)
    if long_edge <= max_edge:
        return 1
    return max(1, long_edge // max_edge // 2)


class StripReducer:
    """Collects RGB strips of a ``size`` image, box-reduces each by ``factor`` and pastes it in place."""

    def __init__(self, size: tuple[int, int], factor: int) -> None:
        self.factor = factor
        w, h = size
        self.out = Image.new("RGB", (-(-w // factor), -(-h // factor)))
        self.y = 0
        self._carry: Image.Image | None = None  # rows short of a whole box, kept for the next strip
        self._to_rgb: Callable[[Image.Image], Image.Image] | None = None

    def rows_per_strip(self, width: int, bytes_per_pixel: int = 4) -> int:
        rows = max(1, STRIP_BYTES // max(1, width * bytes_per_pixel))
        return max(self.factor, rows // self.factor * self.factor)

    def add(self, strip: Image.Image, to_rgb: Callable[[Image.Image], Image.Image]) -> None:
        """Reduce ``strip`` (any mode), flatten it to RGB with ``to_rgb`` and paste it below the last.
        Strips of any height: rows short of a whole box wait for the next strip (or ``result``).
        Whole boxes are reduced in place (``reduce(box=...)``): no full-size copy of the strip."""
        self._to_rgb = to_rgb
        f, top = self.factor, 0
        if f > 1:
            if self._carry is not None:  # complete the waiting rows with the first rows of this strip
                top = min(f - self._carry.height, strip.height)
                both = Image.new(strip.mode, (strip.width, self._carry.height + top))
                both.paste(self._carry, (0, 0))
                both.paste(strip.crop((0, 0, strip.width, top)), (0, self._carry.height))
                self._carry = None
                if both.height < f:
                    self._carry = both
                    return
                self._add(both, 0, f, to_rgb)
            whole = (strip.height - top) // f * f
            if top + whole < strip.height:
                self._carry = strip.crop((0, top + whole, strip.width, strip.height))
            if whole == 0:
                return
            self._add(strip, top, top + whole, to_rgb)
        else:
            self._add(strip, 0, strip.height, to_rgb)

    def result(self) -> Image.Image:
        """The reduced picture (the last partial rows included)."""
        if self._carry is not None and self._to_rgb is not None:
            carry, self._carry = self._carry, None
            self._add(carry, 0, carry.height, self._to_rgb)
        return self.out

    def _add(self, strip: Image.Image, top: int, bottom: int, to_rgb: Callable[[Image.Image], Image.Image]) -> None:
        """Rows ``top``..``bottom`` of ``strip``, reduced, flattened and pasted below the last."""
        box = (0, top, strip.width, bottom)
        if self.factor == 1:
            small = to_rgb(strip if (top, bottom) == (0, strip.height) else strip.crop(box))
        elif strip.mode == "RGBA":
            # Average premultiplied colours, then flatten the small result: the same as flattening
            # first (compositing is linear) at a fraction of the cost.
            small = to_rgb(strip.convert("RGBa").reduce(self.factor, box).convert("RGBA"))
        else:
            small = to_rgb(strip).reduce(self.factor, box)
        self.out.paste(small, (0, self.y // self.factor))
        self.y += bottom - top


def reduce_loaded(img: Image.Image, max_edge: int, to_rgb: Callable[[Image.Image], Image.Image]) -> Image.Image:
    """An already decoded image, flattened to RGB and reduced strip by strip (no full-size copy)."""
    factor = box_factor(img.size, max_edge)
    r = StripReducer(img.size, factor)
    rows = r.rows_per_strip(img.width)
    for y in range(0, img.height, rows):
        r.add(img.crop((0, y, img.width, min(img.height, y + rows))), to_rgb)
    return r.result()


# -- PNG ---------------------------------------------------------------------------------------

def _png_chunk_parts(kind: bytes, data: bytes) -> list[bytes]:
    crc = zlib.crc32(data, zlib.crc32(kind)) & 0xFFFFFFFF
    return [struct.pack(">I", len(data)), kind, data, struct.pack(">I", crc)]


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return b"".join(_png_chunk_parts(kind, data))


def png_header(fh: IO[bytes]) -> dict[str, Any] | None:
    """IHDR fields of a PNG (None if ``fh`` is not one). Leaves ``fh`` anywhere."""
    fh.seek(0)
    head = fh.read(33)
    if head[:8] != _PNG_SIG or head[12:16] != b"IHDR":
        return None
    w, h, depth, ctype, _comp, _filt, interlace = struct.unpack(">IIBBBBB", head[16:29])
    return {"width": w, "height": h, "depth": depth, "ctype": ctype, "interlace": interlace}


def png_can_strip(info: dict[str, Any] | None) -> bool:
    return bool(info) and info["depth"] == 8 and info["interlace"] == 0 and info["ctype"] in _PNG_BPP


def _png_chunks(fh: IO[bytes]) -> Iterator[tuple[bytes, bytes]]:
    """(type, data) of each chunk up to IEND; IDAT data is streamed in pieces of ≤ 1 MB."""
    fh.seek(8)
    while True:
        hdr = fh.read(8)
        if len(hdr) < 8:
            raise EOFError("truncated file")
        n, kind = struct.unpack(">I4s", hdr)
        if kind == b"IDAT":
            left = n
            while left:
                piece = fh.read(min(left, 1 << 20))
                if not piece:
                    raise EOFError("truncated file")
                left -= len(piece)
                yield kind, piece
        else:
            data = fh.read(n)
            if len(data) < n:
                raise EOFError("truncated file")
            yield kind, data
        fh.read(4)  # CRC
        if kind == b"IEND":
            return


def _png_rows(fh: IO[bytes], row_len: int, height: int, extra: dict[bytes, bytes]) -> Iterator[bytes]:
    """The filtered rows (filter byte + data), inflated a piece at a time; fills ``extra`` with
    PLTE/tRNS chunks met before the image data."""
    z = zlib.decompressobj()
    buf = bytearray()
    done = 0
    for kind, data in _png_chunks(fh):
        if kind in (b"PLTE", b"tRNS") and done == 0:
            extra[kind] = data
        if kind != b"IDAT":
            continue
        pending = data
        while True:  # bounded output per call: 1 MB of zeros inflates to 1 GB
            out = z.decompress(pending, _INFLATE_STEP)
            pending = z.unconsumed_tail
            buf += out
            while len(buf) >= row_len and done < height:
                yield bytes(buf[:row_len])
                del buf[:row_len]
                done += 1
            if done >= height:
                return
            if not pending and len(out) < _INFLATE_STEP:
                break
    buf += z.flush()
    while len(buf) >= row_len and done < height:
        yield bytes(buf[:row_len])
        del buf[:row_len]
        done += 1
    if done < height:
        raise EOFError("truncated file")


def png_reduced(fh: IO[bytes], max_edge: int, to_rgb: Callable[[Image.Image], Image.Image]) -> Image.Image:
    """Decode an 8-bit non-interlaced PNG reduced (long edge ≥ 2 × ``max_edge`` unless smaller)."""
    info = png_header(fh)
    if not png_can_strip(info):
        raise ValueError("not a PNG this decoder handles")
    assert info is not None
    w, h, ctype = info["width"], info["height"], info["ctype"]
    bpp = _PNG_BPP[ctype]
    row_len = 1 + w * bpp
    reducer = StripReducer((w, h), box_factor((w, h), max_edge))
    per_strip = reducer.rows_per_strip(w)
    extra: dict[bytes, bytes] = {}
    prev = bytes(w * bpp)  # PNG treats the row above the first one as zeros
    strip: list[bytes] = []
    rows = _png_rows(fh, row_len, h, extra)

    def flush(rows_: list[bytes], prev_row: bytes) -> bytes:
        n = len(rows_)
        ihdr = struct.pack(">IIBBBBB", w, n + 1, 8, ctype, 0, 0, 0)
        raw = b"".join([b"\x00", prev_row, *rows_])
        parts = [_PNG_SIG, _png_chunk(b"IHDR", ihdr)]
        for k in (b"PLTE", b"tRNS"):
            if k in extra:
                parts.append(_png_chunk(k, extra[k]))
        parts += [*_png_chunk_parts(b"IDAT", zlib.compress(raw, 0)), _png_chunk(b"IEND", b"")]
        with Image.open(io.BytesIO(b"".join(parts))) as part:
            part.load()
            last = part.crop((0, n, w, n + 1)).tobytes()
            reducer.add(part.crop((0, 1, w, n + 1)), to_rgb)
        return last

    for row in rows:
        strip.append(row)
        if len(strip) == per_strip:
            prev = flush(strip, prev)
            strip = []
    if strip:
        flush(strip, prev)
    return reducer.result()


# -- HEIF --------------------------------------------------------------------------------------

def heif_reduced(fh: IO[bytes], max_edge: int, to_rgb: Callable[[Image.Image], Image.Image],
                 limit: int = MAX_DECODE_BYTES) -> Image.Image:
    """HEIC/HEIF/AVIF reduced: tile by tile when the picture is a grid, else one libheif decode read in strips."""
    import pillow_heif

    from app.library import heif_grid, heif_hevc

    grid = heif_grid.open_grid(fh)
    if grid is not None:  # a tiled picture (every large phone photo): one row of tiles at a time
        # each tile is first box-reduced on its own (by a power of two that divides the tile size,
        # within the whole reduction): a row of tiles then takes a fraction of its full size
        factor = box_factor((grid.width, grid.height), max_edge)
        shrink = grid.shrink_for(factor)
        size = (-(-grid.width // shrink), -(-grid.height // shrink))
        row_bytes = grid.width * -(-grid.height // grid.rows) * 4
        decode_budget.check(row_bytes // shrink**2 + row_bytes // grid.cols * 2,
                            f"a {grid.width}×{grid.height} HEIF grid, a row of tiles at a time")
        reducer = StripReducer(size, box_factor(size, max_edge))
        for row in heif_grid.decode_rows(grid, heif_grid.heif_tile_image, shrink):
            reducer.add(row, to_rgb)
            del row  # let it go before the next row is decoded: one row of tiles in memory, not two
        return grid.apply_transforms(reducer.result())
    fh.seek(0)
    heif = pillow_heif.open_heif(fh, convert_hdr_to_8bit=True, remove_stride=False)
    frame = heif[heif.primary_index] if hasattr(heif, "primary_index") else heif[0]
    w, h = frame.size
    mode = frame.mode
    single = heif_hevc.open_single(fh) if mode == "RGB" else None  # one HEVC picture, no alpha plane
    if single is not None:  # decoded and shrunk in one pass: the RGB picture never exists at full size
        decode_budget.check_library("FFmpeg")
        if single.frame_bytes() > limit:
            raise too_large((w, h), single.frame_bytes(), limit)
        try:
            return heif_hevc.decode_reduced(fh, single, box_factor((w, h), max_edge))
        except ValueError as exc:
            log.info("HEVC picture left to libheif: %s", exc)
    nbytes = w * h * len(mode.replace(";16", ""))
    if nbytes > limit:
        raise too_large((w, h), nbytes, limit)
    decode_budget.check(nbytes * 3 // 2, f"a {w}×{h} HEIF picture")  # the YCbCr planes and the RGB result
    data = memoryview(frame.data)
    stride = frame.stride
    reducer = StripReducer((w, h), box_factor((w, h), max_edge))
    rows = reducer.rows_per_strip(w)
    for y in range(0, h, rows):
        n = min(rows, h - y)
        part = Image.frombuffer(mode, (w, n), data[y * stride : (y + n) * stride], "raw", mode, stride, 1)
        reducer.add(part.copy() if part.readonly else part, to_rgb)
    del data, frame, heif
    return reducer.result()
