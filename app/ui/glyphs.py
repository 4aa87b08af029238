"""Symbols the window draws itself, and the characters its texts may use.

Qt draws a character no installed font has as an empty box. Symbol and emoji characters (a check
mark, a warning sign, two joined squares) are missing from many systems' UI fonts, so the window
draws those shapes with ``QPainter`` and its texts keep to ``SAFE_CHARACTERS``: Latin-1 and the
punctuation every common UI font carries (DejaVu Sans, Noto Sans, Segoe UI, San Francisco, Cantarell).
``tests/ui/test_glyphs.py`` checks both.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRect, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen, QPixmap

# Beyond ASCII: Latin-1 letters and signs, and the typographic punctuation of the WGL4 set.
SAFE_CHARACTERS = frozenset(chr(c) for c in range(0xA0, 0x100)) | frozenset("–—‘’“”„•…‹›←→≈≤≥")

OK_GREEN, BAD_RED = "#2e7d32", "#c62828"


def unsafe_characters(text: str) -> set[str]:
    """The characters of ``text`` that a common UI font may lack (empty: it draws everywhere)."""
    return {c for c in text if ord(c) > 0x7E and c not in SAFE_CHARACTERS}


def draw_stack_glyph(painter: QPainter, rect: QRect, colour: QColor) -> None:
    """Two overlapping frames (a stack of photos) inside ``rect``."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    pen = QPen(colour, max(1.0, rect.height() / 9))
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    side = rect.height() * 0.68
    back = QRectF(rect.x() + rect.width() - side, rect.y(), side, side)
    front = QRectF(rect.x(), rect.y() + rect.height() - side, side, side)
    painter.drawRoundedRect(back, 1.5, 1.5)
    painter.setBrush(QColor(0, 0, 0, 170))  # the front frame hides the back one where they overlap
    painter.drawRoundedRect(front, 1.5, 1.5)
    painter.restore()


def _canvas(size: int, dpr: float) -> QPixmap:
    pm = QPixmap(int(size * dpr), int(size * dpr))
    pm.setDevicePixelRatio(dpr)
    pm.fill(Qt.GlobalColor.transparent)
    return pm


def mark_pixmap(ok: bool, size: int = 16, dpr: float = 1.0) -> QPixmap:
    """A green check mark (``ok``) or a red cross, drawn (no font needed)."""
    pm = _canvas(size, dpr)
    p = QPainter(pm)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setPen(QPen(QColor(OK_GREEN if ok else BAD_RED), size / 7, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap,
                  Qt.PenJoinStyle.RoundJoin))
    s = float(size)
    if ok:
        path = QPainterPath(QPointF(s * 0.18, s * 0.55))
        path.lineTo(QPointF(s * 0.42, s * 0.78))
        path.lineTo(QPointF(s * 0.84, s * 0.24))
        p.drawPath(path)
    else:
        p.drawLine(QPointF(s * 0.22, s * 0.22), QPointF(s * 0.78, s * 0.78))
        p.drawLine(QPointF(s * 0.78, s * 0.22), QPointF(s * 0.22, s * 0.78))
    p.end()
    return pm


def dot_pixmap(colour: str, size: int = 10, dpr: float = 1.0) -> QPixmap:
    """A filled circle (a host's light)."""
    pm = _canvas(size, dpr)
    p = QPainter(pm)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor(colour))
    p.drawEllipse(QRectF(0.5, 0.5, size - 1.0, size - 1.0))
    p.end()
    return pm


def warning_pixmap(size: int = 14, dpr: float = 1.0) -> QPixmap:
    """An amber triangle with an exclamation mark (an error in the status bar)."""
    pm = _canvas(size, dpr)
    p = QPainter(pm)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    s = float(size)
    tri = QPainterPath(QPointF(s / 2, s * 0.06))
    tri.lineTo(QPointF(s * 0.96, s * 0.92))
    tri.lineTo(QPointF(s * 0.04, s * 0.92))
    tri.closeSubpath()
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor("#f9a825"))
    p.drawPath(tri)
    p.setPen(QPen(QColor("black"), s / 9, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
    p.drawLine(QPointF(s / 2, s * 0.36), QPointF(s / 2, s * 0.62))
    p.drawPoint(QPointF(s / 2, s * 0.78))
    p.end()
    return pm
