"""A video's scrub in the detail pane: a slider over its keyframes, shown in the preview.

Nothing heavier than that is played: the keyframes are the captioner's (``library.video_frames``:
seeked and decoded alone, small), decoded on a worker thread when a video is selected; moving the
slider only swaps pictures already in memory. A photo hides the scrub.
"""

from __future__ import annotations

import concurrent.futures
from typing import Any, Callable

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSlider, QWidget

from app.ui.video_badge import clock

FRAMES = 8
EDGE = 640


class _Relay(QObject):
    ready = Signal(int, object)  # photo id, [(time, QImage)]


def load_frames(path: str, orientation: int | None, duration: float | None) -> list[tuple[float, QImage]]:
    """Worker thread: the clip's keyframes as QImages (QImage is safe off the GUI thread)."""
    from app.library import video_frames  # noqa: PLC0415

    k = max(2, min(FRAMES, video_frames.frames_for(duration, FRAMES) * 2))
    out = []
    for kf in video_frames.keyframes(path, k, EDGE, orientation=orientation):
        img = kf.image.convert("RGB")
        data = img.tobytes()
        q = QImage(data, img.width, img.height, 3 * img.width, QImage.Format.Format_RGB888).copy()
        out.append((kf.time, q))
    return out


class KeyframeScrub(QWidget):
    """Slider + time label; ``show_for(photo)`` loads the keyframes of a video (hidden for photos)."""

    def __init__(self, set_pixmap: Callable[[QPixmap | None], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._set_pixmap = set_pixmap
        self._frames: list[tuple[float, QPixmap]] = []
        self._photo_id: int | None = None
        self._pool = concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="keyframes")
        self._relay = _Relay(self)
        self._relay.ready.connect(self._on_ready)
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setAccessibleName(self.tr("Video keyframes"))
        self.slider.setEnabled(False)
        self.slider.valueChanged.connect(self._show)
        self.time = QLabel()
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.slider, 1)
        lay.addWidget(self.time)
        self.hide()

    def show_for(self, photo: dict[str, Any] | None) -> None:
        self._frames = []
        self.slider.setEnabled(False)
        if not photo or photo.get("media") != "video" or photo.get("state") != "ok":
            self._photo_id = None
            self.hide()
            return
        from app.core.fspath import from_row  # noqa: PLC0415

        self._photo_id = int(photo["id"])
        self.time.setText(self.tr("loading keyframes… ({length})").format(length=clock(photo.get("duration"))))
        self.show()
        pid, path = self._photo_id, from_row(photo)
        fut = self._pool.submit(load_frames, path, photo.get("orientation"), photo.get("duration"))
        fut.add_done_callback(lambda f: self._relay.ready.emit(pid, f.result() if not f.exception() else []))

    def _on_ready(self, photo_id: int, frames: list[tuple[float, QImage]]) -> None:
        if photo_id != self._photo_id:
            return
        self._frames = [(t, QPixmap.fromImage(img)) for t, img in frames]
        if not self._frames:
            self.time.setText(self.tr("no keyframe could be decoded"))
            return
        self.slider.blockSignals(True)
        self.slider.setRange(0, len(self._frames) - 1)
        self.slider.setValue(0)
        self.slider.blockSignals(False)
        self.slider.setEnabled(len(self._frames) > 1)
        self._show(0)

    def _show(self, i: int) -> None:
        if 0 <= i < len(self._frames):
            t, pm = self._frames[i]
            self._set_pixmap(pm)
            self.time.setText(self.tr("{time} · keyframe {number} of {count}").format(
                time=clock(t), number=i + 1, count=len(self._frames)))

    def close_pool(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)
