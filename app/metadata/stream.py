"""Many writes as one stream of exiftool commands: the next command is already waiting in exiftool's
input while it works on the current one, as in a bare batch, so its time is not spent waiting for us.

Each write is still its own exiftool command (own arguments, own status and messages, checked on its
own by :meth:`MetadataWriter.complete`, retried on its own). The stream only sends the *first*
command of each write ahead; retries, follow-ups and checks run afterwards, one by one, once every
streamed result has been read (a result is read in the order sent; nothing else may run in between).

Not streamed (written afterwards, in order, as before): a path already in the stream (a photo and a
symlink to it: the second write must see the first), and names too long for exiftool's temporary
file (they need a short hard link first).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Iterator

from app.metadata.exiftool import ExifToolError, Result
from app.metadata.plans import PreparedWrite, WriteError
from app.metadata.writer import Attempt, MetadataWriter, _name_too_long


def window(writer: MetadataWriter) -> int:
    """Bytes of commands in exiftool's input pipe at most: writing more than the pipe holds would block
    until exiftool reads it, and the sending thread has other work meanwhile."""
    return max(16 * 1024, getattr(writer.et, "pipe_bytes", 65536) * 3 // 4)


@dataclass
class Streamed:
    """One write of the stream: begun (``attempt``), or failed before exiftool saw it (``error``);
    ``result`` is what its streamed command gave, None when it did not run (run it now). A ``deferred``
    write was not begun at all: apply it in order, after those before it."""

    plan: PreparedWrite
    attempt: Attempt | None = None
    error: WriteError | None = None
    result: Result | ExifToolError | None = None
    deferred: bool = False


@dataclass
class WriteStream:
    """``start`` begins every write and sends what fits in the window; ``drain`` reads every result
    (sending the rest as room frees up) and returns the writes in their order."""

    writer: MetadataWriter
    items: list[Streamed] = field(default_factory=list)
    _queue: list[tuple[Streamed, list[str]]] = field(default_factory=list)
    _sent: list[tuple[Streamed, int, int]] = field(default_factory=list)  # (item, seq, bytes)

    @classmethod
    def start(cls, writer: MetadataWriter, plans: list[PreparedWrite]) -> "WriteStream":
        stream = cls(writer)
        seen: set[str] = set()
        for plan in plans:
            item = Streamed(plan)
            stream.items.append(item)
            if plan.path in seen or _name_too_long(plan.path):
                item.deferred = True  # begun and written later, in order, when the writes before it are done
                continue
            try:
                item.attempt = writer.begin(plan)
            except WriteError as exc:
                item.error = exc
                continue
            seen.add(plan.path)
            stream._queue.append((item, [*plan.args, plan.path]))
            stream._fill()  # exiftool starts on the first command while the others are begun
        return stream

    @property
    def pending(self) -> int:
        """Commands sent and not yet read."""
        return len(self._sent)

    def _fill(self) -> None:
        et = self.writer.et
        limit = window(self.writer)
        while self._queue:
            item, args = self._queue[0]
            size = sum(len(a.encode("utf-8", "surrogateescape")) + 1 for a in args) + 64
            if self._sent and sum(n for _, _, n in self._sent) + size > limit:
                return
            self._queue.pop(0)
            try:
                seq = et.submit(*args)
            except ExifToolError as exc:
                item.result = exc
                continue
            except ValueError:
                continue  # run on its own later, where the refusal is reported as always
            self._sent.append((item, seq, size))

    def drain(self) -> list[Streamed]:
        """Read every streamed result. When exiftool dies or hangs, the write it was on gets that error;
        those sent after it were lost with it and are run again afterwards (not streamed)."""
        et = self.writer.et
        while self._sent:
            item, seq, _ = self._sent.pop(0)
            try:
                item.result = et.collect(seq)
            except ExifToolError as exc:
                item.result = exc
                for lost, _, _ in self._sent:
                    lost.result = None
                self._sent = []
                self._queue = []  # those not sent yet are run afterwards too
                break
            self._fill()
        return self.items

    def abandon(self) -> None:
        """The caller gave up between sending and reading: read what was sent (exiftool must be idle for
        the next call) and remove the safety links of writes nobody will complete. Their journal rows
        stay pending, as after a crash (``journal.recover``)."""
        try:
            self.drain()
        finally:
            for item in self.items:
                if item.attempt is not None and item.attempt.backup and os.path.lexists(item.attempt.backup):
                    try:
                        os.unlink(item.attempt.backup)
                    except OSError:
                        pass

    def __iter__(self) -> Iterator[Streamed]:
        return iter(self.items)
