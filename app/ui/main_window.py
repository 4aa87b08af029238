"""The main window: sidebar | grid | detail, search on top, status bar and log panel below.

The window wires widgets to the app's services; it holds no workflow logic of its own. Every read
goes to the reader thread (``ctx.aread``), every write to the DB owner (``ctx.write``) or a
service; results come back to the main thread as awaited values inside tasks kept by ``ctx``.
"""

from __future__ import annotations

import asyncio
import logging
import os
from typing import Any, Awaitable

from PySide6.QtCore import QEvent, QItemSelectionModel, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QAction, QCloseEvent, QDesktopServices, QGuiApplication, QPixmap, QResizeEvent
from PySide6.QtWidgets import (
    QDockWidget,
    QFileDialog,
    QLabel,
    QLineEdit,
    QMainWindow,
    QSplitter,
    QTabWidget,
    QTreeView,
)

from app.core.fspath import from_row
from app.ui import queries, window_layout
from app.ui.context import AppContext
from app.ui.delegate import thumb_box
from app.ui.icons import icon
from app.ui.images import decode_preview, process_thumbs
from app.ui.models.photo_model import ID_ROLE, PhotoListModel
from app.ui import grounding_ops
from app.ui.models.sidebar_model import KEY_ROLE, SidebarModel
from app.ui.status_model import StatusModel
from app.ui.thumbs import ThumbnailLoader
from app.ui.widgets.detail_pane import DetailPane
from app.ui.widgets.grid import PhotoGrid
from app.ui.widgets.log_panel import LogPanel, QtLogHandler
from app.ui.widgets.status import HostLights, QueueStatus
from app.ui.window_actions import build_actions

log = logging.getLogger("albumwise.ui")

PREVIEW_EDGE = 1600


