"""The spreadsheet round trip: export, edit the CSV as a person or Excel would, import. Edited cells become
edits, photos that changed since the export are conflicts, bad rows and bad encodings are named by line,
and nothing is lost: line breaks, quotes, commas, any script, and cells that look like formulas."""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path

import pytest
from review_helpers import make_photo

from app.review import export, lifecycle, sheet_import
from app.store import captions, photos

HARD = 'Line one, with a comma\nline two "quoted" — 日本語 Ελληνικά'


@pytest.fixture
def lib(db, tmp_path: Path):
    """Three photos with drafts; the first has alt text and a German version."""
    ids = []
    for i, name in enumerate(("a.jpg", "b.jpg", "c.jpg")):
        p = tmp_path / name
        p.write_bytes(b"not really a jpeg " + name.encode())
        st = p.stat()
        pid = make_photo(db, p, text=f"Caption {name}", keywords=["dog", "beach"])
        db.execute("UPDATE photos SET size = ?, mtime_ns = ? WHERE id = ?", [st.st_size, st.st_mtime_ns, pid])
        ids.append(pid)
    captions.add_version(db, ids[0], text="A dog on the beach.", keywords=["dog", "beach"], source="model",
                         state="draft", model="llava", alt_text="Dog on a beach.", language="English",
                         translations={"de": {"text": "Ein Hund am Strand.", "alt_text": "Hund am Strand.",
                                              "keywords": ["Hund", "Strand"]}})
    db.conn.commit()
    return ids


def _export(db) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(export.to_csv(list(export.rows(db))))))


def _csv(rows: list[dict[str, str]], *, delimiter: str = ",", bom: bool = False, lineterminator: str = "\r\n") -> bytes:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=list(rows[0]), delimiter=delimiter, lineterminator=lineterminator)
    w.writeheader()
    w.writerows(rows)
    return (b"\xef\xbb\xbf" if bom else b"") + buf.getvalue().encode("utf-8")


def _import(db, data: bytes, *, approve: bool = False, dry: bool = False) -> list[sheet_import.RowResult]:
    rows, bad = sheet_import.read(data)
    results = sorted(bad + sheet_import.plan(db, rows), key=lambda r: r.line)
    if not dry:
        sheet_import.apply(db, results, approve=approve)
    return results


def test_export_carries_alt_text_second_language_state_and_a_revision(db, lib) -> None:
    rows = _export(db)
    first = next(r for r in rows if r["path"].endswith("a.jpg"))
    assert first["alt_text"] == "Dog on a beach." and first["second_language"] == "de"
    assert first["second_caption"] == "Ein Hund am Strand." and first["second_keywords"] == "Hund; Strand"
    assert first["state"] == "draft" and len(first["revision"]) == 16
    assert json.loads(export.to_json(list(export.rows(db))))[0]["revision"] == first["revision"]


def test_an_excel_resave_with_bom_and_semicolons_round_trips_every_edit(db, lib) -> None:
    rows = _export(db)
    rows[0]["caption"] = HARD
    rows[0]["alt_text"] = "A brown dog on a sandy beach."
    rows[0]["second_caption"] = "Ein brauner Hund am Sandstrand."
    rows[1]["keywords"] = "dog; beach; waves"
    rows[2]["caption"] = "=1+1 is what the sign says"  # typed in the sheet: a text, not a formula for us
    data = _csv(rows, delimiter=";", bom=True)
    preview = _import(db, data, dry=True)
    assert [r.result for r in preview] == ["would_apply"] * 3
    assert preview[0].changes == {"caption": HARD, "alt_text": "A brown dog on a sandy beach.",
                                  "second_caption": "Ein brauner Hund am Sandstrand.", "second_language": "de"}
    assert photos.get(db, lib[0])["caption"] == "A dog on the beach."  # a dry run changes nothing
    results = _import(db, data)
    assert [r.result for r in results] == ["applied"] * 3 and [r.line for r in results] == [2, 4, 5]
    cur = lifecycle.current(db, lib[0])
    assert cur["text"] == HARD and cur["source"] == "human" and cur["state"] == "draft"
    assert cur["alt_text"] == "A brown dog on a sandy beach." and cur["note"] == "imported from a spreadsheet"
    assert json.loads(cur["translations"])["de"] == {"text": "Ein brauner Hund am Sandstrand.",
                                                     "alt_text": "Hund am Strand.", "keywords": ["Hund", "Strand"]}
    assert lifecycle.keywords_of(lifecycle.current(db, lib[1])) == ["dog", "beach", "waves"]
    assert lifecycle.current(db, lib[2])["text"] == "=1+1 is what the sign says"
    # Exported again, read again: nothing changed, line breaks, quotes and scripts intact.
    again = _export(db)
    assert again[0]["caption"] == HARD and again[2]["caption"] == "'=1+1 is what the sign says"
    assert all(r.result == "unchanged" for r in _import(db, _csv(again)))


