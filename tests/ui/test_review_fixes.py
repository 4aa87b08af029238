"""Regenerating a written caption shows the new draft; undo acts on the
selected photo, names it, and asks before undoing another photo's write."""

from __future__ import annotations

import os

import pytest
from PySide6.QtWidgets import QMessageBox

from app.store import db as dbmod
from tests.ui.helpers import run, until

pytestmark = [pytest.mark.gui, pytest.mark.slow, pytest.mark.exiftool]


def _row(window, pid):
    db = dbmod.connect(window.ctx.paths.db_path, readonly=True)
    try:
        return dict(next(db.query("SELECT * FROM photos WHERE id = ?", [pid])))
    finally:
        db.conn.close()


async def _write_own_caption(window, pid, text):
    """The person types a caption (approved at once; written into the file on approve)."""
    window.select_id(pid)
    await until(lambda: window.detail.photo_id == pid)
    window.detail.editor.setPlainText(text)
    window.detail._emit_save()
    await until(lambda: _row(window, pid)["caption_state"] == "written", timeout=30, msg="written")


def test_undo_acts_on_the_selected_photo_and_names_it(window):
    a, b, c = window.library["ids"]

    async def flow():
        await until(lambda: window.model.rowCount() == 3)
        await _write_own_caption(window, a, "Grandmother's garden in June.")
        await _write_own_caption(window, b, "The old harbour at dusk.")  # b is the most recent write
        window.select_id(a)
        await until(lambda: os.path.basename(_row(window, a)["path"]) in window.action("undo_write").text(),
                    msg="the undo action names the selected photo")
        window.action("undo_write").trigger()
        await until(lambda: _row(window, a)["caption_state"] != "written", timeout=30, msg="a undone")
        await until(lambda: "Undid" in window.status.message, msg="the undo says what it did")  # right after the file

    run(flow(), timeout=90)
    assert _row(window, b)["caption_state"] == "written"  # not the most recent write: the selected one
    # the person's own words come back approved, not as a model draft "waiting for your review"
    assert _row(window, a)["caption_state"] == "approved"
    assert "Undid the write of" in window.status.message
    assert os.path.basename(_row(window, a)["path"]) in window.status.message

    async def ask():
        window.select_id(c)  # nothing written for c: undo asks, naming b
        await until(lambda: window.detail.photo_id == c)
        window.action("undo_write").trigger()
        await until(lambda: getattr(window, "undo_question", None) is not None
                    and window.undo_question.isVisible(), msg="question")
        box = window.undo_question
        assert os.path.basename(_row(window, b)["path"]) in box.text()
        assert box.defaultButton() is box.button(QMessageBox.StandardButton.Cancel)
        box.button(QMessageBox.StandardButton.Yes).click()
        await until(lambda: _row(window, b)["caption_state"] != "written", timeout=30, msg="b undone after asking")

    run(ask(), timeout=60)


def test_regenerate_on_a_written_caption_shows_the_new_draft(settings_for_double, window, ollama):
    pid = window.library["ids"][0]

    async def flow():
        await until(lambda: window.model.rowCount() == 3)
        await _write_own_caption(window, pid, "My own words about this photo.")
        await window.services["captioning"].enqueue([pid], force=True, priority=10)
        await until(lambda: _row(window, pid)["caption_state"] == "draft", timeout=60, msg="new draft is current")
        await until(lambda: window.detail.editor.toPlainText().strip() == (_row(window, pid)["caption"] or "").strip()
                    and window.detail.state_label.text().startswith("Draft"), timeout=15, msg="pane shows it")

    run(flow(), timeout=120)
    assert _row(window, pid)["caption_source"] == "model"
    history = [window.detail.history.item(i).text() for i in range(window.detail.history.count())]
    assert any("My own words" in h for h in history)  # the written caption stays in the history
