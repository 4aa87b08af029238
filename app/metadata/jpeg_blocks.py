"""A JPEG's metadata blocks read from its own bytes: the EXIF strings, the IPTC record and the XMP packet.

Only what the verification of a caption write needs (``readback``): the segments before the image
data, IFD0's text tags and the Exif IFD's ``UserComment``, the IIM datasets of the Photoshop block's
IPTC resource. Everything is bounds-checked: a file is untrusted input, and anything unusual (a
second EXIF or XMP segment, extended XMP, a duplicated tag, an odd encoding) makes the answer
``None``, which means "ask exiftool", never "the write failed".
"""

from __future__ import annotations

import struct
from typing import Iterator
from dataclasses import dataclass, field

_MAX_HEADER = 16 * 1024 * 1024  # stop after this many bytes of segments (the image data follows)
EXIF_HEAD = b"Exif\x00\x00"
XMP_HEAD = b"http://ns.adobe.com/xap/1.0/\x00"
XMP_EXT_HEAD = b"http://ns.adobe.com/xmp/extension/\x00"
PS_HEAD = b"Photoshop 3.0\x00"

# IFD0 tags with text (ASCII, or UTF-16LE bytes for the Windows XP tags), and the Exif IFD's UserComment.
IFD0_TAGS = {0x010E: "IFD0:ImageDescription", 0x9C9B: "IFD0:XPTitle", 0x9C9C: "IFD0:XPComment",
             0x9C9E: "IFD0:XPKeywords", 0x9C9F: "IFD0:XPSubject"}
EXIF_IFD_POINTER = 0x8769
USER_COMMENT = 0x9286
_TYPE_SIZE = {1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 6: 1, 7: 1, 8: 2, 9: 4, 10: 8, 11: 4, 12: 8}
IPTC_TAGS = {(2, 120): "IPTC:Caption-Abstract", (2, 25): "IPTC:Keywords", (1, 90): "IPTC:CodedCharacterSet"}


class Unclear(Exception):
    """The bytes are not in the one plain layout this reader trusts itself to read (ask exiftool)."""


@dataclass
class Blocks:
    """The metadata segments of one JPEG, in file order."""

    exif: list[bytes] = field(default_factory=list)
    xmp: list[bytes] = field(default_factory=list)
    xmp_extended: bool = False
    photoshop: list[bytes] = field(default_factory=list)
    com: bytes | None = None  # the first COM segment's payload (``jpeg_com.com_text`` gives its value)
    mpf: bool = False  # an APP2 multi-picture segment: exiftool calls the file an MPO


def read_blocks(path: str) -> Blocks:
    """The APP1 (EXIF, XMP) and APP13 (Photoshop) segments before the image data. ``Unclear`` when
    the file is no JPEG or its segments are malformed."""
    out = Blocks()
    with open(path, "rb") as fh:
        if fh.read(2) != b"\xff\xd8":
            raise Unclear("not a JPEG")
        pos = 2
        while pos < _MAX_HEADER:
            head = fh.read(4)
            if len(head) < 4 or head[0] != 0xFF:
                raise Unclear("malformed segment")
            marker = head[1]
            if marker == 0xFF:  # fill byte
                pos += 1
                fh.seek(pos)
                continue
            if marker == 0xDA:  # start of scan: the metadata segments are behind us
                return out
            if marker == 0xD9 or 0xD0 <= marker <= 0xD7 or marker in (0x01, 0xD8):
                raise Unclear("unexpected marker")
            (length,) = struct.unpack(">H", head[2:4])
            if length < 2:
                raise Unclear("malformed segment length")
            if marker == 0xFE and out.com is None:
                out.com = fh.read(length - 2)
            elif marker == 0xE2:
                out.mpf = out.mpf or fh.read(4) == b"MPF\x00"
            elif marker in (0xE1, 0xED):
                data = fh.read(length - 2)
                if len(data) != length - 2:
                    raise Unclear("truncated segment")
                if marker == 0xE1 and data.startswith(EXIF_HEAD):
                    out.exif.append(data[len(EXIF_HEAD):])
                elif marker == 0xE1 and data.startswith(XMP_HEAD):
                    out.xmp.append(data[len(XMP_HEAD):])
                elif marker == 0xE1 and data.startswith(XMP_EXT_HEAD):
                    out.xmp_extended = True
                elif marker == 0xED and data.startswith(PS_HEAD):
                    out.photoshop.append(data[len(PS_HEAD):])
            pos += 2 + length
            fh.seek(pos)
    raise Unclear("no image data")


