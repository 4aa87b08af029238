"""The main window's actions, menus and toolbars: everything a person can do, each with its key.

Texts are marked for translation in the ``MainWindow`` context (``resources/i18n``). Single-letter
keys (C, A, R, E, G) only act while the grid has focus, so typing in a text field never triggers them.
"""

from __future__ import annotations

import functools
from typing import Any, Callable

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QToolBar

from app.ui.icons import icon

translate = QCoreApplication.translate  # lupdate collects translate("MainWindow", "...") calls


def _act(win: Any, name: str, text: str, slot: Callable[[], Any], shortcut: str | QKeySequence | None = None,
         icon_name: str | None = None, tip: str = "", grid_only: bool = False) -> QAction:
    a = QAction(text, win)
    a.setObjectName(name)
    if icon_name:
        a.setIcon(icon(icon_name))
        a.setProperty("icon_name", icon_name)  # re-tinted when the theme changes (retint_icons)
    if shortcut:
        a.setShortcut(QKeySequence(shortcut))
        if grid_only:  # single-letter keys must not fire while typing in a text field
            a.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            win.grid.addAction(a)
        else:
            win.addAction(a)
    if tip:  # a tooltip, no status tip: hovering must not replace the queue's progress in the status bar
        keys = a.shortcut().toString(QKeySequence.SequenceFormat.NativeText)  # "Strg+Umschalt+C" in German
        a.setToolTip(f"{tip} ({keys})" if shortcut else tip)
    a.triggered.connect(lambda _=False: slot())
    win.actions_by_name[name] = a
    return a


def retint_icons(win: Any) -> None:
    """Light/dark switch: icons are tinted with the palette's text colour, so draw them again."""
    for a in win.actions_by_name.values():
        name = a.property("icon_name")
        if name:
            a.setIcon(icon(name))


