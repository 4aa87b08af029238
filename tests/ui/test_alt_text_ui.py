"""The alt text in the window: shown under the caption, edited and saved (approved) with it, written into the
file; the other language is shown and edited with it; a draft in the wrong language says what was found."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from app.store import captions
from app.store import db as dbmod
from tests.ui.helpers import run, until

pytestmark = [pytest.mark.gui, pytest.mark.exiftool,
              pytest.mark.skipif(not shutil.which("exiftool"), reason="exiftool missing")]


def _row(window, pid):
    db = dbmod.connect(window.ctx.paths.db_path, readonly=True)
    try:
        return dict(next(db.query("SELECT * FROM photos WHERE id = ?", [pid])))
    finally:
        db.conn.close()


def _draft(window, pid, **extra):
    db = dbmod.connect(window.ctx.paths.db_path)
    try:
        captions.add_version(db, pid, text="A harbour at dusk.", keywords=["harbour"], source="model",
                             state="draft", model="m", language="English", **extra)
    finally:
        db.conn.close()


def test_alt_text_is_shown_edited_and_written_with_the_caption(window):
    a = window.library["ids"][0]
    _draft(window, a, alt_text="Boats in a harbour.",
           translations={"de": {"text": "Ein Hafen in der Dämmerung.", "alt_text": "Boote im Hafen.",
                                "keywords": ["Hafen"]}})

    async def flow():
        await until(lambda: window.model.rowCount() == 3)
        window.refresh_photos([a])
        window.select_id(a)
        await until(lambda: window.detail.photo_id == a and window.detail.alt_editor.text() == "Boats in a harbour.",
                    msg="the alt text is shown")
        assert not window.detail.is_dirty()
        second = window.detail.second
        assert second.isVisibleTo(window.detail) and "(de)" in second.heading.text()
        assert second.editor.toPlainText() == "Ein Hafen in der Dämmerung."
        assert second.alt_editor.text() == "Boote im Hafen."
        window.detail.alt_editor.setText("Fishing boats moored in a harbour at dusk.")
        second.alt_editor.setText("Fischerboote im Hafen in der Dämmerung.")
        assert window.detail.is_dirty() and window.detail.save_btn.isEnabled()
        assert second.edits() == {"de": {"alt_text": "Fischerboote im Hafen in der Dämmerung."}}
        window.detail._emit_save()
        await until(lambda: _row(window, a)["caption_state"] == "written", timeout=30, msg="written")

    run(flow(), timeout=60)
    row = _row(window, a)
    assert row["caption_alt_text"] == "Fishing boats moored in a harbour at dusk."
    out = subprocess.run(["exiftool", "-j", "-XMP-iptcCore:AltTextAccessibility", row["path"]],
                         capture_output=True, check=True)
    assert json.loads(out.stdout)[0]["AltTextAccessibility"] == "Fishing boats moored in a harbour at dusk."
    assert json.loads(row["caption_translations"])["de"] == {"text": "Ein Hafen in der Dämmerung.",
                                                             "alt_text": "Fischerboote im Hafen in der Dämmerung.",
                                                             "keywords": ["Hafen"]}
    out = subprocess.run(["exiftool", "-j", "-XMP-iptcCore:AltTextAccessibility-de", "-XMP-dc:Description-de",
                          row["path"]], capture_output=True, check=True)
    got = json.loads(out.stdout)[0]
    assert got["AltTextAccessibility-de"] == "Fischerboote im Hafen in der Dämmerung."
    assert got["Description-de"] == "Ein Hafen in der Dämmerung."


def test_a_caption_edit_alone_keeps_the_alt_text_and_gives_no_consent(window):
    a = window.library["ids"][1]
    _draft(window, a, alt_text="Boats in a harbour.")
    window.ctx.settings.write_on_approve = False

    async def flow():
        await until(lambda: window.model.rowCount() == 3)
        window.refresh_photos([a])
        window.select_id(a)
        await until(lambda: window.detail.photo_id == a and window.detail.alt_editor.text() == "Boats in a harbour.")
        window.detail.editor.setPlainText("A quiet harbour at dusk.")
        assert window.detail.edited_alt_text() is None
        window.detail._emit_save()
        await until(lambda: _row(window, a)["caption"] == "A quiet harbour at dusk.", msg="saved")

    run(flow(), timeout=60)
    db = dbmod.connect(window.ctx.paths.db_path, readonly=True)
    try:
        cur = dict(next(db.query("SELECT * FROM captions WHERE id = ?", [_row(window, a)["caption_id"]])))
    finally:
        db.conn.close()
    assert cur["alt_text"] == "Boats in a harbour."
    assert "alt_text" not in (json.loads(cur["metrics"] or "{}").get("edited") or [])


def test_a_wrong_language_draft_says_what_was_found(window):
    a = window.library["ids"][2]
    check = {"requested": "de", "detected": {"caption": "en", "keywords": "en"}, "wrong": ["caption", "keywords"],
             "checked": True}
    _draft(window, a, flags=["wrong_language"], language_check=check)

    async def flow():
        await until(lambda: window.model.rowCount() == 3)
        window.refresh_photos([a])
        window.select_id(a)
        await until(lambda: window.detail.photo_id == a and "language" in window.detail.flags_label.text())

    run(flow(), timeout=60)
    text = window.detail.flags_label.text()
    assert "not in the language asked for" in text and "English" in text and "German" in text


def test_the_second_language_is_a_setting_in_the_window(window):
    from app.config import load_settings

    window.open_settings()
    pick = window.settings_dialog.second_language
    assert pick.currentData() == ""  # none by default
    pick.setCurrentIndex(pick.findData("de"))
    assert pick.currentText() == "German"
    window.settings_dialog.accept()
    assert load_settings(window.ctx.paths).second_language == "de"
    window.open_settings()
    assert window.settings_dialog.second_language.currentData() == "de"
    window.settings_dialog.reject()
