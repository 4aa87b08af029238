"""The thumbnail grid: a ``QListView`` in icon mode with uniform cells (layout costs nothing)."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QListView, QWidget

from app.ui.delegate import CELL, PhotoDelegate


class PhotoGrid(QListView):
    """Arrow and page keys move; Space asks for the full-size viewer."""

    viewRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setViewMode(QListView.ViewMode.IconMode)
        self.setUniformItemSizes(True)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setMovement(QListView.Movement.Static)
        self.setWrapping(True)
        self.setFlow(QListView.Flow.LeftToRight)
        self.setLayoutMode(QListView.LayoutMode.Batched)
        self.setBatchSize(2000)
        self.setGridSize(CELL)
        self.setIconSize(QSize(176, 150))
        self.setSpacing(0)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.verticalScrollBar().setSingleStep(40)
        self.setItemDelegate(PhotoDelegate(self))
        self.setMouseTracking(True)
        self.setAccessibleName("Photos")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.doubleClicked.connect(lambda _i: self.viewRequested.emit())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Space and not event.modifiers():
            self.viewRequested.emit()
            event.accept()
            return
        super().keyPressEvent(event)
