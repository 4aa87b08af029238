"""Helpers shared by the command modules: opening the library, output, progress bars, errors."""

from __future__ import annotations

import os
import shutil
import sys
import time
from contextlib import contextmanager
from typing import Any, Iterator

from app.config import AppPaths, Settings, app_paths, load_settings
from app.core import terminal
from app.core.progress import Progress


class CliError(Exception):
    """A failure to report as one line; ``exit_code`` 1 for failures, 2 for usage errors."""

    def __init__(self, message: str, exit_code: int = 1) -> None:
        super().__init__(message)
        self.exit_code = exit_code


def paths_for(args: Any) -> AppPaths:
    return app_paths(getattr(args, "db", None)).ensure()


def settings_for(args: Any) -> Settings:
    return load_settings(paths_for(args))


@contextmanager
def open_library(args: Any) -> Iterator[Any]:
    """Open the library database on this thread (the CLI's single writer)."""
    from app.store import db as dbmod  # a command's heavy imports happen when it runs

    paths = paths_for(args)
    try:
        database = dbmod.connect(paths.db_path)
    except dbmod.StoreError as exc:
        raise CliError(str(exc)) from exc
    try:
        yield database
    finally:
        from app.search import ranking  # noqa: PLC0415 - only once the command is done

        ranking.maintain(database)  # search's ranking lists: fold in what this command changed
        database.conn.close()


@contextmanager
def open_to_read(args: Any) -> Iterator[Any]:
    """Open the library for a command that only reads (``search``, ``list``): a plain read-only connection,
    without sqlite-utils and the migrations (``app.store.reader``); the writer's connection, as
    ``open_library``, when the library needs the writer first."""
    from app.store import reader  # noqa: PLC0415

    database = reader.open_reader(paths_for(args).db_path)
    if database is None:
        with open_library(args) as db:
            yield db
        return
    try:
        yield database
    finally:
        database.close()


def print_json(value: Any) -> None:
    sys.stdout.write(terminal.json_dumps(value) + "\n")  # valid JSON, no raw control characters
    sys.stdout.flush()


def print_result(args: Any, value: Any, text: str) -> None:
    """A command's result: ``value`` as JSON with ``--json``, else ``text`` for a person."""
    if getattr(args, "json", False):
        print_json(value)
    else:
        print(text)


class ProgressBar:
    """A one-line progress bar on stderr, drawn only on a terminal and at most ~10 times a second.

    One bar per task: the first phase with a total owns the bar until it is complete; progress of
    other phases meanwhile (e.g. the scanner's "saving" of each batch while "reading" goes on) is
    shown as a word beside that bar, never as a second bar with its own numbers.

    Used as ``with ProgressBar(label) as bar:`` the line is cleared however the task ends."""

    def __init__(self, label: str = "", *, enabled: bool | None = None) -> None:
        self.label = label
        self.enabled = sys.stderr.isatty() if enabled is None else enabled
        self._last = 0.0
        self._start = time.monotonic()
        self.extra = ""
        self._main: Progress | None = None

    def __call__(self, p: Progress) -> None:
        if not self.enabled:
            return
        main = self._main
        aside = ""
        if p.total is not None and (main is None or main.phase == p.phase or main.done >= (main.total or 0)):
            self._main = p
        elif main is not None:  # another phase while the task's bar runs: the same bar, the phase named
            aside = f" ({p.phase})"
            p = Progress(main.phase, main.done, main.total, p.current or main.current)
        now = time.monotonic()
        if now - self._last < 0.1 and not (p.total and p.done >= p.total):
            return
        self._last = now
        width = shutil.get_terminal_size((80, 20)).columns
        elapsed = now - self._start
        if p.total:
            frac = min(1.0, p.done / p.total)
            bar_w = 24
            filled = int(frac * bar_w)
            eta = ""
            if p.done and frac < 1:
                eta = f" ETA {_fmt_secs(elapsed / p.done * (p.total - p.done))}"
            line = f"{self.label or p.phase} [{'#' * filled}{'.' * (bar_w - filled)}] {p.done}/{p.total}{eta}"
        else:
            line = f"{self.label or p.phase} {p.done}"
        line += aside
        if self.extra:
            line += f" {self.extra}"
        if p.current:
            line += f"  {os.path.basename(p.current)}"
        sys.stderr.write("\r" + line[: width - 1].ljust(width - 1))
        sys.stderr.flush()

    def __enter__(self) -> ProgressBar:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.finish()

    def finish(self) -> None:
        if self.enabled:
            sys.stderr.write("\r" + " " * (shutil.get_terminal_size((80, 20)).columns - 1) + "\r")
            sys.stderr.flush()


def _fmt_secs(s: float) -> str:
    s = int(s)
    if s >= 3600:
        return f"{s // 3600}h{(s % 3600) // 60:02d}m"
    if s >= 60:
        return f"{s // 60}m{s % 60:02d}s"
    return f"{s}s"
