"""The write journal and the database side of a write: one ``writes`` row per target per write.

``before`` holds the previous value of every tag a write touches, ``after`` what it wrote and what
was read back; ``state`` is pending -> done (or failed), and undone after an undo. These functions
run on the thread that owns the database (``dbcall``).
"""

from __future__ import annotations

import json
import logging
import os
from typing import Any, Iterable

from sqlite_utils import Database

from app.core import fspath
from app.core.timeutil import utc_now
from app.metadata import fields as F
from app.metadata.writer import PreparedWrite, backup_path
from app.review.outcome import DbCall
from app.store import captions
from app.store.tx import transaction

log = logging.getLogger(__name__)


def load(db: Database, photo_id: int) -> tuple[dict[str, Any], dict[str, Any] | None, list[dict[str, Any]]]:
    photo = db.execute("SELECT * FROM photos WHERE id = ?", [photo_id]).fetchone()
    cols = [d[0] for d in db.execute("SELECT * FROM photos LIMIT 0").description]
    prow = dict(zip(cols, photo)) if photo else {}
    cap = captions.get(db, prow["caption_id"]) if prow.get("caption_id") else None
    journal = list(db.query("SELECT * FROM writes WHERE photo_id = ? ORDER BY id", [photo_id]))
    return prow, cap, journal


def journal_start(db: Database, photo_id: int, caption_id: int, plan: PreparedWrite, before: dict[str, Any],
                   op: str) -> int:
    cur = db.execute(
        "INSERT INTO writes(photo_id, caption_id, path, path_bytes, target, sidecar_created, before, after, state,"
        " created_at) VALUES (?,?,?,?,?,?,?,?,?,?)",
        [photo_id, caption_id, *fspath.columns(plan.path), plan.kind, int(plan.created),
         json.dumps(before, ensure_ascii=False),
         json.dumps({"op": op, "tags": plan.expected}, ensure_ascii=False), "pending", utc_now()],
    )
    db.conn.commit()
    return int(cur.lastrowid)


def journal_end(db: Database, write_id: int, state: str, error: str | None = None,
                 after: dict[str, Any] | None = None) -> None:
    if after is not None:
        db.execute("UPDATE writes SET state = ?, error = ?, after = ?, finished_at = ? WHERE id = ?",
                   [state, error, json.dumps(after, ensure_ascii=False), utc_now(), write_id])
    else:
        db.execute("UPDATE writes SET state = ?, error = ?, finished_at = ? WHERE id = ?",
                   [state, error, utc_now(), write_id])
    db.conn.commit()


def mark_written(db: Database, photo_id: int, caption_id: int, text: str, keywords: list[str],
                  sidecar: str | None, photo_path: str) -> None:
    with transaction(db):  # the version's state and the photo row: one unit
        captions.set_state(db, caption_id, "written", commit=False)
        # What the file says now, so the next conflict check (and the index) agrees with it.
        params: list[Any] = [text, json.dumps(keywords, ensure_ascii=False)]
        sql = ("UPDATE photos SET file_description = ?, file_keywords = ?, file_description_source = NULL, "
               "conflict = NULL")
        if sidecar:
            sql += ", sidecar_path = ?"
            params.append(fspath.to_text(sidecar))
        try:
            st = os.stat(photo_path)
            sql += ", size = ?, mtime_ns = ?"
            params += [st.st_size, st.st_mtime_ns]
        except OSError:
            pass
        db.execute(sql + " WHERE id = ?", [*params, photo_id])



def last_written_texts(journal: list[dict[str, Any]]) -> list[str]:
    out = []
    for row in journal:
        if row["state"] in ("done", "pending"):
            try:
                tags = json.loads(row["after"] or "{}").get("tags", {})
            except ValueError:
                continue
            desc = tags.get(F.XMP_DESCRIPTION)
            if isinstance(desc, str):
                out.append(desc)
    return out


