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
        pool = thumbs._pool
        assert pool is not None
        workers = list(pool._processes)
        assert workers and os.getpid() not in workers
        _until(lambda: thumbs._pool is None, "the idle pool was not stopped")
        _until(lambda: not any(_alive(pid) for pid in workers), "the idle workers did not exit")
        again = thumbs(_photo(tmp_path, "b.jpg", (10, 10, 200)), 128)
        assert again != "fallback" and again.pixelColor(64, 48).blue() > 150  # not the broken-pool fallback
        assert thumbs._pool is not None and thumbs._pool is not pool
    finally:
        thumbs.close()


def test_a_busy_pool_is_not_stopped(tmp_path: Path, qapp) -> None:
    thumbs = ProcessThumbs(str(tmp_path / "cache"), fallback=lambda row, size: "fallback", idle_stop_s=0.3)
    try:
        pool = thumbs._get_pool()  # a request in flight (as while a large photo decodes)
        assert pool is not None
        watcher_checks = time.monotonic() + 1.5  # five idle periods
        _until(lambda: time.monotonic() > watcher_checks, "")
        assert thumbs._pool is pool
        thumbs._done()
        _until(lambda: thumbs._pool is None, "the pool was not stopped once idle")
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
