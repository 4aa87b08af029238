"""`albumwise export --format csv` and `albumwise import FILE.csv [--approve] [--dry-run]` on real photos:
a sheet saved the way Excel saves it comes back as edits, approved edits reach the files (exiftool reads
them), and a photo another app changed after the export is a conflict that keeps the other app's text."""

from __future__ import annotations

import csv
import io
import json
import shutil
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "review"))
from review_helpers import copy_corpus, make_photo, read_tags  # noqa: E402

from app.store import captions  # noqa: E402
from app.store import db as dbmod  # noqa: E402
from tests.exiftool_cli import exiftool  # noqa: E402

pytestmark = [pytest.mark.exiftool, pytest.mark.skipif(not shutil.which("exiftool"), reason="exiftool missing")]

MULTI = 'Harbour at dusk, "Fischerhafen"\nsecond line — Ελληνικά, 日本語'


@pytest.fixture
def lib(tmp_path: Path):
    """Two real JPEGs with drafts, their size and time as an index would have stored them."""
    dbp = tmp_path / "lib.db"
    db = dbmod.connect(dbp)
    pics = tmp_path / "pics"
    a = copy_corpus("Archive/Web copies/Nikon_D70.jpg", pics)
    b = copy_corpus("Archive/Web copies/Pentax_K10D.jpg", pics)
    for path, text in ((a, "A mountain lake at dawn"), (b, "=SUM(1,2) on a sign")):
        pid = make_photo(db, path, text=text, keywords=["lake"])
        st = path.stat()
        db.execute("UPDATE photos SET size = ?, mtime_ns = ? WHERE id = ?", [st.st_size, st.st_mtime_ns, pid])
    db.conn.commit()
    db.conn.close()
    return dbp, a, b


def _excel(path: Path, edit) -> None:
    """Read the exported sheet, let ``edit`` change its rows, save it as Excel does in much of Europe:
    UTF-8 with a byte-order mark, cells separated by semicolons."""
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    edit(rows)
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=list(rows[0]), delimiter=";", lineterminator="\r\n")
    w.writeheader()
    w.writerows(rows)
    path.write_bytes(b"\xef\xbb\xbf" + buf.getvalue().encode("utf-8"))


def test_export_edit_in_a_spreadsheet_import_and_write(run_main, lib, tmp_path: Path) -> None:
    dbp, a, b = lib
    sheet = tmp_path / "captions.csv"
    r = run_main("--db", str(dbp), "export", "--format", "csv", "--out", str(sheet))
    assert r.returncode == 0, r.stderr
    exported = list(csv.DictReader(io.StringIO(sheet.read_text(encoding="utf-8"))))
    assert [row["state"] for row in exported] == ["draft", "draft"] and all(len(row["revision"]) == 16
                                                                           for row in exported)
    assert exported[1]["caption"] == "'=SUM(1,2) on a sign"  # shown as text by a spreadsheet

    def edit(rows):
        rows[0]["caption"] = MULTI
        rows[0]["alt_text"] = "Fishing boats moored in a small harbour at dusk."
        rows[1]["alt_text"] = "A road sign with a sum written on it."

    _excel(sheet, edit)
    before = a.read_bytes()
    r = run_main("--db", str(dbp), "import", str(sheet), "--dry-run")
    assert r.returncode == 0, r.stderr
    assert f"line 2: would change: {a}" in r.stdout and f"line 4: would change: {b}" in r.stdout
    assert a.read_bytes() == before
    r = run_main("--db", str(dbp), "import", str(sheet), "--approve", "--json")
    assert r.returncode == 0, r.stderr
    results = [json.loads(ln) for ln in r.stdout.splitlines() if ln.startswith('{"line"')]
    assert [(o["line"], o["result"]) for o in results] == [(2, "applied"), (4, "applied")]
    tags = read_tags(a, "XMP-dc:Description", "XMP-iptcCore:AltTextAccessibility")
    assert tags["XMP-dc:Description"] == MULTI
    assert tags["XMP-iptcCore:AltTextAccessibility"] == "Fishing boats moored in a small harbour at dusk."
    # the formula-like caption went back into the file exactly as it was, without the apostrophe
    assert read_tags(b, "XMP-dc:Description")["XMP-dc:Description"] == "=SUM(1,2) on a sign"
    # the same sheet again: every row is now out of date (the photos were approved and written since)
    r = run_main("--db", str(dbp), "import", str(sheet))
    assert "line 2:" in r.stderr and "changed since the export" in r.stderr and r.returncode == 1


