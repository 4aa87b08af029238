"""What one photo's write (or undo) came to, as the CLI, the window and ``write --json`` show it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from sqlite_utils import Database

DbCall = Callable[..., Any]


@dataclass
class WriteOutcome:
    """One photo's result (the ``write --json`` object).

    ``result`` says what the person can rely on: ``written`` (every description field the file has
    shows the caption), ``sidecar`` (only a sidecar could take it: ``note`` says what the file itself
    still shows), ``partial`` (written, but a field could not be changed: ``note`` names it),
    ``conflict`` (another app changed the file since our write: nothing written),
    ``error`` (nothing written, or written but not verified: see ``error``), ``skipped``.
    """

    path: str
    target: str | None  # file | sidecar | file+sidecar
    state: str  # the caption state afterwards
    error: str | None = None
    written: list[str] | None = None  # files actually written
    result: str | None = None
    note: str | None = None
    kept: list[dict[str, Any]] | None = None  # undo: fields another app changed since our write, left as they are

    def __post_init__(self) -> None:
        if self.result is None:
            self.result = "error" if self.error else ("written" if self.state == "written" else "skipped")

    def to_public(self) -> dict[str, Any]:
        out = {"path": self.path, "target": self.target, "state": self.state, "error": self.error,
               "result": self.result, "note": self.note}
        if self.kept is not None:
            out["kept"] = self.kept
        return out


def direct(db: Database) -> DbCall:
    """A ``dbcall`` for code that holds the connection on its own thread (the CLI)."""
    return lambda fn, *a, **k: fn(db, *a, **k)