def build_actions(win: Any) -> None:
    """Create every action (``win.actions_by_name``), the menus and the two toolbars."""
    win.actions_by_name = {}
    A = functools.partial(_act, win)
    add_folder = A(
        "add_folder", translate("MainWindow", "&Add photo folder…"), win.add_folder_dialog,
        QKeySequence.StandardKey.Open, "folder-add",
        translate("MainWindow", "Add a folder of photos to the library")
    )
    rescan = A(
        "rescan", translate("MainWindow", "&Rescan folders"), win.rescan, "F5", "rescan",
        translate("MainWindow", "Look for new, changed and removed photos")
    )
    settings = A(
        "settings", translate("MainWindow", "&Settings…"), win.open_settings, "Ctrl+,", "settings",
        translate("MainWindow", "Hosts, model, style, writing")
    )
    quit_ = A("quit", translate("MainWindow", "&Quit"), win.close, QKeySequence.StandardKey.Quit)
    caption = A(
        "caption_selected", translate("MainWindow", "&Caption selected"), win.caption_selected, "C", "caption",
        translate("MainWindow", "Caption the selected photos"), grid_only=True
    )
    caption_all = A(
        "caption_uncaptioned", translate("MainWindow", "Caption all &uncaptioned in view"),
        win.caption_uncaptioned, "Shift+C", "caption-all",
        translate("MainWindow", "Caption every photo in view that has no caption")
    )
    regenerate = A(
        "regenerate", translate("MainWindow", "Re&generate…"), win.regenerate, "G", "regenerate",
        translate("MainWindow", "Caption again, optionally with another style or model"), grid_only=True
    )
    pause = A(
        "pause", translate("MainWindow", "&Pause queue"), win.pause_queue, "Ctrl+P", "pause",
        translate("MainWindow", "Pause captioning (the photo being captioned goes back to the queue)")
    )
    resume = A(
        "resume", translate("MainWindow", "&Resume queue"), win.resume_queue, "Ctrl+Shift+P", "resume",
        translate("MainWindow", "Continue captioning")
    )
    cancel = A(
        "cancel", translate("MainWindow", "Ca&ncel queue"), win.cancel_queue, "Ctrl+Shift+X", "cancel",
        translate("MainWindow", "Stop and forget the queued photos")
    )
    approve = A(
        "approve", translate("MainWindow", "&Approve"), win.approve, "A", "approve",
        translate("MainWindow", "Approve the selected captions"), grid_only=True
    )
    approve_next = A(
        "approve_next", translate("MainWindow", "Approve and &next"), win.approve_and_next, "Shift+A",
        "approve-next", translate("MainWindow", "Approve and move to the next photo"), grid_only=True
    )
    reject = A(
        "reject", translate("MainWindow", "Re&ject"), win.reject, "R", "reject",
        translate("MainWindow", "Reject the caption"), grid_only=True
    )
    edit = A(
        "edit", translate("MainWindow", "&Edit caption"), win.edit_caption, "E", "edit",
        translate("MainWindow", "Edit the caption text"), grid_only=True
    )
    save_edit = A(
        "save_edit", translate("MainWindow", "&Save edit"), win.save_edit, QKeySequence.StandardKey.Save,
        None, translate("MainWindow", "Keep your edited caption")
    )
    write = A(
        "write", translate("MainWindow", "&Write approved to files"), win.write_approved, "Ctrl+Shift+W", "write",
        translate("MainWindow", "Write approved captions into the photos' metadata")
    )
    undo = A(
        "undo_write", translate("MainWindow", "&Undo last write"), win.undo_write, "Ctrl+Shift+Z", "undo",
        translate("MainWindow", "Put the file's previous metadata back")
    )
    resolve = A(
        "resolve_conflict", translate("MainWindow", "Resolve &conflict…"), win.resolve_conflict, None, None,
        translate("MainWindow", "Another app changed this caption after we wrote it: keep yours or take theirs")
    )
    copy = A(
        "copy", translate("MainWindow", "&Copy caption"), win.copy_caption, "Ctrl+Shift+C", "copy",
        translate("MainWindow", "Copy the caption to the clipboard")
    )
    open_folder = A(
        "open_folder", translate("MainWindow", "Open containing &folder"), win.open_folder, "Ctrl+Shift+O",
        "folder", translate("MainWindow", "Show the photo in your file manager")
    )
    view = A(
        "view", translate("MainWindow", "&View full size"), win.open_viewer, None, "view",
        translate("MainWindow", "Full-size viewer (Space)")
    )
    find = A(
        "find", translate("MainWindow", "&Find"), win.focus_search, QKeySequence.StandardKey.Find, None,
        translate("MainWindow", "Search")
    )
    from app.ui.window_layout import toggle_sidebar  # noqa: PLC0415

    sidebar = A(
        "toggle_sidebar", translate("MainWindow", "&Sidebar"), lambda: toggle_sidebar(win), "Ctrl+B", None,
        translate("MainWindow", "Show or hide the folders and lists")
    )
    sidebar.setCheckable(True)
    sidebar.setChecked(True)
    toggle_log = win.log_dock.toggleViewAction()
    toggle_log.setText(translate("MainWindow", "&Log panel"))
    toggle_log.setShortcut(QKeySequence("Ctrl+L"))
    win.addAction(toggle_log)
    chat = A(
        "chat", translate("MainWindow", "As&k about this photo"), win.open_chat, "Ctrl+K", "chat",
        translate("MainWindow", "Ask the model questions about the selected photo")
    )
    compare = A(
        "compare", translate("MainWindow", "Co&mpare models or styles…"), win.open_compare, "Ctrl+M", "compare",
        translate("MainWindow", "Try two models or styles on a few photos")
    )
    focus_grid = A("focus_grid", translate("MainWindow", "Go to &photos"), win.focus_grid, "Ctrl+1")
    focus_side = A(
        "focus_sidebar", translate("MainWindow", "Go to f&olders"), lambda: win.sidebar.setFocus(), "Ctrl+2"
    )
    focus_detail = A(
        "focus_detail", translate("MainWindow", "Go to &caption"), lambda: win.detail.editor.setFocus(), "Ctrl+3"
    )

    mb = win.menuBar()
    m = mb.addMenu(translate("MainWindow", "&File"))
    for a in (add_folder, rescan, None, settings, None, quit_):
        m.addSeparator() if a is None else m.addAction(a)
    m = mb.addMenu(translate("MainWindow", "&Caption"))
    for a in (caption, caption_all, regenerate, None, pause, resume, cancel, None, compare, chat):
        m.addSeparator() if a is None else m.addAction(a)
    m = mb.addMenu(translate("MainWindow", "&Review"))
    for a in (approve, approve_next, reject, edit, save_edit, None, write, undo, resolve):
        m.addSeparator() if a is None else m.addAction(a)
    m = mb.addMenu(translate("MainWindow", "&Photo"))
    for a in (view, copy, open_folder):
        m.addAction(a)
    m = mb.addMenu(translate("MainWindow", "&View"))
    for a in (find, focus_grid, focus_side, focus_detail, None, sidebar, toggle_log):
        m.addSeparator() if a is None else m.addAction(a)

    search_bar = QToolBar(translate("MainWindow", "Search"), win)
    search_bar.setObjectName("SearchToolbar")
    search_bar.setMovable(False)
    find_label = QLabel(translate("MainWindow", "Find:"))
    find_label.setContentsMargins(4, 0, 4, 0)
    search_bar.addWidget(find_label)
    search_bar.addWidget(win.search)
    search_bar.addWidget(QLabel("  "))
    search_bar.addWidget(win.count_label)
    win.selection_label = QLabel()
    win.selection_label.setAccessibleName(translate("MainWindow", "Selection"))
    search_bar.addWidget(QLabel("  "))
    search_bar.addWidget(win.selection_label)
    win.addToolBar(search_bar)
    tb = QToolBar(translate("MainWindow", "Actions"), win)
    tb.setObjectName("MainToolbar")
    tb.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    labelled = {caption, approve, write}
    # the button's own short text (the menu keeps the full one): the bar fits 1280 px in every language
    write.setIconText(translate("MainWindow", "Write approved to files", "toolbar button: keep it short"))
    for a in (add_folder, None, caption, caption_all, pause, resume, cancel, None, approve, approve_next, reject,
              None, write, undo):
        if a is None:
            tb.addSeparator()
            continue
        tb.addAction(a)
        if a not in labelled:  # icon only (the tooltip names it); keeps the bar on one line
            tb.widgetForAction(a).setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
    win.addToolBar(tb)
    win.toolbar = tb
    from app.ui.group_ops import GroupOps  # noqa: PLC0415 - bursts and duplicates

    win.group_ops = GroupOps(win)
