"""A queue paused because the server went away resumes by itself when it
answers again (a pause the person asked for stays); the counters continue across the pause; the
status bar ends the run with a summary and never shows a finished state; tokens/s counts from the
first token; "1 token" is singular."""

from __future__ import annotations

import asyncio
import time

import pytest

from tests.ui.helpers import run, until

pytestmark = [pytest.mark.gui, pytest.mark.slow]


def _watch(window):
    """Every message and progress the status bar showed, in order."""
    seen: list[tuple[str, str, int, int]] = []
    st = window.status
    st.changed.connect(lambda: seen.append((st.state, st.message, st.done, st.total)))
    return seen


def test_unreachable_pause_resumes_by_itself_and_counts_on(settings_for_double, window, ollama):
    cap = window.services["captioning"]
    cap.recheck_seconds = 0.2
    ids = window.library["ids"]
    seen = _watch(window)
    ollama.stop()  # the server is killed

    async def flow():
        await until(lambda: window.model.rowCount() == 3)
        await cap.enqueue(ids)
        await until(lambda: window.status.state == "paused", timeout=30, msg="paused: no server")
        assert "resumes by itself" in window.status.message
        assert window.action("resume").isEnabled() and not window.action("pause").isEnabled()
        await asyncio.sleep(0.6)  # a few re-checks while it is still down: still paused, nothing lost
        assert window.status.state == "paused" and window.status.total == 3
        ollama.start()  # ... and started again on the same address
        await until(lambda: window.status.state == "running", timeout=15, msg="resumed on its own")
        await until(lambda: window.status.state == "idle", timeout=60, msg="run finished")

    run(flow(), timeout=120)
    messages = [m for _s, m, _d, _t in seen]
    assert any("answers again" in m for m in messages), messages
    assert window.status.message == "3 captioned"
    # one run: the total stayed 3 across the pause, and "done" only ever went up
    totals = {t for s, _m, _d, t in seen if s != "idle"}
    assert totals == {3}, totals
    dones = [d for s, _m, d, _t in seen if s != "idle"]
    assert dones == sorted(dones)
    # the queue is empty: nothing to pause or cancel, right away
    assert not window.action("pause").isEnabled() and not window.action("cancel").isEnabled()


def test_a_pause_the_person_asked_for_stays(settings_for_double, window, ollama):
    cap = window.services["captioning"]
    cap.recheck_seconds = 0.1
    ollama.token_delay = 0.2

    async def flow():
        await until(lambda: window.model.rowCount() == 3)
        await cap.enqueue(window.library["ids"])
        await until(lambda: window.status.state == "running", timeout=15)
        await cap.pause()
        await until(lambda: not cap.is_active(), timeout=15)
        n = len(ollama.generation_requests())
        await asyncio.sleep(0.8)
        assert window.status.state == "paused" and cap.is_paused()
        assert len(ollama.generation_requests()) == n  # nothing was sent while paused
        assert "Resume" in window.status.message

    run(flow(), timeout=60)


def test_speed_counts_from_the_first_token(settings_for_double, window, ollama):
    """The speed shown is tokens over the time since the first token, not since the request (which
    includes the model's cold start). Compared with what the test itself sees, not with a fixed
    figure, so a busy machine cannot make it fail."""
    ollama.token_delay = 0.05  # the server streams 20 tokens/s ...
    ollama.load_seconds = 3.0  # ... after a cold start that is not speed
    stats: list[str] = []
    speeds: list[float] = []
    real = window.detail.stream_stats

    window.detail.stream_stats = lambda pid, text: (stats.append(text), real(pid, text))
    window.status.changed.connect(lambda: window.status.tokens_per_s and speeds.append(window.status.tokens_per_s))
    pid = window.library["ids"][0]
    times: dict[str, float] = {}

    async def flow():
        await until(lambda: window.model.rowCount() == 3)
        window.select_id(pid)
        await until(lambda: window.detail.photo_id == pid)
        times["asked"] = time.monotonic()
        await window.services["captioning"].enqueue([pid])
        await until(lambda: window.status.state == "idle" and window.status.message == "1 captioned", timeout=60)
        times["done"] = time.monotonic()

    run(flow(), timeout=90)
    assert "1 token" in stats, stats[:3]
    assert not any(s.startswith("1 tokens") for s in stats)
    tokens = int(stats[-1].split()[0])
    since_request = tokens / (times["done"] - times["asked"])  # what counting from the request would show
    assert speeds and speeds[-1] > 1.25 * since_request, (speeds[-5:], since_request)
    assert speeds[-1] <= 30, speeds[-5:]  # the server sends 20 a second: never counted faster


