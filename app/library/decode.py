"""Decode any indexed photo into an upright RGB Pillow image, optionally shrunk on the way.

One function, ``open_image(path, max_edge=...)``, is shared by the thumbnailer and the captioning
image preparation so that every consumer sees the same upright pixels:

- JPEG uses ``draft()`` so libjpeg decodes at 1/2, 1/4 or 1/8 scale when a small result is wanted
  (the draft size is the *exact* target box, not a square, so a 24 MP photo at 1120 px decodes at
  1/4 scale, about five times faster than a full decode).
- HEIC/HEIF/AVIF go through pillow-heif, which already applies the container rotation/mirror
  (``irot``/``imir``) and reports EXIF orientation 1; we therefore never rotate HEIF twice.
- RAW files use the embedded preview (``rawpy.extract_thumb()``), falling back to whatever Pillow
  can open (DNG's TIFF preview). Orientation comes from the preview's own EXIF or from the raw's flip.
- EXIF orientation is applied exactly once; 0 or other invalid values mean "as stored".
- Palette/alpha images are flattened on white; 16-bit/float greyscale is scaled, CMYK converted.
- Decompression bombs are rejected with a plain reason. Pillow's default limit (~89 MP) would reject
  genuine 200 MP phone photos, so importing this module raises ``Image.MAX_IMAGE_PIXELS`` to
  ``MAX_PIXELS`` (process-wide; a deliberate choice) and we check the declared size ourselves.

The file is only ever opened for reading. Errors are ``DecodeError`` with a short, plain-words
message ("truncated file", "not an image or unsupported format", ...).
"""

from __future__ import annotations

import io
import os
import re
import warnings
from pathlib import Path
from typing import Any

from PIL import Image, ImageFile, UnidentifiedImageError

from app.core.fspath import is_text
from app.library import reduced
from app.library.formats import is_video

try:  # pillow-heif registers HEIC/HEIF/AVIF with Pillow.
    import pillow_heif

    pillow_heif.register_heif_opener()
    HAVE_HEIF = True
except Exception:  # pragma: no cover - the app depends on it, but decoding other formats still works
    HAVE_HEIF = False

#: Largest image (in pixels) we agree to decode: above the 200 MP phones, far below the bombs.
MAX_PIXELS = 400_000_000
Image.MAX_IMAGE_PIXELS = MAX_PIXELS
ImageFile.LOAD_TRUNCATED_IMAGES = False

RAW_EXTENSIONS = frozenset({".cr2", ".cr3", ".nef", ".nrw", ".arw", ".dng", ".orf", ".rw2", ".raf", ".pef", ".srw"})

# EXIF orientation -> the Pillow transposes that make it upright (applied in order).
_ORIENT_OPS: dict[int, tuple[Image.Transpose, ...]] = {
    2: (Image.Transpose.FLIP_LEFT_RIGHT,),
    3: (Image.Transpose.ROTATE_180,),
    4: (Image.Transpose.FLIP_TOP_BOTTOM,),
    5: (Image.Transpose.TRANSPOSE,),
    6: (Image.Transpose.ROTATE_270,),
    7: (Image.Transpose.TRANSVERSE,),
    8: (Image.Transpose.ROTATE_90,),
}
#: A RAW preview smaller than this (or than the size asked for) gives way to decoding the raw data.
RAW_PREVIEW_MIN = 1120
# LibRaw's ``sizes.flip`` -> EXIF orientation.
_FLIP_TO_ORIENTATION = {0: 1, 3: 3, 5: 8, 6: 6}


class DecodeError(Exception):
    """The file cannot be decoded; ``str(exc)`` is a plain-words reason fit for the user."""


def normalize_orientation(value: Any) -> int:
    """EXIF orientation as 1..8; absent, 0 or garbage means 1 (as stored)."""
    try:
        v = int(value)
    except (TypeError, ValueError):
        return 1
    return v if 1 <= v <= 8 else 1


