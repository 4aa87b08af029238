"""Approving a draft the names guard flagged: the window asks first, naming the suspicious names.

The draft says something about people or places that nothing known about the photo supports
(an invented name, a landmark in another city). Approving it is the person's decision, made with
the names in front of them; "Approve anyway" approves it and the history records the accepted flag.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox

translate = QCoreApplication.translate  # the texts belong to the main window ("MainWindow" context)


def question_text(names: list[str]) -> str:
    quoted = [translate("MainWindow", "“{name}”", "a name in quotation marks").format(name=n) for n in names]
    listed = ", ".join(quoted) if names else translate("MainWindow", "a name")
    return translate("MainWindow", "This draft names {names}, which nothing known about the photo supports (its "
                                   "place, the people named in the file or by you, the folder).\n\nCheck the caption: "
                                   "the model may have invented it. Approve it anyway?").format(names=listed)


def ask(win: Any, rev: Any, pending: dict[str, Any]) -> QMessageBox:
    """Ask (non-modal: a nested loop under qasync stalls asyncio) before approving ``pending["id"]``."""
    box = QMessageBox(QMessageBox.Icon.Warning, translate("MainWindow", "Approve a flagged caption"),
                      question_text(pending.get("names") or []),
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel, win)
    box.button(QMessageBox.StandardButton.Yes).setText(translate("MainWindow", "Approve anyway"))
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    pid, names = pending["id"], list(pending.get("names") or [])
    box.finished.connect(lambda r: win.run_op(translate("MainWindow", "Approve"), _accept(win, rev, pid, names), [pid])
                         if r == QMessageBox.StandardButton.Yes else win.status.say(translate("MainWindow", "Not approved")))
    win.approve_question = box
    box.open()
    return box


async def _accept(win: Any, rev: Any, pid: int, names: list[str]) -> None:
    result = await rev.approve([pid], accept_flagged=True, names=names)
    win.status.say(result.get("message") or translate("MainWindow", "Approved"))