def exif_texts(tiff: bytes, wanted: set[str] | frozenset[str]) -> dict[str, str]:
    """The ``wanted`` ones of IFD0's text tags and ``ExifIFD:UserComment``, as exiftool's ``-b -j``
    gives them (strings; absent ones left out)."""
    bo, entries = ifd0_entries(tiff)
    out: dict[str, str] = {}
    for tag, name in IFD0_TAGS.items():
        if tag not in entries or name not in wanted:
            continue
        typ, raw = entries[tag]
        if tag == 0x010E and typ == 2:
            out[name] = _ascii(raw)
        elif tag != 0x010E and typ == 1:
            out[name] = _utf16le(raw)
        else:
            raise Unclear("unexpected EXIF type")
    if EXIF_IFD_POINTER in entries and "ExifIFD:UserComment" in wanted:
        typ, raw = entries[EXIF_IFD_POINTER]
        if typ not in (4, 13) or len(raw) != 4:
            raise Unclear("bad Exif IFD pointer")
        sub = _ifd(tiff, struct.unpack(bo + "I", raw)[0], bo)
        if USER_COMMENT in sub:
            out["ExifIFD:UserComment"] = _user_comment(sub[USER_COMMENT][1], bo)
    return out


def _slice(buf: bytes, start: int, size: int) -> bytes:
    if start < 0 or size < 0 or start + size > len(buf):
        raise Unclear("offset out of bounds")
    return buf[start:start + size]


def ifd0_entries(tiff: bytes) -> tuple[str, dict[int, tuple[int, bytes]]]:
    """The TIFF block's byte order (``struct``'s "<" or ">") and IFD0's entries."""
    if tiff[:4] == b"II*\x00":
        bo = "<"
    elif tiff[:4] == b"MM\x00*":
        bo = ">"
    else:
        raise Unclear("no TIFF header")
    (ifd0,) = struct.unpack(bo + "I", _slice(tiff, 4, 4))
    return bo, _ifd(tiff, ifd0, bo)


def _ifd(tiff: bytes, offset: int, bo: str) -> dict[int, tuple[int, bytes]]:
    """An IFD's entries: tag -> (type, value bytes). A duplicated tag is ``Unclear``."""
    (count,) = struct.unpack(bo + "H", _slice(tiff, offset, 2))
    out: dict[int, tuple[int, bytes]] = {}
    for i in range(count):
        tag, typ, n, inline = struct.unpack(bo + "HHI4s", _slice(tiff, offset + 2 + 12 * i, 12))
        if tag in out:
            raise Unclear("duplicated EXIF tag")
        size = _TYPE_SIZE.get(typ, 4 if typ == 13 else 0) * n
        if size <= 4:
            value = inline[:size]
        else:
            value = _slice(tiff, struct.unpack(bo + "I", inline)[0], size)
        out[tag] = (typ, value)
    return out


def _no_inner_nul(text: str) -> str:
    if "\x00" in text:
        raise Unclear("NUL inside a text")
    return text


def _ascii(raw: bytes) -> str:
    try:
        return _no_inner_nul(raw.rstrip(b"\x00").decode("utf-8"))
    except UnicodeDecodeError:
        raise Unclear("EXIF text is not UTF-8") from None