def apply_orientation(img: Image.Image, orientation: int) -> Image.Image:
    """Return ``img`` turned upright for the given EXIF orientation (1 = unchanged)."""
    for op in _ORIENT_OPS.get(orientation, ()):
        img = img.transpose(op)
    return img


def fit_size(width: int, height: int, max_edge: int) -> tuple[int, int]:
    """The size with the long edge at most ``max_edge``, aspect kept, each side at least 1."""
    long_edge = max(width, height)
    if long_edge <= max_edge:
        return width, height
    scale = max_edge / long_edge
    return max(1, round(width * scale)), max(1, round(height * scale))


def open_image(path: str | os.PathLike[str], *, max_edge: int | None = None) -> Image.Image:
    """Decode ``path`` upright, RGB, with its long edge ≤ ``max_edge`` (when given).

    Raises ``DecodeError`` with a one-line reason; never modifies the file.
    """
    p = Path(path)
    try:
        size = p.stat().st_size
    except FileNotFoundError:
        raise DecodeError("file not found") from None
    except PermissionError:
        raise DecodeError("permission denied") from None
    except OSError as exc:
        raise DecodeError(f"cannot read file: {exc.strerror or exc}") from None
    if size == 0:
        raise DecodeError("empty file (0 bytes)")
    if max_edge is not None and max_edge < 1:
        raise ValueError("max_edge must be positive")
    if p.suffix.lower() in RAW_EXTENSIONS:
        return _open_raw(p, max_edge)
    if is_video(p.name):
        return _open_video(p, max_edge)
    return _open_pillow(p, max_edge)


def _open_video(p: Path, max_edge: int | None) -> Image.Image:
    """A video's poster: its first keyframe that is not a fade, upright (``app.library.video_frames``)."""
    from app.library import video_frames  # noqa: PLC0415 - PyAV is loaded for videos only

    try:
        return video_frames.poster(p, max_edge)
    except video_frames.FrameError as exc:
        raise DecodeError(str(exc)) from None


def decode_bytes(data: bytes, *, max_edge: int | None = None, orientation: int | None = None) -> Image.Image:
    """Decode an in-memory image (e.g. an embedded preview) the same way as a file.

    ``orientation`` overrides the orientation found in the data (used for raw previews).
    """
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            img = Image.open(io.BytesIO(data))
        return _finish(img, max_edge, orientation)
    except DecodeError:
        raise
    except Exception as exc:
        raise DecodeError(_reason(exc)) from None


def _open_pillow(p: Path, max_edge: int | None) -> Image.Image:
    try:
        with open(p, "rb") as fh:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", Image.DecompressionBombWarning)
                img = Image.open(fh)
                out = _finish(img, max_edge, None, fh)
                if out is img:  # still tied to the file handle closing below: detach the pixels
                    out = img.copy()
                img.close()  # free the decoder; the returned image owns its pixels
                return out
    except DecodeError:
        raise
    except PermissionError:
        raise DecodeError("permission denied") from None
    except Exception as exc:  # Pillow raises many types for bad data; all become a reason
        raise DecodeError(_reason(exc)) from None


