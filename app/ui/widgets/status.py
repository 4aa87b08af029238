"""Status bar pieces: queue progress, current photo, tokens/s, ETA, and a light per host.

The lights and the warning sign are drawn (``app.ui.glyphs``): symbol characters are missing from
many UI fonts and showed as boxes."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QWidget

from app.ui.glyphs import dot_pixmap, warning_pixmap
from app.ui.i18n import number

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
            self.set_state(url, state or "unknown", detail or self.tr("not checked yet"))

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

        w.setToolTip(f"{url}: {plain(detail) or self._state_words(state)}")
        w.setAccessibleName(self.tr("Host {host}: {state}").format(host=short, state=self._state_words(state)))

    def _state_words(self, state: str) -> str:
        return {"ok": self.tr("answering"), "busy": self.tr("busy"), "down": self.tr("not answering"),
                "unknown": self.tr("not checked yet")}.get(state, state)


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
        self.warning.setAccessibleName(self.tr("Problem"))
        self.warning.hide()
        self.message = QLabel(self.tr("Ready"))
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
        # Qt's progress bar repaints at once when its value or range changes, and a repaint paints
        # every widget waiting for one (the whole grid) there and then: with updates off it only
        # asks for an ordinary repaint, which the event loop does with the rest of the window.
        self.bar.setUpdatesEnabled(False)
        try:
            self.bar.setMaximum(total)
            self.bar.setValue(min(done, total))
            self.bar.setFormat(self.tr("Paused %v / %m") if paused else "%v / %m")
        finally:
            self.bar.setUpdatesEnabled(True)

    def set_warning(self, shown: bool) -> None:
        self.warning.setVisible(shown)

    def set_current(self, name: str, *, waiting: bool = False) -> None:
        """The photo(s) being captioned; ``waiting``: the run is on, between two photos."""
        self.current.setText(self.tr("Captioning {name}").format(name=name) if name
                             else (self.tr("Getting the next photo ready…") if waiting else ""))

    def set_speed(self, tokens_per_s: float | None) -> None:
        self.speed.setText(self.tr("{speed} tokens/s").format(speed=number(tokens_per_s, 1)) if tokens_per_s else "")

    def set_eta(self, seconds: float | None) -> None:
        if seconds is None or seconds <= 0:
            self.eta.clear()
            return
        s = int(seconds)
        if s >= 3600:
            text = self.tr("{hours}h {minutes}m").format(hours=s // 3600, minutes=f"{(s % 3600) // 60:02d}")
        elif s >= 60:
            text = self.tr("{minutes}m {seconds}s").format(minutes=s // 60, seconds=f"{s % 60:02d}")
        else:
            text = self.tr("{seconds}s").format(seconds=s)
        self.eta.setText(self.tr("about {time} left").format(time=text))
