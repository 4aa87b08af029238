"""The selected photo: which one it is, its detail pane and its preview, and where focus goes.

The preview is bound to the photo it was asked for: a decode carries its photo id, the pane drops
a picture for any other photo, and while the large picture decodes the pane shows that photo's own
grid thumbnail (never the previous photo's picture under the new photo's name and caption).
"""

from __future__ import annotations

import asyncio
from typing import Any

from PySide6.QtCore import QCoreApplication, QItemSelectionModel, QSize, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication, QImage, QPixmap

from app.core.fspath import from_row
from app.ui import images, queries
from app.ui.models.photo_model import ID_ROLE

PREVIEW_EDGE = 1600
translate = QCoreApplication.translate  # the texts belong to the main window ("MainWindow" context)


def _decode_fitted(path: str, edge: int, fit: QSize | None) -> QImage:
    """Worker thread: decode, then scale down (never up) into ``fit`` with smooth filtering."""
    image = images.decode_preview(path, edge)
    if fit is not None and fit.width() > 0 and fit.height() > 0 and (
            image.width() > fit.width() or image.height() > fit.height()):
        image = image.scaled(fit, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation)
    return image


class DetailMixin:
    """Selection, detail and preview of the main window (mixed into ``MainWindow``)."""

    def _init_detail(self) -> None:
        self._detail_gen = 0

    # -- selection --------------------------------------------------------------------------
    def current_id(self) -> int | None:
        idx = self.grid.currentIndex()
        return idx.data(ID_ROLE) if idx.isValid() else None

    def has_selection(self) -> bool:
        """Whether ``selected_ids`` would give any photo, without listing them: asked at every status
        change during a run, and listing a select-all of thousands took the main thread tens of ms."""
        return self.grid.selectionModel().hasSelection() or self.grid.currentIndex().isValid()

    def selected_ids(self) -> list[int]:
        rows = sorted(i.row() for i in self.grid.selectionModel().selectedIndexes())
        ids = [self.model.id_at(r) for r in rows]
        out = self.group_ops.expand([i for i in ids if i is not None])  # a stacked tile = its whole group
        if not out and self.current_id() is not None:
            out = self.group_ops.expand([self.current_id()])  # type: ignore[list-item]
        return out

    def select_row(self, row: int) -> None:
        if not 0 <= row < self.model.rowCount():
            return
        idx = self.model.index(row)
        self.grid.selectionModel().setCurrentIndex(idx, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        self.grid.scrollTo(idx)

    def select_id(self, photo_id: int) -> bool:
        row = self.model.row_of(photo_id)
        if row is None:
            return False
        self.select_row(row)
        return True

    def _on_selection(self) -> None:
        self._update_actions()
        n = len(self.grid.selectionModel().selectedIndexes())
        self.selection_label.setText(translate("MainWindow", "%Ln selected", None, n) if n > 1 else "")
        if "review" in self.services:
            from app.ui.undo_flow import update_action  # noqa: PLC0415

            update_action(self)

    # -- detail and preview -----------------------------------------------------------------
    def _load_current_detail(self) -> None:
        pid = self.current_id()
        self._detail_gen += 1
        if pid is None:
            self.detail.show_photo(None)
            return
        self.ctx.spawn(self._load_detail(pid, self._detail_gen), name="load detail")

    async def _load_detail(self, pid: int, gen: int) -> None:
        photo = await self.ctx.aread(queries.photo_detail, pid)
        if gen != self._detail_gen or self._closing:
            return
        streaming = self.detail.streaming and self.detail.photo_id == pid
        if not streaming:
            self.detail.show_photo(photo, placeholder=self._thumb_of(pid))
            self.detail.set_stack_note(self._stack_note(pid))
            cap = self.services.get("captioning")
            if cap is not None and photo is not None:
                live = cap.live_text(pid)
                if live is not None:
                    self.detail.stream_begin(pid)
                    self.detail.stream_append(pid, live)
        if photo is None or self.detail.preview.has_full(pid):
            return  # nothing to show, or this photo's large picture is already there
        await self._decode_preview(pid, photo, gen)

    async def _decode_preview(self, pid: int, photo: dict[str, Any], gen: int) -> None:
        box = self.detail.preview.size() * self.detail.preview.devicePixelRatioF()
        pm, err = await self.load_picture(from_row(photo), PREVIEW_EDGE, fit=box)
        if self._closing:
            return
        self.detail.set_preview(pid, pm, full=True)  # dropped if another photo is shown by now
        if err and gen == self._detail_gen and photo.get("state") != "error":
            self.detail.show_error(translate("MainWindow", "Cannot show this photo: {error}").format(error=err))

    def _sharper_preview(self) -> None:
        """The pane grew past the decoded picture: decode the shown photo again for the new size."""
        photo = self.detail.photo
        if photo is not None and not self._closing:
            self.ctx.spawn(self._decode_preview(int(photo["id"]), photo, self._detail_gen), name="sharper preview")

    def _stack_note(self, pid: int) -> str:
        """For a stacked tile: how many photos it stands for and what they need (actions act on all)."""
        from app.ui.models.photo_model import stack_state  # noqa: PLC0415
        from app.ui.widgets.detail_text import stack_words  # noqa: PLC0415

        members = self.group_ops.tiles.get(pid) or []
        row = self.model.cached_row(pid)
        if len(members) < 2 or row is None:
            return ""
        state, share = stack_state(row)
        need = stack_words(state, int(share.split("/")[0]) if share else None)
        return translate("MainWindow", "A stack of %Ln photos ({which}): Approve, Reject and edits act on all of them.",
                         None, len(members)).format(which=need)

    def _thumb_of(self, pid: int) -> QPixmap | None:
        """The grid's thumbnail of this photo, if it is cached (a stand-in while the preview decodes)."""
        return self.thumbs.cached(pid) if self.thumbs is not None else None

    async def load_picture(self, path: str, edge: int, fit: QSize | None = None) -> tuple[QPixmap | None, str]:
        """Decode on the CPU pool (scaled down to ``fit`` there too, so painting never scales a large
        picture on the main thread); convert to a pixmap here (main thread)."""
        loop = asyncio.get_running_loop()
        try:
            image = await loop.run_in_executor(self.ctx.cpu, _decode_fitted, path, edge, fit)
        except Exception as exc:  # noqa: BLE001 - unreadable photo: say why beside it
            return None, str(exc) or exc.__class__.__name__
        return QPixmap.fromImage(image), ""

    # -- the photo's file -------------------------------------------------------------------
    def open_folder(self) -> None:
        pid = self.current_id()
        row = self.model.cached_row(pid) if pid is not None else None
        if row:
            QDesktopServices.openUrl(QUrl.fromLocalFile(row["folder"]))

    def copy_caption(self) -> None:
        text = self.detail.editor.toPlainText().strip()
        if text:
            QGuiApplication.clipboard().setText(text)
            self.status.say(translate("MainWindow", "Caption copied"))

    def open_viewer(self) -> None:
        from app.ui.viewer_ops import open_viewer  # noqa: PLC0415

        open_viewer(self)

    # -- focus ------------------------------------------------------------------------------
    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def edit_caption(self) -> None:
        self.detail.editor.setFocus()

    def focus_grid(self) -> None:
        """Back to the photos: the single-letter review keys (A, R, C…) act again."""
        self.grid.setFocus()