def _finish(img: Image.Image, max_edge: int | None, orientation: int | None, fh: Any = None) -> Image.Image:
    """Load an opened image, shrink it, make it RGB and upright, within the memory ceiling
    (``app.library.reduced``: large images are decoded reduced, strip by strip)."""
    w, h = img.size
    if w * h > MAX_PIXELS:
        raise DecodeError(f"decompression bomb: declares {w}×{h} pixels (limit {MAX_PIXELS:,})")
    if getattr(img, "is_animated", False):
        img.seek(0)
    if max_edge is not None and img.format in ("JPEG", "MPO", "HEIF", "AVIF"):
        # draft() may only decode at a scale where *both* sides still reach the target box.
        img.draft("RGB", fit_size(w, h, max_edge))
    nbytes = reduced.decoded_bytes(img.mode, img.size)
    big = nbytes > reduced.STRIP_FROM_BYTES
    if orientation is None:
        # PngImageFile.getexif() decodes every pixel to look for EXIF after the image data: not for big ones.
        orientation = _orientation_of(img) if not (big and img.format == "PNG") else _exif_orientation(img)
    out: Image.Image | None = None
    try:
        if big and max_edge is not None and fh is not None:
            if img.format == "PNG" and reduced.png_can_strip(reduced.png_header(fh)):
                out = reduced.png_reduced(fh, max_edge, _to_rgb)
            elif img.format in ("HEIF", "AVIF"):
                fh.seek(0)
                out = reduced.heif_reduced(fh, max_edge, _to_rgb)
        if out is None:
            if nbytes > reduced.MAX_DECODE_BYTES:
                raise reduced.too_large(img.size, nbytes)
            img.load()
            out = reduced.reduce_loaded(img, max_edge, _to_rgb) if big and max_edge is not None else _to_rgb(img)
    except reduced.TooLarge as exc:
        raise DecodeError(str(exc)) from None
    if max_edge is not None and max(out.size) > max_edge:
        target = fit_size(out.width, out.height, max_edge)
        factor = min(out.width // target[0], out.height // target[1])
        if factor >= 3:  # cheap box reduce first, then a LANCZOS finish from ≥ 2× the target
            out = out.reduce(factor // 2)
        out = out.resize(target, Image.Resampling.LANCZOS)
    out = apply_orientation(out, orientation)
    out.info.pop("exif", None)
    return out


def _exif_orientation(img: Image.Image) -> int:
    """EXIF orientation from what was read with the header only (never decodes pixels)."""
    try:
        return normalize_orientation(Image.Image.getexif(img).get(0x0112))
    except Exception:
        return 1


def already_upright(img: Image.Image) -> bool:
    """Pillow turns TIFFs upright itself (``TiffImageFile`` reports the rotated size when it opens
    the file and applies the orientation when it loads it), so their orientation must not be applied
    again: a bilevel G4 scan with orientation 6 came out sideways. Checked by size so a Pillow that
    stops doing it is still handled."""
    if img.format != "TIFF":
        return False
    tags = getattr(img, "tag_v2", None)
    if tags is None:
        return False
    orientation = normalize_orientation(tags.get(0x0112))
    stored = (tags.get(256), tags.get(257))  # ImageWidth, ImageLength as stored
    if orientation >= 5 and stored[0] != stored[1]:
        return tuple(img.size) == (stored[1], stored[0])
    return True  # same-size orientations: Pillow ≥ 8 applies those on load too


def _orientation_of(img: Image.Image) -> int:
    """The orientation to apply. HEIF containers are already upright after pillow-heif decodes them."""
    if img.format in ("HEIF", "AVIF") or already_upright(img):
        return 1
    try:
        exif = img.getexif()
    except Exception:
        return 1
    return normalize_orientation(exif.get(0x0112))


def _to_rgb(img: Image.Image) -> Image.Image:
    mode = img.mode
    if mode == "RGB":
        return img.copy() if img.readonly else img
    if mode in ("I;16", "I;16L", "I;16B", "I;16N", "I", "F"):
        return _wide_grey_to_rgb(img)
    has_alpha = mode in ("RGBA", "LA", "La", "RGBa", "PA") or (
        mode in ("P", "L", "RGB", "1") and "transparency" in img.info
    )
    if has_alpha:
        rgba = img.convert("RGBA")
        background = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        background.alpha_composite(rgba)
        return background.convert("RGB")
    return img.convert("RGB")


def _wide_grey_to_rgb(img: Image.Image) -> Image.Image:
    """16-bit / 32-bit greyscale: scale to 8 bits by the real range instead of clipping at 255."""
    import numpy as np

    arr = np.asarray(img, dtype=np.float64)
    if img.mode.startswith("I;16"):
        arr = arr / 257.0
    else:
        lo, hi = float(arr.min()), float(arr.max())
        arr = (arr - lo) * (255.0 / (hi - lo)) if hi > lo else np.zeros_like(arr)
    grey = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8), "L")
    return grey.convert("RGB")


