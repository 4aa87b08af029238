"""The caption lifecycle a person drives: approve, reject, edit, restore, history.

States: none -> draft (a model wrote it) -> approved (a person accepted or wrote it) -> written (it is
in the file or its sidecar); rejected is the other exit. Every change adds a version to the photo's
history (``captions``), so any earlier text can come back with :func:`restore`. Functions take the
database first and run on the thread that owns it (CLI main thread or ``DbOwner``).
"""

from __future__ import annotations

import json
from typing import Any, Iterable

from sqlite_utils import Database

from app.core.jsontext import json_list
from app.store import captions, photos

NAMES_FLAG = "ungrounded_name"  # the names guard's flag (app.facts.names_guard.FLAG)


class ReviewError(Exception):
    """A lifecycle step that cannot happen for this photo (one-line reason)."""


class FlaggedDraft(ReviewError):
    """The draft names people or places nothing known about the photo supports: a person must accept it."""

    def __init__(self, flags: list[str], names: list[str]) -> None:
        self.flags, self.names = flags, names
        what = f" ({', '.join(names)})" if names else ""
        super().__init__(f"the draft is flagged {NAMES_FLAG}: it names what nothing known about the photo holds"
                         f"{what}; check it, then approve it with --accept-flagged")


def suspicious_names(db: Database, photo_id: int, draft: dict[str, Any]) -> list[str]:
    """The names the guard finds in ``draft`` today (for messages and the history)."""
    from app.facts import names_guard  # noqa: PLC0415
    from app.library import grounding, own_writes  # noqa: PLC0415

    photo = photos.get(db, photo_id)
    if photo is None:
        return []
    try:
        g = grounding.load(db, photo)
        own_writes.attach(db, photo)
        return names_guard.check(draft.get("text") or "", _keywords(draft), photo, g)
    except Exception:  # noqa: BLE001 - the names are a courtesy in a message; the flag itself decides
        return []


def draft_for_approval(db: Database, photo_id: int) -> dict[str, Any] | None:
    """The draft ``approve`` would approve (None when there is none or the caption is already approved)."""
    cur = current(db, photo_id)
    if cur is not None and cur["state"] == "draft":
        return cur
    return newest_draft(db, photo_id)


def _keywords(row: dict[str, Any], key: str = "keywords") -> list[str]:
    try:
        value = json.loads(row.get(key) or "[]")
    except (TypeError, ValueError):
        return []
    return [str(v) for v in value] if isinstance(value, list) else []


def keywords_of(row: dict[str, Any] | None) -> list[str]:
    """A version's keywords (its JSON column as a list)."""
    return _keywords(row) if row else []


def current(db: Database, photo_id: int) -> dict[str, Any] | None:
    """The photo's current caption version (None when it has none)."""
    row = db.execute("SELECT caption_id FROM photos WHERE id = ?", [photo_id]).fetchone()
    if not row or row[0] is None:
        return None
    return captions.get(db, int(row[0]))


def newest_draft(db: Database, photo_id: int) -> dict[str, Any] | None:
    """The newest draft that arrived *after* the current caption (older ones were already dealt with)."""
    row = db.execute("SELECT caption_id FROM photos WHERE id = ?", [photo_id]).fetchone()
    after = int(row[0]) if row and row[0] is not None else 0
    rows = list(db.query(
        "SELECT * FROM captions WHERE photo_id = ? AND state = 'draft' AND id > ? ORDER BY id DESC LIMIT 1",
        [photo_id, after]))
    return rows[0] if rows else None


