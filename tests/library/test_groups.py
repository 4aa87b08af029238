"""Grouping: signatures, the never-two-scenes guarantee over every pair of test photos,
incremental assignment, split/merge/pick, and the caption plan (context differences, failures)."""

from __future__ import annotations

import itertools
import json
import os
from pathlib import Path

import pytest
from PIL import Image

from app.captioning import grouping
from app.captioning import queue as jobq
from app.captioning.store import store_failure, store_result
from app.library import groups, phash, thumbs
from app.library.groups import Rules
from app.services import grouping as grouping_service
from tests.doubles.bursts import variant
from tests.doubles.library import add_photo

# Files in tests/data/photos that show the same picture (checked by eye): identical test images
# with different metadata, the same image in several formats, one image under every EXIF orientation.
SAME_SCENE = [
    {"Edited/IPTC.jpg", "Edited/MWG.jpg", "Edited/PhotoMechanic.jpg", "Edited/XMP.jpg"},
    {"Edited/Porträtt på Eva.jpg", "Edited/exiv2-bug460.jpg"},
    {"Edited/Reagan.jpg", "Formats/Reagan.tiff", "Formats/ReaganSmallPng.png"},
    {f"Misc/Orientation/Landscape_{i}.jpg" for i in range(9)},
]


def _scene(rel: str) -> int | None:
    return next((i for i, s in enumerate(SAME_SCENE) if rel in s), None)


@pytest.fixture(scope="module")
def corpus_signatures(tmp_path_factory: pytest.TempPathFactory, corpus_dir: Path) -> dict[str, phash.Signature]:
    """Every decodable test photo's signature, through the real thumbnail path."""
    tdir = tmp_path_factory.mktemp("thumbs")
    out: dict[str, phash.Signature] = {}
    for p in sorted(corpus_dir.rglob("*")):
        if not p.is_file() or p.name.startswith("."):
            continue
        try:
            t = thumbs.ensure(p, f"{abs(hash(str(p))):032x}"[:32], tdir)
        except Exception:  # noqa: BLE001 - unreadable files are not photos to group
            continue
        out[p.relative_to(corpus_dir).as_posix()] = phash.signature(phash.open_thumbnail(str(t)))
    return out


def test_never_groups_two_different_scenes(corpus_signatures: dict[str, phash.Signature]) -> None:
    """Every pair of test photos, as if taken by one camera in one second: only the same picture groups."""
    assert len(corpus_signatures) >= 70
    rules = Rules()
    wrong, missed = [], []
    for (a, sa), (b, sb) in itertools.combinations(sorted(corpus_signatures.items()), 2):
        near = groups.is_near(sa, sb, rules)
        same = _scene(a) is not None and _scene(a) == _scene(b)
        if near and not same:
            wrong.append((a, b, phash.hamming(sa.dhash, sb.dhash), phash.hamming(sa.phash, sb.phash)))
        if same and not near:
            missed.append((a, b))
    assert not wrong, wrong
    assert not missed, missed


def test_the_same_picture_needs_no_capture_time_and_never_joins_two_scenes(
        corpus_signatures: dict[str, phash.Signature]) -> None:
    """Without camera or time, only the same picture groups: every pair of test photos checked."""
    wrong, missed = [], []
    for (a, sa), (b, sb) in itertools.combinations(sorted(corpus_signatures.items()), 2):
        same = groups.is_same_picture(sa, sb)
        scene = _scene(a) is not None and _scene(a) == _scene(b)
        if same and not scene:
            wrong.append((a, b))
        if scene and not same and min(sa.contrast, sb.contrast) >= groups.FLAT_CONTRAST:
            missed.append((a, b))
    assert wrong == [] and missed == []


