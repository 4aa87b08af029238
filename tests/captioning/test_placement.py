"""Queueing photos whose group became known while earlier frames were queued, claimed or done: the
best waiting frame is the one sent, a frame already sent is never sent again, nobody is left out."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from app.captioning import grouping, placement
from app.captioning import queue as jobq
from app.captioning.store import store_result
from app.library import groups
from app.library.groups import Rules
from app.services import grouping as grouping_service
from tests.doubles.bursts import variant
from tests.doubles.library import add_photo


def _photo(db, tmp_path: Path, name: str, img: Image.Image, **fields) -> int:
    p = tmp_path / name
    img.save(p, "JPEG", quality=90)
    return add_photo(db, p, fingerprint=f"{abs(hash(name)):032x}"[:32], **fields)


@pytest.fixture
def burst(db, tmp_path: Path, corpus_dir: Path):
    """Three frames of one burst (same camera, one second apart); none hashed yet."""
    with Image.open(corpus_dir / "2019/Holiday/Nikon D5000.jpg") as im:
        base = im.convert("RGB")
    cam = {"camera_make": "NIKON", "camera_model": "D5000"}
    ids = [_photo(db, tmp_path, f"b{k}.jpg", variant(base, k), taken_at=f"2020-01-01T10:00:0{k}", **cam)
           for k in range(3)]
    return db, ids, tmp_path / "thumbs"


def _hash(db, tdir: Path, ids: list[int]) -> None:
    grouping_service.refresh(grouping_service.direct(db), tdir, Rules(), photo_ids=ids)


def _record(text: str = "A bridge over a river.") -> dict:
    return {"text": text, "keywords": ["bridge"], "model": "m", "host": "h", "style": "caption",
            "language": "English", "prompt": "p", "options": {}, "metrics": {}, "done_reason": "stop",
            "flags": [], "raw_text": "x"}


def _active(db) -> dict[int, str]:
    return dict(db.execute("SELECT photo_id, state FROM jobs WHERE state IN ('queued', 'running')").fetchall())


def test_a_frame_only_queued_is_planned_again_with_its_late_found_mates(burst) -> None:
    db, ids, tdir = burst
    _hash(db, tdir, ids[:1])
    first = placement.place(db, ids[:1], {})
    assert [u.leader for u in first.units] == ids[:1]
    _hash(db, tdir, ids[1:])  # the rest of the burst is found: one group now
    out = placement.place(db, ids[1:], {}, mine=first.job_ids)
    assert len(out.units) == 1 and out.covered() == set(ids)
    leader = out.units[0].leader
    sharpest = groups.members(db, db.execute("SELECT group_id FROM photos WHERE id = ?", [ids[0]]).fetchone()[0])[0]
    assert leader == sharpest["id"]  # the best waiting frame is sent, not the one queued first
    assert _active(db) == {leader: "queued"}  # one job: the others are its followers
    job = jobq.claim(db)
    assert sorted(store_result(db, job["id"], job["photo_id"], _record())["followers"], key=str)
    assert {r[0] for r in db.execute("SELECT caption_state FROM photos").fetchall()} == {"draft"}


def test_a_mate_found_while_its_frame_is_claimed_follows_it(burst) -> None:
    db, ids, tdir = burst
    _hash(db, tdir, ids[:2])
    first = placement.place(db, ids[:2], {})
    job = jobq.claim(db)  # the frame is being captioned
    _hash(db, tdir, ids[2:])
    out = placement.place(db, ids[2:], {}, mine=first.job_ids)
    assert out.attached == {ids[2]: job["id"]} and not out.job_ids and not out.units
    assert _active(db) == {job["photo_id"]: "running"}  # nothing queued again
    stored = store_result(db, job["id"], job["photo_id"], _record())
    assert {f["photo_id"] for f in stored["followers"]} == set(ids) - {job["photo_id"]}


def test_frames_already_sent_keep_their_captions_and_a_late_mate_gets_one_of_them(burst) -> None:
    db, ids, tdir = burst
    # two frames captioned alone before they were known to be one burst (hashed later)
    first = placement.place(db, ids[:2], {}, every_frame=True)
    done = []
    for text in ("A bridge over a river.", "A stone bridge."):
        job = jobq.claim(db)
        done.append((job["photo_id"], store_result(db, job["id"], job["photo_id"], _record(text))["caption_id"]))
    _hash(db, tdir, ids)
    out = placement.place(db, ids[2:], {}, mine=first.job_ids)
    assert not out.job_ids and not _active(db)  # nothing sent again
    assert [s["photo_id"] for s in out.shared] == [ids[2]] and out.shared[0]["from_photo_id"] == done[0][0]
    texts = [r[0] for r in db.execute("SELECT caption FROM photos ORDER BY id").fetchall()]
    assert texts == ["A bridge over a river.", "A stone bridge.", "A bridge over a river."]
    frm = db.execute("SELECT c.from_photo_id FROM photos p JOIN captions c ON c.id = p.caption_id WHERE p.id = ?",
                     [ids[2]]).fetchone()[0]
    assert frm == done[0][0]


def test_a_mate_in_another_context_gets_its_own_caption(burst) -> None:
    db, ids, tdir = burst
    _hash(db, tdir, ids)
    db.execute("UPDATE photos SET file_keywords = '[\"Anna\"]' WHERE id = ?", [ids[2]])
    first = placement.place(db, ids[:2], {})
    jobq.claim(db)
    out = placement.place(db, ids[2:], {}, mine=first.job_ids)
    assert not out.attached and [u.leader for u in out.units] == [ids[2]]


def test_time_neighbours_are_the_same_camera_within_the_seconds() -> None:
    rows = [{"id": 1, "camera_make": "A", "camera_model": "X", "media": None, "taken_at": "2020-01-01T10:00:00"},
            {"id": 2, "camera_make": "A", "camera_model": "X", "media": None, "taken_at": "2020-01-01T10:00:04+02:00"},
            {"id": 3, "camera_make": "A", "camera_model": "X", "media": None, "taken_at": "2020-01-01T10:00:10"},
            {"id": 4, "camera_make": "B", "camera_model": "Y", "media": None, "taken_at": "2020-01-01T10:00:01"},
            {"id": 5, "camera_make": "A", "camera_model": "X", "media": None, "taken_at": "2020-01-01"},
            {"id": 6, "camera_make": None, "camera_model": None, "media": None, "taken_at": "2020-01-01T10:00:00"}]
    assert groups.time_neighbours(rows, Rules(seconds=5)) == {1: [2], 2: [1]}
    same = [{"id": i, "camera_make": "A", "camera_model": "X", "media": None, "taken_at": "2000-01-01T00:00:00"}
            for i in range(500)]  # a camera without a clock: one time for every photo
    near = groups.time_neighbours(same, Rules())
    assert max(len(v) for v in near.values()) <= 2 * groups.NEIGHBOURS_EACH_SIDE


def test_enqueue_grouped_still_plans_a_whole_selection(burst) -> None:
    db, ids, tdir = burst
    _hash(db, tdir, ids)
    job_ids, covered = grouping.enqueue_grouped(db, ids, {})
    assert len(job_ids) == 1 and covered == 3
