"""Places and people a file already names: location fields, face regions, person tags.

Read at index time from the parsed XMP packet (``extract_xmp``, called by ``xmp.parse``), IPTC-IIM
location datasets, and, for files only exiftool reads (RAW and others), its ``-struct`` records
(``from_exiftool``): the same records on both paths, so an unnamed face or a pet shifts no name.

People come only from names a person stored: MWG regions of type Face (``mwg-rs:RegionInfo``),
Microsoft Photo regions (``MP:RegionInfo`` PersonDisplayName), IPTC Extension ``PersonInImage``,
and ``People/…`` keyword paths (digiKam ``TagsList``, Lightroom ``lr:hierarchicalSubject``).
Boxes are normalised ``[x, y, w, h]`` from the top-left of the image *as displayed*, so "left to
right" means what a viewer sees. Writers disagree on what a region is relative to: Windows' MP
regions (and Immich's test photo ``portrait-orientation-6``) use the displayed image; MWG regions
are taken as relative to the stored image (the EXIF orientation is applied to them) unless their
``AppliedToDimensions`` are the displayed size of a 90°-rotated photo.
"""

from __future__ import annotations

from typing import Any, Iterable

RDF = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}"
PS = "{http://ns.adobe.com/photoshop/1.0/}"
CORE = "{http://iptc.org/std/Iptc4xmpCore/1.0/xmlns/}"
EXT = "{http://iptc.org/std/Iptc4xmpExt/2008-02-29/}"
MWG = "{http://www.metadataworkinggroup.com/schemas/regions/}"
AREA = "{http://ns.adobe.com/xmp/sType/Area#}"
MP = "{http://ns.microsoft.com/photo/1.2/}"
DIM = "{http://ns.adobe.com/xap/1.0/sType/Dimensions#}"
MPREG = "{http://ns.microsoft.com/photo/1.2/t/Region#}"
MAX_NAME = 80
MAX_PEOPLE = 30
SIDECAR_KEYS = ("location", "location_created", "location_shown", "regions", "person_in_image", "tagslist",
                "hierarchical")
PERSON_ROOTS = ("people", "persons", "person", "personen", "personnes", "persone", "personas")

_WANTED = {
    PS + "City": "city", PS + "State": "region", PS + "Country": "country", CORE + "Location": "sublocation",
    CORE + "CountryCode": "country_code", EXT + "LocationCreated": "created", EXT + "LocationShown": "shown",
    EXT + "PersonInImage": "person_in_image", MWG + "RegionList": "mwg", MP + "RegionInfo": "mp",
}

_ATTRS = ((PS + "City", "city"), (PS + "State", "region"), (PS + "Country", "country"),
          (CORE + "Location", "sublocation"), (CORE + "CountryCode", "country_code"))


def _text(el: Any) -> str:
    """Text of a simple value, or the x-default/first item of an Alt/Bag/Seq."""
    if el is None:
        return ""
    if isinstance(el, str):
        return el.strip()
    items = list(el.iter(RDF + "li"))
    if items:
        for li in items:
            if li.get("{http://www.w3.org/XML/1998/namespace}lang", "").lower() == "x-default":
                return (li.text or "").strip()
        return (items[0].text or "").strip()
    return (el.text or "").strip()


def _field(struct: Any, qname: str) -> Any:
    """A struct field: an attribute, a child element, or either inside a nested rdf:Description."""
    if qname in struct.attrib:
        return struct.attrib[qname]
    el = struct.find(qname)
    if el is not None:
        return el
    inner = struct.find(RDF + "Description")
    if inner is not None:
        return _field(inner, qname) if inner is not struct else None
    return None


def _items(el: Any) -> list[Any]:
    bag = el.find(RDF + "Bag")
    if bag is None:
        bag = el.find(RDF + "Seq")
    if bag is None:
        inner = el.find(RDF + "Description")
        return _items(inner) if inner is not None else []
    return [li for li in bag if li.tag == RDF + "li"]


def _float(v: Any) -> float | None:
    try:
        f = float(_text(v) if not isinstance(v, (int, float)) else v)
    except (TypeError, ValueError):
        return None
    return f if f == f else None


def _unmangle(s: str) -> str:
    """UTF-8 text that was decoded as cp1252/Latin-1 (IPTC without a charset mark): "KÃ¥lltorp" → "Kålltorp"."""
    if not any(0xC2 <= ord(c) <= 0xF4 for c in s):
        return s
    for enc in ("cp1252", "latin-1"):
        try:
            return s.encode(enc).decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
    return s


def _clip_name(s: str) -> str:
    return " ".join(s.split())[:MAX_NAME]


