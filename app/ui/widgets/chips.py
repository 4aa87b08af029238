"""Keywords as editable chips: each keyword a small button with ×, plus a field to add more."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLayout, QLayoutItem, QLineEdit, QSizePolicy, QToolButton, QWidget


class FlowLayout(QLayout):
    """Lays children out left to right, wrapping like words (the classic Qt example)."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 4) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self.setSpacing(spacing)
        self.setContentsMargins(0, 0, 0, 0)

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, i: int) -> QLayoutItem | None:
        return self._items[i] if 0 <= i < len(self._items) else None

    def takeAt(self, i: int) -> QLayoutItem | None:
        return self._items.pop(i) if 0 <= i < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._do_layout(QRect(0, 0, width, 0), test=True)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._do_layout(rect, test=False)

    def sizeHint(self) -> QSize:
        return self.minimumSize()

    def minimumSize(self) -> QSize:
        size = QSize()
        for item in self._items:
            size = size.expandedTo(item.minimumSize())
        return size

    def _do_layout(self, rect: QRect, *, test: bool) -> int:
        x, y, line_h = rect.x(), rect.y(), 0
        sp = self.spacing()
        for item in self._items:
            hint = item.sizeHint()
            if x + hint.width() > rect.right() and line_h > 0:
                x, y, line_h = rect.x(), y + line_h + sp, 0
            if not test:
                item.setGeometry(QRect(QPoint(x, y), hint))
            x += hint.width() + sp
            line_h = max(line_h, hint.height())
        return y + line_h - rect.y()


class _Entry(QLineEdit):
    """The add-a-keyword field: Esc leaves it (back to the photos)."""

    leave = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            event.accept()
            self.leave.emit()
            return
        super().keyPressEvent(event)


class KeywordChips(QWidget):
    """Shows keywords as chips; Enter in the field adds one, a chip's × (or Delete) removes it."""

    changed = Signal(list)
    leave = Signal()  # Esc in the field

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._keywords: list[str] = []
        self._layout = FlowLayout(self)
        self.entry = _Entry(self)
        self.entry.leave.connect(self.leave)
        self.entry.setPlaceholderText(self.tr("add keyword…"))
        self.entry.setAccessibleName(self.tr("Add keyword"))
        self.entry.setMaximumWidth(140)
        self.entry.returnPressed.connect(self._add_from_entry)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self._rebuild()

    def keywords(self) -> list[str]:
        return list(self._keywords)

    def set_keywords(self, keywords: list[str]) -> None:
        self._keywords = [k for k in dict.fromkeys(str(k).strip() for k in keywords) if k]
        self._rebuild()

    def add(self, keyword: str) -> None:
        keyword = keyword.strip()
        if keyword and keyword not in self._keywords:
            self._keywords.append(keyword)
            self._rebuild()
            self.changed.emit(self.keywords())

    def remove(self, keyword: str) -> None:
        if keyword in self._keywords:
            self._keywords.remove(keyword)
            self._rebuild()
            self.changed.emit(self.keywords())
            self.entry.setFocus()

    def _add_from_entry(self) -> None:
        for part in self.entry.text().split(","):
            self.add(part)
        self.entry.clear()

    def _rebuild(self) -> None:
        while self._layout.count():
            item = self._layout.takeAt(0)
            w = item.widget() if item else None
            if w is not None and w is not self.entry:
                w.deleteLater()
        for kw in self._keywords:
            chip = QToolButton(self)
            chip.setText(f"{kw}  ×")
            chip.setToolTip(self.tr("Remove keyword “{keyword}”").format(keyword=kw))
            chip.setAccessibleName(self.tr("Keyword {keyword}").format(keyword=kw))
            chip.setAutoRaise(False)
            chip.setStyleSheet("QToolButton { border-radius: 9px; padding: 1px 8px; }")
            chip.clicked.connect(lambda _=False, k=kw: self.remove(k))
            self._layout.addWidget(chip)
        self._layout.addWidget(self.entry)
        self.updateGeometry()
