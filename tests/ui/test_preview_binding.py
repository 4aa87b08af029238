"""The detail pane's picture is always the shown photo's own: while a slow decode runs, the pane shows
that photo's thumbnail (or nothing), never the previous photo's picture under the new name and
caption; a decode that finishes after the person moved on is dropped."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import pytest
from PySide6.QtGui import QColor, QImage

from tests.ui.helpers import run, until

pytestmark = [pytest.mark.gui]


@pytest.fixture
def slow_decoder(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """Each photo decodes to a picture whose width names it (100 + its place in the library);
    the paths in ``slow`` take ``delay`` seconds, as a busy CPU pool during a caption run does."""
    from app.ui import images

    state: dict[str, Any] = {"widths": {}, "slow": set(), "delay": 1.0}

    def decode(path: str, edge: int) -> QImage:
        if path in state["slow"]:
            time.sleep(state["delay"])
        width = state["widths"].setdefault(path, 100 + len(state["widths"]))
        image = QImage(width, 80, QImage.Format.Format_RGB32)
        image.fill(QColor("gray"))
        return image

    monkeypatch.setattr(images, "decode_preview", decode)
    return state


def _shown_width(win: Any) -> int | None:
    pm = win.detail.preview._pixmap
    return None if pm is None or pm.isNull() else pm.width()


def test_a_slow_preview_never_shows_the_previous_photo(window: Any, slow_decoder: dict[str, Any]) -> None:
    from app.core.fspath import from_row

    win = window
    a, b = window.library["ids"][:2]

    async def flow() -> None:
        await until(lambda: win.model.rowCount() == 3, msg="photos")
        win.select_id(a)
        await until(lambda: win.detail.preview.has_full(a), msg="A's picture")
        a_width = _shown_width(win)
        path_b = from_row(win.model.cached_row(b))
        slow_decoder["slow"].add(path_b)
        win.select_id(b)
        await until(lambda: win.detail.photo_id == b, msg="B's name and caption")
        # until B's own picture arrives, what is shown under B's name is never A's picture
        deadline = time.monotonic() + 5
        while not win.detail.preview.has_full(b) and time.monotonic() < deadline:
            assert win.detail.preview.photo_id in (b, None)
            assert _shown_width(win) != a_width, "A's picture under B's name"
            await asyncio.sleep(0.02)
        assert win.detail.preview.has_full(b)
        assert _shown_width(win) == slow_decoder["widths"][path_b]

    run(flow(), timeout=30)


def test_a_stale_decode_is_dropped(window: Any, slow_decoder: dict[str, Any]) -> None:
    from app.core.fspath import from_row

    win = window
    a, b = window.library["ids"][:2]

    async def flow() -> None:
        await until(lambda: win.model.rowCount() == 3, msg="photos")
        await until(lambda: win.model.cached_row(a) and win.model.cached_row(b), msg="rows")
        path_a, path_b = from_row(win.model.cached_row(a)), from_row(win.model.cached_row(b))
        slow_decoder["slow"].add(path_a)
        slow_decoder["delay"] = 0.6
        win.select_id(a)
        await until(lambda: win.detail.photo_id == a, msg="A shown")
        win.select_id(b)  # while A's picture still decodes
        await until(lambda: win.detail.preview.has_full(b), msg="B's picture")
        await asyncio.sleep(1.0)  # A's decode finishes meanwhile: it must not replace B's
        assert win.detail.photo_id == b and win.detail.preview.photo_id == b
        assert _shown_width(win) == slow_decoder["widths"][path_b] != slow_decoder["widths"].get(path_a)
        # and refreshing B (a caption arrives) does not decode it again
        n = len(slow_decoder["widths"])
        win.refresh_photos([b])
        await asyncio.sleep(0.3)
        assert win.detail.preview.has_full(b) and len(slow_decoder["widths"]) == n

    run(flow(), timeout=30)