def test_a_photo_another_app_changed_after_the_export_is_a_conflict(run_main, lib, tmp_path: Path) -> None:
    dbp, a, b = lib
    r = run_main("--db", str(dbp), "approve", str(a), str(b))  # written into both files
    assert r.returncode == 0, r.stderr
    sheet = tmp_path / "captions.csv"
    assert run_main("--db", str(dbp), "export", "--format", "csv", "--out", str(sheet)).returncode == 0
    exiftool("-overwrite_original", "-XMP-dc:Description=Retitled in another app", str(a))

    def edit(rows):
        rows[0]["caption"] = "Edited in the sheet"
        rows[1]["caption"] = "Also edited in the sheet"

    _excel(sheet, edit)
    r = run_main("--db", str(dbp), "import", str(sheet), "--approve", "--json")
    results = {o["line"]: o for o in map(json.loads, (ln for ln in r.stdout.splitlines()
                                                        if ln.startswith('{"line"')))}
    assert results[2]["result"] == "conflict" and "another app" in results[2]["error"]
    assert results[3]["result"] == "applied"
    assert read_tags(a, "XMP-dc:Description")["XMP-dc:Description"] == "Retitled in another app"
    assert read_tags(b, "XMP-dc:Description")["XMP-dc:Description"] == "Also edited in the sheet"
    # the outside edit is recorded as a rescan would, so `resolve` can settle it
    r = run_main("--db", str(dbp), "list", "--json")
    states = {o["path"]: o["caption_state"] for o in map(json.loads, (ln for ln in r.stdout.splitlines()
                                                                        if ln.startswith("{")))}
    assert states[str(a)] == "conflict"


def test_a_sheet_in_another_encoding_is_reported_by_line(run_main, lib, tmp_path: Path) -> None:
    dbp, a, _ = lib
    sheet = tmp_path / "captions.csv"
    assert run_main("--db", str(dbp), "export", "--format", "csv", "--out", str(sheet)).returncode == 0
    text = sheet.read_text(encoding="utf-8").replace("A mountain lake at dawn", "Lac de montagne à l'aube")
    sheet.write_bytes(text.encode("cp1252"))
    r = run_main("--db", str(dbp), "import", str(sheet))
    assert r.returncode == 1 and "line 2: not UTF-8 text" in r.stderr


def test_edit_alt_text_is_written_kept_in_history_and_found(run_main, lib) -> None:
    dbp, a, _ = lib
    db = dbmod.connect(dbp)
    pid = db.execute("SELECT id FROM photos WHERE path = ?", [str(a)]).fetchone()[0]
    captions.add_version(db, pid, text="A mountain lake at dawn", source="model", state="draft", model="m",
                         alt_text="A lake.")
    db.conn.close()
    tags = ("XMP-dc:Description", "XMP-iptcCore:AltTextAccessibility", "XMP-albumwise:AltTextSource")
    assert run_main("--db", str(dbp), "approve", str(a)).returncode == 0
    assert read_tags(a, *tags)["XMP-albumwise:AltTextSource"] == "model"  # the provenance of the alt text
    r = run_main("--db", str(dbp), "edit", str(a), "--alt-text", "A still lake below snowy peaks.")
    assert r.returncode == 0, r.stderr
    assert read_tags(a, *tags) == {"XMP-dc:Description": "A mountain lake at dawn",
                                   "XMP-iptcCore:AltTextAccessibility": "A still lake below snowy peaks.",
                                   "XMP-albumwise:AltTextSource": "human"}
    hist = json.loads(run_main("--db", str(dbp), "history", str(a), "--json").stdout)
    assert hist["versions"][-1]["alt_text"] == "A still lake below snowy peaks."
    assert hist["versions"][-1]["source"] == "human"
    found = run_main("--db", str(dbp), "search", "snowy", "--json").stdout
    assert str(a) in found
    r = run_main("--db", str(dbp), "edit", str(a), "--alt-text", "x" * 251)
    assert r.returncode == 2 and "250" in r.stderr
