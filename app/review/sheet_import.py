"""Reading an exported caption spreadsheet back (``albumwise import FILE.csv``): edited cells become edits.

What a row must pass before anything of it is applied:

- the file must be readable: UTF-8 (with or without Excel's byte-order mark; UTF-16 as Excel's
  "Unicode text" saves it), separated by commas, semicolons (Excel in many languages) or tabs;
  a row with bytes that are not UTF-8 is reported by its line and skipped, the others go on;
- the row must name a photo of the library (``path``) and have as many cells as the header;
- its ``revision`` must be the photo's stamp now (``export.revision``): a photo that changed since
  the export (an edit, a new draft, an approval or a write in Albumwise, or a file another app
  changed and a rescan read) is a **conflict**, as is a file changed on disk since it was last read;
  the row is not applied and says so.

Cells compared with the photo's caption now; only the changed ones count: ``caption``, ``keywords``
(``;``-separated), ``title``, ``alt_text``, the second language's ``second_caption``,
``second_alt_text`` and ``second_keywords`` (in ``second_language``), and ``state`` (set to
``approved`` or ``rejected``). Text edits become a person's version of the caption: a draft, or
approved with ``approve``. Cells keep their line breaks, quotes, commas and any script; the apostrophe
the export put before a formula-like cell is taken off again (``export.restore``).
"""

from __future__ import annotations

import csv
import io
import os
import re
from dataclasses import dataclass, field
from typing import Any

from sqlite_utils import Database

from app.core import fspath
from app.review import export, lifecycle
from app.store import photos

EDITABLE = ("caption", "keywords", "title", "alt_text", "second_language", "second_caption", "second_alt_text",
            "second_keywords", "state")
ALT_TEXT_MAX = 250
OUTSIDE = "its file was changed by another app since Albumwise last read it"
_SURROGATE = re.compile("[\udc80-\udcff]")


class SheetError(Exception):
    """The file cannot be read as a caption spreadsheet at all (one line saying why)."""


@dataclass
class RowResult:
    """What became (or would become, in a dry run) of one row."""

    line: int
    path: str | None
    result: str  # applied | would_apply | unchanged | conflict | error
    changes: dict[str, Any] = field(default_factory=dict)  # cell -> new value
    error: str | None = None
    photo_id: int | None = None
    approved: bool = False
    outside: bool = False  # the conflict is a change on disk Albumwise has not read yet

    def to_public(self) -> dict[str, Any]:
        return {"line": self.line, "path": self.path, "result": self.result, "changes": self.changes,
                "error": self.error}


# -- reading -----------------------------------------------------------------------------------


