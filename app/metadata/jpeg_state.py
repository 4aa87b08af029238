"""The read before a write of a plain JPEG, from its own bytes: what exiftool's read would give, or None.

Before every write the file is read (the file is the truth): the conflict check compares its caption
fields with what we last wrote, the plan finds which copies of the caption and which keyword
containers exist, and the journal keeps the old value of every tag the write touches so undo can put
it back. An exiftool read of a small JPEG costs about half the CPU of its write. For the JPEGs most
libraries hold (a camera's EXIF, perhaps our own XMP and IPTC from an earlier write) the same answer
comes from the blocks ``jpeg_blocks`` walks, at a small fraction of that.

Only an answer that is certainly exiftool's own is given (``plain_meta``); anything else is None, and
the file is read by exiftool as before:

- the file must be a JPEG exiftool reads as one (named so, ending with the end-of-image marker, no
  multi-picture segment: that is an MPO), with one EXIF, at most one XMP packet (not extended) and at
  most one Photoshop block that holds no XMP or EXIF of its own;
- every XMP property must be one this reader knows (``readback.XMP_TAGS``), in its usual shape, or
  one of the common namespaces where no write looks (dates, edit history, camera and raw settings:
  ``IGNORED_NAMESPACES``); any other property (a place, a creator, another app's field) sends the file
  to exiftool;
- every IPTC dataset must be one of the record versions, the character set (UTF-8 only), the caption
  or the keywords;
- of IFD0 only the fields a write looks at are read (the caption's copies, camera make and model,
  artist and copyright, ``YCbCrPositioning``), with exiftool's rules for text (trailing NULs dropped;
  a value with trailing blanks or an inner NUL, which exiftool rewrites, sends the file to exiftool);
  whether IFD0 and XMP hold any field at all is kept in ``FileMeta.groups``;
- no value may be empty, except the EXIF fields a camera leaves blank (exiftool gives "" for them).

``tests/metadata/test_jpeg_state.py`` holds every answer to exiftool's read of the same file.
"""

from __future__ import annotations

import logging
import struct
from typing import Any

from defusedxml import ElementTree as DefusedET

from app.metadata import fields as F
from app.metadata import jpeg_blocks, jpeg_com
from app.metadata.jpeg_blocks import Unclear, _ascii, _ifd, _slice, _utf16le
from app.metadata.read_args import JPEG, kind_of
from app.metadata.readback import _BY_PROPERTY, RDF, xmp_values

log = logging.getLogger(__name__)
_META = "adobe:ns:meta/"
_TOOLKIT = f"{{{_META}}}xmptk"
_ABOUT = f"{{{RDF}}}about"
# IFD0 fields a write looks at, by tag number: ASCII text, Windows (UTF-16LE bytes) text.
IFD0_ASCII = {0x010E: F.EXIF_DESCRIPTION, 0x010F: "IFD0:Make", 0x0110: "IFD0:Model", 0x013B: "IFD0:Artist",
              0x8298: "IFD0:Copyright"}
IFD0_WINDOWS = {0x9C9B: F.XP_TITLE, 0x9C9C: F.XP_COMMENT, 0x9C9E: F.XP_KEYWORDS, 0x9C9F: F.XP_SUBJECT}
YCBCR = 0x0213
_YCBCR_NAMES = {1: "Centered", 2: "Co-sited"}
# IFD0 entries exiftool shows under IFD0 (any of them makes ``has_ifd0``); pointers to other IFDs it does not.
_SHOWN = frozenset({*IFD0_ASCII, *IFD0_WINDOWS, YCBCR, 0x0100, 0x0101, 0x0102, 0x0103, 0x0106, 0x0112, 0x0115,
                    0x011A, 0x011B, 0x011C, 0x0128, 0x0131, 0x0132, 0x013E, 0x013F, 0x0211, 0x0212, 0x0214})
_POINTERS = frozenset({0x8769, 0x8825, 0xA005})
# IPTC datasets this reader gives (anything else: exiftool reads the file).
_IPTC_KNOWN = frozenset({(1, 0), (1, 90), (2, 0), (2, 25), (2, 120)})
# XMP namespaces whose other properties no write looks at (dates, edit history, camera and raw settings),
# and, per namespace, the properties a write does look at (credits, places, our own fields).
IGNORED_NAMESPACES = frozenset({
    "http://ns.adobe.com/xap/1.0/", "http://ns.adobe.com/xap/1.0/mm/", "http://ns.adobe.com/xap/1.0/rights/",
    "http://ns.adobe.com/camera-raw-settings/1.0/", "http://ns.adobe.com/exif/1.0/aux/",
    "http://ns.adobe.com/exif/1.0/", "http://ns.adobe.com/tiff/1.0/", "http://ns.adobe.com/photoshop/1.0/",
    "http://purl.org/dc/elements/1.1/", "http://cipa.jp/exif/1.0/"})
