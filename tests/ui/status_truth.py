"""Is what the status bar says true? Compares the bar's texts with the caption queue's real state
(the ``jobs`` table, the pause flag, the photos in flight). Used by the window's tests and by the
soak benchmark, which checks it at every step of an hour of use."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from app.store import db as dbmod

IDLE = "Ready"


def queue_truth(db: Any) -> dict[str, Any]:
    """The queue as the database has it (``db``: a path, or an open read-only connection)."""
    from app.captioning import queue as jobq
    from app.ui.emoji_text import shown_name

    if isinstance(db, (str, Path)):
        conn = dbmod.connect(db, readonly=True)
        try:
            return queue_truth(conn)
        finally:
            conn.conn.close()
    s = jobq.summary(db)
    running = [r[0] for r in db.execute(
        "SELECT p.path FROM jobs j JOIN photos p ON p.id = j.photo_id WHERE j.state = 'running'").fetchall()]
    return {"pending": s["counts"]["queued"] + s["counts"]["running"], "paused": s["paused"],
            "reason": s["paused_reason"], "running": {shown_name(os.path.basename(p)) for p in running}}


def status_problems(win: Any, truth: dict[str, Any]) -> list[str]:
    """What the status bar says that the queue's state contradicts (empty: all true)."""
    view, st = win.queue_status, win.status
    cap = win.services.get("captioning")
    active = bool(cap is not None and cap.is_active())
    message, current = view.message.text(), view.current.text()
    bar_shown = not view.bar.isHidden()
    out: list[str] = []
    working = truth["pending"] > 0 and not truth["paused"] and active
    if working:
        if st.state != "running":
            out.append(f"the queue runs ({truth['pending']} left) but the state is {st.state}")
        if message == IDLE:
            out.append("'Ready' while the queue runs")
        if not bar_shown:
            out.append("no progress while the queue runs")
    if truth["pending"] == 0 and not active and not truth["paused"]:
        if st.state != "idle":
            out.append(f"the queue is empty but the state is {st.state}")
        if bar_shown:
            out.append("a progress bar for an empty queue")
        if current:
            out.append(f"'{current}' while nothing is captioned")
    if truth["paused"] and truth["pending"] > 0:
        if st.state != "paused":
            out.append(f"the queue is paused but the state is {st.state}")
        elif not view.bar.format().startswith("Paused"):
            out.append("the progress does not say Paused")
    if message == IDLE and st.state != "idle":
        out.append(f"'Ready' in state {st.state}")
    if message.startswith("Captioning paused") and not (truth["paused"] or st.state == "paused"):
        out.append(f"stale pause message: {message!r}")
    streaming = bool(cap is not None and cap._live)  # photos whose answer is arriving right now
    if streaming and st.state == "running" and not current.startswith("Captioning "):
        out.append(f"{len(cap._live)} photo(s) being captioned but the bar names none ({current!r})")
    if current.startswith("Captioning "):
        name = current[len("Captioning "):].split(" and ")[0]
        if name not in truth["running"]:
            out.append(f"'{current}' but the running jobs are {sorted(truth['running'])}")
    if cap is not None:
        answered = {r.host for r in cap.results if r.state not in ("failed", "cancelled") and r.host}
        for url, light in win.host_lights.states.items():
            if url in answered and light == "unknown":
                out.append(f"{url} captioned but its light is grey")
    return out


class StatusWatch:
    """Checks the bar again and again; a problem counts once it outlives ``grace`` seconds (the
    database and the window learn of a change a few event-loop turns apart)."""

    def __init__(self, win: Any, db_path: Path, grace: float = 0.5) -> None:
        self.win, self.db_path, self.grace = win, db_path, grace
        self._since: dict[str, float] = {}
        self.stale: list[str] = []  # problems that lasted longer than the grace period
        self.checks = 0
        self.texts: list[str] = []  # every distinct text the bar showed
        self._db: Any = None

    def close(self) -> None:
        if self._db is not None:
            self._db.conn.close()
            self._db = None

    def check(self, now: float, truth: dict[str, Any] | None = None) -> list[str]:
        """Compare now; ``truth`` read elsewhere (a benchmark reads it off the main thread)."""
        if truth is None:
            if self._db is None:
                self._db = dbmod.connect(self.db_path, readonly=True)
            truth = queue_truth(self._db)
        problems = status_problems(self.win, truth)
        self.checks += 1
        text = " | ".join(t for t in (self.win.queue_status.message.text(), self.win.queue_status.current.text()) if t)
        if not self.texts or self.texts[-1] != text:
            self.texts.append(text)
        for p in problems:
            first = self._since.setdefault(p, now)
            if now - first >= self.grace and p not in self.stale:
                self.stale.append(p)
        for p in list(self._since):
            if p not in problems:
                del self._since[p]
        return problems
