"""Caption styles as the window names them (``prompts.STYLES`` keys → words in the window's language)."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

STYLE_NAMES = {
    "caption": QT_TRANSLATE_NOOP("StyleNames", "caption"),
    "detailed": QT_TRANSLATE_NOOP("StyleNames", "detailed"),
    "alt_text": QT_TRANSLATE_NOOP("StyleNames", "alt text"),
    "keywords": QT_TRANSLATE_NOOP("StyleNames", "keywords"),
}


def style_name(key: str) -> str:
    """"alt_text" → "alt text" ("Alternativtext" in German); a style without a name here as its key."""
    name = STYLE_NAMES.get(key)
    return QCoreApplication.translate("StyleNames", name) if name else key.replace("_", " ")
