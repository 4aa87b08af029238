"""The soak benchmark's app process: the real window, used for a set time the way a person reviews.

Started by ``bench_soak.py`` in a fresh process (like the app: QApplication + qasync + the window
with all its services, the caption queue talking real HTTP to the Ollama-protocol double). After
indexing the generated library it cycles through mixed use until the time is up:

scroll · caption a few · search · filter (lists, folders, places) · edit and save · approve and
next · regenerate · write · undo · conflict view (another app edits a written file; the photo is
rescanned, shown, and the conflict dialog opened and answered)

Between steps it "thinks" for a moment, and all the while it checks the status bar against the
queue's real state (``tests/ui/status_truth.py``). It samples the resident memory of the app and of
its workers (thumbnail processes, exiftool) at fixed intervals, and a 2 ms heartbeat on the main
thread records the longest block and the step it happened in. Prints one ``RESULT {json}`` line.

Environment: REPO, PHOTOS, DOUBLE (URL), SOAK_MINUTES, SOAK_SAMPLE_SECONDS, ALBUMWISE_HOME.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, os.environ["REPO"])

from PySide6.QtCore import QItemSelectionModel, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from app.config import HostConfig, Settings, app_paths, save_settings  # noqa: E402
from app.store import db as dbmod  # noqa: E402
from app.ui.app import make_qapp, open_window, shutdown  # noqa: E402
from app.ui.event_loop import QtEventLoop  # noqa: E402
from tests.ui.status_truth import StatusWatch  # noqa: E402

MINUTES = float(os.environ.get("SOAK_MINUTES", "60"))
SAMPLE_SECONDS = float(os.environ.get("SOAK_SAMPLE_SECONDS", "300"))
THINK = float(os.environ.get("SOAK_THINK", "1.5"))  # seconds between two steps, as a person pauses
rng = random.Random(7)


# -- memory of the app and its workers ------------------------------------------------------------
def _status(pid: int) -> dict[str, str]:
    try:
        with open(f"/proc/{pid}/status") as fh:
            return dict(line.rstrip("\n").split(":\t", 1) for line in fh if ":\t" in line)
    except OSError:
        return {}


def _children() -> dict[int, list[int]]:
    kids: dict[int, list[int]] = {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            st = _status(int(name))
            if "PPid" in st:
                kids.setdefault(int(st["PPid"]), []).append(int(name))
    return kids


def rss() -> dict[str, Any]:
    """Resident MB of this process and of every descendant (by program name)."""
    me = os.getpid()
    kids = _children()
    st = _status(me)

    def mb(key: str) -> float:
        return int(st.get(key, "0 kB").split()[0]) / 1024

    # the app's heap (RssAnon) apart from mapped files (RssFile: the database read through mmap, the
    # libraries), which the system can take back; both count in the total
    out: dict[str, Any] = {"app": mb("VmRSS"), "app_anon": mb("RssAnon"), "app_file": mb("RssFile"),
                           "workers": 0.0, "by": {}}
    todo = list(kids.get(me, []))
    while todo:
        pid = todo.pop()
        todo += kids.get(pid, [])
        st = _status(pid)
        mb = int(st.get("VmRSS", "0 kB").split()[0]) / 1024
        out["workers"] += mb
        name = st.get("Name", "?")
        out["by"][name] = out["by"].get(name, 0.0) + mb
    out["total"] = out["app"] + out["workers"]
    return out


# -- the main thread's longest block -----------------------------------------------------------------
class Heartbeat:
    """A 2 ms timer on the main thread: the longest gap between two ticks is the longest block."""

    def __init__(self) -> None:
        self.step = "start"
        self.last = time.perf_counter()
        self.max = 0.0
        self.max_step = ""
        self.over: dict[str, int] = {}  # step -> blocks over 50 ms
        self.timer = QTimer()
        self.timer.setInterval(2)
        self.timer.timeout.connect(self._tick)

    def _tick(self) -> None:
        now = time.perf_counter()
        gap = now - self.last
        self.last = now
        if gap > self.max:
            self.max, self.max_step = gap, self.step
        if gap > 0.05:
            self.over[self.step] = self.over.get(self.step, 0) + 1

    def start(self) -> None:
        self.last = time.perf_counter()
        self.timer.start()


def trace_memory(win: Any) -> None:
    """Print the caches' sizes and which Python object types grew since the last call."""
    import gc
    from collections import Counter

    gc.collect()
    types = Counter(type(o).__name__ for o in gc.get_objects())
    prev = getattr(trace_memory, "prev", Counter())
    trace_memory.prev = types  # type: ignore[attr-defined]
    print("GROW py", (types - prev).most_common(10), file=sys.stderr, flush=True)
    print("GROW caches: thumbs", len(win.thumbs._cache), "rows", len(win.model._cache), "tasks",
          len(win.ctx.tasks), "log", len(win.log_handler.lines), file=sys.stderr, flush=True)
    try:  # glibc's heap: memory in use apart from memory freed but kept (fragmentation)
        import ctypes

        class MallInfo2(ctypes.Structure):
            _fields_ = [(n, ctypes.c_size_t) for n in ("arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks",
                                                       "fsmblks", "uordblks", "fordblks", "keepcost")]

        libc = ctypes.CDLL("libc.so.6")
        libc.mallinfo2.restype = MallInfo2
        mi = libc.mallinfo2()
        print(f"GROW malloc: heap {mi.arena / 2**20:.0f} MB (in use {mi.uordblks / 2**20:.0f}, free "
              f"{mi.fordblks / 2**20:.0f}), mmapped {mi.hblkhd / 2**20:.0f} MB in {mi.hblks} blocks",
              file=sys.stderr, flush=True)
    except (OSError, AttributeError):
        pass