def added_keywords(journal: list[dict[str, Any]]) -> list[str]:
    """Keywords our done writes put into the files (in ``dc:subject``) that were not there before them;
    an undone write takes its additions back."""
    added: dict[str, dict[str, str]] = {}
    for row in journal:
        path = fspath.from_row(row)
        if row["state"] == "undone":
            added.pop(path, None)
            continue
        if row["state"] != "done":
            continue
        try:
            before = (json.loads(row["before"] or "{}").get("tags") or {}).get(F.XMP_SUBJECT)
            after = (json.loads(row["after"] or "{}").get("tags") or {}).get(F.XMP_SUBJECT)
        except (ValueError, AttributeError):
            continue
        had = {str(k).strip().casefold() for k in F.as_list(before)}
        for k in F.as_list(after):
            if isinstance(k, str) and k.strip().casefold() not in had:
                added.setdefault(path, {})[k.strip().casefold()] = k
    return list(dict.fromkeys(k for per in added.values() for k in per.values()))


def refresh_index(db: Database, photo_id: int) -> None:
    """Let the index re-read the photo we just changed (size, mtime, fingerprint, file text), so the
    next rescan sees it as unchanged instead of as an outside edit. Best effort: never fails a write."""
    try:
        from app.library.scanner import refresh_photo
    except ImportError:  # pragma: no cover
        return
    from app.store.videos import clips_of  # noqa: PLC0415

    for pid in [photo_id, *clips_of(db, photo_id)]:  # a Live Photo's clip was written with it
        try:
            refresh_photo(db, pid)
        except Exception as exc:  # noqa: BLE001 - the write itself succeeded; the next scan catches up
            log.warning("could not refresh the index for photo %s: %s", pid, exc)



