"""The detail pane: large upright preview, live caption editor, keyword chips, facts, flags, history.

It is a view only: it shows what the window hands it and emits what the person asked for (save an
edit, approve, reject, restore a version). Streaming text arrives through ``stream_*``; while the
model writes, the editor is read-only and follows the words as they come.
"""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPixmap, QResizeEvent, QTextCursor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QFrame,
    QGridLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.core.camera import camera_name
from app.core.jsontext import json_list
from app.ui.grounding_view import NamesHighlighter
from app.ui.widgets.caption_editor import CaptionEditor
from app.ui.video_badge import clock
from app.ui.widgets.keyframe_scrub import KeyframeScrub
from app.ui.widgets.chips import KeywordChips
from app.ui.widgets.detail_text import (FLAG_TEXT, STATE_TEXT, failure_text, file_size, flag_text, history_words,
                                        placeholder_text, state_text)
from app.ui.widgets import fact_text
from app.ui.widgets.preview import PreviewLabel

__all__ = ["DetailPane", "FLAG_TEXT", "PreviewLabel", "STATE_TEXT"]

class DetailPane(QWidget):
    """Everything about the selected photo."""

    saveRequested = Signal(int, str, list)  # photo id, text, keywords
    approveRequested = Signal()
    approveNextRequested = Signal()
    rejectRequested = Signal()
    restoreRequested = Signal(int, int)  # photo id, caption id
    resolveRequested = Signal()  # a conflict: open keep mine / take theirs
    leaveRequested = Signal()  # Esc in the caption or keyword field: back to the photos

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.photo_id: int | None = None
        self.photo: dict[str, Any] | None = None
        self.streaming = False
        self.compact = False
        self._loaded_text = ""
        self._loaded_keywords: list[str] = []

        self.preview = PreviewLabel()
        self.preview.setAccessibleName(self.tr("Preview"))
        self.title = QLabel()
        self.title.setWordWrap(True)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.state_label = QLabel()
        self.state_label.setWordWrap(True)  # a long state (a conflict) must not push the buttons off
        self.stack_label = QLabel()
        self.stack_label.setWordWrap(True)
        self.stack_label.hide()
        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #c62828;")
        self.error_label.hide()
        self.editor = CaptionEditor()
        self.editor.leave.connect(self.leaveRequested)
        self.editor.setAccessibleName(self.tr("Caption"))
        self.editor.setPlaceholderText(self.tr("No caption yet. Press C to caption this photo, or type one."))
        self.editor.setMinimumHeight(70)
        self.editor.setMaximumHeight(130)
        self.editor.textChanged.connect(self._update_dirty)
        self.names_highlighter = NamesHighlighter(self.editor)  # ungrounded names
        self.chips = KeywordChips()
        self.chips.leave.connect(self.leaveRequested)
        self.chips.changed.connect(lambda _k: self._update_dirty())
        self.save_btn = QPushButton(self.tr("Save edit"))
        self.save_btn.setToolTip(self.tr("Keep your edited caption and keywords (Ctrl+S)"))
        self.save_btn.clicked.connect(self._emit_save)
        self.approve_btn = QPushButton(self.tr("Approve"))
        self.approve_btn.setToolTip(self.tr("Approve this caption (A); Shift+A approves and moves to the next photo"))
        self.approve_btn.clicked.connect(self.approveRequested)
        self.next_btn = QPushButton(self.tr("Approve && next"))
        self.next_btn.clicked.connect(self.approveNextRequested)
        self.reject_btn = QPushButton(self.tr("Reject"))
        self.reject_btn.setToolTip(self.tr("Reject this caption (R)"))
        self.reject_btn.clicked.connect(self.rejectRequested)
        self.resolve_btn = QPushButton(self.tr("Resolve…"))
        self.resolve_btn.setToolTip(self.tr("Keep your caption or take the other app's text"))
        self.resolve_btn.clicked.connect(self.resolveRequested)
        self.resolve_btn.hide()
        buttons = QGridLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        self._buttons = buttons
        self._button_cols = 0
        self._place_buttons(4)
        self.stream_info = QLabel()
        self.stream_info.setStyleSheet("color: palette(mid);")
        self.facts = QFormLayout()
        self.facts.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        self._fact_labels: dict[str, QLabel] = {}
        for key, title in (("Date", self.tr("Date:")), ("Camera", self.tr("Camera:")), ("Place", self.tr("Place:")),
                           ("People", self.tr("People:")), ("Occasion", self.tr("Occasion:")),
                           ("Size", self.tr("Size:")), ("Model", self.tr("Model:")), ("Path", self.tr("Path:"))):
            lab = QLabel()
            lab.setWordWrap(True)
            lab.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self._fact_labels[key] = lab
            self.facts.addRow(title, lab)
        self.flags_label = QLabel()
        self.flags_label.setWordWrap(True)
        self.flags_label.setStyleSheet("color: #e65100;")
        self.history = QListWidget()
        self.history.setAccessibleName(self.tr("Caption history"))
        self.history.setMinimumHeight(90)
        self.history.setMaximumHeight(160)
        self.history.setWordWrap(True)  # whole lines, no sideways scrolling
        self.history.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.history.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.history.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.history.itemActivated.connect(lambda _i: self._emit_restore())
        self.restore_btn = QPushButton(self.tr("Restore this version"))
        self.restore_btn.clicked.connect(self._emit_restore)

        inner = QWidget()
        lay = QVBoxLayout(inner)
        lay.addWidget(self.preview)
        self.scrub = KeyframeScrub(self.preview.set_pixmap)  # a video: a slider over its keyframes
        lay.addWidget(self.scrub)
        lay.addWidget(self.title)
        lay.addWidget(self.state_label)
        lay.addWidget(self.stack_label)
        lay.addWidget(self.error_label)
        lay.addWidget(self.editor)
        lay.addWidget(self.stream_info)
        lay.addLayout(buttons)  # right under the caption: reachable without scrolling in small windows
        lay.addWidget(QLabel(self.tr("Keywords:")))
        lay.addWidget(self.chips)
        lay.addWidget(self.flags_label)
        lay.addLayout(self.facts)
        lay.addWidget(QLabel(self.tr("History:")))
        lay.addWidget(self.history)
        lay.addWidget(self.restore_btn)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # it reflows instead
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(inner)
        self.scroll = scroll
        self.inner = inner
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        self.show_photo(None)

    # -- layout -----------------------------------------------------------------------------
    def set_compact(self, compact: bool) -> None:
        """Small windows: a shorter preview; the buttons go on two rows when the pane is narrow."""
        if compact != self.compact:
            self.compact = compact
            self._fit()

    def _shown_buttons(self) -> list[QPushButton]:
        out = [self.save_btn, self.approve_btn, self.next_btn, self.reject_btn]
        return out + [self.resolve_btn] if not self.resolve_btn.isHidden() else out

    def _place_buttons(self, cols: int, force: bool = False) -> None:
        if cols == self._button_cols and not force:
            return
        self._button_cols = cols
        for b in (self.save_btn, self.approve_btn, self.next_btn, self.reject_btn, self.resolve_btn):
            self._buttons.removeWidget(b)
        for i, b in enumerate(self._shown_buttons()):
            self._buttons.addWidget(b, i // cols, i % cols)

    def _fit(self, force: bool = False) -> None:
        width = self.scroll.viewport().width() or self.width()
        buttons = self._shown_buttons()
        need = sum(b.sizeHint().width() for b in buttons) + 6 * len(buttons)
        cols = len(buttons) if width >= need + 40 else (3 if len(buttons) > 4 and width >= need * 3 // 5 + 40 else 2)
        self._place_buttons(cols, force)
        cap = 180 if self.compact else 460
        self.preview.setFixedHeight(max(120, min(cap, width * 3 // 4)))
        self.editor.setMaximumHeight(90 if self.compact else 130)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    # -- showing ----------------------------------------------------------------------------
    def show_photo(self, photo: dict[str, Any] | None, placeholder: QPixmap | None = None) -> None:
        """Show a photo's detail (from ``queries.photo_detail``), or an empty pane.

        The preview keeps a picture only if it is this photo's; otherwise it shows ``placeholder``
        (this photo's grid thumbnail) or nothing until ``set_preview`` brings the large picture."""
        # the same photo again (a caption arrived, counts refreshed) while the person types: keep the typing
        keep_typing = photo is not None and self.photo_id == int(photo["id"]) and self.is_dirty()
        self.photo = photo
        self.photo_id = int(photo["id"]) if photo else None
        if self.preview.photo_id != self.photo_id or self.photo_id is None:
            self.preview.set_pixmap(placeholder, self.photo_id)
        self.streaming = False
        enabled = photo is not None
        for w in (self.editor, self.chips, self.save_btn, self.approve_btn, self.next_btn, self.reject_btn,
                  self.history, self.restore_btn):
            w.setEnabled(enabled)
        self.editor.setReadOnly(False)
        self.stream_info.clear()
        self.scrub.show_for(photo)
        if photo is None:
            self.title.setText(self.tr("Select a photo"))
            self.state_label.clear()
            self.set_stack_note("")
            self._show_resolve(False)
            self._set_text("", [])
            self.error_label.hide()
            self.flags_label.clear()
            self.history.clear()
            for lab in self._fact_labels.values():
                lab.clear()
            self.names_highlighter.set_names([])
            return
        from app.ui.emoji_text import shown_name  # noqa: PLC0415

        self.title.setText(f"<b>{html.escape(shown_name(photo.get('filename') or ''))}</b>")
        state = photo.get("caption_state") or "none"
        self.editor.setPlaceholderText(placeholder_text(photo))
        self.state_label.setText(state_text(state))
        self._show_resolve(state == "conflict")
        if keep_typing:  # what the file now holds becomes the base; the typed text stays, still unsaved
            self._loaded_text, self._loaded_keywords = photo.get("caption") or "", json_list(photo.get("caption_keywords"))
            self._update_dirty()
        else:
            self._set_text(photo.get("caption") or "", json_list(photo.get("caption_keywords")))
        self.show_error(photo.get("error") if photo.get("state") == "error" else failure_text(photo))
        camera = camera_name(photo.get("camera_make"), photo.get("camera_model"))
        size = self.tr("{width} × {height} px, {size}").format(
            width=photo.get("width") or "?", height=photo.get("height") or "?", size=file_size(photo.get("size")))
        if photo.get("media") == "video":
            size = self.tr("video, {length}, {size}").format(length=clock(photo.get("duration")) or "?", size=size)
        model = photo.get("caption_model") or ""
        g = photo.get("grounding_facts") or {}
        grounding = photo.get("grounding")  # the facts themselves, worded here in the window's language
        facts = {"Date": fact_text.when_text(photo, grounding), "Camera": camera or self.tr("unknown", "a camera"),
                 "Place": fact_text.place_text(photo, grounding), "People": fact_text.people_text(grounding),
                 "Occasion": fact_text.occasion_text(grounding), "Size": size, "Model": model or "—",
                 "Path": photo.get("path", "")}
        self.names_highlighter.set_names(g.get("ungrounded") or [])
        for key, value in facts.items():
            self._fact_labels[key].setText(str(value))
        flags = json_list(photo.get("caption_flags"))
        self.flags_label.setText(self.tr("Flags: {flags}").format(flags="; ".join(flag_text(f) for f in flags))
                                 if flags else "")
        self.history.clear()
        for h in photo.get("history", []):
            first = (h.get("text") or "").strip().splitlines()[0] if (h.get("text") or "").strip() else self.tr("(empty)")
            item = QListWidgetItem(history_words(h, first))
            item.setToolTip(h.get("text") or "")
            item.setData(Qt.ItemDataRole.UserRole, int(h["id"]))
            if photo.get("caption_id") == h["id"]:
                f = item.font()
                f.setBold(True)
                item.setFont(f)
            self.history.addItem(item)

    def set_preview(self, photo_id: int, pm: QPixmap | None, *, full: bool = True) -> bool:
        """Show the picture decoded for ``photo_id``; dropped (False) if another photo is shown now."""
        if photo_id != self.photo_id:
            return False
        if pm is None and self.preview.photo_id == photo_id:
            return True  # could not decode: keep this photo's thumbnail rather than nothing
        self.preview.set_pixmap(pm, photo_id, full=full)
        return True

    def set_stack_note(self, note: str) -> None:
        """Under the state: what the stacked tile stands for (empty for a single photo)."""
        self.stack_label.setText(note)
        self.stack_label.setVisible(bool(note))

    def _show_resolve(self, show: bool) -> None:
        if self.resolve_btn.isHidden() == show:
            self.resolve_btn.setVisible(show)
            self._fit(force=True)

    def show_error(self, message: str | None) -> None:
        """An error about this photo, shown beside it (never a modal dialog)."""
        if message:
            from app.ui.plain import plain  # noqa: PLC0415

            self.error_label.setText(plain(message))
            self.error_label.show()
        else:
            self.error_label.hide()

    # -- live streaming ---------------------------------------------------------------------
    def stream_begin(self, photo_id: int) -> None:
        if photo_id != self.photo_id:
            return
        self.streaming = True
        self.editor.setReadOnly(True)
        self.editor.setPlainText("")
        self.chips.set_keywords([])
        self.state_label.setText(self.tr("The model is writing…"))
        self.stream_info.setText(self.tr("waiting for the first words…"))

    def stream_append(self, photo_id: int, delta: str) -> None:
        if photo_id != self.photo_id:
            return
        if not self.streaming:
            self.stream_begin(photo_id)
        cursor = self.editor.textCursor()
        cursor.movePosition(QTextCursor.MoveOperation.End)
        cursor.insertText(delta)
        self.editor.setTextCursor(cursor)
        self.editor.ensureCursorVisible()

    def stream_set(self, photo_id: int, text: str, keywords: list[str] | None = None) -> None:
        """Show the caption as it stands so far (the live view replaces, it does not append)."""
        if photo_id != self.photo_id:
            return
        if not self.streaming:
            self.stream_begin(photo_id)
        current = self.editor.toPlainText()
        if text.startswith(current):
            if len(text) > len(current):
                self.stream_append(photo_id, text[len(current):])
        else:
            self.editor.setPlainText(text)
            self.editor.moveCursor(QTextCursor.MoveOperation.End)
        if keywords is not None and keywords != self.chips.keywords():
            self.chips.set_keywords(keywords)

    def stream_stats(self, photo_id: int, text: str) -> None:
        if photo_id == self.photo_id:
            self.stream_info.setText(text)

    def stream_end(self, photo_id: int) -> None:
        if photo_id == self.photo_id:
            self.streaming = False
            self.editor.setReadOnly(False)
            self._update_dirty()

    # -- editing ----------------------------------------------------------------------------
    def _set_text(self, text: str, keywords: list[str]) -> None:
        self._loaded_text, self._loaded_keywords = text, list(keywords)
        self.editor.blockSignals(True)
        self.editor.setPlainText(text)
        self.editor.blockSignals(False)
        self.chips.set_keywords(keywords)
        self._update_dirty()

    def is_dirty(self) -> bool:
        return not self.streaming and (
            self.editor.toPlainText() != self._loaded_text or self.chips.keywords() != self._loaded_keywords
        )

    def _update_dirty(self) -> None:
        shown = self.photo_id is not None
        self.save_btn.setEnabled(shown and self.is_dirty())
        # Approving needs words (a draft, or what the person typed); rejecting needs a draft.
        state = (self.photo or {}).get("caption_state") or "none"
        has_text = bool(self.editor.toPlainText().strip())
        self.approve_btn.setEnabled(shown and has_text and not self.streaming)
        self.next_btn.setEnabled(shown and has_text and not self.streaming)
        self.reject_btn.setEnabled(shown and state == "draft" and not self.streaming)

    def _emit_save(self) -> None:
        if self.photo_id is not None and self.is_dirty():
            self.saveRequested.emit(self.photo_id, self.editor.toPlainText().strip(), self.chips.keywords())

    def _emit_restore(self) -> None:
        item = self.history.currentItem()
        if item is not None and self.photo_id is not None:
            self.restoreRequested.emit(self.photo_id, int(item.data(Qt.ItemDataRole.UserRole)))
