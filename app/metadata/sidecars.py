"""Sidecar files: their two names, the one a photo already has, and the naming a folder uses.

``NAME.EXT.xmp`` is digiKam's, darktable's and Immich's first choice; ``NAME.xmp`` is Lightroom's and
Capture One's (and Immich's fallback).
"""

from __future__ import annotations

import os


def sidecar_candidates(photo: str) -> dict[str, str]:
    """Both sidecar names for a photo: ``ext`` = NAME.EXT.xmp, ``base`` = NAME.xmp."""
    root, _ = os.path.splitext(photo)
    return {"ext": photo + ".xmp", "base": root + ".xmp"}


def existing_sidecar(photo: str, naming: str = "ext") -> str | None:
    """The sidecar already next to the photo (either name; the preferred naming first)."""
    names = sidecar_candidates(photo)
    order = [naming, "base" if naming == "ext" else "ext"]
    for key in order:
        p = names[key]
        if os.path.isfile(p) and os.path.normcase(p) != os.path.normcase(photo):
            return p
    return None


def folder_sidecar_naming(photo: str) -> str | None:
    """The naming the photo's folder already uses for sidecars ("ext" or "base"), if it is clear.

    A folder that already holds ``IMG_1.CR2.xmp`` files belongs to digiKam/darktable; one that holds
    ``IMG_1.xmp`` next to ``IMG_1.CR2`` belongs to Lightroom/Capture One: a new sidecar follows suit.
    """
    folder = os.path.dirname(photo)
    try:
        names = os.listdir(folder)
    except OSError:
        return None
    lower = {n.lower() for n in names}
    ext = base = 0
    for n in names:
        if not n.lower().endswith(".xmp"):
            continue
        stem = n[:-4]
        if "." in stem and stem.lower() in lower:
            ext += 1
        elif any(o.lower().startswith(stem.lower() + ".") and not o.lower().endswith(".xmp") for o in names):
            base += 1
    if ext and not base:
        return "ext"
    if base and not ext:
        return "base"
    return None

