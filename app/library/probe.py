"""Probe one file: everything the index stores about it, from headers only (no pixel decoding).

``probe_file`` runs in worker processes (it takes and returns plain data). Files the fast path
cannot read (RAW, JPEGs without image data, formats Pillow lacks) come back with
``needs_exiftool=True``; the scanner then reads them in batches with ``exiftool_read``.
Cheap integrity checks catch truncated JPEG/PNG files: a missing end marker triggers a quick
reduced-size decode that confirms the damage.
"""

from __future__ import annotations

import os
import warnings
from typing import Any

from PIL import Image, JpegImagePlugin, UnidentifiedImageError

from app.facts import file_facts
from app.library import decode as _decode  # registers HEIF, sets the pixel limit
from app.library import integrity, jpeg_header, live_photos, media
from app.library import metadata as md
from app.library.decode import MAX_PIXELS, _reason
from app.library.fingerprint import digest, read_ends
from app.library.formats import (PIL_FORMAT_NAMES, UNSUPPORTED_FORMATS, UNSUPPORTED_RAW, format_for_ext, is_raw,
                                 is_video)
from app.library.reduced import MAX_DECODE_BYTES

FIELDS = (
    "format", "width", "height", "orientation", "taken_at", "camera_make", "camera_model", "gps_lat",
    "gps_lon", "file_title", "file_description", "file_keywords", "sidecar_path",
)


class _ProbeJpeg(JpegImagePlugin.JpegImageFile):
    """Pillow's JPEG reader without its look-up of the resolution in the EXIF: that parsed the whole
    EXIF block once more (a tenth of a probe) to fill ``dpi``, which the index never uses; the
    probe reads the EXIF tags it needs itself (``metadata.read_embedded``)."""

    def _read_dpi_from_exif(self) -> None:
        return None


def empty_record(path: str, size: int, mtime_ns: int) -> dict[str, Any]:
    rec: dict[str, Any] = {k: None for k in FIELDS}
    rec.update(path=path, size=size, mtime_ns=mtime_ns, fingerprint=None, media_hash=None, inode=None,
               file_keywords=[], state="ok", error=None, needs_exiftool=False, file_place=None, file_people=[],
               file_alt_text=None, file_translations={})
    return rec


def special_record(path: str, size: int, mtime_ns: int, reason: str) -> dict[str, Any]:
    """The error record of an entry named like a photo that is not a regular file (never opened)."""
    rec = _error(empty_record(path, size, mtime_ns), reason)
    rec["format"] = format_for_ext(path)
    return rec


def _read_fingerprint(fh, size: int) -> tuple[str, bytes, bytes]:
    head, tail = read_ends(fh, size)
    return digest(size, head, tail), head, tail


def probe_file(path: str, size: int, mtime_ns: int, *, look_for_sidecar: bool = True) -> dict[str, Any]:
    """A record for the ``photos`` table (plus ``needs_exiftool``); never raises for bad files.
    ``look_for_sidecar=False``: the walker saw no XMP file in the folder (four fewer ``stat`` calls;
    a sidecar added since changes the photo's walked mtime, so the next scan reads it again)."""
    rec = empty_record(path, size, mtime_ns)
    rec["format"] = format_for_ext(path)
    ext = os.path.splitext(path)[1].lower()
    try:
        with open(path, "rb") as fh:
            st = os.fstat(fh.fileno())
            rec["size"], rec["mtime_ns"], rec["inode"] = st.st_size, st.st_mtime_ns, st.st_ino or None
            size = st.st_size
            if size == 0:
                return _error(rec, "empty file (0 bytes)")
            rec["fingerprint"], head, tail = _read_fingerprint(fh, size)
            sidecar = md.find_sidecar(path) if look_for_sidecar else None
            rec["sidecar_path"] = sidecar
            if sidecar:  # same rule as the walker: the later of photo and sidecar
                try:
                    rec["mtime_ns"] = max(rec["mtime_ns"], os.stat(sidecar).st_mtime_ns)
                except OSError:
                    pass
            if ext in UNSUPPORTED_FORMATS:
                rec["needs_exiftool"] = True
                kind = "RAW format" if ext in UNSUPPORTED_RAW else "format"
                return _error(rec, f"unsupported {kind}: {UNSUPPORTED_FORMATS[ext]}")
            if is_raw(path):
                rec["needs_exiftool"] = True
                return rec
            if is_video(path):  # containers and their metadata: app.library.video_probe
                from app.library.video_probe import probe_video  # noqa: PLC0415 - loads PyAV only for videos

                probe_video(rec, path, head)
                return rec
            fh.seek(0)
            _probe_pillow(rec, fh, head, tail or head, sidecar)
    except PermissionError:
        return _error(rec, "permission denied")
    except FileNotFoundError:
        return _error(rec, "file vanished during the scan")
    except OSError as exc:
        return _error(rec, f"cannot read file: {exc.strerror or exc}")
    return rec


