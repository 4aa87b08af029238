"""Per-folder context the user sets (event, place, people, notes, keyword vocabulary).

A folder's context applies to its sub-folders too; the nearest folder that sets a field wins, field
by field. Setting it re-resolves the photos below and marks their model drafts ``old_context``
(the draft was written without it): the user is offered a regenerate, it is never automatic.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from sqlite_utils import Database

from app.core.timeutil import utc_now

MAX_FIELD = 200
MAX_NOTES = 600
MAX_PEOPLE = 30
OLD_CONTEXT = "old_context"


@dataclass
class FolderContext:
    event: str | None = None
    place: str | None = None
    people: list[str] = field(default_factory=list)
    notes: str | None = None
    vocabulary: list[dict[str, Any]] | None = None  # [{"path": [...], "synonyms": [...]}]
    sources: dict[str, str] = field(default_factory=dict)  # field -> folder it was set on

    def to_public(self) -> dict[str, Any]:
        return {"event": self.event, "place": self.place, "people": list(self.people), "notes": self.notes,
                "vocabulary_terms": len(self.vocabulary or []), "set_on": dict(self.sources)}


def norm_folder(folder: str) -> str:
    return os.path.abspath(folder).rstrip(os.sep) or os.sep


def _clip(text: Any, limit: int) -> str | None:
    t = " ".join(str(text or "").split())[:limit]
    return t or None


def split_people(text: str | list[str] | None) -> list[str]:
    """"Anna Schmidt, Ben Okafor" (or ';') → names; a list passes through cleaned."""
    items = text if isinstance(text, list) else str(text or "").replace(";", ",").split(",")
    out: list[str] = []
    for n in items:
        n = _clip(n, 80)
        if n and n.casefold() not in {o.casefold() for o in out}:
            out.append(n)
    return out[:MAX_PEOPLE]


def ancestors(folder: str) -> list[str]:
    """``folder`` and every folder above it, nearest first."""
    out, cur = [], norm_folder(folder)
    while True:
        out.append(cur)
        parent = os.path.dirname(cur)
        if parent == cur:
            return out
        cur = parent


def get_own(db: Database, folder: str) -> dict[str, Any] | None:
    rows = list(db.query("SELECT * FROM folder_context WHERE folder = ?", [norm_folder(folder)]))
    return rows[0] if rows else None


def effective(db: Database, folder: str, _cache: dict[str, dict[str, Any] | None] | None = None) -> FolderContext:
    """The context that applies to photos in ``folder`` (inherited field by field)."""
    chain = ancestors(folder)
    if _cache is None:
        q = f"SELECT * FROM folder_context WHERE folder IN ({','.join('?' * len(chain))})"
        own = {r["folder"]: r for r in db.query(q, chain)}
    else:
        own = {}
        for f in chain:
            if f not in _cache:
                _cache[f] = get_own(db, f)
            if _cache[f]:
                own[f] = _cache[f]
    ctx = FolderContext()
    for f in chain:
        row = own.get(f)
        if not row:
            continue
        for key in ("event", "place", "notes"):
            if getattr(ctx, key) is None and row.get(key):
                setattr(ctx, key, row[key])
                ctx.sources[key] = f
        people = json.loads(row.get("people") or "[]")
        if not ctx.people and people:
            ctx.people = people
            ctx.sources["people"] = f
        if ctx.vocabulary is None and row.get("vocabulary"):
            ctx.vocabulary = _vocabulary(row["vocabulary"])
            ctx.sources["vocabulary"] = f
    return ctx


@lru_cache(maxsize=16)
def _vocabulary(text: str) -> list[dict[str, Any]]:
    """Parsed once per distinct vocabulary (shared, read-only), so its matcher is built once."""
    return json.loads(text)


def has_any(db: Database) -> bool:
    return db.execute("SELECT 1 FROM folder_context LIMIT 1").fetchone() is not None


def set_context(db: Database, folder: str, *, event: str | None = None, place: str | None = None,
                people: str | list[str] | None = None, notes: str | None = None,
                vocabulary: list[dict[str, Any]] | None = None, clear: bool = False) -> dict[str, Any]:
    """Set (``None`` = leave, ``""`` = clear) fields for ``folder``; re-resolve the photos below and
    mark their model drafts as made with the old context. Returns what changed."""
    from app.grounding import resolve  # noqa: PLC0415 - resolve imports this module

    folder = norm_folder(folder)
    row = get_own(db, folder) or {"event": None, "place": None, "people": "[]", "notes": None, "vocabulary": None}
    if clear:
        row = {"event": None, "place": None, "people": "[]", "notes": None, "vocabulary": None}
    if event is not None:
        row["event"] = _clip(event, MAX_FIELD)
    if place is not None:
        row["place"] = _clip(place, MAX_FIELD)
    if people is not None:
        row["people"] = json.dumps(split_people(people), ensure_ascii=False)
    if notes is not None:
        row["notes"] = " ".join(str(notes).split())[:MAX_NOTES] or None
    if vocabulary is not None:
        row["vocabulary"] = json.dumps(vocabulary, ensure_ascii=False) if vocabulary else None
    with db.conn:
        db.execute(
            "INSERT INTO folder_context(folder, event, place, people, notes, vocabulary, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(folder) DO UPDATE SET event=excluded.event, "
            "place=excluded.place, people=excluded.people, notes=excluded.notes, vocabulary=excluded.vocabulary, "
            "updated_at=excluded.updated_at",
            [folder, row["event"], row["place"], row["people"], row["notes"], row["vocabulary"], utc_now()],
        )
        ids = photo_ids_under(db, folder)
        resolve.refresh(db, ids)
        marked = mark_old_context(db, ids)
    return {"folder": folder, "photos": len(ids), "drafts_marked_old_context": marked}


def photo_ids_under(db: Database, folder: str) -> list[int]:
    folder = norm_folder(folder)
    esc = folder.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    sep = "" if folder.endswith(os.sep) else os.sep
    return [r[0] for r in db.execute(
        "SELECT id FROM photos WHERE folder = ? OR folder LIKE ? ESCAPE '\\'", [folder, esc + sep + "%"]).fetchall()]


def mark_old_context(db: Database, photo_ids: list[int]) -> int:
    """Flag current model drafts ``old_context`` (photos row and caption version). No commit."""
    n = 0
    for i in range(0, len(photo_ids), 500):
        part = photo_ids[i:i + 500]
        rows = db.execute(
            f"SELECT id, caption_id, caption_flags FROM photos WHERE id IN ({','.join('?' * len(part))}) "
            "AND caption_state = 'draft' AND caption_source = 'model'", part).fetchall()
        for pid, cid, flags_json in rows:
            flags = json.loads(flags_json or "[]")
            if OLD_CONTEXT in flags:
                continue
            flags.append(OLD_CONTEXT)
            db.execute("UPDATE photos SET caption_flags = ? WHERE id = ?", [json.dumps(flags), pid])
            if cid:
                db.execute("UPDATE captions SET flags = ? WHERE id = ?", [json.dumps(flags), cid])
            n += 1
    return n


def old_context_ids(db: Database, photo_ids: list[int] | None = None) -> list[int]:
    """Photos whose current draft is flagged ``old_context`` (among ``photo_ids``, or all)."""
    rows = db.execute("SELECT p.id FROM photos p, json_each(p.caption_flags) j WHERE j.value = ? "
                      "AND p.caption_state = 'draft' ORDER BY p.path", [OLD_CONTEXT]).fetchall()
    ids = [r[0] for r in rows]
    if photo_ids is None:
        return ids
    wanted = set(photo_ids)
    return [i for i in ids if i in wanted]
