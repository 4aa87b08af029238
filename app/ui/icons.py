"""SVG icons tinted to the current palette, so they stay crisp on high-DPI screens and readable in
light and dark themes. The SVGs in ``resources/icons`` draw with ``currentColor``."""

from __future__ import annotations

from functools import lru_cache

from PySide6.QtCore import QByteArray, QSize, Qt
from PySide6.QtGui import QGuiApplication, QIcon, QImage, QPainter, QPalette, QPixmap
from PySide6.QtSvg import QSvgRenderer

from app.resources import resource_path


@lru_cache(maxsize=256)
def _svg_text(name: str) -> str | None:
    path = resource_path("icons", f"{name}.svg")
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        return None


def _render(svg: str, color: str, size: int, dpr: float) -> QPixmap:
    renderer = QSvgRenderer(QByteArray(svg.replace("currentColor", color).encode("utf-8")))
    px = max(1, int(size * dpr))
    image = QImage(px, px, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    pm = QPixmap.fromImage(image)
    pm.setDevicePixelRatio(dpr)
    return pm


def icon(name: str) -> QIcon:
    """A theme-coloured icon from ``resources/icons/<name>.svg`` (an empty icon if missing)."""
    svg = _svg_text(name)
    if svg is None:
        return QIcon()
    app = QGuiApplication.instance()
    pal = app.palette() if app is not None else QPalette()  # type: ignore[union-attr]
    dpr = app.devicePixelRatio() if app is not None else 1.0  # type: ignore[union-attr]
    normal = pal.color(QPalette.ColorRole.WindowText).name()
    disabled = pal.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText).name()
    result = QIcon()
    for size in (16, 24, 32):
        result.addPixmap(_render(svg, normal, size, max(1.0, dpr)), QIcon.Mode.Normal)
        result.addPixmap(_render(svg, disabled, size, max(1.0, dpr)), QIcon.Mode.Disabled)
    return result


def icon_size() -> QSize:
    return QSize(20, 20)
