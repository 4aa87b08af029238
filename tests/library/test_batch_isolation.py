"""One row that SQLite refuses never loses the rest of its batch (real SQLite)."""

from __future__ import annotations

from pathlib import Path

from PIL import Image

from app.library import scanner
from app.library.probe import probe_file


def _jpeg(path: Path, color: tuple[int, int, int]) -> str:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (40, 30), color).save(path, "JPEG")
    return str(path)


def _rec(path: str) -> dict:
    st = Path(path).stat()
    rec = probe_file(path, st.st_size, st.st_mtime_ns)
    rec.pop("needs_exiftool")
    return rec


def test_a_failing_row_becomes_that_files_error_and_the_batch_is_kept(db, tmp_path: Path) -> None:
    good = [_rec(_jpeg(tmp_path / f"ok{i}.jpg", (i * 40, 10, 10))) for i in range(3)]
    bad = _rec(_jpeg(tmp_path / "bad.jpg", (0, 0, 200)))
    bad["file_description"] = "text with a lone surrogate \udcff from a broken header"  # SQLite cannot store it
    failures = scanner.apply_batch(db, scanner.Batch(inserts=[good[0], bad, good[1], good[2]]))
    assert failures == [{"path": bad["path"], "error": failures[0]["error"]}]
    assert failures[0]["error"].startswith("cannot be stored in the library:")
    rows = {r["path"]: r for r in db.query("SELECT path, state, error, file_description FROM photos")}
    assert {p for p, r in rows.items() if r["state"] == "ok"} == {r["path"] for r in good}
    assert rows[bad["path"]]["state"] == "error" and rows[bad["path"]]["error"] == failures[0]["error"]
    assert rows[bad["path"]]["file_description"] is None  # nothing read from the bad file is kept


def test_a_whole_scan_goes_on_past_the_bad_row(db, tmp_path: Path, monkeypatch) -> None:
    for i in range(5):
        _jpeg(tmp_path / "lib" / f"p{i}.jpg", (10, i * 50, 10))
    real = scanner.probe_chunk

    def poisoned(chunk):
        recs = real(chunk)
        for r in recs:
            if r["path"].endswith("p2.jpg"):
                r["file_title"] = "\ud800"
        return recs

    monkeypatch.setattr(scanner, "probe_chunk", poisoned)
    summary = scanner.index_folders(db, [str(tmp_path / "lib")], workers=1)
    assert summary.added == 5
    assert [e["path"].rsplit("/", 1)[1] for e in summary.errors] == ["p2.jpg"]
    assert db.execute("SELECT count(*) FROM photos WHERE state = 'ok'").fetchone()[0] == 4
    again = scanner.rescan(db, workers=1)
    assert again.unchanged == 5 and again.errors == []  # reported once, like every bad file