_LOOKED_AT = {
    "http://purl.org/dc/elements/1.1/": ("creator", "rights"),
    "http://ns.adobe.com/photoshop/1.0/": ("credit", "city", "state", "country"),
}
_LOOKED_AT_LOWER = {uri: frozenset({*names, *(n.lower() for (u, n) in _BY_PROPERTY if u == uri)})
                    for uri, names in {**{u: () for u, _ in _BY_PROPERTY}, **_LOOKED_AT}.items()}
_PS_IPTC, _PS_DIGEST = 0x0404, 0x0425
_PS_FOREIGN = frozenset({0x0422, 0x0423, 0x0424})  # EXIF and XMP inside the Photoshop block


def plain_meta(path: str) -> F.FileMeta | None:
    """The fields exiftool's read (``MetadataWriter.read``) gives for every field a write looks at, read
    from the JPEG's bytes; None when the file is not a plain JPEG (read it with exiftool)."""
    if kind_of(path) != JPEG:
        return None
    try:
        return _read(path)
    except (OSError, Unclear, struct.error, ValueError):
        return None
    except Exception:  # noqa: BLE001 - a surprise in untrusted bytes: exiftool reads the file, as before
        log.warning("reading %s from its bytes failed; exiftool reads it", path, exc_info=True)
        return None


def _read(path: str) -> F.FileMeta:
    blocks = jpeg_blocks.read_blocks(path)
    if blocks.mpf or blocks.xmp_extended or len(blocks.xmp) > 1 or len(blocks.exif) > 1 or len(blocks.photoshop) > 1:
        raise Unclear("not a plain JPEG")
    tags: dict[str, Any] = {"File:FileType": "JPEG"}
    ifd0 = False
    if blocks.exif:
        ifd0 = _exif(blocks.exif[0], tags)
    if blocks.xmp:
        tags.update(_xmp(blocks.xmp[0]))
    if blocks.photoshop:
        tags.update(_photoshop(blocks.photoshop[0]))
    if blocks.com is not None:
        tags[F.JPEG_COMMENT] = jpeg_com.com_text(blocks.com)
    for tag, value in tags.items():
        if tag.startswith(("XMP-", "IPTC:")) and (value == "" or value == [] or
                                                  (isinstance(value, list) and "" in value)):
            raise Unclear("an empty value")
    xmp = bool(tags.pop("XMP:present", False))
    meta = F.parse_record(path, tags)
    meta.groups = frozenset(g for g, there in (("xmp", xmp or meta.has_xmp), ("ifd0", ifd0)) if there)
    return meta


def _exif(tiff: bytes, tags: dict[str, Any]) -> bool:
    """IFD0's fields a write looks at, and the Exif IFD's ``UserComment``, into ``tags``; whether
    exiftool shows any IFD0 field."""
    bo, entries = jpeg_blocks.ifd0_entries(tiff)
    for tag, (typ, raw) in entries.items():
        if tag in IFD0_ASCII:
            if typ != 2:
                raise Unclear("EXIF text of another type")
            text = _ascii(raw)
            if text != text.rstrip():
                raise Unclear("EXIF text with trailing blanks")
            tags[IFD0_ASCII[tag]] = text
        elif tag in IFD0_WINDOWS:
            if typ != 1:
                raise Unclear("Windows text of another type")
            tags[IFD0_WINDOWS[tag]] = _utf16le(raw)
        elif tag == YCBCR:
            (value,) = struct.unpack(bo + "H", raw) if typ == 3 and len(raw) == 2 else (None,)
            if value not in _YCBCR_NAMES:
                raise Unclear("unexpected YCbCrPositioning")
            tags[F.EXIF_YCBCR] = _YCBCR_NAMES[value]
    shown = any(t in _SHOWN for t in entries)
    if not shown and any(t not in _POINTERS for t in entries):
        raise Unclear("IFD0 holds only fields this reader does not know")
    if 0x8769 in entries:
        typ, raw = entries[0x8769]
        if typ not in (4, 13) or len(raw) != 4:
            raise Unclear("bad Exif IFD pointer")
        sub = _ifd(tiff, struct.unpack(bo + "I", raw)[0], bo)
        if jpeg_blocks.USER_COMMENT in sub:
            tags[F.EXIF_USERCOMMENT] = _user_comment(sub[jpeg_blocks.USER_COMMENT][1], bo)
    return shown


