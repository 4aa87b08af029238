"""Settings for languages: the window's (Settings → Language) and the captions' (Style & prompt).

The window's language is read once at start (``app.ui.i18n``), so a change applies at the next start.
The caption language's first choice, "Same as the window", is stored as "" and follows the window's
language; any other choice is kept as the person made it.
"""

from __future__ import annotations

import os
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QWidget

from app.ui import i18n

translate = QCoreApplication.translate

# Caption languages offered in the list (the model is told the English name; any other can be typed).
CAPTION_LANGUAGES = {
    "English": QT_TRANSLATE_NOOP("LanguageSettings", "English"),
    "German": QT_TRANSLATE_NOOP("LanguageSettings", "German"),
    "French": QT_TRANSLATE_NOOP("LanguageSettings", "French"),
    "Spanish": QT_TRANSLATE_NOOP("LanguageSettings", "Spanish"),
    "Italian": QT_TRANSLATE_NOOP("LanguageSettings", "Italian"),
    "Dutch": QT_TRANSLATE_NOOP("LanguageSettings", "Dutch"),
    "Portuguese": QT_TRANSLATE_NOOP("LanguageSettings", "Portuguese"),
    "Polish": QT_TRANSLATE_NOOP("LanguageSettings", "Polish"),
    "Swedish": QT_TRANSLATE_NOOP("LanguageSettings", "Swedish"),
    "Japanese": QT_TRANSLATE_NOOP("LanguageSettings", "Japanese"),
    "Chinese": QT_TRANSLATE_NOOP("LanguageSettings", "Chinese"),
}


def language_name(english: str) -> str:
    """A caption language's name in the window's language ("German" → "Deutsch"); others as they are."""
    return translate("LanguageSettings", CAPTION_LANGUAGES[english]) if english in CAPTION_LANGUAGES else english


def caption_language_box(current: str, *, follows: bool) -> QComboBox:
    """An editable list: "Same as the window (German)", then the usual languages; any other can be typed."""
    box = QComboBox()
    box.setEditable(True)
    box.setAccessibleName(translate("LanguageSettings", "Language of captions"))
    box.addItem(translate("LanguageSettings", "Same as the window ({language})").format(
        language=language_name(i18n.caption_language())), "")
    for english in CAPTION_LANGUAGES:
        box.addItem(language_name(english), english)
    index = 0 if follows or not current else box.findData(current)
    if index >= 0:
        box.setCurrentIndex(index)
    else:
        box.setEditText(current)
    return box


def chosen_caption_language(box: QComboBox, *, resolved: bool = False) -> str:
    """What the box says as the prompt names it ("German"); "" for "Same as the window" (with
    ``resolved``: the window's language instead)."""
    text = box.currentText().strip()
    index = box.findText(text) if text else 0
    chosen = str(box.itemData(index) or "") if index >= 0 else text
    return chosen or (i18n.caption_language() if resolved else "")


class WindowLanguage(QWidget):
    """Settings → Language: the window's language (System / English / Deutsch / Français …)."""

    def __init__(self, settings: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.choice = QComboBox()
        self.choice.setAccessibleName(self.tr("Language of the window"))
        system = i18n.native_name(i18n.system_choice())
        self.choice.addItem(self.tr("System ({language})").format(language=system), "")
        for code in i18n.shipped():
            self.choice.addItem(i18n.native_name(code), code)
        self.choice.setCurrentIndex(max(0, self.choice.findData(getattr(settings, "ui_language", "") or "")))
        note = QLabel(self.tr("The window changes its language the next time Albumwise starts. Captions are "
                              "written in the language chosen under Style & prompt; “Same as the window” follows "
                              "this one."))
        note.setWordWrap(True)
        form = QFormLayout(self)
        form.addRow(self.tr("Language of the window:"), self.choice)
        form.addRow(note)
        if os.environ.get(i18n.ENV):
            env = QLabel(self.tr("{variable} is set for this start ({value}): it wins over this setting.").format(
                variable=i18n.ENV, value=os.environ[i18n.ENV]))
            env.setWordWrap(True)
            form.addRow(env)

    def apply(self, settings: Any) -> None:
        settings.ui_language = str(self.choice.currentData() or "")
