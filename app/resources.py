"""Locate files shipped in the repository's ``resources/`` folder.

In a checkout or an editable install they are next to the ``app`` package; a PyInstaller bundle puts
them in ``<bundle>/resources``; a wheel installs them under ``<prefix>/share/albumwise``, where the
prefix is the venv (pip, pipx) or another one (``pip install --user`` → ``~/.local``), so the installed
files list of the distribution is asked as a last resort. ``ALBUMWISE_RESOURCES`` overrides all.
"""

from __future__ import annotations

import os
import sys
from functools import lru_cache
from pathlib import Path

# Files every real resources folder holds: tell ours apart from another package's "resources/".
MARKERS = ("icons/albumwise.svg", "albumwise.exiftool.config")


def _is_ours(folder: Path) -> bool:
    return any((folder / m).is_file() for m in MARKERS)


def _installed_share_dir() -> Path | None:
    """``share/albumwise`` as recorded in the installed distribution's RECORD (any install prefix)."""
    try:
        from importlib import metadata  # noqa: PLC0415 - only needed when the fast paths miss

        files = metadata.files("albumwise") or []
    except Exception:  # noqa: BLE001 - not installed, or broken metadata: just no candidate
        return None
    for f in files:
        parts = Path(str(f)).parts
        for i in range(len(parts) - 2):
            if parts[i : i + 2] == ("share", "albumwise"):
                depth = len(parts) - (i + 2)  # how far below share/albumwise this file sits
                folder = Path(str(f.locate())).resolve().parents[depth - 1]
                return folder
    return None


@lru_cache(maxsize=1)
def resource_dir() -> Path:
    """The folder holding the shipped resources (prompts, icons, exiftool config, desktop files)."""
    override = os.environ.get("ALBUMWISE_RESOURCES")
    if override:
        return Path(override).expanduser().resolve()
    here = Path(__file__).resolve().parent
    candidates = [
        here.parent / "resources",
        Path(getattr(sys, "_MEIPASS", here)) / "resources",
        Path(sys.prefix) / "share" / "albumwise",
    ]
    for c in candidates:
        if _is_ours(c):
            return c
    installed = _installed_share_dir()
    if installed is not None and _is_ours(installed):
        return installed
    for c in candidates:
        if c.is_dir():
            return c
    return candidates[0]


def resource_path(*parts: str) -> Path:
    """Path of a shipped resource, e.g. ``resource_path("prompts", "caption.txt")``."""
    return resource_dir().joinpath(*parts)
