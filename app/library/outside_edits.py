"""Outside edits, judged field by field: what another app changed since our last write.

The write journal (``writes.after``) holds the exact value we put into every field. A field whose
value in the file differs from that (and is real text, not blank or camera boilerplate, and not the
text we are about to write) was edited elsewhere: digiKam changes ``dc:description``, Windows
Explorer ``XPComment``, exiv2 anything. Such a photo gets a *conflict*: its caption state becomes
``conflict``, ``photos.conflict`` holds both texts, and nothing is written until the person keeps
theirs (``--force`` / keep mine) or takes the outside text (take theirs).

Used at write time (``review.writeback``) and at rescan (``scanner`` via :func:`check_rescanned`); the
person settles a conflict with ``review.conflicts``.
"""

from __future__ import annotations

import json
import logging
from dataclasses import asdict, dataclass
from typing import Any, Iterable

from sqlite_utils import Database

from app.core import fspath
from app.core.timeutil import utc_now
from app.library.boilerplate import is_boilerplate
from app.metadata import fields as F
from app.metadata import sidecars
from app.store import captions

log = logging.getLogger(__name__)


@dataclass
class FieldEdit:
    """One field another app changed since our write."""

    field: str  # exiftool tag, e.g. "XMP-dc:Description"
    name: str  # human name, e.g. "XMP description"
    theirs: str  # what the file holds now
    ours: str  # what we last wrote there
    path: str  # the photo or its sidecar