def test_status_messages_follow_the_state(window, qtbot):
    pid = window.library["ids"][0]

    async def flow():
        await until(lambda: window.model.rowCount() == 3)
        window.select_id(pid)
        await until(lambda: window.detail.photo_id == pid)
        window.detail.editor.setPlainText("A red boat on a grey lake.")
        window.detail._emit_save()  # the person's own caption (approved at once)
        await until(lambda: (window.model.cached_row(pid) or {}).get("caption_state") in ("approved", "written"),
                    timeout=30)
        window.search.setText("boat")
        await until(lambda: "found" in window.status.message, timeout=10)
        window.search.setText("")
        await until(lambda: "found" not in window.status.message, timeout=10)

    run(flow(), timeout=60)
    # hovering a toolbar button (a status tip) must not replace the queue's progress
    window.status.run_started(5)
    for action in window.toolbar.actions():
        action.hover()  # what moving the mouse over a toolbar button does
        assert window.statusBar().currentMessage() == "", action.text()
    assert not any(a.statusTip() for a in window.actions_by_name.values())
    assert window.queue_status.isVisibleTo(window) and not window.queue_status.bar.isHidden()
    window.status.run_finished()


def test_reject_says_reject(window, ollama):
    from app.store import captions
    from app.store import db as dbmod

    pid = window.library["ids"][1]
    db = dbmod.connect(window.ctx.paths.db_path)
    captions.add_version(db, pid, text="A cat on a mat.", source="model", state="draft")
    db.conn.close()

    async def flow():
        await until(lambda: window.model.rowCount() == 3)
        window.status.say("Approved 1 photo")
        window.select_id(pid)
        await until(lambda: window.detail.photo_id == pid)
        window.reject()
        await until(lambda: window.status.message != "Approved 1 photo", timeout=15)

    run(flow())
    assert window.status.message == "Rejected 1 caption"


def test_cancel_while_the_selection_is_still_being_queued_captions_nothing_more(settings_for_double, window, ollama,
                                                                                monkeypatch):
    """The photos are queued one by one while the run goes; a cancel meanwhile must also stop the
    queueing, or the photos queued after it would be captioned anyway."""
    import threading

    from app.captioning import intake as intake_mod
    from app.store import db as dbmod

    cap = window.services["captioning"]
    ids = window.library["ids"]
    release = threading.Event()
    real_hash = intake_mod._hash

    def held(rows, thumb_dir, cancel):  # the other photos' thumbnails are slow to make
        if any(int(r["id"]) != ids[0] for r in rows):
            release.wait(30)
        return real_hash(rows, thumb_dir, cancel)

    monkeypatch.setattr(intake_mod, "_hash", held)
    db = dbmod.connect(window.ctx.paths.db_path)
    try:  # indexed, never hashed: each photo's group is found when it is queued
        with db.conn:
            db.conn.executemany("UPDATE photos SET fingerprint = ? WHERE id = ?", [(f"{i:032x}", i) for i in ids])
    finally:
        db.conn.close()

    def active_jobs() -> int:
        db = dbmod.connect(window.ctx.paths.db_path, readonly=True)
        try:
            return db.execute("SELECT count(*) FROM jobs WHERE state IN ('queued', 'running')").fetchone()[0]
        finally:
            db.conn.close()

    async def flow():
        await until(lambda: window.model.rowCount() == 3)
        queued = asyncio.ensure_future(cap.enqueue(ids))
        await until(lambda: ollama.generation_requests(), timeout=30, msg="the first photo is sent")
        await cap.cancel()
        release.set()
        await asyncio.wait_for(queued, 15)  # the queueing ended with the cancel
        await until(lambda: not cap.is_active(), timeout=15, msg="the run stopped")
        await asyncio.sleep(0.5)
        assert active_jobs() == 0
        assert len(ollama.generation_requests()) == 1  # the others were never sent

    run(flow(), timeout=90)
