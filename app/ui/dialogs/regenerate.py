"""Regenerate: caption the selected photos again, optionally with another style or model."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QWidget

from app.ui.dialogs.style_names import style_name


class RegenerateDialog(QDialog):
    def __init__(self, settings: Any, parent: QWidget | None = None, models: list[str] | None = None) -> None:
        super().__init__(parent)
        from app.captioning import prompts  # noqa: PLC0415

        self.setWindowTitle(self.tr("Caption again"))
        self.style_pick = QComboBox()
        for name in prompts.STYLES:
            self.style_pick.addItem(style_name(name), name)
        self.style_pick.setCurrentIndex(max(0, self.style_pick.findData(settings.style)))
        self.model_pick = QComboBox()
        self.model_pick.setEditable(True)
        self.model_pick.addItem(settings.model or self.tr("(the default model)"), settings.model or "")
        for m in models or []:
            if m != settings.model:
                self.model_pick.addItem(m, m)
        note = QLabel(self.tr("The new caption replaces the one shown, as a draft for you to review. The current one "
                              "stays in the history (and in the file until you write again)."))
        note.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Caption again"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(self.tr("Style:"), self.style_pick)
        form.addRow(self.tr("Model:"), self.model_pick)
        form.addRow(note)
        form.addRow(buttons)

    def params(self) -> dict[str, str]:
        model = self.model_pick.currentData()
        if model is None or self.model_pick.currentText() != self.model_pick.itemText(self.model_pick.currentIndex()):
            model = self.model_pick.currentText().strip()
        if model and model.startswith("("):
            model = ""
        return {"style": self.style_pick.currentData() or "", "model": model or ""}
