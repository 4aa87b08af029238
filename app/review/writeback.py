"""Writing approved captions into photos, journaled so every write can be undone.

For each photo: read the file (the truth), refuse to clobber a description somebody changed since we
last saw it (unless forced), journal the previous value of every tag we touch (``writes`` row,
``pending``), write + re-read + compare, then mark the journal ``done`` and the caption ``written``.

A crash or kill between "pending" and "done" leaves the photo with either its old or its new values
(exiftool writes a temp file and renames it); the next run finds the pending row, removes exiftool's
stale temp file, reuses the journaled ``before`` (so undo still restores the original) and finishes.

The pieces: ``write_one`` (one photo), ``write_batch`` (many, batched reads), ``fallback`` (no EXIF,
sidecar), ``journal`` (the ``writes`` table), ``undo``, ``outcome`` (the result).

DB access goes through ``dbcall(fn, *args)`` so the same code runs in the CLI (main thread holds the
connection) and in the app (``DbOwner.call``) while exiftool stays on its own thread.
"""

from __future__ import annotations

from typing import Any

from app.metadata.writer import MetadataWriter
from app.review.journal import journal_start as _journal_start  # noqa: F401  (kept for callers and tests)
from app.review.outcome import DbCall, WriteOutcome, direct
from app.review.undo import undo_photo
from app.review.group_db import payload_of as _payload  # noqa: F401
from app.review.write_batch import write_many, write_photo

__all__ = ["DbCall", "WriteOutcome", "WriterSession", "direct", "undo_photo", "write_many", "write_photo"]


class WriterSession:
    """A ``MetadataWriter`` with its own exiftool, started lazily on first use, on the calling thread."""

    def __init__(self, policy: Any, *, timeout: float = 120.0) -> None:
        from app.metadata.exiftool import ExifTool

        self._et: Any = None
        self._factory = lambda: ExifTool(timeout=timeout)
        self.policy = policy
        self._writer: MetadataWriter | None = None

    @property
    def writer(self) -> MetadataWriter:
        if self._writer is None:
            self._et = self._factory().start()
            self._writer = MetadataWriter(self._et, self.policy)
        return self._writer

    def close(self) -> None:
        if self._et is not None:
            self._et.close()
            self._et = None
            self._writer = None

    def __enter__(self) -> "WriterSession":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
