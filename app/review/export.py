"""Export captions as CSV or JSON (``albumwise export``): one row per photo that has a caption.

The CSV is meant to be edited in a spreadsheet and read back (``sheet_import``): every row carries
the caption's state and a ``revision`` stamp of the photo as Albumwise knew it at the export, so an
import can tell a row whose photo changed since (in Albumwise or in another app) and leave it alone.
Cells that a spreadsheet would run as a formula get a leading apostrophe (``neutral``); the import
takes exactly those apostrophes off again (``restore``).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from typing import Any, Iterator

from sqlite_utils import Database

from app.core import fspath, terminal
from app.facts.grounding import label as place_label
from app.store import grounding as grounding_public

FIELDS = ("path", "caption", "keywords", "title", "state", "source", "model", "style",
          "created_at", "updated_at", "written_at", "place", "people",
          "alt_text", "second_language", "second_caption", "second_alt_text", "second_keywords", "revision")

#: What ``revision`` is made of: the current caption version and its state, and the file as the index
#: last read it (its text, its size and time). Any change in Albumwise (an edit, a new draft, an
#: approval, a write) or a change of the file another app made gives another stamp.
REVISION_COLUMNS = ("caption_id", "caption_state", "file_description", "file_keywords", "file_alt_text",
                    "file_translations", "size", "mtime_ns")


def revision(row: dict[str, Any]) -> str:
    """The stamp of a photo row (``REVISION_COLUMNS``): 16 hex digits."""
    data = json.dumps([row.get(c) for c in REVISION_COLUMNS], ensure_ascii=False, default=str)
    return hashlib.blake2b(data.encode("utf-8"), digest_size=8).hexdigest()


def second_of(translations: Any, preferred: str | None = None) -> tuple[str | None, dict[str, Any]]:
    """The one other language a spreadsheet row shows: ``preferred`` when the caption has it, else the first."""
    try:
        data = json.loads(translations or "{}") if isinstance(translations, str) else (translations or {})
    except ValueError:
        data = {}
    if not isinstance(data, dict) or not data:
        return None, {}
    code = preferred if preferred in data else sorted(data)[0]
    item = data.get(code)
    return code, item if isinstance(item, dict) else {}


def rows(db: Database, *, folder: str | None = None, second: str | None = None) -> Iterator[dict[str, Any]]:
    """Photos with a current caption, in path order, with the export fields (``second``: the other
    language to show when a caption has several)."""
    cols = ", ".join(f"p.{c}" for c in REVISION_COLUMNS)
    sql = f"""
        SELECT p.path, p.caption, p.caption_keywords, p.caption_title, p.caption_state, p.caption_source,
               p.caption_model, c.style, c.created_at, p.caption_updated_at,
               (SELECT max(w.finished_at) FROM writes w WHERE w.photo_id = p.id AND w.state = 'done') AS written_at,
               p.id, p.caption_alt_text, p.caption_translations, {cols}
        FROM photos p LEFT JOIN captions c ON c.id = p.caption_id
        WHERE p.caption_id IS NOT NULL AND p.live_photo_id IS NULL"""  # a Live Photo's clip: exported as its photo
    params: list[Any] = []
    if folder:
        folder = fspath.to_text(folder)  # the stored, readable form of a name that is not valid UTF-8
        sql += " AND (p.folder = ? OR p.folder LIKE ?)"
        params += [folder, folder.rstrip("/") + "/%"]
    sql += " ORDER BY p.path"
    fetched = db.execute(sql, params).fetchall()
    grounded = grounding_public.for_ids(db, [r[11] for r in fetched])  # place and people
    for r in fetched:
        try:
            kw = json.loads(r[2] or "[]")
        except ValueError:
            kw = []
        code, other = second_of(r[13], second)
        yield {
            "path": r[0], "caption": r[1] or "", "keywords": kw if isinstance(kw, list) else [], "title": r[3],
            "state": r[4], "source": r[5], "model": r[6], "style": r[7], "created_at": r[8],
            "updated_at": r[9], "written_at": r[10],
            "place": grounded.get(r[11], {}).get("place"), "people": grounded.get(r[11], {}).get("people", []),
            "alt_text": r[12] or "", "second_language": code, "second_caption": other.get("text") or "",
            "second_alt_text": other.get("alt_text") or "", "second_keywords": list(other.get("keywords") or []),
            "revision": revision(dict(zip(REVISION_COLUMNS, r[14:]))),
        }


def to_json(items: list[dict[str, Any]]) -> str:
    return terminal.json_dumps(items, indent=2) + "\n"


#: A spreadsheet treats a cell starting with one of these as a formula (OWASP "CSV injection").
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutral(value: Any) -> str:
    """A cell a spreadsheet shows as text: one starting like a formula gets a leading apostrophe (what
    OWASP recommends; the apostrophe is not shown by Excel, LibreOffice or Google Sheets). A text whose
    own apostrophes stand before such a character ("'=x") gets one more too, so ``restore`` is exact."""
    text = "" if value is None else str(value)
    return "'" + text if text.lstrip("'").startswith(FORMULA_START) else text


def restore(cell: str) -> str:
    """The text ``neutral`` made a cell of: one apostrophe is taken off only where the export adds one
    (before = + - @ tab or CR, after any apostrophes of the text's own); any other is the text's own."""
    return cell[1:] if cell.startswith("'") and cell.lstrip("'").startswith(FORMULA_START) else cell


def to_csv(items: list[dict[str, Any]]) -> str:
    """RFC 4180 CSV (UTF-8); keywords joined with "; "; multi-line captions are quoted, not altered;
    every cell is ``neutral``: file text and model output never run as a spreadsheet formula."""
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=FIELDS, lineterminator="\r\n", quoting=csv.QUOTE_ALL, extrasaction="ignore")
    w.writeheader()
    for it in items:
        row = {**{k: it.get(k) for k in FIELDS},
               "keywords": "; ".join(str(k) for k in it.get("keywords") or []),
               "second_keywords": "; ".join(str(k) for k in it.get("second_keywords") or []),
               "place": place_label(it.get("place")), "people": "; ".join(it.get("people") or [])}
        w.writerow({k: neutral(v) for k, v in row.items()})
    return buf.getvalue()
