"""Captioning from the window: queue the selection or everything uncaptioned, regenerate, and pause,
resume or cancel the queue. The run itself lives in ``caption_bridge``; the status bar follows it
through ``status_model``."""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt

from app.ui import queries

log = logging.getLogger("albumwise.ui")
translate = QCoreApplication.translate  # the texts belong to the main window ("MainWindow" context)


class CaptionMixin:
    """The main window's caption actions (mixed into ``MainWindow``)."""

    def _captioner(self) -> Any:
        cap = self.services.get("captioning")
        if cap is None:
            log.warning("Captioning is not available: no model host is configured.")
        return cap

    def caption_selected(self) -> None:
        cap = self._captioner()
        if cap is not None:
            self.run_op(translate("MainWindow", "Caption"), cap.enqueue(self.selected_ids()))

    def caption_uncaptioned(self) -> None:
        cap = self._captioner()
        if cap is not None:
            self.run_op(translate("MainWindow", "Caption"), self._caption_uncaptioned(cap))

    async def _caption_uncaptioned(self, cap: Any) -> None:
        ids = await self.ctx.aread(queries.filter_ids, self.group_ops.expand(self.model.ids()), "uncaptioned", None)
        if not ids:
            self.status.say(translate("MainWindow", "Every photo in view already has a caption"))
            return
        await cap.enqueue(ids, if_still_missing=True)  # re-checked when queued: another run may caption them first

    def regenerate(self) -> None:
        cap = self._captioner()
        if cap is None:
            return
        from app.ui.dialogs.regenerate import RegenerateDialog  # noqa: PLC0415

        ids = self.selected_ids()
        dlg = RegenerateDialog(self.ctx.settings, self)
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dlg.accepted.connect(lambda: self.run_op(translate("MainWindow", "Regenerate"),
                                                 cap.enqueue(ids, force=True, priority=10, **dlg.params())))
        dlg.open()  # not exec(): a nested event loop under qasync stalls the asyncio loop

    def pause_queue(self) -> None:
        cap = self._captioner()
        if cap is not None:
            self.run_op(translate("MainWindow", "Pause"), cap.pause())

    def resume_queue(self) -> None:
        cap = self._captioner()
        if cap is not None:
            self.run_op(translate("MainWindow", "Resume"), cap.resume())

    def cancel_queue(self) -> None:
        cap = self._captioner()
        if cap is not None:
            self.run_op(translate("MainWindow", "Cancel"), cap.cancel())
