"""Every entry that looks like a photo is indexed or reported with its reason, and cheap
checks at index time flag damaged files (declared sizes against real ones, end markers)."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from app.library import scanner

REPO = Path(__file__).resolve().parents[2]


def _jpeg(path: Path, size=(64, 48), color=(200, 40, 40)) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", size, color).save(path, "JPEG")
    return path


def _ultra_hdr_like(path: Path) -> Path:
    """A JPEG with a second picture declared in its MPF index (how Ultra HDR stores its gain map)."""
    rng = __import__("numpy").random.default_rng(3)
    main = Image.fromarray(rng.integers(0, 255, (240, 320, 3), dtype="uint8"))
    gain = Image.fromarray(rng.integers(0, 255, (120, 160), dtype="uint8")).convert("RGB")
    main.save(path, "MPO", save_all=True, append_images=[gain], quality=90)
    path.rename(path.with_suffix(".jpg"))
    return path.with_suffix(".jpg")


def _errors(summary: scanner.ScanSummary) -> dict[str, str]:
    return {os.path.basename(e["path"]): e["error"] for e in summary.errors}


@pytest.mark.skipif(sys.platform != "linux", reason="FIFOs and /dev/zero")
def test_special_entries_named_like_photos_are_reported_and_stored(db, tmp_path: Path) -> None:
    lib = tmp_path / "lib"
    _jpeg(lib / "good.jpg")
    os.symlink(tmp_path / "nowhere.jpg", lib / "dangling.jpg")
    os.mkfifo(lib / "fifo.jpg")
    os.symlink("/dev/zero", lib / "zero.jpg")
    os.symlink("loop.png", lib / "loop.png")
    (lib / "old.crw").write_bytes(b"II\x1a\x00\x00\x00HEAPCCDR" + bytes(200))
    (lib / "notes.txt").write_text("not a photo: ignored")
    summary = scanner.index_folders(db, [str(lib)], workers=1)
    errors = _errors(summary)
    assert set(errors) == {"dangling.jpg", "fifo.jpg", "zero.jpg", "loop.png", "old.crw"}
    assert errors["dangling.jpg"].startswith("broken link: points to ") and "does not exist" in errors["dangling.jpg"]
    assert errors["fifo.jpg"] == "not a photo file: a named pipe (FIFO)"
    assert errors["zero.jpg"] == "not a photo file: link to /dev/zero, a character device"
    assert "Too many levels of symbolic links" in errors["loop.png"]
    assert errors["old.crw"] == "unsupported RAW format: CRW"
    rows = {os.path.basename(r["path"]): r for r in db.query("SELECT path, state, error FROM photos")}
    assert {n for n, r in rows.items() if r["state"] == "error"} == set(errors)  # visible in list/status
    assert rows["good.jpg"]["state"] == "ok"
    again = scanner.rescan(db, workers=1)
    assert again.unchanged == 6 and again.errors == []  # reported once, like every bad file
    os.unlink(lib / "dangling.jpg")
    _jpeg(tmp_path / "nowhere.jpg")
    os.symlink(tmp_path / "nowhere.jpg", lib / "dangling.jpg")  # the link now reaches a photo
    fixed = scanner.rescan(db, workers=1)
    assert fixed.changed == 1 and fixed.errors == []


def test_truncated_ultra_hdr_jpeg_is_an_error_at_index_time(db, tmp_path: Path) -> None:
    lib = tmp_path / "lib"
    lib.mkdir()
    whole = _ultra_hdr_like(lib / "whole.mpo")
    cut = lib / "cut.jpg"
    data = whole.read_bytes()
    cut.write_bytes(data[: len(data) - 3000])  # the gain map is cut; the main picture is intact
    assert Image.open(cut).convert("RGB").size == (320, 240)  # it still opens and shows a picture
    summary = scanner.index_folders(db, [str(lib)], workers=1)
    errors = _errors(summary)
    assert set(errors) == {"cut.jpg"}
    assert errors["cut.jpg"].startswith("truncated file: its picture 2 of 2 (e.g. an HDR gain map) declares")


def test_png_with_a_truncated_last_chunk_is_an_error_without_decoding_it(db, tmp_path: Path) -> None:
    lib = tmp_path / "lib"
    lib.mkdir()
    buf = io.BytesIO()
    Image.new("RGB", (300, 200), (10, 90, 200)).save(buf, "PNG")
    data = buf.getvalue()
    (lib / "ok.png").write_bytes(data)
    (lib / "no_iend.png").write_bytes(data[:-12])
    (lib / "cut_chunk.png").write_bytes(data[:-20])
    webp = io.BytesIO()
    Image.new("RGB", (300, 200), (200, 90, 20)).save(webp, "WEBP")
    (lib / "cut.webp").write_bytes(webp.getvalue()[:-40])
    tif = io.BytesIO()
    Image.new("RGB", (300, 200), (20, 90, 20)).save(tif, "TIFF")
    (lib / "cut.tif").write_bytes(tif.getvalue()[:-5000])
    summary = scanner.index_folders(db, [str(lib)], workers=1)
    errors = _errors(summary)
    assert set(errors) == {"no_iend.png", "cut_chunk.png", "cut.webp", "cut.tif"}
    assert errors["no_iend.png"] == "truncated file: the PNG has no end chunk (IEND)"
    assert errors["cut_chunk.png"].startswith("truncated file: the PNG's last chunk (IDAT) declares")
    assert errors["cut.webp"]  # libwebp already refuses it when opening; the RIFF size check backs it up
    assert errors["cut.tif"].startswith("truncated file: the TIFF's image data reaches byte")


@pytest.mark.skipif(sys.platform != "linux", reason="FIFOs")
def test_index_json_lists_every_problem_with_its_reason(tmp_path: Path) -> None:
    lib = tmp_path / "lib"
    _jpeg(lib / "good.jpg")
    os.mkfifo(lib / "pipe.png")
    os.symlink("/missing/photo.jpg", lib / "gone.jpg")
    proc = subprocess.run([sys.executable, "-m", "app", "--db", str(tmp_path / "l.db"), "index", str(lib), "--json"],
                          capture_output=True, text=True, cwd=REPO, env=dict(os.environ, PYTHONPATH=str(REPO)),
                          timeout=120)
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert out["added"] == 3
    assert {os.path.basename(e["path"]): e["error"] for e in out["errors"]} == {
        "pipe.png": "not a photo file: a named pipe (FIFO)",
        "gone.jpg": "broken link: points to /missing/photo.jpg, which does not exist",
    }
