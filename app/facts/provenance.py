"""Which of a file's texts Albumwise wrote itself (so they never count as evidence about the photo).

After a caption is approved and written, the file's description, keywords and title hold *our*
text. Read back at the next scan, that text must not vouch for the next draft's names (an invented
name would launder itself through the file) nor return to the prompt as "existing keywords". The
write journal (``writes``: every tag's value before and after each write) tells ours apart:
``from_journal`` reads it into ``OwnWrites``; ``not_ours`` gives a photo's file texts without it.
When the journal was not loaded, the photo row's written caption is the fallback.
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass, field
from typing import Any, Iterable

DESCRIPTION = "XMP-dc:Description"
SUBJECT = "XMP-dc:Subject"
TITLE = "XMP-dc:Title"
HIERARCHY = ("XMP-lr:HierarchicalSubject", "XMP-digiKam:TagsList")
KEY = "own_writes"  # where callers attach an ``OwnWrites`` to a photo row


def _norm(text: Any) -> str:
    return " ".join(unicodedata.normalize("NFC", str(text or "")).casefold().split())


def _list(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return [str(v) for v in value if v is not None and str(v).strip()]
    return [str(value)] if str(value).strip() else []


@dataclass
class OwnWrites:
    """What Albumwise put into a photo's file: descriptions, titles, keywords and keyword paths."""

    descriptions: set[str] = field(default_factory=set)
    titles: set[str] = field(default_factory=set)
    keywords: set[str] = field(default_factory=set)
    leaves: set[str] = field(default_factory=set)  # last parts of keyword paths we added ("People|Maria" → maria)

    def is_ours(self, text: Any) -> bool:
        return bool(text) and _norm(text) in self.descriptions

    def keyword_ours(self, kw: Any) -> bool:
        return _norm(kw) in self.keywords


def _json(text: Any) -> dict[str, Any]:
    try:
        value = json.loads(text) if isinstance(text, str) else (text or {})
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def from_journal(rows: Iterable[dict[str, Any]]) -> OwnWrites:
    """``OwnWrites`` from ``writes`` rows (undone and failed writes left the file as it was)."""
    own = OwnWrites()
    for row in rows:
        if row.get("state") not in ("done", "pending"):
            continue
        after = _json(row.get("after")).get("tags") or {}
        before_all = _json(row.get("before"))
        before = before_all.get("tags") or {}
        db_before = before_all.get("db") or {}
        if after.get(DESCRIPTION):
            own.descriptions.add(_norm(after[DESCRIPTION]))
        if after.get(TITLE):
            own.titles.add(_norm(after[TITLE]))
        had = {_norm(k) for k in _list(before.get(SUBJECT))}
        try:
            had |= {_norm(k) for k in json.loads(db_before.get("file_keywords") or "[]")}
        except (TypeError, ValueError):
            pass
        own.keywords |= {_norm(k) for k in _list(after.get(SUBJECT)) if _norm(k) not in had}
        for tag in HIERARCHY:
            old = {_norm(k) for k in _list(before.get(tag))}
            for path in _list(after.get(tag)):
                if _norm(path) not in old:
                    leaf = path.replace("/", "|").split("|")[-1]
                    own.leaves.add(_norm(leaf))
    return own


def _fallback(photo: dict[str, Any]) -> OwnWrites:
    """Without the journal: the photo's written caption is ours."""
    own = OwnWrites()
    if photo.get("caption_state") == "written" and photo.get("caption"):
        own.descriptions.add(_norm(photo["caption"]))
        try:
            own.keywords |= {_norm(k) for k in json.loads(photo.get("caption_keywords") or "[]")}
        except (TypeError, ValueError):
            pass
    return own


def own_of(photo: dict[str, Any]) -> OwnWrites:
    own = photo.get(KEY)
    return own if isinstance(own, OwnWrites) else _fallback(photo)


def file_keywords(photo: dict[str, Any]) -> list[str]:
    """The file's keywords that somebody else put there."""
    try:
        kws = json.loads(photo.get("file_keywords") or "[]")
    except (TypeError, ValueError):
        kws = []
    if not isinstance(kws, list):
        return []
    own = own_of(photo)
    return [str(k) for k in kws if k and not own.keyword_ours(k)]


def not_ours(photo: dict[str, Any]) -> dict[str, Any]:
    """The file's title, description and keywords, each left out where Albumwise wrote it."""
    own = own_of(photo)
    desc = photo.get("file_description")
    title = photo.get("file_title")
    return {"file_description": None if own.is_ours(desc) else desc,
            "file_title": None if title and _norm(title) in own.titles else title,
            "file_keywords": file_keywords(photo)}


def written_by_us(name: Any, photo: dict[str, Any]) -> bool:
    """A person's name that reached the file only as a keyword path we wrote ("People|Maria Rossi")."""
    if not name:
        return False
    own = own_of(photo)
    return _norm(name) in own.leaves or _norm(name) in own.keywords
