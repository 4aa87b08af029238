"""The grid's mark on a video: "▶ 0:12" at the thumbnail's bottom right, "LIVE" on a Live Photo."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QRect, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import QStyleOptionViewItem


def clock(seconds: float | None) -> str:
    if seconds is None:
        return ""
    s = int(round(seconds))
    h, rest = divmod(s, 3600)
    m, sec = divmod(rest, 60)
    return f"{h}:{m:02d}:{sec:02d}" if h else f"{m}:{sec:02d}"


def label_for(row: dict[str, Any] | None) -> str:
    """What the cell says about the item's motion ("" for a still photo)."""
    if not row:
        return ""
    if row.get("media") == "video":
        return f"▶ {clock(row.get('duration'))}".rstrip()
    if row.get("live_clips"):
        return QCoreApplication.translate("PhotoDelegate", "LIVE", "a Live Photo's badge")
    return ""


def paint(painter: QPainter, option: QStyleOptionViewItem, thumb_rect: QRect, row: dict[str, Any] | None) -> None:
    label = label_for(row)
    if not label:
        return
    font = QFont(option.font)
    font.setPointSizeF(max(7.0, font.pointSizeF() * 0.8))
    font.setBold(True)
    painter.setFont(font)
    fm = painter.fontMetrics()
    bw, bh = fm.horizontalAdvance(label) + 10, fm.height() + 2
    badge = QRect(thumb_rect.right() - bw - 2, thumb_rect.bottom() - bh - 2, bw, bh)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(0, 0, 0, 170))
    painter.drawRoundedRect(badge, 4, 4)
    painter.setPen(QPen(QColor("white")))
    painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, label)
