"""The caption in its second language, under the caption: reviewed, edited and saved with it.

A caption may carry other languages (``{"de": {"text", "alt_text", "keywords"}}``). The first one
(by code) is editable here, caption and alt text; any further one is shown as text. ``edits`` gives
only what the person changed, because a changed part is their consent to replace a person's text in
that language in the file.
"""

from __future__ import annotations

import html
import json
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from app.ui.widgets.caption_editor import AltTextEditor, CaptionEditor


def _translations(value: Any) -> dict[str, dict[str, Any]]:
    try:
        data = json.loads(value) if isinstance(value, str) else value
    except ValueError:
        return {}
    if not isinstance(data, dict):
        return {}
    return {str(k): v for k, v in sorted(data.items()) if isinstance(v, dict) and (v.get("text") or v.get("alt_text"))}


class SecondLanguageBox(QWidget):
    """The other language's caption and alt text (hidden when the caption has none)."""

    changed = Signal()
    leave = Signal()  # Esc in one of its fields

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.code: str | None = None
        self._loaded = ("", "")
        self.heading = QLabel()
        self.editor = CaptionEditor()
        self.editor.setAccessibleName(self.tr("Caption in the second language"))
        self.editor.setMinimumHeight(50)
        self.editor.setMaximumHeight(100)
        self.alt_editor = AltTextEditor()
        self.alt_editor.setAccessibleName(self.tr("Alt text in the second language"))
        self.more = QLabel()  # a third language or more: shown only
        self.more.setWordWrap(True)
        self.more.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        for w in (self.editor, self.alt_editor):
            w.leave.connect(self.leave)
        self.editor.textChanged.connect(self.changed)
        self.alt_editor.textChanged.connect(lambda _t: self.changed.emit())
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        for w in (self.heading, self.editor, self.alt_editor, self.more):
            lay.addWidget(w)
        self.hide()

    def set_translations(self, value: Any, *, keep_typing: bool = False) -> None:
        """Show the caption's other languages (``keep_typing``: only the base the edits compare with changes)."""
        data = _translations(value)
        first = next(iter(data), None)
        item = data.get(first, {}) if first else {}
        self._loaded = (str(item.get("text") or ""), str(item.get("alt_text") or ""))
        if not (keep_typing and first == self.code):
            self.code = first
            for w, text in ((self.editor, self._loaded[0]), (self.alt_editor, self._loaded[1])):
                w.blockSignals(True)
                w.setPlainText(text) if w is self.editor else w.setText(text)
                w.blockSignals(False)
        self.heading.setText(self.tr("Second language ({code}):").format(code=first or ""))
        self.alt_editor.setPlaceholderText(self.tr("Alt text in {code}").format(code=first or ""))
        rest = [f"<b>{html.escape(code)}</b>: {html.escape(str(it.get('text') or ''))}"
                for code, it in list(data.items())[1:]]
        self.more.setText("<br>".join(rest))
        self.more.setVisible(bool(rest))
        self.setVisible(first is not None)

    def set_read_only(self, read_only: bool) -> None:
        self.editor.setReadOnly(read_only)
        self.alt_editor.setReadOnly(read_only)

    def is_dirty(self) -> bool:
        return self.code is not None and (self.editor.toPlainText(), self.alt_editor.text()) != self._loaded

    def edits(self) -> dict[str, dict[str, Any]] | None:
        """``{code: {"text"?, "alt_text"?}}`` with the parts the person changed, or None."""
        if not self.is_dirty() or self.code is None:
            return None
        out: dict[str, Any] = {}
        text, alt = self.editor.toPlainText().strip(), " ".join(self.alt_editor.text().split())
        if text != self._loaded[0].strip():
            out["text"] = text
        if alt != " ".join(self._loaded[1].split()):
            out["alt_text"] = alt
        return {self.code: out} if out else None