def decode(data: bytes) -> str:
    """The file's text: UTF-16 when it says so, else UTF-8 (Excel's BOM dropped); bytes that are not
    UTF-8 stay as lone surrogates, so the row they are in can be reported by its line."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="surrogateescape")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    return data.decode("utf-8", errors="surrogateescape")


def _delimiter(text: str) -> str:
    """The separator of the header line: the one that makes it a header with a ``path`` column."""
    first = text.split("\n", 1)[0]
    best, cells = ",", 0
    for d in (",", ";", "\t"):
        header = next(csv.reader([first], delimiter=d), [])
        names = [h.strip().strip("\ufeff").lower() for h in header]
        if "path" in names and len(names) > cells:
            best, cells = d, len(names)
    if cells == 0:
        raise SheetError("no header row with a 'path' column (export one with: albumwise export --format csv)")
    return best


def read(data: bytes) -> tuple[list[tuple[int, dict[str, str]]], list[RowResult]]:
    """The rows of a spreadsheet as (first line, {column: cell}); bad rows as results."""
    text = decode(data)
    delim = _delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delim)
    try:
        header = [h.strip().strip("\ufeff").lower() for h in next(reader)]
    except (StopIteration, csv.Error) as exc:
        raise SheetError(f"cannot read the header row: {exc}") from None
    rows: list[tuple[int, dict[str, str]]] = []
    bad: list[RowResult] = []
    line = reader.line_num + 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            bad.append(RowResult(line, None, "error", error=f"line {line}: not a CSV row ({exc})"))
            line = reader.line_num + 1
            continue
        start, line = line, reader.line_num + 1
        if not any(c.strip() for c in cells):
            continue  # a blank line
        if any(_SURROGATE.search(c) for c in cells):
            bad.append(RowResult(start, None, "error", error=f"line {start}: not UTF-8 text (save the sheet as "
                                                             "\"CSV UTF-8\" and import it again)"))
            continue
        if len(cells) != len(header):
            bad.append(RowResult(start, None, "error", error=f"line {start}: {len(cells)} cells, but the header has "
                                                             f"{len(header)}"))
            continue
        rows.append((start, {h: export.restore(c).replace("\r\n", "\n").replace("\r", "\n")
                             for h, c in zip(header, cells)}))
    return rows, bad


# -- comparing ---------------------------------------------------------------------------------


def _words(text: str | None) -> str:
    return " ".join((text or "").split())


def _keyword_list(cell: str) -> list[str]:
    return [k.strip() for k in cell.split(";") if k.strip()]


def _same_keywords(a: list[str], b: list[str]) -> bool:
    return sorted(k.casefold() for k in a) == sorted(k.casefold() for k in b)


def _current(db: Database, row: dict[str, Any]) -> dict[str, Any]:
    """The photo's caption now, in the spreadsheet's terms."""
    cur = lifecycle.current(db, row["id"]) or {}
    return {"caption": cur.get("text") or "", "keywords": lifecycle.keywords_of(cur),
            "title": cur.get("title") or "", "alt_text": cur.get("alt_text") or "",
            "translations": lifecycle.translations_of(cur), "state": row.get("caption_state") or "none"}


def _changes(cells: dict[str, str], now: dict[str, Any]) -> tuple[dict[str, Any], str | None]:
    """The cells that differ from the caption now (new values), or an error for the row."""
    out: dict[str, Any] = {}
    if "caption" in cells and _words(cells["caption"]) != _words(now["caption"]):
        if not cells["caption"].strip():
            return {}, "the caption cell is empty (a caption cannot be removed by an import)"
        out["caption"] = cells["caption"].strip()
    if "keywords" in cells and not _same_keywords(_keyword_list(cells["keywords"]), now["keywords"]):
        out["keywords"] = _keyword_list(cells["keywords"])
    if "title" in cells and _words(cells["title"]) != _words(now["title"]):
        out["title"] = cells["title"].strip()
    if "alt_text" in cells and _words(cells["alt_text"]) != _words(now["alt_text"]):
        if len(_words(cells["alt_text"])) > ALT_TEXT_MAX:
            return {}, f"the alt text is longer than {ALT_TEXT_MAX} characters"
        out["alt_text"] = _words(cells["alt_text"])
    second = _second(cells, now)
    if isinstance(second, str):
        return {}, second
    out.update(second)
    state = (cells.get("state") or "").strip().lower()
    if state and state != now["state"]:
        if state not in ("approved", "rejected"):
            return {}, f"the state cannot be set to {state!r} (approved or rejected can)"
        if state == "rejected" and now["state"] != "draft":
            return {}, "only a draft can be rejected"
        out["state"] = state
    return out, None


def _second(cells: dict[str, str], now: dict[str, Any]) -> dict[str, Any] | str:
    from app.facts.language import code_for  # noqa: PLC0415

    parts = {"second_caption": "text", "second_alt_text": "alt_text", "second_keywords": "keywords"}
    given = {k: cells[k] for k in parts if k in cells}
    name = (cells.get("second_language") or "").strip()
    if not name:
        if any(v.strip() for v in given.values()):
            return "second_caption, second_alt_text or second_keywords without a second_language"
        return {}
    code = code_for(name)
    if code is None:
        return f"unknown second_language {name!r}"
    have = now["translations"].get(code) or {}
    out: dict[str, Any] = {}
    for cell, part in parts.items():
        if cell not in given:
            continue
        if part == "keywords":
            if not _same_keywords(_keyword_list(given[cell]), list(have.get("keywords") or [])):
                out[cell] = _keyword_list(given[cell])
        elif _words(given[cell]) != _words(have.get(part)):
            if part == "alt_text" and len(_words(given[cell])) > ALT_TEXT_MAX:
                return f"the second alt text is longer than {ALT_TEXT_MAX} characters"
            out[cell] = given[cell].strip() if part == "text" else _words(given[cell])
    if out:
        out["second_language"] = code
    return out


def _changed_on_disk(row: dict[str, Any]) -> bool:
    """The file was changed since Albumwise last read or wrote it (another app, no rescan since)."""
    try:
        st = os.stat(fspath.from_row(row))
    except OSError:
        return False
    return bool(row.get("mtime_ns")) and (st.st_size, st.st_mtime_ns) != (row.get("size"), row.get("mtime_ns"))


def _stale(row: dict[str, Any], stamp: str) -> str | None:
    """Why a row's photo is not the one the sheet was exported from (None when it is)."""
    if not stamp:
        return "it has no revision stamp (export the sheet again)"
    if stamp != export.revision(row):
        return "it changed since the export (in Albumwise or in another app)"
    if row.get("caption_state") == "conflict" or _changed_on_disk(row):
        return OUTSIDE
    return None


