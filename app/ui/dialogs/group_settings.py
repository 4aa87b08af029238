"""Settings rows for bursts and duplicates: the two grouping thresholds and every-frame.

Kept apart from the settings dialog so the dialog only needs two hook lines."""

from __future__ import annotations

from typing import Any, Callable

from PySide6.QtWidgets import QCheckBox, QDoubleSpinBox, QFormLayout, QSpinBox


def add_group_rows(form: QFormLayout, settings: Any) -> Callable[[Any], None]:
    """Add the rows to ``form``; returns a function that copies the chosen values into a Settings."""
    seconds = QDoubleSpinBox()
    seconds.setRange(0.0, 120.0)
    seconds.setDecimals(1)
    seconds.setSuffix(" s")
    seconds.setValue(float(getattr(settings, "group_seconds", 5.0)))
    seconds.setAccessibleName("Bursts: taken within")
    seconds.setToolTip("Photos from one camera taken this close together, and looking alike, form a group")
    distance = QSpinBox()
    distance.setRange(0, 24)
    distance.setSuffix(" bits of 64")
    distance.setValue(int(getattr(settings, "group_distance", 12)))
    distance.setAccessibleName("Bursts: how alike")
    distance.setToolTip("How far the thumbnails' perceptual hashes may differ (lower: stricter)")
    every = QCheckBox("Caption every frame of a burst on its own (slower; off: once per group)")
    every.setChecked(bool(getattr(settings, "caption_every_frame", False)))
    form.addRow("Bursts: taken within", seconds)
    form.addRow("Bursts: look alike within", distance)
    form.addRow("", every)

    def apply(s: Any) -> None:
        s.group_seconds = float(seconds.value())
        s.group_distance = int(distance.value())
        s.caption_every_frame = every.isChecked()

    return apply
