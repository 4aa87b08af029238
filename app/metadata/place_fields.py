"""Place names and vocabulary paths in the metadata write.

- Keywords the folder's vocabulary maps get their full path in ``lr:hierarchicalSubject``
  (``Places|Italy|Florence``) and, where the file already has one, digiKam's ``TagsList``
  (``Places/Italy/Florence``); ``dc:subject`` keeps the leaf.
- With ``write_place_names`` on (off by default) a place the file does not state yet (resolved from
  GPS, or set by the user) goes into the MWG location fields: XMP ``photoshop:City/State/Country``
  and, where IPTC is written, IPTC City/Province-State/Country. Never over a value already in the
  file; ``XMP-albumwise:PlaceSource`` records where it came from; undo restores the old values like
  every other write (the journal keeps each touched tag's previous value).
"""

from __future__ import annotations

from typing import Any

PLACE_XMP = {"city": "XMP-photoshop:City", "region": "XMP-photoshop:State", "country": "XMP-photoshop:Country"}
PLACE_IPTC = {"city": "IPTC:City", "region": "IPTC:Province-State", "country": "IPTC:Country-PrimaryLocationName"}
PLACE_SOURCE_TAG = "XMP-albumwise:PlaceSource"


def paths(keywords: list[str], hierarchy: dict[str, list[str]], sep: str) -> list[str]:
    return [sep.join(hierarchy[k]) if k in hierarchy else k for k in keywords]


def add_place(exp: dict[str, Any], meta: Any, place: dict[str, Any] | None, *, iptc: bool) -> None:
    """Fill the file's empty location fields from ``place`` (never over what a person typed)."""
    if not place:
        return
    if any(meta.get(t) not in (None, "") for t in (*PLACE_XMP.values(), *PLACE_IPTC.values())):
        return  # the file states a place already: it is the truth
    for key, tag in PLACE_XMP.items():
        if place.get(key):
            exp[tag] = place[key]
    if iptc:
        for key, tag in PLACE_IPTC.items():
            if place.get(key):
                exp[tag] = place[key][:32]  # IIM limits: City 32, Province-State 32, Country 64 bytes
    if any(t in exp for t in PLACE_XMP.values()):
        exp[PLACE_SOURCE_TAG] = {"gps": "GPS via GeoNames (Albumwise)", "file+gps": "file and GPS via GeoNames (Albumwise)",
                                 "user": "set by the user (Albumwise)"}.get(place.get("source") or "", "Albumwise")
