"""Smaller points of the window, and the prompt template editor."""

from __future__ import annotations

import logging

import pytest
from PySide6.QtCore import QItemSelectionModel
from PySide6.QtWidgets import QApplication, QListWidgetItem

from app.ui.plain import plain
from tests.ui.helpers import run, until

pytestmark = pytest.mark.gui


def test_history_lines_wrap_instead_of_scrolling_sideways(window):
    window.show()
    window.resize(1100, 800)
    d = window.detail
    long = "2026-11-29 10:00 · draft · model (llava): " + "a very long caption about the sea " * 8
    d.history.addItem(QListWidgetItem(long))
    for _ in range(5):
        QApplication.processEvents()
    assert d.history.wordWrap()
    assert not d.history.horizontalScrollBar().isVisible()
    rect = d.history.visualItemRect(d.history.item(d.history.count() - 1))
    assert rect.width() <= d.history.viewport().width() and rect.height() > d.history.fontMetrics().height() * 1.5


def test_unreadable_photo_does_not_offer_captioning(window):
    d = window.detail
    d.show_photo({"id": 1, "filename": "broken.jpg", "state": "error", "error": "truncated file"})
    assert "Press C" not in d.editor.placeholderText() and "cannot be read" in d.editor.placeholderText()
    d.show_photo({"id": 2, "filename": "fine.jpg", "state": "ok"})
    assert "Press C" in d.editor.placeholderText()


@pytest.mark.parametrize("raw, want", [
    ("Host http://127.0.0.1:11500: cannot reach the server (HostDown)", "Host http://127.0.0.1:11500: cannot reach the server"),
    ("ReadTimeout: the server did not answer", "the server did not answer"),
    ("Write IMG_1.NEF: [minor] Overlapping MakerNotes values",
     "Write IMG_1.NEF: the file has unusual metadata that exiftool will not change (overlapping makernotes values)"),
    ("A (Canon) photo", "A (Canon) photo"),
])
def test_messages_are_plain_words(raw, want):
    assert plain(raw) == want


def test_status_bar_and_detail_pane_use_plain_words(window):
    window.status.say("Caption: cannot reach http://x (HostDown)")
    assert window.queue_status.message.text() == "Caption: cannot reach http://x"
    window.detail.show_photo({"id": 1, "filename": "a.jpg"})
    window.detail.show_error("[minor] Overlapping MakerNotes values")
    assert "[minor]" not in window.detail.error_label.text()


def test_log_panel_leaves_out_http_chatter(window):
    panel = window.log_panel
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(window.log_handler)  # as app.ui.app sets it up
    root.setLevel(logging.INFO)
    try:
        logging.getLogger("httpx").info('HTTP Request: POST http://127.0.0.1:11434/api/chat "HTTP/1.1 200 OK"')
        logging.getLogger("albumwise.ui").warning("Caption failed for a.jpg: the model returned nothing")
        logging.getLogger("httpx").warning("a real problem in the HTTP client")
    finally:
        root.removeHandler(window.log_handler)
        root.setLevel(old_level)
    for _ in range(3):
        QApplication.processEvents()
    text = panel.toPlainText()
    assert "HTTP Request" not in text
    assert "Caption failed for a.jpg" in text and "a real problem" in text


def _select_all(window):
    sm = window.grid.selectionModel()
    for r in range(window.model.rowCount()):
        sm.select(window.model.index(r), QItemSelectionModel.SelectionFlag.Select)


