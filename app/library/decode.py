"""Decode any indexed photo into an upright RGB Pillow image, optionally shrunk on the way.

One function, ``open_image(path, max_edge=...)``, is shared by the thumbnailer and the captioning
image preparation so that every consumer sees the same upright pixels:

- JPEG uses ``draft()`` so libjpeg decodes at 1/2, 1/4 or 1/8 scale when a small result is wanted
  (the draft size is the *exact* target box, not a square, so a 24 MP photo at 1120 px decodes at
  1/4 scale, about five times faster than a full decode).
- HEIC/HEIF/AVIF go through pillow-heif, which already applies the container rotation/mirror
  (``irot``/``imir``) and reports EXIF orientation 1; we therefore never rotate HEIF twice.
- RAW files use the embedded JPEG preview, read without LibRaw when ``raw_preview`` finds it, else
  via ``rawpy.extract_thumb()``, falling back to whatever Pillow can open (DNG's TIFF preview).
  Orientation comes from the preview's own EXIF or from the raw's flip.
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
from app.library import decode_budget, jpeg_header, raw_preview, reduced
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
#: A RAW preview narrower than this is a placeholder, not a picture (stubs keep an 8×8 one).
RAW_PREVIEW_USABLE = 64
#: A RAW file smaller than this holds no sensor data (the smallest real raws are several MB).
RAW_STUB_BYTES = 512 * 1024
#: 16-bit and 32-bit greyscale modes: scaled to 8 bits with numpy.
_WIDE_GREY = frozenset({"I;16", "I;16L", "I;16B", "I;16N", "I", "F"})
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
        out = _raw_preview(p, size, max_edge)
        if out is not None:
            return out
        decode_budget.check_library("LibRaw and numpy")
        return _open_raw(p, max_edge)
    if is_video(p.name):
        decode_budget.check_library("FFmpeg")
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
    except (DecodeError, decode_budget.OverBudget):
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
    except (DecodeError, decode_budget.OverBudget):
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
    if img.format in ("JPEG", "MPO"):
        _check_jpeg(img)
    if max_edge is not None and img.format in ("JPEG", "MPO", "HEIF", "AVIF"):
        # draft() may only decode at a scale where *both* sides still reach the target box.
        img.draft("RGB", fit_size(w, h, max_edge))
    nbytes = reduced.decoded_bytes(img.mode, img.size)
    big = nbytes > reduced.STRIP_FROM_BYTES
    if img.mode in _WIDE_GREY:
        decode_budget.check_library("numpy")
    if orientation is None:
        # PngImageFile.getexif() decodes every pixel to look for EXIF after the image data: not for big ones.
        orientation = _orientation_of(img) if not (big and img.format == "PNG") else _exif_orientation(img)
    out: Image.Image | None = None
    try:
        if max_edge is not None and fh is not None:
            if big and img.format == "PNG" and reduced.png_can_strip(reduced.png_header(fh)):
                decode_budget.check(2 * reduced.STRIP_BYTES, f"a {w}×{h} PNG, in strips")
                out = reduced.png_reduced(fh, max_edge, _to_rgb)
            elif img.format == "HEIF" and nbytes > reduced.HEIF_REDUCE_FROM_BYTES:  # AVIF: Pillow's own plugin
                fh.seek(0)
                out = reduced.heif_reduced(fh, max_edge, _to_rgb)
        if out is None:
            if nbytes > reduced.MAX_DECODE_BYTES:
                raise reduced.too_large(img.size, nbytes)
            # the decoded picture and its RGB copy (reduced in strips when big: the strips instead);
            # HEIF and AVIF decoders also hold the YCbCr planes and their own frame buffers
            planes = nbytes if img.format in ("HEIF", "AVIF") else 0
            decode_budget.check(nbytes + planes + min(nbytes, reduced.STRIP_BYTES if big else nbytes),
                                f"a {w}×{h} {img.format} picture")
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


def _check_jpeg(img: Image.Image) -> None:
    """Refuse, before libjpeg allocates anything, a JPEG that cannot hold the picture it declares or
    whose whole-picture coefficient buffer (progressive and multi-scan files: ``draft`` cannot shrink
    it) would pass the memory ceiling. A 1 KB file declaring 20000×20000 pixels took 1.2–3.1 GB."""
    fp = getattr(img, "fp", None)
    if fp is None:
        return
    try:
        fp.seek(0, 2)
        size = fp.tell()
        hdr = jpeg_header.read(fp, size)
    except (OSError, ValueError):
        return
    if hdr is None:
        return
    if hdr.too_small(size):
        raise DecodeError(f"truncated file: the JPEG declares {hdr.width}×{hdr.height} pixels, which cannot "
                          f"fit in {size:,} bytes")
    need = hdr.coefficient_bytes()
    if hdr.buffered:
        decode_budget.check(need, f"a {hdr.width}×{hdr.height} progressive JPEG")
    if need > reduced.MAX_DECODE_BYTES:
        raise DecodeError(f"image too large to decode within the memory limit: a {hdr.width}×{hdr.height} "
                          f"{'progressive' if hdr.progressive else 'multi-scan'} JPEG needs {need / 2**20:,.0f} MB "
                          f"to decode at any size (limit {reduced.MAX_DECODE_BYTES / 2**20:,.0f} MB)")


def _exif_orientation(img: Image.Image) -> int:
    """EXIF orientation from what was read with the header only (never decodes pixels)."""
    try:
        return normalize_orientation(Image.Image.getexif(img).get(0x0112))
    except Exception:
        return 1


def upright_size(img: Image.Image) -> tuple[int, int]:
    """The size the decoded picture will have once upright, from the headers alone (no pixels).

    The orientation is the one the decoder applies: Pillow's reading of EXIF (IFD0, or XMP
    ``tiff:Orientation`` when there is none), which Pillow applies itself to TIFFs on load. A TIFF
    reports its size already turned for an IFD0 orientation but not for an XMP one, so its stored
    size (ImageWidth, ImageLength) is the starting point. HEIF is upright after pillow-heif."""
    if img.format in ("HEIF", "AVIF"):
        return img.size
    orientation = _exif_orientation(img)
    w, h = img.size
    if img.format == "TIFF":
        tags = getattr(img, "tag_v2", None) or {}
        stored_w, stored_h = tags.get(256), tags.get(257)
        if isinstance(stored_w, int) and isinstance(stored_h, int):
            w, h = stored_w, stored_h
    return (h, w) if orientation >= 5 else (w, h)


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
    if mode in _WIDE_GREY:
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
    """RAW: the embedded preview via rawpy, else the raw data at half size, else what Pillow can decode
    (DNG's TIFF preview). A file with no picture in it (a stub whose sensor data was stripped, a blank
    placeholder preview) is refused with that reason: a caption of blank pixels would be invented."""
    size = p.stat().st_size
    why: list[str] = []
    empty = size < RAW_STUB_BYTES  # smaller than any real camera's sensor data
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
                why.append(_reason(exc))
            sensor = (int(raw.sizes.raw_width or 0), int(raw.sizes.raw_height or 0))
            # at least a bit per photosite: every raw codec needs more, so less is no sensor data at all
            has_data = sensor[0] * sensor[1] > 0 and size * 8 >= sensor[0] * sensor[1]
            if sensor[0] * sensor[1] > 0 and not has_data:
                empty = True
                why.insert(0, f"the raw image data is missing ({size / 1024:,.0f} KB for a {sensor[0]}×{sensor[1]} sensor)")
            # A preview smaller than what was asked for (a 160 px thumbnail) would send the model a
            # smudge: decode the raw data itself at half size instead (rawpy applies the flip).
            half = max(int(raw.sizes.width or 0), int(raw.sizes.height or 0)) // 2
            wanted = min(max_edge or RAW_PREVIEW_MIN, half) if half else 0
            shown: Image.Image | None = None
            if preview is not None:
                shown = _usable(preview[0], max_edge, preview[1], why)
                if shown is not None and (max(preview[0].size) >= wanted or not has_data):
                    return shown
            if has_data and _blank_sensor(raw):
                has_data, empty = False, shown is None
                why.append("its raw image data is blank (every photosite reads the same)")
            if has_data:
                try:
                    rgb = raw.postprocess(half_size=True, use_camera_wb=True, output_bps=8)
                    out = _usable(Image.fromarray(rgb), max_edge, 1, why, what="its raw data decodes to")
                    if out is not None:
                        return out
                    empty = shown is None
                except Exception as exc:  # noqa: BLE001 - damaged raw data: the small preview is all there is
                    why.append(f"raw data: {_reason(exc)}")
                if shown is not None:
                    return shown
    except DecodeError:
        raise
    except Exception as exc:
        why.append(_reason(exc))
    if p.suffix.lower() == ".dng":  # Pillow understands DNG's TIFF preview (not other raws: libtiff is noisy)
        try:
            out = _usable(_open_pillow(p, max_edge), None, 1, why)
            if out is not None:
                return out
        except DecodeError as exc:
            why.append(str(exc))
    if empty and not any("image data is missing" in w for w in why) and size < RAW_STUB_BYTES:
        why.insert(0, f"a {size / 1024:,.0f} KB raw file is too small to hold a photo")
    reasons = "; ".join(dict.fromkeys(why)) or "no embedded preview"
    if empty:
        raise DecodeError(f"no picture in this file: {reasons}")
    raise DecodeError(f"raw file without a usable preview ({reasons})")


def _raw_preview(p: Path, size: int, max_edge: int | None) -> Image.Image | None:
    """The embedded JPEG preview read without LibRaw (``raw_preview``) when it is a picture at least
    as large as asked for, what LibRaw's reading gives too. None leaves the file to LibRaw: a smaller
    preview (it may decode the sensor data instead), a stub or damaged file (it says why)."""
    if size < RAW_STUB_BYTES:
        return None
    try:
        with raw_preview.opened(p) as found:
            if found is None:
                return None
            img, raw_orientation = found
            if max(img.size) < (max_edge or RAW_PREVIEW_MIN):
                return None
            own = _orientation_of(img)
            out = _usable(img, max_edge, own if own != 1 else raw_orientation, [])
            return _finish(img, None, 1) if out is img else out
    except decode_budget.OverBudget:
        raise
    except Exception:  # noqa: BLE001 - a damaged preview: LibRaw reads the file and gives the reason
        return None


def _blank_sensor(raw: Any) -> bool:
    """Sensor data that is one value almost everywhere (zeros where the data was never written): real
    sensors add noise to every photosite, even with the lens cap on. Checked on every 8th row and column."""
    import numpy as np

    try:
        sample = np.asarray(raw.raw_image_visible[::8, ::8]).ravel()
    except Exception:  # noqa: BLE001 - unreadable data: postprocess reports it
        return False
    if sample.size == 0:
        return False
    return int(np.bincount(sample.astype(np.int64)).max()) >= 0.99 * sample.size


def _usable(img: Image.Image, max_edge: int | None, orientation: int, why: list[str], *,
            what: str = "its preview is") -> Image.Image | None:
    """``img`` decoded and upright, or None (with the reason added to ``why``) when it is no picture:
    a placeholder a few pixels wide, or one flat colour (stripped files keep a blank preview)."""
    if max(img.size) < RAW_PREVIEW_USABLE:
        why.append(f"{what.replace(' decodes to', ' is')} only {img.width}×{img.height} pixels")
        return None
    out = _finish(img, max_edge, orientation) if max_edge is not None or orientation != 1 else img
    if all(hi - lo <= 2 for lo, hi in out.convert("RGB").getextrema()):
        why.append(f"{what} one flat colour")
        return None
    return out


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