def _copy(db: Database, src: dict[str, Any], *, state: str, note: str, source: str | None = None,
          text: str | None = None, keywords: Iterable[str] | None = None, title: str | None = None,
          metrics: dict[str, Any] | None = None) -> int:
    """A new version from ``src``: its alt text, other languages and language check go with it (and
    which parts a person typed)."""
    if edited_parts(src):
        metrics = {**(metrics or {}), "edited": edited_parts(src)}
    return captions.add_version(
        db, src["photo_id"],
        text=src["text"] if text is None else text,
        keywords=_keywords(src) if keywords is None else list(keywords),
        title=src.get("title") if title is None else title,
        source=source or src["source"], state=state, model=src.get("model"), host=src.get("host"),
        style=src.get("style"), language=src.get("language"), parent_id=src["id"], note=note,
        metrics=metrics, make_current=True, alt_text=src.get("alt_text"), translations=src.get("translations"),
        language_check=json_value(src.get("language_check")),
    )


def json_value(value: Any) -> Any:
    """A JSON column as its value (None when unreadable); an already-parsed value passes through."""
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            return None
    return value


def edited_parts(row: dict[str, Any] | None) -> list[str]:
    """The parts of a version a person typed themselves ("alt_text", "translation:de"): their consent to
    replace a person's text already in the file there."""
    metrics = json_value((row or {}).get("metrics")) or {}
    parts = metrics.get("edited") if isinstance(metrics, dict) else None
    return [str(p) for p in parts] if isinstance(parts, list) else []


def translations_of(row: dict[str, Any] | None) -> dict[str, dict[str, Any]]:
    """A version's other languages: ``{"de": {"text", "alt_text", "keywords"}}``."""
    value = json_value((row or {}).get("translations")) or {}
    return {str(k): dict(v) for k, v in value.items() if isinstance(v, dict)} if isinstance(value, dict) else {}


def merged_translations(current: dict[str, dict[str, Any]], changes: dict[str, dict[str, Any]] | None
                        ) -> dict[str, dict[str, Any]]:
    """``current`` with the parts ``changes`` names replaced (a part given as None stays as it is)."""
    out = {code: dict(item) for code, item in current.items()}
    for code, item in (changes or {}).items():
        entry = out.setdefault(code, {"text": "", "alt_text": "", "keywords": []})
        for key in ("text", "alt_text", "keywords"):
            if item.get(key) is not None:
                entry[key] = item[key]
    return out


def approve(db: Database, photo_id: int, *, accept_flagged: bool = False,
            names: list[str] | None = None) -> int | None:
    """Approve the photo's draft (the current one, else the newest draft in its history).

    Returns the new approved version's id, or None when the caption is already approved/written.
    Approving a draft that sits behind a caption from the file is a person's explicit choice. A
    draft the names guard flagged is refused (``FlaggedDraft``) unless ``accept_flagged``; when
    accepted, the history records it (note and ``metrics.accepted_flags``). ``names``: the names the
    person was shown (found again with the names guard when not given; ``[]`` skips that).
    """
    cur = current(db, photo_id)
    if (cur is not None and cur["state"] == "approved" and str(cur.get("note") or "").startswith("undo:")
            and newest_draft(db, photo_id) is None):
        return _copy(db, cur, state="approved", note="approved again after undo")  # writes may take it again
    if cur is not None and cur["state"] in ("approved", "written") and newest_draft(db, photo_id) is None:
        return None
    draft = cur if cur is not None and cur["state"] == "draft" else newest_draft(db, photo_id)
    if draft is None:
        if cur is not None and cur["state"] in ("approved", "written"):
            return None
        raise ReviewError("no draft caption to approve")
    if not (draft["text"] or "").strip():
        raise ReviewError("the draft caption is empty; edit it instead")
    flags = json_list(draft.get("flags"))
    if NAMES_FLAG not in flags:
        return _copy(db, draft, state="approved", note="approved")
    if names is None:
        names = suspicious_names(db, photo_id, draft)
    if not accept_flagged:
        raise FlaggedDraft(flags, names)
    note = f"approved despite the flag {NAMES_FLAG}" + (f": {', '.join(names)}" if names else "")
    return _copy(db, draft, state="approved", note=note,
                 metrics={"accepted_flags": [NAMES_FLAG], "accepted_names": names})


