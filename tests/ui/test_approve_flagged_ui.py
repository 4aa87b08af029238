"""Approving a draft the names guard flagged: the window asks first, naming the names; Cancel leaves the
draft, "Approve anyway" approves it and the history records the accepted flag."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox

from app.store import captions
from app.store import db as dbmod
from tests.ui.helpers import run, until

pytestmark = pytest.mark.gui


def _state(window, pid: int) -> str:
    db = dbmod.connect(window.ctx.paths.db_path, readonly=True)
    try:
        return db.execute("SELECT caption_state FROM photos WHERE id = ?", [pid]).fetchone()[0]
    finally:
        db.conn.close()


def _last_note(window, pid: int) -> str:
    db = dbmod.connect(window.ctx.paths.db_path, readonly=True)
    try:
        return db.execute("SELECT note FROM captions WHERE photo_id = ? ORDER BY id DESC LIMIT 1", [pid]).fetchone()[0]
    finally:
        db.conn.close()


def test_approving_a_flagged_draft_asks_first_naming_the_names(window):
    pid = window.library["ids"][0]
    db = dbmod.connect(window.ctx.paths.db_path)
    captions.add_version(db, pid, text="Maria Rossi smiles in front of the Eiffel Tower.", keywords=["Maria Rossi"],
                         source="model", state="draft", model="m", flags=["ungrounded_name"])
    db.conn.close()
    window.ctx.settings.write_on_approve = False

    async def flow() -> None:
        await until(lambda: window.model.rowCount() == 3)
        window.refresh_photos([pid])
        window.select_id(pid)
        await until(lambda: window.current_id() == pid, msg="selected")
        window.approve()
        await until(lambda: getattr(window, "approve_question", None) is not None
                    and window.approve_question.isVisible(), timeout=60, msg="the question")
        box = window.approve_question
        assert "Maria Rossi" in box.text() and "Eiffel Tower" in box.text()
        assert box.defaultButton() is box.button(QMessageBox.StandardButton.Cancel)
        assert _state(window, pid) == "draft"  # nothing approved while the question is open
        box.button(QMessageBox.StandardButton.Cancel).click()
        await until(lambda: not box.isVisible(), msg="closed")
        assert _state(window, pid) == "draft"
        window.approve_question = None
        window.approve()
        await until(lambda: getattr(window, "approve_question", None) is not None
                    and window.approve_question.isVisible(), timeout=30, msg="asked again")
        window.approve_question.button(QMessageBox.StandardButton.Yes).click()
        await until(lambda: _state(window, pid) == "approved", msg="approved after the answer")
        note = _last_note(window, pid)
        assert "despite the flag ungrounded_name" in note and "Maria Rossi" in note

    run(flow(), timeout=60)
