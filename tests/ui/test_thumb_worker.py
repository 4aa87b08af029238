"""The grid's thumbnail workers: made in other processes, stopped when idle (their memory goes back),
started again by the next request."""

from __future__ import annotations

import os
import time
from pathlib import Path

from PIL import Image

from app.library.fingerprint import fingerprint
from app.ui.thumb_worker import ProcessThumbs

DEADLINE_S = 30  # only reached when the behaviour under test is missing


def _photo(tmp_path: Path, name: str, color: tuple[int, int, int]) -> dict:
    path = tmp_path / name
    Image.new("RGB", (640, 480), color).save(path, "JPEG")
    return {"path": str(path), "fingerprint": fingerprint(str(path))}


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return Path(f"/proc/{pid}").exists() and "Z" not in Path(f"/proc/{pid}/stat").read_text().split()[2]


def _until(condition, what: str) -> None:
    end = time.monotonic() + DEADLINE_S
    while not condition():
        assert time.monotonic() < end, what
        time.sleep(0.05)


def test_idle_workers_stop_and_the_next_request_starts_them_again(tmp_path: Path, qapp) -> None:
    thumbs = ProcessThumbs(str(tmp_path / "cache"), fallback=lambda row, size: "fallback", idle_stop_s=0.5)
    try:
        img = thumbs(_photo(tmp_path, "a.jpg", (200, 10, 10)), 128)
        assert img != "fallback" and (img.width(), img.height()) == (128, 96)
        assert img.pixelColor(64, 48).red() > 150
        workers = thumbs.worker_pids()
        assert workers and os.getpid() not in workers
        _until(lambda: not thumbs.worker_pids(), "the idle workers were not stopped")
        _until(lambda: not any(_alive(pid) for pid in workers), "the idle workers did not exit")
        again = thumbs(_photo(tmp_path, "b.jpg", (10, 10, 200)), 128)
        assert again != "fallback" and again.pixelColor(64, 48).blue() > 150  # not the broken-pool fallback
        assert thumbs.worker_pids() and not thumbs.worker_pids() & workers
    finally:
        thumbs.close()


def test_a_busy_pool_is_not_stopped(tmp_path: Path, qapp) -> None:
    thumbs = ProcessThumbs(str(tmp_path / "cache"), fallback=lambda row, size: "fallback", idle_stop_s=0.3)
    try:
        lane = thumbs._take(False)  # a request in flight (as while a large photo decodes)
        assert lane is not None and lane.pool is not None
        pool = lane.pool
        watcher_checks = time.monotonic() + 1.5  # five idle periods
        _until(lambda: time.monotonic() > watcher_checks, "")
        assert lane.pool is pool
        thumbs._done(lane)
        _until(lambda: lane.pool is None, "the pool was not stopped once idle")
    finally:
        thumbs.close()


_THREAD_ENDS = """
import os, sys, threading, time
from PIL import Image
from app.library.fingerprint import fingerprint
from app.ui.thumb_worker import ProcessThumbs
from multiprocessing import forkserver

tmp = sys.argv[1]
rows = []
for i, color in enumerate([(200, 10, 10), (10, 200, 10)]):
    path = os.path.join(tmp, f"{i}.jpg")
    Image.new("RGB", (640, 480), color).save(path, "JPEG")
    rows.append({"path": path, "fingerprint": fingerprint(path)})
thumbs = ProcessThumbs(os.path.join(tmp, "cache"), fallback=lambda row, size: "fallback")
got = []
for row in rows:  # each request from a loader thread that then ends (as the window's loaders do)
    t = threading.Thread(target=lambda: got.append(thumbs(row, 64)))
    t.start()
    t.join()
    time.sleep(0.3)
pid = forkserver._forkserver._forkserver_pid
state = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()[0]
print("fallbacks", sum(g == "fallback" for g in got), "server", state, flush=True)
thumbs.close()
"""


def test_workers_outlive_the_thread_that_first_asked(tmp_path: Path) -> None:
    """The fork server dies with the thread that started it (the kernel's parent-death rule): started
    from a loader thread that then ended, it took every worker with it, later thumbnails fell back to
    the window's process, and a worker killed mid-answer could keep the app from exiting."""
    import subprocess  # noqa: PLC0415
    import sys  # noqa: PLC0415

    # not marked as another process's child (a test before may have marked this one's children)
    env = {k: v for k, v in os.environ.items() if k != "ALBUMWISE_CHILD_OF"} | {"QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run([sys.executable, "-c", _THREAD_ENDS, str(tmp_path)], capture_output=True, text=True,
                         timeout=DEADLINE_S * 2, env=env, cwd=Path(__file__).resolve().parents[2])
    assert out.returncode == 0, out.stderr
    fallbacks, state = out.stdout.split()[1], out.stdout.split()[3]
    assert state in {"S", "R"}, f"the fork server is {state} after its starting thread ended"
    assert fallbacks == "0", out.stderr


DATA = Path(__file__).resolve().parents[1] / "data" / "photos"


def _loaded(pool, module: str) -> bool:
    return pool.submit(eval, f"{module!r} in __import__('sys').modules").result()


