"""One long-lived exiftool process (``-stay_open``), owned by one thread.

Why not PyExifTool's helper: it never returns when exiftool dies mid-call, and it deadlocks once
a call writes more than ~64 KiB to stderr (a full pipe). Here both pipes are drained by reader
threads, every call waits with a deadline (the watchdog kills and restarts a hung exiftool), the
exit status comes back through ``-echo4 ${status}``, and no argument may hold a raw CR/LF (values
must be escaped with :func:`app.metadata.escape.ec` and passed with ``-ec``).
"""

from __future__ import annotations

import collections
import json
import logging
import os
import shutil
import subprocess
import threading
import time
from dataclasses import dataclass
from typing import Any, Sequence

from app.core import children
from app.resources import resource_path

log = logging.getLogger(__name__)

CONFIG_NAME = "albumwise.exiftool.config"


class ExifToolError(Exception):
    """exiftool could not be started, died, or a call failed in a way that is not per-file."""


class ExifToolTimeout(ExifToolError):
    """A call took longer than its deadline; exiftool was killed and will be restarted."""


@dataclass(frozen=True)
class Result:
    """What one ``-execute`` gave back."""

    status: int
    stdout: str
    stderr: str

    @property
    def errors(self) -> list[str]:
        return [ln.strip() for ln in self.stderr.splitlines() if ln.strip().startswith("Error")]

    @property
    def warnings(self) -> list[str]:
        return [ln.strip() for ln in self.stderr.splitlines() if ln.strip().startswith("Warning")]


def find_exiftool() -> str | None:
    return os.environ.get("ALBUMWISE_EXIFTOOL") or shutil.which("exiftool")


def config_path() -> str:
    return str(resource_path(CONFIG_NAME))


class _Pipe:
    """Collects everything a pipe produces on a background thread (so it can never fill up)."""

    def __init__(self, stream: Any) -> None:
        self._buf = bytearray()
        self._cond = threading.Condition()
        self._eof = False
        self._thread = threading.Thread(target=self._pump, args=(stream,), daemon=True, name="exiftool-pipe")
        self._thread.start()

    def _pump(self, stream: Any) -> None:
        try:
            while True:
                chunk = stream.read1(65536) if hasattr(stream, "read1") else stream.read(65536)
                if not chunk:
                    break
                with self._cond:
                    self._buf += chunk
                    self._cond.notify_all()
        except (OSError, ValueError):
            pass
        finally:
            with self._cond:
                self._eof = True
                self._cond.notify_all()

    def wait_for(self, marker: bytes, deadline: float) -> bytes | None:
        """Return everything up to and including ``marker`` (removing it from the buffer).

        None when the deadline passed; raises ``ExifToolError`` on EOF without the marker.
        """
        with self._cond:
            while True:
                idx = self._buf.find(marker)
                if idx >= 0:
                    end = idx + len(marker)
                    data = bytes(self._buf[:end])
                    del self._buf[:end]
                    return data
                if self._eof:
                    raise ExifToolError("exiftool exited unexpectedly")
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return None
                self._cond.wait(min(remaining, 1.0))


