"""Control and escape characters from file metadata are shown escaped on a terminal (``list``,
``search``, ``history``, ``context`` and the rest), JSON output stays valid and exact, and a CSV export
never hands a spreadsheet a formula."""

from __future__ import annotations

import csv
import io
import json
import subprocess
from pathlib import Path

import pytest
from PIL import Image

from app.core import terminal
from app.review import export

ESC_TITLE = "\x1b]0;owned\x07"  # retitles the terminal window
RED = "\x1b[31m"
CSI = "\x9b2J"  # C1 control sequence introducer: clears the screen on some terminals
RLO = "\u202e"  # right-to-left override: shows "gpj.exe" for "exe.jpg"
RAW = ("\x1b", "\x9b", "\x07", "\u202e", "\x08")


def _photo(path: Path, description: str, keyword: str = "harbour") -> Path:
    """A real photo whose IPTC caption (UTF-8) and keyword say what we ask, written by exiftool."""
    tmp = path.with_name("tmp.jpg")
    with Image.open(Path(__file__).resolve().parents[1] / "data" / "photos" / "Edited" / "GPS.jpg") as im:
        im.convert("RGB").save(tmp, "JPEG")  # the pixels of a real photo, none of its metadata
    subprocess.run(["exiftool", "-q", "-q", "-m", "-overwrite_original", "-charset", "iptc=UTF8",
                    "-IPTC:CodedCharacterSet=UTF8", f"-IPTC:Caption-Abstract={description}",
                    f"-IPTC:Keywords={keyword}", str(tmp)], check=True)
    tmp.rename(path)
    return path


def _clean(text: str) -> None:
    for c in RAW:
        assert c not in text, (c, text)


@pytest.mark.exiftool
def test_metadata_control_characters_are_escaped_in_every_listing(tmp_path: Path, run_main) -> None:
    lib, dbp = tmp_path / f"Wedding {ESC_TITLE}2019", str(tmp_path / "lib.db")
    lib.mkdir()
    plain = _photo(lib / "plain.jpg", f"Harbour at dusk {RED}boats{CSI} {RLO}gpj.exe", f"boat{RED}")
    sneaky = _photo(lib / f"{RED}bad\nname.jpg", "Lighthouse\x08\x08\x08\x08 at night")
    assert run_main("--db", dbp, "index", str(lib)).returncode == 0

    out = run_main("--db", dbp, "list")
    _clean(out.stdout + out.stderr)
    assert "\\x1b[31mboats\\x9b2J \\u202egpj.exe" in out.stdout
    assert "\\x1b[31mbad\\nname.jpg" in out.stdout  # one line per photo, whatever its name holds
    assert len(out.stdout.splitlines()) == 1 + 2 * 2
    # JSON output is still the exact text, valid JSON
    rows = {Path(r["path"]).name: r for r in map(json.loads, run_main("--db", dbp, "list", "--json").stdout.splitlines())}
    assert rows["plain.jpg"]["description"] == f"Harbour at dusk {RED}boats{CSI} {RLO}gpj.exe"
    assert rows["plain.jpg"]["keywords"] == [f"boat{RED}"]
    assert rows[f"{RED}bad\nname.jpg"]["description"] == "Lighthouse\x08\x08\x08\x08 at night"

    found = run_main("--db", dbp, "search", "harbour")
    _clean(found.stdout + found.stderr)
    assert "plain.jpg" in found.stdout and "\\x1b" in found.stdout
    assert json.loads(run_main("--db", dbp, "search", "harbour", "--json").stdout)[0]["path"] == str(plain)

    assert run_main("--db", dbp, "edit", str(sneaky), f"A lighthouse {ESC_TITLE}", "--no-write").returncode == 0
    hist = run_main("--db", dbp, "history", str(sneaky))
    _clean(hist.stdout + hist.stderr)
    assert "\\x1b]0;owned\\x07" in hist.stdout and "\\x08" in hist.stdout

    ctx = run_main("--db", dbp, "context", "show", str(lib))
    _clean(ctx.stdout + ctx.stderr)
    assert "\\x1b]0;owned\\x07" in ctx.stdout
    assert json.loads(run_main("--db", dbp, "context", "show", str(lib), "--json").stdout)["folder"] == str(lib)


def test_escaping_rules() -> None:
    assert terminal.escape("a\x1b[1mb\tc\nd\re\x7f\x85\u2066") == "a\\x1b[1mb\tc\nd\re\\x7f\\x85\\u2066"
    assert terminal.one_line("a\nb\tc\rd") == "a\\nb\\tc\\rd"
    assert terminal.one_line(None) == ""
    text = terminal.json_dumps({"k": f"x{CSI}{RLO}\x1b"})
    assert json.loads(text) == {"k": f"x{CSI}{RLO}\x1b"} and not any(c in text for c in RAW)
    assert terminal.escape("Grüße, 東京, café ☕") == "Grüße, 東京, café ☕"  # ordinary text untouched


@pytest.mark.parametrize("caption", ["=HYPERLINK(\"http://x.example\",\"click\")", "+1+1", "-2+3", "@SUM(A1:A2)",
                                     "\tindented", "\rcarriage", "=cmd|' /C calc'!A0"])
def test_csv_export_neutralises_formula_cells(caption: str) -> None:
    items = [{"path": "/lib/a.jpg", "caption": caption, "keywords": ["=1+2", "plain"], "title": "@title",
              "state": "approved", "source": "human", "model": None, "style": None, "created_at": "2024",
              "updated_at": None, "written_at": None, "place": None, "people": ["-Anna"]}]
    text = export.to_csv(items)
    row = next(csv.DictReader(io.StringIO(text)))
    assert row["caption"] == "'" + caption
    assert row["keywords"] == "'=1+2; plain" and row["title"] == "'@title" and row["people"] == "'-Anna"
    assert row["path"] == "/lib/a.jpg" and row["state"] == "approved"  # ordinary cells unchanged
    assert text.splitlines()[1].startswith('"/lib/a.jpg","\'')  # every cell quoted


def test_csv_cells_that_only_contain_formula_characters_inside_are_kept() -> None:
    row = next(csv.DictReader(io.StringIO(export.to_csv([{"path": "/p.jpg", "caption": "Anna + Ben = love",
                                                          "keywords": []}]))))
    assert row["caption"] == "Anna + Ben = love"