# -- helpers ---------------------------------------------------------------------------------------
class Probe:
    """The benchmark's own reads, on a thread of their own with one connection: what it measures
    must not be slowed by how it measures (a connection opened on the main thread blocks it)."""

    def __init__(self, db_path: Path) -> None:
        import concurrent.futures

        self.db_path = db_path
        self.pool = concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="soak-probe")
        self._db: Any = None

    def _conn(self) -> Any:
        if self._db is None:
            self._db = dbmod.connect(self.db_path, readonly=True)
        return self._db

    async def run(self, fn: Any, *args: Any) -> Any:
        return await asyncio.wrap_future(self.pool.submit(lambda: fn(self._conn(), *args)))

    async def ids(self, sql: str, params: list[Any] | None = None) -> list[int]:
        return await self.run(lambda db: [r[0] for r in db.execute(sql, params or []).fetchall()])

    def close(self) -> None:
        def _close() -> None:
            if self._db is not None:
                self._db.conn.close()

        self.pool.submit(_close).result()
        self.pool.shutdown()


def ids_where(db_path: Path, sql: str, params: list[Any] | None = None) -> list[int]:
    db = dbmod.connect(db_path, readonly=True)
    try:
        return [r[0] for r in db.execute(sql, params or []).fetchall()]
    finally:
        db.conn.close()