def test_large_decoders_and_large_photos_stay_out_of_the_light_worker(tmp_path: Path, qapp) -> None:
    """Two workers, not alike: the light one never loads FFmpeg, LibRaw or numpy (each stays loaded
    for the life of the process) and never decodes more than its budget; the other takes those photos.
    Together they stay small. Every thumbnail still comes, right."""
    big = tmp_path / "big.tif"  # 36 MB decoded: over the light worker's budget
    Image.new("RGB", (3000, 3000), (20, 160, 40)).save(big)
    wide = tmp_path / "grey16.png"  # 16-bit greyscale: scaled to 8 bits with numpy
    Image.new("I;16", (300, 200), 40000).save(wide)
    rows = [_photo(tmp_path, "small.jpg", (200, 10, 10))] + [
        {"path": str(p), "fingerprint": fingerprint(str(p))}
        for p in (DATA / "Videos" / "carphone.mp4", DATA / "Raw" / "FujiFilm.raf", big, wide)]
    thumbs = ProcessThumbs(str(tmp_path / "cache"), fallback=lambda row, size: "fallback")
    try:
        made = [thumbs(row, 128) for row in rows]
        assert all(m is not None and m != "fallback" for m in made)
        assert made[3].pixelColor(64, 64).green() > 120  # the large TIFF, made by the other worker
        assert abs(made[4].pixelColor(10, 10).red() - 40000 // 257) <= 2  # the 16-bit grey, scaled
        light, heavy = thumbs._light.pool, thumbs._heavy.pool
        assert light is not None and heavy is not None
        for module in ("av", "rawpy", "numpy"):
            assert not _loaded(light, module), f"{module} was loaded by the light worker"
        assert _loaded(heavy, "numpy")
    finally:
        thumbs.close()


def test_a_large_photo_is_never_decoded_beside_ffmpeg(tmp_path: Path, qapp) -> None:
    """FFmpeg stays loaded in the worker that made a video's thumbnail; a large photo decoded in that
    worker afterwards put both workers over 100 MB together. The worker is replaced by a fresh one
    first (the next video loads FFmpeg again), and a worker without them is kept as it is."""
    big = tmp_path / "big.tif"  # over the light worker's budget
    Image.new("RGB", (3000, 3000), (20, 160, 40)).save(big)
    big2 = tmp_path / "big2.tif"
    Image.new("RGB", (3000, 2000), (160, 20, 40)).save(big2)
    video = DATA / "Videos" / "carphone.mp4"
    rows = [{"path": str(p), "fingerprint": fingerprint(str(p))} for p in (video, big, big2)]
    thumbs = ProcessThumbs(str(tmp_path / "cache"), fallback=lambda row, size: "fallback")
    try:
        assert thumbs(rows[0], 128) not in (None, "fallback")
        with_ffmpeg = thumbs._heavy.pool
        assert with_ffmpeg is not None and _loaded(with_ffmpeg, "av")
        made = thumbs(rows[1], 128)
        assert made not in (None, "fallback") and made.pixelColor(64, 64).green() > 120
        fresh = thumbs._heavy.pool
        assert fresh is not None and fresh is not with_ffmpeg and not _loaded(fresh, "av")
        assert thumbs(rows[2], 128) not in (None, "fallback")
        assert thumbs._heavy.pool is fresh  # nothing to drop: not replaced again
    finally:
        thumbs.close()


def test_a_large_photo_sent_to_the_busy_light_workers_helper_is_not_decoded_beside_ffmpeg(tmp_path: Path,
                                                                                           qapp) -> None:
    """While the light worker is busy, the other one helps with any photo; one that has FFmpeg loaded
    helps only within the light budget, so a large photo still gets a fresh worker."""
    import threading  # noqa: PLC0415

    big = tmp_path / "big.tif"
    Image.new("RGB", (3000, 3000), (20, 160, 40)).save(big)
    video = DATA / "Videos" / "carphone.mp4"
    thumbs = ProcessThumbs(str(tmp_path / "cache"), fallback=lambda row, size: "fallback")
    try:
        assert thumbs({"path": str(video), "fingerprint": fingerprint(str(video))}, 128) not in (None, "fallback")
        with_ffmpeg = thumbs._heavy.pool
        light = thumbs._take(False)  # the light worker busy (a request in flight)
        assert light is thumbs._light
        threading.Timer(0.5, thumbs._done, (light,)).start()
        made = thumbs({"path": str(big), "fingerprint": fingerprint(str(big))}, 128)
        assert made not in (None, "fallback") and made.pixelColor(64, 64).green() > 120
        assert thumbs._heavy.pool is not with_ffmpeg and not _loaded(thumbs._heavy.pool, "av")
    finally:
        thumbs.close()


def test_one_worker_takes_everything(tmp_path: Path, qapp) -> None:
    thumbs = ProcessThumbs(str(tmp_path / "cache"), fallback=lambda row, size: "fallback", workers=1)
    try:
        row = {"path": str(DATA / "Videos" / "carphone.mp4"), "fingerprint": fingerprint(str(DATA / "Videos" / "carphone.mp4"))}
        img = thumbs(row, 128)
        assert img is not None and img != "fallback" and img.width() == 128
        assert thumbs._light is None and len(thumbs.worker_pids()) == 1
    finally:
        thumbs.close()


def test_a_raw_preview_is_read_by_the_light_worker_without_libraw(tmp_path: Path, qapp) -> None:
    """A RAW file's JPEG preview is read by the light worker itself (a library of RAW files gets two
    workers, and LibRaw with numpy is not loaded); one whose preview it cannot find goes to the other."""
    from tests.library.raw_files import preview_jpeg, tiff_raw  # noqa: PLC0415

    raw = tiff_raw(tmp_path / "a.nef", preview_jpeg())
    stub = DATA / "Raw" / "FujiFilm.raf"  # a 160 px preview, no sensor data: LibRaw's reading decides
    thumbs = ProcessThumbs(str(tmp_path / "cache"), fallback=lambda row, size: "fallback")
    try:
        img = thumbs({"path": str(raw), "fingerprint": fingerprint(str(raw))}, 128)
        assert img not in (None, "fallback") and (img.width(), img.height()) == (128, 96)
        assert img.pixelColor(5, 48).red() > 180 and img.pixelColor(122, 48).blue() > 180
        assert thumbs._heavy.pool is None and thumbs._light.pool is not None
        assert not _loaded(thumbs._light.pool, "rawpy") and not _loaded(thumbs._light.pool, "numpy")
        img = thumbs({"path": str(stub), "fingerprint": fingerprint(str(stub))}, 128)
        assert img not in (None, "fallback") and img.width() == 128
        assert _loaded(thumbs._heavy.pool, "rawpy") and not _loaded(thumbs._light.pool, "rawpy")
        assert thumbs._heavy.libraries  # a large photo next would get a fresh worker
    finally:
        thumbs.close()


def test_a_new_worker_starts_with_pillows_plugins_loaded(tmp_path: Path, qapp) -> None:
    """Pillow loads its format plugins at a process's first non-JPEG photo (~70 ms, more under load):
    the fork server loads them once, so a worker started again (after an idle stop, or replaced before
    a large photo) does not pay it."""
    thumbs = ProcessThumbs(str(tmp_path / "cache"), fallback=lambda row, size: "fallback")
    try:
        lane = thumbs._take(False)
        try:
            assert lane is not None and lane.pool is not None
            assert _loaded(lane.pool, "PIL.AvifImagePlugin") and _loaded(lane.pool, "PIL.TiffImagePlugin")
        finally:
            thumbs._done(lane)
    finally:
        thumbs.close()


def test_new_requests_wait_while_a_large_photo_waits_for_the_worker_with_ffmpeg(tmp_path: Path, qapp) -> None:
    """A large photo waits until the worker with FFmpeg is idle (it is then replaced). Requests that
    come meanwhile wait too: sent to that worker, a steady stream of them kept it busy."""
    import threading  # noqa: PLC0415

    big = tmp_path / "big.tif"
    Image.new("RGB", (3000, 3000), (20, 160, 40)).save(big)
    thumbs = ProcessThumbs(str(tmp_path / "cache"), fallback=lambda row, size: "fallback")
    try:
        in_flight = thumbs._take(True, libraries=True)  # a video on the other worker
        assert in_flight is thumbs._heavy and thumbs._heavy.libraries
        made: list = []
        large = threading.Thread(target=lambda: made.append(
            thumbs({"path": str(big), "fingerprint": fingerprint(str(big))}, 128)))
        large.start()
        _until(lambda: thumbs._alone == 1, "the large photo was not refused by the light worker")
        taken: list = []
        later = threading.Thread(target=lambda: taken.append(thumbs._take(False)))
        later.start()
        later.join(0.5)
        assert not taken, "a new request went ahead of the large photo waiting for the busy worker"
        thumbs._done(in_flight)
        large.join(DEADLINE_S)
        later.join(DEADLINE_S)
        assert made and made[0] not in (None, "fallback") and made[0].pixelColor(64, 64).green() > 120
        assert taken and taken[0] is not None
        thumbs._done(taken[0])
    finally:
        thumbs.close()


def test_a_raw_file_taken_by_the_helping_worker_loads_libraw_only_when_marked(tmp_path: Path, qapp) -> None:
    """A RAW file the other worker takes while the light one is busy is read for its preview only;
    LibRaw is loaded on the next try, with that worker marked, so a large photo next gets a fresh one."""
    stub = DATA / "Raw" / "Nikon.nef"  # no usable preview: LibRaw's reading says why
    thumbs = ProcessThumbs(str(tmp_path / "cache"), fallback=lambda row, size: "fallback")
    try:
        light = thumbs._take(False)  # the light worker busy
        assert light is thumbs._light
        try:
            assert thumbs({"path": str(stub), "fingerprint": fingerprint(str(stub))}, 128) is None
        finally:
            thumbs._done(light)
        heavy = thumbs._heavy.pool
        assert heavy is not None and _loaded(heavy, "rawpy")
        assert thumbs._heavy.libraries, "LibRaw was loaded by a worker not marked as having it"
    finally:
        thumbs.close()