def _open_raw(p: Path, max_edge: int | None) -> Image.Image:
    """RAW: the embedded preview via rawpy, else whatever Pillow can decode (e.g. DNG's TIFF preview)."""
    first_error: str | None = None
    try:
        import rawpy

        with _rawpy_open(rawpy, p) as raw:
            flip = _FLIP_TO_ORIENTATION.get(int(getattr(raw.sizes, "flip", 0) or 0), 1)
            preview: tuple[Image.Image, int] | None = None
            try:
                thumb = raw.extract_thumb()
                if thumb.format == rawpy.ThumbFormat.JPEG:
                    img = Image.open(io.BytesIO(thumb.data))
                    own = _orientation_of(img)
                    preview = (img, own if own != 1 else flip)
                elif thumb.format == rawpy.ThumbFormat.BITMAP:
                    preview = (Image.fromarray(thumb.data), flip)
            except Exception as exc:  # noqa: BLE001 - no preview: the raw data may still decode
                first_error = _reason(exc)
            # A preview smaller than what was asked for (an 8×8 stub, a 160 px thumbnail) would send
            # the model a smudge: decode the raw data itself at half size instead (rawpy applies the flip).
            half = max(int(raw.sizes.width or 0), int(raw.sizes.height or 0)) // 2
            wanted = min(max_edge or RAW_PREVIEW_MIN, half) if half else 0
            if preview is not None and max(preview[0].size) >= wanted:
                return _finish(preview[0], max_edge, preview[1])
            try:
                rgb = raw.postprocess(half_size=True, use_camera_wb=True, output_bps=8)
                return _finish(Image.fromarray(rgb), max_edge, 1)
            except Exception as exc:  # noqa: BLE001 - damaged raw data: the small preview is all there is
                first_error = f"{first_error}; raw data: {_reason(exc)}" if first_error else _reason(exc)
                if preview is not None:
                    return _finish(preview[0], max_edge, preview[1])
    except DecodeError:
        raise
    except Exception as exc:
        first_error = _reason(exc)
    if p.suffix.lower() != ".dng":
        # Pillow only understands DNG's TIFF preview; on other raws it fails (noisily, via libtiff).
        raise DecodeError(f"raw file without a usable preview ({first_error or 'no embedded preview'})")
    try:
        return _open_pillow(p, max_edge)
    except DecodeError as exc:
        reason = first_error or str(exc)
        raise DecodeError(f"raw file without a usable preview ({reason})") from None


def _rawpy_open(rawpy: Any, p: Path) -> Any:
    """LibRaw by path, or from the bytes when the name is not valid UTF-8 (rawpy encodes names strictly)."""
    name = str(p)
    if is_text(name):
        return rawpy.imread(name)
    with open(p, "rb") as fh:
        return rawpy.imread(fh)


def _reason(exc: BaseException) -> str:
    """A plain-words reason for a decoding failure."""
    text = str(exc)
    low = text.lower()
    if isinstance(exc, Image.DecompressionBombError):
        m = re.search(r"\((\d+) pixels\)", text)
        declared = f"{int(m.group(1)):,} pixels" if m else "too many pixels"
        return f"decompression bomb: declares {declared} (limit {MAX_PIXELS:,})"
    if isinstance(exc, UnidentifiedImageError):
        return "not an image or unsupported format"
    if "truncated" in low or "premature end" in low or "unexpected end" in low:
        return "truncated file"
    if isinstance(exc, PermissionError):
        return "permission denied"
    if isinstance(exc, MemoryError):
        return "image too large to decode in memory"
    if type(exc).__name__ in ("LibRawFileUnsupportedError", "LibRawIOError"):
        return "unsupported or damaged raw file"
    if type(exc).__name__ == "LibRawNoThumbnailError":
        return "no embedded preview"
    if not text:
        return f"cannot decode ({type(exc).__name__})"
    first = text.splitlines()[0]
    return f"cannot decode: {first[:200]}"
