"""Locate files shipped in the repository's ``resources/`` folder.

In a checkout or an editable install they are next to the ``app`` package; a wheel installs them
under ``<prefix>/share/photoscribe``; a PyInstaller bundle puts them in ``<bundle>/resources``.
"""

from __future__ import annotations

import sys
from functools import lru_cache
from pathlib import Path


@lru_cache(maxsize=1)
def resource_dir() -> Path:
    here = Path(__file__).resolve().parent
    candidates = [
        here.parent / "resources",
        Path(getattr(sys, "_MEIPASS", here)) / "resources",
        Path(sys.prefix) / "share" / "photoscribe",
    ]
    for c in candidates:
        if c.is_dir():
            return c
    return candidates[0]


def resource_path(*parts: str) -> Path:
    """Path of a shipped resource, e.g. ``resource_path("exiftool", "photoscribe.config")``."""
    return resource_dir().joinpath(*parts)