def plan(db: Database, rows: list[tuple[int, dict[str, str]]]) -> list[RowResult]:
    """Every row checked against the library now (nothing is changed)."""
    out: list[RowResult] = []
    seen: dict[int, int] = {}
    for line, cells in rows:
        path = (cells.get("path") or "").strip()
        if not path:
            out.append(RowResult(line, None, "error", error=f"line {line}: no path"))
            continue
        row = photos.get_by_path(db, path)
        if row is None:
            out.append(RowResult(line, path, "error", error=f"line {line}: not in the library: {path}"))
            continue
        if row["id"] in seen:
            out.append(RowResult(line, path, "error", photo_id=row["id"],
                                 error=f"line {line}: the photo is on line {seen[row['id']]} already"))
            continue
        seen[row["id"]] = line
        changes, error = _changes(cells, _current(db, row))
        why = _stale(row, (cells.get("revision") or "").strip())
        if why and (changes or error):  # what the sheet says cannot be trusted over the photo's news
            out.append(RowResult(line, path, "conflict", changes, f"line {line}: {path}: {why}; not applied",
                                 row["id"], outside=why == OUTSIDE))
            continue
        if error:
            out.append(RowResult(line, path, "error", error=f"line {line}: {error}", photo_id=row["id"]))
            continue
        if not changes:
            out.append(RowResult(line, path, "unchanged", photo_id=row["id"]))
            continue
        out.append(RowResult(line, path, "would_apply", changes, photo_id=row["id"]))
    return out


# -- applying ----------------------------------------------------------------------------------


def apply(db: Database, results: list[RowResult], *, approve: bool = False) -> None:
    """Apply the rows ``plan`` found applicable (in place: ``result`` becomes applied or error).
    Photos whose file another app changed are checked field by field as a rescan would: an outside
    edit of a caption field we wrote puts the photo into conflict (settled with ``resolve``)."""
    _record_outside_edits(db, [r.photo_id for r in results if r.outside and r.photo_id is not None])
    for r in results:
        if r.result != "would_apply" or r.photo_id is None:
            continue
        try:
            _apply_one(db, r, approve)
        except lifecycle.ReviewError as exc:
            r.result, r.error = "error", f"line {r.line}: {r.path}: {exc}"
            continue
        r.result = "applied"


def _record_outside_edits(db: Database, photo_ids: list[int]) -> None:
    from app.library import outside_edits  # noqa: PLC0415 - exiftool only when a file changed

    if not photo_ids:
        return
    rows = [(pid, photos.get(db, pid) or {}) for pid in photo_ids]
    for pid, record in outside_edits.check_rescanned(db, rows).items():
        outside_edits.mark(db, pid, record)


def _apply_one(db: Database, r: RowResult, approve: bool) -> None:
    c = r.changes
    text_parts = [k for k in c if k != "state"]
    state = c.get("state")
    if text_parts:
        translations = None
        if c.get("second_language"):
            translations = {c["second_language"]: {"text": c.get("second_caption"),
                                                   "alt_text": c.get("second_alt_text"),
                                                   "keywords": c.get("second_keywords")}}
        approved = approve or state == "approved"
        lifecycle.edit(db, r.photo_id, c.get("caption"), c.get("keywords"), c.get("title"),
                       alt_text=c.get("alt_text"), translations=translations,
                       state="approved" if approved else "draft", note="imported from a spreadsheet")
        r.approved = approved
        if state == "rejected":
            lifecycle.reject(db, r.photo_id)
        return
    if state == "approved":
        r.approved = lifecycle.approve(db, r.photo_id) is not None
    elif state == "rejected":
        lifecycle.reject(db, r.photo_id)
