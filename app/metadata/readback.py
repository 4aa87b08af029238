"""Verifying a JPEG write without a second exiftool read: the fields we wrote, read from the file's bytes.

Every write is read back and compared with the plan (``verify``). For a JPEG that exiftool has just
rewritten, the fields we write sit in three plain places: the XMP packet (exiftool's own layout, one
``APP1`` segment), the EXIF IFD0 strings and ``UserComment``, and the IPTC record of the Photoshop
``APP13`` segment (and the ``COM`` segment, ``jpeg_com``). Reading those takes a fraction of a
millisecond where an exiftool read of the file costs about as much CPU as the write itself.

The answer only ever confirms: :func:`confirmed_meta` returns the values read when every field of the
plan holds exactly what we wrote, and ``None`` otherwise (a field differs, a field this reader does not
know, a layout it does not trust: extended or repeated XMP, a repeated tag, another encoding). ``None``
means the caller reads the file with exiftool and compares as before, so a failed, partial or
corrupted write is still reported by the same check, and a file in an unusual layout is still judged
by exiftool. These are the same bytes every other app reads the fields from.
"""

from __future__ import annotations

import logging
import struct
from typing import Any
from xml.etree.ElementTree import Element

from defusedxml import ElementTree as DefusedET

from app.metadata import fields as F
from app.metadata import jpeg_blocks, jpeg_com
from app.metadata.jpeg_blocks import Unclear
from app.metadata.plans import PreparedWrite
from app.metadata.verify import compare

log = logging.getLogger(__name__)
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_DC = "http://purl.org/dc/elements/1.1/"
_CORE = "http://iptc.org/std/Iptc4xmpCore/1.0/xmlns/"
_OURS = "https://albumwise.github.io/ns/xmp/1.0/"
ALT, LIST, TEXT = "alt", "list", "text"
# exiftool's tag -> (namespace URI exiftool writes, property, shape). Only these are read here.
XMP_TAGS: dict[str, tuple[str, str, str]] = {
    F.XMP_DESCRIPTION: (_DC, "description", ALT),
    F.XMP_TITLE: (_DC, "title", ALT),
    F.XMP_SUBJECT: (_DC, "subject", LIST),
    F.XMP_HIER: ("http://ns.adobe.com/lightroom/1.0/", "hierarchicalSubject", LIST),
    F.XMP_TAGSLIST: ("http://www.digikam.org/ns/1.0/", "TagsList", LIST),
    F.XMP_LASTKEYWORD: ("http://ns.microsoft.com/photo/1.0", "LastKeywordXMP", LIST),
    F.XMP_ALT_TEXT: (_CORE, "AltTextAccessibility", ALT),
    F.XMP_EXT_DESCR: (_CORE, "ExtDescrAccessibility", ALT),
    F.XMP_EXIF_USERCOMMENT: ("http://ns.adobe.com/exif/1.0/", "UserComment", ALT),
    F.XMP_TIFF_DESCRIPTION: ("http://ns.adobe.com/tiff/1.0/", "ImageDescription", ALT),
    **{t: (_OURS, t.split(":", 1)[1], TEXT) for t in (*F.PROVENANCE, "XMP-albumwise:PlaceSource")},
}
_BY_PROPERTY = {(uri, name): tag for tag, (uri, name, _) in XMP_TAGS.items()}
EXIF_TAGS = frozenset(jpeg_blocks.IFD0_TAGS.values()) | {F.EXIF_USERCOMMENT}
IPTC_TAGS = frozenset(jpeg_blocks.IPTC_TAGS.values())
SKIPPED = frozenset({F.IPTC_DIGEST})  # not compared by ``verify.compare`` (a hash of the IPTC block)


def _known(tag: str) -> bool:
    base, code = F.lang_of(tag)
    if code is not None:
        return base in XMP_TAGS and XMP_TAGS[base][2] == ALT
    return tag in XMP_TAGS or tag in EXIF_TAGS or tag in IPTC_TAGS or tag in SKIPPED or tag == F.JPEG_COMMENT


def confirmed_meta(plan: PreparedWrite) -> F.FileMeta | None:
    """The plan's fields as the written JPEG holds them, when every one is what we wrote; else None
    (read it with exiftool: this is no verdict that the write failed)."""
    if plan.kind != "file" or plan.file_type != "JPEG":
        return None
    tags = [t for t in plan.expected if not t.startswith("_")]
    if not all(_known(t) for t in tags):
        return None
    try:
        meta = read_fields(plan.path, tags)
    except (OSError, Unclear, struct.error, ValueError):
        return None
    except Exception:  # noqa: BLE001 - a surprise in untrusted bytes: exiftool reads the file, as before
        log.warning("reading back %s from its bytes failed; exiftool reads it", plan.path, exc_info=True)
        return None
    return None if compare(plan.expected, meta) else meta


