"""The full-size viewer: open it on the current photo, load the picture sized for the screen, step."""

from __future__ import annotations

from typing import Any

from app.core.fspath import from_row


def open_viewer(win: Any) -> None:
    from app.ui.widgets.viewer import PhotoViewer  # noqa: PLC0415

    pid = win.current_id()
    if pid is None:
        return
    if win.viewer is None:
        win.viewer = PhotoViewer(win)
        win.viewer.stepRequested.connect(lambda step: _step(win, step))
    row = win.model.cached_row(pid) or {}
    win.viewer.show_photo(pid, row.get("filename", ""), win.detail.editor.toPlainText())
    win.viewer.show()
    win.viewer.raise_()
    win.viewer.activateWindow()
    win.ctx.spawn(_load(win, pid, from_row(row) if row.get("path") else None), name="viewer")


async def _load(win: Any, pid: int, path: str | None) -> None:
    if not path or win.viewer is None:
        return
    screen = win.screen().availableGeometry() if win.screen() else None
    edge = int(max(screen.width(), screen.height()) * win.devicePixelRatioF()) if screen else 2048
    pm, err = await win.load_picture(path, max(1024, edge))
    if win.viewer is not None:
        win.viewer.set_pixmap(pid, pm, err)


def _step(win: Any, step: int) -> None:
    row = win.grid.currentIndex().row() + step
    if 0 <= row < win.model.rowCount():
        win.select_row(row)
        open_viewer(win)
