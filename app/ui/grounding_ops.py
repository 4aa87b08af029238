"""Grounding in the window: Places/People in the sidebar, Folder → Context….

``install(win)`` is the one call the main window makes; the rest stays here so the window code
only grows by a few hooks.
"""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QMenu, QMessageBox

from app.services import grounding as gservice
from app.ui import grounding_view
from app.ui.models.sidebar_model import KEY_ROLE

translate = QCoreApplication.translate


def install(win: Any) -> None:
    """Add the folder context action (File menu and the sidebar's right-click menu)."""
    act = QAction(translate("MainWindow", "Folder &context…"), win)
    act.setObjectName("folder_context")
    # a tooltip, no status tip: it would hide the progress
    act.setToolTip(translate("MainWindow", "Event, place, people, notes and keywords for the selected folder"))
    act.triggered.connect(lambda _=False: open_context_dialog(win))
    win.actions_by_name["folder_context"] = act
    menus = [a.menu() for a in win.menuBar().actions() if a.menu() is not None]
    if menus:
        menus[0].insertAction(menus[0].actions()[2] if len(menus[0].actions()) > 2 else None, act)
    win.sidebar.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
    win.sidebar.customContextMenuRequested.connect(lambda pos: _sidebar_menu(win, pos))


def _sidebar_menu(win: Any, pos: Any) -> None:
    idx = win.sidebar.indexAt(pos)
    key = idx.data(KEY_ROLE) if idx.isValid() else None
    if not key or key[0] != "folder":
        return
    menu = QMenu(win.sidebar)
    menu.addAction(translate("MainWindow", "Context…"), lambda: open_context_dialog(win, key[1]))
    menu.exec(win.sidebar.viewport().mapToGlobal(pos))


def selected_folder(win: Any) -> str | None:
    key = win.sidebar.currentIndex().data(KEY_ROLE) if win.sidebar.currentIndex().isValid() else None
    if key and key[0] == "folder":
        return key[1]
    return getattr(win, "folder", None)


def open_context_dialog(win: Any, folder: str | None = None) -> None:
    folder = folder or selected_folder(win)
    if not folder:
        QMessageBox.information(win, translate("MainWindow", "Folder context"),
                                translate("MainWindow", "Select a folder in the sidebar first."))
        return
    win.ctx.spawn(_edit(win, folder), name="folder context")


async def _edit(win: Any, folder: str) -> None:
    own = await win.ctx.aread(gservice.get_own, folder) or {}
    current = {"event": own.get("event"), "place": own.get("place"), "notes": own.get("notes"),
               "people": json.loads(own.get("people") or "[]"),
               "vocabulary_terms": len(json.loads(own.get("vocabulary") or "[]"))}
    parent = gservice.ancestors(folder)[1] if len(gservice.ancestors(folder)) > 1 else folder
    inherited = (await win.ctx.aread(gservice.effective, parent)).to_public()
    dlg = grounding_view.ContextDialog(folder, current, inherited, win)
    if dlg.exec() != QDialog.DialogCode.Accepted:
        return
    try:
        values = dlg.values()
    except OSError as exc:
        QMessageBox.warning(win, translate("MainWindow", "Folder context"),
                            translate("MainWindow", "Cannot read the keyword list: {error}").format(error=exc))
        return
    owner = await win.ctx.get_owner()
    out = await owner.run(gservice.set_context, folder, **values)
    win.reload_counts()
    win._load_current_detail()
    n = out.get("drafts_marked_old_context") or 0
    if n:  # through the status model: a bare statusBar message would hide the queue's progress
        win.status.say(translate("MainWindow", "%Ln draft(s) written with the old context: select them and choose "
                                               "Regenerate.", None, n))


async def sidebar_counts(win: Any) -> tuple[list[tuple[str, str, str, int]], list[tuple[str, int]]]:
    """The Places and People counts, read on the reader thread."""
    return await win.ctx.aread(gservice.place_counts), await win.ctx.aread(gservice.people_counts)


def update_sidebar(win: Any, places: list[tuple[str, str, str, int]], people: list[tuple[str, int]]) -> bool:
    """Refresh the Places and People sections (called with the folder counts); whether rebuilt."""
    return grounding_view.update_sidebar(win.sidebar_model, places, people)
