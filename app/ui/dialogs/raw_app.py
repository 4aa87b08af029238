""""Which app do you use with RAW files?": asked once (first run, Settings → Writing) because the
answer decides the sidecar name other apps read: Lightroom and Capture One read only
``NAME.xmp``; digiKam and darktable read ``NAME.EXT.xmp``. An existing sidecar's naming always wins.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtWidgets import QComboBox, QLabel, QVBoxLayout, QWidget

from app.config import RAW_APPS, Settings, sidecar_naming_for

QUESTION = QT_TRANSLATE_NOOP("RawAppQuestion", "Which app do you use with RAW files?")
OTHER = QT_TRANSLATE_NOOP("RawAppQuestion", "Another app, or none")  # RAW_APPS["other"], in the window's language


class RawAppQuestion(QWidget):
    """A labelled choice; ``apply`` stores the answer and the sidecar naming that goes with it."""

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.combo = QComboBox()
        self.combo.setAccessibleName(self.tr(QUESTION))
        for key, (label, naming) in RAW_APPS.items():
            name = self.tr(OTHER) if key == "other" else label
            self.combo.addItem(self.tr("{app} — sidecar {name}").format(
                app=name, name="NAME.xmp" if naming == "base" else "NAME.EXT.xmp"), key)
        current = settings.raw_app or ("lightroom" if settings.sidecar_naming == "base" else "digikam")
        self.combo.setCurrentIndex(max(0, self.combo.findData(current)))
        hint = QLabel(self.tr("RAW captions go into a sidecar file named for that app (an existing sidecar is always "
                              "followed)."))
        hint.setWordWrap(True)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(QLabel(self.tr(QUESTION)))
        lay.addWidget(self.combo)
        lay.addWidget(hint)

    def raw_app(self) -> str:
        return str(self.combo.currentData())

    def apply(self, settings: Settings) -> None:
        settings.raw_app = self.raw_app()
        settings.sidecar_naming = sidecar_naming_for(settings.raw_app, settings.sidecar_naming)