def test_selection_hint_and_compare_counts(qloop, tmp_path, corpus_dir, isolated_home, qtbot):
    from app.config import app_paths
    from app.ui.app import make_qapp, open_window, shutdown
    from tests.ui.helpers import JPEGS, make_library

    paths = app_paths().ensure()
    make_library(corpus_dir, tmp_path / "photos", paths.db_path, files=JPEGS, extra_rows=3)
    make_qapp()
    ctx, win = run(open_window(None, paths, check_hosts=False))
    qtbot.addWidget(win)
    try:
        run(until(lambda: win.model.rowCount() == 6))
        _select_all(win)
        QApplication.processEvents()
        assert win.selection_label.text() == "6 selected"
        win.open_compare()
        dlg = win.compare_dialog
        assert "first 4 of the 6 selected photos" in dlg.status.text() and "(s)" not in dlg.status.text()
        assert len(dlg.thumb_labels) == 4
        assert dlg.run_btn.isDefault()  # Enter runs; keeping a winner as default is a deliberate click
        run(until(lambda: any(lab.pixmap() is not None and not lab.pixmap().isNull() for lab in dlg.thumb_labels),
                  timeout=15, msg="thumbnails"))
        dlg.close()
        win.grid.clearSelection()
        win.select_row(0)
        QApplication.processEvents()
        assert win.selection_label.text() == ""
    finally:
        run(shutdown(ctx, win))


def test_meaning_hits_are_marked(window):
    from app.ui.models.photo_model import MATCH_ROLE

    run(until(lambda: window.model.rowCount() == 3))
    a, b, c = window.library["ids"]
    window.model.matches = {a: "words", b: "meaning", c: "both"}
    marks = [window.model.index(r).data(MATCH_ROLE) for r in range(3)]
    assert sorted(m for m in marks if m) == ["both", "meaning", "words"]


def test_template_editor_shows_unknown_placeholders(window):
    window.open_settings()
    dlg = window.settings_dialog
    dlg.template.setPlainText("Describe the photo from {fodler} in {language}.")
    assert not dlg.template_error.isHidden() and "{fodler}" in dlg.template_error.text()
    dlg.template.setPlainText("Describe the photo from {folder} in {language}.")
    assert dlg.template_error.isHidden()
    assert "{folder}" not in dlg.preview.toPlainText()
    dlg.reject()


def test_sidecar_writes_say_sidecar():
    from app.ui.review_ops import _where

    assert _where(1, 1) == "wrote it into a sidecar file (.xmp) beside the photo"
    assert _where(1, 0) == "wrote it into its file"
    assert _where(3, 1) == "wrote 3 (1 into sidecar .xmp files)"


def test_emoji_names_without_an_emoji_font():
    from app.ui.emoji_text import shown_name

    assert shown_name("Beach 🏖️ day.jpg", emoji_font=False) == "Beach ‹beach with umbrella› day.jpg"
    assert shown_name("Beach 🏖️ day.jpg", emoji_font=True) == "Beach 🏖️ day.jpg"
    assert shown_name("plain_name.jpg", emoji_font=False) == "plain_name.jpg"


def test_memory_helpers_work_here():
    from app.ui import memory

    assert memory.limit_arenas() and memory.trim()  # glibc on this machine: both take effect


def test_icons_follow_a_switch_to_dark(window):
    from PySide6.QtGui import QColor, QPalette

    def ink(action):
        img = action.icon().pixmap(24, 24).toImage()
        dark = [QColor(img.pixel(x, y)) for x in range(24) for y in range(24) if QColor.fromRgba(img.pixel(x, y)).alpha() > 200]
        return sum(c.lightness() for c in dark) / max(1, len(dark))

    app = QApplication.instance()
    light = app.palette()
    before = ink(window.action("caption_selected"))
    pal = QPalette(light)
    pal.setColor(QPalette.ColorRole.WindowText, QColor("#f0f0f0"))
    pal.setColor(QPalette.ColorRole.Window, QColor("#202020"))
    app.setPalette(pal)
    try:
        QApplication.processEvents()
        assert ink(window.action("caption_selected")) > before + 100  # light ink on the dark theme
    finally:
        app.setPalette(light)


def test_which_pauses_end_by_themselves():
    from app.ui.status_model import is_unreachable_pause, is_user_pause

    assert is_user_pause("paused by you") and is_user_pause("paused by the user")
    assert is_unreachable_pause("cannot reach any captioning server (http://127.0.0.1:11434): is Ollama running?")
    assert not is_unreachable_pause("paused by you")
    assert not is_unreachable_pause("no vision model is installed on http://127.0.0.1:11434")
