"""File names that are not valid UTF-8, end to end through the real program.

index → list --json → caption (the Ollama double) → approve → write → search → rescan, in
subprocesses, on names such as ``caf\\xe9.jpg`` (Latin-1 bytes from an old archive), a folder with
such a name, and a RAW read through exiftool.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from app.core import fspath
from app.store import db as dbmod
from tests.doubles.library import make_jpeg
from tests.exiftool_cli import exiftool

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "tests" / "data" / "photos"

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="byte file names are a POSIX matter")


def cli(db: Path, *args: str, ok: tuple[int, ...] = (0,)) -> subprocess.CompletedProcess:
    proc = subprocess.run([sys.executable, "-m", "app", "--db", str(db), *args], capture_output=True, text=True,
                          cwd=REPO, env=dict(os.environ, PYTHONPATH=str(REPO)), timeout=240)
    assert proc.returncode in ok, (args, proc.returncode, proc.stderr)
    assert "Traceback" not in proc.stderr
    return proc


def lines(out: str) -> list[dict]:
    return [json.loads(ln) for ln in out.splitlines() if ln.startswith("{")]


def odd(base: Path, raw: bytes) -> Path:
    """``base / raw`` as Python sees an undecodable name (surrogate escapes)."""
    return Path(os.fsdecode(os.fsencode(str(base)) + b"/" + raw))


def exif_description(path: Path) -> str | None:
    out = exiftool("-j", "-XMP-dc:Description", os.fsencode(str(path)), check=True).stdout  # bytes: a one-off exiftool
    return json.loads(out)[0].get("Description")


@pytest.fixture
def lib(tmp_path: Path) -> Path:
    root = tmp_path / "lib"
    root.mkdir()
    make_jpeg(odd(root, b"caf\xe9.jpg"), (320, 200))
    make_jpeg(root / "plain.jpg", (300, 200), top=(30, 160, 30))
    folder = odd(root, b"Fotos \xff\xfe")
    folder.mkdir()
    make_jpeg(folder / "inside.jpg", (240, 180))
    shutil.copy(DATA / "Raw" / "Panasonic.rw2", odd(root, b"r\xe9.rw2"))
    return root


def test_odd_names_index_list_caption_approve_write_search_rescan(tmp_path: Path, lib: Path, ollama_double) -> None:
    db = tmp_path / "lib.db"
    cafe = odd(lib, b"caf\xe9.jpg")
    summary = json.loads(cli(db, "index", str(lib), "--json").stdout)
    assert summary["added"] == 4 and summary["errors"] == [], summary

    listed = {p["path"]: p for p in lines(cli(db, "list", "--json").stdout)}
    shown = f"{lib}/caf\\xe9.jpg"
    assert set(listed) == {shown, f"{lib}/plain.jpg", f"{lib}/Fotos \\xff\\xfe/inside.jpg", f"{lib}/r\\xe9.rw2"}
    assert listed[shown]["state"] == "ok" and (listed[shown]["width"], listed[shown]["height"]) == (320, 200)
    raw = listed[f"{lib}/r\\xe9.rw2"]
    assert raw["state"] == "ok" and raw["format"] == "RW2" and raw["width"] > 1000  # read by exiftool
    assert listed[f"{lib}/Fotos \\xff\\xfe/inside.jpg"]["folder"] == f"{lib}/Fotos \\xff\\xfe"
    # --folder accepts the real (byte) folder name
    inside = lines(cli(db, "list", "--json", "--folder", str(odd(lib, b"Fotos \xff\xfe"))).stdout)
    assert [p["path"] for p in inside] == [f"{lib}/Fotos \\xff\\xfe/inside.jpg"]

    # the exact bytes are kept beside the readable text
    conn = dbmod.connect(db, readonly=True)
    row = dict(zip(("path", "path_bytes"), conn.execute(
        "SELECT path, path_bytes FROM photos WHERE path = ?", [shown]).fetchone()))
    conn.conn.close()
    assert row["path_bytes"] == os.fsencode(str(cafe)) and fspath.from_row(row) == str(cafe)

    thumbs = json.loads(cli(db, "thumbnails", "--json").stdout)
    assert (thumbs["made"], thumbs["failed"]) == (3, 1), thumbs
    # the RAW is a stub: LibRaw opened it by its byte name and found no sensor data in it
    assert thumbs["errors"] == [{"path": f"{lib}/r\\xe9.rw2", "error": "no picture in this file: the raw image data "
                                 "is missing (12 KB for a 3724×2754 sensor); its preview is only 8×8 pixels"}]

    r = cli(db, "caption", str(cafe), "--host", ollama_double.url, "--json")
    drafts = [o for o in lines(r.stdout) if "path" in o]
    assert [(o["path"], o["state"]) for o in drafts] == [(shown, "draft")]
    assert "320x200" in drafts[0]["caption"]  # the model saw this very file's pixels
    r = cli(db, "caption", "--all-missing", "--host", ollama_double.url, "--json")
    # the RAW stub is not captioned from blank pixels: it has no picture, and the model never sees it
    later = {o["path"]: o for o in lines(r.stdout) if "path" in o}
    assert set(later) == set(listed) - {shown}
    stub = later[f"{lib}/r\\xe9.rw2"]
    assert stub["state"] == "failed" and "no picture in this file" in stub["error"] and not stub["caption"], later
    assert len(ollama_double.generation_requests()) == 3

    r = cli(db, "approve", "--all-drafts", "--no-write")
    assert f"approved: {shown}" in r.stdout
    written = {o["path"]: o for o in lines(cli(db, "write", "--json").stdout)}
    assert written[shown]["state"] == "written" and written[shown]["error"] is None
    assert exif_description(cafe) == drafts[0]["caption"]  # written into the file with the byte name
    assert written[f"{lib}/Fotos \\xff\\xfe/inside.jpg"]["state"] == "written"

    hits = json.loads(cli(db, "search", "320x200", "--json").stdout)
    assert [h["path"] for h in hits] == [shown]

    assert "undone" in cli(db, "undo", str(cafe)).stdout  # the write journal keeps the bytes too
    assert exif_description(cafe) is None
    assert "approved" in cli(db, "approve", str(cafe)).stdout and exif_description(cafe) == drafts[0]["caption"]

    again = json.loads(cli(db, "rescan", "--json").stdout)
    assert (again["unchanged"], again["added"], again["changed"], again["errors"]) == (4, 0, 0, [])
    os.rename(cafe, odd(lib, b"caf\xe9 moved.jpg"))
    (odd(lib, b"r\xe9.rw2")).unlink()
    moved = json.loads(cli(db, "rescan", "--json").stdout)
    assert (moved["moved"], moved["missing"], moved["errors"]) == (1, 1, [])
    state = {p["path"]: (p["state"], p["caption_state"]) for p in lines(cli(db, "list", "--json").stdout)}
    assert state[f"{lib}/caf\\xe9 moved.jpg"] == ("ok", "written")
    assert state[f"{lib}/r\\xe9.rw2"][0] == "missing"


def test_a_name_spelt_like_anothers_readable_form_is_reported(tmp_path: Path) -> None:
    root = tmp_path / "lib"
    root.mkdir()
    make_jpeg(odd(root, b"caf\xe9.jpg"), (120, 90))
    make_jpeg(root / "caf\\xe9.jpg", (100, 80))  # a real name with a backslash, spelt the same
    db = tmp_path / "lib.db"
    summary = json.loads(cli(db, "index", str(root), "--json").stdout)
    assert summary["added"] == 1
    assert [e["path"] for e in summary["errors"]] == [f"{root}/caf\\xe9.jpg"]
    assert "clashes" in summary["errors"][0]["error"]
    [only] = lines(cli(db, "list", "--json").stdout)
    assert only["width"] == 100  # the real, valid name kept its own row


def test_done_when_a_hostile_library_indexes_completely_and_rescans(tmp_path: Path) -> None:
    """Non-UTF-8 names, special files and damaged files; every problem listed."""
    import io

    from PIL import Image

    root = tmp_path / "lib"
    root.mkdir()
    make_jpeg(odd(root, b"Sch\xf6n.jpg"), (200, 150))
    make_jpeg(root / "fine.jpg", (200, 150))
    os.symlink(tmp_path / "gone.jpg", root / "dangling.jpg")
    os.mkfifo(root / "pipe.jpg")
    os.symlink("/dev/zero", root / "zero.png")
    (root / "old.crw").write_bytes(b"II\x1a\x00\x00\x00HEAPCCDR" + bytes(64))
    buf = io.BytesIO()
    Image.new("RGB", (200, 150), (9, 99, 199)).save(buf, "PNG")
    odd(root, b"cut \xe9.png").write_bytes(buf.getvalue()[:-30])
    db = tmp_path / "lib.db"
    first = json.loads(cli(db, "index", str(root), "--json").stdout)
    problems = {e["path"].rsplit("/", 1)[1]: e["error"] for e in first["errors"]}
    assert first["added"] == 7
    assert set(problems) == {"dangling.jpg", "pipe.jpg", "zero.png", "old.crw", "cut \\xe9.png"}
    assert all(reason and "\n" not in reason for reason in problems.values())
    status = json.loads(cli(db, "status", "--json").stdout)
    assert status["index"] == {"ok": 2, "error": 5, "missing": 0}
    listed = {p["path"].rsplit("/", 1)[1]: p for p in lines(cli(db, "list", "--json", "--state", "error").stdout)}
    assert {k: v["error"] for k, v in listed.items()} == problems
    again = json.loads(cli(db, "rescan", "--json").stdout)
    assert (again["unchanged"], again["errors"]) == (7, [])


def test_a_root_folder_whose_own_name_is_not_utf8_indexes_and_rescans(tmp_path: Path) -> None:
    root = odd(tmp_path, b"Kamera \xe4lt")
    root.mkdir()
    make_jpeg(root / "a.jpg", (120, 90))
    db = tmp_path / "lib.db"
    assert json.loads(cli(db, "index", str(root), "--json").stdout)["added"] == 1
    status = json.loads(cli(db, "status", "--json").stdout)
    assert status["roots"] == [f"{tmp_path}/Kamera \\xe4lt"]
    make_jpeg(root / "b.jpg", (100, 90))
    again = json.loads(cli(db, "rescan", "--json").stdout)  # walks the real (byte) folder again
    assert (again["added"], again["unchanged"], again["errors"]) == (1, 1, [])
    assert json.loads(cli(db, "index", str(root), "--json").stdout)["unchanged"] == 2  # same root, not a second one
    assert json.loads(cli(db, "status", "--json").stdout)["roots"] == status["roots"]
