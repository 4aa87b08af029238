"""No empty boxes in the window: its texts use only characters every common UI font has, and the
symbols it needs (check marks, the stack badge, host lights, the warning sign) are drawn."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QFont, QFontMetrics, QImage, QPainter

from app.ui.glyphs import SAFE_CHARACTERS, draw_stack_glyph, mark_pixmap, unsafe_characters

UI = Path(__file__).resolve().parents[2] / "app" / "ui"
EXEMPT = {"emoji_text.py"}  # it names emoji characters in order to replace them


def _strings(path: Path) -> list[tuple[int, str]]:
    """String constants in the code (docstrings are for contributors, not drawn)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docs = {id(n.body[0].value) for n in ast.walk(tree)
            if isinstance(n, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and n.body
            and isinstance(n.body[0], ast.Expr) and isinstance(n.body[0].value, ast.Constant)}
    return [(n.lineno, n.value) for n in ast.walk(tree)
            if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docs]


def test_window_texts_use_only_safe_characters() -> None:
    bad = []
    for path in sorted(UI.rglob("*.py")):
        if path.name in EXEMPT:
            continue
        for line, text in _strings(path):
            chars = unsafe_characters(text)
            if chars:
                bad.append(f"{path.relative_to(UI)}:{line}: {''.join(sorted(chars))!r} in {text[:40]!r}")
    assert not bad, "\n".join(bad)


def test_the_safe_characters_are_in_the_ui_font(qapp: Any) -> None:
    """Here, at least: the font the window uses draws every character the texts may use."""
    fm = QFontMetrics(QFont(qapp.font()))
    missing = [c for c in SAFE_CHARACTERS if c.isprintable() and not c.isspace() and not fm.inFontUcs4(ord(c))]
    assert not missing, "".join(missing)


@pytest.mark.parametrize("ok", [True, False])
def test_drawn_marks_have_ink(qapp: Any, ok: bool) -> None:
    image = mark_pixmap(ok, 16).toImage()
    inked = sum(1 for x in range(16) for y in range(16) if image.pixelColor(x, y).alpha() > 0)
    assert 10 < inked < 200
    canvas = QImage(20, 20, QImage.Format.Format_ARGB32)
    canvas.fill(0)
    p = QPainter(canvas)
    from PySide6.QtCore import QRect
    from PySide6.QtGui import QColor

    draw_stack_glyph(p, QRect(2, 2, 14, 14), QColor("white"))
    p.end()
    assert sum(1 for x in range(20) for y in range(20) if canvas.pixelColor(x, y).alpha() > 0) > 20