def reject(db: Database, photo_id: int) -> int:
    """Reject the photo's draft; a caption already in the file stays current and untouched."""
    cur = current(db, photo_id)
    if cur is not None and cur["state"] == "draft":
        return _copy(db, cur, state="rejected", note="rejected")
    draft = newest_draft(db, photo_id)
    if draft is None:
        raise ReviewError("no draft caption to reject")
    captions.set_state(db, draft["id"], "rejected")
    return int(draft["id"])


def edit(db: Database, photo_id: int, text: str | None, keywords: Iterable[str] | None = None,
         title: str | None = None, *, alt_text: str | None = None,
         translations: dict[str, dict[str, Any]] | None = None, state: str = "approved",
         note: str = "edited") -> int:
    """Set a caption written by a person; it is approved at once (``state``: a spreadsheet import
    without ``--approve`` leaves it a draft). What is not given stays as it is: the text (None), the
    keywords, the title, the alt text ("" clears it) and each part of each other language."""
    cur = current(db, photo_id)
    text = ((cur or {}).get("text") if text is None else text) or ""
    text = text.strip()
    if not text:
        raise ReviewError("the caption text is empty")
    kw = list(keywords) if keywords is not None else (_keywords(cur) if cur else [])
    alt = (cur or {}).get("alt_text") if alt_text is None else alt_text.strip()
    typed = set(edited_parts(cur)) if cur is not None and cur.get("source") == "human" else set()
    if alt_text is not None:
        typed.add("alt_text")
    typed |= {f"translation:{code}" for code, item in (translations or {}).items()
              if any(item.get(k) is not None for k in ("text", "alt_text"))}
    return captions.add_version(
        db, photo_id, text=text, keywords=kw, title=title if title is not None else (cur or {}).get("title"),
        source="human", state=state, parent_id=cur["id"] if cur else None, note=note,
        make_current=True, alt_text=alt, translations=merged_translations(translations_of(cur), translations),
        style=(cur or {}).get("style"), language=(cur or {}).get("language"),
        metrics={"edited": sorted(typed)} if typed else None,
    )


def versions(db: Database, photo_id: int) -> list[dict[str, Any]]:
    """The history, oldest first, numbered 1..N per photo (the VERSION of ``restore``)."""
    out = []
    for n, row in enumerate(captions.history(db, photo_id), start=1):
        try:
            metrics = json.loads(row.get("metrics") or "{}")
        except (TypeError, ValueError):
            metrics = {}
        accepted = metrics.get("accepted_flags") if isinstance(metrics, dict) else None
        out.append({**row, "version": n, "keywords": _keywords(row), "accepted_flags": list(accepted or []),
                    "flags": json_list(row.get("flags")), "translations_public": translations_of(row),
                    "language_check_public": json_value(row.get("language_check"))})
    return out


def restore(db: Database, photo_id: int, version: int) -> int:
    """Make an earlier version current again (as a new version; people's text comes back approved)."""
    hist = versions(db, photo_id)
    if not 1 <= version <= len(hist):
        raise ReviewError(f"no version {version} (this photo has {len(hist)})")
    src = hist[version - 1]
    if not (src["text"] or "").strip():
        raise ReviewError(f"version {version} has no text")
    human = src["source"] in ("human", "file") or src["state"] in ("approved", "written")
    return _copy(db, {**src, "keywords": json.dumps(src["keywords"])},
                 state="approved" if human else "draft", note=f"restored version {version}")


def writes(db: Database, photo_id: int) -> list[dict[str, Any]]:
    """The write journal for a photo, oldest first."""
    return list(db.query("SELECT * FROM writes WHERE photo_id = ? ORDER BY id", [photo_id]))


def photo_for_path(db: Database, path: str) -> dict[str, Any]:
    row = photos.get_by_path(db, path)
    if row is None:
        raise ReviewError(f"not in the library: {path} (run `albumwise index` first)")
    return row
