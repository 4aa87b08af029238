"""Checking a write: the re-read against the plan, exiftool's warnings, and "did anything else change".

exiftool's exit status does not prove a write: fields can be dropped in silence (IPTC in WebP, EXIF in
GIF) and a warning can mean it rewrote more than our tags. So every write is re-read and compared,
and a warned write is compared tag by tag with the untouched original.
"""

from __future__ import annotations

from typing import Any, Iterable

from app.metadata import fields as F
from app.metadata.exiftool import ExifTool, ExifToolError, parse_json
from app.metadata.plans import PreparedWrite


def volatile(key: str) -> bool:
    """Dump keys that change with any rewrite: file-system facts, exiftool's notes, block offsets."""
    if key == "SourceFile" or key.startswith(("System:", "ExifTool:")) or key in (
            "File:FileSize", "File:CurrentIPTCDigest", "File:FileModifyDate", "File:FileAccessDate",
            "File:FileInodeChangeDate", "File:ExifByteOrder", F.XMP_TOOLKIT, F.IPTC_DIGEST):
        return True
    return key.endswith(("Offset", "Offsets", "Start"))



def short_warning(w: str) -> str:
    return w.replace("Warning: ", "", 1).rsplit(" - ", 1)[0]


def minor_core(message: str) -> str:
    """"exiftool refused the file: Error: [minor] DNG Version 1.7.0.0 not yet tested - /p/x.dng"
    -> "DNG Version 1.7.0.0 not yet tested"."""
    low = message.lower()
    i = low.find("[minor]")
    core = message[i + len("[minor]"):].strip() if i >= 0 else message
    return core.rsplit(" - ", 1)[0].strip()



def compare(expected: dict[str, Any], meta: F.FileMeta, *, exact: bool = False) -> list[str]:
    """Tags whose read-back value differs from what we wrote."""
    bad = []
    for tag, want in expected.items():
        if tag.startswith("_"):
            continue
        got = meta.get(tag)
        if tag == F.IPTC_DIGEST and not exact:
            continue
        if tag == F.IPTC_CHARSET and not exact:
            if "utf" not in str(F.as_text(got) or "").lower():
                bad.append(tag)
            continue
        if tag == F.IPTC_CAPTION and not exact and isinstance(want, str) and isinstance(got, str):
            # IIM caps Caption-Abstract at 2000 bytes; exiftool truncates on a UTF-8 boundary.
            if got == want or (len(want.encode()) > 2000 and want.startswith(got)):
                continue
            bad.append(tag)
            continue
        if tag == F.PROV_APPROVED and got is not None and want is not None:
            if str(got).lower() in ("true", "1") and str(want).lower() in ("true", "1"):
                continue
            if str(got).lower() in ("false", "0") and str(want).lower() in ("false", "0"):
                continue
        if tag in F.LIST_TAGS:
            if F.as_list(got) != F.as_list(want):
                bad.append(tag)
        elif got != want:
            bad.append(tag)
    return bad


def is_lossy(warning: str, kind: str = "file") -> bool:
    """Any warning while *writing* means exiftool met something odd (maker-note offsets, truncated
    thumbnails, IFDs out of order) and may have rewritten more than our tags: treat it as a refusal.

    Not lossy: dropping an *empty* XMP list ("Ignored empty rdf:Bag list"); a ``[minor]`` warning
    (either case) about XMP ("Duplicate XMP property", "Fixed incorrect URI for xmlns:MicrosoftPhoto"),
    which only concerns the packet we rewrite anyway; any ``[minor]`` warning in a sidecar (XMP only).
    The re-read then decides as always."""
    low = warning.lower()
    if not low.strip() or "ignored empty" in low:
        return False
    if "[minor]" in low and (kind == "sidecar" or "xmp" in low):
        return False
    return True



def only_ours_changed(et: ExifTool, backup: str, plan: PreparedWrite) -> bool:
    """Compare full ``-a -G1`` dumps of the untouched original (the hard link) and the new file."""
    res = et.execute("-j", "-a", "-G1", backup, plan.path)
    try:
        recs = parse_json(res.stdout)
    except ExifToolError:
        return False
    if len(recs) != 2:
        return False
    old, new = ({k: v for k, v in r.items() if not volatile(k)} for r in recs)
    ours = set(plan.expected) | set(plan.before) | {F.XMP_DESCRIPTION_W}
    for key in set(old) | set(new):
        if old.get(key) == new.get(key) or key in ours:
            continue
        return False
    return True


def descriptions_equal(a: str | None, b: str | None) -> bool:
    return F.norm_text(a) == F.norm_text(b)


def any_equal(value: str | None, candidates: Iterable[str | None]) -> bool:
    return any(descriptions_equal(value, c) for c in candidates if c)