def trace_blocks(hb: "Heartbeat", threshold_ms: float) -> None:
    """Development aid (SOAK_TRACE=ms): for each block longer than that, print its length, step and
    where the main thread was (its innermost frames, sampled every 5 ms while it blocked). A block
    with only Qt's event loop on the stack is Qt's own work (layout, painting) or a busy machine."""
    import collections
    import threading
    import traceback

    from PySide6.QtCore import QObject

    main_id = threading.main_thread().ident
    last_event = ["?"]  # the event the main thread took up last: what Qt works on when no Python runs

    class Events(QObject):
        def eventFilter(self, obj: Any, ev: Any) -> bool:
            t = ev.type()
            last_event[0] = f"{type(obj).__name__} {getattr(t, 'name', t)}"
            return False

    if os.environ.get("SOAK_TRACE_ALL"):  # a file: every thread's stack when the main one stalls 100 ms
        import faulthandler  # its watchdog is a C thread: it reports even while a thread holds the GIL

        dump = open(os.environ["SOAK_TRACE_ALL"], "w")  # noqa: SIM115 - open for the whole run
        arm = QTimer()
        arm.setInterval(20)
        after = float(os.environ.get("SOAK_TRACE_ALL_MS", "100")) / 1000
        arm.timeout.connect(lambda: faulthandler.dump_traceback_later(after, file=dump))
        arm.start()
        trace_blocks.arm = arm  # type: ignore[attr-defined]

    trace_blocks.events = Events()  # type: ignore[attr-defined]
    QApplication.instance().installEventFilter(trace_blocks.events)  # type: ignore[attr-defined]

    def where(frame: Any) -> str:
        frames = [f for f in traceback.extract_stack(frame) if "qasync" not in f.filename
                  and "asyncio" not in f.filename and not f.filename.endswith(("soak_child.py", "event_loop.py"))]
        return "".join(traceback.format_list(frames[-14:])) or f"    (Qt's own work; last event: {last_event[0]})\n"

    def sched(tid: int | None = None) -> tuple[float, float]:
        """A thread's time on a CPU and waiting for one (ms): work tells apart from starvation."""
        try:
            with open(f"/proc/self/task/{tid or threading.main_thread().native_id}/schedstat") as fh:
                run, wait = fh.read().split()[:2]
            return int(run) / 1e6, int(wait) / 1e6
        except (OSError, ValueError):
            return 0.0, 0.0

    def all_cpu() -> dict[int, tuple[float, float]]:
        return {int(t): sched(int(t)) for t in os.listdir("/proc/self/task")}

    def name_of(tid: int) -> str:
        for t in threading.enumerate():
            if t.native_id == tid:
                return t.name
        try:
            with open(f"/proc/self/task/{tid}/comm") as fh:
                return fh.read().strip()
        except OSError:
            return str(tid)

    def watch() -> None:
        samples: collections.Counter[str] = collections.Counter()
        others: dict[int, collections.Counter[str]] = {}  # thread ident -> where it was meanwhile
        start = hb.last
        before = sched()
        cpu_before: dict[int, float] = {}
        me = threading.get_ident()
        while True:
            time.sleep(0.005)
            last = hb.last
            if last != start:  # the main thread ticked: the block (if any) is over
                gap = (last - start) * 1000
                if gap > threshold_ms:  # no sample: the GIL was held throughout (Python or a C call)
                    after = sched()
                    top = "".join(f"  [{n}x]\n{st}" for st, n in samples.most_common(3)) or "  (no sample)\n"
                    busy = ""
                    if cpu_before:  # who else ran meanwhile (a thread holding the GIL stalls the main one)
                        cpu = all_cpu()
                        main_tid = threading.main_thread().native_id
                        use = sorted(((cpu.get(t, c)[0] - c[0], cpu.get(t, c)[1] - c[1], t)
                                      for t, c in cpu_before.items() if t != main_tid), reverse=True)
                        idents = {t.native_id: t.ident for t in threading.enumerate()}
                        for ms, waited, tid in use[:3]:
                            if ms >= 5:
                                busy += (f"  other thread {name_of(tid)}: {ms:.0f} ms on CPU, {waited:.0f} ms waiting "
                                         "for one\n")
                                where_ = others.get(idents.get(tid, -1))
                                if where_:
                                    busy += "".join(f"    [{n}x]\n{st}" for st, n in where_.most_common(2))
                    print(f"BLOCK {gap:.0f} ms in {hb.step} (main thread on CPU {after[0] - before[0]:.0f} ms, "
                          f"waiting for a CPU {after[1] - before[1]:.0f} ms)\n{top}{busy}", file=sys.stderr, flush=True)
                samples.clear()
                others.clear()
                cpu_before = {}
                start = last
                before = sched()
                continue
            if time.perf_counter() - start > 0.02:
                if not cpu_before:
                    cpu_before = all_cpu()
                frames = sys._current_frames()
                frame = frames.get(main_id)
                if frame is not None:
                    samples[where(frame)] += 1
                for ident, f in frames.items():
                    if ident not in (main_id, me):
                        others.setdefault(ident, collections.Counter())[where(f)] += 1

    threading.Thread(target=watch, daemon=True).start()


