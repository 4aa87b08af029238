"""Videos are indexed like photos: facts from the container, bad files as errors with reasons, Live Photos
as one item; thumbnails and keyframes come from seeking keyframes only.

One library of clips made with PyAV (plus exiftool for Android's ``©xyz``), indexed once by the real
scanner into a real SQLite database."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from app.library import scanner, thumbs, video_frames
from app.library.video_probe import iso6709
from app.store import db as dbmod
from tests.library import video_clips as vc

SCENES = [vc.RED, vc.GREEN, vc.BLUE, vc.YELLOW]


@pytest.fixture(scope="module")
def indexed(tmp_path_factory: pytest.TempPathFactory):
    lib = tmp_path_factory.mktemp("videos") / "library"
    (lib / "Phone").mkdir(parents=True)
    vc.live_photo_pair(lib / "Phone", "IMG_0001", "LIVE-A")
    vc.make_clip(lib / "Phone" / "IMG_0002.MOV", seconds=2, keys=True, metadata={
        "com.apple.quicktime.creationdate": "2021-06-01T10:00:00+0200",
        "com.apple.quicktime.location.ISO6709": "+48.8584+002.2945+035.000/",
        "com.apple.quicktime.make": "Apple", "com.apple.quicktime.model": "iPhone 12"})
    vc.make_clip(lib / "Phone" / "VID_android.mp4", seconds=2, metadata={"creation_time": "2020-12-31T23:30:00Z"})
    vc.add_userdata_gps(lib / "Phone" / "VID_android.mp4", -33.8568, 151.2153)
    vc.make_clip(lib / "portrait.mp4", seconds=2, size=(320, 240), rotation=-90)
    vc.make_clip(lib / "scenes.mkv", seconds=12, fade_in=1, scenes=SCENES, codec="libx264")
    vc.make_clip(lib / "old.avi", seconds=2, codec="mpeg4")
    vc.make_clip(lib / "whole.mov", seconds=3)
    bad = lib / "Broken"
    bad.mkdir()
    vc.cut_before_moov(lib / "whole.mov", bad / "cut.mov")
    (bad / "empty.mp4").write_bytes(b"")
    for name, damage in (("skewed.mov", lambda p: vc.set_matrix(p, 30)),
                         ("liar.mov", lambda p: vc.set_declared_duration(p, 7200)),
                         ("unknown.mov", lambda p: vc.set_codec_tag(p, b"zzzz"))):
        shutil.copy(lib / "whole.mov", bad / name)
        damage(bad / name)
    db = dbmod.memory()
    summary = scanner.index_folders(db, [str(lib)])
    rows = {os.path.relpath(r["path"], lib): r for r in db.query("SELECT * FROM photos")}
    yield lib, db, summary, rows
    db.conn.close()


def test_every_bad_video_is_an_error_with_a_reason_and_the_scan_goes_on(indexed) -> None:
    lib, _db, summary, rows = indexed
    errors = {os.path.relpath(e["path"], lib): e["error"] for e in summary.errors}
    assert errors["Broken/cut.mov"].startswith("truncated video: no 'moov' index")
    assert errors["Broken/empty.mp4"] == "empty file (0 bytes)"
    assert errors["Broken/skewed.mov"].startswith("rotation matrix is not a right angle (30°)")
    assert errors["Broken/liar.mov"].startswith("the container says the video lasts 2:00:00 but its frames last 0:03")
    assert errors["Broken/unknown.mov"].startswith("unknown video codec 'zzzz'")
    assert len(errors) == 5
    assert all(rows[p]["state"] == "error" and rows[p]["media"] == "video" for p in errors)
    assert all(r["state"] == "ok" for p, r in rows.items() if p not in errors)


def test_facts_from_the_container(indexed) -> None:
    _lib, db, _s, rows = indexed
    apple = rows["Phone/IMG_0002.MOV"]
    assert apple["taken_at"] == "2021-06-01T10:00:00+02:00"  # CreationDate, with its zone
    assert (apple["gps_lat"], apple["gps_lon"]) == (48.8584, 2.2945)
    assert (apple["camera_make"], apple["camera_model"]) == ("Apple", "iPhone 12")
    assert apple["duration"] == 2.0 and apple["format"] == "MOV"
    android = rows["Phone/VID_android.mp4"]
    assert android["taken_at"] == "2020-12-31T23:30:00Z"  # no CreationDate: CreateDate, read as UTC
    assert (round(android["gps_lat"], 4), round(android["gps_lon"], 4)) == (-33.8568, 151.2153)  # ©xyz
    portrait = rows["portrait.mp4"]
    assert (portrait["width"], portrait["height"], portrait["orientation"]) == (240, 320, 6)
    facts = dict(next(iter(db.query("SELECT * FROM video_facts WHERE photo_id = ?", [portrait["id"]]))))
    assert facts["codec"] == "h264" and facts["fps"] == 25.0 and facts["rotation"] == 90
    assert (facts["stored_width"], facts["stored_height"]) == (320, 240)
    assert rows["scenes.mkv"]["format"] == "MKV" and rows["old.avi"]["format"] == "AVI"
    assert rows["old.avi"]["duration"] == pytest.approx(2.0, abs=0.1)


def test_live_photo_is_one_item_with_the_photo_as_its_face(indexed) -> None:
    _lib, db, _s, rows = indexed
    face, clip = rows["Phone/IMG_0001.JPG"], rows["Phone/IMG_0001.MOV"]
    assert face["content_id"] == clip["content_id"] == "LIVE-A"
    assert clip["live_photo_id"] == face["id"] and face["live_photo_id"] is None
    from app.store import photos as photostore

    listed = [r["path"] for r in photostore.iter_photos(db)]
    assert face["path"] in listed and clip["path"] not in listed
    public = photostore.to_public(next(r for r in photostore.iter_photos(db) if r["id"] == face["id"]))
    assert public["live_clip"] == clip["path"] and public["media"] == "photo"


def test_a_clip_whose_photo_is_gone_stands_alone_again(tmp_path: Path) -> None:
    photo, clip = vc.live_photo_pair(tmp_path, "IMG_0009", "LIVE-Z")
    db = dbmod.memory()
    scanner.index_folders(db, [str(tmp_path)])
    from app.store import captions

    face_id = db.execute("SELECT id FROM photos WHERE filename = 'IMG_0009.JPG'").fetchone()[0]
    captions.add_version(db, face_id, text="A red wall", source="human", state="approved")
    photo.unlink()
    scanner.rescan(db)
    row = dict(next(iter(db.query("SELECT * FROM photos WHERE filename = 'IMG_0009.MOV'"))))
    assert row["live_photo_id"] is None and row["caption"] == "A red wall"
    assert captions.get(db, row["caption_id"])["photo_id"] == row["id"]  # a version of its own now
    db.conn.close()


def test_keyframes_skip_the_fade_and_show_every_scene_in_order(indexed) -> None:
    lib, _db, _s, _rows = indexed
    picked = video_frames.keyframes(lib / "scenes.mkv", 4, 160)
    colours = [kf.image.getpixel((5, 5)) for kf in picked]
    assert all(not kf.dark for kf in picked)
    assert [min(SCENES, key=lambda s: sum((a - b) ** 2 for a, b in zip(s, c))) for c in colours] == SCENES
    assert [kf.time for kf in picked] == sorted(kf.time for kf in picked)


def test_thumbnail_is_an_upright_keyframe_after_the_fade(indexed, tmp_path: Path) -> None:
    lib, _db, _s, rows = indexed
    p = thumbs.ensure(lib / "scenes.mkv", rows["scenes.mkv"]["fingerprint"], tmp_path, thumbs.GRID)
    from PIL import Image

    with Image.open(p) as im:
        assert im.getpixel((5, 5))[0] > 150  # red: the first scene, not the black fade
    p2 = thumbs.ensure(lib / "portrait.mp4", rows["portrait.mp4"]["fingerprint"], tmp_path, thumbs.GRID)
    with Image.open(p2) as im:
        assert im.height > im.width  # turned by the display matrix
        assert sum(im.getpixel((4, im.height // 2))) > 600  # the matrix turns it 90° clockwise: the white
        right = im.getpixel((im.width - 4, im.height // 2))  # bottom half is on the left, the red top on the right
        assert right[0] > 150 and right[1] < 100


def test_iso6709_forms() -> None:
    assert iso6709("+48.8584+002.2945+035.000/") == (48.8584, 2.2945)
    assert iso6709("-33.8568+151.2153/") == (-33.8568, 151.2153)
    assert iso6709("+4851.504+00217.670/") == (pytest.approx(48.8584), pytest.approx(2.29450, abs=1e-4))
    assert iso6709("+00.0000+000.0000/") == (None, None)
    assert iso6709("garbage") == (None, None)


_POSTER_ALONE = """
import sys
from app.library import video_frames
img = video_frames.poster(sys.argv[1], 256)
print(img.size[0] > 0, "numpy" in sys.modules)
"""


def test_the_poster_is_made_without_loading_numpy(indexed) -> None:
    """The grid's thumbnail workers make posters; numpy there was 10 MB per worker for two numbers."""
    import subprocess  # noqa: PLC0415
    import sys  # noqa: PLC0415

    lib, _db, _s, _rows = indexed
    repo = Path(__file__).resolve().parents[2]
    out = subprocess.run([sys.executable, "-c", _POSTER_ALONE, str(lib / "scenes.mkv")], capture_output=True,
                         text=True, cwd=repo, env=dict(os.environ, PYTHONPATH=str(repo)), timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["True", "False"]
