"""Status bar pieces: queue progress, current photo, tokens/s, ETA, and a light per host.

The lights and the warning sign are drawn (``app.ui.glyphs``): symbol characters are missing from
many UI fonts and showed as boxes."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QWidget

from app.ui.glyphs import dot_pixmap, warning_pixmap

LIGHTS = {"ok": "#2e7d32", "busy": "#f9a825", "down": "#c62828", "unknown": "#9e9e9e"}


class HostLights(QWidget):
    """One coloured dot per inference host; the tooltip says what the colour means."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._labels: dict[str, QWidget] = {}
        self._details: dict[str, str] = {}
        self.states: dict[str, str] = {}

    def set_hosts(self, urls: list[str]) -> None:
        """Show these hosts; one already shown keeps its light (a settings change does not make a
        host that answered grey again)."""
        known = {u: (self.states.get(u), self._details.get(u, "")) for u in urls if u in self._labels}
        for w in self._labels.values():
            w.deleteLater()
        self._labels.clear()
        self.states = {}
        self._details: dict[str, str] = {}
        for url in urls:
            w = QWidget()
            row = QHBoxLayout(w)
            row.setContentsMargins(4, 0, 4, 0)
            row.setSpacing(4)
            dot, text = QLabel(), QLabel(url.replace("http://", "").replace("https://", ""))
            dot.setObjectName("light")
            row.addWidget(dot)
            row.addWidget(text)
            self._labels[url] = w
            self._layout.addWidget(w)
            state, detail = known.get(url, (None, ""))
            self.set_state(url, state or "unknown", detail or "not checked yet")

    def unchecked(self) -> list[str]:
        """The hosts whose light is still grey (never checked)."""
        return [u for u, s in self.states.items() if s == "unknown"]

    def set_state(self, url: str, state: str, detail: str = "") -> None:
        w = self._labels.get(url)
        if w is None:
            return
        self.states[url] = state
        self._details[url] = detail
        short = url.replace("http://", "").replace("https://", "")
        dot = w.findChild(QLabel, "light")
        dot.setPixmap(dot_pixmap(LIGHTS.get(state, LIGHTS["unknown"]), 10, w.devicePixelRatioF()))
        from app.ui.plain import plain  # noqa: PLC0415

        w.setToolTip(f"{url}: {plain(detail) or state}")
        w.setAccessibleName(f"Host {short} {state}")


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
        self.warning = QLabel()
        self.warning.setPixmap(warning_pixmap(14, self.devicePixelRatioF()))
        self.warning.setAccessibleName("Problem")
        self.warning.hide()
        self.message = QLabel("Ready")
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        for w in (self.warning, self.message, self.bar, self.current, self.speed, self.eta):
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

    def set_warning(self, shown: bool) -> None:
        self.warning.setVisible(shown)

    def set_current(self, name: str, *, waiting: bool = False) -> None:
        """The photo(s) being captioned; ``waiting``: the run is on, between two photos."""
        self.current.setText(f"Captioning {name}" if name else ("Getting the next photo ready…" if waiting else ""))

    def set_speed(self, tokens_per_s: float | None) -> None:
        self.speed.setText(f"{tokens_per_s:.1f} tokens/s" if tokens_per_s else "")

    def set_eta(self, seconds: float | None) -> None:
        if seconds is None or seconds <= 0:
            self.eta.clear()
            return
        s = int(seconds)
        text = f"{s // 3600}h {(s % 3600) // 60:02d}m" if s >= 3600 else (f"{s // 60}m {s % 60:02d}s" if s >= 60 else f"{s}s")
        self.eta.setText(f"about {text} left")
