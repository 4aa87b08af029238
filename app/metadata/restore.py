"""Undo at the file level: take our write back out of a photo or its sidecar, and nothing else.

The journal holds, per written target, the previous value of every tag a write touched (``before``),
which metadata blocks the target had (``_blocks``) and what we wrote (``ours``).
Undo reads the target once and decides tag by tag:

- a tag that still holds what we wrote gets its previous value back (byte for byte where it was ours);
- a tag another app changed since (a new caption, an emptied field) keeps the other app's value and is
  reported; in a keyword list only the keywords our write added leave, others' additions stay;
- a block we created (XMP in a photo that had none) is removed only if nobody else wrote into it, and a
  sidecar we created is deleted only then too: otherwise only our tags leave it and it is kept.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any, Protocol

from app.metadata import fields as F
from app.metadata.args import assign, base_args
from app.metadata.escape import safe_path
from app.metadata.exiftool import Result
from app.metadata.plans import MinorRefusal, WriteError, WritePolicy
from app.metadata.verify import compare, volatile

# Tags a write changes as a side effect (exiftool adds or updates them); put back only when their block
# holds nothing another app changed or added since our write.
_SIDE_TAGS = (F.IPTC_DIGEST, F.IPTC_ENVELOPE, F.IPTC_APPVERSION, F.EXIF_YCBCR, F.XMP_TOOLKIT)


class Writer(Protocol):
    """What undo needs of ``MetadataWriter`` (named here so this module does not import it)."""

    policy: WritePolicy

    def run(self, args: list[str], path: str, kind: str) -> Result: ...

    def read(self, path: str, tags: list[str] | None = None) -> F.FileMeta: ...


@dataclass
class Restored:
    """What undo did to one file."""

    path: str
    restored: list[str] = field(default_factory=list)  # tags put back to their previous value
    kept: list[tuple[str, str, str]] = field(default_factory=list)  # (tag, value now, what we wrote): kept
    deleted: bool = False  # the sidecar we created was removed
    kept_file: bool = False  # the sidecar we created holds others' data: kept, our tags taken out


def _block(tag: str) -> str:
    if tag.startswith("XMP-"):
        return "xmp"
    if tag.startswith("IPTC") or tag == F.IPTC_DIGEST:
        return "iptc"
    if tag.startswith(("IFD0:", "ExifIFD:")):
        return "ifd0"
    return "other"


def _fold_list(value: Any, tag: str) -> list[str]:
    if tag == F.XP_KEYWORDS:
        return [k.strip() for k in (F.as_text(value) or "").split(";") if k.strip()]
    return [t for t in (F.as_text(v) for v in F.as_list(value)) if t]


def _keyword_target(tag: str, now: Any, ours: Any, old: Any) -> Any:
    """A keyword list another app changed since our write: take out what our write added, keep the rest."""
    ours_added = {k.casefold() for k in _fold_list(ours, tag)} - {k.casefold() for k in _fold_list(old, tag)}
    items = [k for k in _fold_list(now, tag) if k.casefold() not in ours_added]
    if tag == F.XP_KEYWORDS:
        return ";".join(items) or None
    return items


def restore(writer: Writer, path: str, before: dict[str, Any], ours: dict[str, Any] | None = None) -> Restored:
    """Undo one journaled write of ``path``. ``ours`` is what the write left in the file (read back); without
    it (an old journal) every touched tag gets its previous value back, as journaled."""
    path = safe_path(path)
    kind = before.get("kind", "file")
    if not os.path.isfile(path):
        if before.get("created"):
            return Restored(path, deleted=True)  # already gone
        raise WriteError(f"file not found (moved or deleted?): {path}")
    tags_before: dict[str, Any] = dict(before.get("tags") or {})
    blocks = tags_before.pop("_blocks", {}) or {}
    if ours is None:
        if before.get("created"):
            os.remove(path)
            return Restored(path, deleted=True)
        return _restore_all(writer, path, kind, tags_before, blocks)

    now = writer.read(path)
    report = Restored(path)
    targets: dict[str, Any] = {}
    for tag, our in ours.items():
        if tag.startswith("_"):
            continue
        old = None if before.get("created") else tags_before.get(tag)
        if not compare({tag: our}, now):
            targets[tag] = old
        elif not compare({tag: old}, now, exact=True):
            continue  # already what it was before our write (emptied, or put back elsewhere): nothing to do
        elif tag in F.LIST_TAGS or tag == F.XP_KEYWORDS:
            want = _keyword_target(tag, now.get(tag), our, old)
            if _fold_list(want, tag) != _fold_list(now.get(tag), tag):
                targets[tag] = want
            report.kept.append((tag, F.as_text(now.get(tag)) or "", F.as_text(our) or ""))
        else:
            report.kept.append((tag, F.as_text(now.get(tag)) or "", F.as_text(our) or ""))
    # Tags in a block our write created (or in a sidecar it created) that we did not write: another app's.
    created = {"xmp", "iptc", "ifd0"} if before.get("created") else {b for b in ("xmp", "iptc", "ifd0")
                                                                       if not blocks.get(b, True)}
    known = set(ours) | set(tags_before)
    foreign = {k for k in now.tags if k not in known and not volatile(k) and _block(k) in created}
    dirty = {_block(t) for t, _, _ in report.kept} | {_block(k) for k in foreign}

    if before.get("created"):
        if not report.kept and not foreign:
            os.remove(path)
            report.deleted = True
            return report
        report.kept_file = True
    else:
        for tag in _SIDE_TAGS:
            if tag in tags_before and tag not in ours and _block(tag) not in dirty:
                targets[tag] = tags_before[tag]
        for tag, value in tags_before.items():  # provenance of an older run that our write removed
            if tag in F.PROVENANCE and tag not in ours and "xmp" not in dirty:
                targets[tag] = value
    args = base_args(writer.policy, kind)
    for tag, value in targets.items():
        args += [f"-{tag}="] if tag in _SIDE_TAGS and value is None else assign(tag, value)
    if not before.get("created"):
        if not blocks.get("xmp", True) and "xmp" not in dirty:
            args.append("-XMP:all=")
        if not blocks.get("ifd0", True) and F.EXIF_DESCRIPTION in targets and "ifd0" not in dirty:
            args.append("-EXIF:all=")
    report.restored = list(targets)
    if targets:
        _run_and_check(writer, args, path, kind, targets, blocks, exact=True)
    if "iptc" in dirty and any(_block(t) == "iptc" for t in targets) and now.get(F.IPTC_DIGEST) is not None:
        # Others changed the IPTC too: its digest must describe what it holds now (its own command, since
        # in a TIFF "=new" beside other IPTC changes hashes the old block).
        writer.run([*base_args(writer.policy, kind), f"-{F.IPTC_DIGEST}=new"], path, kind)
    return report


def _restore_all(writer: Writer, path: str, kind: str, tags: dict[str, Any], blocks: dict[str, Any]) -> Restored:
    """Every journaled tag back to its previous value (journals written before undo knew what we wrote)."""
    args = base_args(writer.policy, kind)
    for tag, value in tags.items():
        args += [f"-{tag}="] if tag in _SIDE_TAGS and value is None else assign(tag, value)
    if not blocks.get("xmp", True):
        args.append("-XMP:all=")
    if not blocks.get("ifd0", True) and F.EXIF_DESCRIPTION in tags:
        args.append("-EXIF:all=")
    _run_and_check(writer, args, path, kind, tags, blocks, exact=True)
    return Restored(path, restored=list(tags))


def _run_and_check(writer: Writer, args: list[str], path: str, kind: str, targets: dict[str, Any],
                   blocks: dict[str, Any], *, exact: bool) -> None:
    try:
        writer.run(args, path, kind)
    except MinorRefusal:
        writer.run(["-m", *args], path, kind)
    wanted = {t: v for t, v in targets.items() if t != F.XMP_TOOLKIT or blocks.get("xmp", True)}
    meta = writer.read(path, tags=list(wanted))
    problems = compare(wanted, meta, exact=exact)
    if problems:
        raise WriteError(f"undo wrote, but the file reads back differently ({', '.join(problems)})", changed=True)
