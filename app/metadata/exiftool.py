"""One long-lived exiftool process (``-stay_open``), owned by one thread.

Why not PyExifTool's helper: it never returns when exiftool dies mid-call, and it deadlocks once
a call writes more than ~64 KiB to stderr (a full pipe). Here both pipes are drained by reader
threads, every call waits with a deadline (the watchdog kills and restarts a hung exiftool), the
exit status comes back through ``-echo4 ${status}``, and no argument may hold a raw CR/LF (values
must be escaped with :func:`app.metadata.escape.ec` and passed with ``-ec``).
"""

from __future__ import annotations

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
        self._owner: int | None = None
        self.restarts = 0

    # -- life cycle -------------------------------------------------------------------------
    def start(self) -> "ExifTool":
        if self._proc is not None and self._proc.poll() is None:
            return self
        args = [self.executable]
        if self.config and os.path.isfile(self.config):
            args += ["-config", self.config]
        args += ["-stay_open", "True", "-@", "-"]
        children.before_starting_exiftool()  # marks it as ours; clears one an earlier crash left
        try:
            self._proc = subprocess.Popen(  # ends with us, kill -9 included (Linux); no preexec_fn (see children)
                children.parent_death_argv() + args, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                stderr=subprocess.PIPE, bufsize=0,
            )
        except OSError as exc:
            raise ExifToolError(f"cannot start exiftool ({self.executable}): {exc}") from exc
        self._out = _Pipe(self._proc.stdout)
        self._err = _Pipe(self._proc.stderr)
        self._owner = threading.get_ident()
        return self

    def close(self) -> None:
        """Ask exiftool to finish (it completes the current command), then make sure it is gone."""
        proc = self._proc
        if proc is None:
            return
        self._proc = None
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
        for a in args:
            if any(c in a for c in "\r\n\0"):
                raise ValueError("refusing an exiftool argument that contains a line break or NUL")
        if not self.running:
            if self._proc is not None:
                self.restarts += 1
            self._proc = None
            self.start()
        if self._owner is not None and threading.get_ident() != self._owner:
            raise ExifToolError("ExifTool used from a thread that does not own it")
        assert self._proc is not None and self._proc.stdin is not None and self._out and self._err
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
        deadline = time.monotonic() + (timeout if timeout is not None else self.timeout)
        try:
            out = self._out.wait_for(f"{{ready{seq}}}\n".encode(), deadline)
            err = self._err.wait_for(f"=post{seq}\n".encode(), deadline) if out is not None else None
        except ExifToolError:
            self.kill()
            raise
        if out is None or err is None:
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


def parse_json(text: str) -> list[dict[str, Any]]:
    """exiftool ``-j`` output as dicts, numbers kept as their exact text ("1.50" stays "1.50")."""
    if not text.strip():
        return []
    try:
        data = json.loads(text, parse_float=str, parse_int=str)
    except ValueError as exc:
        raise ExifToolError(f"exiftool returned unreadable JSON: {exc}") from exc
    return data if isinstance(data, list) else []