def _utf16le(raw: bytes) -> str:
    if len(raw) % 2 or raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise Unclear("odd UTF-16")
    try:
        return _no_inner_nul(raw.decode("utf-16-le").rstrip("\x00"))
    except UnicodeDecodeError:
        raise Unclear("bad UTF-16") from None


def _user_comment(raw: bytes, bo: str) -> str:
    """exiftool drops trailing NULs and spaces from a UserComment; ASCII and UNICODE codes only."""
    code, body = raw[:8], raw[8:]
    try:
        if code == b"ASCII\x00\x00\x00":
            text = body.decode("utf-8")
        elif code == b"UNICODE\x00" and len(body) % 2 == 0 and not body.startswith((b"\xff\xfe", b"\xfe\xff")):
            text = body.decode("utf-16-le" if bo == "<" else "utf-16-be")
        else:
            raise Unclear("UserComment in another code")
    except UnicodeDecodeError:
        raise Unclear("bad UserComment") from None
    return _no_inner_nul(text.rstrip("\x00 "))


def iptc_values(photoshop: bytes) -> dict[str, str | list[str]]:
    """Caption, keywords and character set of the Photoshop block's one IPTC resource."""
    res = _iptc_resource(photoshop)
    if res is None:
        return {}
    sets: dict[tuple[int, int], list[bytes]] = {}
    pos = 0
    while pos < len(res):
        if res[pos] != 0x1C:
            if not res[pos:].strip(b"\x00"):
                break  # padding
            raise Unclear("bad IIM dataset")
        rec, ds, n = struct.unpack(">BBH", _slice(res, pos + 1, 4))
        if n & 0x8000:
            raise Unclear("extended IIM dataset")
        sets.setdefault((rec, ds), []).append(_slice(res, pos + 5, n))
        pos += 5 + n
    out: dict[str, str | list[str]] = {}
    charset = sets.get((1, 90))
    if charset is not None:
        if charset != [b"\x1b%G"]:
            raise Unclear("IPTC in another character set")
        out["IPTC:CodedCharacterSet"] = "UTF8"

    def text(raw: bytes) -> str:
        try:
            value = raw.rstrip(b"\x00").decode("utf-8" if charset else "ascii")
        except UnicodeDecodeError:
            raise Unclear("IPTC text not in its character set") from None
        return _no_inner_nul(value)

    caption = sets.get((2, 120))
    if caption is not None:
        if len(caption) != 1:
            raise Unclear("two IPTC captions")
        out["IPTC:Caption-Abstract"] = text(caption[0])
    if (2, 25) in sets:
        out["IPTC:Keywords"] = [text(k) for k in sets[(2, 25)]]
    return out


def _iptc_resource(ps: bytes) -> bytes | None:
    """The data of the one ``8BIM`` resource 0x0404 (IPTC-NAA), or None when there is none."""
    found = [data for rid, data in ps_resources(ps) if rid == 0x0404]
    if len(found) > 1:
        raise Unclear("two IPTC resources")
    return found[0] if found else None


def ps_resources(ps: bytes) -> Iterator[tuple[int, bytes]]:
    """The ``8BIM`` resources of a Photoshop block as (id, data); ``Unclear`` on anything else."""
    pos = 0
    while pos + 4 <= len(ps):
        if ps[pos:pos + 4] != b"8BIM":
            if not ps[pos:].strip(b"\x00"):
                break
            raise Unclear("unknown Photoshop resource")
        (rid,) = struct.unpack(">H", _slice(ps, pos + 4, 2))
        name_len = _slice(ps, pos + 6, 1)[0]
        name_size = name_len + 1 + ((name_len + 1) % 2)
        (size,) = struct.unpack(">I", _slice(ps, pos + 6 + name_size, 4))
        start = pos + 10 + name_size
        yield rid, _slice(ps, start, size)
        pos = start + size + (size % 2)
