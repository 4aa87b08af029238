"""Status bar pieces: queue progress, current photo, tokens/s, ETA, and a light per host."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QWidget

LIGHTS = {"ok": "#2e7d32", "busy": "#f9a825", "down": "#c62828", "unknown": "#9e9e9e"}


class HostLights(QWidget):
    """One coloured dot per inference host; the tooltip says what the colour means."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._labels: dict[str, QLabel] = {}
        self.states: dict[str, str] = {}

    def set_hosts(self, urls: list[str]) -> None:
        for lab in self._labels.values():
            lab.deleteLater()
        self._labels.clear()
        self.states = {}
        for url in urls:
            lab = QLabel()
            self._labels[url] = lab
            self._layout.addWidget(lab)
            self.set_state(url, "unknown", "not checked yet")

    def set_state(self, url: str, state: str, detail: str = "") -> None:
        lab = self._labels.get(url)
        if lab is None:
            return
        self.states[url] = state
        short = url.replace("http://", "").replace("https://", "")
        lab.setText(f"<span style='color:{LIGHTS.get(state, LIGHTS['unknown'])}'>●</span> {short}")
        from app.ui.plain import plain  # noqa: PLC0415

        lab.setToolTip(f"{url}: {plain(detail) or state}")
        lab.setAccessibleName(f"Host {short} {state}")


class QueueStatus(QWidget):
    """Progress of the caption queue with the photo being captioned, speed and time left."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.bar = QProgressBar()
        self.bar.setMaximumWidth(180)
        self.bar.setTextVisible(True)
        self.bar.setFormat("%v / %m")
        self.bar.hide()
        self.current = QLabel()
        self.speed = QLabel()
        self.eta = QLabel()
        self.message = QLabel("Ready")
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        for w in (self.message, self.bar, self.current, self.speed, self.eta):
            lay.addWidget(w)

    def set_progress(self, done: int, total: int, *, paused: bool = False) -> None:
        if total <= 0:
            self.bar.hide()
            self.current.clear()
            self.speed.clear()
            self.eta.clear()
            return
        self.bar.show()
        self.bar.setMaximum(total)
        self.bar.setValue(min(done, total))
        self.bar.setFormat(("Paused %v / %m" if paused else "%v / %m"))

    def set_current(self, name: str) -> None:
        self.current.setText(f"Captioning {name}" if name else "")

    def set_speed(self, tokens_per_s: float | None) -> None:
        self.speed.setText(f"{tokens_per_s:.1f} tokens/s" if tokens_per_s else "")

    def set_eta(self, seconds: float | None) -> None:
        if seconds is None or seconds <= 0:
            self.eta.clear()
            return
        s = int(seconds)
        text = f"{s // 3600}h {(s % 3600) // 60:02d}m" if s >= 3600 else (f"{s // 60}m {s % 60:02d}s" if s >= 60 else f"{s}s")
        self.eta.setText(f"about {text} left")
