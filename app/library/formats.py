"""Which files are photos: extensions we index, formats we recognise but cannot decode, and the rest.

The scanner decides by extension first (cheap, no file read); the probe then confirms by content.
"""

from __future__ import annotations

import os

#: extension -> format name stored in ``photos.format`` (before the content is checked).
IMAGE_FORMATS: dict[str, str] = {
    ".jpg": "JPEG", ".jpeg": "JPEG", ".jpe": "JPEG", ".jfif": "JPEG", ".mpo": "MPO",
    ".png": "PNG",
    ".tif": "TIFF", ".tiff": "TIFF",
    ".webp": "WEBP",
    ".heic": "HEIC", ".heif": "HEIF", ".hif": "HEIF",
    ".avif": "AVIF",
    ".gif": "GIF",
    ".bmp": "BMP", ".dib": "BMP",
}
RAW_FORMATS: dict[str, str] = {
    ".cr2": "CR2", ".cr3": "CR3", ".nef": "NEF", ".nrw": "NRW", ".arw": "ARW", ".dng": "DNG",
    ".orf": "ORF", ".rw2": "RW2", ".raf": "RAF", ".pef": "PEF", ".srw": "SRW",
}
#: Photo formats we recognise but cannot index: recorded as errors so the user knows why they are absent.
UNSUPPORTED_FORMATS: dict[str, str] = {
    ".jxl": "JPEG XL", ".psd": "PSD", ".psb": "PSD", ".jp2": "JPEG 2000", ".j2k": "JPEG 2000",
    ".svg": "SVG", ".ico": "ICO", ".x3f": "X3F", ".3fr": "3FR", ".kdc": "KDC", ".dcr": "DCR",
    ".mrw": "MRW", ".erf": "ERF", ".srf": "SRF", ".sr2": "SR2",
    # Older or rarer RAW formats we do not decode: listed so they are reported, never skipped in silence.
    ".crw": "CRW", ".mef": "MEF", ".mos": "MOS", ".iiq": "IIQ", ".rwl": "RWL",
}
#: Video containers we index (``library.video_probe``). QuickTime-family files carry their metadata in
#: the container; AVI and Matroska are read, and written through a sidecar (exiftool cannot write them).
VIDEO_FORMATS: dict[str, str] = {
    ".mov": "MOV", ".qt": "MOV", ".mp4": "MP4", ".m4v": "M4V", ".3gp": "3GP", ".3g2": "3G2",
    ".avi": "AVI", ".mkv": "MKV",
}
UNSUPPORTED_RAW = frozenset({".x3f", ".3fr", ".kdc", ".dcr", ".mrw", ".erf", ".srf", ".sr2", ".crw", ".mef", ".mos",
                             ".iiq", ".rwl"})
SIDECAR_EXT = ".xmp"

#: Finder/Windows/thumbnail clutter that is never a photo, even without a leading dot.
JUNK_NAMES = frozenset({"thumbs.db", "desktop.ini", "icon\r", ".ds_store"})


def is_hidden(name: str) -> bool:
    """Hidden per Unix convention (``.name``), including macOS ``._`` resource forks."""
    return name.startswith(".")


def classify(name: str) -> str | None:
    """``"image"``, ``"raw"``, ``"video"``, ``"unsupported"`` or None (not a photo: ignored silently)."""
    if is_hidden(name) or name.lower() in JUNK_NAMES:
        return None
    ext = os.path.splitext(name)[1].lower()
    if ext in IMAGE_FORMATS:
        return "image"
    if ext in RAW_FORMATS:
        return "raw"
    if ext in VIDEO_FORMATS:
        return "video"
    if ext in UNSUPPORTED_FORMATS:
        return "unsupported"
    return None


def format_for_ext(name: str) -> str | None:
    ext = os.path.splitext(name)[1].lower()
    return IMAGE_FORMATS.get(ext) or RAW_FORMATS.get(ext) or VIDEO_FORMATS.get(ext) or UNSUPPORTED_FORMATS.get(ext)


def is_video(name: str) -> bool:
    """A video container by its extension (the probe then confirms by content)."""
    return os.path.splitext(name)[1].lower() in VIDEO_FORMATS


def is_raw(name: str) -> bool:
    return os.path.splitext(name)[1].lower() in RAW_FORMATS


#: Pillow's ``Image.format`` -> our format name.
PIL_FORMAT_NAMES = {"JPEG": "JPEG", "MPO": "MPO", "PNG": "PNG", "TIFF": "TIFF", "WEBP": "WEBP",
                    "HEIF": "HEIC", "AVIF": "AVIF", "GIF": "GIF", "BMP": "BMP", "DIB": "BMP"}