class Soak:
    def __init__(self, win: Any, photos: Path) -> None:
        self.win, self.photos = win, photos
        self.db = win.ctx.paths.db_path
        self.probe = Probe(self.db)
        self.watch = StatusWatch(win, self.db)
        self.hb = Heartbeat()
        self.counts: dict[str, int] = {}
        self.conflicts = 0

    async def wait(self, seconds: float) -> None:
        """Let time pass while checking the status bar every 100 ms."""
        from tests.ui.status_truth import queue_truth

        end = time.monotonic() + seconds
        while True:
            truth = await self.probe.run(queue_truth)
            self.watch.check(time.monotonic(), truth)
            if time.monotonic() >= end:
                return
            await asyncio.sleep(min(0.1, max(0.0, end - time.monotonic())))

    async def until(self, cond: Any, timeout: float = 60) -> bool:
        end = time.monotonic() + timeout
        while not cond():
            if time.monotonic() > end:
                return False
            await self.wait(0.1)
        return True

    def shown(self, ids: list[int]) -> list[int]:
        """Those of ``ids`` that have a tile in the grid (as a person can only pick what is shown)."""
        return [i for i in ids if self.win.model.row_of(self.win.group_ops.tile_for(i)) is not None]

    async def show_all(self) -> None:
        win = self.win
        if win.scope_key() != ("smart", "all") or win.search.text():
            win.search.setText("")
            win.sidebar.setCurrentIndex(win.sidebar_model.smart_index("all"))
            win.reload_ids()
            await self.wait(0.5)

    async def pick(self, ids: list[int]) -> bool:
        """Click a photo (its tile)."""
        ids = self.shown(ids)
        if not ids:
            return False
        pid = rng.choice(ids)
        self.win.select_id(self.win.group_ops.tile_for(pid))
        self.win.grid.setFocus()
        return await self.until(lambda: self.win.detail.photo_id == self.win.current_id(), 20)

    # -- the steps ----------------------------------------------------------------------------------
    async def scroll(self) -> None:
        bar = self.win.grid.verticalScrollBar()
        bar.setValue(rng.randint(0, max(0, bar.maximum())))
        for _ in range(6):
            bar.setValue(min(bar.maximum(), bar.value() + bar.pageStep()))
            await self.wait(0.08)

    async def caption(self) -> None:
        await self.show_all()
        ids = self.shown(await self.probe.ids("SELECT id FROM photos WHERE caption_state = 'none' AND state = 'ok' "
                                            "ORDER BY random() LIMIT 40"))[:6]
        if not ids:
            return
        sm = self.win.grid.selectionModel()
        sm.clearSelection()
        for pid in ids:
            row = self.win.model.row_of(self.win.group_ops.tile_for(pid))
            sm.select(self.win.model.index(row), QItemSelectionModel.SelectionFlag.Select)
        self.win.caption_selected()

    async def regenerate(self) -> None:
        if await self.pick(await self.probe.ids("SELECT id FROM photos WHERE caption_state IN ('draft', 'approved') "
                                              "ORDER BY random() LIMIT 20")):
            from app.ui.dialogs.regenerate import RegenerateDialog

            self.win.regenerate()
            await self.wait(0.2)
            dialogs = [d for d in self.win.findChildren(RegenerateDialog) if d.isVisible()]
            for d in dialogs:
                d.accept()

    async def search(self) -> None:
        win = self.win
        for q in rng.sample(["texture", "harbour", "red sky", "a stone bridge", "people", "IMG_00"], 2):
            win.search.setText(q)
            await self.wait(0.4)
            win._on_search_enter()  # Enter: by meaning too
            await self.wait(0.6)
        win.search.setText("")
        await self.wait(0.3)

    async def filters(self) -> None:
        from app.ui.models.sidebar_model import KEY_ROLE
        from app.ui.window_browse import find_key

        win = self.win
        keys: list[Any] = [("smart", k) for k in ("review", "approved", "written", "duplicates", "all")]
        model = win.sidebar_model
        stack = [model.index(r, 0) for r in range(model.rowCount())]
        while stack:
            idx = stack.pop()
            key = idx.data(KEY_ROLE)
            if key and key[0] in ("folder", "place", "person"):
                keys.append(key)
            stack += [model.index(r, 0, idx) for r in range(model.rowCount(idx))]
        for key in rng.sample(keys, min(3, len(keys))) + [("smart", "all")]:
            idx = find_key(model, key)
            if idx is not None:
                win.sidebar.setCurrentIndex(idx)
                await self.wait(0.5)

    async def edit(self) -> None:
        await self.show_all()
        if await self.pick(await self.probe.ids("SELECT id FROM photos WHERE caption_state = 'draft' "
                                              "ORDER BY random() LIMIT 20")):
            ed = self.win.detail.editor
            self.win.edit_caption()
            ed.setPlainText(ed.toPlainText().rstrip() + " Seen again.")
            self.win.save_edit()  # Ctrl+S

    async def approve(self) -> None:
        await self.show_all()
        if await self.pick(await self.probe.ids("SELECT id FROM photos WHERE caption_state = 'draft' "
                                              "ORDER BY random() LIMIT 20")):
            self.win.approve_and_next()  # Shift+A

    async def write(self) -> None:
        self.win.write_approved()

    async def undo(self) -> None:
        await self.show_all()
        await self.pick(await self.probe.ids("SELECT photo_id FROM writes WHERE state = 'done' ORDER BY id DESC LIMIT 5"))
        self.win.undo_write()
        await self.wait(0.5)
        box = getattr(self.win, "undo_question", None)
        if box is not None and box.isVisible():
            box.reject()

    async def conflict(self) -> None:
        """Another app edits a photo we wrote; a rescan of its folder finds it; the person looks."""
        from app.ui.dialogs.conflict import ConflictDialog

        written = await self.probe.ids("SELECT id FROM photos WHERE caption_state = 'written' ORDER BY random() LIMIT 1")
        if written:
            path = (await self.probe.run(lambda db: db.execute("SELECT path FROM photos WHERE id = ?",
                                                               written).fetchone()))[0]
            await asyncio.get_running_loop().run_in_executor(None, lambda: subprocess.run(
                ["exiftool", "-q", "-overwrite_original", "-XMP-dc:Description=Edited in another app.", path],
                check=False, capture_output=True))
            await self.win._index(None)  # F5: rescan (unchanged files cost a stat each)
        conflicted = await self.probe.ids("SELECT id FROM photos WHERE caption_state = 'conflict' LIMIT 5")
        if not conflicted:
            return
        self.win.sidebar.setCurrentIndex(self.win.sidebar_model.smart_index("conflict"))
        await self.wait(0.5)
        if not await self.pick(conflicted):
            return
        self.win.resolve_conflict()
        if await self.until(lambda: any(d.isVisible() for d in self.win.findChildren(ConflictDialog)), 10):
            await self.wait(0.5)  # the person reads both texts
            dlg = next(d for d in self.win.findChildren(ConflictDialog) if d.isVisible())
            self.conflicts += 1
            (dlg.keep_button if self.conflicts % 2 else dlg.take_button).click()
            dlg.deleteLater()

    STEPS = ("scroll", "caption", "search", "filters", "edit", "approve", "scroll", "regenerate", "approve",
             "write", "undo", "conflict")