class MainWindow(QMainWindow):
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
        self.smart = "all"
        self.folder: str | None = None
        self.search_text = ""
        self._detail_gen = 0
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
        self.sidebar.setAccessibleName("Library and folders")
        self.sidebar.expandAll()
        self.detail = DetailPane()
        self.side_tabs = QTabWidget()
        self.side_tabs.addTab(self.detail, "Photo")
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
        self.search.setPlaceholderText("Search captions, keywords, places… (Ctrl+F)")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Search")
        self.search.addAction(icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        self.search.setMinimumWidth(220)
        self.count_label = QLabel()
        self.count_label.setAccessibleName("Result count")
        self._search_timer = QTimer(self, singleShot=True, interval=200)
        self._search_timer.timeout.connect(self.reload_ids)
        self.search.textChanged.connect(self._on_search_text)
        self.search.returnPressed.connect(self._on_search_enter)
        self._search_typing = True

        self.queue_status = QueueStatus()
        self.host_lights = HostLights()
        self.status = StatusModel(self.queue_status, self)
        self.status.changed.connect(self._update_actions)
        self.statusBar().addWidget(self.queue_status, 1)
        self.statusBar().addPermanentWidget(self.host_lights)
        self.host_lights.set_hosts(self._host_urls())

        self.log_panel = LogPanel(self.log_handler)
        self.log_dock = QDockWidget("Log", self)
        self.log_dock.setObjectName("LogDock")
        self.log_dock.setWidget(self.log_panel)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.log_dock)
        self.log_dock.hide()
        self.log_panel.errorLogged.connect(lambda m: self.status.say("⚠ " + m.split("  ", 2)[-1][:120]))

        self.viewer: PhotoViewer | None = None

        build_actions(self)
        grounding_ops.install(self)  # Folder → Context…
        self._batch_timer = QTimer(self, singleShot=True, interval=700)  # new photos while scanning
        self._batch_timer.timeout.connect(lambda: (self.reload_ids(), self.reload_counts()))
        self._detail_timer = QTimer(self, singleShot=True, interval=60)
        self._detail_timer.timeout.connect(self._load_current_detail)
        self.grid.selectionModel().currentChanged.connect(lambda *_: self._detail_timer.start())
        self.grid.selectionModel().selectionChanged.connect(lambda *_: self._on_selection())
        self.grid.viewRequested.connect(self.open_viewer)
        self.sidebar.selectionModel().currentChanged.connect(self._on_sidebar)
        self.model.countChanged.connect(self._on_count)
        self.detail.saveRequested.connect(self._on_save_edit)
        self.detail.approveRequested.connect(self.approve)
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

    def _on_selection(self) -> None:
        self._update_actions()
        n = len(self.grid.selectionModel().selectedIndexes())
        self.selection_label.setText(f"{n:,} selected" if n > 1 else "")
        if "review" in self.services:
            from app.ui.undo_flow import update_action  # noqa: PLC0415

            update_action(self)

    def _thumb_dir(self) -> Any:
        s = self.ctx.settings
        return os.path.expanduser(s.thumbnail_cache_dir) if s.thumbnail_cache_dir else self.ctx.paths.thumb_dir

    def action(self, name: str) -> QAction:
        return self.actions_by_name[name]

    def _update_actions(self) -> None:
        has = bool(self.selected_ids())
        for name in ("caption_selected", "regenerate", "approve", "approve_next", "reject", "edit", "copy",
                     "open_folder", "view", "chat"):
            self.action(name).setEnabled(has)
        state = self.status.state  # what the status bar shows is what the buttons allow
        running, paused = state == "running", state == "paused"
        self.action("pause").setEnabled(running and not paused)
        self.action("resume").setEnabled(paused)
        self.action("cancel").setEnabled(running or paused)

    # -- loading ----------------------------------------------------------------------------
    def start(self) -> None:
        """Kick off the first loads (called once the event loop runs)."""
        idx = self.sidebar_model.smart_index(self.smart)
        if self.sidebar.currentIndex() == idx:
            self.reload_ids()
        else:
            self.sidebar.setCurrentIndex(idx)  # _on_sidebar loads the photos (once: 100k ids cost)
        self.reload_counts()

    def reload_ids(self) -> None:
        self.ctx.spawn(self._reload_ids(), name="reload ids")

    async def _reload_ids(self) -> None:
        text = self.search.text().strip()
        self.search_text = text
        keep = self.current_id()
        if text:
            searcher = self.services.get("search")
            if searcher is None:
                log.warning("Search is not available in this build.")
                return
            try:
                ids = await searcher.search_ids(text, typing=self._search_typing)
            except Exception as exc:  # noqa: BLE001 - a bad query is a message, not a crash
                self.status.say(f"Search: {exc}", search=True)
                log.warning("search %r: %s", text, exc)
                return
            if text != self.search.text().strip():
                return  # the person kept typing; a newer search is coming
            ids = await self.ctx.aread(queries.filter_ids, ids, self.smart, self.folder)
            notices = getattr(searcher, "last_notices", [])
            self.model.matches = dict(getattr(searcher, "last_matches", {}))
            self.status.say(notices[0] if notices else f"{len(ids):,} found for “{text}”", search=True)
        else:
            self.status.search_cleared()
            self.model.matches = {}
            ids = await self.ctx.aread(queries.photo_ids, self.smart, self.folder)
        self.model.set_ids(await self.group_ops.apply(ids))  # bursts stacked into one tile
        self.grid.set_empty_text(self._empty_text(text))
        self.first_load.set()
        if ids:
            row = self.model.row_of(keep) if keep is not None else None
            self.select_row(row if row is not None else 0)
        else:
            self.detail.show_photo(None)

    def _empty_text(self, search: str) -> str:
        """What an empty grid tells the person (and what to do about it)."""
        if search:
            more = "" if not self._search_typing else " Press Enter to search by meaning too."
            return f"Nothing found for “{search}”.{more}"
        if self.folder:
            return f"No photos here ({os.path.basename(self.folder) or self.folder})."
        if self.smart != "all":
            return f"No photos in “{queries.SMART_LISTS.get(self.smart, ('this list',))[0]}”."
        return "No photos yet.\nAdd a folder of photos: File → Add photo folder… (Ctrl+O)."

    def reload_counts(self) -> None:
        self.ctx.spawn(self._reload_counts(), name="reload counts")

    async def _reload_counts(self) -> None:
        smart = await self.ctx.aread(queries.smart_counts)
        roots = await self.ctx.aread(queries.root_paths)
        folders = await self.ctx.aread(queries.folder_counts)
        current = self.sidebar.currentIndex().data(KEY_ROLE)
        self.sidebar_model.set_counts(smart, roots, folders)
        await grounding_ops.reload_sidebar(self)  # Places and People
        self.sidebar.expandAll()
        if current and current[0] == "smart":
            self.sidebar.setCurrentIndex(self.sidebar_model.smart_index(current[1]))

    def refresh_photos(self, ids: list[int]) -> None:
        """Some photos changed in the DB: re-read their cells, the detail pane and the counts."""
        self.model.refresh(ids)
        if self.current_id() in ids:
            self._load_current_detail()
        self.reload_counts()
        embed = self.services.get("embed")
        if embed is not None:
            embed.wake()  # changed captions need new meaning vectors

    def _on_count(self, n: int) -> None:
        if self.search_text:
            self.count_label.setText(f"{n:,} found")
        else:
            self.count_label.setText(f"{n:,} photos")

    def _on_search_text(self, _text: str) -> None:
        self._search_typing = True
        self._search_timer.start()

    def _on_search_enter(self) -> None:
        """Enter: search by meaning too (it may ask the embedding host), then go to the results."""
        self._search_timer.stop()
        self._search_typing = False
        self.reload_ids()
        self.grid.setFocus()

    def _on_sidebar(self, current, _previous=None) -> None:  # noqa: ANN001 - QModelIndex
        key = current.data(KEY_ROLE) if current.isValid() else None
        if not key:
            return
        kind, value = key
        if grounding_ops.on_sidebar(self, kind, value):  # Places / People → a search filter
            return
        if kind == "smart":
            self.smart, self.folder = value, None
        else:
            self.smart, self.folder = "all", value
        self.reload_ids()

    # -- selection and detail ---------------------------------------------------------------
    def current_id(self) -> int | None:
        idx = self.grid.currentIndex()
        return idx.data(ID_ROLE) if idx.isValid() else None

    def selected_ids(self) -> list[int]:
        rows = sorted(i.row() for i in self.grid.selectionModel().selectedIndexes())
        ids = [self.model.id_at(r) for r in rows]
        out = self.group_ops.expand([i for i in ids if i is not None])  # a stacked tile = its whole group
        if not out and self.current_id() is not None:
            out = [self.current_id()]  # type: ignore[list-item]
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

    def _load_current_detail(self) -> None:
        pid = self.current_id()
        self._detail_gen += 1
        if pid is None:
            self.detail.show_photo(None)
            return
        self.ctx.spawn(self._load_detail(pid, self._detail_gen), name="load detail")

    async def _load_detail(self, pid: int, gen: int) -> None:
        photo = await self.ctx.aread(queries.photo_detail, pid)
        if gen != self._detail_gen:
            return
        streaming = self.detail.streaming and self.detail.photo_id == pid
        if not streaming:
            self.detail.show_photo(photo)
            cap = self.services.get("captioning")
            if cap is not None and photo is not None:
                live = cap.live_text(pid)
                if live is not None:
                    self.detail.stream_begin(pid)
                    self.detail.stream_append(pid, live)
        if photo is None:
            return
        if not streaming or self.detail.preview._pixmap is None:
            pm, err = await self.load_picture(from_row(photo), PREVIEW_EDGE)
            if gen == self._detail_gen:
                self.detail.set_preview(pid, pm)
                if err and photo.get("state") != "error":
                    self.detail.show_error(f"Cannot show this photo: {err}")

    async def load_picture(self, path: str, edge: int) -> tuple[QPixmap | None, str]:
        """Decode on the CPU pool, convert to a pixmap here (main thread)."""
        loop = asyncio.get_running_loop()
        try:
            image = await loop.run_in_executor(self.ctx.cpu, decode_preview, path, edge)
        except Exception as exc:  # noqa: BLE001 - unreadable photo: say why beside it
            return None, str(exc) or exc.__class__.__name__
        return QPixmap.fromImage(image), ""

    # -- folder / files ---------------------------------------------------------------------
    def add_folder_dialog(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Choose a photo folder", os.path.expanduser("~"))
        if folder:
            self.add_folder(folder)

    def add_folder(self, folder: str) -> None:
        self.ctx.spawn(self._index([folder]), name="index folder")

    def rescan(self) -> None:
        self.ctx.spawn(self._index(None), name="rescan")

    async def _index(self, folders: list[str] | None) -> None:
        self.status.say("Looking for photos…")
        await self.services_ready.wait()  # services attach right after the first paint
        lib = self.services.get("library")
        if lib is None:
            log.warning("Indexing is not available in this build.")
            return
        lib.on_progress = lambda p: self.status.say(
            f"Looking for photos… {p.done:,}" + (f" of {p.total:,}" if p.total else ""))
        lib.on_batch = self._batch_timer.start
        try:
            summary = await lib.index(folders)
        except Exception as exc:  # noqa: BLE001
            log.error("Indexing failed: %s", exc)
            self.status.say(f"Indexing failed: {exc}")
            return
        self.status.say(summary or "Library up to date")
        self.reload_counts()
        self.reload_ids()

    def open_folder(self) -> None:
        pid = self.current_id()
        row = self.model.cached_row(pid) if pid is not None else None
        if row:
            QDesktopServices.openUrl(QUrl.fromLocalFile(row["folder"]))

    def copy_caption(self) -> None:
        text = self.detail.editor.toPlainText().strip()
        if text:
            QGuiApplication.clipboard().setText(text)
            self.status.say("Caption copied")

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def edit_caption(self) -> None:
        self.detail.editor.setFocus()

    # -- viewer (app.ui.viewer_ops) ---------------------------------------------------------
    def open_viewer(self) -> None:
        from app.ui.viewer_ops import open_viewer  # noqa: PLC0415

        open_viewer(self)

    # -- review -----------------------------------------------------------------------------
    def run_op(self, label: str, coro: Awaitable[Any], photo_ids: list[int] | None = None) -> "asyncio.Task[Any]":
        """Run an action; a failure is a message in the status bar, the log and beside the photo."""

        async def runner() -> Any:
            try:
                result = await coro
            except Exception as exc:  # noqa: BLE001 - one line, never a dialog
                msg = f"{label}: {exc}"
                log.warning(msg)
                self.status.say(msg)
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
            self.run_op("Approve", self._approve(rev, ids), ids)
        if then_next:
            row = self.grid.currentIndex().row()
            self.select_row(min(row + 1, self.model.rowCount() - 1))

    async def _approve(self, rev: Any, ids: list[int]) -> None:
        result = await rev.approve(ids)
        self.status.say(result.get("message", "Approved"))
        if result.get("needs_confirmation"):  # a draft naming what nothing supports: ask first
            from app.ui.approve_flow import ask  # noqa: PLC0415

            ask(self, rev, result["needs_confirmation"])
        self._on_selection()  # a write on approve changes what undo would undo

    def approve_and_next(self) -> None:
        self.approve(then_next=True)

    def reject(self) -> None:
        ids = self.selected_ids()
        if ids:
            self.run_op("Reject", self._reject(ids), ids)

    async def _reject(self, ids: list[int]) -> None:
        result = await self._review().reject(ids)
        n = len(result.get("done", []))
        self.status.say(f"Rejected {n:,} caption{'s' if n != 1 else ''}" if n else "Nothing to reject")

    def _on_save_edit(self, pid: int, text: str, keywords: list[str]) -> None:
        self.run_op("Save edit", self.group_ops.edit(pid, text, keywords), self.group_ops.expand([pid]))

    def _on_restore(self, pid: int, caption_id: int) -> None:
        self.run_op("Restore", self._review().restore(pid, caption_id), [pid])

    def write_approved(self) -> None:
        self.run_op("Write", self._write_approved())

    async def _write_approved(self) -> None:
        self.status.say("Writing approved captions into the files…")
        report = await self._review().write_approved(self.group_ops.expand(self.model.ids()))  # stacked too
        self.status.say(report.get("message", "Written"))
        self.refresh_photos(report.get("ids", []))
        self._on_selection()  # the undo action names the photo it would undo

    def resolve_conflict(self) -> None:
        from app.ui.dialogs.conflict import resolve_selected  # noqa: PLC0415 - keep mine / take theirs

        self.run_op("Resolve conflict", resolve_selected(self))

    def undo_write(self) -> None:
        from app.ui.undo_flow import undo_selected  # noqa: PLC0415

        undo_selected(self)

    # -- captioning (bridge in app.ui.caption_bridge) ---------------------------------------
    def _captioner(self) -> Any:
        cap = self.services.get("captioning")
        if cap is None:
            log.warning("Captioning is not available: no model host is configured.")
        return cap

    def caption_selected(self) -> None:
        cap = self._captioner()
        if cap is not None:
            self.run_op("Caption", cap.enqueue(self.selected_ids()))

    def caption_uncaptioned(self) -> None:
        cap = self._captioner()
        if cap is not None:
            self.run_op("Caption", self._caption_uncaptioned(cap))

    async def _caption_uncaptioned(self, cap: Any) -> None:
        ids = await self.ctx.aread(queries.filter_ids, self.group_ops.expand(self.model.ids()), "uncaptioned", None)
        if not ids:
            self.status.say("Every photo in view already has a caption")
            return
        await cap.enqueue(ids)

    def regenerate(self) -> None:
        cap = self._captioner()
        if cap is None:
            return
        from app.ui.dialogs.regenerate import RegenerateDialog  # noqa: PLC0415

        ids = self.selected_ids()
        dlg = RegenerateDialog(self.ctx.settings, self)
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dlg.accepted.connect(lambda: self.run_op("Regenerate", cap.enqueue(ids, force=True, priority=10, **dlg.params())))
        dlg.open()  # not exec(): a nested event loop under qasync stalls the asyncio loop

    def pause_queue(self) -> None:
        cap = self._captioner()
        if cap is not None:
            self.run_op("Pause", cap.pause())

    def resume_queue(self) -> None:
        cap = self._captioner()
        if cap is not None:
            self.run_op("Resume", cap.resume())

    def cancel_queue(self) -> None:
        cap = self._captioner()
        if cap is not None:
            self.run_op("Cancel", cap.cancel())

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
            self.side_tabs.addTab(chat, "Ask")
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
