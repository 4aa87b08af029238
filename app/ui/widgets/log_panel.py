"""The log panel: errors and notices collected in one place instead of a stream of modal dialogs.

A ``logging.Handler`` keeps the last records in a ring buffer (Picard's TailLogger) and hands each
to the panel through a queued signal, so any thread may log.
"""

from __future__ import annotations

import logging
from collections import deque

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QColor, QTextCharFormat
from PySide6.QtWidgets import QPlainTextEdit, QWidget


class _Emitter(QObject):
    record = Signal(str, int)


CHATTY = ("httpx", "httpcore", "urllib3", "asyncio", "PIL")  # libraries that log every request at INFO


def _not_chatter(record: logging.LogRecord) -> bool:
    """The panel is for the person: a library's routine lines ("HTTP Request: POST …") stay out,
    its warnings and errors stay in."""
    return record.levelno >= logging.WARNING or record.name.split(".")[0] not in CHATTY


class QtLogHandler(logging.Handler):
    """Forwards log records (from any thread) to the panel; keeps the last ``capacity`` lines."""

    def __init__(self, capacity: int = 2000, level: int = logging.INFO) -> None:
        super().__init__(level)
        self.lines: deque[tuple[str, int]] = deque(maxlen=capacity)
        self.emitter = _Emitter()
        self.setFormatter(logging.Formatter("%(asctime)s  %(levelname)s  %(message)s", "%H:%M:%S"))
        self.addFilter(_not_chatter)

    def emit(self, record: logging.LogRecord) -> None:
        try:
            msg = self.format(record).splitlines()[0] if record.exc_info is None else (
                f"{self.formatter.formatTime(record, '%H:%M:%S')}  {record.levelname}  {record.getMessage()}"  # type: ignore[union-attr]
            )
            self.lines.append((msg, record.levelno))
            self.emitter.record.emit(msg, record.levelno)
        except RuntimeError:  # the app is shutting down
            pass
        except Exception:  # noqa: BLE001 - logging must never raise
            self.handleError(record)


class LogPanel(QPlainTextEdit):
    """Read-only list of log lines; errors in red, warnings in orange."""

    errorLogged = Signal(str)

    def __init__(self, handler: QtLogHandler, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        self.setMaximumBlockCount(2000)
        self.setAccessibleName(self.tr("Log"))
        self.setPlaceholderText(self.tr("Problems and notices appear here."))
        for msg, level in list(handler.lines):
            self.add_line(msg, level)
        handler.emitter.record.connect(self.add_line, Qt.ConnectionType.QueuedConnection)

    def add_line(self, msg: str, level: int) -> None:
        fmt = QTextCharFormat()
        if level >= logging.ERROR:
            fmt.setForeground(QColor("#c62828"))
        elif level >= logging.WARNING:
            fmt.setForeground(QColor("#e65100"))
        cursor = self.textCursor()
        cursor.movePosition(cursor.MoveOperation.End)
        if not self.document().isEmpty():
            cursor.insertBlock()
        cursor.insertText(msg, fmt)
        self.ensureCursorVisible()
        if level >= logging.ERROR:
            self.errorLogged.emit(msg)
