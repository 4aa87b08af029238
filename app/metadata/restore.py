"""Undo at the file level: put the journaled previous values back into a photo or its sidecar.

The journal (``writes.before``) holds every tag a write touched with the value it had before, plus
which metadata blocks existed; a sidecar the write created is simply removed.
"""

from __future__ import annotations

import os
from typing import Any, Protocol

from app.metadata import fields as F
from app.metadata.args import assign, base_args
from app.metadata.escape import safe_path
from app.metadata.exiftool import Result
from app.metadata.plans import MinorRefusal, WriteError, WritePolicy
from app.metadata.verify import compare


class Writer(Protocol):
    """What undo needs of ``MetadataWriter`` (named here so this module does not import it)."""

    policy: WritePolicy

    def run(self, args: list[str], path: str, kind: str) -> Result: ...

    def read(self, path: str, tags: list[str] | None = None) -> F.FileMeta: ...


def restore(writer: Writer, path: str, before: dict[str, Any]) -> None:
    """Put back the journaled previous values (undo); delete a sidecar we created."""
    path = safe_path(path)
    if before.get("created"):
        if os.path.isfile(path):
            os.remove(path)
        return
    if not os.path.isfile(path):
        raise WriteError(f"file not found (moved or deleted?): {path}")
    tags: dict[str, Any] = dict(before.get("tags") or {})
    blocks = tags.pop("_blocks", {}) or {}
    kind = before.get("kind", "file")
    args = base_args(writer.policy, kind)
    for tag, value in tags.items():
        if tag in (F.IPTC_DIGEST, F.IPTC_ENVELOPE, F.IPTC_APPVERSION, F.EXIF_YCBCR) and value is None:
            args.append(f"-{tag}=")
        else:
            args += assign(tag, value)
    if not blocks.get("xmp", True):
        args.append("-XMP:all=")
    if not blocks.get("ifd0", True) and F.EXIF_DESCRIPTION in tags:
        args.append("-EXIF:all=")
    try:
        writer.run(args, path, kind)
    except MinorRefusal:
        writer.run(["-m", *args], path, kind)
    wanted = {t: v for t, v in tags.items() if t not in (F.XMP_TOOLKIT,) or blocks.get("xmp", True)}
    meta = writer.read(path, tags=list(wanted))
    problems = compare(wanted, meta, exact=True)
    if problems:
        raise WriteError(f"undo wrote, but the file reads back differently ({', '.join(problems)})", changed=True)
