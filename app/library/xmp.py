"""Parse XMP packets (embedded or sidecar) into the few fields Albumwise reads.

Safe (defusedxml for any packet with a DTD, entity or CDATA; no entity expansion, no external
entities) and tolerant: UTF-8, UTF-16 (as
ExifTool's test files have) and packets with junk around them. Values may be attributes of
``rdf:Description`` or child elements; lang-alt values prefer ``x-default``.
"""

from __future__ import annotations

import re
from typing import Any

from xml.etree.ElementTree import fromstring as _fast_fromstring

from defusedxml import ElementTree as ET

from app.facts import file_facts

NS = {
    "x": "adobe:ns:meta/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "dc": "http://purl.org/dc/elements/1.1/",
    "lr": "http://ns.adobe.com/lightroom/1.0/",
    "digiKam": "http://www.digikam.org/ns/1.0/",
    "tiff": "http://ns.adobe.com/tiff/1.0/",
    "exif": "http://ns.adobe.com/exif/1.0/",
    "xmp": "http://ns.adobe.com/xap/1.0/",
    "photoshop": "http://ns.adobe.com/photoshop/1.0/",
    "Iptc4xmpCore": "http://iptc.org/std/Iptc4xmpCore/1.0/xmlns/",
}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
RDF = "{%s}" % NS["rdf"]


def _q(prefix: str, name: str) -> str:
    return "{%s}%s" % (NS[prefix], name)


def decode_packet(data: bytes | str) -> str | None:
    """The XML text of a packet, whatever its encoding; None when it holds no XMP."""
    if isinstance(data, str):
        text = data
    else:
        raw = bytes(data)
        for marker, end in ((b"<x:xmpmeta", b"</x:xmpmeta>"), (b"<x:xapmeta", b"</x:xapmeta>"), (b"<rdf:RDF", b"</rdf:RDF>")):
            i = raw.find(marker)
            j = raw.find(end, i) if i >= 0 else -1
            if i >= 0 and j > i:  # plain UTF-8 packet somewhere in the bytes (GIF, PNG, file tails)
                raw = raw[i : j + len(end)]
                break
        if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
            text = raw.decode("utf-16", errors="replace")
        elif b"<\x00x\x00:\x00" in raw or b"\x00<\x00x\x00:" in raw or b"<\x00r\x00d\x00f" in raw:  # UTF-16, no BOM
            be = raw.find(b"\x00<") >= 0 and (raw.find(b"\x00<") < raw.find(b"<\x00") or raw.find(b"<\x00") < 0)
            text = raw.decode("utf-16-be" if be else "utf-16-le", errors="replace")
        else:
            text = raw.decode("utf-8", errors="replace")
    text = text.replace("\x00", "")
    start = text.find("<x:xmpmeta")
    if start < 0:
        start = text.find("<rdf:RDF")
    if start < 0:
        m = re.search(r"<[\w.-]*:?RDF\b", text)
        if not m:
            return None
        start = m.start()
    end_tag = "</x:xmpmeta>" if text.startswith("<x:xmpmeta", start) else "</rdf:RDF>"
    end = text.find(end_tag, start)
    if end < 0:
        return None
    return text[start : end + len(end_tag)]