def last_written(journal: Iterable[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Per written path: the value we last wrote into each field (done writes only, newest wins;
    an undone write means the file went back to what it was before, so older values stop counting)."""
    out: dict[str, dict[str, Any]] = {}
    for row in journal:
        path = fspath.from_row(row)  # the file itself, as the writer's plans name it
        if row["state"] == "undone":
            out.pop(path, None)
            continue
        if row["state"] != "done":
            continue
        try:
            after = json.loads(row["after"] or "{}")
        except ValueError:
            continue
        tags = after.get("tags", {})
        if isinstance(tags, dict):
            entry = out.setdefault(path, {})
            entry.update(tags)
            if isinstance(after.get("kept"), dict):
                # Description fields that were there but not written (blank, or left untouched):
                # a different text there later is an outside edit too.
                entry["_kept"] = {t: v for t, v in after["kept"].items() if t not in tags}
    return out


def _kw_set(values: Any) -> set[str]:
    return {str(k).strip().casefold() for k in F.as_list(values) if str(k).strip()}


def _is_blank(text: str | None, make: str | None = None, model: str | None = None) -> bool:
    return is_boilerplate(text, make, model)


def outside_edits(meta: F.FileMeta, written: dict[str, Any], *, new_text: str | None = None,
                  camera: tuple[str | None, str | None] = (None, None)) -> list[FieldEdit]:
    """Fields of ``meta`` (one file: photo or sidecar) that changed since we wrote ``written`` there."""
    edits: list[FieldEdit] = []
    for tag in F.DESCRIPTION_FIELDS:
        if tag not in written:
            continue
        ours = F.as_text(written.get(tag)) or ""
        theirs = F.as_text(meta.get(tag))
        if theirs is None or _is_blank(theirs, *camera):
            continue  # emptied or camera text: nothing a person wrote would be lost
        if F.norm_text(theirs) in (F.norm_text(ours), F.norm_text(new_text)):
            continue
        if tag == F.IPTC_CAPTION and len(ours.encode()) >= 2000 and F.norm_text(ours).startswith(F.norm_text(theirs)):
            continue  # IIM's 2000-byte cut of our own text
        edits.append(FieldEdit(tag, F.FIELD_NAMES.get(tag, tag), theirs, ours, meta.path))
    kept = written.get("_kept")
    if isinstance(kept, dict):  # fields another app added (Explorer's XPComment) or filled in since our write
        ours_desc = F.as_text(written.get(F.XMP_DESCRIPTION)) or ""
        for tag in F.DESCRIPTION_FIELDS:
            if tag in written:
                continue
            theirs = F.as_text(meta.get(tag))
            if theirs is None or _is_blank(theirs, *camera):
                continue
            if F.norm_text(theirs) in (F.norm_text(ours_desc), F.norm_text(new_text),
                                       F.norm_text(F.as_text(kept.get(tag)))):
                continue
            edits.append(FieldEdit(tag, F.FIELD_NAMES.get(tag, tag), theirs, "", meta.path))
    for tag in written:  # alt text, the long description, other languages: ours until someone changes them
        if not F.is_other_text(tag):
            continue
        ours = F.as_text(written.get(tag)) or ""
        theirs = F.as_text(meta.get(tag))
        if theirs is None or not theirs.strip() or F.norm_text(theirs) == F.norm_text(ours):
            continue
        edits.append(FieldEdit(tag, F.field_name(tag), theirs, ours, meta.path))
    for tag in F.KEYWORD_FIELDS:
        if tag not in written:
            continue
        ours_kw = written.get(tag)
        if tag == F.XP_KEYWORDS:
            ours_set = {k.strip().casefold() for k in str(ours_kw or "").split(";") if k.strip()}
            now = meta.field_keywords(tag)
        else:
            ours_set = _kw_set(ours_kw)
            now = meta.texts(tag)
        removed = ours_set - {k.casefold() for k in now}
        if removed and meta.get(tag) is not None:
            # Keywords added elsewhere are merged, never lost; removed ones would come back.
            edits.append(FieldEdit(tag, F.FIELD_NAMES.get(tag, tag), "; ".join(now),
                                   "; ".join(F.as_list(ours_kw)) if tag != F.XP_KEYWORDS else str(ours_kw), meta.path))
    return edits


def appeared_sidecar(meta: F.FileMeta, ours: str | None, *, new_text: str | None = None,
                     camera: tuple[str | None, str | None] = (None, None)) -> list[FieldEdit]:
    """A sidecar that appeared after our in-file write (darktable, digiKam or Immich made it): every
    caption field in it that says something else than our text is another app's edit."""
    edits: list[FieldEdit] = []
    for tag in F.DESCRIPTION_FIELDS:
        theirs = F.as_text(meta.get(tag))
        if theirs is None or _is_blank(theirs, *camera):
            continue
        if F.norm_text(theirs) in (F.norm_text(ours), F.norm_text(new_text)):
            continue
        edits.append(FieldEdit(tag, f"{F.FIELD_NAMES.get(tag, tag)} in a new sidecar", theirs, "", meta.path))
    return edits


def describe(edits: list[FieldEdit]) -> str:
    """One line for messages: which fields changed and to what."""
    first = edits[0]
    short = " ".join(first.theirs.split())[:60]
    more = f" (and {len(edits) - 1} more field{'s' if len(edits) > 2 else ''})" if len(edits) > 1 else ""
    return f"{first.name} was changed in another app since our write to {short!r}{more}"


def conflict_record(edits: list[FieldEdit], mine: str | None, detected: str) -> dict[str, Any]:
    """The ``photos.conflict`` JSON: both texts side by side plus every changed field."""
    desc = [e for e in edits if e.field in F.DESCRIPTION_FIELDS]
    main = desc[0] if desc else edits[0]
    return {
        "theirs": main.theirs if desc else None,
        "theirs_source": main.name,
        "theirs_field": main.field,
        "mine": mine,
        "fields": [asdict(e) for e in edits],
        "detected": detected,  # write | rescan
        "at": utc_now(),
    }


def mark(db: Database, photo_id: int, record: dict[str, Any]) -> None:
    """Put the photo into conflict: the index shows the outside text (and where it is), the current
    caption's state becomes ``conflict`` (so no bulk write picks it up)."""
    params: list[Any] = [json.dumps(record, ensure_ascii=False)]
    sql = "UPDATE photos SET conflict = ?"
    if record.get("theirs"):
        sql += ", file_description = ?, file_description_source = ?"
        params += [record["theirs"], record.get("theirs_source")]
    db.execute(sql + " WHERE id = ?", [*params, photo_id])
    row = db.execute("SELECT caption_id FROM photos WHERE id = ?", [photo_id]).fetchone()
    if row and row[0] is not None:
        captions.set_state(db, int(row[0]), "conflict", commit=False)
    db.conn.commit()


# -- rescan ---------------------------------------------------------------------------------------
def journal_for(db: Database, photo_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    """Write journals of the photos that have a done write (the only ones an outside edit can hurt)."""
    out: dict[int, list[dict[str, Any]]] = {}
    for i in range(0, len(photo_ids), 500):
        part = photo_ids[i:i + 500]
        q = (f"SELECT * FROM writes WHERE photo_id IN ({','.join('?' * len(part))}) "
             "AND state IN ('done', 'undone') ORDER BY id")
        for row in db.query(q, part):
            out.setdefault(row["photo_id"], []).append(row)
    return out


def _appeared_sidecars(db: Database, per_photo: dict[int, dict[str, dict[str, Any]]]) -> dict[int, list[str]]:
    """Sidecars of written photos that none of our writes touched (they appeared after our write)."""
    out: dict[int, list[str]] = {}
    ids = [pid for pid, w in per_photo.items() if w]
    for i in range(0, len(ids), 500):
        part = ids[i:i + 500]
        rows = db.execute(f"SELECT id, path, path_bytes FROM photos WHERE id IN ({','.join('?' * len(part))})",
                          part).fetchall()
        for pid, path, path_bytes in rows:
            photo = fspath.from_row({"path": path, "path_bytes": path_bytes})
            side = sidecars.existing_sidecar(photo)
            if side is not None and side not in per_photo[pid]:
                out[pid] = [side]
    return out


def check_rescanned(db: Database, updates: list[tuple[int, dict[str, Any]]]) -> dict[int, dict[str, Any]]:
    """Rescan: for changed photos we wrote before, read every caption field with exiftool and compare
    it with the journal. Returns {photo_id: conflict record} (nothing is stored here)."""
    journals = journal_for(db, [pid for pid, _ in updates])
    if not journals:
        return {}
    per_photo = {pid: last_written(rows) for pid, rows in journals.items()}
    appeared = _appeared_sidecars(db, per_photo)
    paths = [p for w in per_photo.values() for p in w] + [p for ps in appeared.values() for p in ps]
    if not paths:
        return {}
    try:
        from app.metadata.exiftool import ExifTool
        from app.metadata.writer import MetadataWriter

        with ExifTool(timeout=120) as et:
            metas = MetadataWriter(et).read_many(paths)
    except Exception as exc:  # noqa: BLE001 - a rescan never fails for this; the next write checks again
        log.warning("could not check written photos for outside edits: %s", exc)
        return {}
    found: dict[int, dict[str, Any]] = {}
    recs = dict(updates)
    for pid, written in per_photo.items():
        rec = recs.get(pid, {})
        cam = (rec.get("camera_make"), rec.get("camera_model"))
        edits: list[FieldEdit] = []
        for path, tags in written.items():
            meta = metas.get(path)
            if meta is not None:
                edits += outside_edits(meta, tags, camera=cam)
        ours = next((F.as_text(w.get(F.XMP_DESCRIPTION)) for w in written.values()), None)
        for path in appeared.get(pid, []):
            meta = metas.get(path)
            if meta is not None:
                edits += appeared_sidecar(meta, ours, camera=cam)
        if edits:
            cur = db.execute("SELECT caption FROM photos WHERE id = ?", [pid]).fetchone()
            found[pid] = conflict_record(edits, cur[0] if cur else None, "rescan")
    return found
