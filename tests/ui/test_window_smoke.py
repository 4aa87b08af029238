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
