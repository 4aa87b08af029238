"""What the index must say about a photo we just wrote, worked out instead of read again.

After a write the index row must match the file, or the next scan takes our own write for an outside
edit: size, time, inode, fingerprint, content key, and the text the scanner reads (description,
keywords, title). Probing the file again (``scanner.refresh_photo``) costs as much Python time as the
rest of the write. But we know the file's new state: the row described the file as it was (same size,
time and inode as just before the write), our exiftool command changed exactly the fields of the
plan, and the re-read showed every one of them holding what we wrote. So:

- size, time and inode come from one ``stat``; the fingerprint from the file's two ends (two reads);
  the content key is computed again from the file (a few reads), and must equal the one the row had:
  exiftool copies the coded picture, so a different key means something else changed, and the scanner
  then decides as always;
- the text is what the scanner's own rules (MWG, ``app.library.metadata.reconcile``) make of the file's
  fields: the fields we wrote hold our text and keywords (verified); those we did not write are as the
  pre-write read found them.

Where any of that is not certain the answer is None and the photo is probed again, as before: not a
JPEG, a sidecar, a symlink, a Live Photo, a row that did not describe the file, a field the scanner
reads that still holds other text, a field we do not model (a place name, say).
``tests/review/test_index_state.py`` holds the rules to a full probe of the written files.
"""

from __future__ import annotations

import json
import os
from typing import Any

from app.core.timeutil import utc_now
from app.facts import file_facts
from app.library import fingerprint, media
from app.library import metadata as md
from app.metadata import fields as F
from app.metadata.plans import PreparedWrite

FORMATS = ("JPEG", "MPO")
#: Written fields whose effect on the scanner's record is modelled here. Any other field written (place
#: names, new fields) means the photo is probed again.
MODELLED = frozenset(F.DESCRIPTION_FIELDS) | frozenset(F.KEYWORD_FIELDS) | frozenset(F.PROVENANCE) | {
    F.XMP_TITLE, F.XP_TITLE, F.IPTC_CHARSET}
#: IPTC text the scanner reads besides caption and keywords; their decoding follows the IPTC character
#: set, so a write that changes the set leaves them to a probe.
IPTC_OTHER_TEXT = ("IPTC:ObjectName", "IPTC:City", "IPTC:Sub-location", "IPTC:Province-State",
                   "IPTC:Country-PrimaryLocationName", "IPTC:DateCreated")


def known_state(row: dict[str, Any], fs: str, plans: list[PreparedWrite], st0: os.stat_result | None,
                text: str) -> dict[str, Any] | None:
    """The ``photos`` columns a probe of ``fs`` would store after our verified write of ``plans``
    (everything else in the row stays as it is), or None when only a probe can say."""
    if not _row_describes(row, st0) or len(plans) != 1:
        return None
    plan = plans[0]
    if plan.kind != "file" or plan.path != fs or plan.meta is None or row.get("sidecar_path"):
        return None
    texts = _texts(row, plan, text)
    if texts is None or md.find_sidecar(fs) is not None:
        return None
    facts = _file_facts(fs, row)
    if facts is None:
        return None
    return {**facts, **texts, "indexed_at": utc_now()}


def _row_describes(row: dict[str, Any], st0: os.stat_result | None) -> bool:
    """The row was made from the file as it was just before our write (the scanner's own test for
    "unchanged"), and by the reading we model (a healthy JPEG, no clip, no video)."""
    if st0 is None or row.get("state") != "ok" or row.get("error") or not row.get("fingerprint"):
        return False
    if row.get("format") not in FORMATS or row.get("media") or row.get("content_id"):
        return False
    if (row.get("camera_make") or "").lower().startswith("apple"):  # Live Photo pairing reads its maker notes
        return False
    if row.get("size") != st0.st_size or row.get("mtime_ns") != st0.st_mtime_ns:
        return False
    return not (row.get("inode") and st0.st_ino and row["inode"] != st0.st_ino)


def _texts(row: dict[str, Any], plan: PreparedWrite, text: str) -> dict[str, Any] | None:
    """Description, keywords and title as the scanner will read them, or None when not certain."""
    exp, before = plan.expected, plan.meta
    assert before is not None
    if any(tag not in MODELLED for tag in exp) or md.clean_text(text) != text:
        return None

    def after(tag: str) -> Any:
        return exp[tag] if tag in exp else before.get(tag)

    # Description (MWG): EXIF if not blank, else XMP (ours), else IPTC. Every one of them shows our text.
    if exp.get(F.XMP_DESCRIPTION) != text or after(F.EXIF_DESCRIPTION) not in (None, text):
        return None
    if after(F.IPTC_CAPTION) not in (None, text):
        return None
    if F.IPTC_CHARSET in exp and "utf" not in str(F.as_text(before.get(F.IPTC_CHARSET)) or "").lower() and any(
            before.get(t) is not None for t in IPTC_OTHER_TEXT):
        return None
    out: dict[str, Any] = {"file_description": text, "file_description_source": None}

    # Keywords: dc:subject (ours) wins over IPTC when the IPTC keywords are ours too (their digest is new).
    if any(tag in exp for tag in F.KEYWORD_FIELDS):
        subject = exp.get(F.XMP_SUBJECT)
        if not isinstance(subject, list) or not md._dedup(subject):
            return None
        if before.get(F.IPTC_KEYWORDS) is not None and F.IPTC_KEYWORDS not in exp:
            return None
        out["file_keywords"] = json.dumps(md._dedup(subject), ensure_ascii=False)
        # Named people come from People/… keyword paths too (digiKam, Lightroom): they must not change.
        people = [F.XMP_TAGSLIST, F.XMP_HIER]
        if file_facts.person_tags([k for t in people for k in F.as_list(after(t))]) != file_facts.person_tags(
                [k for t in people for k in F.as_list(before.get(t))]):
            return None

    # Title: XMP dc:title (ours) first; a title field we did not write keeps the row's.
    if F.XMP_TITLE in exp:
        title = md.clean_text(exp[F.XMP_TITLE])
        if not title:
            return None
        out["file_title"] = title
    elif F.XP_TITLE in exp:
        return None  # the scanner takes XMP and IPTC titles before XPTitle: not modelled
    return out


def _file_facts(fs: str, row: dict[str, Any]) -> dict[str, Any] | None:
    """Size, time, inode, fingerprint and content key of the file as it is now."""
    try:
        with open(fs, "rb") as fh:
            st = os.fstat(fh.fileno())
            head, tail = fingerprint.read_ends(fh, st.st_size)
            key = media.digest(fh, st.st_size, row.get("format"))
    except OSError:
        return None
    if key is None or (row.get("media_hash") and key != row["media_hash"]):
        return None  # the picture data moved or changed: the scanner decides what this file is
    return {"size": st.st_size, "mtime_ns": st.st_mtime_ns, "inode": st.st_ino or None,
            "fingerprint": fingerprint.digest(st.st_size, head, tail), "media_hash": key, "unreadable": None}