class ExifTool:
    """A stay-open exiftool. Use from one thread only (the one that started it)."""

    def __init__(self, executable: str | None = None, *, timeout: float = 60.0, config: str | None = None) -> None:
        self.executable = executable or find_exiftool()
        if not self.executable:
            raise ExifToolError("exiftool is not installed (install libimage-exiftool-perl or exiftool)")
        self.timeout = timeout
        self.config = config if config is not None else config_path()
        self._proc: subprocess.Popen[bytes] | None = None
        self._out: _Pipe | None = None
        self._err: _Pipe | None = None
        self._seq = 0
        self._sent: collections.deque[int] = collections.deque()  # submitted, not yet collected
        self._owner: int | None = None
        self.restarts = 0
        self.pipe_bytes = 65536  # what exiftool's input pipe holds (commands sent ahead must fit)

    # -- life cycle -------------------------------------------------------------------------
    def start(self) -> "ExifTool":
        if self._proc is not None and self._proc.poll() is None:
            return self
        exe = shutil.which(self.executable)  # checked here: behind the launcher a bad path would only show later
        if exe is None:
            raise ExifToolError(f"cannot start exiftool ({self.executable}): no such program, or not executable")
        args = [exe]
        if self.config and os.path.isfile(self.config):
            args += ["-config", self.config]
        args += ["-stay_open", "True", "-@", "-"]
        children.before_starting_exiftool()  # marks it as ours; clears one an earlier crash left
        try:
            self._proc = subprocess.Popen(  # no preexec_fn: it can deadlock a threaded process (core.children)
                children.with_parent_death(args),  # ends with us, kill -9 included (Linux)
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, bufsize=0,
            )
        except OSError as exc:
            raise ExifToolError(f"cannot start exiftool ({self.executable}): {exc}") from exc
        self._out = _Pipe(self._proc.stdout)
        self._err = _Pipe(self._proc.stderr)
        self._owner = threading.get_ident()
        self.pipe_bytes = _widen_pipe(self._proc.stdin)
        return self

    def close(self) -> None:
        """Ask exiftool to finish (it completes the current command), then make sure it is gone."""
        proc = self._proc
        if proc is None:
            return
        self._proc = None
        self._sent.clear()
        try:
            if proc.poll() is None and proc.stdin:
                proc.stdin.write(b"-stay_open\nFalse\n")
                proc.stdin.flush()
                proc.stdin.close()
            proc.wait(timeout=10)
        except (OSError, ValueError, subprocess.TimeoutExpired):
            proc.kill()
            proc.wait()

    def kill(self) -> None:
        """The watchdog's hammer: kill exiftool now; the next call starts a fresh one."""
        proc = self._proc
        self._proc = None
        self._sent.clear()
        if proc is not None and proc.poll() is None:
            proc.kill()
            proc.wait()

    @property
    def running(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    @property
    def pid(self) -> int | None:
        return self._proc.pid if self._proc is not None else None

    def __enter__(self) -> "ExifTool":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- calls ------------------------------------------------------------------------------
    def execute(self, *args: str, timeout: float | None = None) -> Result:
        """Run one exiftool command; returns status, stdout and stderr (never raises on status != 0).

        Raises ``ValueError`` for an argument holding CR/LF/NUL (it would become several arguments),
        ``ExifToolTimeout`` when the watchdog fired, ``ExifToolError`` when exiftool died.
        """
        if self._sent:
            raise ExifToolError("collect the submitted commands before running another one")
        return self.collect(self.submit(*args), timeout=timeout)

    def submit(self, *args: str) -> int:
        """Send one command without waiting for it (exiftool runs commands in the order sent);
        :meth:`collect` its result later, in the same order. Lets the caller prepare the next write
        while exiftool works, as one long stream of commands would. Same argument rules as ``execute``."""
        for a in args:
            if any(c in a for c in "\r\n\0"):
                raise ValueError("refusing an exiftool argument that contains a line break or NUL")
        if not self.running:
            if self._proc is not None:
                self.restarts += 1
            self._proc = None
            self._sent.clear()
            self.start()
        if self._owner is not None and threading.get_ident() != self._owner:
            raise ExifToolError("ExifTool used from a thread that does not own it")
        assert self._proc is not None and self._proc.stdin is not None
        self._seq += 1
        seq = self._seq
        lines = [*args, "-echo4", f"=${{status}}=post{seq}", f"-execute{seq}"]
        payload = ("\n".join(lines) + "\n").encode("utf-8", "surrogateescape")
        try:
            self._proc.stdin.write(payload)
            self._proc.stdin.flush()
        except (BrokenPipeError, OSError) as exc:
            self.kill()
            raise ExifToolError(f"exiftool stopped accepting commands: {exc}") from exc
        self._sent.append(seq)
        return seq

    @property
    def outstanding(self) -> int:
        """Commands submitted and not yet collected."""
        return len(self._sent)

    def collect(self, seq: int, *, timeout: float | None = None) -> Result:
        """The result of the oldest submitted command, which must be ``seq``. The deadline counts from
        now (the commands before it are done by then). On a timeout or a dead exiftool every command
        still outstanding is lost: exiftool is killed and the error raised."""
        if seq not in self._sent:
            raise ExifToolError("exiftool stopped before it ran this command (it was restarted)")
        if self._sent[0] != seq:
            raise ExifToolError("exiftool results must be collected in the order the commands were sent")
        if self._owner is not None and threading.get_ident() != self._owner:
            raise ExifToolError("ExifTool used from a thread that does not own it")
        self._sent.popleft()
        if self._proc is None or self._out is None or self._err is None:
            self._sent.clear()
            raise ExifToolError("exiftool exited unexpectedly")
        deadline = time.monotonic() + (timeout if timeout is not None else self.timeout)
        try:
            out = self._out.wait_for(f"{{ready{seq}}}\n".encode(), deadline)
            err = self._err.wait_for(f"=post{seq}\n".encode(), deadline) if out is not None else None
        except ExifToolError:
            self._sent.clear()
            self.kill()
            raise
        if out is None or err is None:
            self._sent.clear()
            self.kill()
            self.restarts += 1
            raise ExifToolTimeout(f"exiftool did not answer within {timeout or self.timeout:.0f} s (restarted)")
        stdout = out[: -len(f"{{ready{seq}}}\n")].decode("utf-8", "replace")
        err_text = err.decode("utf-8", "replace")
        head, _, _ = err_text.rpartition(f"=post{seq}\n")
        # head ends with "=STATUS"; the status line is the last "=" segment.
        body, _, status_text = head.rpartition("=")
        try:
            status = int(status_text.strip())
        except ValueError:
            status = 1
        body = body[:-1] if body.endswith("\n") else body
        return Result(status=status, stdout=stdout, stderr=body)

    def read_json(self, paths: Sequence[str], tags: Sequence[str] = (), *, extra: Sequence[str] = ()) -> Result:
        """``-j`` read; parse ``result.stdout`` with :func:`parse_json`."""
        return self.execute("-j", "-G1", *extra, *(f"-{t}" for t in tags), *paths)


def _widen_pipe(stream: Any) -> int:
    """Let exiftool's input pipe hold 1 MiB (Linux), so a stream of write commands sent ahead never blocks
    the sender; returns the pipe's size (64 KiB where it cannot be changed)."""
    try:
        import fcntl  # noqa: PLC0415 - not on Windows

        return int(fcntl.fcntl(stream.fileno(), 1031, 1 << 20))  # F_SETPIPE_SZ
    except (ImportError, OSError, ValueError, AttributeError):
        return 65536


def parse_json(text: str) -> list[dict[str, Any]]:
    """exiftool ``-j`` output as dicts, numbers kept as their exact text ("1.50" stays "1.50")."""
    if not text.strip():
        return []
    try:
        data = json.loads(text, parse_float=str, parse_int=str)
    except ValueError as exc:
        raise ExifToolError(f"exiftool returned unreadable JSON: {exc}") from exc
    return data if isinstance(data, list) else []