def test_identical_pictures_in_any_orientation_group_without_capture_time(db, tmp_path: Path,
                                                                          corpus_dir: Path) -> None:
    from app.library import scanner

    lib = tmp_path / "lib"
    lib.mkdir()
    for i in range(9):
        (lib / f"L{i}.jpg").write_bytes((corpus_dir / f"Misc/Orientation/Landscape_{i}.jpg").read_bytes())
    scanner.index_folders(db, [str(lib)])
    assert db.execute("SELECT count(*) FROM photos WHERE taken_at IS NULL").fetchone()[0] == 9
    grouping_service.refresh(grouping_service.direct(db), tmp_path / "thumbs", Rules())
    gids = {r[0] for r in db.execute("SELECT group_id FROM photos").fetchall()}
    assert len(gids) == 1 and None not in gids


def test_a_burst_of_each_photo_groups_with_itself(corpus_dir: Path) -> None:
    rules = Rules()
    for rel in ("2019/Holiday/Nikon D5000.jpg", "2019/Holiday/Tanner's Ridge (fall).jpg",
                "Phone/Camera Roll/Apple iPhone 4.jpg", "Archive/Web copies/Canon_40D.jpg"):
        with Image.open(corpus_dir / rel) as im:
            base = im.convert("RGB")
        sigs = []
        for k in range(-1, 5):
            img = base if k < 0 else variant(base, k)
            img = img.copy()
            img.thumbnail((256, 256))
            sigs.append(phash.signature(img))
        for a, b in itertools.combinations(sigs, 2):
            assert groups.is_near(a, b, rules), rel


def test_flat_frames_group_only_when_identical() -> None:
    white, black = Image.new("RGB", (256, 170), "white"), Image.new("RGB", (256, 170), "black")
    s_white, s_black = phash.signature(white), phash.signature(black)
    assert s_white.dhash == s_black.dhash  # hashes of flat images carry no information ...
    assert not groups.is_near(s_white, s_black, Rules())  # ... so they never decide
    assert groups.is_near(s_white, phash.signature(white.copy()), Rules())


def _photo(db, tmp_path: Path, name: str, img: Image.Image, **fields) -> int:
    p = tmp_path / name
    p.parent.mkdir(parents=True, exist_ok=True)
    img.save(p, "JPEG", quality=90)
    fields.setdefault("fingerprint", f"{abs(hash(name)):032x}"[:32])
    return add_photo(db, p, **fields)


@pytest.fixture
def burst_db(db, tmp_path: Path, corpus_dir: Path):
    with Image.open(corpus_dir / "2019/Holiday/Nikon D5000.jpg") as im:
        base = im.convert("RGB")
    cam = {"camera_make": "NIKON", "camera_model": "D5000"}
    ids = [_photo(db, tmp_path, f"b{k}.jpg", variant(base, k), taken_at=f"2020-01-01T10:00:0{k}", **cam)
           for k in range(3)]
    with Image.open(corpus_dir / "Archive/Web copies/Canon_40D.jpg") as im:
        other = _photo(db, tmp_path, "other.jpg", im.convert("RGB"), taken_at="2020-01-01T10:00:01", **cam)
    late = _photo(db, tmp_path, "late.jpg", variant(base, 4), taken_at="2020-01-01T10:05:00", **cam)
    return db, ids, other, late, tmp_path / "thumbs"


