"""The main window: sidebar | grid | detail, search on top, status bar and log panel below.

The window wires widgets to the app's services; it holds no workflow logic of its own. Every read
goes to the reader thread (``ctx.aread``), every write to the DB owner (``ctx.write``) or a
service; results come back to the main thread as awaited values inside tasks kept by ``ctx``.
Its parts, one job each: ``window_browse`` (what the grid shows), ``window_detail`` (the selected
photo), ``window_review`` and ``window_caption`` (the actions), ``window_actions`` (menus and keys),
``window_layout`` (sizes).
"""

from __future__ import annotations

import asyncio
import logging
import os
from typing import Any

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QResizeEvent
from PySide6.QtWidgets import QDockWidget, QLabel, QLineEdit, QMainWindow, QSplitter, QTabWidget, QTreeView

from app.ui import grounding_ops, window_layout
from app.ui.context import AppContext
from app.ui.delegate import thumb_box
from app.ui.icons import icon
from app.ui.images import process_thumbs
from app.ui.models.photo_model import PhotoListModel
from app.ui.models.sidebar_model import SidebarModel
from app.ui.status_model import StatusModel
from app.ui.thumbs import ThumbnailLoader
from app.ui.widgets.detail_pane import DetailPane
from app.ui.widgets.grid import PhotoGrid
from app.ui.widgets.log_panel import LogPanel, QtLogHandler
from app.ui.widgets.status import HostLights, QueueStatus
from app.ui.window_actions import build_actions
from app.ui.window_browse import BrowseMixin
from app.ui.window_caption import CaptionMixin
from app.ui.window_detail import PREVIEW_EDGE, DetailMixin
from app.ui.window_review import ReviewMixin

log = logging.getLogger("albumwise.ui")

__all__ = ["MainWindow", "PREVIEW_EDGE"]


