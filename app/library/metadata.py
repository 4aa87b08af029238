"""Read what a photo already says about itself, on the fast path (Pillow headers, no decoding).

Sources: EXIF (IFD0, Exif IFD, GPS), IPTC-IIM (IptcImagePlugin; in a PNG, its "Raw profile type
iptc" chunk: ``png_profiles``), XMP packets (``xmp.parse``), PNG text chunks, pillow-heif's EXIF/XMP,
and XMP sidecars. Reconciliation follows MWG as exiftool's
MWG module implements it (the Metadata Working Group's guidelines):

- Description: EXIF ImageDescription if not blank; else XMP dc:description when there is no IPTC
  caption, no stored IPTCDigest, or the digest matches the IPTC block; else the IPTC caption.
  When none of those exists: the first non-blank of ExifIFD ImageDescription, XPComment, XPSubject,
  EXIF/XMP UserComment, PNG Description/Comment.
- Keywords: XMP dc:subject vs IPTC Keywords by the same digest rule; when neither exists, the
  union of XPKeywords, lr:hierarchicalSubject and digiKam:TagsList (case-insensitive de-dup).
- A sidecar (``NAME.EXT.xmp``, else ``NAME.xmp``) overrides description, title and keywords.

Text is normalised only as much as needed: CRLF/CR -> LF, surrounding whitespace stripped, NULs
removed. Boilerplate ("OLYMPUS DIGITAL CAMERA") is kept here; see ``boilerplate.is_boilerplate``.
"""

from __future__ import annotations

import hashlib
import os
import re
from typing import Any

from PIL import Image, IptcImagePlugin

from app.library import exif as exifmod
from app.library import png_profiles
from app.library import xmp as xmpmod
from app.library.decode import normalize_orientation
from app.metadata import sidecars

TAG_DESCRIPTION, TAG_MAKE, TAG_MODEL, TAG_ORIENTATION = 0x010E, 0x010F, 0x0110, 0x0112
TAG_XPTITLE, TAG_XPCOMMENT, TAG_XPKEYWORDS, TAG_XPSUBJECT = 0x9C9B, 0x9C9C, 0x9C9E, 0x9C9F
TAG_EXIF_IFD, TAG_GPS_IFD = 0x8769, 0x8825
TAG_DTO, TAG_USERCOMMENT = 0x9003, 0x9286
_IPTC_LOCATION = (("city", (2, 90)), ("sublocation", (2, 92)), ("region", (2, 95)), ("country", (2, 101)))


def clean_text(value: Any) -> str | None:
    """Normalise a text value; None for absent. Blank stays "" so callers can tell 'present'."""
    if value is None:
        return None
    if isinstance(value, bytes):
        value = _decode_bytes(value)
    s = str(value).split("\x00", 1)[0].replace("\r\n", "\n").replace("\r", "\n")
    return s.strip()


def _decode_bytes(b: bytes) -> str:
    try:
        return b.decode("utf-8")
    except UnicodeDecodeError:
        return b.decode("cp1252", errors="replace")


def _fix_latin1(s: Any) -> Any:
    """Pillow decodes EXIF ASCII as Latin-1; MWG says it is UTF-8. Re-decode when that works."""
    if isinstance(s, str) and any(ord(c) > 127 for c in s):
        try:
            return s.encode("latin-1").decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            return s
    return s


def _xp(value: Any) -> str | None:
    """Windows XP* tags: UTF-16LE bytes (or a tuple of byte values)."""
    if value is None:
        return None
    if isinstance(value, tuple):
        value = bytes(value)
    if isinstance(value, bytes):
        return value.decode("utf-16-le", errors="replace").rstrip("\x00")
    return str(value)


