"""The grid's mark on a video: a play triangle and "0:12" at the thumbnail's bottom right, "LIVE" on a
Live Photo. The triangle is drawn, not a font character (many UI fonts lack it)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QPointF, QRect, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen, QPolygonF
from PySide6.QtWidgets import QStyleOptionViewItem

from app.library import video_probe


def clock(seconds: float | None) -> str:
    """0:07, 1:02:03 ("" when the length is unknown: the badge then shows the play mark alone)."""
    return "" if seconds is None else video_probe.clock(seconds)


def label_for(row: dict[str, Any] | None) -> str:
    """What the cell says about the item's motion ("" for a still photo)."""
    if not row:
        return ""
    if row.get("media") == "video":
        return clock(row.get("duration"))
    if row.get("live_clips"):
        return QCoreApplication.translate("PhotoDelegate", "LIVE", "a Live Photo's badge")
    return ""


def is_video(row: dict[str, Any] | None) -> bool:
    return bool(row) and row.get("media") == "video"


def paint(painter: QPainter, option: QStyleOptionViewItem, thumb_rect: QRect, row: dict[str, Any] | None) -> None:
    label = label_for(row)
    video = is_video(row)
    if not label and not video:
        return
    font = QFont(option.font)
    font.setPointSizeF(max(7.0, font.pointSizeF() * 0.8))
    font.setBold(True)
    painter.setFont(font)
    fm = painter.fontMetrics()
    bh = fm.height() + 2
    tri = int(bh * 0.5) if video else 0
    gap = 4 if video and label else 0
    bw = fm.horizontalAdvance(label) + tri + gap + 10
    badge = QRect(thumb_rect.right() - bw - 2, thumb_rect.bottom() - bh - 2, bw, bh)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(0, 0, 0, 170))
    painter.drawRoundedRect(badge, 4, 4)
    if video:
        x, cy = badge.left() + 5.0, badge.center().y() + 0.5
        painter.setBrush(QColor("white"))
        painter.drawPolygon(QPolygonF([QPointF(x, cy - tri / 2), QPointF(x + tri * 0.87, cy), QPointF(x, cy + tri / 2)]))
    painter.setPen(QPen(QColor("white")))
    text_rect = badge.adjusted(5 + tri + gap, 0, -5, 0)
    painter.drawText(text_rect, Qt.AlignmentFlag.AlignCenter, label)
