"""Caption versions and the photo's *current* caption.

Every caption a photo ever had is a row in ``captions`` (the history). The photo row carries a
copy of the current one (``photos.caption*``) for fast reads.

The rule that protects people's words lives here, once: a model-written version becomes current
only when the current caption is not *protected*. Protected means a person wrote it, it came from
the file, or it was approved or written. Such a draft is still stored (in the history, state
``draft``) so the review screen can offer it.
"""

from __future__ import annotations

import json
from typing import Any, Iterable

from sqlite_utils import Database

from app.core.text import valid_text
from app.core.timeutil import utc_now
from app.store.tx import transaction

SOURCES = ("model", "human", "file")


def translations_json(value: Any) -> str:
    """A version's other languages as stored: ``{"de": {"text", "alt_text", "keywords"}}`` (valid text only)."""
    if isinstance(value, str):
        try:
            value = json.loads(value or "{}")
        except ValueError:
            value = {}
    out: dict[str, dict[str, Any]] = {}
    for code, item in (value or {}).items() if isinstance(value, dict) else ():
        if not isinstance(item, dict) or not str(code).strip():
            continue
        entry = {"text": valid_text(str(item.get("text") or "")),
                 "alt_text": valid_text(str(item.get("alt_text") or "")),
                 "keywords": [valid_text(str(k)) for k in item.get("keywords") or [] if str(k).strip()]}
        if entry["text"] or entry["alt_text"] or entry["keywords"]:
            out[valid_text(str(code).strip())] = entry
    return json.dumps(out, ensure_ascii=False)


def is_protected(photo: dict[str, Any]) -> bool:
    """True when the photo's current caption must not be replaced by a model draft."""
    return photo.get("caption_source") in ("human", "file") or photo.get("caption_state") in ("approved", "written")


def add_version(
    db: Database,
    photo_id: int,
    *,
    text: str,
    source: str,
    state: str,
    keywords: Iterable[str] = (),
    title: str | None = None,
    model: str | None = None,
    host: str | None = None,
    style: str | None = None,
    language: str | None = None,
    prompt: str | None = None,
    options: dict[str, Any] | None = None,
    metrics: dict[str, Any] | None = None,
    done_reason: str | None = None,
    flags: Iterable[str] = (),
    raw_text: str | None = None,
    parent_id: int | None = None,
    note: str | None = None,
    make_current: bool | None = None,
    commit: bool = True,
    alt_text: str | None = None,
    translations: Any = None,
    language_check: dict[str, Any] | None = None,
) -> int:
    """Store a caption version; make it current per the protection rule unless told otherwise.

    ``alt_text``: the short accessible description; ``translations``: the caption in other languages
    (``{"de": {"text", "alt_text", "keywords"}}``); ``language_check``: what the language check found."""
    if source not in SOURCES:
        raise ValueError(f"unknown caption source {source!r}")
    # Model output and file names are untrusted: a lone surrogate would make SQLite raise.
    text, title, prompt, raw_text, note, model, host, style, language, alt_text = (
        valid_text(v) for v in (text, title, prompt, raw_text, note, model, host, style, language, alt_text))
    keywords = [valid_text(str(k)) for k in keywords]
    flags = [valid_text(str(f)) for f in flags]
    with transaction(db, commit=commit):
        extra = [(alt_text or "").strip() or None, translations_json(translations),
                 json.dumps(language_check, ensure_ascii=False) if language_check else None]
        return _add_version(db, photo_id, text=text, source=source, state=state, keywords=keywords, title=title,
                            model=model, host=host, style=style, language=language, prompt=prompt, options=options,
                            metrics=metrics, done_reason=done_reason, flags=flags, raw_text=raw_text,
                            parent_id=parent_id, note=note, make_current=make_current, extra=extra)


_INSERT = """INSERT INTO captions(photo_id, text, keywords, title, source, state, model, host, style,
               language, prompt, options, metrics, done_reason, flags, raw_text, parent_id, note, created_at,
               alt_text, translations, language_check)
           VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"""