def extract_xmp(root: Any) -> dict[str, Any]:
    """``{"location": {...}, "regions": [...], "person_in_image": [...]}`` (keys only when present)."""
    out: dict[str, Any] = {}
    loc: dict[str, str] = {}
    for el in root.iter():
        key = _WANTED.get(el.tag)
        if key is None:
            if el.tag == RDF + "Description" and el.attrib:  # attribute form: photoshop:City="..."
                for attr, akey in _ATTRS:
                    if akey not in loc and (el.get(attr) or "").strip():
                        loc[akey] = el.get(attr).strip()
            continue
        if key in ("city", "region", "country", "sublocation", "country_code"):
            val = _text(el)
            if val and key not in loc:
                loc[key] = val
        elif key in ("created", "shown"):
            for li in _items(el) or [el]:
                struct = {k: _text(_field(li, EXT + f)) for k, f in
                          (("city", "City"), ("region", "ProvinceState"), ("country", "CountryName"),
                           ("sublocation", "Sublocation"), ("country_code", "CountryCode"))}
                struct = {k: v for k, v in struct.items() if v}
                if struct:
                    out.setdefault("location_" + key, struct)
                    break
        elif key == "person_in_image":
            out["person_in_image"] = [t for t in ((li.text or "").strip() for li in _items(el)) if t]
        elif key == "mwg":
            dims = None
            parent = _parent_struct(root, el)
            if parent is not None:
                applied = _field(parent, MWG + "AppliedToDimensions")
                if applied is not None and not isinstance(applied, str):
                    w, h = _float(_field(applied, DIM + "w")), _float(_field(applied, DIM + "h"))
                    dims = [w, h] if w and h else None
            out.setdefault("regions", []).extend(dict(r, dims=dims) for r in _mwg_regions(el))
        elif key == "mp":
            regs = el.find(".//" + "{http://ns.microsoft.com/photo/1.2/t/RegionInfo#}Regions")
            if regs is not None:
                out.setdefault("regions", []).extend(_mp_regions(regs))
    if loc:
        out["location"] = loc
    return out


def _parent_struct(root: Any, child: Any) -> Any:
    """The element holding ``child`` (ElementTree has no parent links; regions are rare and small)."""
    for el in root.iter():
        for c in el:
            if c is child:
                return el
    return None


def _mwg_regions(el: Any) -> Iterable[dict[str, Any]]:
    for li in _items(el):
        name = _text(_field(li, MWG + "Name"))
        rtype = _text(_field(li, MWG + "Type"))
        if not name or (rtype and rtype.lower() != "face"):
            continue  # pets, focus areas and barcodes are not people
        area = _field(li, MWG + "Area")
        box = None
        if area is not None and not isinstance(area, str):
            x, y, w, h = (_float(_field(area, AREA + k)) for k in ("x", "y", "w", "h"))
            unit = _text(_field(area, AREA + "unit")) or "normalized"
            if None not in (x, y, w, h) and unit.lower().startswith("normali"):
                box = [x - w / 2, y - h / 2, w, h]  # MWG x, y is the centre
        yield {"name": _clip_name(name), "box": box, "source": "mwg"}


def _mp_regions(el: Any) -> Iterable[dict[str, Any]]:
    for li in _items(el):
        name = _text(_field(li, MPREG + "PersonDisplayName"))
        if not name:
            continue
        yield {"name": _clip_name(name), "box": _rect(_text(_field(li, MPREG + "Rectangle"))), "source": "mp"}


def _rect(text: str) -> list[float] | None:
    try:
        vals = [float(p) for p in text.replace(";", ",").split(",")]
    except ValueError:
        return None
    return vals[:4] if len(vals) >= 4 else None


def orient_box(box: list[float] | None, orientation: int | None) -> list[float] | None:
    """A normalised box on the stored image → the same box on the displayed (rotated) image."""
    if box is None:
        return None
    x, y, w, h = box
    o = orientation or 1
    pts = [(x, y), (x + w, y + h)]
    maps = {1: lambda a, b: (a, b), 2: lambda a, b: (1 - a, b), 3: lambda a, b: (1 - a, 1 - b),
            4: lambda a, b: (a, 1 - b), 5: lambda a, b: (b, a), 6: lambda a, b: (1 - b, a),
            7: lambda a, b: (1 - b, 1 - a), 8: lambda a, b: (b, 1 - a)}
    f = maps.get(o, maps[1])
    (x1, y1), (x2, y2) = (f(*p) for p in pts)
    return [round(min(x1, x2), 4), round(min(y1, y2), 4), round(abs(x2 - x1), 4), round(abs(y2 - y1), 4)]


