"""The detail pane fits every caption state: a long state line (a conflict, a failure) wraps instead
of pushing the buttons off, and Approve, Reject (and Resolve for a conflict) are on screen without
scrolling, at the default size and at 800×600."""

from __future__ import annotations

import json
from typing import Any

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QApplication, QWidget

from app.store import db as dbmod
from tests.ui.helpers import run, until

pytestmark = pytest.mark.gui

STATES = ["none", "draft", "approved", "written", "rejected", "failed", "conflict"]
LONG_ERROR = ("the server stopped answering in the middle of the caption after 120 seconds, and the "
              "model runner was restarted twice without an answer")


def _inside(widget: QWidget, outer: QWidget) -> bool:
    top_left = widget.mapTo(outer, QPoint(0, 0))
    return outer.rect().contains(QRect(top_left, widget.size()))


def _set_state(window: Any, pid: int, state: str) -> None:
    from app.store import captions

    db = dbmod.connect(window.ctx.paths.db_path)
    if state == "failed":
        captions.add_version(db, pid, text="", source="model", state="failed", model="m", note=LONG_ERROR)
    elif state != "none":
        captions.add_version(db, pid, text="Two fishing boats tied up at a stone quay under a grey sky, "
                             "nets piled on the deck.", keywords=["boats", "harbour", "quay"], source="model",
                             state="draft", model="m")
        if state != "draft":
            db.execute("UPDATE photos SET caption_state = ? WHERE id = ?", [state, pid])
            if state == "conflict":
                db.execute("UPDATE photos SET caption_flags = ? WHERE id = ?", [json.dumps([]), pid])
    db.conn.commit()
    db.conn.close()


@pytest.mark.parametrize("size", [(1400, 860), (800, 600)])
def test_every_state_fits(window: Any, size: tuple[int, int]) -> None:
    window.show()
    window.resize(*size)
    ids = window.library["ids"]
    d = window.detail
    for state in STATES:
        pid = ids[0]
        _set_state(window, pid, state)
        window.refresh_photos([pid])

        async def shown(state: str = state, pid: int = pid) -> None:
            await until(lambda: window.model.rowCount() == 3, msg="photos")
            window.select_id(pid)
            await until(lambda: d.photo_id == pid and (d.photo or {}).get("caption_state", "none") == state,
                        msg=f"{state} shown")

        run(shown())
        for _ in range(5):
            QApplication.processEvents()
        assert (window.width(), window.height()) == size
        viewport = d.scroll.viewport()
        assert not d.scroll.horizontalScrollBar().isVisible(), state
        assert d.state_label.width() <= viewport.width(), f"{state}: the state line is wider than the pane"
        wanted = [d.approve_btn, d.reject_btn] + ([d.resolve_btn] if state == "conflict" else [])
        for b in wanted:
            assert b.isVisibleTo(d), f"{state}: {b.text()} hidden"
            assert _inside(b, viewport), f"{state}: {b.text()} is cut off or needs scrolling at {size}"
        assert d.resolve_btn.isVisibleTo(d) == (state == "conflict")
        if state == "failed":  # says what failed and what to do, not just "Press C to caption"
            assert LONG_ERROR[:40] in d.error_label.text() and "Press C to try again" in d.error_label.text()
            assert _inside(d.error_label, viewport) or d.error_label.width() <= viewport.width()
        # reset for the next state (a fresh history each time)
        db = dbmod.connect(window.ctx.paths.db_path)
        db.execute("DELETE FROM captions WHERE photo_id = ?", [pid])
        db.execute("UPDATE photos SET caption = NULL, caption_state = 'none', caption_id = NULL, "
                   "caption_keywords = '[]', caption_flags = '[]' WHERE id = ?", [pid])
        db.conn.commit()
        db.conn.close()
