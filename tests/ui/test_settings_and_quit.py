"""Settings persist; quitting in the middle of captioning leaves a consistent database that resumes;
the first-run dialog explains what is missing."""

from __future__ import annotations

import pytest

from app.config import HostConfig, Settings, load_settings, save_settings
from app.store import db as dbmod
from tests.ui.helpers import run, until

pytestmark = pytest.mark.gui


def test_settings_dialog_persists(window):
    window.open_settings()
    dlg = window.settings_dialog
    dlg.language.setCurrentText("German")
    dlg.write_target.setCurrentIndex(dlg.write_target.findData("sidecar_only"))
    dlg.keywords.setChecked(False)
    dlg.template.setPlainText("Describe {filename} in {language}. {context}")
    assert "Describe" in dlg.preview.toPlainText() and "German" in dlg.preview.toPlainText()
    dlg.accept()
    saved = load_settings(window.ctx.paths)
    assert saved.language == "German" and saved.write_target == "sidecar_only" and saved.keywords is False
    assert saved.prompt_templates[saved.style].startswith("Describe {filename}")
    window.open_settings()  # a new dialog shows what was saved
    assert window.settings_dialog.language.currentText() == "German"
    window.settings_dialog.reject()


def _state(paths):
    db = dbmod.connect(paths.db_path, readonly=True)
    try:
        jobs = dict(db.execute("SELECT state, count(*) FROM jobs GROUP BY state").fetchall())
        photos = dict(db.execute("SELECT caption_state, count(*) FROM photos GROUP BY caption_state").fetchall())
        ok = db.execute("PRAGMA integrity_check").fetchone()[0]
        orphans = db.execute("SELECT count(*) FROM photos p LEFT JOIN captions c ON c.id = p.caption_id "
                             "WHERE p.caption_id IS NOT NULL AND c.id IS NULL").fetchone()[0]
        return jobs, photos, ok, orphans
    finally:
        db.conn.close()


@pytest.mark.slow
def test_quit_mid_caption_is_consistent_and_resumes(qloop, library, ollama, qtbot):
    from app.ui.app import make_qapp, open_window, shutdown

    ollama.token_delay = 0.15  # slow enough to close while the first caption streams
    save_settings(library["paths"], Settings(hosts=[HostConfig(url=ollama.url, concurrency=1)], model="llava:latest"))
    make_qapp()
    ctx, win = run(open_window(None, library["paths"], check_hosts=False))

    async def start_and_quit():
        await until(lambda: win.model.rowCount() == 3)
        await win.services["captioning"].enqueue(library["ids"])
        await until(lambda: win.detail.streaming or any(win.services["captioning"]._live.values()), msg="streaming")
        win.close()  # the person closes the window mid-caption
        await shutdown(ctx, win)

    run(start_and_quit(), timeout=60)
    jobs, photos, ok, orphans = _state(library["paths"])
    assert ok == "ok" and orphans == 0
    assert jobs.get("running", 0) == 0, jobs  # nothing left half-claimed
    assert jobs.get("queued", 0) >= 2, jobs  # the unfinished photos wait for the next start
    assert photos.get("none", 0) + photos.get("draft", 0) == 3

    ollama.token_delay = 0.0
    ctx2, win2 = run(open_window(None, library["paths"], check_hosts=True))  # next start resumes by itself
    qtbot.addWidget(win2)

    async def resumed():
        await until(lambda: _state(library["paths"])[1].get("draft", 0) == 3, timeout=40, msg="all captioned")
        await until(lambda: not win2.services["captioning"].is_active(), timeout=10)

    run(resumed(), timeout=60)
    jobs, photos, ok, _ = _state(library["paths"])
    assert jobs.get("queued", 0) == 0 and jobs.get("done", 0) == 3
    run(shutdown(ctx2, win2))


def test_first_run_explains_missing_ollama(window):
    from app.ui.dialogs.first_run import FirstRunDialog

    window.ctx.settings.hosts = [HostConfig(url="http://127.0.0.1:9")]  # nothing listens there
    dlg = FirstRunDialog(window.ctx, window)
    run(until(lambda: dlg.checks_done, timeout=20))
    assert dlg.host_row.ok is False
    assert "not reachable" in dlg.host_row.text.text()
    assert "ollama.com/download" in dlg.host_row.fix.text()
    assert dlg.exif_row.ok is True  # exiftool is installed here


def test_first_run_lists_vision_models(window, ollama):
    from app.ui.dialogs.first_run import FirstRunDialog

    window.ctx.settings.hosts = [HostConfig(url=ollama.url)]
    window.ctx.settings.model = ""
    dlg = FirstRunDialog(window.ctx, window)
    run(until(lambda: dlg.checks_done, timeout=20))
    assert dlg.host_row.ok is True
    names = [dlg.model_pick.itemText(i) for i in range(dlg.model_pick.count())]
    assert any("llava" in n for n in names) and not any(n.startswith("llama3.2:") for n in names)
    ollama.models = {k: v for k, v in ollama.models.items() if not v.vision}
    dlg.run_checks()
    run(until(lambda: dlg.checks_done, timeout=20))
    assert dlg.host_row.ok is False and "ollama pull" in dlg.host_row.fix.text()


def test_sigterm_closes_the_window_the_normal_way(qloop):
    """kill/logout (SIGTERM) sets the same 'closed' event as closing the window, so the normal shutdown
    (queue hands its photos back, database closed) runs instead of the process dying mid-caption."""
    import asyncio
    import os
    import signal

    from app.ui.app import stop_on_signals

    old = {s: signal.getsignal(s) for s in (signal.SIGTERM, signal.SIGINT)}
    try:
        async def flow():
            closed = asyncio.Event()
            stop_on_signals(closed)
            os.kill(os.getpid(), signal.SIGTERM)
            await asyncio.wait_for(closed.wait(), timeout=5)
            return closed.is_set()

        assert run(flow(), timeout=10)
    finally:
        for s, h in old.items():
            signal.signal(s, h)
