"""Keyboard review never traps the focus in the caption field: after Ctrl+S the photos have the focus
again (so Shift+A approves instead of typing "A"), Esc always leaves the field, Tab moves on."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from app.store import db as dbmod
from tests.ui.helpers import run, until

pytestmark = [pytest.mark.gui, pytest.mark.exiftool]


def _drafts(window: Any) -> list[int]:
    from app.store import captions

    ids = window.library["ids"]
    db = dbmod.connect(window.ctx.paths.db_path)
    for pid in ids:
        captions.add_version(db, pid, text="A harbour at dusk.", source="model", state="draft", model="m")
    db.conn.close()
    window.refresh_photos(ids)
    return ids


def _state(window: Any, pid: int) -> tuple[str, str]:
    db = dbmod.connect(window.ctx.paths.db_path, readonly=True)
    try:
        return tuple(db.execute("SELECT caption_state, caption FROM photos WHERE id = ?", [pid]).fetchone())
    finally:
        db.conn.close()


def _focused(window: Any) -> Any:
    return QApplication.focusWidget()


def _start(window: Any, qtbot: Any) -> list[int]:
    window.activateWindow()
    qtbot.waitExposed(window)
    ids = _drafts(window)

    async def ready() -> None:
        await until(lambda: window.model.rowCount() == 3, msg="photos")
        window.select_id(ids[0])
        await until(lambda: window.detail.photo_id == ids[0] and window.detail.photo.get("caption_state") == "draft",
                    msg="the draft in the pane")
        window.grid.setFocus()
        await until(lambda: _focused(window) is window.grid, msg="grid focused")

    run(ready())
    return ids


def test_after_ctrl_s_shift_a_approves_instead_of_typing(window: Any, qtbot: Any) -> None:
    ids = _start(window, qtbot)
    ed = window.detail.editor

    async def flow() -> None:
        QTest.keyClick(window.grid, Qt.Key.Key_E)  # edit
        await until(lambda: _focused(window) is ed, msg="editing")
        ed.moveCursor(ed.textCursor().MoveOperation.End)
        QTest.keyClicks(ed, " Boats asleep.")
        QTest.keyClick(ed, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)  # save
        await until(lambda: _focused(window) is window.grid, msg="focus back on the photos after the save")
        await until(lambda: _state(window, ids[0])[1] == "A harbour at dusk. Boats asleep.", timeout=20, msg="saved")
        await until(lambda: not window.detail.is_dirty() and window.detail.photo.get("caption_state") != "draft",
                    timeout=20, msg="the pane shows the saved caption")
        QTest.keyClick(_focused(window), Qt.Key.Key_A, Qt.KeyboardModifier.ShiftModifier)  # approve and next
        await until(lambda: window.current_id() == ids[1], msg="moved to the next photo")
        await until(lambda: _state(window, ids[0])[0] in ("approved", "written"), timeout=30, msg="approved")
        assert _focused(window) is window.grid

    run(flow(), timeout=60)
    assert _state(window, ids[0])[1] == "A harbour at dusk. Boats asleep."  # no "A" typed into it


def test_esc_leaves_the_editor_and_tab_moves_on(window: Any, qtbot: Any) -> None:
    ids = _start(window, qtbot)
    ed = window.detail.editor

    async def flow() -> None:
        QTest.keyClick(window.grid, Qt.Key.Key_E)
        await until(lambda: _focused(window) is ed, msg="editing")
        QTest.keyClick(ed, Qt.Key.Key_Tab)
        await until(lambda: _focused(window) is not ed, msg="Tab moved the focus on")
        assert "\t" not in ed.toPlainText()
        ed.setFocus()
        await until(lambda: _focused(window) is ed, msg="editing again")
        ed.moveCursor(ed.textCursor().MoveOperation.End)
        QTest.keyClicks(ed, " x")
        QTest.keyClick(ed, Qt.Key.Key_Escape)
        await until(lambda: _focused(window) is window.grid, msg="Esc went back to the photos")
        assert window.detail.is_dirty()  # what was typed is still there, unsaved
        window.refresh_photos([ids[0]])  # a caption or count refresh of the same photo meanwhile ...
        await asyncio.sleep(0.5)
        assert ed.toPlainText().endswith(" x") and window.detail.is_dirty()  # ... keeps the typing
        # Esc from the keyword field too
        window.detail.chips.entry.setFocus()
        await until(lambda: _focused(window) is window.detail.chips.entry, msg="keyword field")
        QTest.keyClick(window.detail.chips.entry, Qt.Key.Key_Escape)
        await until(lambda: _focused(window) is window.grid, msg="Esc left the keyword field")
        # the Save button also hands the focus back
        window.detail.save_btn.setFocus()
        window.detail.save_btn.click()
        await until(lambda: _focused(window) is window.grid, msg="focus back after the Save button")
        await until(lambda: _state(window, ids[0])[1].endswith("x"), timeout=20, msg="saved")

    run(flow(), timeout=60)