class MainWindow(BrowseMixin, DetailMixin, ReviewMixin, CaptionMixin, QMainWindow):
    """Browse, caption, review and search in one window."""

    closing = Signal()  # the person closed the window: the app shuts down cleanly

    def __init__(self, ctx: AppContext, *, log_handler: QtLogHandler | None = None,
                 thumbs: ThumbnailLoader | None = None) -> None:
        super().__init__()
        self.ctx = ctx
        self.setWindowTitle("Albumwise")
        self.setObjectName("MainWindow")
        self.log_handler = log_handler or QtLogHandler()
        self.thumbs = thumbs or ThumbnailLoader(process_thumbs(str(self._thumb_dir())), cache_items=600,
                                                fit=thumb_box(self.devicePixelRatioF()), parent=self)
        self._init_browse()
        self._init_detail()
        self._closing = False
        self.services: dict[str, Any] = {}
        self.first_load = asyncio.Event()  # set once the first photos are in the grid
        self.services_ready = asyncio.Event()  # set by wiring.attach_services

        # -- widgets ------------------------------------------------------------------------
        self.model = PhotoListModel(ctx.read, thumbs=self.thumbs, parent=self)
        self.grid = PhotoGrid()
        self.grid.setModel(self.model)
        self.sidebar_model = SidebarModel(self)
        self.sidebar = QTreeView()
        self.sidebar.setModel(self.sidebar_model)
        self.sidebar.setHeaderHidden(True)
        self.sidebar.setAccessibleName(self.tr("Library and folders"))
        self.sidebar.expandAll()
        self.detail = DetailPane()
        self.side_tabs = QTabWidget()
        self.side_tabs.addTab(self.detail, self.tr("Photo"))
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("MainSplitter")
        self.splitter.addWidget(self.sidebar)
        self.splitter.addWidget(self.grid)
        self.splitter.addWidget(self.side_tabs)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setStretchFactor(2, 2)
        self.splitter.setSizes([220, 760, 420])
        self.setCentralWidget(self.splitter)

        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Search captions, keywords, places… (Ctrl+F)"))
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName(self.tr("Search"))
        self.search.addAction(icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        self.search.setMinimumWidth(220)
        self.count_label = QLabel()
        self.count_label.setAccessibleName(self.tr("Result count"))
        self._search_timer = QTimer(self, singleShot=True, interval=200)
        self._search_timer.timeout.connect(self.reload_ids)
        self.search.textChanged.connect(self._on_search_text)
        self.search.returnPressed.connect(self._on_search_enter)

        self.queue_status = QueueStatus()
        self.host_lights = HostLights()
        self.status = StatusModel(self.queue_status, self)
        self.status.changed.connect(self._update_actions)
        self.statusBar().addWidget(self.queue_status, 1)
        self.statusBar().addPermanentWidget(self.host_lights)
        self.host_lights.set_hosts(self._host_urls())

        self.log_panel = LogPanel(self.log_handler)
        self.log_dock = QDockWidget(self.tr("Log"), self)
        self.log_dock.setObjectName("LogDock")
        self.log_dock.setWidget(self.log_panel)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.log_dock)
        self.log_dock.hide()
        self.log_panel.errorLogged.connect(lambda m: self.status.say(m.split("  ", 2)[-1][:120], error=True))

        self.viewer: Any = None  # the full-size viewer, made on first use (viewer_ops)

        build_actions(self)
        grounding_ops.install(self)  # Folder → Context…
        self._batch_timer = QTimer(self, singleShot=True, interval=700)  # new photos while scanning
        self._batch_timer.timeout.connect(lambda: (self.reload_ids(), self.reload_counts()))
        self._detail_timer = QTimer(self, singleShot=True, interval=60)
        self._detail_timer.timeout.connect(self._load_current_detail)
        self.grid.selectionModel().currentChanged.connect(lambda *_: self._detail_timer.start())
        self.detail.preview.grew.connect(self._sharper_preview)  # a bigger pane: a sharper picture
        self.grid.selectionModel().selectionChanged.connect(lambda *_: self._on_selection())
        self.grid.viewRequested.connect(self.open_viewer)
        self.sidebar.selectionModel().currentChanged.connect(self._on_sidebar)
        self.model.countChanged.connect(self._on_count)
        self.detail.saveRequested.connect(self._on_save_edit)
        self.detail.leaveRequested.connect(self.focus_grid)  # Esc in the caption editor
        self.detail.approveRequested.connect(self.approve)
        self.detail.resolveRequested.connect(self.resolve_conflict)
        self.detail.approveNextRequested.connect(self.approve_and_next)
        self.detail.rejectRequested.connect(self.reject)
        self.detail.restoreRequested.connect(self._on_restore)
        window_layout.restore_layout(self)
        self._update_actions()

    def _host_urls(self) -> list[str]:
        from app.captioning.hosts import resolve_hosts  # noqa: PLC0415 - one place decides the hosts

        return [h.url for h in resolve_hosts(self.ctx.settings)]

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and hasattr(self, "actions_by_name"):
            from app.ui.window_actions import retint_icons  # noqa: PLC0415

            retint_icons(self)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        window_layout.reflow(self)

    def _thumb_dir(self) -> Any:
        s = self.ctx.settings
        return os.path.expanduser(s.thumbnail_cache_dir) if s.thumbnail_cache_dir else self.ctx.paths.thumb_dir

    def action(self, name: str) -> QAction:
        return self.actions_by_name[name]

    def _update_actions(self) -> None:
        has = self.has_selection()
        for name in ("caption_selected", "regenerate", "approve", "approve_next", "reject", "edit", "copy",
                     "open_folder", "view", "chat"):
            self.action(name).setEnabled(has)
        state = self.status.state  # what the status bar shows is what the buttons allow
        running, paused = state == "running", state == "paused"
        self.action("pause").setEnabled(running and not paused)
        self.action("resume").setEnabled(paused)
        self.action("cancel").setEnabled(running or paused)

    # -- panes and dialogs ------------------------------------------------------------------
    def open_settings(self) -> None:
        from app.ui.dialogs.settings_dialog import SettingsDialog  # noqa: PLC0415

        dlg = SettingsDialog(self.ctx, self)
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dlg.accepted.connect(lambda: self.apply_settings(dlg.result_settings()))
        dlg.open()
        self.settings_dialog = dlg

    def apply_settings(self, settings: Any) -> None:
        """Save new settings (JSON) and let the parts that depend on them know."""
        self.ctx.save_settings(settings)
        self.host_lights.set_hosts(self._host_urls())
        cap = self.services.get("captioning")
        if cap is not None:
            cap.settings_changed(self.ctx.settings)
        embed = self.services.get("embed")
        if embed is not None:
            self.ctx.spawn(embed.start(), name="meaning search vectors")

    def open_chat(self) -> None:
        chat = self.services.get("chat_pane")
        if chat is None:
            from app.ui.widgets.chat_pane import ChatPane  # noqa: PLC0415

            chat = ChatPane(self.ctx, self)
            self.services["chat_pane"] = chat
            self.side_tabs.addTab(chat, self.tr("Ask"))
        self.side_tabs.setCurrentWidget(chat)
        chat.set_photo(self.current_id(), self.model.cached_row(self.current_id() or -1))
        chat.input.setFocus()

    def open_compare(self) -> None:
        from app.ui.dialogs.compare import CompareDialog  # noqa: PLC0415

        dlg = CompareDialog(self.ctx, self.selected_ids(), self)
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)  # a day of comparisons must not pile up
        dlg.show()
        self.compare_dialog = dlg

    # -- closing ----------------------------------------------------------------------------
    def save_layout(self) -> None:
        window_layout.save_layout(self)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_layout()
        self._closing = True
        if self.viewer is not None:
            self.viewer.close()
        super().closeEvent(event)
        self.closing.emit()
