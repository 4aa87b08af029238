"""What the status bar says, kept in one place so it always matches the current state.

Every part of the window reports here instead of writing into the status bar's labels:
- the caption run (``run_started``, ``photo_started``, ``photo_finished``, ``photo_left``, ``paused``,
  ``run_finished``) keeps one set of counters for the whole run, across pauses and resumes, the set
  of photos being captioned right now (several at once with several hosts or requests in flight),
  and ends the run with a summary ("57 captioned, 6 failed");
- actions (approve, reject, search, write…) say their result with ``say``; a message that described a
  state which has ended (a search that was cleared, "Ready" once a run starts, a pause that is over)
  is replaced, never left behind.

What the bar shows about the queue is computed from that state on every change (``_render``), so
it cannot lag behind it. The view (``widgets.status.QueueStatus``) only displays it.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Signal

from app.ui.emoji_text import shown_name
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
    """ "1 photo", "2 photos", "1,204 photos" (English only: for the log and the command line; the
    window's texts are translated with their plural forms, ``tr("%Ln photo(s)", "", n)``)."""
    return f"{n:,} {word if n == 1 else (many or word + 's')}"


def idle_text() -> str:
    return QCoreApplication.translate("StatusModel", "Ready")


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
        self.running: dict[int, str] = {}  # photo id -> name, for the photos being captioned now
        self.tokens_per_s: float | None = None
        self.eta_seconds: float | None = None
        self.message = idle_text()
        self._kind = "state"  # what the message is: "state" (follows the queue) | "action" | "search" | "error"

    @property
    def current(self) -> str:
        """What the bar says is being captioned ("" when nothing is)."""
        names = list(self.running.values())
        if not names or self.state != "running":
            return ""
        if len(names) == 1:
            return names[-1]
        return self.tr("{name} and %Ln other(s)", "", len(names) - 1).format(name=names[-1])

    # -- messages ---------------------------------------------------------------------------
    def say(self, text: str, *, search: bool = False, error: bool = False) -> None:
        """The result of something the person did (one line, plain words); ``error``: something went
        wrong (a warning sign is drawn beside it)."""
        self.message = shown_name(plain(text))  # an emoji in a file name would be drawn as a box
        self._kind = "search" if search else ("error" if error else "action")
        self._render()

    def search_cleared(self) -> None:
        """The search box was emptied: a "N found" message no longer describes anything."""
        if self._kind == "search":
            self._state_message()
            self._render()

    def _state_message(self) -> None:
        """Let the message say the queue's state again (an action's result has been superseded)."""
        self._kind = "state"
        if self.state == "idle":
            self.message = idle_text()
        elif self.state == "running":
            self.message = ""  # the progress and the "Captioning NAME" beside it say it all
        else:
            self.message = self._pause_text(self.paused_reason)

    # -- the caption run --------------------------------------------------------------------
    @property
    def done(self) -> int:
        return self.captioned + self.failed

    def run_started(self, pending: int) -> None:
        """A run (re)starts with ``pending`` photos queued; a resumed run keeps its counters. A run the
        window already announced (with the photos it asked for) keeps that total: the pipeline starts
        before the intake has queued them, and counted none (the bar then vanished mid-run)."""
        fresh = self.state == "idle"
        if fresh:
            self.captioned = self.failed = 0
        was_paused = self.state == "paused"
        self.state = "running"
        self.paused_reason = None
        self.total = self.done + pending if fresh else max(self.total, self.done + pending)
        if self._kind == "state" or was_paused:  # "Ready" or "paused" no longer says what happens
            self._state_message()
        self._render()

    def queued_more(self, n: int) -> None:
        if self.state != "idle":
            self.total += n
            self._render()

    def photo_started(self, photo_id: int, name: str) -> None:
        self.running.pop(photo_id, None)
        self.running[photo_id] = name
        if self.state != "running":  # a photo is being captioned: the queue runs, whatever was said
            self.state = "running"
            self.paused_reason = None
            self._state_message()
        self._render()

    def photo_left(self, photo_id: int) -> None:
        """The photo went back to the queue (a retry) or was cancelled: not captioned, not failed."""
        if self.running.pop(photo_id, None) is not None:
            self._render()

    def set_speed(self, tokens_per_s: float | None, eta_seconds: float | None = None) -> None:
        self.tokens_per_s = tokens_per_s
        self.eta_seconds = eta_seconds
        self._render()

    def photo_finished(self, photo_id: int, ok: bool) -> None:
        if ok:
            self.captioned += 1
        else:
            self.failed += 1
        self.total = max(self.total, self.done)
        self.running.pop(photo_id, None)
        self._render()

    def _pause_text(self, reason: str | None) -> str:
        if is_user_pause(reason):
            return self.tr("Captioning paused: Resume (Ctrl+Shift+P) to continue")
        why = plain(reason).rstrip(".")
        if is_unreachable_pause(reason):
            return self.tr("Captioning paused: {reason}. It resumes by itself when the server answers.").format(
                reason=why)
        return self.tr("Captioning paused: {reason}. Resume (Ctrl+Shift+P) once it is fixed.").format(reason=why)

    def paused(self, reason: str) -> None:
        self.state = "paused"
        self.paused_reason = reason
        self.running.clear()
        self.tokens_per_s = None
        self.eta_seconds = None
        self._state_message()
        self._render()

    def resumed(self, message: str = "") -> None:
        self.paused_reason = None
        if self.state == "paused":
            self.state = "running"
        self.message = message or self.tr("Captioning resumed")
        self._kind = "action"
        self._render()

    def run_finished(self, *, cancelled: int | None = None) -> None:
        """The queue drained (or was cancelled): say what the run did, and forget its counters."""
        if self.state == "paused" and cancelled is None:
            return  # still paused: the run is not over
        summary = self.summary()
        if cancelled is not None:
            summary = (self.tr("Cancelled %Ln queued photo(s) ({summary})", "", cancelled).format(summary=summary)
                       if self.done else self.tr("Cancelled %Ln queued photo(s)", "", cancelled))
        self.state = "idle"
        self.paused_reason = None
        self.running.clear()
        self.tokens_per_s = None
        self.eta_seconds = None
        self.total = 0
        self.captioned = self.failed = 0
        if summary:
            self.message = summary
            self._kind = "action"
        elif self._kind == "state":  # e.g. a pause that is over
            self._state_message()
        self._render()

    def summary(self) -> str:
        if not self.done:
            return ""
        captioned = self.tr("%Ln captioned", "", self.captioned)
        if self.failed:
            return self.tr("{captioned}, %Ln failed (see the log)", "", self.failed).format(captioned=captioned)
        return captioned

    # -- view -------------------------------------------------------------------------------
    def _render(self) -> None:
        v = self.view
        if v is not None:
            v.message.setText(self.message)
            v.set_warning(self._kind == "error")
            if self.state == "idle":
                v.set_progress(0, 0)
            else:
                v.set_progress(self.done, max(self.total, self.done), paused=self.state == "paused")
            v.set_current(self.current, waiting=self.state == "running" and not self.running)
            v.set_speed(self.tokens_per_s if self.state == "running" else None)
            v.set_eta(self.eta_seconds if self.state == "running" else None)
        self.changed.emit()