def _user_comment(raw: bytes, bo: str) -> str:
    """As exiftool gives it: an undefined code (eight NULs, cameras' usual blank) is read as ASCII."""
    if len(raw) < 8:
        raise Unclear("short UserComment")
    if raw[:8] == b"\x00" * 8:
        text = raw[8:].split(b"\x00", 1)[0]
        try:
            value = text.decode("ascii")
        except UnicodeDecodeError:
            raise Unclear("UserComment not ASCII") from None
        return value.rstrip(" ")
    return jpeg_blocks._user_comment(raw, bo)


def _xmp(packet: bytes) -> dict[str, Any]:
    """Every property of the packet, which must all be ones ``readback`` knows; and the toolkit."""
    if b"<!DOCTYPE" in packet or b"<!ENTITY" in packet:
        raise Unclear("XMP with a DTD")
    try:
        root = DefusedET.fromstring(packet.decode("utf-8"), forbid_dtd=True)
    except Exception as exc:  # noqa: BLE001 - any parse failure
        raise Unclear(f"unreadable XMP: {exc}") from None
    out: dict[str, Any] = {}
    if root.tag == f"{{{_META}}}xmpmeta":
        if set(root.attrib) - {_TOOLKIT} or len(root) != 1:
            raise Unclear("unexpected x:xmpmeta")
        if _TOOLKIT in root.attrib:
            out[F.XMP_TOOLKIT] = root.attrib[_TOOLKIT]
        rdf = root[0]
    else:
        rdf = root
    if rdf.tag != f"{{{RDF}}}RDF" or rdf.attrib:
        raise Unclear("no plain rdf:RDF")
    for desc in rdf:
        if desc.tag != f"{{{RDF}}}Description" or (desc.text or "").strip():
            raise Unclear("unexpected XMP node")
        for name in [*(k for k in desc.attrib if k != _ABOUT), *(p.tag for p in desc)]:
            _check_property(_split(name))
            out["XMP:present"] = True  # exiftool shows the packet's properties: ``has_xmp``
    out.update(xmp_values(packet))
    return out


def _check_property(prop: tuple[str, str]) -> None:
    """A property is read (``readback.XMP_TAGS``) or certainly none a write looks at; else ``Unclear``.
    exiftool names a property it does not know by its spelling, so a known name in another case counts."""
    if prop in _BY_PROPERTY:
        return
    uri, local = prop
    if uri not in IGNORED_NAMESPACES:
        raise Unclear("an XMP property this reader does not know")
    if local.lower() in _LOOKED_AT_LOWER.get(uri, ()):
        raise Unclear("an XMP field a write looks at, which this reader does not read")


def _split(name: str) -> tuple[str, str]:
    if not name.startswith("{"):
        return "", name
    uri, _, local = name[1:].partition("}")
    return uri, local


def _photoshop(ps: bytes) -> dict[str, Any]:
    """The IPTC record (known datasets only) and the IPTC digest of the Photoshop block."""
    out: dict[str, Any] = {}
    iptc: bytes | None = None
    for rid, data in jpeg_blocks.ps_resources(ps):
        if rid in _PS_FOREIGN or (rid in (_PS_IPTC, _PS_DIGEST) and (iptc is not None if rid == _PS_IPTC
                                                                      else "Photoshop:IPTCDigest" in out)):
            raise Unclear("EXIF or XMP in the Photoshop block, or a repeated resource")
        if rid == _PS_IPTC:
            iptc = data
        elif rid == _PS_DIGEST:
            if len(data) != 16:
                raise Unclear("odd IPTC digest")
            out[F.IPTC_DIGEST] = data.hex()
    if iptc is not None:
        out.update(_iptc(iptc))
    return out


def _iptc(res: bytes) -> dict[str, Any]:
    """Record versions, character set, caption and keywords; any other dataset is ``Unclear``."""
    versions: dict[str, str] = {}
    pos = 0
    while pos < len(res):
        if res[pos] != 0x1C:
            if not res[pos:].strip(b"\x00"):
                break
            raise Unclear("bad IIM dataset")
        rec, ds, n = struct.unpack(">BBH", _slice(res, pos + 1, 4))
        if n & 0x8000:
            raise Unclear("extended IIM dataset")
        if (rec, ds) not in _IPTC_KNOWN:
            raise Unclear("an IPTC dataset this reader does not know")
        if (rec, ds) in ((1, 0), (2, 0)):
            name = F.IPTC_ENVELOPE if rec == 1 else F.IPTC_APPVERSION
            if n != 2 or name in versions:
                raise Unclear("odd IPTC record version")
            versions[name] = str(struct.unpack(">H", _slice(res, pos + 5, 2))[0])
        pos += 5 + n
    return {**versions, **jpeg_blocks.iptc_values(b"8BIM" + struct.pack(">HBBI", _PS_IPTC, 0, 0, len(res)) + res
                                                   + b"\x00" * (len(res) % 2))}
