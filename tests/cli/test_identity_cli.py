"""From the command line: a caption never lands in another picture that took a photo's name, and a
burst member replaced before ``group approve`` is not approved or written with the group."""

from __future__ import annotations

import json
import shutil
import subprocess
from datetime import datetime
from pathlib import Path

import pytest

from tests.doubles.bursts import make_burst
from tests.doubles.ollama_double import OllamaDouble

pytestmark = [pytest.mark.exiftool]


def lines(out: str) -> list[dict]:
    return [json.loads(x) for x in out.splitlines() if x.startswith("{")]


def _description(path: Path) -> str | None:
    got = json.loads(subprocess.run(["exiftool", "-j", "-XMP-dc:Description", "-EXIF:ImageDescription", str(path)],
                                    capture_output=True, text=True, check=True).stdout)[0]
    return got.get("Description") or got.get("ImageDescription")


def test_an_approved_caption_is_not_written_into_the_picture_that_took_its_name(tmp_path: Path, corpus_dir: Path,
                                                                               run_main) -> None:
    lib, dbp = tmp_path / "lib", str(tmp_path / "lib.db")
    lib.mkdir()
    photo = lib / "IMG_0001.jpg"
    shutil.copyfile(corpus_dir / "Phone/Camera Roll/Apple iPhone 4.jpg", photo)
    assert run_main("--db", dbp, "index", str(lib)).returncode == 0
    r = run_main("--db", dbp, "edit", str(photo), "A street in Rome at noon", "--no-write")
    assert r.returncode == 0, r.stderr
    # a new import reuses the name before the caption is written
    shutil.copyfile(corpus_dir / "Phone/Camera Roll/HTC Desire.jpg", photo)
    r = run_main("--db", dbp, "rescan", "--json")
    assert json.loads(r.stdout)["replaced"] == 1
    row = lines(run_main("--db", dbp, "list", "--json").stdout)
    by_path = {o["path"]: o for o in row}
    assert by_path[str(photo)]["caption"] is None and by_path[str(photo)]["caption_state"] == "none"
    old = [o for o in row if o["path"] != str(photo)]
    assert len(old) == 1 and old[0]["state"] == "missing" and old[0]["caption"] == "A street in Rome at noon"
    r = run_main("--db", dbp, "write", "--json")
    assert not any(o.get("state") == "written" for o in lines(r.stdout)), r.stdout
    assert _description(photo) != "A street in Rome at noon"


def test_a_burst_member_replaced_before_group_approve_stays_out(tmp_path: Path, corpus_dir: Path,
                                                                ollama_double: OllamaDouble, run_main) -> None:
    lib, dbp = tmp_path / "lib", str(tmp_path / "lib.db")
    frames = make_burst(corpus_dir / "2019/Holiday/Nikon D5000.jpg", lib / "Trip", 3, datetime(2021, 6, 5, 14, 30))
    assert run_main("--db", dbp, "index", str(lib)).returncode == 0
    r = run_main("--db", dbp, "caption", "--all-missing", "--json", "--host", ollama_double.url)
    assert r.returncode == 0 and len(ollama_double.generation_requests()) == 1
    drafts = {o["path"]: o["caption"] for o in lines(r.stdout) if "path" in o}
    caption = drafts[str(frames[0])]
    assert set(drafts.values()) == {caption}
    shutil.copyfile(corpus_dir / "Archive/Web copies/Canon_40D.jpg", frames[1])  # another picture, same name
    assert run_main("--db", dbp, "rescan").returncode == 0
    r = run_main("--db", dbp, "group", "approve", str(frames[0]), "--json")
    assert r.returncode == 0, r.stderr
    done = {o["path"] for o in lines(r.stdout) if o.get("error") is None}
    assert str(frames[1]) not in done and {str(frames[0]), str(frames[2])} <= done
    assert _description(frames[0]) == caption and _description(frames[2]) == caption
    assert _description(frames[1]) != caption
    rows = {o["path"]: o for o in lines(run_main("--db", dbp, "list", "--json").stdout)}
    assert rows[str(frames[1])]["caption"] is None and rows[str(frames[1])]["group"] is None
