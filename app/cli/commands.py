"""Every ``albumwise`` command: its name, the module that builds its parser, and its one-line summary.

``albumwise --help`` lists the commands, and a mistyped command is told the valid ones, from this
table alone; a command's own parser (with its options and the imports of its module) is built only
when a command line names it. So ``--help`` costs what argparse costs, not what every command's
module costs. ``tests/cli/test_startup_imports.py`` checks that the table and the modules agree.

Only ``argparse`` and ``importlib`` are imported here (not even ``typing``), and the top-level parser's
help is laid out without ``shutil`` (see :class:`HelpFormatter`).
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Sequence

#: (command, module in ``app.cli``, summary), in the order ``--help`` lists them.
TABLE: tuple[tuple[str, str, str], ...] = (
    ("index", "index_cmds", "add folders to the library and scan them"),
    ("rescan", "index_cmds", "scan every library folder again (fast for unchanged files)"),
    ("purge-missing", "index_cmds", "forget photos whose files are gone (marked missing)"),
    ("list", "index_cmds", "list indexed photos"),
    ("status", "index_cmds", "photo counts per state"),
    ("doctor", "index_cmds", "check exiftool, the database, the thumbnail cache, ..."),
    ("thumbnails", "index_cmds", "make the missing thumbnails"),
    ("caption", "caption_cmds", "caption photos with a local vision model"),
    ("models", "caption_cmds", "list installed models (vision yes/no) or pull one"),
    ("ask", "caption_cmds", "ask a question about one photo (answer streamed)"),
    ("queue", "caption_cmds", "show or control the captioning queue"),
    ("approve", "review_cmds", "approve draft captions (and write them, unless --no-write)"),
    ("reject", "review_cmds", "reject draft captions"),
    ("edit", "review_cmds", "set a caption written by you (approved at once)"),
    ("write", "review_cmds", "write approved captions into the photos (or their sidecars)"),
    ("resolve", "review_cmds", "decide a conflict: keep your caption or take the text another app wrote"),
    ("history", "review_cmds", "show every version of a photo's caption and its writes"),
    ("undo", "review_cmds", "restore the metadata a photo had before its last write"),
    ("restore", "review_cmds", "make an earlier caption version current again (see `history`)"),
    ("export", "sheet_cmds", "export captions as CSV or JSON"),
    ("import", "sheet_cmds", "apply the edits made in an exported caption spreadsheet (CSV)"),
    ("group", "group_cmds", "bursts and duplicates: show, split, merge, pick the best frame, review"),
    ("search", "search_cmds", "find photos by words and by meaning"),
    ("embed", "search_cmds", "compute missing meaning vectors for captions"),
    ("context", "context_cmds", "what a folder's photos are about: event, place, people, notes, vocabulary"),
    ("gui", "gui_cmds", "open the Albumwise window (the default)"),
)
#: Which module registers each command.
COMMANDS: dict[str, str] = {name: module for name, module, _summary in TABLE}
#: The command modules, in the order their commands are listed.
MODULES: tuple[str, ...] = tuple(dict.fromkeys(COMMANDS.values()))


def load(module: str) -> Any:
    """The command module ``app.cli.<module>`` (it imports what its handlers need only when they run)."""
    return importlib.import_module(f"app.cli.{module}")


def terminal_width() -> int:
    """The width argparse lays help out for, as ``shutil.get_terminal_size`` gives it: ``$COLUMNS``,
    else the terminal's, else 80."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns > 0:
        return columns
    try:
        columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
    except (AttributeError, ValueError, OSError):  # no stdout, closed, or not a terminal
        return 80
    return columns or 80


class HelpFormatter(argparse.HelpFormatter):
    """argparse's help layout, told the terminal's width: argparse would import ``shutil`` to ask
    (and with it zlib, bz2 and lzma), 2 ms of every command line's start."""

    def __init__(self, prog: str, indent_increment: int = 2, max_help_position: int = 24, width: int | None = None,
                 **kwargs: Any) -> None:
        if width is None:
            width = terminal_width() - 2  # what argparse does with shutil's answer
        super().__init__(prog, indent_increment, max_help_position, width, **kwargs)


class LazyCommands(argparse._SubParsersAction):  # type: ignore[type-arg]
    """The ``COMMAND`` argument: every command is listed (name and summary) up front, and its parser
    is built by its module when the command line names it, just before argparse hands it the rest.

    A listed command not yet built is held as ``None`` in argparse's map of parsers, so the choices,
    the "invalid choice" message and the help text are argparse's own, from the same names in the
    same order as a parser built whole."""

    def list_commands(self, table: Sequence[tuple[str, str, str]]) -> None:
        for name, _module, summary in table:
            self._choices_actions.append(self._ChoicesPseudoAction(name, (), summary))
            self._name_parser_map[name] = None

    def add_parser(self, name: str, **kwargs: Any) -> argparse.ArgumentParser:
        """A module builds a listed command: its parser takes the listed place (its summary is listed)."""
        if name in self._name_parser_map and self._name_parser_map[name] is None:
            del self._name_parser_map[name]
            kwargs.pop("help", None)
        return super().add_parser(name, **kwargs)

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace, values: Any,
                 option_string: str | None = None) -> None:
        name = values[0]
        if name in self._name_parser_map and self._name_parser_map[name] is None:
            load(COMMANDS[name]).register(self)
        super().__call__(parser, namespace, values, option_string)