def _error(rec: dict[str, Any], reason: str) -> dict[str, Any]:
    rec["state"] = "error"
    rec["error"] = reason
    return rec


def _probe_pillow(rec: dict[str, Any], fh, head: bytes, tail: bytes, sidecar: str | None) -> None:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            if head[:3] == b"\xff\xd8\xff":
                # JPEG directly: Image.open's JPEG factory parses the whole EXIF once more to look
                # for an MPO header, which costs more than everything else we read.
                im = _ProbeJpeg(fh)
            else:
                im = Image.open(fh)
    except (UnidentifiedImageError, SyntaxError):  # SyntaxError: JpegImageFile's "not identified"
        rec["needs_exiftool"] = True  # exiftool may still read its metadata (e.g. a JPEG without image data)
        _error(rec, "not an image or unsupported format")
        return
    except Exception as exc:  # DecompressionBombError and friends
        _error(rec, _reason(exc))
        return
    with im:
        w, h = im.size
        if w * h > MAX_PIXELS:
            _error(rec, f"decompression bomb: declares {w}×{h} pixels (limit {MAX_PIXELS:,})")
            return
        fmt = PIL_FORMAT_NAMES.get(im.format or "", im.format)
        if fmt == "HEIC" and rec["format"] in ("HEIF", "AVIF"):
            fmt = rec["format"]
        if fmt == "JPEG" and rec["format"] == "MPO":
            fmt = "MPO"
        rec["format"] = fmt
        try:
            f = md.read_embedded(im, head + tail if tail is not head else head)
        except Exception as exc:  # a damaged header must not lose the photo
            f = {}
            rec["error"] = f"metadata not readable: {_reason(exc)}"
        # what the decoder will show (a TIFF's XMP orientation too); pillow-heif already applied the
        # container rotation of a HEIF: never rotate twice. Before the checks below: they may draft.
        dw, dh = (w, h) if im.format in ("HEIF", "AVIF") else _upright_size(im, f)
        jpeg = jpeg_header.parse(fh, rec["size"]) if im.format in ("JPEG", "MPO") else None  # read once for both
        integrity = _integrity(im, head, tail, fh, rec["size"], jpeg)
        if integrity:
            _error(rec, integrity)
        else:
            rec["media_hash"] = media.digest(fh, rec["size"], im.format, im, head, jpeg)
    side = md.read_sidecar(sidecar) if sidecar else None
    orient = md.orientation(f)
    rec["orientation"] = orient
    if im.format in ("HEIF", "AVIF"):
        rec["orientation"] = _heif_orientation(im) or orient
    rec["width"], rec["height"] = dw, dh
    texts = md.reconcile(f, side)
    rec["file_description"] = texts["description"]
    rec["file_title"] = texts["title"]
    rec["file_keywords"] = texts["keywords"]
    rec["file_alt_text"], rec["file_translations"] = texts["alt_text"], texts["translations"]
    rec["taken_at"] = md.taken_at(f, side)
    rec["camera_make"], rec["camera_model"] = md.camera(f)
    if (rec["camera_make"] or "").lower().startswith("apple"):  # a Live Photo's picture names its clip
        rec["content_id"] = live_photos.content_id(im.info.get("exif"))
    rec["gps_lat"], rec["gps_lon"] = f.get("gps_lat"), f.get("gps_lon")
    rec["file_place"], rec["file_people"] = file_facts.facts(
        f.get("xmp"), f.get("iptc_location"), side, rec["orientation"] if im.format not in ("HEIF", "AVIF") else 1, (w, h))
    if not f.get("gps_ifd") and (f.get("xmp") or {}).get("gps_lat") is not None:
        rec["gps_lat"], rec["gps_lon"] = f["xmp"]["gps_lat"], f["xmp"]["gps_lon"]


