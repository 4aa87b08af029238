"""Bursts and duplicates from the command line: one generation per group through the
Ollama double, every member gets the draft, `group approve` writes every file."""

from __future__ import annotations

import json
import shutil
from datetime import datetime
from pathlib import Path

import pytest

from app.store import db as dbmod
from tests.doubles.bursts import exiftool_set, make_burst
from tests.doubles.ollama_double import OllamaDouble
from tests.exiftool_cli import exiftool

pytestmark = [pytest.mark.exiftool]

SRC = "2019/Holiday/Nikon D5000.jpg"  # NIKON D5000, textured
OTHER = "Archive/Web copies/Canon_40D.jpg"  # another scene
START = datetime(2021, 6, 5, 14, 30, 10)


def lines(out: str) -> list[dict]:
    return [json.loads(x) for x in out.splitlines() if x.startswith("{")]


@pytest.fixture
def burst_lib(tmp_path: Path, corpus_dir: Path) -> dict:
    """4 burst frames + an exact copy of frame 0 in another folder + another scene in the same second."""
    lib = tmp_path / "lib"
    frames = make_burst(corpus_dir / SRC, lib / "Trip", 4, START)
    copy = lib / "Best of" / "IMG_0 (1).jpg"
    copy.parent.mkdir(parents=True)
    shutil.copyfile(frames[0], copy)
    other = lib / "Trip" / "IMG_other.jpg"
    shutil.copyfile(corpus_dir / OTHER, other)
    exiftool_set([(other, {"Make": "NIKON CORPORATION", "Model": "NIKON D5000",
                           "DateTimeOriginal": START.strftime("%Y:%m:%d %H:%M:%S")})])
    return {"lib": lib, "db": tmp_path / "lib.db", "members": [*frames, copy], "other": other}


def test_burst_is_captioned_once_and_approved_as_a_group(burst_lib: dict, ollama_double: OllamaDouble,
                                                           run_main) -> None:
    dbp, members, other = str(burst_lib["db"]), burst_lib["members"], burst_lib["other"]
    assert run_main("--db", dbp, "index", str(burst_lib["lib"])).returncode == 0
    r = run_main("--db", dbp, "caption", "--all-missing", "--json", "--host", ollama_double.url)
    assert r.returncode == 0, r.stderr
    # one generation for the group of five, one for the other scene
    assert len(ollama_double.generation_requests()) == 2
    out = lines(r.stdout)
    summary = out[-1]["summary"]
    assert summary["total"] == 6 and summary["captioned"] == 6
    assert summary["generations"] == 2 and summary["covered"] == 6
    by_path = {o["path"]: o for o in out if "path" in o}
    texts = {by_path[str(m)]["caption"] for m in members}
    assert len(texts) == 1 and texts != {None}
    # list --json: group id and size; the other scene taken in the same second is alone
    rows = {o["path"]: o for o in lines(run_main("--db", dbp, "list", "--json").stdout)}
    gids = {rows[str(m)]["group"] for m in members}
    assert len(gids) == 1 and None not in gids
    assert all(rows[str(m)]["group_size"] == 5 and rows[str(m)]["caption_state"] == "draft" for m in members)
    assert rows[str(other)]["group"] is None and rows[str(other)]["group_size"] == 1
    frames = {rows[str(m)]["caption_from"] for m in members}
    assert len(frames) == 1 and frames.pop() in {str(m) for m in members}
    assert rows[str(other)]["caption_from"] is None  # captioned on its own
    status = json.loads(run_main("--db", dbp, "status", "--json").stdout)
    assert status["groups"] == 1 and status["photos_in_groups"] == 5
    # every member's draft is marked as coming from the one frame that was sent
    db = dbmod.connect(dbp)
    try:
        marks = db.execute("SELECT c.from_photo_id FROM photos p JOIN captions c ON c.id = p.caption_id "
                           "WHERE p.group_id IS NOT NULL").fetchall()
        assert len(marks) == 5 and len({m[0] for m in marks}) == 1 and marks[0][0] is not None
    finally:
        db.conn.close()
    shown = lines(run_main("--db", dbp, "group", "show", str(members[2]), "--json").stdout)
    assert len(shown) == 1 and shown[0]["size"] == 5 and sum(m["best"] for m in shown[0]["members"]) == 1
    # approving the group approves and writes every member; each file gets the caption
    r = run_main("--db", dbp, "group", "approve", str(members[1]), "--json")
    assert r.returncode == 0, r.stderr
    written = [o for o in lines(r.stdout) if o.get("error") is None]
    assert len(written) == 5
    caption = texts.pop()
    got = json.loads(exiftool("-j", "-XMP-dc:Description", *map(str, members), text=True, check=True).stdout)
    assert [g.get("Description") for g in got] == [caption] * 5
    rows = {o["path"]: o for o in lines(run_main("--db", dbp, "list", "--json").stdout)}
    assert {rows[str(m)]["caption_state"] for m in members} == {"written"}
    assert rows[str(other)]["caption_state"] == "draft"
    # the group survives the rescan that follows the writes (fingerprints changed, pixels did not)
    assert run_main("--db", dbp, "rescan").returncode == 0
    rows = {o["path"]: o for o in lines(run_main("--db", dbp, "list", "--json").stdout)}
    assert {rows[str(m)]["group"] for m in members} == gids


