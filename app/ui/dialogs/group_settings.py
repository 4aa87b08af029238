"""Settings rows for bursts and duplicates: the two grouping thresholds and every-frame.

Kept apart from the settings dialog so the dialog only needs two hook lines."""

from __future__ import annotations

from typing import Any, Callable

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QCheckBox, QDoubleSpinBox, QFormLayout, QSpinBox

translate = QCoreApplication.translate  # rows of the settings dialog ("SettingsDialog" context)


def add_group_rows(form: QFormLayout, settings: Any) -> Callable[[Any], None]:
    """Add the rows to ``form``; returns a function that copies the chosen values into a Settings."""
    seconds = QDoubleSpinBox()
    seconds.setRange(0.0, 120.0)
    seconds.setDecimals(1)
    seconds.setSuffix(translate("SettingsDialog", " s", "seconds"))
    seconds.setValue(float(getattr(settings, "group_seconds", 5.0)))
    seconds.setAccessibleName(translate("SettingsDialog", "Bursts: taken within"))
    seconds.setToolTip(translate("SettingsDialog",
                                 "Photos from one camera taken this close together, and looking alike, form a group"))
    distance = QSpinBox()
    distance.setRange(0, 24)
    distance.setSuffix(translate("SettingsDialog", " bits of 64"))
    distance.setValue(int(getattr(settings, "group_distance", 12)))
    distance.setAccessibleName(translate("SettingsDialog", "Bursts: how alike"))
    distance.setToolTip(translate("SettingsDialog", "How far the thumbnails' perceptual hashes may differ (lower: stricter)"))
    every = QCheckBox(translate("SettingsDialog", "Caption every frame of a burst on its own (slower; off: once per group)"))
    every.setChecked(bool(getattr(settings, "caption_every_frame", False)))
    form.addRow(translate("SettingsDialog", "Bursts: taken within"), seconds)
    form.addRow(translate("SettingsDialog", "Bursts: look alike within"), distance)
    form.addRow("", every)

    def apply(s: Any) -> None:
        s.group_seconds = float(seconds.value())
        s.group_distance = int(distance.value())
        s.caption_every_frame = every.isChecked()

    return apply
