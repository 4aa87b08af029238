"""Files that show the same picture upright are one group whatever their stored orientation and with
or without a capture time: one generation for all of them, and the same words for the same picture
are never flagged ``duplicate_of_recent``."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

from PIL import Image

from tests.doubles.ollama_double import OllamaDouble

# stored pixels for each EXIF orientation, so that the upright picture is the original one
STORE = {1: None, 2: Image.Transpose.FLIP_LEFT_RIGHT, 3: Image.Transpose.ROTATE_180,
         4: Image.Transpose.FLIP_TOP_BOTTOM, 5: Image.Transpose.TRANSPOSE, 6: Image.Transpose.ROTATE_90,
         7: Image.Transpose.TRANSVERSE, 8: Image.Transpose.ROTATE_270}


def lines(out: str) -> list[dict]:
    return [json.loads(x) for x in out.splitlines() if x.startswith("{")]


def _caption(run_main, dbp: str, url: str, *extra: str) -> tuple[list[dict], dict]:
    r = run_main("--db", dbp, "caption", "--all-missing", "--json", "--host", url, *extra)
    assert r.returncode == 0, r.stderr
    out = lines(r.stdout)
    return [o for o in out if "path" in o], out[-1]["summary"]


def test_nine_orientations_of_one_picture_without_capture_time_get_one_generation(
        tmp_path: Path, corpus_dir: Path, ollama_double: OllamaDouble, run_main) -> None:
    lib, dbp = tmp_path / "lib", str(tmp_path / "lib.db")
    shutil.copytree(corpus_dir / "Misc" / "Orientation", lib)  # Landscape_0..8: one picture, 9 storages
    assert run_main("--db", dbp, "index", str(lib)).returncode == 0
    results, summary = _caption(run_main, dbp, ollama_double.url)
    assert len(results) == 9 and {o["state"] for o in results} == {"draft"}
    assert summary["generations"] == 1 and summary["covered"] == 9
    assert len(ollama_double.generation_requests()) == 1
    assert not any("duplicate_of_recent" in o["flags"] for o in results), results
    rows = lines(run_main("--db", dbp, "list", "--json").stdout)
    assert len({r["group"] for r in rows}) == 1 and rows[0]["group"] is not None


def test_a_real_photo_stored_eight_ways_groups_with_and_without_capture_time(
        tmp_path: Path, corpus_dir: Path, ollama_double: OllamaDouble, run_main) -> None:
    lib, dbp = tmp_path / "lib", str(tmp_path / "lib.db")
    lib.mkdir()
    with Image.open(corpus_dir / "2019" / "Holiday" / "prairie_falcon.jpg") as im:
        upright, exif_src = im.convert("RGB"), im.getexif()
    for o, op in STORE.items():
        exif = Image.Exif()
        exif[0x0112] = o
        if o % 2:  # half of them keep the camera and capture time, the others lost them in an export
            exif[0x010F], exif[0x0110] = exif_src.get(0x010F) or "Canon", exif_src.get(0x0110) or "EOS"
            exif.get_ifd(0x8769)[0x9003] = f"2019:07:0{o} 10:00:00"
        stored = upright.transpose(op) if op is not None else upright
        buf = io.BytesIO()
        stored.save(buf, "JPEG", quality=92, exif=exif.tobytes())
        (lib / f"falcon_{o}.jpg").write_bytes(buf.getvalue())
    (lib / "other.jpg").write_bytes((corpus_dir / "2019" / "Holiday" / "Nikon D5000.jpg").read_bytes())
    assert run_main("--db", dbp, "index", str(lib)).returncode == 0
    results, summary = _caption(run_main, dbp, ollama_double.url)
    assert summary["generations"] == 2 and summary["covered"] == 9
    rows = {Path(r["path"]).name: r for r in lines(run_main("--db", dbp, "list", "--json").stdout)}
    falcons = {rows[f"falcon_{o}.jpg"]["group"] for o in STORE}
    assert len(falcons) == 1 and None not in falcons and rows["other.jpg"]["group"] is None
    assert {rows[f"falcon_{o}.jpg"]["caption"] for o in STORE} == {rows["falcon_1.jpg"]["caption"]}
    # captioned one by one on request, identical words for the identical picture are not a stuck model
    results, summary = _caption(run_main, dbp, ollama_double.url, "--every-frame")
    assert summary["generations"] == 0  # nothing is missing any more
    r = run_main("--db", dbp, "caption", *[str(lib / f"falcon_{o}.jpg") for o in STORE], "--every-frame", "--json",
                 "--host", ollama_double.url)
    every = [o for o in lines(r.stdout) if "path" in o]
    assert len(every) == 8 and not any("duplicate_of_recent" in o["flags"] for o in every), every