def person_tags(keywords: Iterable[str]) -> list[str]:
    """Leaf names of ``People/…`` (digiKam) and ``People|…`` (Lightroom) keyword paths."""
    out = []
    for kw in keywords or []:
        parts = [p.strip() for p in str(kw).replace("|", "/").split("/") if p.strip()]
        if len(parts) >= 2 and parts[0].casefold() in PERSON_ROOTS:
            out.append(_clip_name(parts[-1]))
    return out


def _displayed_box(r: dict[str, Any], orientation: int | None, stored: tuple[int, int] | None) -> list[float] | None:
    if r["source"] != "mwg":
        return r.get("box")  # MP regions already refer to the displayed image
    dims = r.get("dims")
    if dims and stored and (orientation or 1) >= 5 and abs(dims[0] - stored[1]) < 2 and abs(dims[1] - stored[0]) < 2:
        return r.get("box")  # AppliedToDimensions are the rotated (displayed) size: already displayed
    return orient_box(r.get("box"), orientation)


def people_of(xmp: dict[str, Any], extra_tags: Iterable[str] = (), orientation: int | None = None,
              stored: tuple[int, int] | None = None) -> list[dict[str, Any]]:
    """Named people, those with a face box first (left to right), then names without a position.
    ``stored``: the image's stored (unrotated) pixel size, when known."""
    boxed: list[dict[str, Any]] = []
    loose: list[dict[str, Any]] = []
    seen: set[str] = set()

    def add(name: str, box: list[float] | None, source: str) -> None:
        key = name.casefold()
        if not name or key in seen or len(seen) >= MAX_PEOPLE:
            return
        seen.add(key)
        entry = {"name": name, "box": [round(v, 4) for v in box] if box else None, "source": source}
        (boxed if entry["box"] else loose).append(entry)

    for r in xmp.get("regions") or []:
        if r.get("box"):
            add(r["name"], _displayed_box(r, orientation, stored), r["source"])
    for r in xmp.get("regions") or []:
        add(r["name"], None, r["source"])
    for n in xmp.get("person_in_image") or []:
        add(_clip_name(n), None, "iptc")
    tags = list(xmp.get("tagslist") or []) + list(xmp.get("hierarchical") or []) + list(extra_tags)
    for n in person_tags(tags):
        add(n, None, "tag")
    boxed.sort(key=lambda e: e["box"][0] + e["box"][2] / 2)
    return boxed + loose


