"""Paints one grid cell: the thumbnail, a state badge and the caption's first line.

Everything it needs comes from the model's cache; a cell whose row has not arrived yet is drawn as
a quiet placeholder, so painting never waits.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPalette, QPen
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from app.ui import i18n, video_badge
from app.ui.glyphs import draw_stack_glyph
from app.ui.models.photo_model import (CAPTION_ROLE, CELL_ROLE, FLAGS_ROLE, GROUP_ROLE, MATCH_ROLE, ROW_ROLE,
                                      STATE_ROLE)

# flag combinations built once (an enum "|" per cell and paint showed up in profiles)
LINE = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextDontClip
CENTER = Qt.AlignmentFlag.AlignCenter

# state -> (badge text, colour); colours read well on light and dark backgrounds. The texts are
# translated when drawn (``badge_text``).
BADGES: dict[str, tuple[str, str]] = {
    "none": ("", "#888888"),
    "draft": (QT_TRANSLATE_NOOP("PhotoDelegate", "Review"), "#d08a00"),
    "approved": (QT_TRANSLATE_NOOP("PhotoDelegate", "Approved"), "#2e7d32"),
    "written": (QT_TRANSLATE_NOOP("PhotoDelegate", "In file"), "#1565c0"),
    "rejected": (QT_TRANSLATE_NOOP("PhotoDelegate", "Rejected"), "#6d4c41"),
    "failed": (QT_TRANSLATE_NOOP("PhotoDelegate", "Failed"), "#c62828"),
    "conflict": (QT_TRANSLATE_NOOP("PhotoDelegate", "Conflict"), "#e65100"),  # changed in another app after our write
    "error": (QT_TRANSLATE_NOOP("PhotoDelegate", "Unreadable"), "#c62828"),
    "running": (QT_TRANSLATE_NOOP("PhotoDelegate", "Captioning…"), "#7b1fa2"),
}

# the "none" badge is blank, but a part-captioned stack must say so
MIXED_NONE = QT_TRANSLATE_NOOP("PhotoDelegate", "Uncaptioned")
BY_MEANING = QT_TRANSLATE_NOOP("PhotoDelegate", "≈ by meaning")  # found by meaning only
_SHOWN: dict[tuple[int, str], str] = {}  # (translation generation, text) -> translated: painting is the hot path


def _shown(text: str) -> str:
    key = (i18n.generation(), text)
    out = _SHOWN.get(key)
    if out is None:
        out = _SHOWN[key] = QCoreApplication.translate("PhotoDelegate", text) if text else ""
    return out


def badge_text(state: str, share: str = "") -> str:
    """The state badge: "Review", or "Review 2/3" on a stack whose members are not all alike."""
    label = _shown(BADGES.get(state, ("", ""))[0] or (MIXED_NONE if share else ""))
    return f"{label} {share}" if share else label


CELL = QSize(200, 214)
THUMB = 176


def thumb_box(dpr: float = 1.0) -> QSize:
    """The pixels a cell's picture fills; thumbnails are scaled to it off the main thread."""
    return QSize(int(THUMB * dpr), int((THUMB - 28) * dpr))


