"""Undo a write, on the photo the person means.

Undo acts on the selected photo when it has a write to undo, and its action says which photo
("Undo write of IMG_0042.jpg"). When the selected photo has nothing to undo (or nothing is selected)
the window asks first, naming the photo whose write would be undone, instead of silently undoing
another photo's write.
"""

from __future__ import annotations

import os
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox

from app.ui.emoji_text import shown_name

translate = QCoreApplication.translate  # the texts belong to the main window ("MainWindow" context)


def last_write(db: Any, photo_id: int | None) -> dict[str, Any] | None:
    """The newest undoable write (of ``photo_id``, or of any photo when None): id, photo id, path."""
    sql = ("SELECT w.photo_id, p.path FROM writes w JOIN photos p ON p.id = w.photo_id WHERE w.state = 'done'"
           + (" AND w.photo_id = ?" if photo_id is not None else "") + " ORDER BY w.id DESC LIMIT 1")
    row = db.execute(sql, [photo_id] if photo_id is not None else []).fetchone()
    return {"photo_id": int(row[0]), "path": row[1]} if row else None


def update_action(win: Any) -> None:
    """Name the photo the undo action will act on (called when the selection changes)."""
    win.ctx.spawn(_update_action(win), name="undo label")


async def _update_action(win: Any) -> None:
    pid = win.current_id()
    found = await win.ctx.aread(last_write, pid) if pid is not None else None
    act = win.action("undo_write")
    if found:
        name = shown_name(os.path.basename(found["path"]))
        act.setText(translate("MainWindow", "&Undo write of {name}").format(name=name))
        act.setToolTip(translate("MainWindow", "Put the previous metadata back into {name} (Ctrl+Shift+Z)").format(
            name=name))
    else:
        act.setText(translate("MainWindow", "&Undo last write…"))
        act.setToolTip(translate("MainWindow",
                                 "This photo has no write to undo; asks before undoing another photo's (Ctrl+Shift+Z)"))


def undo_selected(win: Any) -> None:
    win.ctx.spawn(_undo_selected(win), name="undo")


async def _undo_selected(win: Any) -> None:
    pid = win.current_id()
    mine = await win.ctx.aread(last_write, pid) if pid is not None else None
    if mine:
        win.run_op(translate("MainWindow", "Undo"), _undo(win, mine))
        return
    other = await win.ctx.aread(last_write, None)
    if other is None:
        win.status.say(translate("MainWindow", "Nothing to undo: no caption has been written into a file yet"))
        return
    name = shown_name(os.path.basename(other["path"]))
    question = translate("MainWindow", "Undo the last write, of {name}? Its previous metadata goes back into the file."
                         ).format(name=name)
    if pid is not None:
        row = win.model.cached_row(pid) or {}
        selected = shown_name(row.get("filename") or "")
        question = (translate("MainWindow", "{selected} has no write to undo.").format(selected=selected) if selected
                    else translate("MainWindow", "The selected photo has no write to undo.")) + "\n\n" + question
    box = QMessageBox(QMessageBox.Icon.Question, translate("MainWindow", "Undo a write"), question,
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel, win)
    box.button(QMessageBox.StandardButton.Yes).setText(translate("MainWindow", "Undo {name}").format(name=name))
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    box.finished.connect(lambda r: win.run_op(translate("MainWindow", "Undo"), _undo(win, other))
                         if r == QMessageBox.StandardButton.Yes else None)
    win.undo_question = box
    box.open()  # not exec(): a nested loop under qasync stalls asyncio


async def _undo(win: Any, target: dict[str, Any]) -> None:
    rev = win.services["review"]
    res = await (await rev._writer()).undo(target["photo_id"])
    if res.error:
        raise RuntimeError(f"{os.path.basename(res.path)}: {res.error}")
    win.status.say(translate("MainWindow", "Undid the write of {name}: its previous metadata is back").format(
        name=os.path.basename(res.path)))
    win.refresh_photos([target["photo_id"]])
    update_action(win)