async def main() -> None:
    paths = app_paths().ensure()
    save_settings(paths, Settings(hosts=[HostConfig(url=os.environ["DOUBLE"], concurrency=1)], model="llava:latest"))
    ctx, win = await open_window(None, paths, check_hosts=True, defer_services=True)
    win.resize(1400, 860)
    await win.services_ready.wait()
    photos = Path(os.environ["PHOTOS"])
    t = time.monotonic()
    await win._index([str(photos)])
    n = len(ids_where(paths.db_path, "SELECT id FROM photos WHERE state = 'ok'"))
    soak = Soak(win, photos)
    await soak.until(lambda: len(win.group_ops.expand(win.model.ids())) >= n, 300)
    out: dict[str, Any] = {"photos": n, "index_seconds": time.monotonic() - t, "samples": [], "steps": 0}
    if os.environ.get("SOAK_TRACE"):
        trace_blocks(soak.hb, float(os.environ["SOAK_TRACE"]))
    profile = None
    if os.environ.get("SOAK_PROFILE"):  # development aid: where the main thread's time goes (cProfile)
        import cProfile

        profile = cProfile.Profile()
        profile.enable()
    soak.hb.start()
    t0 = time.monotonic()
    next_sample = t0
    k = 0
    while True:
        now = time.monotonic()
        if now >= next_sample:
            m = rss()
            out["samples"].append({"minute": round((now - t0) / 60, 2), **m})
            print(f"{(now - t0) / 60:5.1f} min: app {m['app']:.0f} MB (heap {m['app_anon']:.0f}, files "
                  f"{m['app_file']:.0f}) + workers {m['workers']:.0f} MB "
                  f"= {m['total']:.0f} MB; longest block {soak.hb.max * 1000:.0f} ms; {k} steps; "
                  f"{len(soak.watch.stale)} stale texts", file=sys.stderr, flush=True)
            if os.environ.get("SOAK_TRACE_MEMORY"):  # development aid: what grows between two samples
                trace_memory(win)
            next_sample += SAMPLE_SECONDS
        if now - t0 >= MINUTES * 60:
            break
        step = Soak.STEPS[k % len(Soak.STEPS)]
        soak.hb.step = step
        try:
            await getattr(soak, step)()
        except Exception as exc:  # noqa: BLE001 - a step that cannot run now is counted, the hour goes on
            out.setdefault("step_errors", []).append(f"{step}: {exc!r}"[:200])
        soak.counts[step] = soak.counts.get(step, 0) + 1
        soak.hb.step = "think"
        await soak.wait(THINK)
        k += 1
    soak.hb.timer.stop()
    if profile is not None:
        profile.disable()
        profile.dump_stats(os.environ["SOAK_PROFILE"])
    soak.probe.close()
    db = dbmod.connect(paths.db_path, readonly=True)
    states = dict(db.execute("SELECT caption_state, count(*) FROM photos GROUP BY 1").fetchall())
    db.conn.close()
    out.update({"steps": k, "step_counts": soak.counts, "max_block_ms": soak.hb.max * 1000,
                "max_block_step": soak.hb.max_step, "blocks_over_50ms": soak.hb.over,
                "status_checks": soak.watch.checks, "stale_status": soak.watch.stale,
                "status_texts": len(soak.watch.texts), "caption_states": states,
                "conflicts_answered": soak.conflicts})
    win.close()
    await shutdown(ctx, win)
    print("RESULT " + json.dumps(out), flush=True)


if __name__ == "__main__":
    make_qapp()
    QApplication.instance().setQuitOnLastWindowClosed(False)
    with asyncio.Runner(loop_factory=QtEventLoop) as runner:
        runner.run(main())
