"""Decode a HEIC whose picture is one HEVC image (not a grid of tiles) straight to a reduced RGB size.

Why: libheif (through pillow-heif) decodes such a picture to YCbCr and then converts all of it to
RGB while still holding the YCbCr planes: 4.5 bytes a pixel, 668 MiB for a 139 MP photo. Here
FFmpeg's HEVC decoder (PyAV, already used for videos) gives the YCbCr frame (1.5 bytes a pixel)
and its scaler converts and shrinks it in one pass, so the RGB picture never exists at full size.

Only the plain case is handled: an ``hvc1`` primary item with its ``hvcC`` configuration and no
clean-aperture crop; the caller checks there is no alpha plane. The colours follow libheif's
rules: the matrix and range of the item's ``nclx`` colour box when it has one, else the stream's
own (its VUI), else BT.601 full range. Rotation and mirroring (``irot``/``imir``) are applied to
the small result. Anything unusual returns None (``open_single``) or raises ``ValueError``
(``decode_reduced``) and the caller decodes with libheif instead. Only reads the file.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from typing import IO

from PIL import Image

from app.library import heif_meta
from app.library.heif_grid import apply_transforms, transforms_of

# nclx matrix_coefficients -> swscale's colour space (H.273 numbering); 2 = unspecified
_MATRIX = {1: "ITU709", 4: "FCC", 5: "ITU601", 6: "ITU601", 7: "SMPTE240M", 9: "BT2020", 10: "BT2020"}
# hvcC chroma_format_idc -> bytes a pixel of the decoded 8-bit frame (monochrome, 4:2:0, 4:2:2, 4:4:4)
_FRAME_BYTES = {0: 1.0, 1: 1.5, 2: 2.0, 3: 3.0}


@dataclass
class Single:
    """The primary picture of a HEIC that is one coded HEVC image."""

    hvcc: bytes  # the HEVCDecoderConfigurationRecord (the hvcC box's payload)
    extents: list[tuple[int, int]]  # where its coded bytes lie (file offsets)
    width: int
    height: int
    transforms: list[bytes]  # irot/imir boxes, in the file's order
    matrix: int | None = None  # from an nclx colour box (None: no such box)
    full_range: bool | None = None

    def frame_bytes(self) -> int:
        """What the decoded frame takes in memory (chroma subsampling and bit depth from hvcC)."""
        chroma = self.hvcc[16] & 3 if len(self.hvcc) > 18 else 1
        deep = len(self.hvcc) > 18 and (self.hvcc[17] & 7) > 0
        return int(self.width * self.height * _FRAME_BYTES[chroma] * (2 if deep else 1))


def open_single(fh: IO[bytes]) -> Single | None:
    """The primary picture when it is one plain HEVC image, else None (a grid, AVIF, a crop, ...)."""
    try:
        meta = heif_meta.parse(heif_meta.meta_box(fh))
        primary = meta.items.get(meta.primary) if meta.primary is not None else None
        if primary is None or primary.type != "hvc1" or primary.method != 0 or not primary.extents:
            return None
        boxes = [meta.props[i - 1] for i, _ in primary.props if 0 < i <= len(meta.props)]
        hvcc = next((b[8:] for b in boxes if b[4:8] == b"hvcC"), None)
        ispe = next((b for b in boxes if b[4:8] == b"ispe"), None)
        if hvcc is None or ispe is None or len(ispe) < 20:
            return None
        width, height = struct.unpack(">II", ispe[12:20])
        single = Single(hvcc, list(primary.extents), width, height, transforms_of(primary, meta.props))
        for b in boxes:
            if b[4:8] == b"colr" and b[8:12] == b"nclx" and len(b) >= 19:
                single.matrix = struct.unpack(">H", b[16:18])[0]
                single.full_range = bool(b[18] & 0x80)
        return single
    except (ValueError, IndexError, KeyError, struct.error, EOFError):
        return None


def decode_reduced(fh: IO[bytes], single: Single, factor: int) -> Image.Image:
    """The picture as RGB, each side divided by ``factor`` (rounded up, like a box reduce) with an
    area average, upright. ``ValueError`` when FFmpeg cannot decode it."""
    import av  # noqa: PLC0415 - FFmpeg is loaded for the few photos that need it

    pieces = []
    for offset, length in single.extents:
        fh.seek(offset)
        piece = fh.read(length)
        if len(piece) != length:
            raise ValueError("truncated file")
        pieces.append(piece)
    data = pieces[0] if len(pieces) == 1 else b"".join(pieces)  # the coded bytes held once
    del pieces
    codec = av.CodecContext.create("hevc", "r")
    codec.extradata = single.hvcc
    codec.thread_type = "SLICE"  # one picture: frame threads would only hold more copies
    try:
        frames = codec.decode(av.Packet(data)) + codec.decode(None)
    except av.FFmpegError as exc:
        raise ValueError(f"HEVC decoder: {exc}") from None
    del data
    if not frames:
        raise ValueError("HEVC decoder: no picture")
    frame = frames[0]
    del frames
    if (frame.width, frame.height) != (single.width, single.height):
        raise ValueError(f"HEVC picture is {frame.width}×{frame.height}, "
                         f"the file says {single.width}×{single.height}")
    out = frame.reformat(width=-(-frame.width // factor), height=-(-frame.height // factor), format="rgb24",
                         interpolation="AREA", src_colorspace=_colorspace(single, frame),
                         src_color_range=_color_range(single, frame))
    del frame
    return apply_transforms(out.to_image(), single.transforms)


def _colorspace(single: Single, frame: object) -> str:
    if single.matrix is not None and single.matrix != 2:
        if single.matrix not in _MATRIX:
            raise ValueError(f"colour matrix {single.matrix} is not handled here")
        return _MATRIX[single.matrix]
    own = int(getattr(frame, "colorspace", 2))  # the stream's VUI (AVColorSpace numbers are H.273's)
    if own == 0:
        raise ValueError("an RGB-coded picture is not handled here")
    return _MATRIX.get(own, "ITU601")


def _color_range(single: Single, frame: object) -> str:
    if single.full_range is not None:
        return "JPEG" if single.full_range else "MPEG"
    own = int(getattr(frame, "color_range", 0) or 0)  # 1 limited (MPEG), 2 full (JPEG), 0 unspecified
    return "MPEG" if own == 1 else "JPEG"
