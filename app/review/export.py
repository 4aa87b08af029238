"""Export captions as CSV or JSON (``albumwise export``): one row per photo that has a caption."""

from __future__ import annotations

import csv
import io
import json
from typing import Any, Iterator

from sqlite_utils import Database

from app.core import fspath, terminal
from app.facts.grounding import label as place_label
from app.store import grounding as grounding_public

FIELDS = ("path", "caption", "keywords", "title", "state", "source", "model", "style",
          "created_at", "updated_at", "written_at", "place", "people")


def rows(db: Database, *, folder: str | None = None) -> Iterator[dict[str, Any]]:
    """Photos with a current caption, in path order, with the export fields."""
    sql = """
        SELECT p.path, p.caption, p.caption_keywords, p.caption_title, p.caption_state, p.caption_source,
               p.caption_model, c.style, c.created_at, p.caption_updated_at,
               (SELECT max(w.finished_at) FROM writes w WHERE w.photo_id = p.id AND w.state = 'done') AS written_at,
               p.id
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
        yield {
            "path": r[0], "caption": r[1] or "", "keywords": kw if isinstance(kw, list) else [], "title": r[3],
            "state": r[4], "source": r[5], "model": r[6], "style": r[7], "created_at": r[8],
            "updated_at": r[9], "written_at": r[10],
            "place": grounded.get(r[11], {}).get("place"), "people": grounded.get(r[11], {}).get("people", []),
        }


def to_json(items: list[dict[str, Any]]) -> str:
    return terminal.json_dumps(items, indent=2) + "\n"


#: A spreadsheet treats a cell starting with one of these as a formula (OWASP "CSV injection").
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutral(value: Any) -> str:
    """A cell a spreadsheet shows as text: one starting like a formula gets a leading apostrophe (what
    OWASP recommends; the apostrophe is not shown by Excel, LibreOffice or Google Sheets)."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def to_csv(items: list[dict[str, Any]]) -> str:
    """RFC 4180 CSV (UTF-8); keywords joined with "; "; multi-line captions are quoted, not altered;
    every cell is ``neutral``: file text and model output never run as a spreadsheet formula."""
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=FIELDS, lineterminator="\r\n", quoting=csv.QUOTE_ALL)
    w.writeheader()
    for it in items:
        row = {**{k: it.get(k) for k in FIELDS},
               "keywords": "; ".join(str(k) for k in it.get("keywords") or []),
               "place": place_label(it.get("place")), "people": "; ".join(it.get("people") or [])}
        w.writerow({k: neutral(v) for k, v in row.items()})
    return buf.getvalue()