def test_formula_cells_come_back_exactly_and_an_own_apostrophe_stays(db, lib) -> None:
    lifecycle.edit(db, lib[1], "'=quoted on purpose")
    lifecycle.edit(db, lib[2], "-2 degrees at dawn")
    rows = _export(db)
    assert rows[1]["caption"] == "''=quoted on purpose" and rows[2]["caption"] == "'-2 degrees at dawn"
    rows[1]["title"] = "Title one"
    rows[2]["title"] = "Title two"
    results = _import(db, _csv(rows))
    assert [r.result for r in results][1:] == ["applied", "applied"]
    assert lifecycle.current(db, lib[1])["text"] == "'=quoted on purpose"  # not changed by the round trip
    assert lifecycle.current(db, lib[2])["text"] == "-2 degrees at dawn"


def test_photos_changed_since_the_export_are_conflicts_and_not_applied(db, lib, tmp_path: Path) -> None:
    rows = _export(db)
    for r in rows:
        r["caption"] = r["caption"] + " (edited in the sheet)"
    lifecycle.edit(db, lib[0], "Changed in Albumwise after the export")
    f = tmp_path / "b.jpg"
    f.write_bytes(f.read_bytes() + b" changed by another app")
    os.utime(f, ns=(f.stat().st_atime_ns, f.stat().st_mtime_ns + 5_000_000_000))
    results = _import(db, _csv(rows))
    assert [r.result for r in results] == ["conflict", "conflict", "applied"], [r.error for r in results]
    assert "changed since the export" in results[0].error and "line 2" in results[0].error
    assert "another app" in results[1].error
    assert lifecycle.current(db, lib[0])["text"] == "Changed in Albumwise after the export"
    assert lifecycle.current(db, lib[1])["text"] == "Caption b.jpg"


def test_bad_rows_unknown_photos_and_bad_encodings_are_named_by_line(db, lib) -> None:
    rows = _export(db)
    rows[0]["caption"] = "Good edit"
    rows[1]["caption"] = "Café edit"
    rows[2]["caption"] = ""  # emptied: not a caption
    extra = dict(rows[0], path="/nowhere/x.jpg", caption="Not ours")
    data = _csv(rows + [extra])
    data = data.replace("Café".encode("utf-8"), "Café".encode("cp1252"))  # one row saved in Latin-1
    data += b'"/only/two/cells","x"\r\n'
    results = _import(db, data)
    by_line = {r.line: r for r in results}
    assert by_line[2].result == "applied"
    assert by_line[3].result == "error" and "not UTF-8" in by_line[3].error
    assert by_line[4].result == "error" and "caption cell is empty" in by_line[4].error
    assert by_line[5].result == "error" and "not in the library: /nowhere/x.jpg" in by_line[5].error
    assert by_line[6].result == "error" and "2 cells" in by_line[6].error
    assert lifecycle.current(db, lib[0])["text"] == "Good edit"


def test_approve_and_state_cells(db, lib) -> None:
    rows = _export(db)
    rows[0]["caption"] = "Approved from the sheet"
    rows[1]["state"] = "approved"
    rows[2]["state"] = "rejected"
    results = _import(db, _csv(rows), approve=True)
    assert [r.result for r in results] == ["applied"] * 3 and results[0].approved and results[1].approved
    assert lifecycle.current(db, lib[0])["state"] == "approved"
    assert photos.get(db, lib[1])["caption_state"] == "approved"
    assert photos.get(db, lib[2])["caption_state"] == "rejected"


def test_a_sheet_without_a_path_column_is_refused_whole() -> None:
    with pytest.raises(sheet_import.SheetError):
        sheet_import.read(b"name,caption\r\nx,y\r\n")


def test_excel_unicode_text_utf16_with_tabs_is_read(db, lib) -> None:
    rows = _export(db)
    rows[0]["caption"] = "Ünïcödé text, saved by Excel as \"Unicode text\""
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=list(rows[0]), delimiter="\t", lineterminator="\r\n")
    w.writeheader()
    w.writerows(rows)
    results = _import(db, buf.getvalue().encode("utf-16"))  # with its byte-order mark, as Excel writes it
    assert [r.result for r in results] == ["applied", "unchanged", "unchanged"]
    assert lifecycle.current(db, lib[0])["text"] == rows[0]["caption"]