def test_every_frame_split_merge_and_move(burst_lib: dict, ollama_double: OllamaDouble, run_main) -> None:
    dbp, members, other = str(burst_lib["db"]), burst_lib["members"], burst_lib["other"]
    assert run_main("--db", dbp, "index", str(burst_lib["lib"])).returncode == 0
    assert run_main("--db", dbp, "group", "refresh").returncode == 0
    # split one frame off by hand: it stays alone, even after another refresh
    assert run_main("--db", dbp, "group", "split", str(members[3])).returncode == 0
    assert run_main("--db", dbp, "group", "refresh").returncode == 0
    rows = {o["path"]: o for o in lines(run_main("--db", dbp, "list", "--json").stdout)}
    assert rows[str(members[3])]["group"] is None and rows[str(members[0])]["group_size"] == 4
    # merge the other scene in by hand, and make it the best frame
    assert run_main("--db", dbp, "group", "merge", str(other), str(members[0])).returncode == 0
    assert run_main("--db", dbp, "group", "pick", str(other)).returncode == 0
    rows = {o["path"]: o for o in lines(run_main("--db", dbp, "list", "--json").stdout)}
    assert rows[str(other)]["group"] == rows[str(members[0])]["group"] and rows[str(other)]["group_size"] == 5
    # a move keeps the group
    moved = burst_lib["lib"] / "Moved" / "renamed.jpg"
    moved.parent.mkdir()
    shutil.move(str(members[1]), moved)
    r = json.loads(run_main("--db", dbp, "rescan", "--json").stdout)
    assert r["moved"] == 1
    rows = {o["path"]: o for o in lines(run_main("--db", dbp, "list", "--json").stdout)}
    assert rows[str(moved)]["group"] == rows[str(members[0])]["group"]
    # the picked frame is the one sent; --every-frame sends each photo
    r = run_main("--db", dbp, "caption", str(burst_lib["lib"] / "Trip"), "--json", "--host", ollama_double.url)
    assert r.returncode == 0, r.stderr
    reqs = ollama_double.generation_requests()
    # Trip holds: other (picked best, leads members 0 and 2 plus the copy in Best of, uncaptioned), member 3 alone
    assert len(reqs) == 2
    assert lines(r.stdout)[-1]["summary"]["covered"] == 6
    r = run_main("--db", dbp, "caption", str(members[0]), str(members[2]), "--every-frame", "--json",
                 "--host", ollama_double.url)
    assert r.returncode == 0 and len(ollama_double.generation_requests()) == 4


def test_group_usage_errors_and_edit(burst_lib: dict, run_main) -> None:
    dbp, members, other = str(burst_lib["db"]), burst_lib["members"], burst_lib["other"]
    assert run_main("--db", dbp, "index", str(burst_lib["lib"])).returncode == 0
    assert run_main("--db", dbp, "group", "refresh", "--json").returncode == 0
    r = run_main("--db", dbp, "group", "merge", str(other))
    assert r.returncode == 2 and r.stderr.count("\n") == 1
    r = run_main("--db", dbp, "group", "pick", str(other))
    assert r.returncode == 1 and "not in a group" in r.stderr
    r = run_main("--db", dbp, "group", "show", str(other))
    assert r.returncode == 0 and "not in a group" in r.stdout
    r = run_main("--db", dbp, "group", "edit", str(members[0]), "  ")
    assert r.returncode == 1 and "empty" in r.stderr and "Traceback" not in r.stderr
    r = run_main("--db", dbp, "group", "approve", str(members[0]), "--no-write")
    assert r.returncode == 1 and r.stderr.count("no draft caption to approve") == 5
    r = run_main("--db", dbp, "group", "edit", str(members[0]), "Our bridge", "--no-write")
    assert r.returncode == 0 and r.stdout.count("edited:") == 5
    rows = {o["path"]: o for o in lines(run_main("--db", dbp, "list", "--json").stdout)}
    assert {(rows[str(m)]["caption"], rows[str(m)]["caption_state"]) for m in members} == {("Our bridge", "approved")}
    assert rows[str(other)]["caption_state"] == "none"
    r = run_main("--db", dbp, "group", "approve", str(members[0]), "--no-write")
    assert r.returncode == 0  # already approved is not an error


def test_thumbnail_time_and_index_time_grouping(burst_lib: dict, run_main, corpus_dir: Path) -> None:
    dbp, members = str(burst_lib["db"]), burst_lib["members"]
    assert run_main("--db", dbp, "index", str(burst_lib["lib"])).returncode == 0
    rows = {o["path"]: o for o in lines(run_main("--db", dbp, "list", "--json").stdout)}
    assert rows[str(members[0])]["group_size"] == 2  # index time: the exact copy, by fingerprint
    assert rows[str(members[1])]["group"] is None  # near-repeats need thumbnails
    assert run_main("--db", dbp, "thumbnails").returncode == 0
    rows = {o["path"]: o for o in lines(run_main("--db", dbp, "list", "--json").stdout)}
    assert {rows[str(m)]["group_size"] for m in members} == {5}  # thumbnail time: the whole burst
    # a copy added later joins its group at index time (by fingerprint, no decoding)
    extra = burst_lib["lib"] / "Later" / "IMG_2 copy.jpg"
    extra.parent.mkdir()
    shutil.copyfile(members[2], extra)
    assert run_main("--db", dbp, "rescan").returncode == 0
    rows = {o["path"]: o for o in lines(run_main("--db", dbp, "list", "--json").stdout)}
    assert rows[str(extra)]["group"] == rows[str(members[0])]["group"] and rows[str(extra)]["group_size"] == 6
