"""The detail pane's picture: scaled to fit, and bound to the photo it shows."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt, Signal
from PySide6.QtGui import QPainter, QPaintEvent, QPixmap, QResizeEvent
from PySide6.QtWidgets import QFrame, QSizePolicy, QWidget


class PreviewLabel(QFrame):
    """Paints a pixmap scaled to fit, aspect kept. Its size never depends on the picture (a QLabel
    holding a pixmap cannot shrink below it, which cropped the preview in small windows), and its
    height is set by the pane, so portrait and landscape photos leave the buttons where they are."""

    grew = Signal()  # the box outgrew the decoded picture: decode again for the new size

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._pixmap: QPixmap | None = None
        self._scaled: QPixmap | None = None
        self.photo_id: int | None = None  # whose picture this is (None: no picture)
        self.full = False  # the large picture (False: the grid's thumbnail, shown while it decodes)
        self.setMinimumSize(120, 120)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)

    def sizeHint(self) -> QSize:
        return QSize(320, self.height() or 240)

    def set_pixmap(self, pm: QPixmap | None, photo_id: int | None = None, *, full: bool = False) -> None:
        """Show ``pm``, the picture of ``photo_id`` (None clears)."""
        self._pixmap = pm
        self.photo_id = photo_id if pm is not None else None
        self.full = full and pm is not None
        self._scaled = None
        self.update()

    def shown_rect(self) -> QRect:
        """Where the picture is drawn (empty without one)."""
        pm = self._pixmap
        if pm is None or pm.isNull():
            return QRect()
        size = pm.size().scaled(self.size(), Qt.AspectRatioMode.KeepAspectRatio)
        return QRect((self.width() - size.width()) // 2, (self.height() - size.height()) // 2,
                     size.width(), size.height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._scaled = None
        pm, dpr = self._pixmap, self.devicePixelRatioF()
        if self.full and pm is not None and pm.width() < self.width() * dpr * 0.9 and \
                pm.height() < self.height() * dpr * 0.9:
            self.full = False  # decoded for a smaller box: ask for a sharper one
            self.grew.emit()

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        target = self.shown_rect()
        if target.isEmpty():
            return
        dpr = self.devicePixelRatioF()
        if self._pixmap.size() == target.size() * dpr:
            self._scaled = self._pixmap  # decoded at this size already: no scaling on the main thread
            self._scaled.setDevicePixelRatio(dpr)
        elif self._scaled is None or self._scaled.size() != target.size() * dpr:
            self._scaled = self._pixmap.scaled(target.size() * dpr, Qt.AspectRatioMode.KeepAspectRatio,
                                               Qt.TransformationMode.SmoothTransformation)
            self._scaled.setDevicePixelRatio(dpr)
        p = QPainter(self)
        p.drawPixmap(target.topLeft(), self._scaled)
        p.end()

    def has_full(self, photo_id: int) -> bool:
        """Is ``photo_id``'s large picture shown (not just its thumbnail)?"""
        return self.full and self.photo_id == photo_id
