"""Full-size viewer (Space): the photo as large as the screen allows; arrows move, Esc closes."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QPixmap
from PySide6.QtWidgets import QDialog, QLabel, QVBoxLayout, QWidget

from app.ui.widgets.detail_pane import PreviewLabel


class PhotoViewer(QDialog):
    """Shows one picture; ``stepRequested(+1/-1)`` asks the window for the next/previous photo."""

    stepRequested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Photo"))
        self.setModal(False)
        self.photo_id: int | None = None
        self.image = PreviewLabel()
        self.note = QLabel()  # "Loading…", or why the picture cannot be shown (the picture label has no text)
        self.note.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.caption = QLabel()
        self.caption.setWordWrap(True)
        self.caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
        lay = QVBoxLayout(self)
        lay.addWidget(self.image, 1)
        lay.addWidget(self.note)
        lay.addWidget(self.caption)
        self.resize(1100, 800)

    def show_photo(self, photo_id: int, title: str, caption: str) -> None:
        self.photo_id = photo_id
        self.setWindowTitle(title)
        self.caption.setText(caption or "")
        self.image.set_pixmap(None)
        self.note.setText(self.tr("Loading…"))
        self.note.show()

    def set_pixmap(self, photo_id: int, pm: QPixmap | None, error: str = "") -> None:
        if photo_id != self.photo_id:
            return
        self.note.setText(error)
        self.note.setVisible(bool(error))
        self.image.set_pixmap(pm)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Right, Qt.Key.Key_Down, Qt.Key.Key_PageDown):
            self.stepRequested.emit(1)
        elif key in (Qt.Key.Key_Left, Qt.Key.Key_Up, Qt.Key.Key_PageUp):
            self.stepRequested.emit(-1)
        elif key in (Qt.Key.Key_Space, Qt.Key.Key_Escape):
            self.close()
        else:
            super().keyPressEvent(event)