def _user_comment(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        return value
    b = bytes(value)
    head, body = b[:8], b[8:]
    if head.startswith(b"UNICODE"):
        for enc in ("utf-16-be", "utf-16-le"):  # byte order follows the TIFF header; try both
            text = body.decode(enc, errors="replace")
            if "\ufffd" not in text and not any(0x3000 <= ord(c) < 0xA000 for c in text[:4]):
                return text
        return body.decode("utf-16-le", errors="replace")
    if head.startswith(b"ASCII") or head == b"\x00" * 8:
        return _decode_bytes(body)
    if head.startswith(b"JIS"):
        return body.decode("shift_jis", errors="replace")
    return _decode_bytes(b)


def _ratio(v: Any) -> float:
    f = float(v)
    if f != f:  # 0/0 rational: an empty component, as exiftool treats it
        raise ValueError("empty GPS component")
    return f


def _ref(v: Any) -> str:
    if isinstance(v, bytes):
        v = v.decode("latin-1")
    return str(v or "").strip().upper()


def _gps(gps: dict[int, Any]) -> tuple[float | None, float | None]:
    try:
        lat, lon = gps.get(2), gps.get(4)
        if not isinstance(lat, tuple) or not isinstance(lon, tuple) or len(lat) < 3 or len(lon) < 3:
            return None, None
        la = _ratio(lat[0]) + _ratio(lat[1]) / 60 + _ratio(lat[2]) / 3600
        lo = _ratio(lon[0]) + _ratio(lon[1]) / 60 + _ratio(lon[2]) / 3600
    except (TypeError, ValueError, ZeroDivisionError, IndexError):
        return None, None
    if la != la or lo != lo or abs(la) > 90 or abs(lo) > 180:  # NaN (0/0 rationals) or out of range
        return None, None
    if _ref(gps.get(1)).startswith("S"):
        la = -la
    if _ref(gps.get(3)).startswith("W"):
        lo = -lo
    if la == 0 and lo == 0:
        return None, None  # "null island": an empty fix, not a place
    return round(la, 7), round(lo, 7)


_DATE = re.compile(r"^\s*(\d{4})[:-](\d{2})[:-](\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?(\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?")


def iso_date(value: Any) -> str | None:
    """EXIF/XMP/IPTC date text -> ISO 8601 ("2011-01-13T14:33:39", "2006-10-29"); None if invalid."""
    if value is None:
        return None
    m = _DATE.match(str(value))
    if not m:
        return None
    y, mo, d, hh, mm, ss, _frac, tz = m.groups()
    if int(y) == 0 or not (1 <= int(mo) <= 12) or not (1 <= int(d) <= 31):
        return None
    out = f"{y}-{mo}-{d}"
    if hh is not None:
        out += f"T{hh}:{mm}:{ss or '00'}"
        if tz:
            out += "Z" if tz == "Z" else (tz if ":" in tz else tz[:3] + ":" + tz[3:])
    return out


def _iptc(im: Image.Image) -> dict[tuple[int, int], Any]:
    if im.format == "PNG":  # Pillow reads IPTC from JPEG and TIFF only
        return png_profiles.png_iptc(im.info)[0]
    try:
        info = IptcImagePlugin.getiptcinfo(im)
    except Exception:
        return {}
    return info or {}


def _photoshop(im: Image.Image) -> dict[int, Any] | None:
    if im.format == "PNG":
        return png_profiles.png_iptc(im.info)[1]
    ps = im.info.get("photoshop")
    return ps if isinstance(ps, dict) else None


def _iptc_strings(info: dict[tuple[int, int], Any], key: tuple[int, int], utf8: bool) -> list[str]:
    v = info.get(key)
    if v is None:
        return []
    items = v if isinstance(v, list) else [v]
    out = []
    for b in items:
        if isinstance(b, bytes):
            out.append(b.decode("utf-8", errors="replace") if utf8 else b.decode("cp1252", errors="replace"))
        else:
            out.append(str(b))
    return out


def _xmp_bytes(im: Image.Image) -> bytes | str | None:
    info = im.info
    for key in ("xmp", "XML:com.adobe.xmp"):
        if info.get(key):
            return info[key]
    raw_profile = info.get("Raw profile type xmp")  # ImageMagick: hex dump in a PNG text chunk
    if isinstance(raw_profile, str):
        try:
            return bytes.fromhex("".join(raw_profile.strip().split("\n")[2:]))
        except ValueError:
            pass
    tag = getattr(im, "tag_v2", None)
    if tag is not None and 700 in tag:
        return tag[700]
    return None


def png_late_text(fh, max_chunks: int = 20000) -> dict[str, str]:
    """Text chunks that come *after* the image data (Pillow reads those only on a full decode).

    Walks the chunk list by seeking over IDAT, so it costs one small read per chunk.
    """
    import struct
    import zlib

    out: dict[str, str] = {}
    try:
        fh.seek(8)
        seen_idat = False
        for _ in range(max_chunks):
            hdr = fh.read(8)
            if len(hdr) < 8:
                break
            length, ctype = struct.unpack(">I4s", hdr)
            if ctype == b"IDAT":
                seen_idat = True
            if seen_idat and ctype in (b"tEXt", b"zTXt", b"iTXt") and length < 16 * 1024 * 1024:
                data = fh.read(length)
                fh.seek(4, 1)
                key, _, rest = data.partition(b"\0")
                k = key.decode("latin-1")
                try:
                    if ctype == b"tEXt":
                        val = rest.decode("latin-1")
                    elif ctype == b"zTXt":
                        val = zlib.decompress(rest[1:]).decode("latin-1")
                    else:
                        comp, _method, rest = rest[0], rest[1], rest[2:]
                        _lang, _, rest = rest.partition(b"\0")
                        _tkey, _, text = rest.partition(b"\0")
                        val = (zlib.decompress(text) if comp else text).decode("utf-8", errors="replace")
                except (zlib.error, IndexError):
                    continue
                out.setdefault(k, val)
                continue
            if ctype == b"IEND":
                break
            fh.seek(length + 4, 1)
    except (OSError, ValueError):
        pass
    return out


def _dedup(words: list[str]) -> list[str]:
    seen, out = set(), []
    for w in words:
        w = (clean_text(w) or "")
        if w and w.lower() not in seen:
            seen.add(w.lower())
            out.append(w)
    return out


def _split_keywords(s: str | None) -> list[str]:
    return [p for p in re.split(r"[;]", s or "") if p.strip()]


def _png_exif(im: Image.Image, extra_bytes: bytes | None) -> Image.Exif:
    """PNG EXIF without decoding the pixels. Pillow's ``PngImageFile.getexif`` loads the whole image
    to reach an ``eXIf`` chunk after the image data (1.6 GB for a 20000×20000 RGBA bomb); we look for
    that chunk in the bytes we already read from the file's end instead."""
    if "exif" not in im.info and extra_bytes:
        at = extra_bytes.rfind(b"eXIf")
        if at >= 4:
            n = int.from_bytes(extra_bytes[at - 4 : at], "big")
            data = extra_bytes[at + 4 : at + 4 + n]
            if len(data) == n:
                im.info["exif"] = data
    return Image.Image.getexif(im)


def read_embedded(im: Image.Image, extra_bytes: bytes | None = None) -> dict[str, Any]:
    """All raw fields Albumwise reads from an opened (not decoded) Pillow image.

    ``extra_bytes`` (the file's head and tail) is searched for an XMP packet in PNG/GIF files,
    where it often sits after the image data and Pillow would only see it after a full decode.
    """
    f: dict[str, Any] = {}
    raw_exif = im.info.get("exif")
    parsed = None
    if isinstance(raw_exif, (bytes, bytearray)):
        try:
            parsed = exifmod.parse(bytes(raw_exif))
        except Exception:
            parsed = None
    if parsed is not None:  # fast path: only the tags we use
        ifd0, exif_ifd, gps_ifd = parsed
        txt = exifmod.text
    elif raw_exif is None and im.format in ("JPEG", "MPO", "WEBP", "HEIF", "AVIF", "GIF", "BMP"):
        ifd0, exif_ifd, gps_ifd = {}, {}, {}  # no EXIF block at all: nothing for Pillow to find either
        txt = exifmod.text
    else:  # TIFF files, PNG raw profiles, ...: Pillow's full reader
        try:
            ifd0 = _png_exif(im, extra_bytes) if im.format == "PNG" else im.getexif()
        except Exception:
            ifd0 = Image.Exif()
        try:
            exif_ifd = ifd0.get_ifd(TAG_EXIF_IFD)
        except Exception:
            exif_ifd = {}
        try:
            gps_ifd = ifd0.get_ifd(TAG_GPS_IFD)
        except Exception:
            gps_ifd = {}
        txt = _fix_latin1
    exif = ifd0
    f["exif_description"] = txt(exif.get(TAG_DESCRIPTION))
    f["exififd_description"] = txt(exif_ifd.get(TAG_DESCRIPTION))
    f["make"] = txt(exif.get(TAG_MAKE)) or txt(exif_ifd.get(TAG_MAKE))
    f["model"] = txt(exif.get(TAG_MODEL)) or txt(exif_ifd.get(TAG_MODEL))
    f["orientation"] = exif.get(TAG_ORIENTATION)
    if isinstance(f["orientation"], tuple):
        f["orientation"] = f["orientation"][0] if f["orientation"] else None
    f["date"] = txt(exif_ifd.get(TAG_DTO))
    f["user_comment"] = _user_comment(exif_ifd.get(TAG_USERCOMMENT))
    f["xp_title"] = _xp(exif.get(TAG_XPTITLE))
    f["xp_comment"] = _xp(exif.get(TAG_XPCOMMENT))
    f["xp_keywords"] = _xp(exif.get(TAG_XPKEYWORDS))
    f["xp_subject"] = _xp(exif.get(TAG_XPSUBJECT))
    f["gps_lat"], f["gps_lon"] = _gps(gps_ifd) if gps_ifd else (None, None)
    f["gps_ifd"] = bool(gps_ifd)

    if im.format == "PNG" and getattr(im, "fp", None) is not None:
        for key, val in png_late_text(im.fp).items():  # text chunks after the image data
            im.info.setdefault(key, val)
    iptc = _iptc(im)
    utf8 = b"\x1b%G" in (iptc.get((1, 90)) or b"")
    caps = _iptc_strings(iptc, (2, 120), utf8)
    f["iptc_present"] = bool(iptc)
    f["iptc_caption"] = caps[0] if caps else None
    f["iptc_keywords"] = _iptc_strings(iptc, (2, 25), utf8) if (2, 25) in iptc else None
    titles = _iptc_strings(iptc, (2, 5), utf8)
    f["iptc_title"] = titles[0] if titles else None
    dates = _iptc_strings(iptc, (2, 55), utf8)
    f["iptc_location"] = {k: v[0] for k, key in _IPTC_LOCATION if (v := _iptc_strings(iptc, key, utf8))}
    f["iptc_date"] = dates[0] if dates else None
    ps = _photoshop(im)
    f["iptc_digest_ok"] = True
    if ps and ps.get(0x0425) and ps.get(0x0404) is not None:
        f["iptc_digest_ok"] = hashlib.md5(ps[0x0404]).digest() == bytes(ps[0x0425])[:16]

    packet = _xmp_bytes(im)
    if not packet and im.format == "GIF":
        packet = extra_bytes
    f["xmp"] = xmpmod.parse(packet)
    if im.format == "PNG":
        f["png_description"] = im.info.get("Description") or im.info.get("Comment")
        f["png_title"] = im.info.get("Title")
    return f


def reconcile(f: dict[str, Any], sidecar: dict[str, Any] | None = None) -> dict[str, Any]:
    """MWG precedence over the raw fields -> description, title, keywords (plus sidecar overrides)."""
    x = f.get("xmp") or {}
    exif_desc = f.get("exif_description")
    iptc_cap = f.get("iptc_caption")
    xmp_desc = x.get("description")
    xmp_wins = iptc_cap is None or f.get("iptc_digest_ok", True)
    desc: str | None = None
    if exif_desc is not None and str(exif_desc).strip(" "):
        desc = exif_desc
    elif xmp_desc is not None and xmp_wins:
        desc = xmp_desc
    elif iptc_cap is not None:
        desc = iptc_cap
    desc = clean_text(desc)
    if not desc:
        for cand in (xmp_desc, iptc_cap, exif_desc, f.get("exififd_description"), f.get("xp_comment"),
                     f.get("xp_subject"), f.get("user_comment"), x.get("user_comment"), f.get("png_description")):
            c = clean_text(cand)
            if c:
                desc = c
                break

    xmp_subject, iptc_kw = x.get("subject"), f.get("iptc_keywords")
    if xmp_subject is not None and (iptc_kw is None or f.get("iptc_digest_ok", True)):
        keywords = list(xmp_subject)
    elif iptc_kw is not None:
        keywords = list(iptc_kw)
    else:
        keywords = _split_keywords(f.get("xp_keywords")) + list(x.get("hierarchical") or []) + list(x.get("tagslist") or [])
    keywords = _dedup(keywords)

    title = clean_text(x.get("title")) or clean_text(f.get("iptc_title")) or clean_text(f.get("xp_title")) or clean_text(f.get("png_title"))
    alt_text = clean_text(x.get("alt_text"))
    langs = dict(x.get("langs") or {})
    if sidecar:
        alt_text = clean_text(sidecar.get("alt_text")) or alt_text
        langs.update(sidecar.get("langs") or {})
        sd = clean_text(sidecar.get("description"))
        if sd:
            desc = sd
        st = clean_text(sidecar.get("title"))
        if st:
            title = st
        sk = sidecar.get("subject") or sidecar.get("hierarchical") or sidecar.get("tagslist")
        if sk:
            keywords = _dedup(list(sk))
    return {"description": desc or None, "title": title or None, "keywords": keywords, "alt_text": alt_text or None,
            "translations": clean_langs(langs)}


def clean_langs(langs: dict[str, Any]) -> dict[str, dict[str, str]]:
    """A file's other-language items, normalised: ``{"de": {"text", "alt_text"}}`` (empty ones dropped)."""
    out: dict[str, dict[str, str]] = {}
    for code, item in langs.items():
        if not isinstance(item, dict):
            continue
        text, alt = clean_text(item.get("text")) or "", clean_text(item.get("alt_text")) or ""
        if (text or alt) and str(code).strip():
            out[str(code).strip()] = {"text": text, "alt_text": alt}
    return out


def taken_at(f: dict[str, Any], sidecar: dict[str, Any] | None = None) -> str | None:
    x = f.get("xmp") or {}
    for cand in (f.get("date"), x.get("date"), f.get("iptc_date"), (sidecar or {}).get("date")):
        d = iso_date(cand)
        if d:
            return d
    return None


def find_sidecar(path: str) -> str | None:
    """``NAME.EXT.xmp`` (digiKam, darktable, Immich) first, then ``NAME.xmp`` (Lightroom) when it is this
    photo's: in a RAW+JPEG pair ``NAME.xmp`` is the RAW's, and the JPEG never takes its caption."""
    for cand in (path + ".xmp", path + ".XMP"):
        if os.path.isfile(cand):
            return cand
    for cand in (os.path.splitext(path)[0] + ".xmp", os.path.splitext(path)[0] + ".XMP"):
        if os.path.isfile(cand) and sidecars.base_owner(path) == os.path.basename(path):
            return cand
    return None


def read_sidecar(path: str) -> dict[str, Any]:
    try:
        with open(path, "rb") as fh:
            return xmpmod.parse(fh.read(4 * 1024 * 1024))
    except OSError:
        return {}


def camera(f: dict[str, Any]) -> tuple[str | None, str | None]:
    x = f.get("xmp") or {}
    make = clean_text(f.get("make")) or clean_text(x.get("make"))
    model = clean_text(f.get("model")) or clean_text(x.get("model"))
    return make or None, model or None


def orientation(f: dict[str, Any]) -> int | None:
    """EXIF orientation normalised to 1..8 (0/invalid -> 1), else XMP tiff:Orientation; None if absent."""
    raw = f.get("orientation")
    if raw is None:
        raw = (f.get("xmp") or {}).get("orientation")
    if raw is None:
        return None
    return normalize_orientation(raw)