def merge_people(first: list[dict[str, Any]], then: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``first``'s people (taking a face box from ``then`` when only it has one), then those of
    ``then`` not already named (case-insensitive); boxed people stay left to right first."""
    boxes = {p["name"].casefold(): p for p in then if p.get("box")}
    out = [boxes.get(p["name"].casefold(), p) if not p.get("box") else p for p in first]
    seen = {p["name"].casefold() for p in out}
    out += [p for p in then if p["name"].casefold() not in seen]
    boxed = sorted((p for p in out if p.get("box")), key=lambda e: e["box"][0] + e["box"][2] / 2)
    return (boxed + [p for p in out if not p.get("box")])[:MAX_PEOPLE]


def place_of(xmp: dict[str, Any], iptc: dict[str, Any] | None = None) -> dict[str, str] | None:
    """The file's own place: XMP photoshop/Iptc4xmpCore, IPTC-IIM, LocationCreated, LocationShown."""
    merged: dict[str, str] = {}
    for src in (xmp.get("location"), iptc, xmp.get("location_created"), xmp.get("location_shown")):
        for k, v in (src or {}).items():
            v = _unmangle(" ".join(str(v or "").split())[:MAX_NAME])
            if v and k not in merged:
                merged[k] = v
    return merged or None


def facts(xmp: dict[str, Any] | None, iptc: dict[str, Any] | None, sidecar: dict[str, Any] | None,
          orientation: int | None, stored: tuple[int, int] | None = None
          ) -> tuple[dict[str, str] | None, list[dict[str, Any]]]:
    """(place, people) for a probe record; a sidecar's facts win over the embedded ones."""
    x = dict(xmp or {})
    for k, v in (sidecar or {}).items():
        if k in SIDECAR_KEYS and v:
            x[k] = v
    return place_of(x, iptc), people_of(x, orientation=orientation, stored=stored)


# Read with exiftool's ``-struct``: regions and locations come as records, so an unnamed face or a
# pet can never shift the names after it (flattened RegionName/RegionType lists skip empty names).
EXIFTOOL_TAGS = [
    "-struct", "-XMP-photoshop:City", "-XMP-photoshop:State", "-XMP-photoshop:Country", "-XMP-iptcCore:Location",
    "-XMP-iptcCore:CountryCode", "-IPTC:City", "-IPTC:Province-State", "-IPTC:Country-PrimaryLocationName",
    "-IPTC:Sub-location", "-XMP-iptcExt:PersonInImage", "-XMP-iptcExt:LocationCreated", "-XMP-iptcExt:LocationShown",
    "-XMP-mwg-rs:RegionInfo", "-XMP-MP:RegionInfoMP", "-XMP-digiKam:TagsList",
]
_LOCATION_STRUCT = (("city", "City"), ("region", "ProvinceState"), ("country", "CountryName"),
                    ("sublocation", "Sublocation"), ("country_code", "CountryCode"))


def _list(v: Any) -> list[Any]:
    return [] if v in (None, "") else (list(v) if isinstance(v, list) else [v])


def _struct_text(v: Any) -> str:
    """A struct field's text (a lang-alt may come as a plain string or a list)."""
    if isinstance(v, list):
        v = v[0] if v else ""
    return str(v).strip() if v not in (None, "") and not isinstance(v, dict) else ""


def _location_struct(v: Any) -> dict[str, str] | None:
    """The first LocationCreated/LocationShown record that names something."""
    for rec in _list(v):
        if isinstance(rec, dict):
            out = {k: _struct_text(rec.get(f)) for k, f in _LOCATION_STRUCT}
            out = {k: t for k, t in out.items() if t}
            if out:
                return out
    return None


def region_records(d: dict[str, Any]) -> list[dict[str, Any]]:
    """MWG and Microsoft regions of one exiftool ``-struct`` object as records (name, type, box),
    people only: pets, focus areas, barcodes and unnamed faces are left out record by record."""
    out: list[dict[str, Any]] = []
    info = d.get("XMP-mwg-rs:RegionInfo")
    if isinstance(info, dict):
        applied = info.get("AppliedToDimensions") if isinstance(info.get("AppliedToDimensions"), dict) else {}
        w, h = _float(applied.get("W")), _float(applied.get("H"))
        dims = [w, h] if w and h else None
        for reg in _list(info.get("RegionList")):
            if not isinstance(reg, dict):
                continue
            name, rtype = _struct_text(reg.get("Name")), _struct_text(reg.get("Type"))
            if not name or (rtype and rtype.lower() != "face"):
                continue  # pets, focus areas and barcodes are not people; an unnamed face names no one
            area = reg.get("Area") if isinstance(reg.get("Area"), dict) else {}
            x, y, aw, ah = (_float(area.get(k)) for k in ("X", "Y", "W", "H"))
            unit = _struct_text(area.get("Unit")) or "normalized"
            box = None
            if None not in (x, y, aw, ah) and unit.lower().startswith("normali"):
                box = [x - aw / 2, y - ah / 2, aw, ah]  # MWG x, y is the centre
            out.append({"name": _clip_name(name), "box": box, "source": "mwg", "dims": dims})
    mp = d.get("XMP-MP:RegionInfoMP")
    if isinstance(mp, dict):
        for reg in _list(mp.get("Regions")):
            if isinstance(reg, dict) and _struct_text(reg.get("PersonDisplayName")):
                out.append({"name": _clip_name(_struct_text(reg["PersonDisplayName"])),
                            "box": _rect(_struct_text(reg.get("Rectangle"))), "source": "mp"})
    return out


def from_exiftool(d: dict[str, Any], orientation: int | None,
                  stored: tuple[int, int] | None = None) -> tuple[dict[str, str] | None, list[dict[str, Any]]]:
    """The same facts from one exiftool ``-G1 -struct`` JSON object (files the fast path cannot read)."""
    x: dict[str, Any] = {}
    loc = {k: str(d[t]) for k, t in (("city", "XMP-photoshop:City"), ("region", "XMP-photoshop:State"),
                                      ("country", "XMP-photoshop:Country"), ("sublocation", "XMP-iptcCore:Location"),
                                      ("country_code", "XMP-iptcCore:CountryCode"))
           if d.get(t) not in (None, "")}
    iptc = {k: str(d[t]) for k, t in (("city", "IPTC:City"), ("region", "IPTC:Province-State"),
                                       ("country", "IPTC:Country-PrimaryLocationName"),
                                       ("sublocation", "IPTC:Sub-location"))
            if d.get(t) not in (None, "")}
    if loc:
        x["location"] = loc
    for key, tag in (("location_created", "XMP-iptcExt:LocationCreated"),
                     ("location_shown", "XMP-iptcExt:LocationShown")):
        found = _location_struct(d.get(tag))
        if found:
            x[key] = found
    x["regions"] = region_records(d)
    x["person_in_image"] = [str(n) for n in _list(d.get("XMP-iptcExt:PersonInImage")) if str(n).strip()]
    x["tagslist"] = [str(t) for t in _list(d.get("XMP-digiKam:TagsList"))]
    x["hierarchical"] = [str(t) for t in _list(d.get("XMP-lr:HierarchicalSubject"))]
    return place_of(x, iptc), people_of(x, orientation=orientation, stored=stored)