def read_fields(path: str, tags: list[str]) -> F.FileMeta:
    """``tags`` of the JPEG at ``path`` (absent ones left out). ``Unclear`` when the layout is not
    the plain one this reader trusts."""
    blocks = jpeg_blocks.read_blocks(path)
    found: dict[str, Any] = {}
    if any(t.startswith("XMP-") for t in tags):
        if blocks.xmp_extended or len(blocks.xmp) > 1:
            raise Unclear("extended or repeated XMP")
        if blocks.xmp:
            found.update(xmp_values(blocks.xmp[0]))
    if any(t in EXIF_TAGS for t in tags):
        if len(blocks.exif) > 1:
            raise Unclear("repeated EXIF")
        if blocks.exif:
            found.update(jpeg_blocks.exif_texts(blocks.exif[0], set(tags)))
    if any(t in IPTC_TAGS for t in tags):
        if len(blocks.photoshop) > 1:
            raise Unclear("repeated Photoshop block")
        if blocks.photoshop:
            found.update(jpeg_blocks.iptc_values(blocks.photoshop[0]))
    if F.JPEG_COMMENT in tags and blocks.com is not None:  # from the same walk: the file is read once
        found[F.JPEG_COMMENT] = jpeg_com.com_text(blocks.com)
    return F.FileMeta(path=path, tags={t: found[t] for t in tags if t in found})


def xmp_values(packet: bytes) -> dict[str, Any]:
    """The known properties of an XMP packet, as exiftool names and gives them (a lang-alt's items as
    ``TAG`` for ``x-default`` and ``TAG-lang`` for the others; lists as lists)."""
    if b"<!DOCTYPE" in packet or b"<!ENTITY" in packet:
        raise Unclear("XMP with a DTD")
    try:
        root = DefusedET.fromstring(packet.decode("utf-8"), forbid_dtd=True)
    except Exception as exc:  # noqa: BLE001 - any parse failure (bad XML, bad UTF-8, forbidden constructs)
        raise Unclear(f"unreadable XMP: {exc}") from None
    rdf = root if root.tag == f"{{{RDF}}}RDF" else root.find(f"{{{RDF}}}RDF")
    if rdf is None:
        raise Unclear("no rdf:RDF")
    out: dict[str, Any] = {}
    seen: set[str] = set()
    for desc in rdf:
        if desc.tag != f"{{{RDF}}}Description":
            continue
        for key, value in desc.attrib.items():
            tag = _BY_PROPERTY.get(_split(key))
            if tag is not None:
                _put(out, seen, tag, value if XMP_TAGS[tag][2] == TEXT else _unclear("structured value as attribute"))
        for prop in desc:
            tag = _BY_PROPERTY.get(_split(prop.tag))
            if tag is not None:
                _put(out, seen, tag, _value(prop, XMP_TAGS[tag][2]))
    return out


def _split(name: str) -> tuple[str, str]:
    if not name.startswith("{"):
        return "", name
    uri, _, local = name[1:].partition("}")
    return uri, local


def _unclear(why: str) -> Any:
    raise Unclear(why)


def _put(out: dict[str, Any], seen: set[str], tag: str, value: Any) -> None:
    if tag in seen:
        raise Unclear("duplicated XMP property")
    seen.add(tag)
    if isinstance(value, dict):  # a lang-alt: one tag per language, as exiftool names them
        for lang, text in value.items():
            out[tag if lang == "x-default" else F.with_lang(tag, lang)] = text
    else:
        out[tag] = value


def _value(prop: Element, shape: str) -> Any:
    """A property element's value in its expected shape; ``Unclear`` for anything else."""
    if any(k != XML_LANG for k in prop.attrib):  # rdf:resource, rdf:parseType, qualifiers
        raise Unclear("XMP property with attributes")
    children = list(prop)
    if shape == TEXT:
        if children:
            raise Unclear("structured XMP value")
        return prop.text or ""
    if len(children) != 1 or (prop.text or "").strip():
        raise Unclear("XMP list or alternative expected")
    container = children[0]
    want = (f"{{{RDF}}}Alt",) if shape == ALT else (f"{{{RDF}}}Bag", f"{{{RDF}}}Seq")
    if container.tag not in want or container.attrib:
        raise Unclear("unexpected XMP container")
    items = list(container)
    if any(li.tag != f"{{{RDF}}}li" or len(li) for li in items):
        raise Unclear("unexpected XMP item")
    if shape == LIST:
        if any(li.attrib for li in items):
            raise Unclear("XMP list item with qualifiers")
        return [li.text or "" for li in items]
    langs: dict[str, str] = {}
    for li in items:
        lang = li.attrib.get(XML_LANG)
        if lang is None or set(li.attrib) != {XML_LANG} or lang.lower() in (k.lower() for k in langs):
            raise Unclear("XMP alternative without one language per item")
        langs["x-default" if lang.lower() == "x-default" else lang] = li.text or ""
    return langs
