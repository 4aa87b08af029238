"""Image preparation for a vision request: upright RGB JPEG bytes, long edge ≤ ``max_edge``.

Why: sending originals costs upload, base64 and server decode time (80 s vs 6 s in one report), and
some formats (HEIC, RAW, 16-bit TIFF, CMYK, GIF) cannot be decoded by Ollama at all. Decoding goes
through ``app.library.decode.open_image`` (orientation applied once, JPEG draft decoding, RAW
previews) so captioning sees exactly what the thumbnails show. Runs in an executor, never on the
event loop. The original file is only read.
"""

from __future__ import annotations

import io
import os
from typing import TYPE_CHECKING

from app.captioning.errors import PhotoError, UnreadablePhoto

if TYPE_CHECKING:
    from PIL import Image

JPEG_QUALITY = 85
#: Below this long edge there is nothing a model can describe (an 8×8 RAW preview stub, an icon).
MIN_EDGE = 64


def prepare_image(path: str | os.PathLike[str], max_edge: int = 1120, quality: int = JPEG_QUALITY) -> bytes:
    """JPEG bytes of the photo, upright, long edge ≤ ``max_edge``; ``PhotoError`` with a reason.

    ``UnreadablePhoto`` when the file can be read but holds no picture we can decode or describe
    (it would fail the same way next time); a plain ``PhotoError`` when the file cannot be opened
    (missing, no permission, a disk or network share gone: that may pass)."""
    from app.library.decode import DecodeError, open_image

    try:
        with open(path, "rb") as f:
            f.read(1)
    except OSError as exc:
        raise PhotoError(f"cannot read the photo: {exc.strerror or exc}") from None
    try:
        img = open_image(path, max_edge=max_edge)
    except DecodeError as exc:
        raise UnreadablePhoto(f"cannot read the photo: {exc}") from None
    except ValueError as exc:
        raise UnreadablePhoto(f"cannot read the photo: {exc}") from None
    except OSError as exc:
        raise PhotoError(f"cannot read the photo: {exc}") from None
    return encode(img, quality)


def encode(img: Image.Image, quality: int = JPEG_QUALITY) -> bytes:
    """The request's JPEG bytes of a photo decoded upright within the model's size (``open_image``);
    ``UnreadablePhoto`` when it is too small to describe."""
    if max(img.size) < MIN_EDGE:
        raise UnreadablePhoto(f"image too small to describe: {img.width}×{img.height} pixels "
                              f"(at least {MIN_EDGE} px needed)")
    if img.mode != "RGB":
        img = img.convert("RGB")
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=quality, optimize=False, progressive=False)
    return buf.getvalue()
