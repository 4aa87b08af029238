"""What the status bar says, kept in one place so it always matches the current state.

Every part of the window reports here instead of writing into the status bar's labels:
- the caption run (``run_started``, ``photo_started``, ``photo_finished``, ``paused``, ``run_finished``)
  keeps one set of counters for the whole run, across pauses and resumes, and ends the run with a
  summary ("57 captioned, 6 failed");
- actions (approve, reject, search, write…) say their result with ``say``; a message that described a
  state which has ended (a search that was cleared, a queue that drained) is replaced, never left behind.

The view (``widgets.status.QueueStatus``) only displays what this model tells it.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Signal

from app.ui.plain import plain

USER_PAUSE_PREFIX = "paused by"  # "paused by you" (window), "paused by the user" (command line)


def is_user_pause(reason: str | None) -> bool:
    """A pause the person asked for (stays until they resume), as opposed to one the queue took
    itself because no server answered (that one ends on its own when a server is back)."""
    return bool(reason) and str(reason).lower().startswith(USER_PAUSE_PREFIX)


def is_unreachable_pause(reason: str | None) -> bool:
    """The queue paused itself because no server answered: that pause ends when one answers again.
    (A server that answers but cannot caption — no vision model — needs the person: no auto-resume.)"""
    text = str(reason or "").lower()
    return not is_user_pause(reason) and any(k in text for k in ("cannot reach", "not reachable", "unreachable",
                                                                 "is ollama running"))


def plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n:,} {word if n == 1 else (many or word + 's')}"


class StatusModel(QObject):
    """The queue's state and the last message; ``changed`` fires whenever either changes."""

    changed = Signal()

    def __init__(self, view: Any = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.view = view
        self.state = "idle"  # idle | running | paused
        self.paused_reason: str | None = None
        self.captioned = 0
        self.failed = 0
        self.total = 0
        self.current = ""
        self.tokens_per_s: float | None = None
        self.eta_seconds: float | None = None
        self.message = "Ready"
        self._search_message = False

    # -- messages ---------------------------------------------------------------------------
    def say(self, text: str, *, search: bool = False) -> None:
        """The result of something the person did (one line, plain words)."""
        self.message = plain(text)
        self._search_message = search
        self._render()

    def search_cleared(self) -> None:
        """The search box was emptied: a "N found" message no longer describes anything."""
        if self._search_message:
            self.say(self._idle_text())

    # -- the caption run --------------------------------------------------------------------
    @property
    def done(self) -> int:
        return self.captioned + self.failed

    def run_started(self, pending: int) -> None:
        """A run (re)starts with ``pending`` photos queued; a resumed run keeps its counters."""
        if self.state == "idle":
            self.captioned = self.failed = 0
        self.state = "running"
        self.paused_reason = None
        self.total = self.done + pending
        self._render()

    def queued_more(self, n: int) -> None:
        if self.state != "idle":
            self.total += n
            self._render()

    def photo_started(self, name: str) -> None:
        self.current = name
        self._render()

    def set_speed(self, tokens_per_s: float | None, eta_seconds: float | None = None) -> None:
        self.tokens_per_s = tokens_per_s
        self.eta_seconds = eta_seconds
        self._render()

    def photo_finished(self, ok: bool) -> None:
        if ok:
            self.captioned += 1
        else:
            self.failed += 1
        self.total = max(self.total, self.done)
        self.current = ""
        self._render()

    def paused(self, reason: str) -> None:
        self.state = "paused"
        self.paused_reason = reason
        self.current = ""
        self.tokens_per_s = None
        self.eta_seconds = None
        if is_user_pause(reason):
            self.message = "Captioning paused — Resume (Ctrl+Shift+P) to continue"
        elif is_unreachable_pause(reason):
            self.message = f"Captioning paused: {plain(reason).rstrip('.')}. It resumes by itself when the server answers."
        else:
            self.message = f"Captioning paused: {plain(reason).rstrip('.')}. Resume (Ctrl+Shift+P) once it is fixed."
        self._search_message = False
        self._render()

    def resumed(self, message: str = "Captioning resumed") -> None:
        self.paused_reason = None
        if self.state == "paused":
            self.state = "running"
        self.message = message
        self._search_message = False
        self._render()

    def run_finished(self, *, cancelled: int | None = None) -> None:
        """The queue drained (or was cancelled): say what the run did, and forget its counters."""
        if self.state == "paused" and cancelled is None:
            return  # still paused: the run is not over
        summary = self.summary()
        if cancelled is not None:
            summary = f"Cancelled {plural(cancelled, 'queued photo')}" + (f" ({summary})" if self.done else "")
        self.state = "idle"
        self.paused_reason = None
        self.current = ""
        self.tokens_per_s = None
        self.eta_seconds = None
        self.total = 0
        self.captioned = self.failed = 0
        if summary:
            self.message = summary
            self._search_message = False
        self._render()

    def summary(self) -> str:
        if not self.done:
            return ""
        text = f"{self.captioned:,} captioned"
        if self.failed:
            text += f", {self.failed:,} failed (see the log)"
        return text

    # -- view -------------------------------------------------------------------------------
    def _idle_text(self) -> str:
        return "Ready"

    def _render(self) -> None:
        v = self.view
        if v is not None:
            v.message.setText(self.message)
            if self.state == "idle":
                v.set_progress(0, 0)
            else:
                v.set_progress(self.done, max(self.total, self.done), paused=self.state == "paused")
            v.set_current(self.current if self.state == "running" else "")
            v.set_speed(self.tokens_per_s if self.state == "running" else None)
            v.set_eta(self.eta_seconds if self.state == "running" else None)
        self.changed.emit()
