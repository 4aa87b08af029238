"""Conflict view: another app changed a photo's caption after we wrote it.

Both texts side by side, every changed field listed, and two ways out: keep mine (our caption is
written over the outside edit) or take theirs (their text becomes the caption, written into every
field so the file agrees with itself). Nothing is written until the person decides: the default
button (Enter) is "Decide later", so a reflex Enter never overwrites another app's edit.
"""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QGridLayout, QLabel, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget,
)

KEEP_MINE, TAKE_THEIRS = "mine", "theirs"


class ConflictDialog(QDialog):
    """Shows ``conflict`` (the ``list --json`` object) and records the choice in ``choice``."""

    def __init__(self, path: str, conflict: dict[str, Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Caption changed in another app"))
        self.choice: str | None = None
        fields = conflict.get("fields") or []
        from app.ui.emoji_text import shown_name  # noqa: PLC0415

        intro = QLabel(f"<b>{html.escape(shown_name(path))}</b><br>" + self.tr(
            "Another app changed this photo's caption after Albumwise wrote it. Nothing is written until you choose."))
        intro.setWordWrap(True)
        self.mine = QPlainTextEdit(conflict.get("mine") or "")
        self.theirs = QPlainTextEdit(conflict.get("theirs") or "; ".join(f.get("theirs") or "" for f in fields))
        for box, name in ((self.mine, self.tr("Your caption")), (self.theirs, self.tr("The other app's text"))):
            box.setReadOnly(True)
            box.setAccessibleName(name)
        grid = QGridLayout()
        grid.addWidget(QLabel(self.tr("<b>Yours</b> (Albumwise)")), 0, 0)
        theirs = conflict.get("theirs_source") or self.tr("the file")
        grid.addWidget(QLabel(self.tr("<b>Theirs</b> ({source})").format(source=html.escape(theirs))), 0, 1)
        grid.addWidget(self.mine, 1, 0)
        grid.addWidget(self.theirs, 1, 1)
        changed = QLabel(self.tr("Changed: {fields}").format(fields=", ".join(str(f.get("field")) for f in fields))
                         if fields else "")
        changed.setWordWrap(True)
        buttons = QDialogButtonBox()
        self.keep_button = QPushButton(self.tr("Keep mine"))
        self.keep_button.setToolTip(self.tr("Write your caption over the other app's text"))
        self.take_button = QPushButton(self.tr("Take theirs"))
        self.take_button.setToolTip(self.tr("Make their text the caption and write it into every field"))
        buttons.addButton(self.keep_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.take_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.later_button = buttons.addButton(self.tr("Decide later"), QDialogButtonBox.ButtonRole.RejectRole)
        for b in (self.keep_button, self.take_button):
            b.setAutoDefault(False)  # Enter must not pick a side
        self.later_button.setDefault(True)
        self.keep_button.clicked.connect(lambda: self._choose(KEEP_MINE))
        self.take_button.clicked.connect(lambda: self._choose(TAKE_THEIRS))
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(intro)
        lay.addLayout(grid)
        lay.addWidget(changed)
        lay.addWidget(buttons)
        self.resize(720, 360)

    def _choose(self, choice: str) -> None:
        self.choice = choice
        self.accept()


async def resolve_selected(win: Any) -> "ConflictDialog | None":
    """The window's "Resolve conflict…": open the dialog for the selected photo; the choice is applied
    (and written) when the person picks one. Returns the open dialog (None when there is no conflict)."""
    from app.store import photos  # noqa: PLC0415

    ids = win.selected_ids()
    if len(ids) != 1:
        win.status.say(QCoreApplication.translate("MainWindow", "Select one photo whose caption is in conflict"))
        return None
    row = await win.ctx.aread(photos.get, ids[0])
    pub = photos.to_public(row) if row else {}
    if not pub.get("conflict"):
        win.status.say(QCoreApplication.translate("MainWindow", "This photo's caption is not in conflict"))
        return None
    dlg = ConflictDialog(pub["path"], pub["conflict"], win)
    pid = ids[0]

    async def apply() -> None:
        report = await win._review().resolve(pid, keep_mine=dlg.choice == KEEP_MINE)
        win.status.say(report.get("message") or QCoreApplication.translate("MainWindow", "Resolved"))
        win.refresh_photos([pid])

    label = QCoreApplication.translate("MainWindow", "Resolve conflict")
    dlg.accepted.connect(lambda: win.run_op(label, apply(), [pid]) if dlg.choice else None)
    dlg.open()  # not exec(): a nested event loop under qasync stalls the asyncio loop
    return dlg
