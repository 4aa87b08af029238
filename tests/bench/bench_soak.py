"""Soak benchmark: the window kept open through many rounds of real work, resident memory sampled.

One fresh process, started like the app (QApplication + qasync + the real window with all its
services), on a copy of the test photos (``tests/data/photos``; ``BENCH_CORPUS`` for another folder),
against the Ollama-protocol double over real HTTP. Each cycle does what a person does in a day:

caption every photo again (streamed) → approve the drafts (written into the files by exiftool) →
write what is left → search (words as you type, then meaning with Enter) → ask about a photo →
compare two styles on four photos (the same work every cycle: growth then means a leak, not a new
high-water mark of some larger photo).

RSS is sampled after each cycle (after the first, the window has loaded everything it keeps). Target:
RSS after the last cycle at most 10 % above RSS after the first.

Run: ``.venv/bin/python -m pytest -m bench tests/bench/bench_soak.py -s`` (``BENCH_CYCLES=N``, default 6).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

pytestmark = [pytest.mark.bench, pytest.mark.gui, pytest.mark.exiftool]

REPO = Path(__file__).resolve().parents[2]
CYCLES = int(os.environ.get("BENCH_CYCLES", "6"))

CHILD = textwrap.dedent(r'''
    import asyncio, gc, json, os, sys, time
    sys.path.insert(0, os.environ["REPO"])
    from app.ui.event_loop import QtEventLoop
    from PySide6.QtCore import QItemSelectionModel
    from app.config import HostConfig, Settings, app_paths, save_settings
    from app.ui.app import make_qapp, open_window, shutdown
    from app.store import db as dbmod

    def rss_mb(kind="VmRSS"):
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith(kind + ":"):
                    return int(line.split()[1]) / 1024

    STEPS = set(os.environ.get("SOAK_STEPS", "caption,approve,write,search,ask,compare").split(","))

    async def until(cond, timeout=300):
        t = time.monotonic()
        while not cond():
            if time.monotonic() - t > timeout:
                raise TimeoutError(str(cond))
            await asyncio.sleep(0.02)

    def ids_where(paths, sql):
        db = dbmod.connect(paths.db_path, readonly=True)
        try:
            return [r[0] for r in db.execute(sql).fetchall()]
        finally:
            db.conn.close()

    async def main():
        if os.environ.get("BENCH_TRACE") == "2":
            import tracemalloc; tracemalloc.start(8)
        paths = app_paths().ensure()
        save_settings(paths, Settings(hosts=[HostConfig(url=os.environ["DOUBLE"], concurrency=2)], model="llava:latest"))
        ctx, win = await open_window(None, paths, check_hosts=True)
        win.resize(1400, 860)
        await win.services_ready.wait()
        summary = await win.services["library"].index([os.environ["PHOTOS"]])
        win.reload_ids(); win.reload_counts()
        ok_ids = ids_where(paths, "SELECT id FROM photos WHERE state = 'ok'")
        await until(lambda: win.model.rowCount() >= len(ok_ids))
        out = {"photos": len(ok_ids), "index": summary, "rss": [], "cycle_seconds": [], "captioned": []}
        out["rss_start"] = rss_mb()
        cap, rev = win.services["captioning"], win.services["review"]
        for cycle in range(int(os.environ["CYCLES"])):
            t0 = time.monotonic()
            # caption everything again (a regenerate of the whole library)
            if "caption" in STEPS:
                await cap.enqueue(ok_ids, force=True)
                await until(lambda: win.status.state == "idle" and not cap.is_active())
            out["captioned"].append(win.status.message)
            phases = {"caption": rss_mb()}
            # approve the drafts (write on approve), then write whatever is approved and not written
            drafts = ids_where(paths, "SELECT id FROM photos WHERE caption_state = 'draft'")
            if "approve" in STEPS:
                await rev.approve(drafts)
            if "write" in STEPS:
                await rev.write_approved(None)
            win.refresh_photos(ok_ids)
            phases["write"] = rss_mb()
            # search: typing (words), then Enter (meaning too), then clear
            for q in ("dog", "beach at sunset", "red", "a person walking") if "search" in STEPS else ():
                win.search.setText(q)
                await asyncio.sleep(0.3)
                win._on_search_enter()
                await asyncio.sleep(0.3)
            win.search.setText("")
            await asyncio.sleep(0.3)
            phases["search"] = rss_mb()
            # ask about a photo
            win.select_row(cycle % 4)
            await asyncio.sleep(0.2)
            win.open_chat()
            chat = win.services["chat_pane"]
            chat.input.setText("What is in this photo?")
            if "ask" in STEPS:
                chat.send()
            await asyncio.sleep(0.05)
            await until(lambda: not chat.busy)
            phases["ask"] = rss_mb()
            # compare two styles on four photos
            sm = win.grid.selectionModel()
            for r in range(4):
                sm.select(win.model.index(r), QItemSelectionModel.SelectionFlag.Select)
            win.open_compare()
            dlg = win.compare_dialog
            if "compare" in STEPS:
                await dlg._run()
            dlg.close()
            win.grid.clearSelection()
            await asyncio.sleep(0.5)
            gc.collect()
            if os.environ.get("BENCH_TRACE"):
                from collections import Counter
                from PySide6.QtCore import QObject
                types = Counter(type(o).__name__ for o in gc.get_objects())
                kids = Counter(type(o).__name__ for o in win.findChildren(QObject))
                prev = getattr(sys, "_prev_types", Counter()); prevk = getattr(sys, "_prev_kids", Counter())
                print("GROW py", (types - prev).most_common(12), file=sys.stderr, flush=True)
                print("GROW qt", (kids - prevk).most_common(8), len(ctx.tasks), file=sys.stderr, flush=True)
                sys._prev_types, sys._prev_kids = types, kids
                import tracemalloc
                if tracemalloc.is_tracing():
                    snap = tracemalloc.take_snapshot()
                    if hasattr(sys, "_snap"):
                        for st in snap.compare_to(sys._snap, "lineno")[:8]:
                            print("GROW tm", st, file=sys.stderr, flush=True)
                    sys._snap = snap
                    print("GROW traced MB", tracemalloc.get_traced_memory()[0] / 1e6, file=sys.stderr, flush=True)
                print("GROW caches", len(win.thumbs._cache), len(win.model._cache), len(cap.results),
                      len(win.log_handler.lines), file=sys.stderr, flush=True)
            out["cycle_seconds"].append(time.monotonic() - t0)
            out["rss"].append(rss_mb())
            phases["compare"] = out["rss"][-1]
            phases["anon"], phases["file"] = rss_mb("RssAnon"), rss_mb("RssFile")
            print(f"cycle {cycle + 1}: {out['rss'][-1]:.0f} MB, {out['cycle_seconds'][-1]:.1f} s, {out['captioned'][-1]} "
                  + " ".join(f"{k}={v:.0f}" for k, v in phases.items()), file=sys.stderr, flush=True)
        with open("/proc/self/status") as fh:
            out["peak_mb"] = next(int(l.split()[1]) / 1024 for l in fh if l.startswith("VmHWM:"))
        win.close()
        await shutdown(ctx, win)
        print("RESULT " + json.dumps(out), flush=True)

    make_qapp()
    with asyncio.Runner(loop_factory=QtEventLoop) as r:
        r.run(main())
''')


def test_soak_memory_stays_flat(tmp_path: Path) -> None:
    from tests.doubles.ollama_double import OllamaDouble

    src = Path(os.environ.get("BENCH_CORPUS") or REPO / "tests" / "data" / "photos")
    photos = tmp_path / "photos"
    shutil.copytree(src, photos)  # the files are written into: never the originals
    env = dict(os.environ, REPO=str(REPO), PHOTOS=str(photos), CYCLES=str(CYCLES),
               ALBUMWISE_HOME=str(tmp_path / "home"))
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    with OllamaDouble(token_delay=0.002) as double:
        env["DOUBLE"] = double.url
        t = time.perf_counter()
        proc = subprocess.run([sys.executable, "-c", CHILD], env=env, capture_output=True, text=True, timeout=3600)
        wall = time.perf_counter() - t
    line = next((ln for ln in proc.stdout.splitlines() if ln.startswith("RESULT ")), None)
    assert line, proc.stdout[-2000:] + proc.stderr[-6000:]
    res = json.loads(line[len("RESULT "):])
    rss = res["rss"]
    print(f"\nsoak: {res['photos']} photos, {len(rss)} cycles in {wall:.0f} s ({res['index']})")
    print("RSS after each cycle (MB): " + ", ".join(f"{r:.0f}" for r in rss)
          + f"; at start {res['rss_start']:.0f}, peak {res['peak_mb']:.0f}")
    print("each cycle: " + "; ".join(res["captioned"][:2]) + " …")
    if os.environ.get("BENCH_TRACE"):
        print("\n".join(ln for ln in proc.stderr.splitlines() if ln.startswith(("cycle", "GROW"))))
    growth = (rss[-1] - rss[0]) / rss[0]
    print(f"growth after the first cycle: {growth * 100:+.1f} % (limit +10 %)")
    assert len(rss) == CYCLES and CYCLES >= 2
    assert growth <= 0.10
