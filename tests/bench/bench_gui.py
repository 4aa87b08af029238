"""GUI benchmark with 100,000 indexed photos whose thumbnails are made from real originals.

Every row points at one of the real photos in ``tests/data/photos`` (JPEG, PNG, TIFF, WebP, HEIC…)
under its own fingerprint, so each thumbnail the grid shows is decoded and scaled from the original
file (and written to the disk cache) while scrolling, exactly as for a new library. Two runs:
*cold* (empty thumbnail cache) and *cached* (the same scroll again: the cells seen by the first run
come from the disk cache).

Measures, in a fresh process started like the app (QApplication + qasync + the real window):
- launch → painted window: from just before the process starts to the grid's first paint with its
  rows on screen (target ≤ 1.5 s);
- the longest main-thread block while scrolling the whole grid top to bottom one page at a time,
  seen by a 2 ms heartbeat timer on the main thread (target ≤ 50 ms);
- resident memory at the end (target ≤ 600 MB).

Run: ``.venv/bin/python -m pytest -m bench tests/bench/bench_gui.py -s``
(``BENCH_N=10000`` for a shorter run while developing.)
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

pytestmark = [pytest.mark.bench, pytest.mark.gui]

N = int(os.environ.get("BENCH_N", "100000"))
REPO = Path(__file__).resolve().parents[2]
PHOTOS = REPO / "tests" / "data" / "photos"
KINDS = {".jpg", ".jpeg", ".png", ".tif", ".tiff", ".webp", ".heic", ".gif"}

CHILD = textwrap.dedent(r'''
    import asyncio, json, os, sys, time
    sys.path.insert(0, os.environ["REPO"])
    from app.ui.event_loop import QtEventLoop
    from PySide6.QtCore import QEvent, QObject, QTimer
    from app.config import app_paths
    from app.ui.app import make_qapp, open_window, shutdown

    result = {}

    class PaintWatch(QObject):
        def __init__(self, win):
            super().__init__()
            self.win, self.painted = win, None
        def eventFilter(self, obj, ev):
            if ev.type() == QEvent.Type.Paint and self.painted is None and self.win.model.rowCount() > 0:
                m = self.win.model
                if m.cached_row(m.id_at(0)) is not None:
                    self.painted = time.monotonic()
            return False

    async def main():
        paths = app_paths(os.environ["BENCH_DB"]).ensure()
        ctx, win = await open_window(None, paths, check_hosts=False, defer_services=True)  # as the app does
        win.resize(1400, 860)  # the default first-start layout: a 4-column grid
        win.splitter.setSizes([220, 760, 420])
        watch = PaintWatch(win)
        win.grid.viewport().installEventFilter(watch)
        while watch.painted is None:
            await asyncio.sleep(0.001)
        result["painted_at"] = watch.painted
        result["rows"] = win.model.rowCount()
        # heartbeat: the longest gap between 2 ms ticks is the longest main-thread block
        gaps = {"last": time.perf_counter(), "max": 0.0}
        def tick():
            now = time.perf_counter()
            gaps["max"] = max(gaps["max"], now - gaps["last"])
            gaps["last"] = now
        hb = QTimer(); hb.setInterval(2); hb.timeout.connect(tick)
        if os.environ.get("BENCH_TRACE"):  # development aid: print what the main thread does when it blocks
            import threading, traceback
            main_id = threading.main_thread().ident
            def watch():
                seen = set()
                while True:
                    time.sleep(0.01)
                    if time.perf_counter() - gaps["last"] > float(os.environ.get("BENCH_TRACE")) and hb.isActive():
                        st = "".join(traceback.format_stack(sys._current_frames()[main_id], limit=8))
                        if st not in seen:
                            seen.add(st); print("BLOCK\n" + st, file=sys.stderr, flush=True)
            threading.Thread(target=watch, daemon=True).start()
        await asyncio.sleep(0.5)  # let the first thumbnails settle
        gaps["last"] = time.perf_counter(); gaps["max"] = 0.0
        hb.start()
        bar = win.grid.verticalScrollBar()
        t0 = time.perf_counter(); steps = 0
        while bar.value() < bar.maximum():
            bar.setValue(min(bar.maximum(), bar.value() + bar.pageStep()))
            steps += 1
            await asyncio.sleep(0.004)
        made = win.thumbs.made  # thumbnails that reached the grid while scrolling
        await asyncio.sleep(0.3)
        hb.stop()
        result["thumbs_shown"] = made
        result["scroll_seconds"] = time.perf_counter() - t0
        result["scroll_steps"] = steps
        result["max_block_ms"] = gaps["max"] * 1000
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    result["rss_mb"] = int(line.split()[1]) / 1024
                if line.startswith("VmHWM:"):
                    result["peak_rss_mb"] = int(line.split()[1]) / 1024
        win.close()
        await shutdown(ctx, win)

    make_qapp()
    with asyncio.Runner(loop_factory=QtEventLoop) as r:
        r.run(main())
    print("RESULT " + json.dumps(result), flush=True)
''')


def _originals() -> list[Path]:
    files = sorted(p for p in PHOTOS.rglob("*") if p.suffix.lower() in KINDS and p.stat().st_size > 0)
    assert len(files) >= 40, "tests/data/photos should hold the test photos"
    return files


def _make_db(path: Path, lib: Path) -> None:
    """Rows under ``lib``: each a symbolic link to a real original (a distinct path, as the DB needs)."""
    from app.store import db as dbmod

    originals = _originals()
    db = dbmod.connect(path)
    db.execute("INSERT INTO roots(path, added_at) VALUES (?, '2024-01-01T00:00:00Z')", [str(lib)])
    states = ("none", "draft", "approved", "written", "none", "none")
    rows = []
    for i in range(N):
        folder = f"{lib}/{2000 + i // 10_000}/{(i // 500) % 20:02d}"
        st = states[i % len(states)]
        cap = None if st == "none" else f"Photo {i}: a person walks a dog along the beach at sunset."
        src = originals[i % len(originals)]
        st_ = src.stat()
        link = f"{folder}/IMG_{i:06d}{src.suffix}"
        if i % 500 == 0:
            os.makedirs(folder, exist_ok=True)
        os.symlink(src, link)
        # the row's file is a real original; its own fingerprint gives it its own cached thumbnail
        rows.append((link, 1, folder, f"IMG_{i:06d}{src.suffix}", st_.st_size, st_.st_mtime_ns,
                     src.suffix.lstrip(".").upper(), 4000, 3000, "ok", cap, st, f"{i:032x}"))
    with db.conn:
        db.conn.executemany(
            "INSERT INTO photos(path, root_id, folder, filename, size, mtime_ns, format, width, height, state, caption,"
            " caption_state, fingerprint) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)", rows)
    db.conn.close()


def _launch(db_path: Path, home: Path) -> dict:
    env = dict(os.environ, REPO=str(REPO), BENCH_DB=str(db_path), ALBUMWISE_HOME=str(home))
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    start = time.monotonic()
    proc = subprocess.run([sys.executable, "-c", CHILD], env=env, capture_output=True, text=True, timeout=900)
    line = next((ln for ln in proc.stdout.splitlines() if ln.startswith("RESULT ")), None)
    assert line, proc.stdout[-2000:] + proc.stderr[-4000:]
    if os.environ.get("BENCH_TRACE"):
        print(proc.stderr[-20000:])
    res = json.loads(line[len("RESULT "):])
    res["launch"] = res["painted_at"] - start
    return res


def test_gui_100k(tmp_path: Path) -> None:
    db_path = tmp_path / "bench.db"
    t = time.perf_counter()
    _make_db(db_path, tmp_path / "photos")
    print(f"\nbuilt a {N:,}-photo library over {len(_originals())} real originals in {time.perf_counter() - t:.1f} s")
    home = tmp_path / "home"
    results = []
    for phase in ("cold", "cached"):
        res = _launch(db_path, home)
        results.append(res)
        cached = sum(1 for _ in (home / "cache" / "thumbnails").rglob("*.jpg")) if (home / "cache").exists() else 0
        print(f"[{phase}] launch → painted window: {res['launch']:.2f} s ({res['rows']:,} photos)")
        print(f"[{phase}] scroll top → bottom: {res['scroll_steps']} pages in {res['scroll_seconds']:.1f} s, "
              f"{res['thumbs_shown']:,} real thumbnails shown, longest main-thread block {res['max_block_ms']:.1f} ms")
        print(f"[{phase}] resident memory: {res['rss_mb']:.0f} MB (peak {res.get('peak_rss_mb', 0):.0f} MB); "
              f"{cached:,} thumbnails in the disk cache")
    print(f"load average during the runs: {os.getloadavg()[0]:.1f} (2 cores here; above ~2 the main thread "
          "waits for a CPU and the figures measure the machine)")
    for res in results:  # both phases are measured and shown before any verdict
        assert res["rows"] == N
        assert res["thumbs_shown"] > 0, "no real thumbnail reached the grid"
        assert res["launch"] <= 1.5
        assert res["max_block_ms"] <= 50
        assert res.get("peak_rss_mb", res["rss_mb"]) <= 600