def recover(dbcall: DbCall, journal: list[dict[str, Any]], cap: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """A pending row means a write was interrupted. exiftool renames its temp file over the original,
    so the original is whole; its leftover temp file is ours to remove. Returns the journaled
    ``before`` per path, so undo still restores what was there before the interrupted write."""
    reuse: dict[str, dict[str, Any]] = {}
    for row in journal:
        if row["state"] == "pending":
            target = fspath.from_row(row)
            for stale in (target + "_exiftool_tmp", backup_path(target)):
                if os.path.lexists(stale) and os.path.isfile(target):
                    os.remove(stale)
            if row["caption_id"] == cap["id"]:
                reuse[target] = json.loads(row["before"] or "{}")
            dbcall(journal_end, row["id"], "failed", "interrupted (the app stopped during the write)")
    return reuse



def photo_row(db: Database, photo_id: int) -> dict[str, Any] | None:
    rows = list(db.query("SELECT path, caption_state FROM photos WHERE id = ?", [photo_id]))
    return rows[0] if rows else None


def approved_ids(db: Database, ids: list[int] | None, force: bool = False) -> list[int]:
    """The photos to write: those named, else every approved caption (and, with ``--force``, every
    caption in conflict: forcing is the person's decision to keep theirs over the outside edits).
    A caption whose write was undone is never picked up by a bulk write."""
    if ids is not None:  # a Live Photo's clip is written with its photo
        from app.store.videos import face_of  # noqa: PLC0415

        return list(dict.fromkeys(face_of(db, i) or i for i in ids))
    states = "('approved', 'conflict')" if force else "('approved')"
    return [r[0] for r in db.execute(
        f"SELECT p.id FROM photos p LEFT JOIN captions c ON c.id = p.caption_id WHERE p.caption_state IN {states} "
        "AND p.state != 'missing' AND p.live_photo_id IS NULL AND (c.note IS NULL OR c.note NOT LIKE 'undo:%') "
        "ORDER BY p.path").fetchall()]


def paths_to_read(db: Database, ids: list[int]) -> list[str]:
    """The photos of a group and the sidecars next to them (for one batched pre-read)."""
    out: list[str] = []
    for i in range(0, len(ids), 500):
        part = ids[i:i + 500]
        for row in db.execute(f"SELECT path, path_bytes FROM photos WHERE id IN ({','.join('?' * len(part))})",
                              part).fetchall():
            out.append(fspath.from_row({"path": row[0], "path_bytes": row[1]}))
    return out


def refresh_many(db: Database, photo_ids: list[int]) -> None:
    for pid in photo_ids:
        refresh_index(db, pid)



def undo_rows(db: Database, photo_id: int) -> list[dict[str, Any]]:
    """The rows one undo reverts: every done write of the newest caption version that was written
    (a retry, a fallback and a sidecar update of the same caption are one step for the person)."""
    rows = list(db.query("SELECT * FROM writes WHERE photo_id = ? AND state = 'done' ORDER BY id DESC", [photo_id]))
    if not rows:
        return []
    cid = rows[0]["caption_id"]
    out = []
    for r in rows:
        if r["caption_id"] != cid:
            break
        out.append(r)
    return out


def after_undo(db: Database, photo_id: int, caption_id: int | None, before: dict[str, Any],
               write_ids: Iterable[int], shown: str | None = None) -> None:
    """Journal rows become ``undone``; the caption and the DB's view of the file follow the file.

    The undone caption is never written again by itself: where the file shows a caption after the undo
    (``shown``: one another app wrote since and undo kept) or had one before our write, that is the
    current caption again (``written``: it is in the file); otherwise our text stays as a draft."""
    with transaction(db):  # journal, caption version and the photo row: one unit
        for wid in write_ids:
            db.execute("UPDATE writes SET state = 'undone', finished_at = ? WHERE id = ?", [utc_now(), wid])
        prev = before.get("db") or {}
        old_desc = prev.get("file_description")
        try:
            old_kw = json.loads(prev.get("file_keywords") or "[]")
        except ValueError:
            old_kw = []
        row = db.execute("SELECT camera_make, camera_model FROM photos WHERE id = ?", [photo_id]).fetchone()
        make, model = (row[0], row[1]) if row else (None, None)
        cap = captions.get(db, caption_id) if caption_id is not None else None
        if shown and not F.is_boilerplate(shown, make, model) and F.norm_text(shown) != F.norm_text(old_desc):
            captions.add_version(db, photo_id, text=shown, keywords=old_kw, source="file", state="written",
                                 parent_id=caption_id, note="undo: kept the caption another app wrote since",
                                 make_current=True, commit=False)
            old_desc = shown
        elif old_desc and not F.is_boilerplate(str(old_desc), make, model):
            captions.add_version(db, photo_id, text=old_desc, keywords=old_kw, source="file", state="written",
                                 parent_id=caption_id, note="undo: the file's previous caption", make_current=True,
                                 commit=False, alt_text=prev.get("file_alt_text"),
                                 translations=prev.get("file_translations"))
        elif cap is not None:
            # Nothing was in the file before: keep the text, but never write it again by itself. A model's
            # caption goes back to review; a person's own words stay approved (they need no review), and
            # the "undo:" note keeps plain writes off them until they are approved (or edited) again.
            captions.add_version(db, photo_id, text=cap["text"], keywords=json.loads(cap["keywords"] or "[]"),
                                 title=cap.get("title"), source=cap["source"],
                                 state="approved" if cap["source"] == "human" else "draft", model=cap.get("model"),
                                 style=cap.get("style"), parent_id=caption_id, note="undo: removed from the file",
                                 make_current=True, commit=False, alt_text=cap.get("alt_text"),
                                 translations=cap.get("translations"), language=cap.get("language"))
        db.execute("UPDATE photos SET file_description = ?, file_keywords = ?, sidecar_path = ?, conflict = NULL, "
                   "file_alt_text = ?, file_translations = ? WHERE id = ?",
                   [old_desc, prev.get("file_keywords") or "[]", prev.get("sidecar_path"), prev.get("file_alt_text"),
                    prev.get("file_translations") or "{}", photo_id])
