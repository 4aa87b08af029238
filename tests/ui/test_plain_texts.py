"""Words the window says: plurals and sizes right, the recommended model preselected, and the safe
default button in a conflict."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from app.config import HostConfig
from tests.ui.helpers import run, until

pytestmark = pytest.mark.gui


def test_sizes_and_plurals() -> None:
    from app.ui.status_model import plural
    from app.ui.widgets.detail_text import file_size

    assert [file_size(n) for n in (0, 1, 850, 12_345, 4_200_000, 3_100_000_000)] == \
        ["0 bytes", "1 byte", "850 bytes", "12 KB", "4.2 MB", "3.10 GB"]
    assert plural(1, "photo") == "1 photo" and plural(2, "photo") == "2 photos" and plural(1204, "photo") == \
        "1,204 photos"


def test_the_window_counts_in_words(window: Any) -> None:
    async def flow() -> None:
        await until(lambda: window.model.rowCount() == 3, msg="photos")
        await until(lambda: window.count_label.text() == "3 photos", msg="3 photos")
        window.search.setText("nothing-matches-this")
        await until(lambda: window.count_label.text() == "0 found", msg="0 found")
        window.search.setText("")
        await until(lambda: window.count_label.text() == "3 photos", msg="back to 3 photos")
        window.select_id(window.library["ids"][0])
        await until(lambda: window.detail.photo_id == window.library["ids"][0], msg="detail")

    run(flow())
    size = window.detail._fact_labels["Size"].text()
    assert "0.0 MB" not in size and ("KB" in size or "MB" in size), size


def test_conflict_enter_decides_nothing(qapp: Any) -> None:
    from app.ui.dialogs.conflict import ConflictDialog

    dlg = ConflictDialog("/p/a.jpg", {"mine": "Mine.", "theirs": "Theirs.", "fields": [{"field": "XMP-dc:Description"}]})
    dlg.show()
    assert dlg.later_button.isDefault()
    assert not dlg.keep_button.isDefault() and not dlg.take_button.isDefault()
    QTest.keyClick(dlg, Qt.Key.Key_Return)
    assert dlg.choice is None and dlg.result() == dlg.DialogCode.Rejected


def test_first_run_preselects_the_recommended_model(window: Any, ollama: Any) -> None:
    from app.ui.dialogs.first_run import FirstRunDialog

    window.ctx.settings.hosts = [HostConfig(url=ollama.url)]
    window.ctx.settings.model = ""
    dlg = FirstRunDialog(window.ctx, window)
    run(until(lambda: dlg.checks_done, timeout=20))
    names = [dlg.model_pick.itemData(i) for i in range(dlg.model_pick.count())]
    assert "llama3.2-vision:latest" in names and "qwen2.5vl:7b" in names  # both installed on the double
    assert dlg.model_pick.currentData() == "qwen2.5vl:7b"  # the model the documentation recommends
    assert dlg.model_pick.currentText().endswith("(recommended)")
    dlg.folder.setText(str(window.library["root"]))
    dlg._accept()
    assert window.ctx.settings.model == "qwen2.5vl:7b"
