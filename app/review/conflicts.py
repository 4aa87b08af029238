"""Settling a conflict: the person keeps our caption or takes the text another app wrote.

How a conflict is found and recorded is ``app.library.outside_edits``.
"""

from __future__ import annotations

import json
from typing import Any

from sqlite_utils import Database

from app.metadata import fields as F
from app.store import captions


def get(db: Database, photo_id: int) -> dict[str, Any] | None:
    row = db.execute("SELECT conflict FROM photos WHERE id = ?", [photo_id]).fetchone()
    if not row or not row[0]:
        return None
    try:
        value = json.loads(row[0])
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def clear(db: Database, photo_id: int, *, commit: bool = True) -> None:
    db.execute("UPDATE photos SET conflict = NULL WHERE id = ?", [photo_id])
    if commit:
        db.conn.commit()


def keep_mine(db: Database, photo_id: int) -> None:
    """The person keeps our caption: it is approved again; the next write is forced over the outside text."""
    rec = get(db, photo_id)
    if rec is None:
        raise ValueError("this photo has no conflict")
    rec["decision"] = "mine"  # the next write (even a later bulk one) goes over the outside text
    db.execute("UPDATE photos SET conflict = ? WHERE id = ?", [json.dumps(rec, ensure_ascii=False), photo_id])
    row = db.execute("SELECT caption_id FROM photos WHERE id = ?", [photo_id]).fetchone()
    if row and row[0] is not None:
        captions.set_state(db, int(row[0]), "approved", commit=False)
    db.conn.commit()


def _their_texts(rec: dict[str, Any], cur: dict[str, Any] | None) -> tuple[str | None, dict[str, Any]]:
    """The caption's alt text and other languages, with what the other app changed there taken over."""
    try:
        translations = json.loads((cur or {}).get("translations") or "{}")
    except ValueError:
        translations = {}
    alt = (cur or {}).get("alt_text")
    for f in rec.get("fields", []):
        base, code = F.lang_of(str(f.get("field") or ""))
        if base == F.XMP_ALT_TEXT and code is None:
            alt = f.get("theirs")
        elif base in (F.XMP_ALT_TEXT, F.XMP_DESCRIPTION) and code:
            item = translations.setdefault(code, {"text": "", "alt_text": "", "keywords": []})
            item["alt_text" if base == F.XMP_ALT_TEXT else "text"] = f.get("theirs") or ""
    return alt, translations


def take_theirs(db: Database, photo_id: int) -> int:
    """The person takes the outside edit: its text (and keyword list) becomes the approved caption (source
    ``file``), to be written into every other field so the file agrees with itself again; a keyword the
    other app removed leaves every keyword field. Returns the new version's id."""
    rec = get(db, photo_id)
    if rec is None:
        raise ValueError("this photo has no conflict")
    row = db.execute("SELECT caption_id, caption_keywords, caption_title FROM photos WHERE id = ?",
                     [photo_id]).fetchone()
    theirs = rec.get("theirs")
    keywords = json.loads(row[1] or "[]") if row else []
    removed: list[str] = []
    kw_edit = next((f for f in rec.get("fields", []) if f["field"] in F.KEYWORD_FIELDS), None)
    if kw_edit is not None:
        keywords = [k.strip() for k in kw_edit["theirs"].split(";") if k.strip()]
        now = {k.casefold() for k in keywords}
        removed = [k.strip() for k in kw_edit["ours"].split(";") if k.strip() and k.strip().casefold() not in now]
    cur = captions.get(db, int(row[0])) if row and row[0] is not None else None
    if not theirs:
        theirs = (cur or {}).get("text") or ""
    alt, translations = _their_texts(rec, cur)
    cid = captions.add_version(db, photo_id, text=theirs, keywords=keywords, title=row[2] if row else None,
                               source="file", state="approved", parent_id=row[0] if row else None,
                               note=f"took the outside edit ({rec.get('theirs_source')})", make_current=True,
                               commit=False, alt_text=alt, translations=translations,
                               language=(cur or {}).get("language"), style=(cur or {}).get("style"))
    # Kept until the write: it goes over the outside edit (now the caption) and takes the removed
    # keywords out of every keyword field; a successful write clears it.
    rec["decision"] = "theirs"
    rec["removed_keywords"] = removed
    db.execute("UPDATE photos SET conflict = ? WHERE id = ?", [json.dumps(rec, ensure_ascii=False), photo_id])
    db.conn.commit()
    return cid