def test_incremental_grouping_and_hand_edits(burst_db) -> None:
    db, ids, other, late, tdir = burst_db
    call = grouping_service.direct(db)
    out = grouping_service.refresh(call, tdir, Rules(), photo_ids=ids[:1])
    assert out["hashed"] == 1 and out["groups"] == 0  # alone so far
    grouping_service.refresh(call, tdir, Rules())
    gid = {db.execute("SELECT group_id FROM photos WHERE id = ?", [i]).fetchone()[0] for i in ids}
    assert len(gid) == 1 and None not in gid
    loose = db.execute("SELECT group_id FROM photos WHERE id IN (?, ?)", [other, late]).fetchall()
    assert loose == [(None,), (None,)]  # another scene in the same second; the same scene 5 minutes on
    assert grouping_service.refresh(call, tdir, Rules())["hashed"] == 0  # nothing stale: nothing to do
    # a wider time window lets the later frame in
    db.execute("DELETE FROM photo_signatures WHERE photo_id = ?", [late])
    grouping_service.refresh(call, tdir, Rules(seconds=600), photo_ids=[late])
    assert db.execute("SELECT group_id FROM photos WHERE id = ?", [late]).fetchone()[0] in gid
    assert groups.stats(db) == {"groups": 1, "photos_in_groups": 4, "repeats": 3}
    # split: out for good; merge: kept whatever the hashes say; pick: the frame captioned
    groups.split(db, [late])
    db.execute("DELETE FROM photo_signatures WHERE photo_id = ?", [late])
    grouping_service.refresh(call, tdir, Rules(seconds=600), photo_ids=[late])
    assert db.execute("SELECT group_id FROM photos WHERE id = ?", [late]).fetchone()[0] is None
    g2 = groups.merge(db, [other, ids[0]])
    assert g2 in gid and len(grouping_service.member_ids(db, other)) == 4
    groups.pick_best(db, other)
    assert groups.members(db, g2)[0]["id"] == other
    groups.split(db, [ids[0], ids[1], ids[2]])
    assert groups.count(db) == 0  # a group of one is no group
    assert db.execute("SELECT group_id FROM photos WHERE id = ?", [other]).fetchone()[0] is None


def _draft_record() -> dict:
    return {"text": "A hillside at dusk.", "keywords": ["hill"], "model": "m", "host": "h", "style": "caption",
            "language": "English", "prompt": "p", "options": {}, "metrics": {}, "done_reason": "stop",
            "flags": [], "raw_text": "x"}


def test_plan_respects_context_and_failures_release_followers(burst_db) -> None:
    db, ids, other, late, tdir = burst_db
    grouping_service.refresh(grouping_service.direct(db), tdir, Rules())
    # the sharpest frame leads; the others follow
    units = grouping.plan(db, ids)
    assert len(units) == 1 and set([units[0].leader, *units[0].followers]) == set(ids)
    sharp = max(groups.members(db, groups.members(db, db.execute(
        "SELECT group_id FROM photos WHERE id = ?", [ids[0]]).fetchone()[0])[0]["group_id"]),
        key=lambda r: r["sharpness"])
    assert units[0].leader == sharp["id"]
    assert len(grouping.plan(db, ids, every_frame=True)) == 3
    # another person tagged in one frame: that frame gets its own caption
    db.execute("UPDATE photos SET file_keywords = ? WHERE id = ?", [json.dumps(["Anna Schmidt"]), ids[2]])
    units = grouping.plan(db, ids)
    assert sorted(len(u.followers) for u in units) == [0, 1]
    assert any(u.leader == ids[2] and not u.followers for u in units)
    # a different place (GPS 5 km away) too
    db.execute("UPDATE photos SET file_keywords = '[]' WHERE id = ?", [ids[2]])
    db.execute("UPDATE photos SET gps_lat = 45.0, gps_lon = 9.0 WHERE id = ?", [ids[0]])
    db.execute("UPDATE photos SET gps_lat = 45.045, gps_lon = 9.0 WHERE id = ?", [ids[1]])
    assert len(grouping.plan(db, ids)) == 2
    db.execute("UPDATE photos SET gps_lat = 45.0005 WHERE id = ?", [ids[1]])  # 55 m: the same place
    assert len(grouping.plan(db, ids)) == 1
    # enqueue: one job; storing its result gives every follower the draft
    job_ids, covered = grouping.enqueue_grouped(db, ids, {"style": "caption"})
    assert len(job_ids) == 1 and covered == 3
    job = jobq.claim(db)
    out = store_result(db, job["id"], job["photo_id"], _draft_record())
    assert len(out["followers"]) == 2 and all(f["state"] == "draft" for f in out["followers"])
    for pid in ids:
        row = db.execute("SELECT caption, caption_state FROM photos WHERE id = ?", [pid]).fetchone()
        assert row == ("A hillside at dusk.", "draft")
    # the best frame fails: the followers are queued one by one
    db.execute("UPDATE photos SET caption_state = 'none', caption_id = NULL, caption = NULL")
    job_ids, _ = grouping.enqueue_grouped(db, ids, {})
    job = jobq.claim(db)
    store_failure(db, job["id"], job["photo_id"], "cannot read the photo")
    queued = {r[0] for r in db.execute("SELECT photo_id FROM jobs WHERE state = 'queued'").fetchall()}
    assert queued == set(ids) - {job["photo_id"]}


