"""Trusting writes, in the window: the RAW-app question (settings), bulk approve skips flagged drafts with a
visible count, and a conflict opens side by side with keep mine / take theirs (real exiftool)."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from app.config import load_settings
from app.store import captions
from app.store import db as dbmod
from app.ui.dialogs.conflict import KEEP_MINE, TAKE_THEIRS, ConflictDialog
from tests.ui.helpers import run, until

pytestmark = pytest.mark.gui


def _db(window):
    return dbmod.connect(window.ctx.paths.db_path)


def _row(window, pid):
    db = dbmod.connect(window.ctx.paths.db_path, readonly=True)
    try:
        return dict(next(db.query("SELECT * FROM photos WHERE id = ?", [pid])))
    finally:
        db.conn.close()


def test_settings_ask_which_app_is_used_with_raw_files(window):
    window.open_settings()
    dlg = window.settings_dialog
    combo = dlg.raw_app.combo
    combo.setCurrentIndex(combo.findData("lightroom"))
    assert dlg.sidecar_naming.currentData() == "base"  # the question decides the sidecar name
    dlg.accept()
    saved = load_settings(window.ctx.paths)
    assert saved.raw_app == "lightroom" and saved.sidecar_naming == "base"
    window.open_settings()
    assert window.settings_dialog.raw_app.raw_app() == "lightroom"
    window.settings_dialog.raw_app.combo.setCurrentIndex(window.settings_dialog.raw_app.combo.findData("darktable"))
    window.settings_dialog.accept()
    assert load_settings(window.ctx.paths).sidecar_naming == "ext"


def test_first_run_asks_the_raw_app_question(window):
    from app.ui.dialogs.first_run import FirstRunDialog

    dlg = FirstRunDialog(window.ctx, window, auto_check=False)
    dlg.raw_app.combo.setCurrentIndex(dlg.raw_app.combo.findData("captureone"))
    dlg.folder.setText(str(window.library["root"]))
    dlg._accept()
    saved = load_settings(window.ctx.paths)
    assert saved.raw_app == "captureone" and saved.sidecar_naming == "base"


def test_conflict_dialog_shows_both_texts_and_records_the_choice(qtbot):
    conflict = {"mine": "Our caption", "theirs": "Their caption", "theirs_source": "XMP description",
                "fields": [{"field": "XMP description", "theirs": "Their caption", "ours": "Our old caption"}]}
    for button, choice in (("keep_button", KEEP_MINE), ("take_button", TAKE_THEIRS)):
        dlg = ConflictDialog("/p/a.jpg", conflict)
        qtbot.addWidget(dlg)
        assert dlg.mine.toPlainText() == "Our caption" and dlg.theirs.toPlainText() == "Their caption"
        getattr(dlg, button).click()
        assert dlg.choice == choice and dlg.result() == ConflictDialog.DialogCode.Accepted


def test_bulk_approve_skips_flagged_drafts_with_a_count(window):
    a, b, c = window.library["ids"]
    db = _db(window)
    captions.add_version(db, a, text="A harbour at noon", source="model", state="draft", model="m")
    captions.add_version(db, b, text='{"caption": "loop loop loop', source="model", state="draft", model="m",
                         flags=["bad_json", "loop"])
    db.conn.close()
    window.ctx.settings.write_on_approve = False
    result = run(window._review().approve([a, b]))
    assert result["done"] == [a] and result["skipped_flagged"] == 1
    assert "skipped 1 flagged draft" in result["message"]
    assert _row(window, b)["caption_state"] == "draft"
    # One photo on its own is a person's look: a flagged draft may then be approved.
    assert run(window._review().approve([b]))["done"] == [b]


@pytest.mark.exiftool
@pytest.mark.skipif(not shutil.which("exiftool"), reason="exiftool missing")
def test_outside_edit_is_a_conflict_resolved_in_the_window(window, qtbot):
    pid = window.library["ids"][0]
    path = _row(window, pid)["path"]
    db = _db(window)
    captions.add_version(db, pid, text="Our caption", source="human", state="approved")
    db.conn.close()
    assert run(window._review().write_approved([pid]))["written"] == 1
    subprocess.run(["exiftool", "-q", "-overwrite_original", "-XMP-dc:Description-x-default=Their caption", path],
                   check=True)
    run(window._review().edit(pid, "Our second caption", []))  # write-on-approve: finds the conflict
    assert _row(window, pid)["caption_state"] == "conflict"

    async def resolve():
        await until(lambda: window.model.rowCount() == 3)
        window.refresh_photos([pid])
        window.select_id(pid)
        await until(lambda: "Changed in another app" in window.detail.state_label.text(), msg="conflict shown")
        window.action("resolve_conflict").trigger()
        await until(lambda: window.findChildren(ConflictDialog), msg="conflict dialog")
        dlg = window.findChildren(ConflictDialog)[-1]
        assert dlg.mine.toPlainText() == "Our second caption" and dlg.theirs.toPlainText() == "Their caption"
        dlg.take_button.click()
        await until(lambda: _row(window, pid)["caption_state"] == "written", timeout=30, msg="written")

    run(resolve(), timeout=60)
    out = subprocess.run(["exiftool", "-s3", "-XMP-dc:Description", "-IFD0:ImageDescription", path],
                         capture_output=True, text=True, check=True).stdout.split("\n")
    assert [ln for ln in out if ln] in (["Their caption", "Their caption"], ["Their caption"])
    assert _row(window, pid)["conflict"] is None
