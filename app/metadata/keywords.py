"""Keyword fields in a write: one merged list, written back to every container the target has.

- Existing keywords come first (their spelling wins), from every container: ``dc:subject``, IPTC
  ``Keywords``, Windows ``XPKeywords`` and ``LastKeywordXMP`` (a keyword only Explorer shows is merged
  into XMP, where the other apps look).
- Hierarchical containers (``lr:hierarchicalSubject`` with ``|``, digiKam ``TagsList`` with ``/``) get
  a keyword's vocabulary path, or the flat keyword, but never a flat copy of a word that is already
  part of a path there (Lightroom puts ``Places``, ``France`` and ``Paris`` into ``dc:subject`` for the
  path ``Places|France|Paris``: those are not new root keywords).
- ``removed`` keywords (the person dropped them, or took another app's removal) leave every container,
  hierarchical paths that end in them included.
"""

from __future__ import annotations

from typing import Any

from app.metadata import fields as F
from app.metadata import place_fields


def _fold(k: str) -> str:
    return k.strip().casefold()


def existing(meta: F.FileMeta | None) -> list[str]:
    """Every flat keyword the file (or sidecar) carries, in reading order."""
    if meta is None:
        return []
    return (meta.texts(F.XMP_SUBJECT) + meta.texts(F.IPTC_KEYWORDS) + meta.field_keywords(F.XP_KEYWORDS)
            + meta.texts(F.XMP_LASTKEYWORD))


def _components(entries: list[str], sep: str) -> set[str]:
    return {_fold(part) for e in entries for part in e.split(sep) if part.strip()}


def _without(entries: list[str], gone: set[str], sep: str) -> list[str]:
    """``entries`` minus the removed keywords (a path goes when its last part is removed)."""
    return [e for e in entries if _fold(e) not in gone and _fold(e.split(sep)[-1]) not in gone]


def merge_paths(present: list[str], new: list[str], sep: str) -> list[str]:
    """``present`` paths plus ``new`` entries; a flat entry already inside a path is no new root keyword."""
    have = {_fold(e) for e in present}
    parts = _components(present + [e for e in new if sep in e], sep)
    out = list(present)
    for e in new:
        key = _fold(e)
        if not key or key in have or (sep not in e and key in parts):
            continue
        have.add(key)
        out.append(e)
    return out


def plan(meta: F.FileMeta, existing_kw: list[str], keywords: list[str], hierarchy: dict[str, list[str]],
         removed: list[str], *, kind: str, xmp_only: bool, tagslist: bool = False) -> tuple[dict[str, Any], list[str]]:
    """The keyword fields to write into one target, and the merged flat list (for IPTC).

    ``tagslist``: write digiKam's ``TagsList`` even if this target lacks it (a sidecar whose photo has one:
    Immich reads ``TagsList`` first, and a sidecar's value only wins over the photo's under the same name)."""
    gone = {_fold(k) for k in removed if _fold(k)}
    merged = [k for k in F.merge_keywords(existing_kw, keywords) if _fold(k) not in gone]
    had = any(meta.get(t) is not None for t in F.KEYWORD_FIELDS)
    if not merged and not (gone and had):
        return {}, []
    exp: dict[str, Any] = {F.XMP_SUBJECT: merged}
    exp[F.XMP_HIER] = merge_paths(_without(meta.texts(F.XMP_HIER), gone, "|"),
                                  place_fields.paths(merged, hierarchy, "|"), "|")
    if meta.get(F.XMP_TAGSLIST) is not None or tagslist:
        exp[F.XMP_TAGSLIST] = merge_paths(_without(meta.texts(F.XMP_TAGSLIST), gone, "/"),
                                          place_fields.paths(merged, hierarchy, "/"), "/")
    if meta.get(F.XMP_LASTKEYWORD) is not None:
        exp[F.XMP_LASTKEYWORD] = F.merge_keywords(_without(meta.texts(F.XMP_LASTKEYWORD), gone, "\0"), merged)
    if meta.get(F.XP_KEYWORDS) is not None and kind == "file" and not xmp_only:
        xp = F.merge_keywords(_without(meta.field_keywords(F.XP_KEYWORDS), gone, "\0"), merged)
        exp[F.XP_KEYWORDS] = ";".join(xp) if xp else None
    return exp, merged