def test_exact_copies_group_at_index_time(db, corpus_copy: Path) -> None:
    from app.library import scanner

    src = corpus_copy / "2019" / "Holiday" / "prairie_falcon.jpg"
    dup = corpus_copy / "Elsewhere" / "prairie_falcon (1).jpg"
    dup.parent.mkdir()
    dup.write_bytes(src.read_bytes())
    scanner.index_folders(db, [str(corpus_copy)])
    rows = db.execute("SELECT path, group_id FROM photos WHERE group_id IS NOT NULL").fetchall()
    by_path = dict(rows)
    assert by_path.get(str(src)) is not None and by_path[str(src)] == by_path.get(str(dup))
    # the exact groups at index time are exactly the identical files
    fps = db.execute("SELECT fingerprint, count(*) FROM photos WHERE state = 'ok' GROUP BY fingerprint "
                     "HAVING count(*) > 1").fetchall()
    assert groups.count(db) == len(fps)
    os.remove(dup)
    scanner.rescan(db)
    assert scanner.purge_missing(db) == 1
    assert db.execute("SELECT group_id FROM photos WHERE path = ?", [str(src)]).fetchone()[0] is None


def test_a_photo_whose_pixels_change_leaves_its_group(burst_db, corpus_dir: Path) -> None:
    db, ids, other, late, tdir = burst_db
    call = grouping_service.direct(db)
    grouping_service.refresh(call, tdir, Rules())
    gid = db.execute("SELECT group_id FROM photos WHERE id = ?", [ids[0]]).fetchone()[0]
    path = db.execute("SELECT path FROM photos WHERE id = ?", [ids[2]]).fetchone()[0]
    with Image.open(corpus_dir / "Phone/Camera Roll/HTC Desire.jpg") as im:
        im.convert("RGB").save(path, "JPEG")  # edited into another picture: a new fingerprint
    db.execute("UPDATE photos SET fingerprint = ? WHERE id = ?", ["ab" * 16, ids[2]])
    assert [r["id"] for r in groups.stale(db)] == [ids[2]]
    grouping_service.refresh(call, tdir, Rules())
    assert db.execute("SELECT group_id FROM photos WHERE id = ?", [ids[2]]).fetchone()[0] is None
    assert {db.execute("SELECT group_id FROM photos WHERE id = ?", [i]).fetchone()[0] for i in ids[:2]} == {gid}


def test_time_neighbours_read_only_full_timestamps() -> None:
    """A burst needs the time to the second: a date alone, a time with a space for the 'T', or an
    impossible date says nothing, while a zone or fraction after the seconds is ignored."""
    from app.library.groups import Rules, time_neighbours

    cam = {"camera_make": "Canon", "camera_model": "R6", "media": "photo"}
    rows = [dict(cam, id=1, taken_at="2024-05-01T09:00:00"), dict(cam, id=2, taken_at="2024-05-01T09:00:01+02:00"),
            dict(cam, id=3, taken_at="2024-05-01 09:00:01"), dict(cam, id=4, taken_at="2024-05-01"),
            dict(cam, id=5, taken_at="2024-13-01T09:00:01"), dict(cam, id=6, taken_at="2024-05-01T09:00:02.5")]
    near = time_neighbours(rows, Rules(seconds=2.0))
    assert near == {1: [2, 6], 2: [1, 6], 6: [1, 2]}
