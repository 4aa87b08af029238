"""The window's part of videos: the grid marks a video with its length, the pane scrubs its keyframes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QRect
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QStyleOptionViewItem

from app.library import scanner
from app.ui import video_badge
from app.ui.queries import grid_rows, photo_detail, photo_ids
from app.ui.widgets.detail_pane import DetailPane
from tests.library import video_clips as vc

pytestmark = pytest.mark.gui


@pytest.fixture
def indexed(tmp_path: Path, db) -> dict[str, int]:
    vc.make_clip(tmp_path / "clip.mp4", seconds=4, scenes=[vc.RED, vc.GREEN, vc.BLUE, vc.YELLOW])
    vc.live_photo_pair(tmp_path, "IMG_0002", "LIVE-UI")
    scanner.index_folders(db, [str(tmp_path)])
    return {r["filename"]: r["id"] for r in db.query("SELECT id, filename FROM photos")}


def test_grid_shows_one_item_per_live_photo_and_marks_videos(db, indexed) -> None:
    ids = photo_ids(db)
    assert indexed["IMG_0002.MOV"] not in ids and {indexed["IMG_0002.JPG"], indexed["clip.mp4"]} <= set(ids)
    rows = grid_rows(db, ids)
    assert video_badge.label_for(rows[indexed["clip.mp4"]]) == "0:04"
    assert video_badge.is_video(rows[indexed["clip.mp4"]])
    assert video_badge.label_for(rows[indexed["IMG_0002.JPG"]]) == "LIVE"
    img = QImage(200, 200, QImage.Format.Format_RGB32)
    img.fill(0xFFFFFFFF)
    p = QPainter(img)
    video_badge.paint(p, QStyleOptionViewItem(), QRect(0, 0, 176, 148), rows[indexed["clip.mp4"]])
    p.end()
    assert img.pixel(170, 140) != img.pixel(10, 10)  # something was drawn at the bottom right


def test_detail_pane_scrubs_keyframes_of_a_video_only(db, indexed, qtbot: Any) -> None:
    pane = DetailPane()
    qtbot.addWidget(pane)
    pane.show_photo(photo_detail(db, indexed["clip.mp4"]))
    assert not pane.scrub.isHidden()
    qtbot.waitUntil(lambda: pane.scrub.slider.isEnabled(), timeout=15000)
    assert pane.scrub.slider.maximum() >= 3  # a keyframe a second, four scenes
    pane.scrub.slider.setValue(pane.scrub.slider.maximum())
    assert "keyframe" in pane.scrub.time.text()
    assert "video, 0:04" in pane._fact_labels["Size"].text()
    pane.show_photo(photo_detail(db, indexed["IMG_0002.JPG"]))
    assert pane.scrub.isHidden()
    pane.scrub.close_pool()