class PhotoDelegate(QStyledItemDelegate):
    """A fixed-size cell (the view uses uniform item sizes, so layout costs nothing)."""

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        return CELL

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> None:
        painter.save()
        rect = option.rect.adjusted(4, 4, -4, -4)
        pal = option.palette
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        if selected:
            painter.fillRect(rect, pal.color(QPalette.ColorRole.Highlight))
        elif option.state & QStyle.StateFlag.State_MouseOver:
            painter.fillRect(rect, pal.color(QPalette.ColorRole.AlternateBase))
        thumb_rect = QRect(rect.x() + (rect.width() - THUMB) // 2, rect.y() + 4, THUMB, THUMB - 28)
        pm = index.data(Qt.ItemDataRole.DecorationRole)
        if pm is not None and not pm.isNull():
            dpr = pm.devicePixelRatio() or 1.0
            w, h = pm.width() / dpr, pm.height() / dpr
            scale = min(thumb_rect.width() / w, thumb_rect.height() / h, 1.0 * 4)
            tw, th = int(w * scale), int(h * scale)
            target = QRect(thumb_rect.x() + (thumb_rect.width() - tw) // 2,
                           thumb_rect.y() + (thumb_rect.height() - th) // 2, tw, th)
            if (tw, th) == (int(w), int(h)):  # already scaled by the loader: a plain copy, no filtering
                painter.drawPixmap(target.topLeft(), pm)
            else:
                painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
                painter.drawPixmap(target, pm)
        else:
            painter.fillRect(thumb_rect, pal.color(QPalette.ColorRole.Midlight))
        cell = index.data(CELL_ROLE)
        if cell is None:  # another model (or a row not loaded yet): ask role by role
            flagged = bool(index.data(FLAGS_ROLE))
            cell = (index.data(STATE_ROLE), index.data(CAPTION_ROLE) or "", flagged,
                    index.data(Qt.ItemDataRole.DisplayRole) or "", index.data(MATCH_ROLE), "")
        state, caption, flagged, name, match, share = cell
        text_color = pal.color(QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text)
        # badge
        if state and state in BADGES and (BADGES[state][0] or share):
            label, colour = badge_text(state, share), BADGES[state][1]
            font = QFont(option.font)
            font.setPointSizeF(max(7.0, font.pointSizeF() * 0.8))
            font.setBold(True)
            painter.setFont(font)
            fm = painter.fontMetrics()
            bw, bh = fm.horizontalAdvance(label) + 10, fm.height() + 2
            badge = QRect(thumb_rect.right() - bw - 2, thumb_rect.y() + 2, bw, bh)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(colour))
            painter.drawRoundedRect(badge, 4, 4)
            painter.setPen(QPen(QColor("white")))
            painter.drawText(badge, CENTER, label)
        _group_badge(painter, option, thumb_rect, index.data(GROUP_ROLE) or 0)
        video_badge.paint(painter, option, thumb_rect, index.data(ROW_ROLE))  # play mark and "0:12", or "LIVE"
        if match == "meaning":  # found by meaning only: say so (no word of it matched)
            font = QFont(option.font)
            font.setPointSizeF(max(7.0, font.pointSizeF() * 0.8))
            painter.setFont(font)
            fm = painter.fontMetrics()
            label = _shown(BY_MEANING)
            tag = QRect(thumb_rect.x() + 2, thumb_rect.bottom() - fm.height() - 3, fm.horizontalAdvance(label) + 10,
                        fm.height() + 2)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(0, 0, 0, 150))
            painter.drawRoundedRect(tag, 4, 4)
            painter.setPen(QPen(QColor("white")))
            painter.drawText(tag, CENTER, label)
        if flagged:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor("#e65100"))
            painter.drawEllipse(thumb_rect.x() + 4, thumb_rect.y() + 4, 10, 10)
        # caption first line (or the file name)
        painter.setFont(option.font)
        painter.setPen(text_color)
        fm = painter.fontMetrics()
        # Lines get their full line spacing and are never clipped: at fractional scales (125 %) a
        # rect of exactly fm.height() cut off the bottom row of pixels, where underscores are drawn.
        line = LINE
        text_rect = QRect(rect.x() + 4, thumb_rect.bottom() + 4, rect.width() - 8, fm.lineSpacing() + 1)
        painter.drawText(text_rect, line, fm.elidedText(caption or name, Qt.TextElideMode.ElideRight, text_rect.width()))
        if caption:
            small = QFont(option.font)
            small.setPointSizeF(max(7.0, small.pointSizeF() * 0.85))
            painter.setFont(small)
            fm2 = painter.fontMetrics()
            dim = QColor(text_color)
            dim.setAlpha(150)
            painter.setPen(dim)
            r2 = QRect(text_rect.x(), text_rect.bottom() + 2, text_rect.width(), fm2.lineSpacing() + 1)
            painter.drawText(r2, line, fm2.elidedText(name, Qt.TextElideMode.ElideMiddle, r2.width()))
        if option.state & QStyle.StateFlag.State_HasFocus:
            # the ring must show on the selection fill too (it is the Highlight colour itself)
            ring = pal.color(QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Highlight)
            painter.setPen(QPen(ring, 2, Qt.PenStyle.DashLine if selected else Qt.PenStyle.SolidLine))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(rect)
        painter.restore()


def _group_badge(painter: QPainter, option: QStyleOptionViewItem, thumb_rect: QRect, size: int) -> None:
    """A burst or duplicate group: two stacked frames and the count, at the thumbnail's bottom left.

    The frames are drawn, not a character: a symbol glyph (such as U+29C9) is missing from common
    UI fonts and showed as an empty box."""
    if size < 2:
        return
    font = QFont(option.font)
    font.setPointSizeF(max(7.0, font.pointSizeF() * 0.8))
    font.setBold(True)
    painter.setFont(font)
    label = str(size)
    fm = painter.fontMetrics()
    glyph = fm.ascent()  # the drawn frames are as tall as a capital letter
    bw, bh = glyph + fm.horizontalAdvance(label) + 14, fm.height() + 2
    badge = QRect(thumb_rect.x() + 2, thumb_rect.bottom() - bh - 2, bw, bh)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(0, 0, 0, 170))
    painter.drawRoundedRect(badge, 4, 4)
    draw_stack_glyph(painter, QRect(badge.x() + 5, badge.y() + (bh - glyph) // 2, glyph, glyph), QColor("white"))
    painter.setPen(QPen(QColor("white")))
    painter.drawText(badge.adjusted(glyph + 8, 0, -4, 0), Qt.AlignmentFlag.AlignCenter, label)
