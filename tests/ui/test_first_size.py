"""The window's first size fits the screen it opens on (no saved layout yet)."""

from __future__ import annotations

from PySide6.QtCore import QRect

from app.ui.window_layout import MIN_SIZE, first_size


class _Screen:
    def __init__(self, w: int, h: int) -> None:
        self.rect = QRect(0, 0, w, h)

    def availableGeometry(self) -> QRect:  # noqa: N802 - Qt's name
        return self.rect


class _Window:
    def __init__(self, screen: _Screen | None) -> None:
        self._screen = screen

    def screen(self) -> _Screen | None:
        return self._screen


def test_a_large_screen_gets_the_full_first_size() -> None:
    assert first_size(_Window(_Screen(1920, 1080))) == (1400, 860)


def test_a_laptop_screen_gets_a_window_that_fits() -> None:
    w, h = first_size(_Window(_Screen(1280, 768)))  # a 1280×800 panel less its top bar
    assert w <= 1280 - 40 and h <= 768 - 60


def test_never_below_the_smallest_working_size() -> None:
    assert first_size(_Window(_Screen(640, 480))) == MIN_SIZE
    assert first_size(_Window(None)) == (1400, 860)
