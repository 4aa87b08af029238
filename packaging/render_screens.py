"""Render the main screens to PNG (README screenshots), against the Ollama test double.

Run under a virtual display:

    Xvfb :99 -screen 0 1600x1000x24 &
    DISPLAY=:99 QT_QPA_PLATFORM=xcb .venv/bin/python packaging/render_screens.py

It copies a few photos from ``tests/data/photos`` into a temp library, indexes them with the real
scanner, starts the Ollama-protocol double, and drives the real window: first run, library,
a caption streaming in, approved and written (keyboard), undo, search, settings, a conflict (dialog,
and the pane at 800×600), Places, stacks of bursts, the smallest window, dark. Output goes to
``resources/screenshots/``. Nothing outside the temp folder is touched. With ``ALBUMWISE_LANGUAGE=de``
(or ``fr``) and ``--out`` elsewhere it shows the window in that language, to check that the texts fit.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
CORPUS = REPO / "tests" / "data" / "photos"  # the sample photos shipped with the tests
PICK = ["2019/Holiday", "Edited", "Phone/Camera Roll"]


async def until(cond, timeout: float = 20.0, what: str = "") -> None:  # noqa: ANN001
    deadline = time.monotonic() + timeout
    while not cond():
        if time.monotonic() > deadline:
            import inspect

            raise TimeoutError(what or inspect.getsource(cond).strip())
        await asyncio.sleep(0.05)


async def settle(seconds: float = 0.4) -> None:
    await asyncio.sleep(seconds)


def grab(widget, out: Path, name: str) -> None:  # noqa: ANN001
    from PySide6.QtWidgets import QApplication

    QApplication.processEvents()
    pm = widget.grab() if not hasattr(widget, "window") or widget.isWindow() else widget.window().grab()
    path = out / f"{name}.png"
    pm.save(str(path))
    print(f"wrote {path}")


async def scenario(out: Path, lib: Path, home: Path) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from app.config import HostConfig, Settings, app_paths, save_settings
    from app.services import library as libsvc
    from app.store import db as dbmod
    from app.ui.app import open_window, shutdown
    from app.ui.dialogs.first_run import FirstRunDialog
    from tests.doubles.ollama_double import OllamaDouble

    paths = app_paths().ensure()
    with OllamaDouble(token_delay=0.06) as double:
        # the server comes from OLLAMA_HOST, as for many users: Settings → Hosts says so
        os.environ["OLLAMA_HOST"] = double.url
        save_settings(paths, Settings(model="qwen2.5vl:7b"))
        ctx, win = await open_window(None, paths, check_hosts=True)
        win.resize(1500, 920)
        # 1. first run: choose a folder, see what is missing
        dlg = FirstRunDialog(ctx, win)
        dlg.folder.setText(str(lib))
        dlg.show()
        await until(lambda: dlg.checks_done)
        await settle()
        grab(dlg, out, "first-run")
        dlg.close()
        # ... and what it says when Ollama is not there
        good_hosts = ctx.settings.hosts
        ctx.settings.hosts = [HostConfig(url="http://127.0.0.1:9")]
        dlg2 = FirstRunDialog(ctx, win)
        dlg2.folder.setText(str(lib))
        dlg2.show()
        await until(lambda: dlg2.checks_done)
        await settle()
        grab(dlg2, out, "first-run-no-ollama")
        dlg2.close()
        ctx.settings.hosts = good_hosts
        # index with the real scanner (as the dialog's "Open my photos" does)
        await asyncio.get_running_loop().run_in_executor(None, _index, paths.db_path, lib, libsvc, dbmod)
        await asyncio.get_running_loop().run_in_executor(None, _group, ctx, paths)  # bursts stack in the grid
        win.reload_counts()
        win.reload_ids()
        await until(lambda: win.model.rowCount() > 5)
        await until(lambda: win.thumbs.pending() == 0, 30)
        await settle(1.0)
        grab(win, out, "library")
        # 2. caption the folder; a caption streams into the editor
        win.grid.setFocus()
        win.select_row(0)
        await settle()
        ids = win.model.ids()[:6]
        await win.services["captioning"].enqueue(ids)
        await until(lambda: win.detail.streaming and len(win.detail.editor.toPlainText()) > 60, 30)
        grab(win, out, "review-streaming")
        await until(lambda: not win.services["captioning"].is_active(), 90)
        win.sidebar.setCurrentIndex(win.sidebar_model.smart_index("review"))
        await until(lambda: win.model.rowCount() >= 1)
        win.select_row(0)
        await settle(1.0)
        # 3. approve with the keyboard (A) → written into the file (write on approve)
        from PySide6.QtWidgets import QApplication

        win.activateWindow()
        win.raise_()
        await until(lambda: QApplication.activeWindow() is win, 5, "window active")
        win.grid.setFocus()
        first = win.current_id()
        QTest.keyClick(win.grid, Qt.Key.Key_A, Qt.KeyboardModifier.ShiftModifier)  # approve and next
        try:
            await until(lambda: _state(paths, first) == "written", 30)
        except TimeoutError:
            print("state:", _state(paths, first), "log:", list(win.log_handler.lines)[-10:], win.queue_status.message.text())
            raise
        win.sidebar.setCurrentIndex(win.sidebar_model.smart_index("all"))
        await settle(0.5)
        win.select_id(first)
        await settle(1.2)
        grab(win, out, "review-written")
        # 4. undo the write
        win.action("undo_write").trigger()
        await until(lambda: _undone(paths, first), 30, "the write undone")
        await settle(1.0)
        grab(win, out, "undo")
        # 5. find it again by searching
        caption = (win.model.cached_row(first) or {}).get("caption") or ""
        word = next((w.strip(".,").lower() for w in caption.split() if len(w) > 5), "photo")
        win.search.setFocus()
        before = win.count_label.text()
        QTest.keyClicks(win.search, word)
        await until(lambda: win.search_text == word and win.count_label.text() != before, 20)  # any language
        await until(lambda: win.thumbs.pending() == 0, 20)
        await settle(1.0)
        grab(win, out, "search")
        # 6. settings
        win.open_settings()
        sd = win.settings_dialog
        sd.tabs.setCurrentIndex(2)
        sd.resize(820, 640)
        await settle(0.5)
        grab(sd, out, "settings-style")
        sd.tabs.setCurrentIndex(0)
        sd._test_host()
        await settle(1.5)
        grab(sd, out, "settings-hosts")
        sd.reject()
        win.search.clear()
        await settle(0.5)
        # 7. regenerate a written caption: the new draft is what the pane shows (the written one is in History)
        win.sidebar.setCurrentIndex(win.sidebar_model.smart_index("review"))
        await until(lambda: win.model.rowCount() >= 1)
        win.select_row(0)
        await settle(0.8)
        second = win.current_id()
        win.approve()  # A: approve → written
        await until(lambda: _state(paths, second) == "written", 30)
        win.sidebar.setCurrentIndex(win.sidebar_model.smart_index("all"))
        await settle(0.5)
        win.select_id(second)
        await settle(0.8)
        win.regenerate()
        from PySide6.QtWidgets import QDialog

        from app.ui.dialogs.regenerate import RegenerateDialog

        rd = next(w for w in win.findChildren(RegenerateDialog) if w.isVisible())
        rd.style_pick.setCurrentIndex(max(0, rd.style_pick.findData("detailed")))
        await settle(0.3)
        grab(rd, out, "regenerate-dialog")
        rd.accept()
        await until(lambda: _state(paths, second) == "draft", 60)
        await until(lambda: not win.services["captioning"].is_active(), 60)
        await settle(1.2)
        grab(win, out, "regenerate")
        # 8a. a caption changed in another app after our write: both texts side by side
        import subprocess

        from app.ui.dialogs.conflict import ConflictDialog

        win.sidebar.setCurrentIndex(win.sidebar_model.smart_index("review"))
        await until(lambda: win.model.rowCount() >= 1)
        win.select_row(0)
        await settle(0.8)
        third = win.current_id()
        win.approve()
        await until(lambda: _state(paths, third) == "written", 30)
        target = (win.model.cached_row(third) or {}).get("path")
        subprocess.run(["exiftool", "-overwrite_original", "-XMP-dc:Description=Evening light over the harbour, "
                        "seen from the ferry (edited in Lightroom)", target], check=True, capture_output=True)
        await asyncio.get_running_loop().run_in_executor(None, _rescan, paths.db_path, libsvc, dbmod)
        await until(lambda: _state(paths, third) == "conflict", 30)
        win.sidebar.setCurrentIndex(win.sidebar_model.smart_index("all"))
        await settle(0.5)
        win.refresh_photos([third])
        win.select_id(third)
        await settle(1.0)
        win.resolve_conflict()
        await until(lambda: any(isinstance(w, ConflictDialog) and w.isVisible() for w in win.findChildren(QDialog)),
                    10, "conflict dialog")
        cd = next(w for w in win.findChildren(QDialog) if isinstance(w, ConflictDialog) and w.isVisible())
        await settle(0.6)
        grab(cd, out, "conflict")
        cd.reject()
        await settle(0.5)
        # 8b. the same conflict in the detail pane of an 800×600 window: the state wraps, Resolve and
        # the review buttons are on screen
        win.resize(800, 600)
        await settle(0.5)
        win.select_id(third)
        await until(lambda: win.detail.photo_id == third, 10, "conflict photo shown")
        await settle(1.0)
        grab(win, out, "conflict-small")
        win.resize(1500, 920)
        await settle(0.5)
        # 8c. Places: a country of the tree shows exactly its photos
        from app.ui.window_browse import find_key

        idx = find_key(win.sidebar_model, ("place", ("Italy", None, None)))
        if idx is not None:
            win.sidebar.setCurrentIndex(idx)
            win.sidebar.scrollTo(idx)
            await until(lambda: win.model.rowCount() == 2, 10, "the photos of Italy")
            await until(lambda: win.thumbs.pending() == 0, 20)
            await settle(1.0)
            grab(win, out, "places")
        # 8d. stacks: bursts as one tile each; one stack with a frame approved alone says "Review 2/3"
        win.sidebar.setCurrentIndex(win.sidebar_model.smart_index("duplicates"))
        await until(lambda: win.model.rowCount() >= 1 and win.group_ops.tiles
                    and all(i in win.group_ops.tiles for i in win.model.ids()), 10, "stacked duplicates")
        members = win.group_ops.expand(win.model.ids())
        await win.services["captioning"].enqueue(members, force=True)  # caption again: drafts to review
        await until(lambda: not win.services["captioning"].is_active(), 90)
        await until(lambda: any(all(_state(paths, m) == "draft" for m in ms) for ms in win.group_ops.tiles.values()),
                    30, "a stack of drafts")
        tile = next(t for t, ms in win.group_ops.tiles.items() if all(_state(paths, m) == "draft" for m in ms))
        win.select_id(tile)
        win.group_ops.toggle_expand()
        await until(lambda: win.model.rowCount() > 1, 10, "expanded")
        win.select_id(tile)
        await settle(0.5)
        win.approve()
        await until(lambda: _state(paths, tile) == "written", 30, "one frame written")
        win.select_id(tile)
        win.group_ops.toggle_expand()
        await until(lambda: win.model.row_of(tile) is not None and len(win.group_ops.tiles) >= 1, 10, "stacked")
        win.select_id(tile)
        await until(lambda: win.thumbs.pending() == 0, 20)
        await settle(1.2)
        grab(win, out, "stacks")
        win.sidebar.setCurrentIndex(win.sidebar_model.smart_index("all"))
        await settle(0.5)
        # 8. the smallest usable window: the sidebar folds away, nothing is cut off
        win.resize(800, 560)
        await settle(1.0)
        grab(win, out, "small-window")
        win.resize(1500, 920)
        await settle(0.5)
        # 9. dark theme (follows the system; forced here)
        from PySide6.QtGui import QGuiApplication

        from PySide6.QtGui import QColor, QPalette
        from PySide6.QtWidgets import QApplication

        QGuiApplication.styleHints().setColorScheme(Qt.ColorScheme.Dark)
        light = QApplication.palette()
        dark = QPalette()  # Xvfb has no desktop theme to follow: the palette a dark desktop gives Fusion
        for role, colour in ((QPalette.ColorRole.Window, "#2b2b2b"), (QPalette.ColorRole.WindowText, "#e6e6e6"),
                             (QPalette.ColorRole.Base, "#1e1e1e"), (QPalette.ColorRole.AlternateBase, "#333333"),
                             (QPalette.ColorRole.Text, "#e6e6e6"), (QPalette.ColorRole.Button, "#353535"),
                             (QPalette.ColorRole.ButtonText, "#e6e6e6"), (QPalette.ColorRole.Highlight, "#3d7ab8"),
                             (QPalette.ColorRole.HighlightedText, "#ffffff"), (QPalette.ColorRole.Midlight, "#3a3a3a"),
                             (QPalette.ColorRole.PlaceholderText, "#9a9a9a"), (QPalette.ColorRole.ToolTipBase, "#353535"),
                             (QPalette.ColorRole.ToolTipText, "#e6e6e6")):
            dark.setColor(role, QColor(colour))
        for role in (QPalette.ColorRole.ButtonText, QPalette.ColorRole.Text, QPalette.ColorRole.WindowText):
            dark.setColor(QPalette.ColorGroup.Disabled, role, QColor("#6f6f6f"))
        QApplication.setPalette(dark)
        await settle(1.0)
        win.grid.setFocus()
        await settle(0.3)
        grab(win, out, "dark")
        QGuiApplication.styleHints().setColorScheme(Qt.ColorScheme.Unknown)
        QApplication.setPalette(light)
        win.close()
        await shutdown(ctx, win)


def _index(db_path: Path, lib: Path, libsvc, dbmod) -> None:  # noqa: ANN001
    db = dbmod.connect(db_path)
    try:
        libsvc.index_folders(db, [str(lib)])
    finally:
        db.conn.close()


def _group(ctx, paths) -> None:  # noqa: ANN001
    """Hash every photo and group the bursts (``albumwise group refresh``)."""
    from app.library.groups import Rules
    from app.services import grouping as grouping_service
    from app.services.library import thumb_dir

    grouping_service.refresh(ctx.owner.call, thumb_dir(paths, ctx.settings), Rules.from_settings(ctx.settings))


def _rescan(db_path: Path, libsvc, dbmod) -> None:  # noqa: ANN001
    db = dbmod.connect(db_path)
    try:
        libsvc.rescan(db)
    finally:
        db.conn.close()


def _state(paths, pid: int) -> str:  # noqa: ANN001
    from app.store import db as dbmod

    db = dbmod.connect(paths.db_path, readonly=True)
    try:
        row = db.execute("SELECT caption_state FROM photos WHERE id = ?", [pid]).fetchone()
        return row[0] if row else ""
    finally:
        db.conn.close()


def _undone(paths, pid: int) -> bool:  # noqa: ANN001
    """The photo's last write is undone (its state is then its previous caption's: a draft, or the
    file's own text)."""
    from app.store import db as dbmod

    db = dbmod.connect(paths.db_path, readonly=True)
    try:
        return bool(db.execute("SELECT 1 FROM writes WHERE photo_id = ? AND state = 'undone'", [pid]).fetchone())
    finally:
        db.conn.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(REPO / "resources" / "screenshots"))
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix="albumwise-screens-"))
    home = tmp / "home"
    os.environ["ALBUMWISE_HOME"] = str(home)
    lib = tmp / "Pictures"
    for rel in PICK:
        src = CORPUS / rel
        if src.is_dir():
            shutil.copytree(src, lib / Path(rel).name, dirs_exist_ok=True)
    for p in lib.rglob("*"):
        p.chmod(0o755 if p.is_dir() else 0o644)
    from app.ui.event_loop import QtEventLoop

    from app.ui.app import _setup_logging, make_qapp

    make_qapp()
    from app.config import app_paths

    _setup_logging(app_paths().ensure())
    try:
        with asyncio.Runner(loop_factory=QtEventLoop) as runner:
            runner.run(scenario(out, lib, home))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
