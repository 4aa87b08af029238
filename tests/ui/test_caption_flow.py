"""Caption a photo against the Ollama double, watch the words stream into the editor, approve with
the keyboard, write into the file (real exiftool), undo, and find the photo again by searching."""

from __future__ import annotations

import os
import subprocess

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from app.store import db as dbmod
from tests.ui.helpers import run, until

pytestmark = [pytest.mark.gui, pytest.mark.slow]


def _description(path: str) -> str:
    """What exiftool (run independently) reads as the description in the file and any sidecar."""
    out = ""
    for p in (path, path + ".xmp", os.path.splitext(path)[0] + ".xmp"):
        if os.path.exists(p):
            out += subprocess.run(["exiftool", "-s3", "-XMP-dc:Description", "-EXIF:ImageDescription", p],
                                  capture_output=True, text=True, check=False).stdout
    return out


def _row(window, pid):
    db = dbmod.connect(window.ctx.paths.db_path, readonly=True)
    try:
        return dict(next(db.query("SELECT * FROM photos WHERE id = ?", [pid])))
    finally:
        db.conn.close()


@pytest.mark.exiftool
def test_stream_approve_write_undo_search(settings_for_double, window, ollama):
    pid = window.library["ids"][0]
    seen_lengths: list[int] = []
    ollama.token_delay = 0.06  # about 2 s of words: a loaded machine cannot starve the window for all of it

    async def flow():
        await until(lambda: window.model.rowCount() == 3)
        assert window.select_id(pid)
        window.grid.setFocus()
        await until(lambda: window.detail.photo_id == pid, msg="detail shows the photo")
        QTest.keyClick(window.grid, Qt.Key.Key_C)  # caption selected, from the keyboard
        await until(lambda: window.detail.streaming, msg="streaming started")
        # words arrive while the model writes: the editor grows in several steps
        while window.detail.streaming:
            seen_lengths.append(len(window.detail.editor.toPlainText()))
            await __import__("asyncio").sleep(0.03)
        await until(lambda: (window.model.cached_row(pid) or {}).get("caption_state") == "draft", msg="draft stored")
        # the detail pane reads the stored draft right after the grid's cell (its own read)
        await until(lambda: window.detail.alt_editor.text() == (_row(window, pid).get("caption_alt_text") or ""),
                    timeout=5, msg="the stored draft's alt text is shown")

    run(flow(), timeout=60)
    partial = sorted({n for n in seen_lengths if n > 0})
    assert len(partial) >= 3, f"expected the text to grow in steps, saw {partial}"
    stored = _row(window, pid)
    assert stored["caption_state"] == "draft" and stored["caption"]
    assert window.detail.editor.toPlainText().strip() == stored["caption"].strip()
    # the draft's alt text is shown once it is stored, and nothing counts as the person's edit
    assert window.detail.alt_editor.text() == (stored.get("caption_alt_text") or "")
    assert not window.detail.is_dirty()

    async def approve_and_write():
        window.grid.setFocus()
        QTest.keyClick(window.grid, Qt.Key.Key_A)  # approve; write-on-approve puts it in the file
        await until(lambda: _row(window, pid)["caption_state"] == "written", timeout=30, msg="written")
        # the grid re-reads the photo when the whole action is over (journal closed, library updated):
        # seconds after the file on a loaded machine
        await until(lambda: (window.model.cached_row(pid) or {}).get("caption_state") == "written", timeout=60,
                    msg="the grid shows the photo written")

    run(approve_and_write(), timeout=120)
    path = _row(window, pid)["path"]
    assert stored["caption"].strip()[:30] in _description(path)  # really in the file (or its sidecar)

    async def undo():
        window.action("undo_write").trigger()
        await until(lambda: _row(window, pid)["caption_state"] != "written", timeout=30, msg="undone")

    run(undo(), timeout=60)
    assert _row(window, pid)["caption_state"] == "draft"  # nothing was in the file before: back to review
    assert stored["caption"].strip()[:30] not in _description(path)

    word = next(w for w in stored["caption"].split() if len(w) > 4).strip(".,").lower()

    async def search():
        window.search.setText(word)
        await until(lambda: "found" in window.count_label.text(), msg="search results")

    run(search(), timeout=30)
    assert pid in window.model.ids()
    assert "found" in window.count_label.text()
