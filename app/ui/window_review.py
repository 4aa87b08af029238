"""Review from the window: approve, reject, save an edit, restore, write, resolve a conflict, undo.

Each action runs as a task (``run_op``): a failure is one line in the status bar, the log and beside
the photo, never a dialog. A stacked tile acts on its whole group (``selected_ids``). After a save,
focus is back on the grid, so the next single-letter key (A, R, Shift+A) reviews instead of typing.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any, Awaitable

from PySide6.QtCore import QCoreApplication

log = logging.getLogger("albumwise.ui")
translate = QCoreApplication.translate  # the texts belong to the main window ("MainWindow" context)


class ReviewMixin:
    """The main window's review actions (mixed into ``MainWindow``)."""

    def run_op(self, label: str, coro: Awaitable[Any], photo_ids: list[int] | None = None) -> "asyncio.Task[Any]":
        """Run an action; a failure is a message in the status bar, the log and beside the photo.
        ``label`` names the action in the window's language ("Approve")."""

        async def runner() -> Any:
            try:
                result = await coro
            except Exception as exc:  # noqa: BLE001 - one line, never a dialog
                log.warning("%s: %s", label, exc)
                self.status.say(translate("MainWindow", "{action}: {error}").format(action=label, error=exc))
                if photo_ids and self.current_id() in photo_ids:
                    self.detail.show_error(str(exc))
                return None
            if photo_ids:
                self.refresh_photos(photo_ids)
            return result

        return self.ctx.spawn(runner(), name=label)

    def _review(self) -> Any:
        return self.services.get("review")

    def approve(self, then_next: bool = False) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        rev = self._review()
        if self.detail.is_dirty() and set(ids) == set(self.group_ops.expand([self.detail.photo_id])):
            # approving what is on screen: the person's edit is what gets approved
            self._on_save_edit(self.detail.photo_id, self.detail.editor.toPlainText().strip(), self.detail.chips.keywords())
        else:
            self.run_op(translate("MainWindow", "Approve"), self._approve(rev, ids), ids)
        if then_next:
            row = self.grid.currentIndex().row()
            self.select_row(min(row + 1, self.model.rowCount() - 1))
        self.focus_grid()

    async def _approve(self, rev: Any, ids: list[int]) -> None:
        result = await rev.approve(ids)
        self.status.say(result.get("message") or translate("MainWindow", "Approved"))
        if result.get("needs_confirmation"):  # a draft naming what nothing supports: ask first
            from app.ui.approve_flow import ask  # noqa: PLC0415

            ask(self, rev, result["needs_confirmation"])
        self._on_selection()  # a write on approve changes what undo would undo

    def approve_and_next(self) -> None:
        self.approve(then_next=True)

    def reject(self) -> None:
        ids = self.selected_ids()
        if ids:
            self.run_op(translate("MainWindow", "Reject"), self._reject(ids), ids)
        self.focus_grid()

    async def _reject(self, ids: list[int]) -> None:
        result = await self._review().reject(ids)
        n = len(result.get("done", []))
        self.status.say(translate("MainWindow", "Rejected %Ln caption(s)", None, n) if n
                        else translate("MainWindow", "Nothing to reject"))

    def save_edit(self) -> None:
        """Ctrl+S and the Save button: keep the edit (if any) and go back to the photos."""
        self.detail._emit_save()
        self.focus_grid()

    def _on_save_edit(self, pid: int, text: str, keywords: list[str]) -> None:
        self.run_op(translate("MainWindow", "Save edit"), self.group_ops.edit(pid, text, keywords),
                    self.group_ops.expand([pid]))
        self.focus_grid()

    def _on_restore(self, pid: int, caption_id: int) -> None:
        self.run_op(translate("MainWindow", "Restore"), self._review().restore(pid, caption_id), [pid])

    def write_approved(self) -> None:
        self.run_op(translate("MainWindow", "Write"), self._write_approved())

    async def _write_approved(self) -> None:
        self.status.say(translate("MainWindow", "Writing approved captions into the files…"))
        report = await self._review().write_approved(self.group_ops.expand(self.model.ids()))  # stacked too
        self.status.say(report.get("message") or translate("MainWindow", "Written"))
        self.refresh_photos(report.get("ids", []))
        self._on_selection()  # the undo action names the photo it would undo

    def resolve_conflict(self) -> None:
        from app.ui.dialogs.conflict import resolve_selected  # noqa: PLC0415 - keep mine / take theirs

        self.run_op(translate("MainWindow", "Resolve conflict"), resolve_selected(self))

    def undo_write(self) -> None:
        from app.ui.undo_flow import undo_selected  # noqa: PLC0415

        undo_selected(self)
