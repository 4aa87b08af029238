"""The caption field: plain text where Tab moves on and Esc goes back to the photos.

A caption is one paragraph, so Tab never inserts a tab character; it moves focus like in any form.
Esc always leaves the field (keeping what was typed, unsaved, with Save enabled), so keyboard review
is never trapped in it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QWidget

ALT_TEXT_MAX = 250  # what IPTC recommends for alt text


def _left_on_escape(editor: CaptionEditor | AltTextEditor, event: QKeyEvent) -> bool:
    """Esc leaves the field for the grid (the ``leave`` signal); True when it did."""
    if event.key() != Qt.Key.Key_Escape:
        return False
    event.accept()
    editor.leave.emit()
    return True


class CaptionEditor(QPlainTextEdit):
    leave = Signal()  # Esc: back to the grid

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTabChangesFocus(True)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not _left_on_escape(self, event):
            super().keyPressEvent(event)


class AltTextEditor(QLineEdit):
    """The alt text field: one plain sentence of at most 250 characters; Esc goes back like the caption."""

    leave = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMaxLength(ALT_TEXT_MAX)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not _left_on_escape(self, event):
            super().keyPressEvent(event)