def _add_version(db: Database, photo_id: int, *, text: str, source: str, state: str, keywords: list[str],
                 title: str | None, model: str | None, host: str | None, style: str | None, language: str | None,
                 prompt: str | None, options: dict[str, Any] | None, metrics: dict[str, Any] | None,
                 done_reason: str | None, flags: list[str], raw_text: str | None, parent_id: int | None,
                 note: str | None, make_current: bool | None, extra: list[Any]) -> int:
    now = utc_now()
    cur = db.execute(
        _INSERT,
        [
            photo_id, text, json.dumps(list(keywords), ensure_ascii=False), title, source, state, model,
            host, style, language, prompt, json.dumps(options or {}), json.dumps(metrics or {}),
            done_reason, json.dumps(list(flags)), raw_text, parent_id, note, now, *extra,
        ],
    )
    caption_id = int(cur.lastrowid)
    if make_current is None:
        photo = db.execute(
            "SELECT caption_source, caption_state FROM photos WHERE id = ?", [photo_id]
        ).fetchone()
        current = {"caption_source": photo[0], "caption_state": photo[1]} if photo else {}
        make_current = source != "model" or not is_protected(current)
    if make_current:
        set_current(db, photo_id, caption_id, commit=False)
    return caption_id


def add_file_versions(db: Database, items: list[dict[str, Any]], note: str) -> int:
    """Store the texts read from files as current ``file`` versions, state ``written``, in the
    caller's transaction: ``add_version(..., source="file", state="written", make_current=True)``
    for each item (``photo_id``, ``text``, ``keywords``, ``title``, ``alt_text``, ``translations``),
    in three statements whatever their number (a first scan stores thousands)."""
    if not items:
        return 0
    now = utc_now()
    rows = []
    for it in items:
        text, title, alt_text, note_ = (valid_text(v) for v in (it["text"], it.get("title"), it.get("alt_text"), note))
        keywords = [valid_text(str(k)) for k in it.get("keywords") or []]
        rows.append([it["photo_id"], text, json.dumps(keywords, ensure_ascii=False), title, "file", "written",
                     None, None, None, None, None, "{}", "{}", None, "[]", None, None, note_, now,
                     (alt_text or "").strip() or None, translations_json(it.get("translations")), None])
    conn = db.conn
    conn.executemany(_INSERT, rows)
    ids = [it["photo_id"] for it in items]
    newest: dict[int, int] = {}
    for i in range(0, len(ids), 500):
        part = ids[i:i + 500]
        newest.update(conn.execute(f"SELECT photo_id, max(id) FROM captions WHERE photo_id IN "
                                   f"({','.join('?' * len(part))}) GROUP BY photo_id", part).fetchall())
    conn.executemany(_SET_CURRENT, [[now, cid, pid, pid] for pid, cid in newest.items()])
    return len(rows)


_SET_CURRENT = """UPDATE photos SET caption_id = c.id, caption = c.text, caption_keywords = c.keywords,
               caption_title = c.title, caption_state = c.state, caption_source = c.source,
               caption_model = c.model, caption_flags = c.flags, caption_updated_at = ?,
               caption_alt_text = c.alt_text, caption_translations = c.translations
           FROM (SELECT * FROM captions WHERE id = ?) AS c WHERE photos.id = ? OR photos.live_photo_id = ?"""


def set_current(db: Database, photo_id: int, caption_id: int, *, commit: bool = True) -> None:
    """Copy a caption version onto the photo row as its current caption."""
    with transaction(db, commit=commit):
        # a Live Photo's clip shares its photo's caption
        db.execute(_SET_CURRENT, [utc_now(), caption_id, photo_id, photo_id])


def set_state(db: Database, caption_id: int, state: str, *, commit: bool = True) -> None:
    """Change a version's state; the photo row follows when it is the current version."""
    with transaction(db, commit=commit):
        db.execute("UPDATE captions SET state = ? WHERE id = ?", [state, caption_id])
        db.execute(
            "UPDATE photos SET caption_state = ?, caption_updated_at = ? WHERE caption_id = ?",
            [state, utc_now(), caption_id],
        )


def get(db: Database, caption_id: int) -> dict[str, Any] | None:
    rows = list(db.query("SELECT * FROM captions WHERE id = ?", [caption_id]))
    return rows[0] if rows else None


def history(db: Database, photo_id: int) -> list[dict[str, Any]]:
    """All versions of a photo's caption, oldest first."""
    return list(db.query("SELECT * FROM captions WHERE photo_id = ? ORDER BY id", [photo_id]))
