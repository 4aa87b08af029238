"""Render the app icon SVG into the PNG sizes desktops expect, plus .ico (Windows) and .icns (macOS).

Why a script instead of committed-only PNGs: the SVG is the single source; run this after editing it.
Usage: .venv/bin/python packaging/make_icons.py [--svg resources/icons/albumwise.svg] [--out resources/icons]
Uses Qt's SVG renderer offscreen (no display needed) and Pillow for the .ico/.icns containers.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def render_pngs(svg: Path, out: Path, sizes: tuple[int, ...] = SIZES) -> list[Path]:
    """Write ``albumwise-<N>.png`` for each size; returns the paths written."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt  # noqa: PLC0415 - build-time tool, Qt only here
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"make_icons: cannot read SVG {svg}")
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for size in sizes:
        image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        path = out / f"albumwise-{size}.png"
        if not image.save(str(path), "PNG"):
            raise SystemExit(f"make_icons: cannot write {path}")
        written.append(path)
    return written


def write_containers(out: Path) -> None:
    """Bundle the PNGs into albumwise.ico and albumwise.icns for the Windows/macOS builds."""
    from PIL import Image  # noqa: PLC0415

    big = Image.open(out / "albumwise-256.png").convert("RGBA")
    big.save(out / "albumwise.ico", sizes=[(s, s) for s in (16, 24, 32, 48, 64, 128, 256)])
    Image.open(out / "albumwise-512.png").convert("RGBA").save(out / "albumwise.icns")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--svg", type=Path, default=REPO / "resources" / "icons" / "albumwise.svg")
    parser.add_argument("--out", type=Path, default=REPO / "resources" / "icons")
    args = parser.parse_args(argv)
    paths = render_pngs(args.svg, args.out)
    write_containers(args.out)
    print(f"wrote {len(paths)} PNGs, albumwise.ico and albumwise.icns to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
