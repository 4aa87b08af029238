"""The window's layout: remembered between sessions, and fitted to the window's size.

- The smallest usable window is ``MIN_SIZE`` (800×560): nothing is cut off there (tests check it).
- Below ``NARROW`` px wide the sidebar folds away by itself (View → Sidebar, Ctrl+B, brings it back)
  and the detail pane switches to its compact layout (smaller preview, buttons on two rows).
- The sidebar can always be folded by the person (Ctrl+B, or dragging the splitter to the edge).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QByteArray, QSettings

MIN_SIZE = (800, 560)
NARROW = 1000
SIDEBAR = 200


def _qsettings(win: Any) -> QSettings:
    return QSettings(str(win.ctx.paths.config_dir / "window.ini"), QSettings.Format.IniFormat)


def restore_layout(win: Any) -> None:
    win.setMinimumSize(*MIN_SIZE)
    win.splitter.setCollapsible(0, True)
    win.splitter.setCollapsible(1, False)
    win.splitter.setCollapsible(2, False)
    win.sidebar.setMinimumWidth(140)
    win.splitter.splitterMoved.connect(lambda *_: _remember_sidebar(win))
    win._sidebar_wanted = True  # the person's choice; narrow windows fold it without changing this
    win._sidebar_width = SIDEBAR
    s = _qsettings(win)
    geom = s.value("geometry")
    if isinstance(geom, QByteArray) and not geom.isEmpty():
        win.restoreGeometry(geom)
    else:
        win.resize(*first_size(win))
    state = s.value("state")
    if isinstance(state, QByteArray) and not state.isEmpty():
        win.restoreState(state)
    split = s.value("splitter")
    if isinstance(split, QByteArray) and not split.isEmpty():
        win.splitter.restoreState(split)
    if s.value("sidebar") == "hidden":
        win._sidebar_wanted = False
    reflow(win)


def first_size(win: Any, wanted: tuple[int, int] = (1400, 860)) -> tuple[int, int]:
    """The window's size on its first start: ``wanted``, made to fit the screen's free area (a
    1280×800 laptop has no room for 1400×860), never below the smallest size the layout works at."""
    screen = win.screen()
    if screen is None:
        return wanted
    free = screen.availableGeometry()
    return (max(MIN_SIZE[0], min(wanted[0], free.width() - 40)),
            max(MIN_SIZE[1], min(wanted[1], free.height() - 60)))


def save_layout(win: Any) -> None:
    s = _qsettings(win)
    s.setValue("geometry", win.saveGeometry())
    s.setValue("state", win.saveState())
    s.setValue("splitter", win.splitter.saveState())
    s.setValue("sidebar", "shown" if win._sidebar_wanted else "hidden")
    s.sync()


def _remember_sidebar(win: Any) -> None:
    width = win.splitter.sizes()[0]
    if width > 0:
        win._sidebar_width = width
    if win.width() >= NARROW:  # dragging it shut (or open) in a wide window is the person's choice
        win._sidebar_wanted = width > 0
    _sync_action(win)


def sidebar_visible(win: Any) -> bool:
    return win.splitter.sizes()[0] > 0


def toggle_sidebar(win: Any) -> None:
    """Fold or unfold the sidebar (Ctrl+B)."""
    show = not sidebar_visible(win)
    win._sidebar_wanted = show
    _set_sidebar(win, show)


def _set_sidebar(win: Any, show: bool) -> None:
    sizes = win.splitter.sizes()
    if show == (sizes[0] > 0):
        _sync_action(win)
        return
    if show:
        want = min(win._sidebar_width or SIDEBAR, max(140, win.width() // 5))
        sizes = [want, max(200, sizes[1] - want), sizes[2]]
    else:
        win._sidebar_width = sizes[0] or win._sidebar_width
        sizes = [0, sizes[1] + sizes[0], sizes[2]]
    win.splitter.setSizes(sizes)
    _sync_action(win)


def _sync_action(win: Any) -> None:
    act = getattr(win, "actions_by_name", {}).get("toggle_sidebar")
    if act is not None:
        act.blockSignals(True)
        act.setChecked(sidebar_visible(win))
        act.blockSignals(False)


def reflow(win: Any) -> None:
    """Fit the panes to the window's width (called on every resize)."""
    if not hasattr(win, "_sidebar_wanted"):
        return  # still building
    narrow = win.width() < NARROW
    _set_sidebar(win, win._sidebar_wanted and not narrow)
    win.detail.set_compact(narrow or win.height() < 700)
    sizes = win.splitter.sizes()
    total = sum(sizes)
    if total > 0 and sizes[2] < 300 <= total - sizes[0] - 220:  # keep the detail pane readable
        free = total - sizes[0]
        detail = max(300, free * 2 // 5)
        win.splitter.setSizes([sizes[0], free - detail, detail])
