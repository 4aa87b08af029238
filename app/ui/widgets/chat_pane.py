"""Ask about this photo: a streamed, multi-turn chat with the vision model about the selected photo.

Each answer streams into the transcript as it is written (``services.captioning.ask``); earlier
turns are sent along so follow-up questions ("and the car?") make sense.
"""

from __future__ import annotations

import html
import os
from typing import Any

from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QTextBrowser, QVBoxLayout, QWidget

from app.core.fspath import from_row


class ChatPane(QWidget):
    def __init__(self, ctx: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.photo_id: int | None = None
        self.photo: dict[str, Any] | None = None
        self.turns: list[tuple[str, str]] = []
        self.busy = False
        self.header = QLabel(self.tr("Select a photo, then ask about it."))
        self.header.setWordWrap(True)
        self.transcript = QTextBrowser()
        self.transcript.setAccessibleName(self.tr("Conversation"))
        self.input = QLineEdit()
        self.input.setPlaceholderText(self.tr("Ask about this photo… (Enter)"))
        self.input.setAccessibleName(self.tr("Question"))
        self.input.returnPressed.connect(self.send)
        self.send_btn = QPushButton(self.tr("Ask"))
        self.send_btn.clicked.connect(self.send)
        clear = QPushButton(self.tr("New conversation"))
        clear.clicked.connect(self.clear)
        row = QHBoxLayout()
        row.addWidget(self.input, 1)
        row.addWidget(self.send_btn)
        lay = QVBoxLayout(self)
        lay.addWidget(self.header)
        lay.addWidget(self.transcript, 1)
        lay.addLayout(row)
        lay.addWidget(clear)

    def set_photo(self, photo_id: int | None, row: dict[str, Any] | None) -> None:
        if photo_id != self.photo_id:
            self.photo_id, self.photo = photo_id, row
            self.clear()
        name = os.path.basename((row or {}).get("path") or "") if row else ""
        self.header.setText(self.tr("Asking about <b>{name}</b>").format(name=html.escape(name)) if name
                            else self.tr("Select a photo, then ask about it."))

    def clear(self) -> None:
        self.turns.clear()
        self.transcript.clear()

    def _append(self, text: str) -> None:
        cursor = self.transcript.textCursor()
        cursor.movePosition(QTextCursor.MoveOperation.End)
        cursor.insertText(text)
        self.transcript.setTextCursor(cursor)
        self.transcript.ensureCursorVisible()

    def send(self) -> None:
        question = self.input.text().strip()
        if not question or self.busy or not self.photo:
            return
        self.input.clear()
        self.ctx.spawn(self._ask(question), name="ask")

    def _question_with_history(self, question: str) -> str:
        if not self.turns:
            return question
        past = "\n".join(f"Q: {q}\nA: {a}" for q, a in self.turns[-6:])
        return f"Earlier in this conversation about the photo:\n{past}\n\nNow answer: {question}"

    async def _ask(self, question: str) -> None:
        from app.captioning.hosts import resolve_hosts  # noqa: PLC0415
        from app.captioning.pipeline import RunConfig  # noqa: PLC0415
        from app.services import captioning as capsvc  # noqa: PLC0415

        self.busy = True
        self.send_btn.setEnabled(False)
        self.transcript.append("<p>" + self.tr("<b>You:</b> {question}").format(question=html.escape(question)) + "</p>")
        self.transcript.append(self.tr("<b>Model:</b> "))
        parts: list[str] = []

        def on_token(t: str) -> None:
            parts.append(t)
            self._append(t)

        try:
            host = resolve_hosts(self.ctx.settings)[0]
            res = await capsvc.ask(host, from_row(self.photo), self._question_with_history(question),
                                   RunConfig.from_settings(self.ctx.settings), photo=self.photo, on_token=on_token)
            self.turns.append((question, res.text or "".join(parts)))
        except Exception as exc:  # noqa: BLE001 - shown in the conversation, not a dialog
            self.transcript.append("<p style='color:#c62828'>" + self.tr("Could not ask the model: {error}").format(
                error=html.escape(str(exc))) + "</p>")
        finally:
            self.busy = False
            self.send_btn.setEnabled(True)
