"""Sidecar files: their two names, which photo a sidecar belongs to, and which one a write uses.

``NAME.EXT.xmp`` is digiKam's, darktable's and Immich's first choice; ``NAME.xmp`` is Lightroom's and
Capture One's (and Immich's fallback). ``NAME.xmp`` is ambiguous when a RAW and a JPEG share the stem:
it belongs to the RAW, and the JPEG never reads or writes it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Iterable

# Extensions of photos that may share a stem with a sidecar (RAW first: NAME.xmp is theirs in a pair).
RAW_EXTS = frozenset({".cr2", ".cr3", ".nef", ".nrw", ".arw", ".dng", ".orf", ".rw2", ".raf", ".pef", ".srw",
                      ".x3f", ".3fr", ".kdc", ".dcr", ".mrw", ".erf", ".srf", ".sr2", ".crw", ".mef", ".mos",
                      ".iiq", ".rwl", ".raw", ".rwz", ".gpr"})
PHOTO_EXTS = RAW_EXTS | {".jpg", ".jpeg", ".jpe", ".jfif", ".mpo", ".png", ".tif", ".tiff", ".webp", ".heic",
                         ".heif", ".hif", ".avif", ".gif", ".bmp", ".dib", ".jxl", ".psd", ".psb"}


def sidecar_candidates(photo: str) -> dict[str, str]:
    """Both sidecar names for a photo: ``ext`` = NAME.EXT.xmp, ``base`` = NAME.xmp."""
    root, _ = os.path.splitext(photo)
    return {"ext": photo + ".xmp", "base": root + ".xmp"}


def existing_sidecar(photo: str, naming: str = "ext") -> str | None:
    """The sidecar of this photo already next to it (either name; the preferred naming first).
    ``NAME.xmp`` counts only when it belongs to this photo (see :func:`base_owner`)."""
    names = sidecar_candidates(photo)
    order = [naming, "base" if naming == "ext" else "ext"]
    for key in order:
        p = names[key]
        if os.path.isfile(p) and os.path.normcase(p) != os.path.normcase(photo):
            if key == "base" and base_owner(photo) != os.path.basename(photo):
                continue
            return p
    return None


_FOLDERS: dict[str, tuple[int, list[str], dict[str, list[str]]]] = {}


def _folder(folder: str) -> tuple[list[str], dict[str, list[str]]]:
    """A folder's names and their :func:`stem_index`, cached until the folder changes (a batch of writes
    asks once per folder, not once per photo)."""
    try:
        stamp = os.stat(folder).st_mtime_ns
    except OSError:
        return [], {}
    hit = _FOLDERS.get(folder)
    if hit is None or hit[0] != stamp:
        try:
            names = os.listdir(folder)
        except OSError:
            return [], {}
        if len(_FOLDERS) > 64:
            _FOLDERS.clear()
        hit = _FOLDERS[folder] = (stamp, names, stem_index(names))
    return hit[1], hit[2]


def stem_index(names: Iterable[str]) -> dict[str, list[str]]:
    """The photos among ``names`` by stem (case-folded): ``img_1`` -> [``IMG_1.CR3``, ``IMG_1.JPG``]."""
    out: dict[str, list[str]] = {}
    for n in names:
        stem, ext = os.path.splitext(n)
        if ext.lower() in PHOTO_EXTS:
            out.setdefault(stem.casefold(), []).append(n)
    return out


def _owner(name: str, sibs: list[str]) -> str | None:
    sibs = sorted(set(sibs) | {name})
    if len(sibs) == 1:
        return sibs[0]
    raws = [n for n in sibs if os.path.splitext(n)[1].lower() in RAW_EXTS]
    return raws[0] if len(raws) == 1 else None


def base_owner(photo: str, names: Iterable[str] | None = None) -> str | None:
    """The file name of the photo that ``NAME.xmp`` belongs to: the only photo called ``NAME.*``, else the
    only RAW among them (Lightroom and Capture One keep a RAW's sidecar there; the JPEG of a RAW+JPEG pair
    is written in-file). None when that is not clear (two RAWs, or several non-RAW photos)."""
    name = os.path.basename(photo)
    stems = stem_index(names) if names is not None else _folder(os.path.dirname(photo))[1]
    return _owner(name, stems.get(os.path.splitext(name)[0].casefold(), []))


def sidecar_for(name: str, names: Iterable[str], stems: dict[str, list[str]] | None = None) -> str | None:
    """Which of ``names`` (a folder's entries) is the sidecar of photo ``name``, for reading:
    ``NAME.EXT.xmp`` first, then ``NAME.xmp`` if it belongs to this photo (either case).
    ``stems``: :func:`stem_index` of the folder, when the caller asks for many photos of one folder."""
    pool = names if isinstance(names, (set, dict, frozenset)) else set(names)
    for cand in (name + ".xmp", name + ".XMP"):
        if cand in pool:
            return cand
    stem = os.path.splitext(name)[0]
    for cand in (stem + ".xmp", stem + ".XMP"):
        if cand in pool:
            index = stems if stems is not None else stem_index(pool)
            if _owner(name, index.get(stem.casefold(), [])) == name:
                return cand
    return None


@dataclass(frozen=True)
class SidecarChoice:
    """Where a photo's sidecar goes: the path, whether it exists, and why it differs from the setting."""

    path: str
    exists: bool
    note: str | None = None


def choose(photo: str, naming: str) -> SidecarChoice:
    """The sidecar to write for ``photo`` under the chosen ``naming`` ("ext" or "base").

    The photo's existing sidecar is updated (merged), whatever its name; a new one follows the setting,
    except that ``NAME.xmp`` belonging to another photo (the RAW of a pair) is never taken. Any
    departure from the setting is said in ``note``."""
    names = sidecar_candidates(photo)
    want = "base" if naming == "base" else "ext"
    found = existing_sidecar(photo, want)
    if found is not None:
        other = "ext" if found == names["ext"] else "base"
        note = None
        if other != want:
            note = (f"updated its existing sidecar {os.path.basename(found)} (new sidecars are named "
                    f"{os.path.basename(names[want])} by your setting)")
        return SidecarChoice(found, True, note)
    if want == "base":
        owner = base_owner(photo)
        if owner != os.path.basename(photo):
            why = f"it belongs to {owner}" if owner else "other photos share that name"
            return SidecarChoice(names["ext"], False, f"wrote the sidecar as {os.path.basename(names['ext'])}: "
                                                      f"{os.path.basename(names['base'])} is not this photo's ({why})")
    used = folder_sidecar_naming(photo)
    if used is not None and used != want:
        return SidecarChoice(names[want], False, f"wrote the sidecar as {os.path.basename(names[want])}, as set; "
                                                 f"this folder's other sidecars are named "
                                                 f"{'NAME.xmp' if used == 'base' else 'NAME.EXT.xmp'}")
    return SidecarChoice(names[want], False)


_NAMING: dict[tuple[str, int], str | None] = {}


def folder_sidecar_naming(photo: str) -> str | None:
    """The naming the photo's folder already uses for sidecars ("ext" or "base"), if it is clear.

    A folder that already holds ``IMG_1.CR2.xmp`` files belongs to digiKam/darktable; one that holds
    ``IMG_1.xmp`` next to ``IMG_1.CR2`` belongs to Lightroom/Capture One. A new sidecar still follows the
    setting; the write's note says when the folder differs."""
    folder = os.path.dirname(photo)
    names, stems = _folder(folder)
    key = (folder, _FOLDERS[folder][0] if folder in _FOLDERS else 0)
    if key in _NAMING:
        return _NAMING[key]
    lower = {n.lower() for n in names}
    ext = base = 0
    for n in names:
        if not n.lower().endswith(".xmp"):
            continue
        stem = n[:-4]
        if "." in stem and stem.lower() in lower:
            ext += 1
        elif stem.casefold() in stems:
            base += 1
    found = "ext" if ext and not base else "base" if base and not ext else None
    if len(_NAMING) > 64:
        _NAMING.clear()
    _NAMING[key] = found
    return found