def parse(data: bytes | str | None) -> dict[str, Any]:
    """Fields from an XMP packet: description, title, subject, hierarchical, tagslist, user_comment,
    alt_text (IPTC's AltTextAccessibility), orientation, make, model, date, gps_lat, gps_lon, and
    ``langs``: the other language items of the description and the alt text
    (``{"de": {"text", "alt_text"}}``). Missing fields are absent; bad XML gives {}."""
    if not data:
        return {}
    text = decode_packet(data)
    if not text:
        return {}
    try:
        # A packet without "<!" has no DOCTYPE, ENTITY or CDATA, so nothing for an attacker to
        # expand or fetch: the C parser is safe there and 2.5x faster. Anything else goes through
        # defusedxml, which rejects entity declarations and external references.
        root = _fast_fromstring(text) if "<!" not in text else ET.fromstring(text)
    except Exception:  # ParseError, defusedxml's forbidden constructs, ...
        return {}
    out: dict[str, Any] = {}
    descs = [d for d in root.iter(RDF + "Description")]
    if not descs and root.tag == RDF + "RDF":
        descs = list(root)

    # Each property's first value, in the order a search would meet it: description by
    # description, its attributes before its child elements (one pass instead of a search per field).
    values: dict[str, Any] = {}
    for d in descs:
        found = dict(d.attrib)
        for el in d:
            found.setdefault(el.tag, el)
        for key, value in found.items():
            values.setdefault(key, value)

    def first(prefix: str, name: str) -> Any:
        return values.get(_q(prefix, name))

    def lang_alt(prefix: str, name: str) -> str | None:
        v = first(prefix, name)
        if v is None or isinstance(v, str):
            return v
        items = v.findall(f"{RDF}Alt/{RDF}li") or v.findall(f"{RDF}Bag/{RDF}li") or v.findall(f"{RDF}Seq/{RDF}li")
        if not items:
            return (v.text or "") if len(v) == 0 else None
        for li in items:
            if li.get(XML_LANG, "").lower() == "x-default":
                return li.text or ""
        return items[0].text or ""

    def bag(prefix: str, name: str) -> list[str] | None:
        v = first(prefix, name)
        if v is None:
            return None
        if isinstance(v, str):
            return [v] if v.strip() else []
        items = v.findall(f"{RDF}Bag/{RDF}li") or v.findall(f"{RDF}Seq/{RDF}li") or v.findall(f"{RDF}Alt/{RDF}li")
        if not items and len(v) == 0 and (v.text or "").strip():
            return [v.text or ""]
        return [li.text for li in items if li.text and li.text.strip()]

    def simple(prefix: str, name: str) -> str | None:
        v = first(prefix, name)
        if v is None:
            return None
        if isinstance(v, str):
            return v
        return v.text

    def languages(prefix: str, name: str) -> dict[str, str]:
        """Every item of a lang-alt but x-default (and an item repeating x-default's text)."""
        v = first(prefix, name)
        if v is None or isinstance(v, str):
            return {}
        items = v.findall(f"{RDF}Alt/{RDF}li")
        default = next((li.text or "" for li in items if li.get(XML_LANG, "").lower() == "x-default"), None)
        return {li.get(XML_LANG, ""): li.text or "" for li in items
                if li.get(XML_LANG, "").lower() not in ("", "x-default") and (li.text or "").strip()
                and " ".join((li.text or "").split()) != " ".join((default or "").split())}

    for key, prefix, name in (("description", "dc", "description"), ("title", "dc", "title"),
                              ("user_comment", "exif", "UserComment"),
                              ("alt_text", "Iptc4xmpCore", "AltTextAccessibility")):
        val = lang_alt(prefix, name)
        if val is not None:
            out[key] = val
    langs: dict[str, dict[str, str]] = {}
    for part, prefix, name in (("text", "dc", "description"), ("alt_text", "Iptc4xmpCore", "AltTextAccessibility")):
        for code, text in languages(prefix, name).items():
            langs.setdefault(code, {"text": "", "alt_text": ""})[part] = text
    if langs:
        out["langs"] = langs
    for key, prefix, name in (("subject", "dc", "subject"), ("hierarchical", "lr", "hierarchicalSubject"),
                              ("tagslist", "digiKam", "TagsList")):
        val = bag(prefix, name)
        if val is not None:
            out[key] = val
    for key, prefix, name in (("orientation", "tiff", "Orientation"), ("make", "tiff", "Make"),
                              ("model", "tiff", "Model")):
        val = simple(prefix, name)
        if val is not None and val.strip():
            out[key] = val.strip()
    for prefix, name in (("exif", "DateTimeOriginal"), ("photoshop", "DateCreated"), ("xmp", "CreateDate")):
        val = simple(prefix, name)
        if val and val.strip():
            out["date"] = val.strip()
            break
    lat, lon = simple("exif", "GPSLatitude"), simple("exif", "GPSLongitude")
    if lat and lon:
        la, lo = _xmp_coord(lat), _xmp_coord(lon)
        if la is not None and lo is not None:
            out["gps_lat"], out["gps_lon"] = la, lo
    out.update(file_facts.extract_xmp(root))  # places and named people
    return out


def _xmp_coord(value: str) -> float | None:
    """XMP GPS coordinate "DDD,MM.mmk" or "DDD,MM,SSk" (k = N/S/E/W) as signed degrees."""
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)(?:,(\d+(?:\.\d+)?))?(?:,(\d+(?:\.\d+)?))?\s*([NSEWnsew])\s*", value)
    if not m:
        return None
    deg = float(m.group(1)) + float(m.group(2) or 0) / 60 + float(m.group(3) or 0) / 3600
    return -deg if m.group(4).upper() in "SW" else deg