def _upright_size(im: Image.Image, f: dict[str, Any]) -> tuple[int, int]:
    """``decode.upright_size`` without Pillow parsing the EXIF again when the tags read already hold
    IFD0's orientation, the one Pillow's decoder applies first (a JPEG's size is stored unturned)."""
    if im.format in ("JPEG", "MPO") and f.get("orientation") is not None:
        w, h = im.size
        return (h, w) if md.normalize_orientation(f["orientation"]) >= 5 else (w, h)
    return _decode.upright_size(im)


def _heif_orientation(im: Image.Image) -> int | None:
    """The EXIF orientation stored in a HEIF (informational: pillow-heif reports 1 once it rotated)."""
    orig = im.info.get("original_orientation")
    if orig is not None:
        return md.normalize_orientation(orig)
    raw = im.info.get("exif")
    if not raw:
        return None
    try:
        ex = Image.Exif()
        ex.load(raw[6:] if raw[:6] == b"Exif\x00\x00" else raw)
        v = ex.get(0x0112)
    except Exception:
        return None
    return md.normalize_orientation(v) if v is not None else None


def _integrity(im: Image.Image, head: bytes, tail: bytes, fh: Any = None, size: int = 0,
               jpeg: jpeg_header.JpegHeader | None = None) -> str | None:
    """Cheap checks: declared sizes against the file's real size (PNG chunks, the second picture of an
    MPF/Ultra HDR JPEG, WebP's RIFF size, TIFF strips, HEIF item data), then end markers; a JPEG/GIF
    without its end marker gets a reduced decode to confirm. None = fine. Never decodes a PNG (bombs)."""
    fmt = im.format
    if fh is not None and size:
        try:
            declared = integrity.declared_damage(im, fh, size, head, jpeg)
        except Exception:  # noqa: BLE001 - a check that cannot run is not a finding
            declared = None
        if not declared and fmt in ("JPEG", "MPO"):
            try:
                declared, certain = integrity.mpf_damage(im, fh, size)
            except Exception:  # noqa: BLE001 - an index that cannot be read is not a finding
                declared, certain = None, False
            if declared and not certain:
                # An MPF index pointing at pictures the file never held (copied along by an editor, a
                # stripped gain map) is no damage while the main picture decodes whole; if it does
                # not, what the decoder says is the finding.
                declared = _decode_error(im, fh, size, declared)
        if declared:
            return declared
        if fmt == "PNG":
            return None  # the chunk walk above is complete; a confirming decode could take gigabytes
    suspicious = False
    if fmt in ("JPEG", "MPO"):
        suspicious = not _ends_cleanly(tail) and b"\xff\xd9" not in tail
    elif fmt == "PNG":
        suspicious = b"IEND" not in tail[-64:]
    elif fmt == "GIF":
        suspicious = not tail.rstrip(b"\x00").endswith(b";")
    if not suspicious:
        return None
    return _decode_error(im, fh, size, "truncated file: the JPEG has no end marker")


def _ends_cleanly(tail: bytes) -> bool:
    return tail.rstrip(b"\x00")[-2:] == b"\xff\xd9"


def _decode_error(im: Image.Image, fh: Any, size: int, unconfirmed: str) -> str | None:
    """Decode reduced to confirm damage: the reason, or None when the picture decodes. A progressive
    JPEG whose coefficient buffer would pass the memory ceiling is not decoded (that could take
    gigabytes): what made it suspect (``unconfirmed``) stands as the finding."""
    fmt = im.format
    if fmt in ("JPEG", "MPO") and fh is not None:
        hdr = jpeg_header.read(fh, size)
        if hdr is not None and hdr.coefficient_bytes() > MAX_DECODE_BYTES:
            return unconfirmed
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            if fmt in ("JPEG", "MPO"):
                im.draft("RGB", (max(1, im.width // 8), max(1, im.height // 8)))
            im.load()
    except Exception as exc:
        return _reason(exc)
    return None
