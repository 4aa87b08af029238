"""The window opens on a real library, pages rows in, shows the detail, and closes cleanly."""

from __future__ import annotations

import pytest

from tests.ui.helpers import run, until

pytestmark = pytest.mark.gui


def test_window_shows_library(window):
    async def check():
        await until(lambda: window.model.rowCount() == 3, msg="3 photos in the grid")
        await until(lambda: window.detail.photo_id is not None, msg="detail pane filled")
        await until(lambda: window.model.cached_row(window.model.id_at(0)) is not None)
    run(check())
    assert window.count_label.text() == "3 photos"
    assert window.detail.title.text()


def test_add_folder_indexes_and_shows_new_photos(window, tmp_path, corpus_dir):
    import shutil

    new = tmp_path / "more"
    new.mkdir()
    for name in ("GPS.jpg", "Reagan.jpg"):
        shutil.copy2(corpus_dir / "Edited" / name, new / name)

    async def check():
        await until(lambda: window.model.rowCount() == 3)
        window.add_folder(str(new))
        await until(lambda: window.model.rowCount() == 5, timeout=30, msg="new photos in the grid")
        await until(lambda: "Library updated" in window.queue_status.message.text(), timeout=30)
    run(check(), timeout=60)
    assert "2 new" in window.queue_status.message.text()


def test_an_empty_grid_says_why(window):
    async def check():
        await until(lambda: window.model.rowCount() == 3)
        window.search.setText("zebraquartzfoo")
        window.search.returnPressed.emit()
        await until(lambda: window.model.rowCount() == 0 and "Nothing found" in window.grid.empty_text,
                    msg="no results explained")
        window.search.clear()
        await until(lambda: window.model.rowCount() == 3, msg="all photos back")
        window.sidebar.setCurrentIndex(window.sidebar_model.smart_index("approved"))
        await until(lambda: "No photos in “Approved”" in window.grid.empty_text, msg="empty list explained")
        window.grid.grab()  # the hint paints without error
    run(check())


def test_review_buttons_follow_the_caption(window):
    async def check():
        await until(lambda: window.detail.photo_id is not None, msg="detail pane filled")
    run(check())
    d = window.detail
    assert (d.photo or {}).get("caption_state", "none") == "none"
    assert not d.approve_btn.isEnabled() and not d.reject_btn.isEnabled()  # nothing to approve yet
    d.editor.setPlainText("A red phone box on a quiet street")
    assert d.approve_btn.isEnabled() and d.next_btn.isEnabled()  # typing a caption, then approving, works
    assert not d.reject_btn.isEnabled()  # only a model's draft can be rejected


def test_the_actions_know_a_selection_without_listing_it(window):
    """``has_selection`` (asked at each status change) agrees with ``selected_ids`` in every state."""
    async def check():
        await until(lambda: window.model.rowCount() == 3, msg="3 photos in the grid")
    run(check())
    sel = window.grid.selectionModel()
    states = []
    window.grid.selectAll()
    states.append((window.has_selection(), bool(window.selected_ids())))
    sel.clearSelection()
    states.append((window.has_selection(), bool(window.selected_ids())))
    window.grid.setCurrentIndex(window.model.index(-1, 0))  # nothing current, nothing selected
    sel.clearSelection()
    states.append((window.has_selection(), bool(window.selected_ids())))
    window.grid.setCurrentIndex(window.model.index(1, 0))
    states.append((window.has_selection(), bool(window.selected_ids())))
    assert [h for h, _ in states] == [s for _, s in states]
    assert states[0] == (True, True) and states[2] == (False, False)
    assert window.action("approve").isEnabled() == window.has_selection()
